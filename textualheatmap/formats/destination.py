"""Where a saved file's bytes go, decided by what the path is, and checked before any drawing.

- a regular file or a new path: a temporary file beside it, renamed over it when the
  writer is done, so a failure leaves the old file or none, never half a file;
- a symbolic link: the same for the file it points to; the link stays a link;
- anything else (a character or block device, a FIFO, a socket): written directly,
  since renaming over ``/dev/null`` or a pipe would replace it with a regular file.

Errors name the path the user gave, never the temporary file.
"""
from __future__ import annotations

import errno
import os
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

_NEW_FILE_MODE = 0o666  # what open() asks for: the umask (and a default ACL) takes its share
_ATTEMPTS = 100


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


def _error(error: OSError, path: Path, what: str) -> OSError:
    # The same kind of error (so `except FileNotFoundError` still works), about the user's path.
    return type(error)(error.errno, what, str(path))


def _status(path: Path) -> os.stat_result | None:
    """What ``path`` is once links are followed; None if nothing is there yet."""
    try:
        return path.stat()
    except FileNotFoundError:
        return None
    except OSError as error:  # a file used as a folder, a loop of links, no permission
        raise _error(error, path, f"cannot look at the path: {_reason(error)}") from None


@contextmanager
def file_stream(path: Path) -> Iterator[IO[bytes]]:
    """A binary stream whose bytes end up at ``path``; every check runs on entering."""
    status = _status(path)
    if status is not None and stat.S_ISDIR(status.st_mode):
        raise IsADirectoryError(errno.EISDIR, "it is a folder; give a file name inside it", str(path))
    if status is not None and not stat.S_ISREG(status.st_mode):
        with _open_direct(path) as stream:
            yield stream
        return
    # realpath follows every link, so a link is kept and the file it points to replaced.
    final = Path(os.path.realpath(path)) if path.is_symlink() else path
    mode = None if status is None else stat.S_IMODE(status.st_mode)
    with _replacing(final, mode, path) as stream:
        yield stream


@contextmanager
def _open_direct(path: Path) -> Iterator[IO[bytes]]:
    try:
        stream = open(path, "wb")  # a FIFO waits here for its reader, before any drawing
    except OSError as error:
        raise _error(error, path, f"cannot open it for writing: {_reason(error)}") from None
    with stream:
        yield stream


def _create_temporary(final: Path, mode: int, user_path: Path) -> tuple[int, Path]:
    folder = final.parent
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    for _ in range(_ATTEMPTS):
        temporary = folder / f".{final.name}.{secrets.token_hex(4)}.tmp"
        try:
            return os.open(temporary, flags, mode), temporary
        except FileExistsError:
            continue
        except FileNotFoundError as error:
            raise _error(error, user_path, f"the folder {str(folder)!r} does not exist") from None
        except NotADirectoryError as error:
            raise _error(error, user_path, f"{str(folder)!r} is not a folder") from None
        except PermissionError as error:
            raise _error(error, user_path, f"no permission to write in the folder {str(folder)!r}") from None
        except OSError as error:
            raise _error(error, user_path, f"cannot write in the folder {str(folder)!r}: {_reason(error)}") from None
    raise FileExistsError(errno.EEXIST, f"no free temporary name in {str(folder)!r}", str(user_path))


@contextmanager
def _replacing(final: Path, mode: int | None, user_path: Path) -> Iterator[IO[bytes]]:
    # A new file is created with the mode any new file gets here (the process umask is
    # never read by changing it: that races with other threads). A replaced file keeps
    # its mode; it is created with no more than that, so its content is never more open.
    handle, temporary = _create_temporary(final, _NEW_FILE_MODE if mode is None else mode, user_path)
    try:
        with os.fdopen(handle, "wb") as stream:
            yield stream
        if mode is not None:  # the umask may have taken bits the old file had
            os.chmod(temporary, mode)
        _rename(temporary, final, user_path)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise


def _rename(temporary: Path, final: Path, user_path: Path) -> None:
    try:
        os.replace(temporary, final)
    except OSError as error:
        raise _error(error, user_path, f"cannot replace it: {_reason(error)}") from None
