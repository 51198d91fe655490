"""Writing an export's file: into a temporary file beside the target, then moved onto it in one step.

A reader of the target sees the old file or the new one, never half of one; a failed
export (a full disk, an interrupt) leaves the target as it was and no temporary file behind.
Only a regular file is ever replaced: a symbolic link, a directory, a device or a named
pipe at the target is refused before anything is created.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from hipknowledge.errors import ExportError
from hipknowledge.export._markup import show_path

__all__ = ["check_target", "replace_file", "save_bytes", "write_bytes"]

_NOT_REGULAR = (
    (stat.S_ISLNK, "a symbolic link"),
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _failed(target: Path, error: OSError, doing: str = "") -> ExportError:
    reason = error.strerror or str(error) or type(error).__name__
    return ExportError(f"cannot write {show_path(target)}: {doing}{reason}", path=os.fspath(target))


def _existing(target: Path) -> os.stat_result | None:
    """The target's status if it is a regular file, None if nothing is there; anything else is refused."""
    try:
        status = os.lstat(target)  # lstat: a symbolic link is refused, never followed
    except FileNotFoundError:
        return None
    except OSError as error:  # a part of the path is a file, or cannot be searched
        raise _failed(target, error) from error
    if stat.S_ISREG(status.st_mode):
        return status
    what = next((name for test, name in _NOT_REGULAR if test(status.st_mode)), "not a regular file")
    raise ExportError(
        f"cannot write {show_path(target)}: it is {what}; an export replaces only a regular file "
        "(give the path of one, or of a file that does not exist yet)",
        path=os.fspath(target),
    )


def check_target(target: str | os.PathLike[str]) -> None:
    """Raise :class:`~hipknowledge.errors.ExportError` unless ``target`` is a regular file or nothing."""
    _existing(Path(target))


def _new_file_mode() -> int:
    # The umask can only be read by setting it; the stand-in is the strictest one, so that a file
    # another thread creates in between is never more open than it would have been.
    mask = os.umask(0o077)
    os.umask(mask)
    return 0o666 & ~mask


def _remove(path: Path) -> None:
    # The export's own error matters more than a temporary file that could not go.
    with contextlib.suppress(OSError):
        path.unlink()


def replace_file(target: str | os.PathLike[str], fill: Callable[[Path], None]) -> Path:
    """Have ``fill`` write a new temporary file beside ``target``, then move it onto ``target``; return the path.

    The new file gets the permissions of the file it replaces (of a new file, when there is
    none). Raises :class:`~hipknowledge.errors.ExportError` naming the path and the reason
    when the target is not a regular file or the system refuses (no permission, a full
    disk); any other exception, ``KeyboardInterrupt`` included, passes through. Either way
    the temporary file is removed and the target is left untouched.
    """
    path = Path(target)
    _existing(path)
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _failed(path, error, f"cannot create the folder {show_path(folder)}: ") from error
    try:
        handle, name = tempfile.mkstemp(dir=folder, prefix="." + path.name + ".", suffix=".partial")
    except OSError as error:
        raise _failed(path, error) from error
    partial = Path(name)
    try:
        os.close(handle)
        fill(partial)
        existing = _existing(path)  # checked again: something else may have appeared meanwhile
        os.chmod(partial, stat.S_IMODE(existing.st_mode) if existing else _new_file_mode())
        os.replace(partial, path)
    except OSError as error:
        _remove(partial)
        raise _failed(path, error) from error
    except BaseException:
        _remove(partial)
        raise
    return path


def save_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` and flush it to the disk."""
    with open(path, "wb") as file:
        file.write(data)
        file.flush()
        os.fsync(file.fileno())


def write_bytes(target: str | os.PathLike[str], data: bytes) -> Path:
    """Replace ``target`` with a file holding ``data`` (see :func:`replace_file`)."""
    return replace_file(target, lambda partial: save_bytes(partial, data))
