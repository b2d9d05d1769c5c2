"""Deterministic figure data for the tests: a character-level text, like the seed's."""
from __future__ import annotations

import numpy as np

TEXT = (
    "context of the model is what the memory holds: the network remembers the start "
    "of a word while it reads the rest of it, and forgets it soon after. "
    "the gru and the lstm differ in how long they keep it."
)
VOCABULARY = ("the", "of", "and", "context", "model", "memory", "network", "word", "rest",
              "start", "reads", "remembers", "holds", "forgets", "soon", "after", "while")


def char_facet(text: str, decay: float, meta: bool = True) -> list[dict]:
    """One token per character; token i attends to the characters before it, decaying."""
    tokens = []
    for i, char in enumerate(text):
        distance = np.arange(i, -1, -1, dtype=np.float64)
        heat = np.exp(-decay * distance)
        prefix = text[: i + 1].rsplit(" ", 1)[-1]
        words = [w for w in VOCABULARY if w.startswith(prefix)] or list(VOCABULARY[:3])
        token = {"token": char, "heat": heat.round(4).tolist()}
        if meta:
            token["meta"] = words[:3]
        tokens.append(token)
    return tokens


def char_data(text: str = TEXT[:200], facets: int = 2, meta: bool = True) -> list[list[dict]]:
    return [char_facet(text, decay=0.3 / (f + 1), meta=meta) for f in range(facets)]


def word_data(words: int, seed: int = 0) -> list[list[dict]]:
    """One facet of ``words`` word tokens (with their trailing space), a single score each:
    a long document's saliency map."""
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(VOCABULARY), words).tolist()
    return [[{"token": VOCABULARY[k] + " ", "heat": float(s)} for k, s in zip(picks, rng.random(words))]]


def character_data(characters: int, seed: int = 0) -> list[list[dict]]:
    """One facet of ``characters`` character tokens of TEXT repeated, a single score each."""
    text = (TEXT * (characters // len(TEXT) + 1))[:characters]
    scores = np.random.default_rng(seed).random(characters).tolist()
    return [[{"token": char, "heat": s} for char, s in zip(text, scores)]]
