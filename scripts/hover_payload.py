"""How big and how slow the interactive HTML is, beside the obvious ways to embed it.

For character-level figures of two facets with meta (tests/sample_data.py), prints the
bytes of the hover data against the heat as JSON floats and against one SVG per frame,
and the time to build the HTML against the time to draw one SVG. Run from the
repository's top folder:

    python scripts/hover_payload.py
"""
from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from sample_data import TEXT, char_data  # noqa: E402

from textualheatmap import TextualHeatmap  # noqa: E402
from textualheatmap.formats.html import figure_html  # noqa: E402


def seconds(action: object) -> float:
    start = time.perf_counter()
    action()  # type: ignore[operator]
    return time.perf_counter() - start


def main() -> None:
    print(f"{'tokens':>6} {'hover data':>11} {'heat JSON':>10} {'SVG/frame':>11} "
          f"{'HTML s':>7} {'1 SVG s':>7}")
    for count in (200, 600, 1000):
        text = (TEXT * (count // len(TEXT) + 1))[:count]
        data = char_data(text)
        figure = TextualHeatmap(show_meta=True, facet_titles=["GRU", "LSTM"])
        figure.set_data(data)
        figure.highlight(count // 2)
        figure.to_svg()  # layout and fonts once, outside the timings
        html_s = seconds(lambda: figure_html(figure.scene))
        svg_s = seconds(figure.to_svg)
        page = figure_html(figure.scene)
        payload = re.search(r'class="thm-data">(.*?)</script>', page, re.S).group(1)  # type: ignore[union-attr]
        floats = json.dumps([[token["heat"] for token in facet] for facet in data])
        # Every frame as its own SVG: estimated from three frames' sizes.
        per_frame = sum(len(figure.to_svg(k)) for k in (0, count // 2, count - 1)) / 3 * count
        print(f"{count:>6} {len(payload):>11,} {len(floats):>10,} {int(per_frame):>11,} "
              f"{html_s:>7.3f} {svg_s:>7.3f}")


if __name__ == "__main__":
    main()
