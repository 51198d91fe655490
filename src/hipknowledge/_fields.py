"""The one reader of model annotations: each field's shape, and the references a record holds."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from hipknowledge.ids import is_valid_id

__all__ = [
    "FieldShape",
    "Loc",
    "Ref",
    "Shape",
    "description_at",
    "field_shapes",
    "fields_at",
    "format_loc",
    "iter_raw_references",
    "iter_references",
    "model_at",
]

Shape = Literal["scalar", "ref", "refs", "enums", "texts", "model", "models"]
"""How a field holds its value.

``scalar``: one text, number, date, boolean or vocabulary value; ``ref``/``refs``: the
ID(s) of records; ``enums``/``texts``: a list of vocabulary values or of scalars;
``model``/``models``: one nested part or a list of them.
"""

Loc = tuple[str | int, ...]
"""Where a value sits inside a record: field names and list positions."""


@dataclass(frozen=True, slots=True)
class Ref:
    """Marks a field whose value is the ID of a record of one of ``kinds``."""

    kinds: tuple[str, ...]

    def __init__(self, *kinds: str) -> None:
        object.__setattr__(self, "kinds", kinds)


def format_loc(loc: Loc) -> str:
    """Write a field location the way a contributor reads it.

    >>> format_loc(("care_options", 2, "sources", 0))
    'care_options[2].sources[0]'
    """
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


_SCALAR_NAMES = {str: "text", bool: "boolean", int: "integer", float: "number"}


@dataclass(frozen=True, slots=True)
class FieldShape:
    """One field of a model: its name, how it holds its value, and what it means.

    ``item`` is the Python type of a scalar (or of a list's items), the enum class of
    vocabulary values, or the model class of a nested part; ``kinds`` are the record
    kinds a reference may name.
    """

    name: str
    shape: Shape
    item: Any
    kinds: tuple[str, ...] = ()
    optional: bool = False
    required: bool = True
    description: str = ""
    min_items: int = 0

    @property
    def is_list(self) -> bool:
        """True for a field holding a list."""
        return self.shape in ("refs", "enums", "texts", "models")

    @property
    def is_reference(self) -> bool:
        """True for a field holding the ID of a record, or a list of them."""
        return self.shape in ("ref", "refs")

    @property
    def vocabulary(self) -> type[Enum] | None:
        """The vocabulary (enum) the field's values come from, if they come from one."""
        item = self.item
        return item if isinstance(item, type) and issubclass(item, Enum) and not self.is_reference else None

    @property
    def is_part(self) -> bool:
        """True for a field holding a nested model, or a list of them."""
        return self.shape in ("model", "models")

    def describe(self) -> str:
        """The field's type in words, as release snapshots record it.

        >>> from hipknowledge.models import Muscle
        >>> [f.describe() for f in field_shapes(Muscle) if f.name in ("groups", "depth")]
        ['required list of ID of group', 'required Depth']
        """
        if self.is_reference:
            what = f"ID of {'/'.join(self.kinds)}"
        elif self.is_part:
            what = "object"
        elif self.vocabulary is not None:
            what = self.vocabulary.__name__
        else:
            what = _SCALAR_NAMES.get(self.item, getattr(self.item, "__name__", str(self.item)))
        return f"{'required' if self.required else 'optional'} {'list of ' if self.is_list else ''}{what}"


def _unwrap(annotation: Any) -> tuple[Any, tuple[str, ...] | None, bool]:
    """Strip ``Annotated`` and ``X | None``: the inner type, the kinds of a ``Ref`` met, and optionality."""
    kinds: tuple[str, ...] | None = None
    optional = False
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation, *metadata = get_args(annotation)
            kinds = next((m.kinds for m in metadata if isinstance(m, Ref)), kinds)
        elif origin is Union or (origin is not None and type(None) in get_args(annotation)):
            annotation = next(a for a in get_args(annotation) if a is not type(None))
            optional = True
        else:
            return annotation, kinds, optional


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


_SHAPES: dict[type[BaseModel], tuple[FieldShape, ...]] = {}


def field_shapes(model: type[BaseModel]) -> tuple[FieldShape, ...]:
    """The fields of ``model`` in declaration order, each with its shape.

    >>> from hipknowledge.models import CareOption
    >>> [(f.name, f.shape) for f in field_shapes(CareOption)][:2]
    [('intervention', 'ref'), ('stance', 'scalar')]
    >>> [f.name for f in field_shapes(CareOption) if f.shape != "scalar"]
    ['intervention', 'graded_by', 'sources']
    """
    found = _SHAPES.get(model)
    if found is None:
        found = _SHAPES[model] = _read_shapes(model)
    return found


def _read_shapes(model: type[BaseModel]) -> tuple[FieldShape, ...]:
    shapes: list[FieldShape] = []
    for name, info in model.model_fields.items():
        annotation, kinds, optional = _unwrap(info.annotation)
        kinds = next((m.kinds for m in info.metadata if isinstance(m, Ref)), kinds)
        shape: Shape
        if kinds is not None:
            shape, item = "ref", str
        elif get_origin(annotation) is tuple:
            item, kinds, _ = _unwrap(get_args(annotation)[0])
            if kinds is not None:
                shape, item = "refs", str
            elif isinstance(item, type) and issubclass(item, Enum):
                shape = "enums"
            else:
                shape = "models" if _is_model(item) else "texts"
        else:
            item = annotation
            shape = "model" if _is_model(annotation) else "scalar"
        shapes.append(
            FieldShape(
                name,
                shape,
                item,
                kinds or (),
                optional,
                info.is_required(),
                (info.description or "").strip(),
                max((getattr(m, "min_length", 0) or 0 for m in info.metadata), default=0),
            )
        )
    return tuple(shapes)


def iter_references(record: BaseModel) -> Iterator[tuple[Loc, str, tuple[str, ...]]]:
    """Yield ``(field location, referenced ID, allowed kinds)`` for every reference in ``record``.

    >>> from hipknowledge.models import Review, Target
    >>> list(iter_references(Target(target="psoas-major", reach="none")))
    [(('target',), 'psoas-major', ('muscle', 'group', 'structure'))]
    """
    for field in field_shapes(type(record)):
        value = getattr(record, field.name)
        if value is None:
            continue
        loc: Loc = (field.name,)
        if field.shape == "ref":
            yield loc, value, field.kinds
        elif field.shape == "refs":
            for index, ref in enumerate(value):
                yield (*loc, index), ref, field.kinds
        elif field.shape == "model":
            yield from ((loc + sub, ref, kinds) for sub, ref, kinds in iter_references(value))
        elif field.shape == "models":
            for index, part in enumerate(value):
                yield from (((*loc, index, *sub), ref, kinds) for sub, ref, kinds in iter_references(part))


def iter_raw_references(model: type[BaseModel], data: object) -> Iterator[tuple[Loc, str, tuple[str, ...]]]:
    """Like :func:`iter_references`, over raw data that failed validation.

    Only values shaped like IDs are yielded (a malformed one already has its own problem),
    so that a typo in a reference is reported beside the record's other problems.

    >>> from hipknowledge.models import CareOption
    >>> list(iter_raw_references(CareOption, {"intervention": "x", "sources": ["s", 3]}))
    [(('intervention',), 'x', ('technique', 'exercise', 'treatment')), (('sources', 0), 's', ('source',))]
    """
    if not isinstance(data, dict):
        return
    for field in field_shapes(model):
        value = data.get(field.name)
        loc: Loc = (field.name,)
        items = list(enumerate(value)) if field.is_list and isinstance(value, list) else []
        if field.shape == "ref" and isinstance(value, str) and is_valid_id(value):
            yield loc, value, field.kinds
        elif field.shape == "refs":
            yield from (((*loc, i), ref, field.kinds) for i, ref in items if isinstance(ref, str) and is_valid_id(ref))
        elif field.shape == "model":
            yield from ((loc + sub, ref, kinds) for sub, ref, kinds in iter_raw_references(field.item, value))
        elif field.shape == "models":
            for index, part in items:
                yield from (((*loc, index, *sub), ref, k) for sub, ref, k in iter_raw_references(field.item, part))


def model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The model whose fields are valid at ``loc`` inside ``model`` (list positions skipped), or None.

    >>> from hipknowledge.models import Condition
    >>> model_at(Condition, ("care_options", 0)).__name__
    'CareOption'
    """
    current: type[BaseModel] | None = model
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        field = next((f for f in field_shapes(current) if f.name == part), None)
        current = field.item if field is not None and field.is_part else None
    return current


def fields_at(model: type[BaseModel], loc: Loc) -> list[str]:
    """The field names valid at ``loc`` inside ``model``, sorted (for 'did you mean')."""
    found = model_at(model, loc)
    return sorted(f.name for f in field_shapes(found)) if found is not None else []


def description_at(model: type[BaseModel], loc: Loc) -> str:
    """The description of the field at ``loc`` inside ``model`` (as the JSON Schema shows it).

    >>> from hipknowledge.models import Record
    >>> description_at(Record, ("review", "by"))
    "Reviewer's name or role."
    """
    if not loc or isinstance(loc[-1], int):
        return ""
    parent = model_at(model, loc[:-1])
    field = next((f for f in field_shapes(parent) if f.name == loc[-1]), None) if parent else None
    return field.description if field is not None else ""
