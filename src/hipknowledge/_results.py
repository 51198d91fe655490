"""``Results``: the answer of a relationship query, a tuple of records that combines with others by ID."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from hipknowledge.models import Record

__all__ = ["Results"]

R_co = TypeVar("R_co", bound=Record, covariant=True)
S = TypeVar("S", bound=Record)


class Results(tuple[R_co, ...]):
    """Records a query found, in the query's order (ID order unless it says otherwise).

    A tuple in every way, and a set by ID: ``&`` keeps the records whose ID the other
    answer also has, ``-`` drops them, ``|`` joins two answers in ID order, and :attr:`ids`
    gives the IDs as a frozenset.

    >>> import hipknowledge as hk
    >>> kb = hk.load()
    >>> movers = kb.muscles_for("hip-abduction") & kb.muscles_for("hip-flexion")
    >>> "tensor-fasciae-latae" in movers.ids
    True
    >>> both = kb.conditions_at("groin") | kb.conditions_at("buttock")
    >>> [c.id for c in both] == sorted(both.ids)
    True
    """

    __slots__ = ()

    @property
    def ids(self) -> frozenset[str]:
        """The IDs of the records."""
        return frozenset(record.id for record in self)

    def __and__(self, other: Iterable[Record]) -> Results[R_co]:
        keep = {record.id for record in other}
        return Results(record for record in self if record.id in keep)

    def __sub__(self, other: Iterable[Record]) -> Results[R_co]:
        drop = {record.id for record in other}
        return Results(record for record in self if record.id not in drop)

    def __or__(self, other: Iterable[S]) -> Results[R_co | S]:
        joined: dict[str, R_co | S] = {record.id: record for record in self}
        for record in other:
            joined.setdefault(record.id, record)
        return Results(joined[key] for key in sorted(joined))

    def __repr__(self) -> str:
        return f"Results({[record.id for record in self]!r})"
