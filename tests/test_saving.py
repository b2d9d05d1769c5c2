"""Saving to what a path really is: links, FIFOs, devices; modes under threads; errors
that name the user's path before anything is drawn; non-seekable streams."""
from __future__ import annotations

import io
import os
import stat
import sys
import tempfile
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

import textualheatmap.formats.svg as svg_module
from textualheatmap import TextualHeatmap
from textualheatmap.formats.gif import encoder

ROOT = Path(__file__).resolve().parent.parent
EVERY_FORMAT = ("svg", "html", "png", "pdf", "gif", "tex")


def small() -> TextualHeatmap:
    heatmap = TextualHeatmap(show_meta=True)
    heatmap.set_data([[{"token": "one ", "meta": ["a"], "heat": [1, 0.2]},
                       {"token": "two", "meta": ["b"], "heat": [0.3, 1]}]])
    return heatmap


def expected(heatmap: TextualHeatmap, fmt: str) -> bytes:
    stream = io.BytesIO()
    heatmap.save(stream, format=fmt)
    return stream.getvalue()


@pytest.fixture
def drawn(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Counts every picture drawn: SVG documents (svg, html, png, pdf) and GIF frames."""
    calls: list[str] = []
    real_document, real_lzw = svg_module.svg_document, encoder._lzw

    def document(*args: object, **kwargs: object) -> str:
        calls.append("svg")
        return real_document(*args, **kwargs)  # type: ignore[arg-type]

    def lzw(*args: object) -> bytes:
        calls.append("gif frame")
        return real_lzw(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(svg_module, "svg_document", document)
    monkeypatch.setattr(encoder, "_lzw", lzw)
    return calls


# ---------------------------------------------------------------- what the path is

def test_a_symlink_stays_a_link_and_its_target_gets_the_figure(tmp_path: Path) -> None:
    heatmap = small()
    target = tmp_path / "real.svg"
    target.write_bytes(b"old")
    target.chmod(0o640)
    link = tmp_path / "link.svg"
    link.symlink_to("real.svg")
    heatmap.save(link)
    assert link.is_symlink() and os.readlink(link) == "real.svg"
    assert target.read_bytes() == expected(heatmap, "svg")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.svg", "real.svg"]


def test_a_dangling_symlink_stays_a_link_and_its_target_is_created(tmp_path: Path) -> None:
    heatmap = small()
    (tmp_path / "sub").mkdir()
    link = tmp_path / "link.png"
    link.symlink_to(tmp_path / "sub" / "made.png")
    heatmap.save(link)
    assert link.is_symlink()
    assert (tmp_path / "sub" / "made.png").read_bytes() == expected(heatmap, "png")


@pytest.mark.parametrize("fmt", ["svg", "gif"])
def test_a_fifo_is_written_to_and_its_reader_gets_every_byte(tmp_path: Path, fmt: str) -> None:
    heatmap = small()
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    heatmap.save(fifo, format=fmt, **({"progress": False} if fmt == "gif" else {}))
    reader.join()
    assert received == [expected(heatmap, fmt)]
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]


@pytest.mark.ci_must_run
def test_a_character_device_stays_a_device(tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("os.mknod of a character device needs root (CI runs as root)")
    device = tmp_path / "null"
    os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # what /dev/null is, in a temporary folder
    small().save(device, format="svg")
    small().save(device, format="gif")
    status = device.lstat()
    assert stat.S_ISCHR(status.st_mode) and status.st_rdev == os.makedev(1, 3)
    assert [p.name for p in tmp_path.iterdir()] == ["null"]


# ---------------------------------------------------------------- modes

@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def test_threads_saving_new_files_get_the_umask_mode_and_leave_the_umask(tmp_path: Path,
                                                                          umask_022: None) -> None:
    heatmap = small()
    threads, saves = 8, 500
    errors: list[BaseException] = []

    def work(number: int) -> None:
        try:
            for k in range(saves):
                heatmap.save(tmp_path / f"t{number}-{k}.svg")
        except BaseException as error:  # reported by the main thread
            errors.append(error)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        workers = [threading.Thread(target=work, args=(n,)) for n in range(threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
    finally:
        sys.setswitchinterval(interval)
    assert errors == []
    current = os.umask(0o022)
    assert current == 0o022
    modes = [stat.S_IMODE(path.stat().st_mode) for path in tmp_path.iterdir()]
    assert len(modes) == threads * saves
    assert {oct(mode) for mode in modes} == {"0o644"}


@pytest.mark.parametrize("mode", [0o600, 0o666, 0o604])
def test_a_replaced_file_keeps_its_mode(tmp_path: Path, umask_022: None, mode: int) -> None:
    target = tmp_path / "figure.pdf"
    target.write_bytes(b"old")
    target.chmod(mode)
    small().save(target)
    assert stat.S_IMODE(target.stat().st_mode) == mode
    assert target.read_bytes().startswith(b"%PDF")


# ---------------------------------------------------------------- errors before any drawing

@pytest.mark.parametrize("fmt", EVERY_FORMAT)
def test_a_missing_folder_is_named_before_drawing(tmp_path: Path, drawn: list[str], fmt: str) -> None:
    target = tmp_path / "missing" / f"x.{fmt}"
    with pytest.raises(FileNotFoundError) as caught:
        small().save(target)
    assert caught.value.filename == str(target)
    assert "does not exist" in str(caught.value) and str(tmp_path / "missing") in str(caught.value)
    assert ".tmp" not in str(caught.value)
    assert drawn == []


@pytest.mark.parametrize("fmt", EVERY_FORMAT)
def test_a_folder_as_the_file_is_named_before_drawing(tmp_path: Path, drawn: list[str], fmt: str) -> None:
    target = tmp_path / f"folder.{fmt}"
    target.mkdir()
    with pytest.raises(IsADirectoryError) as caught:
        small().save(target)
    assert caught.value.filename == str(target) and "folder" in str(caught.value)
    assert drawn == []


def test_unknown_format_and_option_are_refused_before_drawing(tmp_path: Path, drawn: list[str]) -> None:
    with pytest.raises(ValueError, match="unknown format '.jpg'"):
        small().save(tmp_path / "x.jpg")
    with pytest.raises(TypeError, match="takes no option 'index'"):
        small().save(tmp_path / "x.gif", index=1)
    with pytest.raises(TypeError, match="takes no option 'frames'"):
        small().save(tmp_path / "x.svg", frames=[0])
    assert drawn == [] and list(tmp_path.iterdir()) == []


def _save_refused(targets: list[str], user: int | None) -> list[str]:
    """Saves each target in a forked child (as ``user`` if given) and returns, per target,
    the PermissionError's kind, whether it names the target, how many pictures were drawn,
    and its message."""
    import cairosvg  # noqa: F401  (imported before the fork: the child may not read its files)

    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:  # the child: never returns into pytest
        status = 1
        try:
            os.close(read_end)
            if user is not None:
                os.setgroups([])
                os.setgid(user)
                os.setuid(user)
            lines = []
            for target in targets:
                calls: list[str] = []
                real_document, real_lzw = svg_module.svg_document, encoder._lzw
                svg_module.svg_document = lambda *a, **k: calls.append("svg") or real_document(*a, **k)
                encoder._lzw = lambda *a: calls.append("frame") or real_lzw(*a)
                try:
                    small().save(target)
                    lines.append("saved")
                except PermissionError as error:
                    lines.append(f"{type(error).__name__}|{error.filename == target}|{len(calls)}|{error}")
                finally:
                    svg_module.svg_document, encoder._lzw = real_document, real_lzw
            os.write(write_end, "\n".join(lines).encode())
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as reading:
        output = reading.read().decode()
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    return output.splitlines()


@pytest.mark.ci_must_run
def test_a_read_only_folder_is_named_before_drawing() -> None:
    # Root writes anywhere, so as root (CI) the saves run in a child that is the user nobody.
    user = 65534 if os.geteuid() == 0 else None
    base = Path(tempfile.mkdtemp(prefix="thm-readonly-"))
    folder = base / "read-only"
    try:
        base.chmod(0o755)  # nobody can reach the folder
        folder.mkdir()
        folder.chmod(0o555)
        targets = [str(folder / "x.svg"), str(folder / "x.gif"), str(folder / "x.png")]
        lines = _save_refused(targets, user)
        assert len(lines) == 3, lines
        for line, target in zip(lines, targets):
            kind, named, drawn, message = line.split("|")
            assert (kind, named, drawn) == ("PermissionError", "True", "0")
            assert f"no permission to write in the folder {str(folder)!r}" in message and target in message
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)
        for path in folder.iterdir():
            path.unlink()
        folder.rmdir()
        base.rmdir()


# ---------------------------------------------------------------- streams

@pytest.mark.parametrize("fmt", EVERY_FORMAT)
def test_a_pipe_takes_every_format(fmt: str) -> None:
    heatmap = small()
    read_end, write_end = os.pipe()
    received: list[bytes] = []
    with os.fdopen(read_end, "rb") as reading:
        reader = threading.Thread(target=lambda: received.append(reading.read()))
        reader.start()
        with os.fdopen(write_end, "wb") as writing:
            assert not writing.seekable()
            heatmap.save(writing, format=fmt)
        reader.join()
    assert received == [expected(heatmap, fmt)]


def test_xml_of_a_saved_figure_parses(tmp_path: Path) -> None:
    small().save(tmp_path / "x.svg")
    assert ET.parse(tmp_path / "x.svg").getroot().tag.endswith("svg")
