"""Skeleton records for `hipknowledge new KIND ID`: every field laid out, the blanks marked to fill in."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

from pydantic import BaseModel

from hipknowledge import _yaml
from hipknowledge._fields import FieldShape, description_at, field_shapes
from hipknowledge._integrity import RESERVED
from hipknowledge._schema import file_name
from hipknowledge.errors import ContentError, Problem, UnknownKindError
from hipknowledge.ids import is_valid_id, slugify
from hipknowledge.models import KIND_BY_FOLDER, KIND_BY_NAME, Record

__all__ = ["FILL_IN", "record_kind", "skeleton", "write_skeleton"]

#: The comment that marks a blank a contributor must fill in; validation fails on each until they do.
FILL_IN = "# fill in:"

#: Fields a model validator requires although the field itself has a default
#: (a muscle crosses the hip unless it says otherwise, and then needs a hip action).
_ASK_FOR: dict[str, frozenset[str]] = {"muscle": frozenset({"actions"})}
_MORE_ITEMS = "one item; add more on lines starting with '- '."
#: Fields written last, in every kind, as the shipped files have them.
_LAST = ("sources", "review")


def record_kind(kind: str) -> type[Record]:
    """The model for a kind, named in the singular or by its folder.

    >>> record_kind("muscles").__name__, record_kind("exercise").__name__
    ('Muscle', 'Exercise')
    """
    model = KIND_BY_NAME.get(kind) or KIND_BY_FOLDER.get(kind)
    if model is None:
        raise UnknownKindError(kind, KIND_BY_NAME)
    return model


def _hint(field: FieldShape) -> str:
    """What a blank value should become: the allowed values, or which records its ID names."""
    if field.is_reference:
        kinds = field.kinds
        names = kinds[0] if len(kinds) == 1 else f"{', '.join(kinds[:-1])} or {kinds[-1]}"
        article = "an" if names[0] in "aeiou" else "a"
        return f"The ID of {article} {names} (its file name without .yaml)."
    if field.vocabulary is not None:
        return "One of: " + ", ".join(str(m.value) for m in field.vocabulary) + "."
    if field.item is datetime.date:
        return "A date, YYYY-MM-DD."
    if field.item is bool:
        return "true or false."
    return ""


def _comment(*parts: str) -> str:
    return " ".join(p.strip() for p in parts if p and p.strip())


def _field_lines(field: FieldShape, required: bool, indent: str, first: str) -> list[str]:
    """YAML lines for one field; ``first`` prefixes the first line (``"- "`` in a list item)."""
    name, description = field.name, field.description
    if not required:
        return [f"{indent}{first}# {name}:  # (optional) {description}".rstrip()]
    if field.is_list:
        lines = [f"{indent}{first}{name}:  # {description}".rstrip()]
        for _ in range(max(field.min_items, 1)):
            if field.is_part:
                lines.extend(_model_lines(field.item, indent + "  ", "- "))
            else:
                lines.append(f"{indent}  - {FILL_IN} {_hint(field) or _MORE_ITEMS}")
        return lines
    if field.is_part:
        return [f"{indent}{first}{name}:  # {description}".rstrip(), *_model_lines(field.item, indent + "  ", "")]
    return [f"{indent}{first}{name}:  {FILL_IN} {_comment(description, _hint(field))}".rstrip()]


def _model_lines(model: type[BaseModel], indent: str, first: str) -> list[str]:
    lines: list[str] = []
    for field in field_shapes(model):
        prefix = first if not lines else " " * len(first)
        lines.extend(_field_lines(field, field.required, indent, prefix))
    return lines


def skeleton(
    kind: str,
    record_id: str,
    *,
    today: datetime.date | None = None,
    reviewer: str | None = None,
    data_dir: Path = Path("src/hipknowledge/data"),
) -> str:
    """The text of a new record of ``kind``: every required field, blanks marked ``# fill in:``.

    ``data_dir`` is the data directory the record goes into, named in the hint at the top.

    >>> text = skeleton("source", "smith-2024-hip-review", today=datetime.date(2026, 1, 2))
    >>> print("\\n".join(text.splitlines()[6:9]))
    id: smith-2024-hip-review
    name:  # fill in: Display name.
    # aliases:  # (optional) Other names people use, for search.
    """
    model = record_kind(kind)
    if not is_valid_id(record_id):
        raise ContentError([_id_problem(model, record_id)])
    day = (today or datetime.date.today()).isoformat()
    folder = model.folder
    lines = [
        f"# yaml-language-server: $schema=../../schemas/{file_name(model.kind_name)}",
        f"# A new {model.kind_name}. Fill in every blank marked 'fill in', uncomment the optional",
        "# lines you need and delete the rest, then check the file with:",
        f"#   hipknowledge validate {data_dir / folder / record_id}.yaml",
        "# Write in your own words and cite a source for every fact (docs/contributing.md).",
        "",
    ]
    # record_kind is set by the folder the file is in: a contributor never writes it.
    fields = {f.name: f for f in field_shapes(model) if f.name != "record_kind"}
    order = [n for n in fields if n not in _LAST] + [n for n in _LAST if n in fields]
    asked = _ASK_FOR.get(model.kind_name, frozenset())
    for name in order:
        field = fields[name]
        if name == "id":
            lines.append(f"id: {record_id}")
        elif name == "review":
            # Quoted as JSON, which YAML reads as a double-quoted string: whatever the name
            # holds (a colon, a quote, a newline) it stays one value and adds no field.
            by = (
                f"by: {json.dumps(reviewer)}"
                if reviewer
                else f"by:  {FILL_IN} {description_at(Record, ('review', 'by'))}"
            )
            lines.extend(["review:", f"  {by}", f"  on: {day}"])
        else:
            lines.extend(_field_lines(field, field.required or name in asked, "", ""))
    return "\n".join(lines) + "\n"


def _id_problem(model: type[Record], record_id: str) -> Problem:
    path = f"data/{model.folder}/{record_id}.yaml"
    suggestion = slugify(record_id)
    hint = f"; try {suggestion!r}" if suggestion and is_valid_id(suggestion) else ""
    return Problem(path, None, "id", record_id, f"a lowercase kebab-case ID such as 'psoas-major'{hint}", "bad-id")


def _taken(data_dir: Path, record_id: str) -> str | None:
    """Where ``record_id`` is already used in ``data_dir``: a record file, or a deprecated ID."""
    for folder in KIND_BY_FOLDER:
        path = data_dir / folder / f"{record_id}.yaml"
        if path.exists():
            return f"the existing record {path}"
    deprecations = data_dir / "deprecated.yaml"
    if deprecations.is_file():
        try:
            entries, _lines = _yaml.parse(deprecations.read_text(encoding="utf-8"))
        except _yaml.YamlRefusedError:
            entries = None
        for entry in entries if isinstance(entries, list) else []:
            if isinstance(entry, dict) and entry.get("id") == record_id:
                return f"a deprecated ID in {deprecations} (it answers for {entry.get('replaced_by')!r})"
    if record_id in RESERVED:
        return "a hip movement or body region name, which queries accept in place of an ID"
    return None


def write_skeleton(
    data_dir: Path,
    kind: str,
    record_id: str,
    *,
    today: datetime.date | None = None,
    reviewer: str | None = None,
) -> Path:
    """Write a skeleton record into ``data_dir`` and return its path.

    Refuses (with :class:`~hipknowledge.ContentError`) a malformed ID or one already in use.
    """
    model = record_kind(kind)
    text = skeleton(kind, record_id, today=today, reviewer=reviewer, data_dir=data_dir)
    path = data_dir / model.folder / f"{record_id}.yaml"
    taken = _taken(data_dir, record_id)
    if taken is not None:
        expected = f"an ID not in use; {record_id!r} is {taken}: edit that file, or pick another ID"
        raise ContentError([Problem(str(path), None, "id", record_id, expected, "id-taken")])
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:
        handle.write(text)
    return path
