"""JSON Schema for every kind of data file, generated from the models."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, TypeAdapter
from pydantic.json_schema import GenerateJsonSchema

from hipknowledge.errors import UnknownKindError
from hipknowledge.models import KIND_BY_NAME, Deprecation, Manifest, Ref

if TYPE_CHECKING:
    from hipknowledge._compat import Traversable

__all__ = [
    "DRAFT",
    "ID_BASE",
    "SCHEMA_NAMES",
    "file_name",
    "item_type",
    "ref_kinds",
    "render",
    "schema_for",
    "shipped_schemas",
    "stale_files",
    "unwrap",
    "write_schemas",
]

DRAFT = "https://json-schema.org/draft/2020-12/schema"
#: Where the schemas are published; an ``$id`` names a schema, editors find it through the modeline.
ID_BASE = "https://hipknowledge.readthedocs.io/schemas/"
#: One schema per kind of record, then the two content-wide files.
SCHEMA_NAMES: tuple[str, ...] = (*KIND_BY_NAME, "manifest", "deprecations")

_FOLDER_OF = {name: cls.folder for name, cls in KIND_BY_NAME.items()}


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


def ref_kinds(annotation: Any, metadata: Any = ()) -> tuple[str, ...]:
    """The kinds of record a field's value refers to by ID (empty when it holds no ID).

    >>> from hipknowledge.models import Exercise
    >>> field = Exercise.model_fields["primary_muscles"]
    >>> ref_kinds(field.annotation, field.metadata)
    ('muscle',)
    """
    for item in metadata:
        if isinstance(item, Ref):
            return item.kinds
    origin = get_origin(annotation)
    if origin is Annotated:
        inner, *extra = get_args(annotation)
        return ref_kinds(inner, extra)
    if origin is tuple or origin is Union or (origin is not None and type(None) in get_args(annotation)):
        for arg in get_args(annotation):
            found = ref_kinds(arg)
            if found:
                return found
    return ()


def unwrap(annotation: Any) -> Any:
    """The type inside ``Annotated[...]`` and ``X | None``.

    >>> from typing import Annotated
    >>> unwrap(Annotated[int, "meta"] | None)
    <class 'int'>
    """
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin is Union or (origin is not None and type(None) in get_args(annotation)):
            annotation = next(a for a in get_args(annotation) if a is not type(None))
        else:
            return annotation


def item_type(annotation: Any) -> Any | None:
    """For a list field (``tuple[X, ...]``, maybe optional), ``X``; None for any other field.

    >>> item_type(tuple[str, ...]), item_type(str)
    (<class 'str'>, None)
    """
    inner = unwrap(annotation)
    return get_args(inner)[0] if get_origin(inner) is tuple else None


def _models_in(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for arg in get_args(annotation):
        yield from _models_in(arg)


def _describe_refs(model: type[BaseModel], node: dict[str, Any], defs: dict[str, Any], seen: set[str]) -> None:
    """Say, in each ID field's description, which records its IDs must name (and mark it for tools)."""
    if model.__name__ in seen:
        return
    seen.add(model.__name__)
    properties = node.get("properties", {})
    for name, field in model.model_fields.items():
        kinds = ref_kinds(field.annotation, field.metadata)
        if kinds and name in properties:
            where = " or ".join(f"{kind} (data/{_FOLDER_OF[kind]}/)" for kind in kinds)
            prop = properties[name]
            lead = "Each item is" if prop.get("type") == "array" else "The value is"
            prop["description"] = f"{prop.get('description', '')} {lead} the ID of a {where}.".strip()
            prop["x-refers-to"] = list(kinds)
        for sub in _models_in(field.annotation):
            if sub.__name__ in defs:
                _describe_refs(sub, defs[sub.__name__], defs, seen)


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
    hipknowledge.errors.UnknownKindError: unknown kind 'musle'; known kinds: muscle, group, ...
    """
    model: type[BaseModel]
    if name in KIND_BY_NAME:
        model = KIND_BY_NAME[name]
        title = f"hipknowledge {name} record"
        lead = f"One {name} record: the file data/{_FOLDER_OF[name]}/<id>.yaml."
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
    from importlib.resources import files

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
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed
