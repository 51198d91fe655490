"""What relates to a record, as the exports read it: :meth:`KnowledgeBase.related`, asked once per record."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from hipknowledge._index import DEFAULT_REACH
from hipknowledge.models import Record

if TYPE_CHECKING:
    from hipknowledge._knowledge import KnowledgeBase, Relation

__all__ = ["Path", "Relations", "Step", "reached"]

Step = tuple[str, str]
"""One step along a relationship: the relation's name and its direction (``("involved", "incoming")``)."""

Path = tuple[Step, ...]
"""Steps taken one after the other: ``(("groups", "incoming"), ("works-muscle", "incoming"))`` leads
from a group to its members, then to the techniques that work them."""


def reached(relation: Relation) -> bool:
    """Whether an export shows a relation: a technique's work on a muscle or structure only where it reaches it.

    The queries answer the same way by default (``kb.muscles_targeted_by(id)``), so no export
    says that a foam roller works the psoas when the evidence says it does not reach it.
    """
    return relation.reach is None or relation.reach in DEFAULT_REACH


class Relations:
    """The relations of a knowledge base's records, each record's asked for once and kept.

    >>> import hipknowledge as hk
    >>> relations = Relations(hk.load())
    >>> [r.id for r in relations.follow("hip-flexors", (("groups", "incoming"),))][:2]
    ['iliacus', 'pectineus']
    """

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._seen: dict[str, tuple[Relation, ...]] = {}

    def of(self, record_id: str) -> tuple[Relation, ...]:
        """Every relation of a record an export shows (see :meth:`KnowledgeBase.related` and :func:`reached`)."""
        found = self._seen.get(record_id)
        if found is None:
            found = self._seen[record_id] = tuple(r for r in self.kb.related(record_id) if reached(r))
        return found

    def follow(self, record_id: str, path: Path) -> tuple[Record, ...]:
        """The records reached from a record along ``path``, in ID order, each once."""
        reached: Iterable[Record] = [self.kb.lookup(record_id)]
        for name, direction in path:
            reached = [
                relation.other
                for record in reached
                for relation in self.of(record.id)
                if relation.name == name and relation.direction == direction
            ]
        return in_id_order(reached)


def in_id_order(records: Iterable[Record]) -> tuple[Record, ...]:
    """``records`` without repeats, in ID order."""
    unique = {record.id: record for record in records}
    return tuple(unique[key] for key in sorted(unique))
