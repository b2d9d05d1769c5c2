"""Notebook display: inline SVG, shown once and updated in place; silent elsewhere."""
from __future__ import annotations

import subprocess
import sys

from textualheatmap import TextualHeatmap


class FakeHandle:
    def __init__(self) -> None:
        self.updates: list[str] = []

    def update(self, obj: TextualHeatmap) -> None:
        self.updates.append(obj._repr_svg_())


def test_display_once_then_update_in_place() -> None:
    handle = FakeHandle()
    shown = []

    def display(obj: object, display_id: bool = False) -> FakeHandle:
        shown.append((obj, display_id))
        return handle

    heatmap = TextualHeatmap(display_fn=display)
    assert shown == [(heatmap, True)]
    heatmap.set_data([[{"token": "a", "heat": [1, 0]}, {"token": "b", "heat": [0, 1]}]])
    heatmap.highlight(1)
    assert len(shown) == 1 and len(handle.updates) == 2
    assert handle.updates[-1] == heatmap.to_svg(1) != handle.updates[0]


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
