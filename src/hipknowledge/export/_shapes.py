"""What the exports share: scalars as plain data, and the relation a reference belongs to."""

from __future__ import annotations

import datetime
from enum import Enum

from pydantic import BaseModel

from hipknowledge._fields import Loc, field_shapes

__all__ = ["part_attributes", "plain", "relation"]


def plain(value: object) -> object:
    """A scalar as JSON and SQLite hold it: enums by value, dates in ISO form.

    >>> from hipknowledge.vocab import BodyRegion
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
