"""The seed README's first example, run as a notebook in a real Jupyter kernel."""
from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sample_data import char_data

from textualheatmap import TextualHeatmap
from textualheatmap.formats.notebook import png_array

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


def expected(index: int, **options: Any) -> TextualHeatmap:
    heatmap = TextualHeatmap(width=600, show_meta=True, facet_titles=["GRU", "LSTM"], **options)
    heatmap.set_data(char_data())
    heatmap.highlight(index)
    return heatmap


def pixels(bundle: dict) -> np.ndarray:
    return png_array(base64.b64decode(bundle["image/png"]))


def test_example_shows_one_picture_and_one_script_updated_in_place() -> None:
    notebook, messages = run_notebook(EXAMPLE)
    # Two displays (picture, script) shown by the constructor and updated in place by
    # set_data and highlight(159).
    outputs = notebook.cells[0].outputs
    assert [output["output_type"] for output in outputs] == ["display_data", "display_data"]
    want = expected(159).notebook_outputs()
    assert set(outputs[0]["data"]) == {"image/png", "text/plain"}
    assert np.array_equal(pixels(outputs[0]["data"]), pixels(want[0]))
    assert outputs[0]["data"]["text/plain"] == want[0]["text/plain"]
    assert outputs[1]["data"] == want[1]
    assert [kind for kind, _ in messages] == ["display_data"] * 2 + ["update_display_data"] * 4
    first, second = messages[0][1], messages[1][1]
    assert first and second and first != second
    assert [display_id for _, display_id in messages[2:]] == [first, second] * 2


def test_a_highlight_in_a_later_cell_updates_the_earlier_display() -> None:
    notebook, messages = run_notebook(EXAMPLE, LATER)
    first, second = notebook.cells
    assert second.outputs == []
    assert [output["output_type"] for output in first.outputs] == ["display_data", "display_data"]
    assert np.array_equal(pixels(first.outputs[0]["data"]), pixels(expected(3).notebook_outputs()[0]))
    assert first.outputs[1]["data"] == expected(3).notebook_outputs()[1]
    assert [kind for kind, _ in messages] == ["display_data"] * 2 + ["update_display_data"] * 6


def test_interactive_false_shows_the_static_picture_only() -> None:
    notebook, _ = run_notebook(EXAMPLE.replace("show_meta = True,",
                                               "show_meta = True, interactive = False,"))
    (output,) = notebook.cells[0].outputs
    assert set(output["data"]) == {"image/svg+xml", "image/png", "text/plain"}
    assert output["data"]["image/svg+xml"] == expected(159).to_svg()


def test_a_bare_expression_shows_one_figure_and_later_cells_reach_it() -> None:
    made = "from textualheatmap import TextualHeatmap\nheatmap = None\nTextualHeatmap(facet_titles=['a'])"
    notebook, messages = run_notebook(made, "heatmap = _\nheatmap.set_data([[{'token': 'x', 'heat': [1]}]])",
                                      "heatmap")
    first, second, third = notebook.cells
    assert [output["output_type"] for output in first.outputs] == ["display_data", "display_data"]
    assert second.outputs == []
    # Shown again when evaluated in a later cell: the same two display ids.
    assert [output["output_type"] for output in third.outputs] == ["display_data", "display_data"]
    ids = [display_id for _, display_id in messages]
    assert len(set(ids)) == 2 and ids[-2:] == ids[:2]
