"""A wheel built from the repo carries the fonts and renders in a fresh environment."""
from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SCRIPT = """
import pathlib, sys, textualheatmap
from textualheatmap import TextualHeatmap
h = TextualHeatmap(show_meta=True, facet_titles=["GRU"])
h.set_data([[{"token": "hi", "meta": ["x"], "heat": [1]}]])
h.save("out.svg", index=0)
h.save("out.html", index=0)
h.save("out.png", index=0)
h.save("out.pdf", index=0)
print(pathlib.Path(textualheatmap.__file__).parent)
"""


def test_wheel_installs_and_renders_outside_the_repo(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(REPO)],
                   check=True, capture_output=True)
    (wheel,) = tmp_path.glob("textualheatmap-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "textualheatmap/fonts/DejaVuSansMono.ttf" in names
    assert "textualheatmap/fonts/DejaVuSans.ttf" in names
    assert "textualheatmap/fonts/LICENSE" in names
    assert "textualheatmap/formats/assets/hover.js" in names
    assert "textualheatmap/formats/assets/pin.js" in names
    assert "textualheatmap/formats/assets/rows.js" in names
    assert "textualheatmap/formats/raster/atlas.py" in names

    # The fresh environment must not see a checkout through PYTHONPATH (set when testing a worktree).
    clean = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", str(wheel)], check=True, capture_output=True,
                   env=clean)
    work = tmp_path / "elsewhere"
    work.mkdir()
    result = subprocess.run([str(python), "-c", SCRIPT], cwd=work, capture_output=True, text=True, check=True,
                            env=clean)
    installed = Path(result.stdout.strip())
    assert REPO not in installed.parents and installed.is_relative_to(venv)
    svg = (work / "out.svg").read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "thm-mono14-" in svg
    page = (work / "out.html").read_text(encoding="utf-8")
    assert svg in page and "<script" in page
    assert (work / "out.png").read_bytes().startswith(b"\x89PNG") and (work / "out.pdf").read_bytes().startswith(b"%PDF")
    # The batch command, as installed: a record on stdin, a figure in a folder.
    (entry_points,) = [name for name in names if name.endswith(".dist-info/entry_points.txt")]
    scripts = zipfile.ZipFile(wheel).read(entry_points).decode("utf-8")
    assert "textualheatmap-batch = textualheatmap.batch_cli:main" in scripts
    record = '{"name": "one", "data": [[{"token": "hi", "meta": ["x"], "heat": [1]}]], "highlight": 0}\n'
    batch = subprocess.run([str(venv / "bin" / "textualheatmap-batch"), "-", "-o", "figures"], input=record,
                           cwd=work, capture_output=True, text=True, check=False, env=clean)
    assert (batch.returncode, batch.stderr) == (0, "")
    assert (work / "figures" / "one.svg").read_text(encoding="utf-8").startswith("<svg")
