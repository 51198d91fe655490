"""JSON Schema for every kind of data file, generated from the models."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, TypeAdapter
from pydantic.json_schema import GenerateJsonSchema

from hipknowledge._fields import field_shapes
from hipknowledge.errors import UnknownKindError
from hipknowledge.export._files import write_bytes
from hipknowledge.models import KIND_BY_NAME, Deprecation, Manifest

if TYPE_CHECKING:
    from hipknowledge._compat import Traversable

__all__ = [
    "DRAFT",
    "ID_BASE",
    "SCHEMA_NAMES",
    "file_name",
    "render",
    "schema_for",
    "shipped_schemas",
    "stale_files",
    "write_schemas",
]

DRAFT = "https://json-schema.org/draft/2020-12/schema"
#: Where the schemas are published; an ``$id`` names a schema, editors find it through the modeline.
ID_BASE = "https://hipknowledge.readthedocs.io/schemas/"
#: One schema per kind of record, then the two content-wide files.
SCHEMA_NAMES: tuple[str, ...] = (*KIND_BY_NAME, "manifest", "deprecations")


class _NoFieldTitles(GenerateJsonSchema):
    # Pydantic titles every property after its name ("Crosses Hip"); an editor already shows
    # the name, so the title only hides the description that says what to write.
    def field_title_should_be_set(self, schema: Any) -> bool:
        return False


def file_name(name: str) -> str:
    """The file a schema is written to.

    >>> file_name("muscle")
    'muscle.schema.json'
    """
    return f"{name}.schema.json"


def _describe_refs(model: type[BaseModel], node: dict[str, Any], defs: dict[str, Any], seen: set[str]) -> None:
    """Say, in each ID field's description, which records its IDs must name (and mark it for tools)."""
    if model.__name__ in seen:
        return
    seen.add(model.__name__)
    properties = node.get("properties", {})
    for field in field_shapes(model):
        if field.is_reference and field.name in properties:
            where = " or ".join(f"{kind} (data/{KIND_BY_NAME[kind].folder}/)" for kind in field.kinds)
            prop = properties[field.name]
            lead = "Each item is" if field.is_list else "The value is"
            prop["description"] = f"{prop.get('description', '')} {lead} the ID of a {where}.".strip()
            prop["x-refers-to"] = list(field.kinds)
        if field.is_part and field.item.__name__ in defs:
            _describe_refs(field.item, defs[field.item.__name__], defs, seen)


def _clean_description(text: str) -> str:
    """A docstring as an editor should show it: prose only, no doctest, Markdown code marks."""
    paragraphs = [p for p in text.split("\n\n") if not p.lstrip().startswith(">>>")]
    return "\n\n".join(paragraphs).replace("``", "`").replace(":attr:", "").strip()


def _clean(node: Any) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "description" and isinstance(value, str):
                node[key] = _clean_description(value)
            else:
                _clean(value)
    elif isinstance(node, list):
        for item in node:
            _clean(item)


def _enum_lists(defs: dict[str, Any]) -> None:
    """Let an enum's description list its values, so hovering a field shows what it accepts."""
    for node in defs.values():
        values = node.get("enum")
        if values and "description" in node:
            node["description"] = f"{node['description']} One of: {', '.join(map(str, values))}."


# Rules a model validator enforces that JSON Schema can also say, so editors flag them too.
_EXTRA_RULES: dict[str, dict[str, Any]] = {
    "muscle": {
        "if": {"properties": {"crosses_hip": {"const": False}}, "required": ["crosses_hip"]},
        "then": {"properties": {"actions": {"maxItems": 0}}},
        "else": {"properties": {"actions": {"minItems": 1}}, "required": ["actions"]},
    },
}


def schema_for(name: str) -> dict[str, Any]:
    """The JSON Schema of one kind of data file: a record kind, ``manifest`` or ``deprecations``.

    >>> schema = schema_for("muscle")
    >>> schema["$id"], schema["properties"]["depth"]["$ref"]
    ('https://hipknowledge.readthedocs.io/schemas/muscle.schema.json', '#/$defs/Depth')
    >>> schema_for("musle")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    hipknowledge.errors.UnknownKindError: unknown kind 'musle' (did you mean 'muscle'?); known kinds: muscle, group, ...
    """
    model: type[BaseModel]
    if name in KIND_BY_NAME:
        model = KIND_BY_NAME[name]
        title = f"hipknowledge {name} record"
        lead = f"One {name} record: the file data/{KIND_BY_NAME[name].folder}/<id>.yaml."
        body = model.model_json_schema(schema_generator=_NoFieldTitles)
    elif name == "manifest":
        model = Manifest
        title = "hipknowledge content manifest"
        lead = "The file data/manifest.yaml."
        body = model.model_json_schema(schema_generator=_NoFieldTitles)
    elif name == "deprecations":
        model = Deprecation
        title = "hipknowledge deprecated IDs"
        lead = "The file data/deprecated.yaml: IDs that were renamed or merged, each with its replacement."
        body = TypeAdapter(tuple[Deprecation, ...]).json_schema(schema_generator=_NoFieldTitles)
    else:
        raise UnknownKindError(name, SCHEMA_NAMES)
    defs: dict[str, Any] = body.get("$defs", {})
    _describe_refs(model, defs.get(model.__name__, body), defs, set())
    _clean(body)
    _enum_lists(defs)
    body.pop("title", None)
    description = body.pop("description", "")
    if name == "deprecations":
        description = ""
    body.update(_EXTRA_RULES.get(name, {}))
    head: dict[str, Any] = {
        "$schema": DRAFT,
        "$id": ID_BASE + file_name(name),
        "title": title,
        "description": f"{lead} {description}".strip(),
    }
    return {**head, **body}


def render(name: str) -> str:
    """The schema as the text committed to the repository (stable, so diffs stay small)."""
    return json.dumps(schema_for(name), indent=2, ensure_ascii=False) + "\n"


def shipped_schemas() -> Traversable:
    """The folder of schemas inside the installed package."""
    return files("hipknowledge") / "schemas"


def stale_files(directory: Traversable | Path) -> list[str]:
    """Schema files in ``directory`` that are missing or differ from what the models generate."""
    stale = []
    for name in SCHEMA_NAMES:
        entry = directory / file_name(name)
        if not entry.is_file() or entry.read_text(encoding="utf-8") != render(name):
            stale.append(file_name(name))
    return stale


def write_schemas(directory: Path) -> list[Path]:
    """Write every schema into ``directory``; return the files whose text changed."""
    directory.mkdir(parents=True, exist_ok=True)
    changed = []
    for name in SCHEMA_NAMES:
        path = directory / file_name(name)
        text = render(name)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            write_bytes(path, text.encode("utf-8"))  # whole or not at all; never through a link
            changed.append(path)
    return changed
