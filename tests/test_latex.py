r"""The LaTeX snippet: its structure and escaping, then compiled with pdflatex and looked at.

Compiled pages are rasterised with pdftoppm. xcolor's boxes are flat DeviceRGB fills, so
box interiors carry the palette colours exactly: pixels are matched with a tolerance of 1
(of 255) per channel, and neighbouring palette steps differ by at least 1 in some channel.
"""
from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from sample_data import char_data

from textualheatmap import TextualHeatmap
from textualheatmap.colormap import hex_to_rgb
from textualheatmap.frame import UNCOLOURED
from textualheatmap.formats.tex import PDFLATEX_RANGES, escape_tex, write_tex

SPECIALS = r"\input{/etc/passwd} $x$ & # ^ _ ~ % { }"
TOLERANCE = 1
DPI = 150
BOX = re.compile(r"\\thm(token|selected)\{([0-9A-F]{6})\}\{([0-9A-F]{6})\}")


def quiet_figure(**kwargs: object) -> TextualHeatmap:
    return TextualHeatmap(display_fn=lambda *args, **kw: None, **kwargs)


def sample_figure(index: int = 120, **kwargs: object) -> TextualHeatmap:
    figure = quiet_figure(facet_titles=["GRU", "LSTM"], show_meta=True, **kwargs)
    figure.set_data(char_data())
    figure.highlight(index)
    return figure


def tex_bytes(figure: TextualHeatmap, index: int | None = None, **options: object) -> bytes:
    out = io.BytesIO()
    write_tex(figure.scene, out, index, **options)  # type: ignore[arg-type]
    return out.getvalue()


def snippet(figure: TextualHeatmap, index: int | None = None, **options: object) -> str:
    return tex_bytes(figure, index, **options).decode("utf-8")


def token_lines(tex: str) -> list[str]:
    """The snippet's lines that draw tokens (after each facet's ``\\noindent\\strut``)."""
    lines, inside = [], False
    for line in tex.splitlines():
        if line.startswith(r"\par\nopagebreak"):
            inside = True
        elif line.startswith(r"\par\medskip"):
            inside = False
        elif inside:
            lines.append(line)
    return lines


# --- the snippet as text ---------------------------------------------------------------------

@pytest.mark.parametrize(("char", "escaped"), [
    ("\\", r"\textbackslash{}"), ("{", r"\{"), ("}", r"\}"), ("$", r"\$"), ("&", r"\&"),
    ("#", r"\#"), ("^", r"\textasciicircum{}"), ("_", r"\_"), ("~", r"\textasciitilde{}"),
    ("%", r"\%"), ("<", r"\textless{}"), (">", r"\textgreater{}"), ("|", r"\textbar{}"),
    ('"', r"\texttt{\char34}"), ("é", "é"), ("中", r"\thmcode{4E2D}"), ("😀", r"\thmcode{1F600}"),
    ("\x07", r"\thmcode{0007}"), ("\u200b", r"\thmcode{200B}"), ("\u00a0", "~"),
])
def test_escape(char: str, escaped: str) -> None:
    assert escape_tex(f"a{char}b") == f"a{escaped}b"


def test_escape_breaks_dash_and_comma_ligatures() -> None:
    assert escape_tex("a--b,,c-d") == "a-{}-b,{},c-d"


def test_unicode_option_passes_printable_characters() -> None:
    assert escape_tex("中😀\x07", unicode=True) == r"中😀\thmcode{0007}"


def test_snippet_colours_follow_the_frame() -> None:
    figure = sample_figure()
    tex = snippet(figure)
    boxes = BOX.findall(tex)
    frame = figure.scene.frame()
    expected = [figure.scene.palette[k].lstrip("#").upper()
                for facet in frame.facets for k in facet.colors.tolist() if k != UNCOLOURED]
    # Character tokens: one box per coloured token, in order, white text.
    assert [colour for _, colour, _ in boxes] == expected
    assert {text for _, _, text in boxes} == {"FFFFFF"}
    assert [kind for kind, _, _ in boxes].count("selected") == 2  # one per facet
    assert tex.count(r"\thmtitle{GRU}") == 1 and tex.count(r"\thmtitle{LSTM}") == 1
    assert tex.count(r"\begingroup") == 1 and tex.rstrip().endswith(r"\endgroup")


def test_uncoloured_and_format_tokens_have_no_box() -> None:
    figure = quiet_figure()
    figure.set_data([[{"token": "ab", "heat": [0.0, 1.0]}, {"token": " ", "format": True},
                      {"token": "cd"}, {"token": "\n", "format": True}, {"token": "ef"}]])
    figure.highlight(0)
    lines = token_lines(snippet(figure))
    assert lines == [r"\thmselected{365D8D}{FFFFFF}{ab}%", r"\ %", r"\thmtoken{35B779}{FFFFFF}{cd}%",
                     r"\newline\null%", "ef%"]
    # No highlight: plain text throughout.
    assert token_lines(snippet(quiet_figure_with(figure))) == [
        "ab%", r"\ %", "cd%", r"\newline\null%", "ef%"]


def quiet_figure_with(figure: TextualHeatmap) -> TextualHeatmap:
    fresh = quiet_figure()
    fresh.set_data([[{"token": t.text, "format": t.format, "heat": t.heat.tolist()}
                     for t in figure.scene.facets[0].tokens]])
    return fresh


def test_spaces_inside_coloured_tokens_allow_a_break() -> None:
    figure = quiet_figure()
    figure.set_data([[{"token": "one two\tthree", "heat": 1.0}]])
    assert token_lines(snippet(figure)) == [
        r"\thmtoken{35B779}{FFFFFF}{one}\thmtoken{35B779}{FFFFFF}{\ }\allowbreak{}"
        r"\thmtoken{35B779}{FFFFFF}{two}\thmtoken{35B779}{FFFFFF}{\quad{}}\allowbreak{}"
        r"\thmtoken{35B779}{FFFFFF}{three}%"]


def test_readable_text_colours_are_used() -> None:
    figure = sample_figure(readable_text=True, colormap="Blues")
    boxes = BOX.findall(snippet(figure))
    palette = [c.lstrip("#").upper() for c in figure.scene.palette]
    text_palette = [c.lstrip("#").upper() for c in figure.scene.text_palette]
    assert boxes and all(text == text_palette[palette.index(bg)] for _, bg, text in boxes)


def test_meta_only_with_show_meta() -> None:
    figure = sample_figure()
    assert r"\thmmeta{" in snippet(figure)
    plain = quiet_figure()
    plain.set_data([char_data(facets=1)[0]])
    plain.highlight(3)
    assert r"\thmmeta{" not in snippet(plain)


def test_save_tex_to_path_and_text_stream(tmp_path: Path) -> None:
    figure = sample_figure()
    figure.save(tmp_path / "figure.tex")
    assert (tmp_path / "figure.tex").read_bytes() == tex_bytes(figure)
    stream = io.StringIO()
    figure.save(stream, format="tex", index=5)
    assert stream.getvalue() == snippet(figure, 5)
    assert snippet(figure, 5) == snippet(sample_figure(), 5)  # deterministic
    with pytest.raises(TypeError, match="unicode must be a bool"):
        figure.save(tmp_path / "bad.tex", unicode="yes")


# --- compiled with pdflatex ------------------------------------------------------------------

def compile_tex(tmp_path: Path, tex: str, preamble: str = "") -> tuple[Path, str]:
    """A minimal document that \\input's the snippet, compiled; its PDF and its log."""
    if shutil.which("pdflatex") is None:
        pytest.skip("pdflatex is not installed (Debian: texlive-latex-base texlive-latex-recommended)")
    (tmp_path / "figure.tex").write_text(tex, encoding="utf-8")
    (tmp_path / "paper.tex").write_text(
        "\\documentclass{article}\n\\usepackage{xcolor}\n" + preamble +
        "\\begin{document}\nBefore the figure.\n\n\\input{figure.tex}\n\nAfter.\n\\end{document}\n",
        encoding="utf-8")
    done = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape",
                           "paper.tex"], cwd=tmp_path, stdin=subprocess.DEVNULL,
                          capture_output=True, check=False)
    log = (tmp_path / "paper.log").read_text(encoding="latin-1")
    errors = [line for line in log.splitlines() if line.startswith("!")]
    assert done.returncode == 0 and not errors, f"pdflatex failed: {errors or done.stdout[-2000:]}"
    return tmp_path / "paper.pdf", log


def rasterise(pdf: Path) -> np.ndarray:
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm is not installed (Debian: poppler-utils)")
    png = subprocess.run(["pdftoppm", "-r", str(DPI), "-png", "-singlefile", str(pdf)],
                         capture_output=True, check=True).stdout
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=np.int16)


def pdf_text(pdf: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed (Debian: poppler-utils)")
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True,
                          text=True).stdout


def near(page: np.ndarray, colour: str) -> np.ndarray:
    return (np.abs(page - np.array(hex_to_rgb(colour))) <= TOLERANCE).all(axis=-1)


def colour_counts(page: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The page's distinct colours and how many pixels have each (one pass, not one per colour)."""
    packed = page.reshape(-1, 3).astype(np.int32) @ np.array([1 << 16, 1 << 8, 1], dtype=np.int32)
    values, counts = np.unique(packed, return_counts=True)
    return np.stack([values >> 16, (values >> 8) & 255, values & 255], axis=1), counts


def count_near(table: tuple[np.ndarray, np.ndarray], colour: str) -> int:
    colours, counts = table
    return int(counts[(np.abs(colours - np.array(hex_to_rgb(colour))) <= TOLERANCE).all(axis=1)].sum())


@pytest.mark.ci_must_run
def test_compiled_page_shows_the_token_colours(tmp_path: Path) -> None:
    figure = sample_figure(index=120)
    pdf, log = compile_tex(tmp_path, snippet(figure))
    page = rasterise(pdf)
    used = {figure.scene.palette[k] for facet in figure.scene.frame().facets for k in facet.colors.tolist()
            if k != UNCOLOURED}
    table = colour_counts(page)
    counts = {colour: count_near(table, colour) for colour in used}
    # A character's box is about 5 x 20 pixels at 150 dpi; every colour used covers one.
    assert min(counts.values()) >= 20, counts
    unused = [c for c in figure.scene.palette if c not in used
              and min(np.abs(np.subtract(hex_to_rgb(c), hex_to_rgb(u))).max() for u in used) > TOLERANCE]
    assert unused and all(count_near(table, colour) == 0 for colour in unused)
    # Lines wrap at the text's spaces, none running over the margin: each facet's 121
    # coloured characters take two lines of boxes, which touch (struts), one band each.
    rows = np.flatnonzero(near(page, figure.scene.palette[0]).any(axis=1))
    bands = np.split(rows, np.flatnonzero(np.diff(rows) > 1) + 1)
    line = 12 / 72.27 * DPI  # article's 10pt text: 12pt from baseline to baseline
    assert [round(len(band) / line) for band in bands] == [2, 2]
    assert "Overfull" not in log


@pytest.mark.ci_must_run
def test_compiled_specials_show_as_text(tmp_path: Path) -> None:
    figure = quiet_figure(facet_titles=["50% & $5 #1\n\nnext"], show_meta=True)
    figure.set_data([[{"token": SPECIALS, "heat": [0.5, 0.5], "meta": ["} {\n\n", "\\par"]},
                      {"token": " ", "format": True}, {"token": '<a> | "q" -- \\\\'}]])
    figure.highlight(0)
    pdf, _ = compile_tex(tmp_path, snippet(figure))
    # OT1's \_ is a rule, not a glyph, so pdftotext has no character for it; ^ and ~ are
    # accents, raised, so it may put them on lines of their own.
    text = " ".join(pdf_text(pdf).replace("ˆ", "^").replace("˜", "~").split())
    assert SPECIALS.replace("_ ", "") in text
    assert '<a> | "q" -- \\\\' in text and "50% & $5 #1 next" in text and "} { \\par" in text
    assert "root:" not in text
    page = rasterise(pdf)
    assert near(page, figure.scene.palette[48]).sum() >= 200


@pytest.mark.ci_must_run
@pytest.mark.parametrize("preamble", ["", "\\usepackage[T1]{fontenc}\n\\usepackage[utf8]{inputenc}\n"])
def test_compiles_every_settable_character(tmp_path: Path, preamble: str) -> None:
    settable = "".join(chr(c) for lo, hi in PDFLATEX_RANGES for c in range(lo, hi + 1))
    others = "中文 😀 \x00\x1b\u200b\u2028\ufeff ð þ « » ą"
    figure = quiet_figure()
    figure.set_data([[{"token": settable, "heat": 1.0}, {"token": " ", "format": True},
                      {"token": others}]])
    pdf, _ = compile_tex(tmp_path, snippet(figure), preamble)
    text = pdf_text(pdf)
    # Accented letters come out of pdftotext in pieces (accent and letter); the codes do not.
    assert all(code in text for code in ("U+4E2D", "U+1F600", "U+0000", "U+00F0", "U+0105"))
    assert "æ" in text


@pytest.mark.ci_must_run
def test_compiled_legend_shows_the_colour_bar_and_ticks(tmp_path: Path) -> None:
    figure = quiet_figure(facet_titles=["IG"], colormap="RdBu", center=0, legend=True)
    figure.set_data([[{"token": f"w{i} ", "heat": s} for i, s in enumerate([-0.9, 0.2, 0.9])]])
    tex = snippet(figure)
    assert tex.count(r"\colorbox[HTML]") >= 200  # the bar's runs, beside the 3 tokens
    pdf, log = compile_tex(tmp_path, tex)
    assert "Overfull" not in log
    page = rasterise(pdf)
    table = colour_counts(page)
    palette = figure.scene.palette
    # Both ends and the middle of the diverging map are on the page, in the bar.
    for colour in (palette[0], palette[127], palette[254]):
        assert count_near(table, colour) >= 5, colour
    words = pdf_text(pdf).split()
    assert "0" in words and "0.5" in words and "−0.5" in words
