"""Deterministic batch records for the batch tests: short character texts, one with heat."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sample_data import TEXT

BAD_HEAT = "hot"


def record(position: int, tokens: int = 30, named: bool = True) -> dict[str, Any]:
    """A review-like record: ``tokens`` characters, the last highlighted with its heat over
    them all; the text and heat differ from one position to the next."""
    start = (position * 7) % len(TEXT)
    text = (TEXT * 2)[start:start + tokens]
    data: list[dict[str, Any]] = [{"token": char} for char in text]
    data[-1]["heat"] = [round(((position + i) % 17) / 16, 3) for i in range(tokens)]
    data[-1]["meta"] = [f"#{position}"]
    found: dict[str, Any] = {"settings": {"width": 400, "show_meta": position % 2 == 0},
                             "data": [data], "highlight": tokens - 1}
    if named:
        found["name"] = f"review-{position:04d}"
    return found


def write_jsonl(path: Path, count: int, bad_line: int | None = None, offset: int = 0, **options: Any) -> Path:
    """``count`` records (from position ``offset``) as JSON Lines; on ``bad_line`` (from 1)
    one heat value is a string."""
    with path.open("w", encoding="utf-8") as stream:
        for position in range(count):
            item = record(offset + position, **options)
            if position + 1 == bad_line:
                item["data"][0][-1]["heat"][3] = BAD_HEAT
            stream.write(json.dumps(item) + "\n")
    return path
