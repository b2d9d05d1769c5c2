"""The notebook output in real front ends: JupyterLab and Notebook 7 servers (each with its
own config, data and runtime folders, so a notebook one signs is untrusted by the other),
nbconvert's HTML both ways, all looked at in Debian's Chromium through Playwright.

Screenshots of the places go to $TEXTUALHEATMAP_SCREENSHOTS when set (tests/screenshots/
holds the ones we looked at), else to a temporary folder.
Pixels of a static picture are compared with ``to_png`` of the same highlight: mean
absolute difference at most MAX_MEAN_DIFF levels and 99.5% of channels within
MAX_CHANNEL_DIFF (the picture is a 256-colour PNG drawn by the GIF compositor; to_png is
cairosvg in full colour).
"""
from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image
from sample_data import char_data
from test_kernel import EXAMPLE

from textualheatmap import TextualHeatmap

pytestmark = pytest.mark.ci_must_run

TESTS = Path(__file__).parent
SHOTS = Path(os.environ.get("TEXTUALHEATMAP_SCREENSHOTS") or tempfile.mkdtemp(prefix="thm-shots-"))
MAX_MEAN_DIFF = 3.0
MAX_CHANNEL_DIFF = 48
TOKEN = "textualheatmap-test-token"
BARE = "TextualHeatmap(facet_titles=['bare'])"


def expected(index: int, interactive: bool = True) -> TextualHeatmap:
    heatmap = TextualHeatmap(width=600, show_meta=True, facet_titles=["GRU", "LSTM"],
                             interactive=interactive, display_fn=lambda *a, **k: None)
    heatmap.set_data(char_data())
    heatmap.highlight(index)
    return heatmap


def assert_same_picture(shot: bytes, index: int) -> None:
    got = np.asarray(Image.open(io.BytesIO(shot)).convert("RGB")).astype(int)
    drawn = Image.open(io.BytesIO(expected(index).to_png())).convert("RGBA")
    # to_png is transparent where nothing is drawn; the pages are white there.
    want = np.asarray(Image.alpha_composite(Image.new("RGBA", drawn.size, "#ffffff"), drawn)
                      .convert("RGB")).astype(int)
    # An element at a fractional position is captured a pixel larger: the best-aligned crop.
    extra_y, extra_x = got.shape[0] - want.shape[0], got.shape[1] - want.shape[1]
    assert 0 <= extra_y <= 1 and 0 <= extra_x <= 1, (got.shape, want.shape)
    height, width = want.shape[:2]
    diff = min((np.abs(got[y:y + height, x:x + width] - want) for y in range(extra_y + 1)
                for x in range(extra_x + 1)), key=lambda d: float(d.mean()))
    assert diff.mean() <= MAX_MEAN_DIFF and np.percentile(diff, 99.5) <= MAX_CHANNEL_DIFF


def executed(tmp: Path, name: str, source: str) -> Path:
    """A notebook of ``source`` executed by nbclient (so untrusted everywhere else)."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source)]
    nbclient.NotebookClient(notebook, kernel_name="python3", timeout=300,
                            resources={"metadata": {"path": str(TESTS)}}).execute()
    path = tmp / name
    nbformat.write(notebook, path)
    return path


@pytest.fixture(scope="module")
def notebooks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("notebooks")
    static = EXAMPLE.replace("show_meta = True,", "show_meta = True, interactive = False,")
    return {"live": executed(root, "live.ipynb", EXAMPLE),
            "static": executed(root, "static.ipynb", static)}


def nbconvert(notebook: Path, sanitize: bool) -> Path:
    pytest.importorskip("nbconvert")
    out = notebook.with_name(f"{notebook.stem}{'-sanitized' if sanitize else ''}.html")
    command = [sys.executable, "-m", "nbconvert", "--to", "html", "--output", out.name, str(notebook)]
    subprocess.run(command + (["--sanitize-html"] if sanitize else []), check=True, capture_output=True)
    return out


def picture(page: Any) -> Any:
    """The one visible figure: the live SVG, else the static picture."""
    figures = page.locator(".thm-live svg:visible, img[src^='data:image/png']:visible, "
                           "img[src^='data:image/svg']:visible")
    figures.first.wait_for(state="visible", timeout=60_000)
    assert figures.count() == 1
    return figures.first


def hover_changes(page: Any, figure: Any) -> None:
    before = figure.screenshot()
    box = figure.bounding_box()
    page.mouse.move(box["x"] + 40, box["y"] + 60)
    page.mouse.move(box["x"] + 42, box["y"] + 62)
    page.wait_for_timeout(200)
    assert figure.screenshot() != before


@pytest.mark.parametrize("sanitize", [False, True], ids=["live", "sanitized"])
def test_nbconvert_html(browser: Any, notebooks: dict[str, Path], sanitize: bool) -> None:
    page = browser.new_page(viewport={"width": 1000, "height": 900})
    page.goto(nbconvert(notebooks["live"], sanitize).as_uri())
    figure = picture(page)
    page.screenshot(path=str(SHOTS / f"nbconvert-{'sanitized' if sanitize else 'live'}.png"), full_page=True)
    assert_same_picture(figure.screenshot(), 159)
    if sanitize:
        assert page.locator(".thm-live").count() == 0
    else:
        assert page.locator(".thm-live svg").count() == 1
        hover_changes(page, figure)
    page.close()


def test_nbconvert_static_figure_shows_its_svg(browser: Any, notebooks: dict[str, Path]) -> None:
    page = browser.new_page(viewport={"width": 1000, "height": 900})
    page.goto(nbconvert(notebooks["static"], True).as_uri())
    figure = picture(page)
    assert (figure.get_attribute("src") or "").startswith("data:image/svg+xml")
    assert_same_picture(figure.screenshot(), 159)
    page.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Server:
    """A JupyterLab or Notebook 7 server on 127.0.0.1 with its own folders, stopped by PID."""

    def __init__(self, app: str, home: Path, root: Path) -> None:
        self.app, self.root, self.port = app, root, free_port()
        env = {**os.environ, "JUPYTER_CONFIG_DIR": str(home / "config"),
               "JUPYTER_DATA_DIR": str(home / "data"), "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
               "PYTHONPATH": os.pathsep.join([str(TESTS), str(TESTS.parent), os.environ.get("PYTHONPATH", "")])}
        self.log = open(home / "server.log", "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [sys.executable, "-m", app, "--no-browser", f"--port={self.port}", "--ip=127.0.0.1",
             f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={root}",
             "--ServerApp.port_retries=0", "--allow-root"],
            env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self.url = f"http://127.0.0.1:{self.port}"
        for _ in range(600):
            try:
                urllib.request.urlopen(f"{self.url}/api/status?token={TOKEN}", timeout=1)
                return
            except OSError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"{app} did not start: {(home / 'server.log').read_text()[-2000:]}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory, notebooks: dict[str, Path]) -> Iterator[dict[str, Server]]:
    for module in ("jupyterlab", "notebook"):
        pytest.importorskip(module)
    root = notebooks["live"].parent
    started: dict[str, Server] = {}
    try:
        for app in ("jupyterlab", "notebook"):
            started[app] = Server(app, tmp_path_factory.mktemp(app), root)
        yield started
    finally:
        for server in started.values():
            server.stop()


def open_notebook(browser: Any, server: Server, name: str) -> Any:
    page = browser.new_page(viewport={"width": 1200, "height": 1000})
    prefix = "lab/tree" if server.app == "jupyterlab" else "notebooks"
    # reset: no workspace restored from an earlier page (no other notebook tab)
    page.goto(f"{server.url}/{prefix}/{name}?reset&token={TOKEN}")
    return page


@pytest.mark.parametrize("app", ["jupyterlab", "notebook"])
@pytest.mark.parametrize("kind", ["live", "static"])
def test_untrusted_notebook_shows_the_static_picture(browser: Any, servers: dict[str, Server],
                                                     app: str, kind: str) -> None:
    page = open_notebook(browser, servers[app], f"{kind}.ipynb")
    figure = picture(page)
    assert (figure.get_attribute("src") or "").startswith("data:image/png")
    page.wait_for_timeout(500)
    page.screenshot(path=str(SHOTS / f"{app}-untrusted-{kind}.png"))
    assert_same_picture(figure.screenshot(), 159)
    page.close()


def run_in_ui(browser: Any, server: Server, name: str, source: str) -> Any:
    """Write ``source`` into a new notebook's cell in the UI and run it (trusted: made here)."""
    nbformat = pytest.importorskip("nbformat")
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source)]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, server.root / name)
    page = open_notebook(browser, server, name)
    editor = page.locator(".jp-Cell .cm-content").first
    editor.wait_for(timeout=60_000)
    # A run before the kernel is connected is dropped: run until the prompt shows it ran.
    started = "() => /\\[[*0-9]/.test(document.querySelector('.jp-Cell .jp-InputPrompt').textContent)"
    for _ in range(12):
        if page.locator(".jp-Dialog").count():  # such as a kernel choice: take the default
            page.keyboard.press("Enter")
            page.wait_for_timeout(500)
            continue
        try:
            editor.click(timeout=10_000)
            page.keyboard.press("Control+Enter")
            page.wait_for_function(started, timeout=10_000)
            break
        except Exception:  # noqa: BLE001 - Playwright's TimeoutError: try again
            continue
    return page


@pytest.mark.parametrize("app", ["jupyterlab", "notebook"])
def test_trusted_example_is_one_live_figure_at_the_highlight(browser: Any, servers: dict[str, Server],
                                                             app: str) -> None:
    page = run_in_ui(browser, servers[app], f"trusted-{app}.ipynb", EXAMPLE)
    page.locator(".thm-live svg").first.wait_for(timeout=120_000)
    page.wait_for_timeout(1000)
    figure = picture(page)
    assert page.locator(".thm-live svg").count() == 1
    assert (page.locator(".thm-live").get_attribute("aria-label") or "").startswith("Textual heatmap. GRU: ")
    page.screenshot(path=str(SHOTS / f"{app}-trusted.png"))
    assert_same_picture(figure.screenshot(), 159)
    hover_changes(page, figure)
    page.close()


def test_bare_expression_shows_one_figure(browser: Any, servers: dict[str, Server]) -> None:
    source = "from textualheatmap import TextualHeatmap\n" + BARE
    page = run_in_ui(browser, servers["jupyterlab"], "bare.ipynb", source)
    page.locator(".thm-live svg").first.wait_for(timeout=120_000)
    page.wait_for_timeout(1000)
    picture(page)
    page.screenshot(path=str(SHOTS / "jupyterlab-bare.png"))
    assert page.locator(".thm-live svg").count() == 1
    page.close()


def test_nbconvert_live_figure_pins_and_shows_scores(browser: Any, notebooks: dict[str, Path]) -> None:
    # The notebook's live figure (notebook.py's script) pins as the HTML page does (test_pin.py).
    page = browser.new_page(viewport={"width": 1000, "height": 900})
    page.goto(nbconvert(notebooks["live"], False).as_uri())
    figure = picture(page)
    box = figure.bounding_box()
    layout = expected(159).scene.layout.facets[0]
    pieces = layout.fragments

    def at(token: int) -> tuple[float, float]:
        k = int(np.flatnonzero(pieces.token == token)[0])
        return box["x"] + float(pieces.x[k] + pieces.w[k] / 2), box["y"] + float(pieces.y[k] + pieces.height / 2)

    page.mouse.click(*at(40))
    assert page.get_attribute(".thm-live", "data-thm-pinned") == "40"
    page.mouse.move(*at(30))
    score = page.get_attribute(".thm-live .thm-tooltip", "data-score")
    assert float(score or "nan") == expected(159).scene.facets[0].counted[40].heat[30]
    page.keyboard.press("Escape")
    assert page.get_attribute(".thm-live", "data-thm-pinned") is None
    page.close()
