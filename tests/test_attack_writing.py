"""Hard edges, writing exports: only a regular file is replaced, in one step, and every failure is one clear line.

Each test is named after the defect it guards against.
"""

from __future__ import annotations

import errno
import io
import os
import pickle
import sqlite3
import stat
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

import pytest

import hipknowledge as hk
from hipknowledge import cli
from hipknowledge.export import FORMATS, ExportError, MissingExtraError, _files, write

from .paths import MINI

OLD = b"the old export\n"


def cli_main(argv: Sequence[str], out: TextIO | None = None) -> int:
    """``hipknowledge.cli.main`` with a list of arguments, writing to ``out`` (or nowhere)."""
    return cli.main(list(argv), out or io.StringIO())


def needs(form: str) -> None:
    if form in ("graph", "graphml"):
        pytest.importorskip("networkx")


@pytest.fixture(params=FORMATS)
def form(request: pytest.FixtureRequest) -> str:
    needs(request.param)
    found: str = request.param
    return found


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture
def no_device_replaced(monkeypatch: pytest.MonkeyPatch) -> None:
    """Should a refusal ever regress, the test fails instead of replacing a device of the machine running it."""
    replace = os.replace

    def guarded(source: Any, target: Any, *args: Any, **kwargs: Any) -> None:
        if str(target).startswith("/dev/"):
            raise AssertionError(f"the export tried to replace {target}")
        replace(source, target, *args, **kwargs)

    monkeypatch.setattr(os, "replace", guarded)


# --------------------------------------------------------------------------- only a regular file is replaced


def test_export_replaced_a_fifo_with_a_regular_file(mini: hk.KnowledgeBase, form: str, tmp_path: Path) -> None:
    target = tmp_path / "out"
    os.mkfifo(target)
    with pytest.raises(ExportError, match="it is a named pipe") as caught:
        write(mini, form, target)  # type: ignore[arg-type]
    assert caught.value.path == str(target)
    assert str(target) in str(caught.value)
    assert stat.S_ISFIFO(os.lstat(target).st_mode)
    assert listing(tmp_path) == ["out"]


def test_export_replaced_a_symlink_or_wrote_through_it(mini: hk.KnowledgeBase, form: str, tmp_path: Path) -> None:
    linked = tmp_path / "linked.txt"
    linked.write_bytes(OLD)
    target = tmp_path / "out"
    target.symlink_to(linked)
    with pytest.raises(ExportError, match="it is a symbolic link"):
        write(mini, form, target)  # type: ignore[arg-type]
    assert target.is_symlink()
    assert linked.read_bytes() == OLD
    assert listing(tmp_path) == ["linked.txt", "out"]


def test_export_replaced_a_device(mini: hk.KnowledgeBase, form: str, no_device_replaced: None) -> None:
    with pytest.raises(ExportError, match=r"cannot write /dev/null: it is a character device"):
        write(mini, form, "/dev/null")  # type: ignore[arg-type]
    assert stat.S_ISCHR(os.lstat("/dev/null").st_mode)


def test_export_replaced_a_directory(mini: hk.KnowledgeBase, form: str, tmp_path: Path) -> None:
    (tmp_path / "inside").write_bytes(OLD)
    with pytest.raises(ExportError, match="it is a directory"):
        write(mini, form, tmp_path)  # type: ignore[arg-type]
    assert listing(tmp_path) == ["inside"]


def test_json_followed_a_symlink_and_overwrote_what_it_points_at(mini: hk.KnowledgeBase, tmp_path: Path) -> None:
    secret = tmp_path / "elsewhere" / "notes.txt"
    secret.parent.mkdir()
    secret.write_bytes(OLD)
    target = tmp_path / "hip.json"
    target.symlink_to(secret)
    with pytest.raises(ExportError, match="symbolic link"):
        hk.export.to_json(mini, target)
    with pytest.raises(ExportError, match="symbolic link"):
        hk.export.to_sqlite(mini, target)
    assert secret.read_bytes() == OLD


def test_a_refused_request_still_created_its_folder(mini: hk.KnowledgeBase, tmp_path: Path) -> None:
    with pytest.raises(ExportError):
        write(mini, "jsonld", tmp_path / "new" / "hip.jsonld", base="javascript:")
    assert listing(tmp_path) == []


# --------------------------------------------------------------------------- a failure leaves nothing behind


class FailingConnection:
    """A SQLite connection that raises ``error`` once it has created the tables and starts filling them."""

    def __init__(self, connection: sqlite3.Connection, error: BaseException) -> None:
        self.connection = connection
        self.error = error

    def __enter__(self) -> FailingConnection:
        return self

    def __exit__(self, *raised: Any) -> bool:
        return bool(self.connection.__exit__(*raised))

    def execute(self, *args: Any) -> sqlite3.Cursor:
        return self.connection.execute(*args)

    def executemany(self, *args: Any) -> sqlite3.Cursor:
        raise self.error

    def close(self) -> None:
        self.connection.close()


def fail_writing(monkeypatch: pytest.MonkeyPatch, form: str, error: BaseException) -> None:
    """Make writing the temporary file raise ``error`` once it has begun."""
    if form == "sqlite":
        connect = sqlite3.connect
        monkeypatch.setattr(sqlite3, "connect", lambda path: FailingConnection(connect(path), error))
        return

    def fail(path: Path, data: bytes) -> None:
        path.write_bytes(data[: len(data) // 2])  # half written, then the disk is full
        raise error

    monkeypatch.setattr(_files, "save_bytes", fail)


def test_a_full_disk_left_a_partial_file_or_a_broken_target(
    mini: hk.KnowledgeBase, form: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "hip.out"
    target.write_bytes(OLD)
    fail_writing(monkeypatch, form, OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))
    with pytest.raises(ExportError) as caught:
        write(mini, form, target)  # type: ignore[arg-type]
    assert str(caught.value) == f"cannot write {target}: No space left on device"
    assert caught.value.path == str(target)
    assert target.read_bytes() == OLD
    assert listing(tmp_path) == ["hip.out"]


def test_an_interrupt_left_a_partial_file_or_a_broken_target(
    mini: hk.KnowledgeBase, form: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "hip.out"
    target.write_bytes(OLD)
    fail_writing(monkeypatch, form, KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt):
        write(mini, form, target)  # type: ignore[arg-type]
    assert target.read_bytes() == OLD
    assert listing(tmp_path) == ["hip.out"]


def test_a_full_disk_inside_sqlite_gave_a_traceback(
    mini: hk.KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*args: object, **kwargs: object) -> sqlite3.Connection:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(sqlite3, "connect", full)
    with pytest.raises(ExportError, match=r"hip\.sqlite: SQLite cannot write the database: database or disk is full"):
        write(mini, "sqlite", tmp_path / "hip.sqlite")
    assert listing(tmp_path) == []


def test_export_wrote_the_target_in_place(
    mini: hk.KnowledgeBase, form: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[tuple[object, ...]] = []
    moved: list[tuple[str, str]] = []
    mkstemp, replace = tempfile.mkstemp, os.replace

    def spy_mkstemp(*args: Any, **kwargs: Any) -> tuple[int, str]:
        made.append((kwargs.get("dir"), kwargs.get("prefix"), kwargs.get("suffix")))
        return mkstemp(*args, **kwargs)

    def spy_replace(source: Any, target: Any) -> None:
        moved.append((os.fspath(source), os.fspath(target)))
        replace(source, target)

    monkeypatch.setattr(tempfile, "mkstemp", spy_mkstemp)
    monkeypatch.setattr(os, "replace", spy_replace)
    target = tmp_path / "hip.out"
    target.write_bytes(OLD)
    target.chmod(0o640)
    assert write(mini, form, target) == target  # type: ignore[arg-type]
    assert made == [(tmp_path, ".hip.out.", ".partial")]
    assert len(moved) == 1
    assert Path(moved[0][0]).parent == tmp_path
    assert Path(moved[0][0]).name.startswith(".hip.out.")
    assert moved[0][1] == str(target)
    assert target.read_bytes() != OLD
    assert stat.S_IMODE(target.stat().st_mode) == 0o640  # the replaced file's permissions are kept
    assert listing(tmp_path) == ["hip.out"]


def test_a_new_export_was_readable_only_by_its_owner(mini: hk.KnowledgeBase, tmp_path: Path) -> None:
    mask = os.umask(0o022)
    try:
        target = write(mini, "json", tmp_path / "hip.json")
    finally:
        os.umask(mask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644  # as any new file, not the 0600 of a temporary file


# --------------------------------------------------------------------------- output errors: one line, never a traceback


def test_a_directory_as_output_gave_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["export", "json", "-o", str(tmp_path), "--data", str(MINI)]) == 1
    err = capsys.readouterr().err
    assert err == f"hipknowledge export: cannot write {tmp_path}: it is a directory; an export replaces only " + (
        "a regular file (give the path of one, or of a file that does not exist yet)\n"
    )


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a user whom permissions bind")
def test_a_folder_without_write_permission_gave_a_traceback(
    mini: hk.KnowledgeBase, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(ExportError, match="Permission denied"):
            write(mini, "json", folder / "hip.json")
        assert cli_main(["export", "sqlite", "-o", str(folder / "hip.sqlite"), "--data", str(MINI)]) == 1
    finally:
        folder.chmod(0o700)
    assert capsys.readouterr().err.count("\n") == 1
    assert listing(folder) == []


def test_no_permission_gave_a_traceback(
    mini: hk.KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Root is not bound by permissions, so the refusal is the system's answer itself.
    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(tmp_path))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    target = tmp_path / "hip.json"
    with pytest.raises(ExportError) as caught:
        write(mini, "json", target)
    assert str(caught.value) == f"cannot write {target}: Permission denied"
    assert cli_main(["export", "json", "-o", str(target), "--data", str(MINI)]) == 1
    assert capsys.readouterr().err == f"hipknowledge export: cannot write {target}: Permission denied\n"


def test_a_folder_that_cannot_be_created_gave_a_traceback(
    mini: hk.KnowledgeBase, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a-file").write_bytes(OLD)
    target = tmp_path / "a-file" / "sub" / "hip.json"
    with pytest.raises(ExportError, match=r"cannot write .*hip\.json: Not a directory") as caught:
        write(mini, "json", target)
    assert caught.value.path == str(target)
    assert cli_main(["export", "jsonld", "-o", str(target), "--data", str(MINI)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"hipknowledge export: cannot write {target}: ")
    assert err.count("\n") == 1
    assert listing(tmp_path) == ["a-file"]


def test_a_full_disk_gave_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fail_writing(monkeypatch, "json", OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))
    target = tmp_path / "hip.json"
    assert cli_main(["export", "json", "-o", str(target), "--data", str(MINI)]) == 1
    assert capsys.readouterr().err == f"hipknowledge export: cannot write {target}: No space left on device\n"
    assert listing(tmp_path) == []


def test_a_path_with_a_line_break_split_the_message(mini: hk.KnowledgeBase, tmp_path: Path) -> None:
    target = tmp_path / "two\nlines"
    target.mkdir()
    with pytest.raises(ExportError) as caught:
        write(mini, "json", target)
    assert "\n" not in str(caught.value)
    assert repr(str(target)) in str(caught.value)


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["sqlite"], "the sqlite export is binary"),
        (["json", "--base", "https://example.org/"], "the json export has no option 'base'"),
        (["body-map", "--highlight", "alpha-flexor"], "'alpha-flexor' is a muscle; highlight takes"),
    ],
)
def test_a_request_that_cannot_be_met_is_a_usage_error(
    argv: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli_main(["export", *argv, "--data", str(MINI)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("hipknowledge export: ")
    assert expected in err
    assert err.count("\n") == 1


def test_writing_again_left_a_second_file_behind(mini: hk.KnowledgeBase, form: str, tmp_path: Path) -> None:
    target = tmp_path / "hip.out"
    first = write(mini, form, target).read_bytes()  # type: ignore[arg-type]
    second = write(mini, form, target).read_bytes()  # type: ignore[arg-type]
    assert first == second
    assert listing(tmp_path) == ["hip.out"]


@pytest.mark.parametrize(
    "error",
    [ExportError("cannot write out.json: No space left on device", "out.json"), MissingExtraError("graph", "networkx")],
    ids=lambda e: type(e).__name__,
)
def test_export_errors_lost_their_facts_across_a_process(error: hk.HipKnowledgeError) -> None:
    again = pickle.loads(pickle.dumps(error))
    assert (type(again), str(again), again.__dict__) == (type(error), str(error), error.__dict__)
