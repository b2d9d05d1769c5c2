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
* ``offsets_code.svg``: code cut at a tokenizer's offsets (``from_offsets``): the exact
  text, its newline and indentation pieces coloured with their scores.
* ``translation.svg``: a translation's target x source attributions (``from_seq2seq``)
  at the frame of the target word "black".
* ``generation.gif``: a generation as it happened (``from_generation``).

The model outputs of the last three are written out here (no model runs): pieces as a
tokenizer spells them and attributions shaped like a real model's.
"""
from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from textualheatmap import TextualHeatmap, from_generation, from_offsets, from_seq2seq, from_subwords
from textualheatmap.samples import load_sample
from textualheatmap.formats.writers import WRITERS

GIFS_DIR = Path(__file__).resolve().parent.parent / "gifs"
# The README's signed-scores example: word pieces and one attribution score per piece.
SIGNED_PIECES = ["[CLS]", "the", "film", "was", "not", "bad", "at", "all", ",", "it", "was",
                 "sur", "##prising", "##ly", "good", "[SEP]"]
SIGNED_SCORES = [0, 0.1, 0.3, -0.2, -0.9, 0.6, 0.2, 0.1, 0, 0.05, -0.1, 0.4, 0.3, 0.2, 0.95, 0]

# from_offsets: a code snippet, a tokenizer's (start, end) per piece and one score each.
CODE = "for x in xs:\n\tif x:\n\t\tprint(x)\n"
CODE_OFFSETS = [(0, 3), (3, 5), (5, 8), (8, 11), (11, 12), (12, 13), (13, 14), (14, 16), (16, 18),
                (18, 19), (19, 20), (20, 22), (22, 27), (27, 28), (28, 29), (29, 30), (30, 31)]
CODE_SCORES = [0.2, 0.5, 0.1, 0.6, 0.3, 0.7, 0.4, 0.3, 0.8, 0.2, 0.6, 0.9, 0.5, 0.1, 0.7, 0.2, 0.3]

# from_seq2seq: a French source, its English translation; target word i attends mostly
# to the source word ALIGNMENT[i] ("black" to "noir", before "chat": word order differs).
SOURCE = ["▁Le", "▁chat", "▁noir", "▁dort", "▁sur", "▁le", "▁canapé", ".", "</s>"]
TARGET = ["▁The", "▁black", "▁cat", "▁sleeps", "▁on", "▁the", "▁sofa", ".", "</s>"]
ALIGNMENT = [0, 2, 1, 3, 4, 5, 6, 7, 8]

# from_generation: a prompt, the pieces a byte-level model generated after it (GPT-2's
# spelling: Ġ a space, Ċ a newline), the pieces each step drew on, its top guesses.
PROMPT = ["def", "Ġadd", "(", "a", ",", "Ġb", "):", "Ċ"]
GENERATED = ["ĠĠĠ", "Ġreturn", "Ġa", "Ġ+", "Ġb", "Ċ"]
DRAWN_ON = [(6, 7), (0, 6, 8), (1, 3), (1, 9, 10), (5, 11), (12, 6)]
CANDIDATES = [[("    ", 0.91), ("  ", 0.06)], [("return", 0.72), ("s", 0.11), ("if", 0.05)],
              [("a", 0.81), ("b", 0.09)], [("+", 0.88), ("*", 0.04)], [("b", 0.95), ("1", 0.02)],
              [("\n", 0.83), (" #", 0.06)]]


def translation_attributions() -> tuple[np.ndarray, np.ndarray]:
    """Target x source: most on the aligned word, some on its neighbours; target x target:
    what came before, the last word most."""
    n, m = len(TARGET), len(SOURCE)
    source = np.full((n, m), 0.02)
    for i, j in enumerate(ALIGNMENT):
        source[i, j] = 0.8
        source[i, max(j - 1, 0)] += 0.1
    target = np.zeros((n, n))
    for i in range(1, n):
        target[i, :i] = 0.3 / i
        target[i, i - 1] += 0.4
    return source / source.sum(axis=1, keepdims=True), target


def generation_attributions() -> list[np.ndarray]:
    """Row k: over the prompt and the k pieces generated before, most on what it drew on."""
    rows = []
    for k, drawn_on in enumerate(DRAWN_ON):
        row = np.full(len(PROMPT) + k, 0.03)
        row[list(drawn_on)] = 0.9 / len(drawn_on) + 0.3
        rows.append(row / row.max())
    return rows


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
    Picture("offsets_code.svg", "offsets", {"facet_titles": ["Saliency"], "width": 400}),
    Picture("translation.svg", "translation", {"facet_titles": ["Source", "Target"], "width": 520}),
    Picture("generation.gif", "generation",
            {"facet_titles": ["GPT"], "width": 520, "show_meta": True}, duration=700),
)

# The figures of model outputs and the frame each static picture shows.
MODEL_FIGURES = ("offsets", "translation", "generation")
STATIC_FRAME = {"translation": 1}


def figure_of(picture: Picture) -> tuple[TextualHeatmap, int | None]:
    """The picture's figure and the sample's highlight (the static frame)."""
    if picture.sample == "signed":
        figure = TextualHeatmap(**picture.settings)
        figure.set_data([from_subwords(SIGNED_PIECES, SIGNED_SCORES, merge="sum")])
        return figure, None
    if picture.sample in MODEL_FIGURES:
        figure = TextualHeatmap(**picture.settings)
        figure.set_data(model_data(picture.sample))
        return figure, STATIC_FRAME.get(picture.sample)
    sample = load_sample(picture.sample)
    data = sample["data"][::-1] if picture.reverse_facets else sample["data"]
    figure = TextualHeatmap(**{**sample["settings"], **picture.settings})
    figure.set_data(data)
    return figure, sample["highlight"]


def model_data(sample: str) -> Any:
    """The data of a figure of model outputs, by name."""
    if sample == "offsets":
        return [from_offsets(CODE, CODE_OFFSETS, scores=CODE_SCORES)]
    if sample == "translation":
        source, target = translation_attributions()
        return from_seq2seq(SOURCE, TARGET, source, target_attributions=target)
    return from_generation(PROMPT, GENERATED, generation_attributions(), candidates=CANDIDATES)


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
