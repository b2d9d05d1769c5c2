"""Hash every output of every format for a fixed set of figures: a refactoring's witness.

``python scripts/output_hashes.py --write HASHES.json`` records the SHA-256 of each output;
``python scripts/output_hashes.py --check HASHES.json`` draws them again and lists every
output whose bytes differ. Only the public API is used (``TextualHeatmap``, ``save`` to a
stream, ``from_subwords``, the built-in samples), so the same script runs on both sides of
a change to the package's insides. Hashes depend on the installed fonts (fallback glyphs)
and on the versions of cairo and Pillow: compare on one machine.
"""
from __future__ import annotations

import argparse
import hashlib
import io
import json
import sys
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from sample_data import char_data  # noqa: E402

from textualheatmap import TextualHeatmap, from_subwords  # noqa: E402
from textualheatmap.samples import load_sample  # noqa: E402

Figure = Callable[[], TextualHeatmap]


def _sample(name: str, **overrides: Any) -> Figure:
    def build() -> TextualHeatmap:
        sample = load_sample(name)
        figure = TextualHeatmap(**{**sample["settings"], **overrides})
        figure.set_data(sample["data"])
        figure.highlight(sample["highlight"])
        return figure
    return build


def _chars(**settings: Any) -> Figure:
    def build() -> TextualHeatmap:
        figure = TextualHeatmap(**settings)
        figure.set_data(char_data(facets=len(settings.get("facet_titles", ["Heatmap"])),
                                  meta=settings.get("show_meta", False)))
        figure.highlight(40)
        return figure
    return build


def _signed() -> TextualHeatmap:
    pieces = ["[CLS]", "the", "film", "was", "not", "bad", "at", "all", ",", "it", "was",
              "sur", "##prising", "##ly", "good", "[SEP]"]
    scores = [0, 0.1, 0.3, -0.2, -0.9, 0.6, 0.2, 0.1, 0, 0.05, -0.1, 0.4, 0.3, 0.2, 0.95, 0]
    figure = TextualHeatmap(facet_titles=["IG"], colormap="RdBu", center=0, legend=True,
                            readable_text=True)
    figure.set_data([from_subwords(pieces, scores, merge="sum")])
    return figure


def _unicode() -> TextualHeatmap:
    texts = ["caf\u00e9 ", "\u4e2d\u6587 ", "\tx\ny ", "\x00\ud800 ", "<&>\"' ", "na\u00efve"]
    figure = TextualHeatmap(show_meta=True, facet_titles=["<b>T&itle</b>"], colormap="magma",
                            legend=True)
    figure.set_data([[{"token": t, "meta": [t, "m<&>"], "heat": [0.1 * (j + 1) for j in range(i + 1)]}
                      for i, t in enumerate(texts)]])
    figure.highlight(3)
    return figure


def _wide_palette() -> TextualHeatmap:
    rng = np.random.default_rng(7)
    figure = TextualHeatmap(facet_titles=["A", "B"], colormap="viridis", readable_text=True,
                            width=420)
    figure.set_data([[{"token": f"w{i} ", "heat": rng.random(30).round(3).tolist()} for i in range(30)]
                     for _ in range(2)])
    figure.highlight(11)
    return figure


FIGURES: dict[str, Figure] = {
    "characters": _sample("characters"),
    "characters-rotated": _sample("characters", show_meta=False, rotate_facet_titles=True),
    "subwords": _sample("subwords"),
    "chars-default": _chars(),
    "chars-meta-narrow": _chars(show_meta=True, facet_titles=["GRU", "LSTM"], width=300),
    "chars-blues-legend": _chars(colormap="Blues", legend=True, readable_text=True),
    "signed": _signed,
    "unicode": _unicode,
    "wide-palette": _wide_palette,
}
# (extension, save options) per output; index=None is the figure's current highlight.
OUTPUTS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("svg", {}), ("svg", {"index": 0}), ("svg", {"index": 5}),
    ("png", {}), ("png", {"index": 5, "scale": 2}),
    ("pdf", {}), ("pdf", {"index": 5}),
    ("gif", {}), ("gif", {"frames": [0, 3, 5, 3], "duration": 80, "loop": 2, "scale": 1.5}),
    ("gif", {"frames": [1, 2, 4], "tolerance": 0}),
    ("html", {}), ("html", {"interactive": False}), ("html", {"index": 2}),
    ("tex", {}), ("tex", {"index": 5, "unicode": True}),
)


def outputs() -> Iterator[tuple[str, bytes]]:
    """(name, bytes) of every output of every figure."""
    for name, build in FIGURES.items():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            figure = build()
            for extension, options in OUTPUTS:
                out = io.BytesIO()
                figure.save(out, format=extension, **options)
                label = ",".join(f"{k}={v}" for k, v in options.items()) or "default"
                yield f"{name}.{extension}[{label}]", out.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", metavar="JSON", help="record the hashes in this file")
    mode.add_argument("--check", metavar="JSON", help="compare with the hashes in this file")
    args = parser.parse_args()
    hashes = {name: hashlib.sha256(data).hexdigest() for name, data in outputs()}
    if args.write:
        Path(args.write).write_text(json.dumps(hashes, indent=1, sort_keys=True) + "\n")
        print(f"{len(hashes)} outputs hashed into {args.write}")
        return 0
    recorded = json.loads(Path(args.check).read_text())
    differ = sorted(name for name in recorded if hashes.get(name) != recorded[name])
    new = sorted(set(hashes) - set(recorded))
    for name in differ:
        print(f"differs: {name}")
    for name in new:
        print(f"not recorded: {name}")
    print(f"{len(recorded) - len(differ)} of {len(recorded)} outputs identical")
    return 1 if differ or new else 0


if __name__ == "__main__":
    sys.exit(main())
