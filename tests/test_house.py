"""The floor plan holds: imports run one way (no cycles; nothing that draws or writes
knows the user's class), the SVG's group classes agree with the hover script, no module
grows past 400 lines, and the original's import path still works."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from textualheatmap.formats.svg import GROUP

PACKAGE = Path(__file__).resolve().parent.parent / "textualheatmap"
USER_CLASS_MODULES = {"textualheatmap", "textualheatmap.heatmap", "textualheatmap.textual_heatmap"}
# Modules that draw or write: every one below these folders, and the Scene they read.
DRAWING = ("textualheatmap.formats", "textualheatmap.layout", "textualheatmap.scene",
           "textualheatmap.frame")
MOST_LINES = 400


def module_names(root: Path) -> dict[str, Path]:
    """Dotted name -> file of every module of the package at ``root``."""
    names = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join(parts)] = path
    return names


def imports_of(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The package's modules that ``name`` imports, TYPE_CHECKING blocks included."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([node.module] if node.module else []))
            # "from pkg import mod" imports the module mod where there is one.
            found.update(f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                         for alias in node.names)
    return {module for module in found if module in known}


def import_graph(root: Path) -> dict[str, set[str]]:
    known = module_names(root)
    return {name: imports_of(name, path, known) for name, path in known.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a list of modules (first == last), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                return path[path.index(target):] + [target]
            if target not in state and (cycle := visit(target)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_the_package_has_no_import_cycle() -> None:
    graph = import_graph(PACKAGE)
    assert len(graph) > 30 and "textualheatmap.formats.gif.encoder" in graph
    assert find_cycle(graph) is None, " -> ".join(find_cycle(graph) or [])


def test_nothing_that_draws_or_writes_imports_the_users_class() -> None:
    graph = import_graph(PACKAGE)
    drawing = [name for name in graph if name.startswith(DRAWING)]
    assert len(drawing) > 20
    offenders = {name: sorted(graph[name] & USER_CLASS_MODULES) for name in drawing
                 if graph[name] & USER_CLASS_MODULES}
    assert offenders == {}


def test_the_checks_see_a_cycle_and_a_forbidden_import(tmp_path: Path) -> None:
    # The two tests above must be able to fail: a made-up package with both faults.
    root = tmp_path / "textualheatmap"
    (root / "formats").mkdir(parents=True)
    (root / "__init__.py").write_text("from .heatmap import TextualHeatmap\n")
    (root / "heatmap.py").write_text("from .formats import svg\n")
    (root / "formats" / "__init__.py").write_text("")
    (root / "formats" / "svg.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..heatmap import TextualHeatmap\n")
    graph = import_graph(root)
    assert graph["textualheatmap.formats.svg"] == {"textualheatmap.heatmap"}
    cycle = find_cycle(graph)
    assert cycle is not None and cycle[0] == cycle[-1]
    assert set(cycle) == {"textualheatmap.formats.svg", "textualheatmap.heatmap"}


def test_no_module_is_over_400_lines() -> None:
    sizes = {str(path.relative_to(PACKAGE)): len(path.read_text(encoding="utf-8").splitlines())
             for path in PACKAGE.rglob("*.py")}
    # The generated colour tables are data, written by scripts/make_colormaps.py.
    sizes.pop("colormap_tables.py")
    assert {name: lines for name, lines in sizes.items() if lines > MOST_LINES} == {}


def test_the_hover_script_finds_groups_by_the_svg_writers_classes() -> None:
    script = (PACKAGE / "formats" / "assets" / "hover.js").read_text(encoding="utf-8")
    selected = set(re.findall(r"""querySelector(?:All)?\(['"]g\.([\w-]+)['"]\)""", script))
    assert selected == {GROUP.facet, GROUP.heat, GROUP.underline, GROUP.meta, GROUP.tokens}
    assert GROUP.per_frame == {GROUP.meta, GROUP.heat, GROUP.underline, GROUP.tokens}


def test_the_originals_import_path_works() -> None:
    from textualheatmap import TextualHeatmap
    from textualheatmap.textual_heatmap import TextualHeatmap as Original

    assert Original is TextualHeatmap


@pytest.mark.parametrize("name", ["the GIF palette", "line wrapping", "what one highlight changes",
                                  "how a heat becomes a colour"])
def test_a_newcomer_finds_each_room_by_its_name(name: str) -> None:
    # The README's map names the module of each; each module says so in its first line.
    rooms = {"the GIF palette": "formats/gif/palette.py", "line wrapping": "layout/wrap.py",
             "what one highlight changes": "frame.py", "how a heat becomes a colour": "colormap.py"}
    readme = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
    assert f"`{Path(rooms[name]).name}`" in readme or f"`{rooms[name]}`" in readme
    first_line = (PACKAGE / rooms[name]).read_text(encoding="utf-8").split("\n")[0].lower()
    keyword = {"the GIF palette": "palette", "line wrapping": "wrapping",
               "what one highlight changes": "highlight", "how a heat becomes a colour": "colour"}[name]
    assert keyword in first_line
