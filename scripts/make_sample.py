"""Generate the built-in samples (textualheatmap/samples/*.json) from toy models.

Run from anywhere: ``python scripts/make_sample.py``. The output is deterministic: the
heat comes from closed-form attention patterns and an integer hash (no random state,
no floating-point noise that could differ between machines), rounded to 3 decimals.

* ``characters``: a character-level text, as in the original README's GRU/LSTM figure.
  Each facet is a toy next-word predictor: its meta are plausible completions of the
  word being typed, its heat says how much each earlier character is "remembered".
  The GRU-like facet forgets quickly; the LSTM-like one keeps earlier words, most of all
  the content words.
* ``subwords``: a WordPiece-tokenised text, as in the original README's BERT figure:
  pieces such as ``un`` ``##believ`` ``##able`` are drawn without their ``##`` marker and
  the spaces between words are format tokens, so the text reads normally while every
  piece keeps its own colour. Its meta are a masked language model's guesses for the
  word, its heat a toy self-attention: the piece's own word, nearby words, [CLS]/[SEP].
"""
from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

SAMPLES_DIR = Path(__file__).resolve().parent.parent / "textualheatmap" / "samples"

# --------------------------------------------------------------------------- characters

CHARACTER_TEXT = (
    "the network reads the text one character at a time. to guess the next word it "
    "must remember how the current word began, and a good model also keeps the subject "
    "of the sentence in mind long after it was written."
)

# Candidate words, most frequent first: the toy model ranks completions by this order.
VOCABULARY = (
    "the of and a to in it is was that for as with on be at by this had not are but from "
    "or have an they which one you were all we her she there would their will so when "
    "can more if no man out other about time up what some them could into than only "
    "new like also after first two been many over most made may then make should must "
    "years long much mind memory message meaning model market more members might more "
    "network next need never news night number reads read reached result remember "
    "remembered report research text than those through told thought guess great group "
    "good government go going word words work world way were where without written "
    "write ways current country could course character change children church case "
    "century began begin become better back best before being how house however high "
    "home keeps keep known king kind subject system since small something sentence "
    "several side shapes shape so past part people prediction present public point place "
    "power each early end even every east the time table take took tell order once one"
).split()
VOCABULARY = tuple(dict.fromkeys(VOCABULARY))  # first mention wins, duplicates dropped

# What follows a space: the model's favourite next words before it sees any letter.
NEXT_WORD_GUESSES = ("the", "of", "and", "a", "to", "in", "it", "is")


def _hash_unit(*numbers: int) -> float:
    """A fixed pseudo-random number in [0, 1) from integers (no RNG state, no floats)."""
    value = 2166136261
    for number in numbers:
        value = ((value ^ (number & 0xFFFFFFFF)) * 16777619) & 0xFFFFFFFF
    value ^= value >> 13
    value = (value * 0x5BD1E995) & 0xFFFFFFFF
    value ^= value >> 15
    return (value % 10007) / 10007


def _words(text: str) -> list[tuple[int, int]]:
    """(start, end) of every run of non-space characters."""
    spans, start = [], None
    for i, char in enumerate(text + " "):
        if char != " " and start is None:
            start = i
        elif char == " " and start is not None:
            spans.append((start, i))
            start = None
    return spans


def _word_of(spans: Sequence[tuple[int, int]], length: int) -> np.ndarray:
    """For every character the index of its word; a space belongs to the word before it."""
    owner = np.zeros(length, dtype=np.int64)
    for w, (start, _end) in enumerate(spans):
        owner[start:] = w
    return owner


def _character_meta(text: str, i: int, spans: Sequence[tuple[int, int]], owner: np.ndarray,
                    hunch: int) -> list[str]:
    """Three guesses for the word being typed at character ``i``.

    ``hunch`` is how many letters sooner this model puts the true word first.
    """
    word_index = int(owner[i])
    start, end = spans[word_index]
    if text[i] == " ":
        upcoming = _clean(text[slice(*spans[word_index + 1])]) if word_index + 1 < len(spans) else ""
        guesses = list(NEXT_WORD_GUESSES)
        # Now and then the model already has the right word in mind.
        if upcoming and _hash_unit(i, 7) < 0.3 * (1 + hunch) and upcoming not in guesses[:3]:
            guesses.insert(int(_hash_unit(i, 11 + hunch) * 3), upcoming)
        return _unique(guesses)[:3]
    prefix = _clean(text[start:i + 1])
    target = _clean(text[start:end])
    candidates = [word for word in VOCABULARY if word.startswith(prefix) and word != prefix]
    if prefix in VOCABULARY:
        candidates.insert(0, prefix)
    # The longer the prefix, the surer the model: the true word climbs to the top.
    if target and target.startswith(prefix):
        rank = max(0, 2 - hunch - (len(prefix) - 1))
        candidates = [word for word in candidates if word != target]
        candidates.insert(min(rank, len(candidates)), target)
    return _unique(candidates + list(NEXT_WORD_GUESSES))[:3]


def _clean(word: str) -> str:
    return "".join(char for char in word if char.isalpha())


def _unique(words: Sequence[str]) -> list[str]:
    return [word for word in dict.fromkeys(words) if word]


def _character_heat(text: str, i: int, owner: np.ndarray, memory: str) -> np.ndarray:
    """How much character ``i`` draws on each of the characters 0..i."""
    distance = i - np.arange(i + 1)
    word_distance = owner[i] - owner[: i + 1]
    noise = np.array([0.75 + 0.5 * _hash_unit(i, j, len(memory)) for j in range(i + 1)])
    if memory == "short":
        # GRU-like: the current word, fading fast; earlier words barely at all.
        heat = np.exp(-0.45 * distance) * np.where(word_distance == 0, 1.0, 0.3 * np.exp(-1.2 * word_distance))
    else:
        # LSTM-like: slower fading, and content words (5+ letters) stay in memory.
        spans = _words(text)
        salient = np.zeros(i + 1)
        for start, end in spans:
            if end - start >= 5 and start <= i:
                salient[start:min(end, i + 1)] = 1.0
        kept = np.exp(-0.35 * word_distance) * (0.25 + 0.45 * salient)
        kept = np.where(word_distance > 4 + 6 * salient, 0.0, kept)  # a memory, not a cache
        heat = np.where(word_distance == 0, np.exp(-0.22 * distance), kept * np.exp(-0.01 * distance))
    heat = heat * noise
    heat[heat < 0.02 * heat.max()] = 0.0  # what no colour step could show
    heat[-1] = max(heat[-1], heat.max())  # the character itself is always the brightest
    return heat / heat.max()


def _number(value: float) -> float | int:
    """Three decimals; whole numbers as ints, so zeros cost one character in the JSON."""
    rounded = round(float(value), 3)
    return int(rounded) if rounded == int(rounded) else rounded


def character_facet(text: str, memory: str, hunch: int) -> list[dict[str, Any]]:
    spans = _words(text)
    owner = _word_of(spans, len(text))
    facet = []
    for i, char in enumerate(text):
        heat = _character_heat(text, i, owner, memory)
        facet.append({"token": char, "meta": _character_meta(text, i, spans, owner, hunch),
                      "heat": [_number(value) for value in heat]})
    return facet


def character_sample() -> dict[str, Any]:
    return {
        "settings": {"width": 600, "show_meta": True, "facet_titles": ["GRU", "LSTM"]},
        "highlight": 157,
        "data": [character_facet(CHARACTER_TEXT, "short", hunch=0),
                 character_facet(CHARACTER_TEXT, "long", hunch=1)],
    }


# --------------------------------------------------------------------------- sub-words

# (pieces of one word, a masked language model's three guesses for that word)
SUBWORD_TEXT: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("[CLS]",), ()),
    (("the",), ("the", "a", "our")),
    (("story", "##tell", "##er"), ("author", "writer", "storyteller")),
    (("kept",), ("kept", "was", "started")),
    (("re", "##writing"), ("rewriting", "editing", "revising")),
    (("her",), ("her", "the", "his")),
    (("un", "##believ", "##able"), ("first", "unfinished", "unbelievable")),
    (("manus", "##cript"), ("novel", "manuscript", "book")),
    (("until",), ("until", "before", "when")),
    (("the",), ("the", "her", "two")),
    (("publish", "##ers"), ("publishers", "editors", "critics")),
    (("finally",), ("finally", "eventually", "had")),
    (("accepted",), ("accepted", "published", "rejected")),
    (("it",), ("it", "her", "them")),
    ((".",), (".", ";", "!")),
    (("[SEP]",), ()),
    (("nobody",), ("nobody", "no", "everyone")),
    (("expected",), ("expected", "thought", "wanted")),
    (("the",), ("the", "her", "this")),
    (("un", "##publish", "##able"), ("rough", "unpublishable", "old")),
    (("draft",), ("draft", "novel", "story")),
    (("to",), ("to", "would", "could")),
    (("become",), ("become", "be", "make")),
    (("a",), ("a", "the", "another")),
    (("best", "##seller"), ("bestseller", "success", "classic")),
    ((".",), (".", "!", "?")),
    (("[SEP]",), ()),
)


def _is_glued(piece: str) -> bool:
    """Pieces that attach to the word before them, with no space: ## pieces, punctuation."""
    return piece.startswith("##") or piece in {".", ",", ";", "!", "?"}


def subword_facet() -> list[dict[str, Any]]:
    pieces = [(piece, w) for w, (word, _meta) in enumerate(SUBWORD_TEXT) for piece in word]
    count = len(pieces)
    word_of = np.array([w for _piece, w in pieces])
    special = np.array([piece in {"[CLS]", "[SEP]"} for piece, _w in pieces])
    facet: list[dict[str, Any]] = []
    for i, (piece, w) in enumerate(pieces):
        if i > 0 and not _is_glued(piece):
            facet.append({"token": " ", "format": True})
        word_distance = np.abs(word_of - w)
        # Bidirectional: the piece's own word first, neighbours on both sides fading, and
        # the separators as the usual attention sinks.
        heat = np.where(word_distance == 0, 1.0, 0.55 * np.exp(-0.55 * (word_distance - 1)))
        heat = np.where(special, 0.35, heat)
        heat = heat * np.array([0.7 + 0.6 * _hash_unit(i, j, 3) for j in range(count)])
        heat[i] = heat.max()
        facet.append({
            "token": piece[2:] if piece.startswith("##") else piece,
            "meta": list(SUBWORD_TEXT[w][1]),
            "heat": [_number(value) for value in heat / heat.max()],
        })
    return facet


def subword_sample() -> dict[str, Any]:
    return {
        "settings": {"width": 600, "show_meta": True, "facet_titles": ["BERT"]},
        "highlight": 10,
        "data": [subword_facet()],
    }


# --------------------------------------------------------------------------- output

SAMPLES = {"characters": character_sample, "subwords": subword_sample}


def dumps(sample: dict[str, Any]) -> str:
    """Compact JSON with one token per line: small, yet readable and diffable."""
    def compact(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    facets = []
    for facet in sample["data"]:
        facets.append("[\n" + ",\n".join(compact(token) for token in facet) + "\n]")
    head = [f'"{key}":{compact(value)}' for key, value in sample.items() if key != "data"]
    return "{" + ",\n".join(head + ['"data":[\n' + ",\n".join(facets) + "\n]"]) + "}\n"


def main(out_dir: Path = SAMPLES_DIR) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, build in SAMPLES.items():
        path = out_dir / f"{name}.json"
        path.write_text(dumps(build()), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out-dir", type=Path, default=SAMPLES_DIR,
                        help="where to write the JSON files (default: the package's samples folder)")
    main(parser.parse_args().out_dir)
