"""Read a data directory: parse every file, validate every record, then check the whole."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from hipknowledge import _yaml
from hipknowledge.errors import ContentError, Problem
from hipknowledge.ids import ID_PATTERN
from hipknowledge.models import (
    KIND_BY_FOLDER,
    Deprecation,
    Loc,
    Manifest,
    Record,
    format_loc,
)

if TYPE_CHECKING:
    from hipknowledge._compat import Traversable

__all__ = ["LoadedContent", "SourceFile", "read_content"]

MANIFEST = "manifest.yaml"
DEPRECATIONS = "deprecated.yaml"
#: Files and folders in a data directory that are not records.
NON_RECORD_ENTRIES = frozenset({MANIFEST, DEPRECATIONS, "README.md", "body-map.svg", "__pycache__"})

_DEPRECATION_LIST = TypeAdapter(tuple[Deprecation, ...])


class _Missing:
    def __repr__(self) -> str:
        return "nothing"


MISSING: Any = _Missing()


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
    entries = {entry.name: entry for entry in root.iterdir()}
    if not entries:
        content.problems.append(Problem(label, None, "", "an empty folder", "a hipknowledge data directory"))
        return content
    for name in sorted(entries):
        entry = entries[name]
        path = f"{label}/{name}"
        if name in NON_RECORD_ENTRIES or name.startswith("."):
            continue
        if entry.is_dir() and name in KIND_BY_FOLDER:
            for file in sorted(entry.iterdir(), key=lambda item: item.name):
                _read_record(file, f"{path}/{file.name}", KIND_BY_FOLDER[name], content)
        else:
            close = difflib.get_close_matches(name, [*KIND_BY_FOLDER, MANIFEST, DEPRECATIONS], n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            expected = f"one of the folders {', '.join(sorted(KIND_BY_FOLDER))}{hint}"
            content.problems.append(Problem(path, None, "", name, expected, "unknown-entry"))
    content.manifest = _read_meta(entries.get(MANIFEST), f"{label}/{MANIFEST}", Manifest, content)
    if DEPRECATIONS in entries:
        deprecations = _read_meta(entries[DEPRECATIONS], f"{label}/{DEPRECATIONS}", _DEPRECATION_LIST, content)
        content.deprecations = deprecations or ()
    return content


def _parse(entry: Traversable, path: str, problems: list[Problem]) -> tuple[Any, SourceFile] | None:
    try:
        text = entry.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        problems.append(Problem(path, None, "", f"byte {error.start}", "a UTF-8 text file", "encoding"))
        return None
    try:
        data, lines = _yaml.parse(text)
    except _yaml.YamlRefusedError as refused:
        problems.append(Problem(path, refused.line, "", refused.message, refused.expected, "yaml"))
        return None
    return data, SourceFile(path, lines)


def _read_meta(entry: Traversable | None, path: str, schema: Any, content: LoadedContent) -> Any:
    if entry is None:
        content.problems.append(Problem(path, None, "", MISSING, "the file to exist", "missing-file"))
        return None
    parsed = _parse(entry, path, content.problems)
    if parsed is None:
        return None
    data, source = parsed
    if source.path.endswith(DEPRECATIONS):
        content.deprecations_file = source
    try:
        if isinstance(schema, TypeAdapter):
            return schema.validate_python(data)
        return schema.model_validate(data)
    except ValidationError as error:
        model = schema if not isinstance(schema, TypeAdapter) else Deprecation
        content.problems.extend(explain(error, source, model, data))
        return None


def _read_record(entry: Traversable, path: str, model: type[Record], content: LoadedContent) -> None:
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
        content.problems.extend(explain(error, source, model, data))
        content.partial.append((model, data, source))
        return
    if record.id != stem:
        expected = f"the file name's ID {stem!r} (rename the file or fix the id)"
        content.problems.append(source.problem(("id",), record.id, expected, "id-mismatch"))
        return
    content.records.append(record)
    content.files[id(record)] = source
    content.failed_ids.discard(stem)


# --------------------------------------------------------------------------- error wording


def explain(error: ValidationError, source: SourceFile, model: type[BaseModel], data: Any) -> Iterator[Problem]:
    """Turn pydantic's errors into contributor-facing problems, one per error."""
    items = error.errors(include_url=False)
    inner = {tuple(item["loc"][:-1]) for item in items if item["loc"] and isinstance(item["loc"][-1], int)}
    for item in items:
        loc: Loc = tuple(item["loc"])
        if item["type"] == "too_short" and loc in inner:
            continue  # a list with a bad item: the item's own problem says what to fix
        value = MISSING if item["type"] == "missing" else item.get("input")
        yield source.problem(loc, value, _expected(item, model, loc), item["type"])


def _expected(item: Any, model: type[BaseModel], loc: Loc) -> str:
    kind = item["type"]
    ctx = item.get("ctx") or {}
    if kind == "missing":
        about = _description_at(model, loc)
        return f"a value: this field is required ({about})" if about else "a value: this field is required"
    if item.get("input") is None and kind not in {"extra_forbidden"}:
        return "a value (the field is empty; remove it or fill it in)"
    if kind == "extra_forbidden":
        known = _fields_at(model, loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), known, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else f"; known fields: {', '.join(known)}"
        return f"no such field{hint}"
    if kind == "string_pattern_mismatch":
        pattern = ctx.get("pattern", "")
        if pattern == ID_PATTERN:
            return "a lowercase kebab-case ID such as 'psoas-major'"
        if pattern.startswith("^\\S"):
            return "text without leading or trailing spaces"
        if "T12" in pattern:
            return "a spinal root such as 'L2' or 'S1' (T12, L1-L5, S1-S5)"
        return f"text matching {pattern}"
    if kind == "enum":
        allowed = ctx.get("expected", "the listed values")
        close = difflib.get_close_matches(str(item.get("input")), re.findall(r"'([^']*)'", allowed), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        return f"one of {allowed}{hint}"
    if kind == "too_short":
        count = ctx.get("min_length", 1)
        return f"at least {count} item{'s' if count != 1 else ''}"
    if kind in {"string_type", "str_type"}:
        return "text (quote it if YAML reads it as a number, date or yes/no)"
    if kind in {"tuple_type", "list_type"}:
        return "a list (items on lines starting with '- ')"
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        return "a mapping of fields"
    message: str = item["msg"]
    return message[0].lower() + message[1:] if message else kind


def _model_at(model: type[BaseModel], loc: Loc) -> Any:
    """The model whose fields are valid at ``loc`` inside ``model``, or None."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field_info = getattr(current, "model_fields", {}).get(part)
        if field_info is None:
            return None
        current = _model_in(field_info.annotation)
    return current


def _description_at(model: type[BaseModel], loc: Loc) -> str:
    """The description of the field at ``loc``, as the JSON Schema shows it."""
    if not loc or isinstance(loc[-1], int):
        return ""
    field_info = getattr(_model_at(model, loc[:-1]), "model_fields", {}).get(loc[-1])
    return (field_info.description or "").rstrip(".") if field_info is not None else ""


def _fields_at(model: type[BaseModel], loc: Loc) -> list[str]:
    """The field names valid at ``loc`` inside ``model`` (for 'did you mean')."""
    return sorted(getattr(_model_at(model, loc), "model_fields", {}))


def _model_in(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def problems_in(content: LoadedContent, files: Iterable[str] | None) -> list[Problem]:
    """The content's problems, limited to ``files`` when given."""
    if files is None:
        return list(content.problems)
    wanted = set(files)
    return [p for p in content.problems if p.file in wanted]


def raise_if_problems(content: LoadedContent) -> None:
    """Raise :class:`ContentError` with every problem, if there is any."""
    if content.problems:
        raise ContentError(content.problems)
