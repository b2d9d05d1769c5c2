"""Characters to glyphs: visible stand-ins, font fallback and East Asian width.

Any Python string is a valid token. Characters XML cannot hold are drawn as U+FFFD;
characters the bundled fonts lack come from a system font that fontconfig finds, and
otherwise show as the font's box, with one warning per save (or drawing) naming them all.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
import sys
import warnings
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from types import FrameType

from .fonts import FONT_FILES, Font, Glyph, load_font, load_system_font, system_font_charset

REPLACEMENT = "\ufffd"
BREAKS = "\n\r"
# Controls (but tab and line breaks), lone surrogates and non-characters: XML cannot
# hold them and UTF-8 cannot encode surrogates, so they are shown as U+FFFD.
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def visible(text: str) -> str:
    """``text`` with every character XML cannot hold replaced by U+FFFD."""
    return _INVISIBLE.sub(REPLACEMENT, text)


@lru_cache(maxsize=None)
def _system_font_files() -> tuple[str, ...]:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return ()
    try:
        found = subprocess.run([fc_list, "--format", "%{file}\n"], capture_output=True,
                               text=True, timeout=30, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return ()
    # Sorted, so that the same installed fonts always give the same choice.
    return tuple(sorted(set(line for line in found.splitlines() if line)))


def font_for(char: str, primary: Font) -> Font | None:
    """The font that draws ``char``: the primary, the other bundled font, a system font.

    System fonts are asked in one fixed order, whatever was drawn before, so a figure
    never depends on what else the process has drawn.
    """
    for font in (primary, *(load_font(key) for key in FONT_FILES)):
        if font.has(char):
            return font
    code = ord(char)
    for path in _system_font_files():
        charset = system_font_charset(path)
        if charset is not None and code in charset[1]:
            return load_system_font(path)
    return None


@dataclass(frozen=True)
class Placed:
    """How one character is set: its advance in px, its glyph and the glyph's x shift."""

    advance: float
    glyph: Glyph | None
    dx: float = 0.0
    missing: bool = False


@lru_cache(maxsize=65536)
def place_char(char: str, key: str, size: float, monospace: bool) -> Placed:
    primary = load_font(key)
    if char in BREAKS:
        return Placed(0.0, None)
    if char == "\t":  # its width depends on where it stands: the wrapper decides it
        return Placed(primary.advance(" ") * size, None)
    shown = visible(char)
    font = font_for(shown, primary)
    wide = monospace and unicodedata.east_asian_width(shown) in ("W", "F")
    column = primary.advance("0") * size
    if font is None:  # the primary font's box, as wide as the character would be
        advance = 2 * column if wide else primary.advance(shown) * size
        return Placed(advance, primary.glyph(shown, size), 0.0, missing=True)
    own = font.advance(shown) * size
    if wide:  # two columns of the grid, the glyph centred in them
        return Placed(2 * column, font.glyph(shown, size), (2 * column - own) / 2)
    return Placed(own, font.glyph(shown, size))


class Typesetter:
    """Sets text in one bundled font at one size and remembers what no font had."""

    def __init__(self, key: str, size: float, monospace: bool) -> None:
        self.key, self.size, self.monospace = key, size, monospace
        self.missing: set[str] = set()

    def place(self, char: str) -> Placed:
        placed = place_char(char, self.key, self.size, self.monospace)
        if placed.missing:
            self.missing.add(char)
        return placed

    def advance(self, char: str) -> float:
        return self.place(char).advance

    def width(self, text: str) -> float:
        return sum(self.place(char).advance for char in text)

    @property
    def tab(self) -> float:
        # CSS tab-size: 8 spaces of the font.
        return 8 * self.place(" ").advance


# The characters no font draws, gathered while one save or drawing runs (None: none runs).
_GATHERED: ContextVar[set[str] | None] = ContextVar("textualheatmap_missing_glyphs", default=None)
_PACKAGE = __name__.split(".")[0]


@contextmanager
def one_missing_warning() -> Iterator[None]:
    """Everything drawn inside reports the characters no font draws here, and they are
    named in one warning at the end: a GIF draws many meta rows, yet is one save.
    Nested, the outermost one warns."""
    if _GATHERED.get() is not None:
        yield
        return
    gathered: set[str] = set()
    token = _GATHERED.set(gathered)
    try:
        yield
    finally:
        _GATHERED.reset(token)
    warn_missing(gathered)  # not reached when drawing failed: the error says enough


def note_missing(missing: Collection[str]) -> None:
    """Report characters no font draws: gathered for the drawing under way, else warned now."""
    gathered = _GATHERED.get()
    if gathered is None:
        warn_missing(missing)
    else:
        gathered.update(missing)


def _user_stacklevel() -> int:
    # The warning points at the first caller outside this package: the user's line.
    frame: FrameType | None = sys._getframe(1)
    level = 1
    while frame is not None and frame.f_globals.get("__name__", "").split(".")[0] in (_PACKAGE, "contextlib"):
        frame, level = frame.f_back, level + 1
    return level


def warn_missing(missing: Collection[str]) -> None:
    if not missing:
        return
    shown = ", ".join(f"U+{ord(char):04X}" for char in sorted(missing))  # every one: the user installs a font
    warnings.warn(f"no installed font draws {shown}; they are shown as boxes "
                  "(install a font that has them, e.g. from your system's font packages)",
                  stacklevel=_user_stacklevel())
