"""The notebook output where front ends put outputs in sandboxed frames, and GitHub's static
view: emulated, since neither Colab, VS Code nor GitHub can be reached from here.

Host pages are built from the outputs of a notebook executed by nbclient (what every front
end is given) and looked at in Debian's Chromium through Playwright:

- each output in its own ``<iframe sandbox="allow-scripts">`` (Colab's and VS Code's
  isolation at its strictest): the script cannot reach the picture, so the picture is the
  one figure and the script shows nothing;
- all of a cell's outputs in one sandboxed frame, each in its own div, the script given its
  div as ``element`` (VS Code's webview, Colab's output frame): the live figure replaces
  the picture;
- the same frame with no ``element`` at all (Colab): the picture stays, no error.
- the same frame in a browser without ``DecompressionStream`` (the script's data comes
  deflated): the picture stays, no error.

Screenshots and the pixel tolerance are test_frontends.py's.
"""
from __future__ import annotations

import base64
import html
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_frontends import SHOTS, assert_same_picture, executed, hover_changes, nbconvert
from test_kernel import EXAMPLE

pytestmark = pytest.mark.ci_must_run

# Every figure a front end could show: the live SVG or a picture (PNG, or SVG as an image).
FIGURES = (".thm-live svg:visible, img[src^='data:image/png']:visible, "
           "img[src^='data:image/svg']:visible")
# Set by a script run right after the figure's script: how many live figures it built.
BUILT = ("<script>document.body.setAttribute('data-live-built', "
         "document.querySelectorAll('.thm-live').length);</script>")


class CellOutputs:
    """The picture and the script of the example's cell, as nbclient stored them."""

    def __init__(self, notebook: Path) -> None:
        nbformat = pytest.importorskip("nbformat")
        outputs = nbformat.read(notebook, as_version=4).cells[0].outputs
        self.png = outputs[0]["data"]["image/png"]
        self.script = outputs[1]["data"]["application/javascript"]
        # The PNG's own header: the frames are sized to the figure, as front ends size theirs.
        header = base64.b64decode(self.png[:44])
        self.width, self.height = struct.unpack(">II", header[16:24])

    def picture_html(self) -> str:
        return f'<div class="output"><img src="data:image/png;base64,{self.png}"></div>'

    def script_html(self, element: bool) -> str:
        """The script's output div and the script, run with that div as ``element`` or with
        no ``element`` defined; then BUILT."""
        given = "<script>var element = document.getElementById('script-output');</script>" if element else ""
        # The script's strings are safe inside <script> (notebook.js_string), as is hover.js.
        return (f'<div class="output" id="script-output"></div>{given}'
                f"<script>{self.script}</script>{BUILT}")


def sandboxed(name: str, body: str, width: int, height: int) -> str:
    """An iframe that runs scripts in an opaque origin, as Colab and VS Code isolate outputs."""
    document = f'<!DOCTYPE html><html><body style="margin:0">{body}</body></html>'
    return (f'<iframe name="{name}" sandbox="allow-scripts" style="border:0;display:block" '
            f'width="{width}" height="{height}" srcdoc="{html.escape(document, quote=True)}"></iframe>')


@pytest.fixture(scope="module")
def live_notebook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return executed(tmp_path_factory.mktemp("iframes"), "live.ipynb", EXAMPLE)


@pytest.fixture(scope="module")
def cell(live_notebook: Path) -> CellOutputs:
    return CellOutputs(live_notebook)


@pytest.fixture
def errors() -> list[str]:
    """The uncaught errors of the test's page, its frames' included."""
    return []


@pytest.fixture
def page(browser: Any, errors: list[str]) -> Iterator[Any]:
    page = browser.new_page(viewport={"width": 900, "height": 900})
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    page.close()


def host(page: Any, tmp: Path, frames: str) -> None:
    path = tmp / "host.html"
    path.write_text(f'<!DOCTYPE html><html><body style="margin:8px">{frames}</body></html>', "utf-8")
    page.goto(path.as_uri())


def frame_named(page: Any, name: str) -> Any:
    """The frame of the host's iframe ``name`` (page.frame(name=...) may not know it yet)."""
    frame = page.locator(f"iframe[name='{name}']").element_handle().content_frame()
    assert frame is not None
    return frame


def visible_figures(page: Any) -> list[Any]:
    """Every visible figure in the page and its frames (by their iframes, all attached)."""
    found = []
    frames = [handle.content_frame() for handle in page.locator("iframe").element_handles()]
    for frame in [page.main_frame, *frames]:
        figures = frame.locator(FIGURES)
        found += [figures.nth(i) for i in range(figures.count())]
    return found


def script_ran(frame: Any) -> int:
    """Waits for the script's frame to have run it; the live figures it built."""
    frame.wait_for_selector("body[data-live-built]", state="attached")
    return int(frame.locator("body").get_attribute("data-live-built"))


def test_each_output_in_its_own_frame_shows_the_picture_alone(page: Any, errors: list[str],
                                                              cell: CellOutputs, tmp_path: Path) -> None:
    size = (cell.width, cell.height)
    host(page, tmp_path, sandboxed("picture", cell.picture_html(), *size)
         + sandboxed("script", cell.script_html(element=True), *size))
    script = frame_named(page, "script")
    # Built hidden, never shown: the picture is out of the script's reach.
    assert script_ran(script) == 1
    assert script.locator(".thm-live").is_hidden()
    # Its tries over, the script removes what it built.
    script.wait_for_selector(".thm-live", state="detached")
    figures = visible_figures(page)
    assert len(figures) == 1
    assert (figures[0].get_attribute("src") or "").startswith("data:image/png")
    assert script.locator("svg").count() == 0 and errors == []
    page.screenshot(path=str(SHOTS / "iframe-per-output.png"))
    assert_same_picture(figures[0].screenshot(), 159)


def test_a_cells_outputs_in_one_frame_show_the_live_figure(page: Any, errors: list[str],
                                                           cell: CellOutputs, tmp_path: Path) -> None:
    body = cell.picture_html() + cell.script_html(element=True)
    host(page, tmp_path, sandboxed("cell", body, cell.width, 2 * cell.height))
    frame = frame_named(page, "cell")
    frame.locator(".thm-live svg").wait_for(state="visible")
    figures = visible_figures(page)
    assert len(figures) == 1 and frame.locator("img").is_hidden()
    assert frame.locator(".thm-live").get_attribute("aria-label").startswith("Textual heatmap. GRU: ")
    page.screenshot(path=str(SHOTS / "iframe-per-cell.png"))
    assert_same_picture(figures[0].screenshot(), 159)
    hover_changes(page, figures[0])
    assert errors == []


def test_no_element_keeps_the_picture_without_an_error(page: Any, errors: list[str],
                                                       cell: CellOutputs, tmp_path: Path) -> None:
    body = cell.picture_html() + cell.script_html(element=False)
    # A control frame running the call the script made before it looked for ``element``
    # first: its error shows this page's listener hears errors from sandboxed frames.
    control = "<script>(function (element) {})(element);</script>"
    with page.expect_event("pageerror"):  # the control's, which may come after the load
        host(page, tmp_path, sandboxed("cell", body, cell.width, 2 * cell.height)
             + sandboxed("control", control, 10, 10))
    assert script_ran(frame_named(page, "cell")) == 0
    figures = visible_figures(page)
    assert len(figures) == 1
    assert (figures[0].get_attribute("src") or "").startswith("data:image/png")
    page.screenshot(path=str(SHOTS / "iframe-no-element.png"))
    assert_same_picture(figures[0].screenshot(), 159)
    assert len(errors) == 1 and "element is not defined" in errors[0], errors


def test_github_static_view_shows_the_picture(browser: Any, live_notebook: Path, tmp_path: Path) -> None:
    """An emulation of GitHub's notebook view, which cannot be reached from here: GitHub
    renders the .ipynb to sanitised HTML, runs none of its scripts and shows it in a
    sandboxed iframe. Here: nbconvert's HTML with ``--sanitize-html``, in an iframe with an
    empty sandbox (no scripts), in a browser context with JavaScript disabled."""
    converted = nbconvert(live_notebook, sanitize=True).read_text("utf-8")
    assert "thmHover" not in converted  # the sanitiser drops the script, as GitHub does
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1000, "height": 900})
    page = context.new_page()
    host(page, tmp_path, '<iframe name="notebook" sandbox="" style="border:0" width="980" height="880" '
                         f'srcdoc="{html.escape(converted, quote=True)}"></iframe>')
    notebook = frame_named(page, "notebook")
    notebook.locator(FIGURES).first.wait_for(state="visible")
    figures = visible_figures(page)
    assert len(figures) == 1
    assert (figures[0].get_attribute("src") or "").startswith("data:image/png")
    assert notebook.locator(".thm-live").count() == 0
    page.screenshot(path=str(SHOTS / "github-static-view.png"))
    assert_same_picture(figures[0].screenshot(), 159)
    context.close()


def test_without_decompression_the_picture_stays(page: Any, errors: list[str],
                                                 cell: CellOutputs, tmp_path: Path) -> None:
    """Browsers older than DecompressionStream (the script's data comes deflated) keep the
    picture, with no error: the same cell as above, with the stream taken away first."""
    older = "<script>window.DecompressionStream = undefined;</script>"
    body = cell.picture_html() + older + cell.script_html(element=True)
    host(page, tmp_path, sandboxed("cell", body, cell.width, 2 * cell.height))
    assert script_ran(frame_named(page, "cell")) == 0
    figures = visible_figures(page)
    assert len(figures) == 1
    assert (figures[0].get_attribute("src") or "").startswith("data:image/png")
    assert_same_picture(figures[0].screenshot(), 159)
    assert errors == []
