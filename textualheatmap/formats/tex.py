r"""LaTeX: the figure at one highlight as a snippet a paper can ``\input``.

The text is set in the paper's own font: each coloured token is a ``\colorbox`` (xcolor
is the only package needed), the highlighted token has a bar under it, each facet's title
is a small label above it and, with ``show_meta``, the highlighted token's meta strings
follow the title. Lines wrap at spaces, as in the figure: the boxes of one word touch.
So that no line runs past ``\linewidth``, a line may also break between CJK characters
(which have no spaces), and, only where nothing else fits, inside a long word.

Text is escaped, so a token is always shown as written, never run as LaTeX. Characters
pdflatex cannot set from UTF-8 in a default document (CJK, emoji, controls...) are shown
as their code, ``U+4E2D``; ``unicode=True`` passes every printable character through for
XeLaTeX and LuaLaTeX.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from typing import IO, cast

from ..data import Facet
from ..frame import UNCOLOURED, FacetFrame, Frame
from ..scene import Scene
from .panels import Indices, check_panels, panel_label

# Characters (besides printable ASCII) that pdflatex sets from UTF-8 input with LaTeX's
# default encodings, OT1 and TS1: found by compiling each one (TeX Live 2022), and
# checked again by tests/test_latex.py. Latin letters with an ogonek, eth, thorn and
# guillemets need T1 and are left out, so the snippet compiles in any preamble.
PDFLATEX_RANGES: tuple[tuple[int, int], ...] = (
    (0x00A0, 0x00AA), (0x00AC, 0x00BA), (0x00BC, 0x00CF), (0x00D1, 0x00DD),
    (0x00DF, 0x00EF), (0x00F1, 0x00FD), (0x00FF, 0x0103), (0x0106, 0x010F),
    (0x0112, 0x0117), (0x011A, 0x0125), (0x0128, 0x012D), (0x0130, 0x0137),
    (0x0139, 0x013E), (0x0141, 0x0148), (0x014C, 0x0165), (0x0168, 0x0171),
    (0x0174, 0x017E), (0x0192, 0x0192), (0x2010, 0x2016), (0x2018, 0x2019),
    (0x201C, 0x201D), (0x2020, 0x2022), (0x2026, 0x2026), (0x2030, 0x2031),
    (0x20AC, 0x20AC), (0x2122, 0x2122), (0x2190, 0x2193),
)
_RANGE_STARTS = [lo for lo, _ in PDFLATEX_RANGES]
# Words longer than this are set one box per character, so a line may break inside them
# when nothing else fits: a dozen characters fit any column.
LONG_WORD = 12
_MINUS = r"\thmcode{2212}"  # how escape_tex writes the legend's minus sign
PANEL_GAP = 0.03  # between side-by-side panels, a share of the line width

_ESCAPES = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&",
    "#": r"\#", "%": r"\%", "_": r"\_", "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}", "<": r"\textless{}", ">": r"\textgreater{}",
    "|": r"\textbar{}", '"': r"\texttt{\char34}", "'": r"\textquotesingle{}",
    "`": r"\textasciigrave{}", "\u00a0": "~",
    # Only titles and meta strings get here with these: a line break there would end the
    # macro's argument.
    "\n": r"\ ", "\r": r"\ ", "\t": r"\ ",
}
# Controls (but tab and line breaks), surrogates and non-characters are never passed on.
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e"
                        "\ud800-\udfff\ufeff\ufffe\uffff]")
# A token's text in pieces that wrap differently: line breaks, tabs, spaces, the rest.
_SEGMENTS = re.compile(r"\r\n|[\r\n]|\t| |[^\r\n\t ]+")

# Set up inside the snippet's group, so nothing leaks into the paper. #1 background,
# #2 text colour (HTML hex), #3 text. The bar under the highlighted token is a rule as
# wide as its text in the strut's depth, below the descenders, in the text's colour,
# with a strip of the background under it so it still shows on a white page (a \vtop
# gives the width: xcolor's boxes overwrite the scratch box).
PREAMBLE = r"""\begingroup
\setlength{\fboxsep}{0pt}%
\raggedright
% Ragged without limit, so that a break at a space always fits and one inside a word
% (its penalty) is taken only when a word is longer than a line.
\rightskip=0pt plus 1fil\relax
\def\thmbreak{\penalty5000\relax}%
\def\thmtoken#1#2#3{\colorbox[HTML]{#1}{\strut\textcolor[HTML]{#2}{#3}}}%
\def\thmbarred#1{\vtop{\hbox{\strut#1}\kern-.15em\hrule height .08em\kern.07em}}%
\def\thmselected#1#2#3{\colorbox[HTML]{#1}{\textcolor[HTML]{#2}{\thmbarred{#3}}}}%
\def\thmplainselected#1{\thmbarred{#1}}%
\def\thmcode#1{{\scriptsize U+#1}}%
\def\thmtitle#1{\par\noindent{\small\sffamily\textcolor[HTML]{555555}{#1}}}%
\def\thmmeta#1{\ \fcolorbox[HTML]{E0E0E0}{F3F3F3}{\strut\small\,#1\,}}%
"""


def _settable(char: str, unicode: bool) -> bool:
    code = ord(char)
    if code < 0x80 or unicode:
        return True
    k = bisect_right(_RANGE_STARTS, code) - 1
    return k >= 0 and code <= PDFLATEX_RANGES[k][1]


def escape_tex(text: str, unicode: bool = False) -> str:
    """``text`` as LaTeX that prints it: specials escaped, unsettable characters as codes."""
    out = []
    for i, char in enumerate(text):
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif _INVISIBLE.match(char) or not _settable(char, unicode):
            out.append(rf"\thmcode{{{ord(char):04X}}}")
        elif char in "-," and text[i + 1: i + 2] == char:
            out.append(char + "{}")  # no -- or ,, ligature: the token shows what it holds
        else:
            out.append(char)
    return "".join(out)


def _hex(color: str) -> str:
    return color.lstrip("#").upper()


def _text_color(scene: Scene, k: int) -> str:
    """The text colour on palette colour ``k``: the one place that decides it."""
    text_palette = scene.text_palette  # None unless the figure has readable_text
    return _hex(text_palette[k]) if text_palette else "FFFFFF"


def _wide(char: str) -> bool:
    """A CJK (wide) character: its script breaks lines between characters, without spaces."""
    return unicodedata.east_asian_width(char) in ("W", "F")


def break_between(before: str, after: str) -> str:
    """The break allowed between two characters of a word: free next to a CJK character,
    a last resort (``\thmbreak``) between others."""
    return r"\allowbreak{}" if _wide(before) or _wide(after) else r"\thmbreak{}"


def _word_pieces(word: str) -> list[tuple[str, str]]:
    """A word as the boxes it is drawn in, each with the break allowed after it: one box,
    unless it holds CJK characters or is long, then one box per character."""
    if len(word) <= LONG_WORD and not any(_wide(char) for char in word):
        return [(word, "")]
    return [(char, break_between(char, following) if following else "")
            for char, following in zip(word, [*word[1:], ""])]


def _token_tex(text: str, colors: tuple[str, str] | None, selected: bool, unicode: bool,
               hidden: bool = False) -> str:
    """One token: boxes for its words, breakable spaces between them, line breaks; a
    hidden token's boxes are phantoms: its space is kept, nothing drawn."""
    out = []
    for segment in _SEGMENTS.findall(text):
        if segment in ("\n", "\r", "\r\n"):
            out.append(r"\newline\null")  # \null keeps the next line's leading spaces
            continue
        # A space or tab closes a box, so the line may break after it, as in pre-wrap.
        pieces = ([(r"\ ", "")] if segment == " " else [(r"\quad{}", "")] if segment == "\t"
                  else [(escape_tex(piece, unicode), after) for piece, after in _word_pieces(segment)])
        for body, after in pieces:
            if colors is not None:
                command = r"\thmselected" if selected else r"\thmtoken"
                box = f"{command}{{{colors[0]}}}{{{colors[1]}}}{{{body}}}"
            elif selected:
                box = rf"\thmplainselected{{{body}}}"
            else:
                box = body
            out.append((rf"\phantom{{{box}}}" if hidden and segment not in (" ", "\t") else box) + after)
        if segment in (" ", "\t") and colors is not None:
            out.append(r"\allowbreak{}")
    return "".join(out)


def _facet_tex(scene: Scene, facet: Facet, frame: FacetFrame, title: str,
               unicode: bool) -> list[str]:
    lines = [rf"\thmtitle{{{escape_tex(title, unicode)}}}%"] if title else [r"\par"]
    if scene.show_meta and frame.meta:
        lines += [rf"\thmmeta{{{escape_tex(meta, unicode)}}}%" for meta in frame.meta]
    lines += [r"\par\nopagebreak\noindent\strut%"]
    last = ""  # the last character of the token before
    for token, counted in zip(facet.tokens, facet.highlight_indices):
        colors = None
        selected = False
        hidden = counted >= 0 and frame.shown is not None and not frame.shown[counted]
        if counted >= 0:
            k = int(frame.colors[counted])
            if k != UNCOLOURED:
                colors = (_hex(scene.palette[k]), _text_color(scene, k))
            selected = frame.selected == counted
        # Tokens of one word touch; a line may break between them as inside a word.
        inside_word = last.strip() != "" and token.text[:1].strip() != ""
        start = break_between(last, token.text[0]) if inside_word else ""
        lines.append(start + _token_tex(token.text, colors, selected, unicode, hidden) + "%")
        last = token.text[-1:] or last
    lines.append(r"\par\medskip")
    return lines


def _legend_tex(scene: Scene) -> list[str]:
    """The colour bar: one box per run of the palette across the line, ticks under it."""
    legend = scene.layout.legend
    if legend is None:
        return []
    width = legend.bar.w
    cells = "".join(
        rf"\colorbox[HTML]{{{_hex(colour)}}}{{\rule{{{w / width:.5f}\linewidth}}{{0pt}}\rule{{0pt}}{{.9em}}}}"
        for _, w, colour in legend.steps
    )
    ticks = "".join(
        # Each tick is a zero-width box at its place, so they never push each other.
        rf"\rlap{{\hspace*{{{tick.x / width:.5f}\linewidth}}\makebox[0pt]{{\shortstack{{"
        rf"\rule{{.4pt}}{{.4em}}\\{{\scriptsize {escape_tex(tick.label).replace(_MINUS, '$-$')}}}}}}}}}"
        for tick in legend.ticks
    )
    return [r"\par\noindent\hbox to \linewidth{" + cells + r"\hss}%",
            r"\par\nointerlineskip\noindent\hbox to \linewidth{" + ticks + r"\hss}%",
            r"\par\medskip"]


def write_tex(scene: Scene, stream: IO[bytes], index: Indices = None, unicode: bool = False,
              columns: int | None = None) -> None:
    r"""The figure at highlight ``index`` (the current one when None) as a LaTeX snippet;
    a list of highlights sets one labelled panel each, ``columns`` side by side.

    ``\input`` it where the figure goes; the preamble needs ``\usepackage{xcolor}``.
    ``unicode=True`` passes all printable characters through (XeLaTeX, LuaLaTeX).
    """
    if not isinstance(unicode, bool):
        raise TypeError(f"unicode must be a bool, got {type(unicode).__name__}")
    indices = check_panels(scene, index, columns)
    frame = scene.frame(indices[0] if indices is not None else cast("int | None", index))
    shown = ("no highlight" if frame.index is None else f"highlight {frame.index}") if indices is None \
        else "highlights " + ", ".join(map(str, indices))
    lines = [
        f"% textualheatmap figure at {shown}: \\input this file where the figure goes.",
        "% Needs \\usepackage{xcolor} (and, before LaTeX 2018, \\usepackage[utf8]{inputenc}).",
        "% Characters pdflatex cannot set appear as U+XXXX codes.",
        PREAMBLE.rstrip("\n"),
    ]
    if indices is None:
        lines += _figure_tex(scene, frame, unicode)
    else:
        lines += _panels_tex(scene, indices, min(columns or 1, len(indices)), unicode)
    lines.append(r"\endgroup")
    stream.write(("\n".join(lines) + "\n").encode("utf-8"))


def _figure_tex(scene: Scene, frame: Frame, unicode: bool) -> list[str]:
    lines = []
    for facet, facet_frame, title in zip(scene.facets, frame.facets, scene.titles):
        lines += _facet_tex(scene, facet, facet_frame, title, unicode)
    return lines + _legend_tex(scene)


def _panels_tex(scene: Scene, indices: list[int], columns: int, unicode: bool) -> list[str]:
    """One minipage per highlight, ``columns`` to a row, each under its label."""
    width = (1 - PANEL_GAP * (columns - 1)) / columns
    label_colour = "555555"  # as the titles (PREAMBLE): LaTeX sets the figure on the paper's page
    lines = []
    for k, index in enumerate(indices):
        lines.append(rf"\noindent\begin{{minipage}}[t]{{{width:.5f}\linewidth}}\raggedright"
                     rf"\rightskip=0pt plus 1fil\relax%")
        lines.append(rf"\noindent{{\small\sffamily\textcolor[HTML]{{{label_colour}}}"
                     rf"{{{escape_tex(panel_label(scene, index), unicode)}}}}}\par%")
        lines += _figure_tex(scene, scene.frame(index), unicode)
        last_in_row = k % columns == columns - 1 or k == len(indices) - 1
        lines.append(r"\end{minipage}" + (r"\par\medskip" if last_in_row else r"\hfill%"))
    return lines
