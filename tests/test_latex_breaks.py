r"""The LaTeX snippet fits ``\linewidth``: lines break between CJK characters and, where
nothing else fits, inside long words; compiled with pdflatex and with xelatex and a CJK font.

"Fits" is TeX's own measure: the log has no ``Overfull \hbox``.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from test_latex import compile_tex, pdf_text, quiet_figure, snippet

from textualheatmap import TextualHeatmap

CHINESE = ("自然语言处理是计算机科学和人工智能的一个分支"
           "它研究人与计算机之间用自然语言进行有效通信的各种理论和方法"
           "注意力机制让模型在生成每个词时关注输入中最相关的部分"
           "从而提高翻译和摘要的质量") * 2
LONG_TOKEN = "https://example.org/" + "averyveryverylongpathwithoutanyspaces" * 4
CJK_FONTS = ("WenQuanYi Zen Hei", "Noto Sans CJK SC")


def _figure(tokens: list[str]) -> TextualHeatmap:
    figure = quiet_figure(facet_titles=["中文", "long"])
    heat = [0.01 * (k % 100) for k in range(len(tokens))]
    figure.set_data([[{"token": t, "heat": heat} for t in tokens],
                     [{"token": t, "heat": heat} for t in ["see ", LONG_TOKEN, " and ", "x" * 300]]])
    figure.highlight(3)
    return figure


PER_CHARACTER = list(CHINESE)  # a passage tokenised by character, like the characters sample
ONE_TOKEN = [CHINESE[:60], CHINESE[60:], "，然后 ", CHINESE]


def _overfull(log: str) -> list[str]:
    return [line for line in log.splitlines() if line.startswith("Overfull \\hbox")]


def test_cjk_and_long_words_may_break_and_short_words_not() -> None:
    per_character = snippet(_figure(PER_CHARACTER), unicode=True).splitlines()
    assert sum(line.startswith(r"\allowbreak{}\thm") for line in per_character) > 100  # between tokens
    one_token = snippet(_figure(ONE_TOKEN), unicode=True)
    assert r"{自}\allowbreak{}" in one_token  # inside a token
    assert r"{x}\thmbreak{}" in one_token  # inside the long Latin token
    plain = quiet_figure(facet_titles=["a"])
    plain.set_data([[{"token": "short words ", "heat": [0.5, 0.5, 0.5]}, {"token": "only", "heat": [1, 1, 1]}]])
    tex = snippet(plain)
    assert r"\thmbreak{}" not in tex
    assert tex.count(r"\allowbreak") == tex.count(r"{\ }\allowbreak")  # after spaces only


@pytest.mark.ci_must_run
@pytest.mark.parametrize("tokens", [PER_CHARACTER, ONE_TOKEN], ids=["per-character", "one-token"])
def test_pdflatex_page_has_no_overfull_line(tmp_path: Path, tokens: list[str]) -> None:
    pdf, log = compile_tex(tmp_path, snippet(_figure(tokens)))
    assert not _overfull(log), _overfull(log)[:3]
    assert "U+81EA" in pdf_text(pdf).replace("\n", "")  # 自, as its code under pdflatex


def _xelatex(tmp_path: Path, tex: str) -> tuple[Path, str]:
    if shutil.which("xelatex") is None:
        pytest.skip("xelatex is not installed (Debian: texlive-xetex)")
    listed = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True).stdout
    font = next((name for name in CJK_FONTS if name in listed), None)
    if font is None:
        pytest.skip("no CJK font is installed (Debian: fonts-wqy-zenhei or fonts-noto-cjk)")
    (tmp_path / "figure.tex").write_text(tex, encoding="utf-8")
    (tmp_path / "paper.tex").write_text(
        "\\documentclass{article}\n\\usepackage{xcolor}\n\\usepackage{fontspec}\n"
        f"\\setmainfont{{{font}}}\n\\begin{{document}}\nBefore.\n\n\\input{{figure.tex}}\n\nAfter.\n"
        "\\end{document}\n", encoding="utf-8")
    done = subprocess.run(["xelatex", "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape",
                           "paper.tex"], cwd=tmp_path, stdin=subprocess.DEVNULL, capture_output=True,
                          check=False)
    log = (tmp_path / "paper.log").read_text(encoding="utf-8", errors="replace")
    errors = [line for line in log.splitlines() if line.startswith("!")]
    assert done.returncode == 0 and not errors, f"xelatex failed: {errors or done.stdout[-2000:]}"
    return tmp_path / "paper.pdf", log


@pytest.mark.ci_must_run
@pytest.mark.parametrize("tokens", [PER_CHARACTER, ONE_TOKEN], ids=["per-character", "one-token"])
def test_xelatex_with_a_cjk_font_has_no_overfull_line(tmp_path: Path, tokens: list[str]) -> None:
    pdf, log = _xelatex(tmp_path, snippet(_figure(tokens), unicode=True))
    assert not _overfull(log), _overfull(log)[:3]
    text = pdf_text(pdf).replace("\n", "")
    assert CHINESE[:20] in text  # the characters themselves, in order, set in the CJK font
