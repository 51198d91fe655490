"""The reference pages of every record's fields and of every vocabulary, as Markdown.

Plain functions over the models and vocabularies, with no MkDocs in sight:
``gen_reference.py`` writes their pages into the site, and ``tests/test_docs.py`` checks
that every field of every model and every value of every vocabulary is on them.
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Iterator

from pydantic import BaseModel

import hipknowledge as hk
from hipknowledge import models
from hipknowledge._fields import FieldShape, field_shapes

__all__ = ["PAGES", "anchor", "documented_models", "pages", "records_page", "vocabularies_page"]

RECORDS = "reference/records.md"
VOCABULARIES = "reference/vocabularies.md"

#: The generated pages, with their titles in the navigation.
PAGES: tuple[tuple[str, str], ...] = (("Record fields", RECORDS), ("Vocabularies", VOCABULARIES))

#: The models that describe the content as a whole rather than one record.
METADATA: tuple[type[BaseModel], ...] = (hk.Manifest, hk.Deprecation)


def anchor(cls: type) -> str:
    """The id of a class's heading on its page (``MuscleGroup`` -> ``musclegroup``)."""
    return cls.__name__.lower()


def _summary(cls: type) -> str:
    """The first paragraph of a class's docstring, on one line."""
    doc = inspect.getdoc(cls) or ""
    return " ".join(doc.split("\n\n", 1)[0].split())


def _cell(text: str) -> str:
    """Text that stays inside one cell of a Markdown table."""
    return " ".join(text.replace("\\", "\\\\").replace("|", "\\|").split())


def _parts() -> list[type[BaseModel]]:
    """Every part model the records hold, in the order the records first name them."""
    found: list[type[BaseModel]] = []

    def visit(model: type[BaseModel]) -> None:
        for shape in field_shapes(model):
            if shape.is_part and shape.item not in found:
                found.append(shape.item)
                visit(shape.item)

    for record_type in (hk.Record, *hk.RECORD_TYPES):
        visit(record_type)
    return found


def _public_models() -> list[type[BaseModel]]:
    """Every public model class of :mod:`hipknowledge.models`."""
    return [
        value
        for name, value in vars(models).items()
        if isinstance(value, type)
        and issubclass(value, BaseModel)
        and value.__module__ == models.__name__
        and not name.startswith("_")
    ]


def _sections() -> list[tuple[str, str, list[type[BaseModel]]]]:
    """The sections of the records page: title, introduction, models."""
    listed: list[type[BaseModel]] = [hk.Record, *hk.RECORD_TYPES, *_parts(), *METADATA]
    others = [model for model in _public_models() if model not in listed]
    sections = [
        (
            "Fields every record has",
            "Every kind of record below has these fields too; they are repeated in its table.",
            [hk.Record],
        ),
        (
            "Records",
            "One section per kind of record. `record_kind` says which kind a dump is: "
            "`hk.parse_record(data)` reads any of them back into its class.",
            list(hk.RECORD_TYPES),
        ),
        ("Parts of records", "The nested objects that records hold.", _parts()),
        ("Content metadata", "What describes the content as a whole.", list(METADATA)),
    ]
    if others:
        sections.append(("Other models", "", others))
    return sections


def documented_models() -> list[type[BaseModel]]:
    """Every model the records page has a table for, in page order."""
    return [model for _, _, found in _sections() for model in found]


def _vocabulary_link(vocabulary: type, page: str) -> str:
    target = "" if page == VOCABULARIES else "vocabularies.md"
    return f"[{vocabulary.__name__}]({target}#{anchor(vocabulary)})"


def _values(shape: FieldShape) -> str:
    """What the values column says of a field: allowed values, the part it holds, the records it names."""
    vocabulary = shape.vocabulary
    if vocabulary is not None:
        values = ", ".join(f"`{member.value}`" for member in vocabulary)
        return f"{values} (see {_vocabulary_link(vocabulary, RECORDS)})"
    if typing.get_origin(shape.item) is typing.Literal:
        return ", ".join(f"`{value}`" for value in typing.get_args(shape.item))
    if shape.is_part:
        return f"see [{shape.item.__name__}](#{anchor(shape.item)})"
    if shape.is_reference:
        return "IDs of " + ", ".join(f"{kind} records" for kind in shape.kinds)
    return ""


def _required(shape: FieldShape) -> str:
    text = "required" if shape.required else "optional"
    if shape.is_list and shape.min_items:
        text += f", at least {shape.min_items}"
    return text


def _type(shape: FieldShape) -> str:
    """The field's type in the words of :meth:`FieldShape.describe`, without the word required or optional."""
    return shape.describe().split(" ", 1)[1]


def _model_section(model: type[BaseModel]) -> Iterator[str]:
    yield f"### {model.__name__} {{ #{anchor(model)} }}"
    yield ""
    yield _summary(model)
    yield ""
    if issubclass(model, hk.Record) and model in hk.RECORD_TYPES:
        yield (
            f"`record_kind`: `{model.kind_name}`; all of them: `kb.{model.folder}` or "
            f"`kb.records(hk.{model.__name__})`; one: `kb.lookup(id, hk.{model.__name__})`; "
            f"data folder `{model.folder}/`."
        )
        yield ""
    yield "| Field | Type | Required | Meaning | Values |"
    yield "|---|---|---|---|---|"
    for shape in field_shapes(model):
        cells = (f"`{shape.name}`", _type(shape), _required(shape), shape.description, _values(shape))
        yield "| " + " | ".join(_cell(cell) for cell in cells) + " |"
    yield ""


def records_page() -> str:
    """The page of every record kind and part model: a table of its fields."""
    lines = [
        "# Record fields",
        "",
        "Every field of every record and of the parts records hold: its type, whether a record "
        "must have it, what it means and, for a field that takes values from a vocabulary, the "
        f"values it takes (each explained on [Vocabularies](vocabularies.md)). {hk.NOTICE}",
        "",
        "A type reads as `FieldShape.describe()` gives it: `text`, `integer`, `boolean`, "
        "`date`, a vocabulary's name, `Literal` (one of the values listed), "
        "`ID of muscle` (the ID of a record of that kind), "
        "`object` (a part, in its own table below), and `list of ...`. "
        "An optional field may be left out of a data file; an optional list is then empty.",
        "",
    ]
    for title, introduction, found in _sections():
        lines += [f"## {title}", ""]
        if introduction:
            lines += [introduction, ""]
        for model in found:
            lines += list(_model_section(model))
    return "\n".join(lines)


def _used_by() -> dict[type, list[str]]:
    """The fields that take each vocabulary's values, as ``Model.field``."""
    found: dict[type, list[str]] = {}
    for model in documented_models():
        for shape in field_shapes(model):
            if shape.vocabulary is not None:
                found.setdefault(shape.vocabulary, []).append(
                    f"[{model.__name__}.{shape.name}](records.md#{anchor(model)})"
                )
    return found


def vocabularies_page() -> str:
    """The page of every vocabulary: its command-line name, class, docstring, and each value with its meaning."""
    used_by = _used_by()
    lines = [
        "# Vocabularies",
        "",
        "Every closed list of values the content uses, and what each value means. "
        "A record stores the value (`lateral-hip`); in Python each is a member of a "
        "`hk.Vocabulary` enum with a `.meaning`, and query arguments take the plain string too. "
        "`hk.VOCABULARIES` maps each name below to its class, and `hipknowledge list NAME` prints the values.",
        "",
    ]
    for name, vocabulary in hk.VOCABULARIES.items():
        twin = f"{vocabulary.__name__}Value"
        lines += [f"## {vocabulary.__name__} {{ #{anchor(vocabulary)} }}", "", _summary(vocabulary), ""]
        facts = [f"command line: `hipknowledge list {name}`", f"class: `hk.{vocabulary.__name__}`"]
        if twin in hk.__all__:
            facts.append(f"literal type for type checkers: `hk.{twin}`")
        if vocabulary in used_by:
            facts.append("used by " + ", ".join(used_by[vocabulary]))
        lines += [f"- {fact}" for fact in facts]
        lines += ["", "| Value | Meaning |", "|---|---|"]
        lines += [f"| `{member.value}` | {_cell(member.meaning)} |" for member in vocabulary]
        lines.append("")
    return "\n".join(lines)


def pages() -> dict[str, str]:
    """Both pages, by their path in the site."""
    return {RECORDS: records_page(), VOCABULARIES: vocabularies_page()}
