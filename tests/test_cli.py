"""The command line, run as users run it: a subprocess, with files, stdin and bad input."""
from __future__ import annotations

import io
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Callable

import pytest
from sample_data import TEXT, char_data

from textualheatmap import TextualHeatmap
from textualheatmap.cli import FORMAT_OPTIONS, _takes, main
from textualheatmap.formats.writers import WRITERS

SVG = "{http://www.w3.org/2000/svg}"
SHORT_DATA = char_data(TEXT[:40])


def run_cli(*args: str, stdin: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "textualheatmap", *args], input=stdin,
                          capture_output=True, text=True, cwd=cwd, check=False)


@pytest.fixture()
def scores(tmp_path: Path) -> Path:
    path = tmp_path / "scores.json"
    path.write_text(json.dumps({"settings": {"facet_titles": ["GRU", "LSTM"], "show_meta": True},
                                "data": SHORT_DATA, "highlight": 5}))
    return path


# ---------------------------------------------------------------- every output format

def _check_svg(data: bytes) -> None:
    assert ET.fromstring(data).tag == f"{SVG}svg"


def _check_png(data: bytes) -> None:
    from PIL import Image

    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert Image.open(io.BytesIO(data)).size[0] >= 600


def _check_pdf(data: bytes) -> None:
    assert data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:]


def _check_gif(data: bytes) -> None:
    from PIL import Image

    assert data[:6] in (b"GIF87a", b"GIF89a")
    assert Image.open(io.BytesIO(data)).n_frames > 1


def _check_html(data: bytes) -> None:
    text = data.decode("utf-8").lower()
    assert text.lstrip().startswith("<!doctype html") and "<svg" in text and text.rstrip().endswith("</html>")


CHECKS: dict[str, Callable[[bytes], None]] = {
    ".svg": _check_svg, ".png": _check_png, ".pdf": _check_pdf, ".gif": _check_gif, ".html": _check_html,
}


@pytest.mark.parametrize("extension", sorted(WRITERS))
def test_every_format_is_written_silently(extension: str, scores: Path, tmp_path: Path) -> None:
    output = tmp_path / f"figure{extension}"
    result = run_cli(str(scores), "-o", str(output))
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    data = output.read_bytes()
    assert data, f"{extension} output is empty"
    # A format without a dedicated check still has to be a deterministic, non-empty file.
    CHECKS.get(extension, lambda _data: None)(data)
    again = tmp_path / f"again{extension}"
    assert run_cli(str(scores), "-o", str(again)).returncode == 0
    assert again.read_bytes() == data
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["scores.json", output.name, again.name])


def test_svg_equals_the_library_figure(scores: Path, tmp_path: Path) -> None:
    output = tmp_path / "figure.svg"
    result = run_cli(str(scores), "-o", str(output), "--width", "500", "--index", "7",
                     "--rotate-facet-titles", "--facet-titles", "A", "B")
    assert result.returncode == 0, result.stderr
    figure = TextualHeatmap(width=500, show_meta=True, facet_titles=["A", "B"], rotate_facet_titles=True)
    figure.set_data(SHORT_DATA)
    assert output.read_text("utf-8") == figure.to_svg(7)


def test_panels_theme_and_font_size_from_the_command_line(scores: Path, tmp_path: Path) -> None:
    output = tmp_path / "panels.svg"
    result = run_cli(str(scores), "-o", str(output), "--index", "3", "7", "9", "--columns", "3",
                     "--theme", "dark", "--font-size", "10", "--background", "#0d1117", "--width", "400")
    assert result.returncode == 0, result.stderr
    figure = TextualHeatmap(width=400, show_meta=True, facet_titles=["GRU", "LSTM"], theme="dark",
                            font_size=10, background="#0d1117")
    figure.set_data(SHORT_DATA)
    assert output.read_text("utf-8") == figure.to_svg([3, 7, 9], columns=3)
    bad = run_cli(str(scores), "-o", str(output), "--index", "3", "99")
    assert bad.returncode == 2 and "--index: index 99 (number 2) is out of range" in bad.stderr
    gif = run_cli(str(scores), "-o", str(tmp_path / "x.gif"), "--columns", "2")
    assert gif.returncode == 2 and "--columns does not apply to .gif output" in gif.stderr


def test_options_override_the_file_settings(scores: Path, tmp_path: Path) -> None:
    output = tmp_path / "figure.svg"
    assert run_cli(str(scores), "-o", str(output), "--no-show-meta").returncode == 0
    figure = TextualHeatmap(show_meta=False, facet_titles=["GRU", "LSTM"])
    figure.set_data(SHORT_DATA)
    assert output.read_text("utf-8") == figure.to_svg(5)  # the file's highlight kept


def test_stdin_with_a_bare_data_list(tmp_path: Path) -> None:
    output = tmp_path / "figure.svg"
    result = run_cli("-", "-o", str(output), "--index", "3", stdin=json.dumps(SHORT_DATA[:1]))
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    figure = TextualHeatmap()  # one facet: the library's default title
    figure.set_data(SHORT_DATA[:1])
    assert output.read_text("utf-8") == figure.to_svg(3)


def test_several_facets_without_titles_get_numbered_titles(tmp_path: Path) -> None:
    output = tmp_path / "figure.svg"
    assert run_cli("-", "-o", str(output), stdin=json.dumps(SHORT_DATA)).returncode == 0
    figure = TextualHeatmap(facet_titles=["Facet 1", "Facet 2"])
    figure.set_data(SHORT_DATA)
    assert output.read_text("utf-8") == figure.to_svg()


@pytest.mark.parametrize("name", [None, "characters", "subwords"])
def test_sample(name: str | None, tmp_path: Path) -> None:
    from textualheatmap.samples import load_sample

    args = ["--sample"] + ([name] if name else [])
    result = run_cli(*args, "-o", "demo.svg", cwd=tmp_path)  # the README's demo command
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    sample = load_sample(name or "characters")
    figure = TextualHeatmap(**sample["settings"])
    figure.set_data(sample["data"])
    assert (tmp_path / "demo.svg").read_text("utf-8") == figure.to_svg(sample["highlight"])


@pytest.mark.parametrize("option", sorted(FORMAT_OPTIONS))
@pytest.mark.parametrize("extension", sorted(WRITERS))
def test_format_options_apply_or_are_refused(extension: str, option: str, scores: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    # In-process (the subprocess tests above cover the entry point): every format x every option.
    value = {"index": ["1"], "scale": ["2"], "frames": ["0:3"], "duration": ["50"], "loop": ["1"],
             "tolerance": ["0"], "columns": ["2"]}[option]
    if option == "columns" and _takes(extension, option):
        value += ["--index", "1", "2"]  # columns lay out several highlights
    output = tmp_path / f"figure{extension}"
    status = main([str(scores), "-o", str(output), FORMAT_OPTIONS[option], *value])
    error = capsys.readouterr().err
    if _takes(extension, option):
        assert (status, error) == (0, "")
        assert output.stat().st_size > 0
    else:
        assert status == 2
        assert f"{FORMAT_OPTIONS[option]} does not apply to {extension} output" in error
        assert not output.exists()


def test_gif_frames_and_duration(scores: Path, tmp_path: Path) -> None:
    from PIL import Image

    output = tmp_path / "figure.gif"
    result = run_cli(str(scores), "-o", str(output), "--frames", "0:6:2", "9", "--duration", "70")
    assert result.returncode == 0, result.stderr
    with Image.open(output) as gif:
        assert gif.n_frames == 4
        assert gif.info["duration"] == 70


def test_png_scale(scores: Path, tmp_path: Path) -> None:
    from PIL import Image

    sizes = []
    for scale in ("1", "2"):
        output = tmp_path / f"figure{scale}.png"
        assert run_cli(str(scores), "-o", str(output), "--scale", scale).returncode == 0
        with Image.open(output) as image:
            sizes.append(image.size)
    assert sizes[1] == (2 * sizes[0][0], 2 * sizes[0][1])


def test_help_documents_everything() -> None:
    result = run_cli("--help")
    assert result.returncode == 0 and result.stderr == ""
    for word in ("INPUT", "--output", "--sample", "--width", "--show-meta", "--facet-titles",
                 "--rotate-facet-titles", "--index", "--frames", "--duration", "--scale", "--tolerance",
                 "examples:", "textualheatmap --sample -o demo.svg", '"settings"', *sorted(WRITERS)):
        assert word in result.stdout, word


# ---------------------------------------------------------------- bad input

def _write(tmp_path: Path, name: str, text: str) -> str:
    (tmp_path / name).write_text(text)
    return name


BAD_INPUT = {
    # kind: (command-line arguments, stdin, words the one-line message must hold)
    "missing file": (["absent.json"], None, ["cannot read 'absent.json'", "No such file"]),
    "invalid JSON": (["-"], '[[{"token": "a",]]', ["<stdin> is not valid JSON", "line 1 column"]),
    "wrong shape: heat": (["-"], json.dumps([[{"token": "a", "heat": "hot"}]]),
                          ["data[0][0]['heat'] must be a list of numbers"]),
    "wrong shape: not a list": (["-"], '{"data": 3}', ["data must be a list of facets"]),
    "wrong shape: titles": (["-", "--facet-titles", "A"], json.dumps(SHORT_DATA),
                            ["--facet-titles gives 1 title but <stdin> has 2 facets"]),
    "wrong shape: setting": (["-"], json.dumps({"settings": {"colour": 1}, "data": SHORT_DATA}),
                             ["unknown setting 'colour'"]),
    "unknown extension": (["-"], json.dumps(SHORT_DATA), ["unknown format '.xyz'", "supported extensions"]),
    "bad option": (["-", "--bogus"], json.dumps(SHORT_DATA), ["unrecognized arguments: --bogus"]),
    "bad option: width": (["-", "--width", "-4"], json.dumps(SHORT_DATA),
                          ["--width: width must be at least 108 px", "was -4"]),
    "bad option: index": (["-", "--index", "99"], json.dumps(SHORT_DATA),
                          ["--index: highlight index 99 is out of range"]),
    "bad option: frames": (["-", "--frames", "2:x"], json.dumps(SHORT_DATA), ["--frames"]),
    "bad option: tolerance": (["-", "--tolerance", "300"], json.dumps(SHORT_DATA),
                              ["tolerance must be a whole number of levels from 0 to 255", "was 300"]),
    "no input": ([], None, ["no INPUT"]),
}


@pytest.mark.parametrize("kind", sorted(BAD_INPUT))
def test_bad_input_gives_one_line_status_2_and_no_file(kind: str, tmp_path: Path) -> None:
    args, stdin, words = BAD_INPUT[kind]
    extension = {"unknown extension": ".xyz", "bad option: frames": ".gif",
                 "bad option: tolerance": ".gif"}.get(kind, ".svg")
    output = f"figure{extension}"
    result = run_cli(*args, "-o", output, stdin=stdin, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("textualheatmap: error: ")
    for word in words:
        assert word in lines[0]
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == [], "a failed run left a file behind"


def test_unwritable_output_is_one_line(tmp_path: Path) -> None:
    result = run_cli("--sample", "-o", str(tmp_path / "no" / "such" / "dir" / "x.svg"))
    assert result.returncode == 2
    assert result.stderr.startswith("textualheatmap: error: cannot write") and result.stderr.count("\n") == 1


def test_main_returns_status_without_exiting(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--sample", "-o", str(tmp_path / "x.svg")]) == 0
    assert main([str(tmp_path / "absent.json"), "-o", str(tmp_path / "y.svg")]) == 2
    assert capsys.readouterr().err.count("\n") == 1


# ---------------------------------------------------------------- issue 14: the cases a new user met

def test_index_with_a_gif_is_refused_as_the_api_refuses_it(scores: Path, tmp_path: Path) -> None:
    output = tmp_path / "figure.gif"
    result = run_cli(str(scores), "-o", str(output), "--index", "3")
    assert result.returncode == 2
    assert result.stderr == ("textualheatmap: error: --index does not apply to .gif output; it applies only "
                             "to .html, .pdf, .png, .svg, .tex (an animation shows the highlights given "
                             "with --frames; for this one alone give --frames 3)\n")
    assert not output.exists()
    with pytest.raises(TypeError, match="takes no option 'index'"):  # the API's rule, the same answer
        TextualHeatmap().save(io.BytesIO(), format="gif", index=3)


@pytest.mark.parametrize("titles, facets, words", [
    (["A", "B"], 1, "--facet-titles gives 2 titles but {where} has 1 facet: give one title per facet"),
    (["A"], 2, "--facet-titles gives 1 title but {where} has 2 facets: give one title per facet"),
])
def test_facet_titles_that_do_not_fit_name_the_option_and_both_counts(
        tmp_path: Path, titles: list[str], facets: int, words: str) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps(SHORT_DATA[:facets]))
    result = run_cli(str(path), "-o", str(tmp_path / "x.svg"), "--facet-titles", *titles)
    assert result.returncode == 2
    assert result.stderr == f"textualheatmap: error: {words.format(where=path)}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["one.json"]


def test_facet_titles_in_the_file_that_do_not_fit_blame_the_file(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps({"settings": {"facet_titles": ["A", "B"]}, "data": SHORT_DATA[:1]}))
    result = run_cli(str(path), "-o", str(tmp_path / "x.svg"))
    assert result.returncode == 2
    assert result.stderr.startswith(f"textualheatmap: error: {path}: ") and "--facet-titles" not in result.stderr


def test_a_gif_of_only_format_tokens_does_not_ask_for_set_data(tmp_path: Path) -> None:
    path = tmp_path / "format.json"
    path.write_text(json.dumps([[{"token": "\n", "format": True}, {"token": " ", "format": True}]]))
    result = run_cli(str(path), "-o", str(tmp_path / "x.gif"))
    assert result.returncode == 2
    assert "set_data" not in result.stderr
    assert result.stderr == ("textualheatmap: error: cannot save " + repr(str(tmp_path / "x.gif")) + ": a GIF "
                             "needs at least one frame: frames is empty (the figure has no highlightable tokens: "
                             "every token is a format token, and a GIF shows one frame per highlightable "
                             "token)\n")


@pytest.mark.parametrize("fmt", sorted(extension.lstrip(".") for extension in WRITERS))
def test_output_dash_writes_the_format_to_stdout(scores: Path, tmp_path: Path, fmt: str) -> None:
    result = subprocess.run([sys.executable, "-m", "textualheatmap", str(scores), "-o", "-", "--format", fmt],
                            capture_output=True, check=False)
    assert (result.returncode, result.stderr) == (0, b"")
    path = tmp_path / f"figure.{fmt}"
    assert run_cli(str(scores), "-o", str(path)).returncode == 0
    assert result.stdout == path.read_bytes()


@pytest.mark.parametrize("fmt", ["svg", "gif"])
def test_output_dash_into_head(scores: Path, tmp_path: Path, fmt: str) -> None:
    # The README's pipe: head closes stdout after 100 bytes (long before a GIF's end).
    whole = tmp_path / f"whole.{fmt}"
    assert run_cli(str(scores), "-o", str(whole)).returncode == 0
    command = f"{sys.executable} -m textualheatmap {scores} -o - --format {fmt} | head -c 100"
    result = subprocess.run(["bash", "-o", "pipefail", "-c", command], capture_output=True, check=False)
    assert result.stdout == whole.read_bytes()[:100]
    assert result.stderr == b""
    assert result.returncode in (0, 1)  # 1: the pipe closed before the end, as --help says


def test_output_dash_needs_format(scores: Path) -> None:
    result = run_cli(str(scores), "-o", "-")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == ("textualheatmap: error: -o - writes to standard output, which has no extension: "
                             "give the format with --format (gif, html, pdf, png, svg, tex)\n")


def test_format_overrides_the_extension(scores: Path, tmp_path: Path) -> None:
    output = tmp_path / "figure.img"
    assert run_cli(str(scores), "-o", str(output), "--format", "png").returncode == 0
    assert output.read_bytes().startswith(b"\x89PNG")


@pytest.mark.parametrize("case", ["missing folder", "folder as file"])
def test_bad_output_paths_name_the_users_path(scores: Path, tmp_path: Path, case: str) -> None:
    output = tmp_path / "missing" / "x.gif" if case == "missing folder" else tmp_path
    result = run_cli(str(scores), "-o", str(output), "--format", "gif")
    assert result.returncode == 2
    expected = {"missing folder": f"the folder {str(tmp_path / 'missing')!r} does not exist",
                "folder as file": "it is a folder; give a file name inside it"}[case]
    assert result.stderr == f"textualheatmap: error: cannot write {str(output)!r}: {expected}\n"
