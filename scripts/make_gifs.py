"""Draw every picture the README shows into gifs/, from the built-in samples.

Run from anywhere: ``python scripts/make_gifs.py`` (after ``pip install -e .``). The
pictures are the project's own drawing, so they are remade whenever the look changes
and never drift from it; the same code and samples give byte-identical files.

* ``show_meta.svg``: the static figure at the top of the README.
* ``show_meta.gif``: the seed README's first example (width 600, meta, GRU and LSTM).
* ``no_meta_and_rotated.gif``: its second example (no meta, rotated LSTM/GRU titles).
* ``sub_word_tokenized.gif``: WordPiece pieces with format tokens for the spaces.
* ``signed_legend.svg``: the README's signed-scores example (diverging map, legend).
* ``small_multiples.svg``: three chosen highlights side by side (``index=[...]``, ``columns=``).
* ``dark_theme.svg``: the first example in the dark theme, on GitHub's dark page colour.
"""
from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from textualheatmap import TextualHeatmap, from_subwords
from textualheatmap.samples import load_sample
from textualheatmap.formats.writers import WRITERS

GIFS_DIR = Path(__file__).resolve().parent.parent / "gifs"
# The README's signed-scores example: word pieces and one attribution score per piece.
SIGNED_PIECES = ["[CLS]", "the", "film", "was", "not", "bad", "at", "all", ",", "it", "was",
                 "sur", "##prising", "##ly", "good", "[SEP]"]
SIGNED_SCORES = [0, 0.1, 0.3, -0.2, -0.9, 0.6, 0.2, 0.1, 0, 0.05, -0.1, 0.4, 0.3, 0.2, 0.95, 0]


@dataclass(frozen=True)
class Picture:
    name: str
    sample: str
    settings: dict[str, Any] = field(default_factory=dict)  # overrides the sample's
    reverse_facets: bool = False
    duration: int = 100  # milliseconds per highlight
    panels: tuple[int, ...] = ()  # small multiples: these highlights, side by side
    columns: int | None = None


PICTURES = (
    Picture("show_meta.svg", "characters",
            {"width": 600, "show_meta": True, "facet_titles": ["GRU", "LSTM"]}),
    Picture("show_meta.gif", "characters",
            {"width": 600, "show_meta": True, "facet_titles": ["GRU", "LSTM"]}),
    # The seed's second example swaps the titles; the facets are swapped with them so
    # that each title still names the model whose scores it shows.
    Picture("no_meta_and_rotated.gif", "characters",
            {"show_meta": False, "facet_titles": ["LSTM", "GRU"], "rotate_facet_titles": True},
            reverse_facets=True),
    Picture("sub_word_tokenized.gif", "subwords", {"width": 600, "show_meta": True},
            duration=400),
    Picture("signed_legend.svg", "signed",
            {"facet_titles": ["IG"], "colormap": "RdBu", "center": 0, "legend": True,
             "readable_text": True}),
    # The ends of "began", "subject" and "written": how far back each model still looks.
    Picture("small_multiples.svg", "characters",
            {"width": 420, "show_meta": False, "facet_titles": ["GRU", "LSTM"], "font_size": 10},
            panels=(117, 158, 208), columns=3),
    Picture("dark_theme.svg", "characters",
            {"width": 600, "show_meta": True, "facet_titles": ["GRU", "LSTM"], "theme": "dark",
             "background": "#0d1117"}),
)


def figure_of(picture: Picture) -> tuple[TextualHeatmap, int | None]:
    """The picture's figure and the sample's highlight (the static frame)."""
    if picture.sample == "signed":
        figure = TextualHeatmap(**picture.settings)
        figure.set_data([from_subwords(SIGNED_PIECES, SIGNED_SCORES, merge="sum")])
        return figure, None
    sample = load_sample(picture.sample)
    data = sample["data"][::-1] if picture.reverse_facets else sample["data"]
    figure = TextualHeatmap(**{**sample["settings"], **picture.settings})
    figure.set_data(data)
    return figure, sample["highlight"]


def draw(picture: Picture, out_dir: Path, max_frames: int | None = None) -> Path:
    figure, highlight = figure_of(picture)
    path = out_dir / picture.name
    if path.suffix == ".gif":
        count = figure.token_count if max_frames is None else min(max_frames, figure.token_count)
        figure.save(path, frames=range(count), duration=picture.duration)
    elif picture.panels:
        figure.save(path, index=list(picture.panels), columns=picture.columns)
    else:
        figure.save(path, index=highlight)
    return path


def main(out_dir: Path = GIFS_DIR, max_frames: int | None = None) -> list[Path]:
    """Write every picture into ``out_dir``; ``max_frames`` shortens the animations."""
    missing = sorted({Path(p.name).suffix for p in PICTURES} - set(WRITERS))
    if missing:
        raise SystemExit(f"make_gifs: this textualheatmap cannot write {', '.join(missing)} yet")
    out_dir.mkdir(parents=True, exist_ok=True)
    return [draw(picture, out_dir, max_frames) for picture in PICTURES]


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out-dir", type=Path, default=GIFS_DIR, help="default: the repository's gifs/")
    parser.add_argument("--max-frames", type=int, help="shorten the animations (for quick looks)")
    arguments = parser.parse_args()
    main(arguments.out_dir, arguments.max_frames)
