"""Notebook display: inline SVG, shown once and updated in place; silent elsewhere."""
from __future__ import annotations

import subprocess
import sys

from textualheatmap import TextualHeatmap


class FakeHandle:
    def __init__(self) -> None:
        self.updates: list[dict] = []

    def update(self, bundle: dict, raw: bool = False) -> None:
        assert raw
        self.updates.append(bundle)


def test_display_once_then_update_in_place() -> None:
    handles: list[FakeHandle] = []
    shown = []

    def display(bundle: dict, raw: bool = False, display_id: bool = False) -> FakeHandle:
        assert raw
        shown.append((bundle, display_id))
        handles.append(FakeHandle())
        return handles[-1]

    heatmap = TextualHeatmap(display_fn=display)
    assert [display_id for _, display_id in shown] == [True, True]
    assert set(shown[0][0]) == {"image/png", "text/plain"} and set(shown[1][0]) == {"application/javascript"}
    heatmap.set_data([[{"token": "a", "heat": [1, 0]}, {"token": "b", "heat": [0, 1]}]])
    heatmap.highlight(1)
    assert len(shown) == 2 and [len(handle.updates) for handle in handles] == [2, 2]
    assert [handle.updates[-1] for handle in handles] == heatmap.notebook_outputs()
    assert handles[0].updates[-1] != handles[0].updates[0]


def test_repr_svg_is_the_current_figure() -> None:
    heatmap = TextualHeatmap()
    heatmap.set_data([[{"token": "a", "heat": [1]}]])
    assert heatmap._repr_svg_() == heatmap.to_svg()
    heatmap.highlight(0)
    assert heatmap._repr_svg_() == heatmap.to_svg(0) != TextualHeatmap()._repr_svg_()


def test_nothing_is_printed_outside_ipython() -> None:
    script = (
        "from textualheatmap import TextualHeatmap\n"
        "h = TextualHeatmap(show_meta=True)\n"
        "h.set_data([[{'token': 'a', 'heat': [1]}]])\n"
        "h.highlight(0)\n"
        "import sys; print('IPython' in sys.modules, end='')\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout == "False" and result.stderr == ""
