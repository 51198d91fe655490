"""What the exports share: scalars as plain data."""

from __future__ import annotations

import datetime
from enum import Enum

__all__ = ["plain"]


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
