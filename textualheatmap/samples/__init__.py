"""Built-in sample figures (JSON beside this file, made by ``scripts/make_sample.py``).

Each sample is the document the command line reads: ``{"settings": {...},
"highlight": int, "data": [...]}``, where ``settings`` are ``TextualHeatmap`` keyword
arguments and ``data`` is what ``set_data`` takes::

    sample = load_sample("characters")
    heatmap = TextualHeatmap(**sample["settings"])
    heatmap.set_data(sample["data"])
    heatmap.highlight(sample["highlight"])
"""
from __future__ import annotations

import json
from importlib import resources
from typing import Any, cast

DEFAULT_SAMPLE = "characters"


def sample_names() -> tuple[str, ...]:
    """The names ``load_sample`` takes, sorted."""
    folder = resources.files(__name__)
    return tuple(sorted(entry.name[: -len(".json")] for entry in folder.iterdir()
                        if entry.name.endswith(".json")))


def load_sample(name: str = DEFAULT_SAMPLE) -> dict[str, Any]:
    """A fresh copy of the sample ``name``: ``characters`` (a character-level text
    with GRU and LSTM facets) or ``subwords`` (WordPiece pieces with format tokens)."""
    if not isinstance(name, str):
        raise TypeError(f"sample name must be a string, got {type(name).__name__}")
    names = sample_names()
    if name not in names:
        raise ValueError(f"unknown sample {name!r}; the samples are {', '.join(names)}")
    text = (resources.files(__name__) / f"{name}.json").read_text(encoding="utf-8")
    return cast("dict[str, Any]", json.loads(text))
