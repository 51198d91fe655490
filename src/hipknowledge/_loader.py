"""Read a data directory: parse every file, validate every record, then check the whole."""

from __future__ import annotations

import difflib
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from hipknowledge import _yaml
from hipknowledge._fields import Loc, format_loc
from hipknowledge._messages import explain
from hipknowledge.errors import MISSING, Problem
from hipknowledge.models import KIND_BY_FOLDER, Deprecation, Manifest, Record

if TYPE_CHECKING:
    from hipknowledge._compat import Traversable

__all__ = ["LoadedContent", "SourceFile", "read_content"]

MANIFEST = "manifest.yaml"
DEPRECATIONS = "deprecated.yaml"
#: Files and folders in a data directory that are not records.
NON_RECORD_ENTRIES = frozenset({MANIFEST, DEPRECATIONS, "body-map.svg"})


def ignored(name: str) -> bool:
    """Names the loader passes over wherever they stand: dot-files, caches, editor leftovers, notes.

    >>> [n for n in [".DS_Store", "__pycache__", "x.yaml~", ".x.yaml.swp", "README.md", "x.yaml"] if ignored(n)]
    ['.DS_Store', '__pycache__', 'x.yaml~', '.x.yaml.swp', 'README.md']
    """
    return name.startswith(".") or name.endswith(("~", ".swp", ".swo")) or name in {"__pycache__", "README.md"}


def _read_bytes(entry: Traversable, path: str, problems: list[Problem]) -> bytes | None:
    """The bytes of a data file, read only if it is a regular file inside the data directory, with a bound.

    A folder on disk may hold what a pull request can smuggle in: a symbolic link (to a
    key file outside the tree, or to ``/dev/zero``), a FIFO that blocks forever, a huge
    file. None of them is opened; each is reported as a problem.
    """
    if isinstance(entry, Path):
        try:
            info = entry.lstat()
        except OSError as error:
            problems.append(Problem(path, None, "", error.strerror or str(error), "a readable file", "unreadable"))
            return None
        if stat.S_ISLNK(info.st_mode):
            problems.append(
                Problem(path, None, "", "a symbolic link", "a regular file (links are not followed)", "link")
            )
            return None
        if not stat.S_ISREG(info.st_mode):
            problems.append(Problem(path, None, "", "a special file", "a regular file", "not-a-file"))
            return None
        if info.st_size > _yaml.MAX_BYTES:
            problems.append(
                Problem(path, None, "", f"{info.st_size} bytes", f"at most {_yaml.MAX_BYTES} bytes", "too-big")
            )
            return None
        try:
            descriptor = os.open(entry, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
            with os.fdopen(descriptor, "rb") as file:
                return file.read(_yaml.MAX_BYTES + 1)
        except OSError as error:
            problems.append(Problem(path, None, "", error.strerror or str(error), "a readable file", "unreadable"))
            return None
    try:
        return entry.read_bytes()
    except OSError as error:
        problems.append(Problem(path, None, "", error.strerror or str(error), "a readable file", "unreadable"))
        return None


def _is_folder(entry: Traversable) -> bool:
    """A real folder: on disk, a symbolic link to a folder does not count."""
    if isinstance(entry, Path):
        return not entry.is_symlink() and entry.is_dir()
    return entry.is_dir()


@dataclass(frozen=True, slots=True)
class SourceFile:
    """Where a record came from: its file and the line of each of its values."""

    path: str
    lines: dict[Loc, int]

    def line(self, loc: Loc) -> int | None:
        """The line of ``loc``, or of the nearest enclosing value that has one."""
        while True:
            found = self.lines.get(loc)
            if found is not None or not loc:
                return found
            loc = loc[:-1]

    def problem(self, loc: Loc, value: object, expected: str, code: str = "invalid") -> Problem:
        """A problem at ``loc`` in this file."""
        return Problem(self.path, self.line(loc), format_loc(loc), value, expected, code)


@dataclass
class LoadedContent:
    """Everything read from one data directory, and every problem met on the way."""

    manifest: Manifest | None = None
    deprecations: tuple[Deprecation, ...] = ()
    records: list[Record] = field(default_factory=list)
    files: dict[int, SourceFile] = field(default_factory=dict)  # keyed by id() of the record
    deprecations_file: SourceFile | None = None
    #: IDs (file names) of records that failed to load: references to them are not reported
    #: again as dangling, since the file's own problems already say what is wrong.
    failed_ids: set[str] = field(default_factory=set)
    #: Records that failed validation, as raw data, so their references can still be checked.
    partial: list[tuple[type[Record], dict[str, Any], SourceFile]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def file_of(self, record: Record) -> SourceFile:
        """The file a record was read from."""
        return self.files[id(record)]


def read_content(root: Traversable, label: str) -> LoadedContent:
    """Read and validate every file under ``root``; shown in messages as ``label``.

    Problems are collected, not raised, so that one run reports all of them.
    """
    content = LoadedContent()
    if not _is_folder(root):
        what = "nothing" if isinstance(root, Path) and not root.exists() else "not a folder"
        content.problems.append(Problem(label, None, "", what, "a data directory (a folder with manifest.yaml)"))
        return content
    try:
        entries = {entry.name: entry for entry in root.iterdir()}
    except OSError as error:
        content.problems.append(Problem(label, None, "", error.strerror or str(error), "a readable folder"))
        return content
    if not entries:
        content.problems.append(Problem(label, None, "", "an empty folder", "a hipknowledge data directory"))
        return content
    for name in sorted(entries):
        entry = entries[name]
        path = f"{label}/{name}"
        if name in NON_RECORD_ENTRIES or ignored(name):
            continue
        if name in KIND_BY_FOLDER and _is_folder(entry):
            try:
                files = sorted(entry.iterdir(), key=lambda item: item.name)
            except OSError as error:
                content.problems.append(Problem(path, None, "", error.strerror or str(error), "a readable folder"))
                continue
            for file in files:
                if not ignored(file.name):
                    _read_record(file, f"{path}/{file.name}", KIND_BY_FOLDER[name], content)
        else:
            close = difflib.get_close_matches(name, [*KIND_BY_FOLDER, MANIFEST, DEPRECATIONS], n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            expected = f"one of the folders {', '.join(sorted(KIND_BY_FOLDER))}{hint}"
            content.problems.append(Problem(path, None, "", name, expected, "unknown-entry"))
    _read_manifest(entries.get(MANIFEST), f"{label}/{MANIFEST}", content)
    if DEPRECATIONS in entries:
        _read_deprecations(entries[DEPRECATIONS], f"{label}/{DEPRECATIONS}", content)
    return content


def _parse(entry: Traversable, path: str, problems: list[Problem]) -> tuple[Any, SourceFile] | None:
    data = _read_bytes(entry, path, problems)
    if data is None:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        problems.append(Problem(path, None, "", f"byte {error.start}", "a UTF-8 text file", "encoding"))
        return None
    try:
        data, lines = _yaml.parse(text)
    except _yaml.YamlRefusedError as refused:
        problems.append(Problem(path, refused.line, "", refused.message, refused.expected, "yaml"))
        return None
    return data, SourceFile(path, lines)


def _read_manifest(entry: Traversable | None, path: str, content: LoadedContent) -> None:
    if entry is None:
        content.problems.append(Problem(path, None, "", MISSING, "the file to exist", "missing-file"))
        return
    parsed = _parse(entry, path, content.problems)
    if parsed is not None:
        data, source = parsed
        try:
            content.manifest = Manifest.model_validate(data)
        except ValidationError as error:
            content.problems.extend(explain(error, Manifest, path, source.line))


def _read_deprecations(entry: Traversable, path: str, content: LoadedContent) -> None:
    parsed = _parse(entry, path, content.problems)
    if parsed is None:
        return
    data, source = parsed
    content.deprecations_file = source
    if not isinstance(data, list):
        content.problems.append(source.problem((), data, "a list of deprecations (items starting with '- ')"))
        return
    found: list[Deprecation] = []
    for index, item in enumerate(data):
        try:
            found.append(Deprecation.model_validate(item))
        except ValidationError as error:
            content.problems.extend(explain(error, Deprecation, path, source.line, at=(index,)))
    content.deprecations = tuple(found)


def _read_record(entry: Traversable, path: str, model: type[Record], content: LoadedContent) -> None:
    if _is_folder(entry):
        expected = "a record file (folders inside a kind's folder are not read)"
        content.problems.append(Problem(path, None, "", "a folder", expected, "not-a-file"))
        return
    if not entry.name.endswith(".yaml"):
        expected = "a .yaml file (one record per file, named after its ID)"
        content.problems.append(Problem(path, None, "", entry.name, expected, "not-yaml"))
        return
    stem = entry.name.removesuffix(".yaml")
    content.failed_ids.add(stem)  # until it loads
    parsed = _parse(entry, path, content.problems)
    if parsed is None:
        return
    data, source = parsed
    if not isinstance(data, dict):
        expected = f"a mapping of {model.kind_name} fields"
        content.problems.append(Problem(path, source.line(()), "", data, expected, "not-a-mapping"))
        return
    try:
        record = model.model_validate(data)
    except ValidationError as error:
        content.problems.extend(explain(error, model, source.path, source.line))
        content.partial.append((model, data, source))
        return
    if record.id != stem:
        expected = f"the file name's ID {stem!r} (rename the file or fix the id)"
        content.problems.append(source.problem(("id",), record.id, expected, "id-mismatch"))
        return
    content.records.append(record)
    content.files[id(record)] = source
    content.failed_ids.discard(stem)


def problems_in(content: LoadedContent, files: Iterable[str] | None) -> list[Problem]:
    """The content's problems, limited to ``files`` when given."""
    if files is None:
        return list(content.problems)
    wanted = set(files)
    return [p for p in content.problems if p.file in wanted]
