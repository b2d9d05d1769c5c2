"""The seed README's first example, run as a notebook in a real Jupyter kernel."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sample_data import char_data

from textualheatmap import TextualHeatmap

pytestmark = pytest.mark.ci_must_run

# The seed README's first example, with its data from the tests' generator.
EXAMPLE = """\
from textualheatmap import TextualHeatmap
from sample_data import char_data

data = char_data()

heatmap = TextualHeatmap(
    width = 600,
    show_meta = True,
    facet_titles = ['GRU', 'LSTM']
)
# Set data and render plot, this can be called again to replace
# the data.
heatmap.set_data(data)
# Focus on the token with the given index. Especially useful when
# `interactive=False` is used in `TextualHeatmap`.
heatmap.highlight(159)
"""
LATER = "heatmap.highlight(3)"


def run_notebook(*sources: str) -> tuple[Any, list[tuple[str, str | None]]]:
    """Execute cells in a python3 kernel started in tests/ (so ``sample_data`` imports);
    returns the notebook and each display message's (type, display id)."""
    try:
        import nbformat
        from nbclient import NotebookClient
    except ImportError:
        pytest.skip("nbclient/nbformat are not installed (pip install nbclient nbformat ipykernel)")
    try:
        import ipykernel  # noqa: F401 - the kernel the notebook runs in
    except ImportError:
        pytest.skip("ipykernel is not installed (pip install ipykernel)")
    messages: list[tuple[str, str | None]] = []

    class Recording(NotebookClient):
        def process_message(self, msg: dict, cell: Any, cell_index: int) -> Any:
            kind = msg["msg_type"]
            if kind in ("display_data", "update_display_data"):
                messages.append((kind, msg["content"].get("transient", {}).get("display_id")))
            return super().process_message(msg, cell, cell_index)

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    client = Recording(notebook, kernel_name="python3", timeout=600,
                       resources={"metadata": {"path": str(Path(__file__).parent)}})
    client.execute()
    return notebook, messages


def expected(index: int) -> TextualHeatmap:
    heatmap = TextualHeatmap(width=600, show_meta=True, facet_titles=["GRU", "LSTM"])
    heatmap.set_data(char_data())
    heatmap.highlight(index)
    return heatmap


def test_example_shows_the_figure_as_svg_and_as_html() -> None:
    notebook, messages = run_notebook(EXAMPLE)
    # One display, shown by the constructor and updated in place by set_data and
    # highlight(159): the figure at 159, as SVG and as HTML holding the SVG and its script.
    outputs = notebook.cells[0].outputs
    assert [output["output_type"] for output in outputs] == ["display_data"]
    svg = expected(159).to_svg()
    assert outputs[0]["data"]["image/svg+xml"] == svg
    assert svg in outputs[0]["data"]["text/html"] and "<script>" in outputs[0]["data"]["text/html"]
    assert [kind for kind, _ in messages] == ["display_data", "update_display_data",
                                              "update_display_data"]
    assert len({display_id for _, display_id in messages}) == 1 and messages[0][1]


def test_a_highlight_in_a_later_cell_updates_the_earlier_display() -> None:
    notebook, messages = run_notebook(EXAMPLE, LATER)
    first, second = notebook.cells
    assert second.outputs == []
    assert [output["output_type"] for output in first.outputs] == ["display_data"]
    data = first.outputs[0]["data"]
    svg = expected(3).to_svg()
    assert data["image/svg+xml"] == svg != expected(159).to_svg()
    assert svg in data["text/html"]
    kinds = [kind for kind, _ in messages]
    assert kinds == ["display_data", "update_display_data", "update_display_data",
                     "update_display_data"]
    assert len({display_id for _, display_id in messages}) == 1 and messages[0][1]


def test_interactive_false_shows_the_static_svg_only() -> None:
    notebook, _ = run_notebook(EXAMPLE.replace("show_meta = True,",
                                               "show_meta = True, interactive = False,"))
    data = notebook.cells[0].outputs[0]["data"]
    assert set(data) == {"image/svg+xml", "text/plain"}
    assert data["image/svg+xml"] == expected(159).to_svg()
