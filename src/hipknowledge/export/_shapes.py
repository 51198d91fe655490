"""How the exports read a model: the shape of each field, and the relation a reference belongs to."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from enum import Enum
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from hipknowledge.models import Loc, Ref

__all__ = ["NOTICE", "FieldShape", "Shape", "field_shapes", "part_attributes", "plain", "relation"]

#: The not-medical-advice notice every export carries.
NOTICE = (
    "General information, not medical advice: it does not diagnose or treat. "
    "See a qualified clinician for pain that is severe, lasting, or comes with any red flag."
)

Shape = Literal["scalar", "ref", "refs", "enums", "texts", "model", "models"]


@dataclass(frozen=True, slots=True)
class FieldShape:
    """One field of a model as the exports see it.

    ``item`` is the Python type of a scalar, the enum class of ``enums``, or the model
    class of ``model`` and ``models``; ``kinds`` are the record kinds a reference may name.
    """

    name: str
    shape: Shape
    item: type[Any]
    kinds: tuple[str, ...] = ()
    optional: bool = False


_CACHE: dict[type[BaseModel], tuple[FieldShape, ...]] = {}


def _unwrap(annotation: Any, metadata: list[Any]) -> tuple[Any, list[Any], bool]:
    """Strip ``Annotated`` and ``Optional`` layers, collecting metadata on the way."""
    optional = False
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            inner, *extra = get_args(annotation)
            annotation, metadata = inner, [*metadata, *extra]
        elif origin is Union or (origin is not None and type(None) in get_args(annotation)):
            options = [a for a in get_args(annotation) if a is not type(None)]
            optional = True
            annotation = options[0]
        else:
            return annotation, metadata, optional


def _ref_kinds(metadata: list[Any]) -> tuple[str, ...] | None:
    for item in metadata:
        if isinstance(item, Ref):
            return item.kinds
    return None


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _is_enum(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, Enum)


def field_shapes(cls: type[BaseModel]) -> tuple[FieldShape, ...]:
    """The fields of ``cls`` in declaration order, each with its shape.

    >>> from hipknowledge.models import CareOption
    >>> [(f.name, f.shape) for f in field_shapes(CareOption)]
    [('intervention', 'ref'), ('stance', 'scalar'), ('note', 'scalar'), ('sources', 'refs')]
    """
    found = _CACHE.get(cls)
    if found is not None:
        return found
    shapes: list[FieldShape] = []
    for name, info in cls.model_fields.items():
        annotation, metadata, optional = _unwrap(info.annotation, list(info.metadata))
        kinds = _ref_kinds(metadata)
        if kinds is not None:
            shapes.append(FieldShape(name, "ref", str, kinds, optional))
        elif get_origin(annotation) is tuple:
            item, item_metadata, _ = _unwrap(get_args(annotation)[0], [])
            item_kinds = _ref_kinds(item_metadata)
            if item_kinds is not None:
                shapes.append(FieldShape(name, "refs", str, item_kinds))
            elif _is_enum(item):
                shapes.append(FieldShape(name, "enums", item))
            elif _is_model(item):
                shapes.append(FieldShape(name, "models", item))
            else:
                shapes.append(FieldShape(name, "texts", item))
        elif _is_model(annotation):
            shapes.append(FieldShape(name, "model", annotation, optional=optional))
        else:
            shapes.append(FieldShape(name, "scalar", annotation, optional=optional))
    _CACHE[cls] = found = tuple(shapes)
    return found


def plain(value: object) -> object:
    """A scalar as JSON and SQLite hold it: enums by value, dates in ISO form.

    >>> from hipknowledge.models import BodyRegion
    >>> plain(BodyRegion.BUTTOCK), plain(datetime.date(2026, 1, 2)), plain(3)
    ('buttock', '2026-01-02', 3)
    """
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def relation(loc: Loc) -> str:
    """The relation a reference belongs to: its field location without list positions.

    >>> relation(("care_options", 2, "sources", 0))
    'care_options.sources'
    """
    return ".".join(part for part in loc if isinstance(part, str))


def part_attributes(record: BaseModel, loc: Loc) -> dict[str, object]:
    """The scalar facts of the part a reference stands in (a care option's stance, a target's ``how``).

    Empty unless ``loc`` points at a reference field of an item in a list of parts.
    """
    if len(loc) != 3 or not isinstance(loc[0], str) or not isinstance(loc[1], int):
        return {}
    part = getattr(record, loc[0])[loc[1]]
    return {
        shape.name: plain(getattr(part, shape.name))
        for shape in field_shapes(type(part))
        if shape.shape == "scalar" and getattr(part, shape.name) is not None
    }
