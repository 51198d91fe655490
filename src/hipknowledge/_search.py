"""Ranked, typo-tolerant search over names and aliases first, then every text of a record (safety text included)."""

from __future__ import annotations

import difflib
import re
import warnings
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import cast

from pydantic import BaseModel, ConfigDict

from hipknowledge.models import AnyRecord, Record, RecordKind

__all__ = [
    "MAX_QUERY_CHARACTERS",
    "MAX_QUERY_WORDS",
    "SearchHit",
    "SearchIndex",
    "closest_ids",
    "normalize",
    "record_texts",
]

#: A query is read up to this many characters; the rest is ignored.
MAX_QUERY_CHARACTERS = 200
#: At most this many distinct words of a query are matched (repeats count once).
MAX_QUERY_WORDS = 12
# Longer words are matched exactly only: no label word is this long, and fuzzy matching
# costs the square of a word's length.
_MAX_FUZZY_WORD = 30

_WORD = re.compile(r"[a-z0-9]+")

# Score tiers: a hit in a better tier always outranks one in a worse tier.
_EXACT, _PREFIX, _CONTAINS, _WORDS, _SUMMARY = 1.0, 0.9, 0.8, 0.6, 0.3


def _stem(word: str) -> str:
    # Plurals only: "adductors" -> "adductor", "glutes" -> "glute". Applied to both the
    # query and the index, so a word that merely ends in "s" ("psoas") still matches itself.
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def normalize(text: str) -> tuple[str, ...]:
    """The search words of ``text``: case-folded, punctuation dropped, plurals folded.

    >>> normalize("Hip Flexors (the iliopsoas)")
    ('hip', 'flexor', 'the', 'iliopsoa')
    """
    return tuple(_stem(w) for w in _WORD.findall(text.casefold()))


def _texts(value: object) -> Iterator[str]:
    """Every piece of text in a record's dump: summaries, steps, notes, safety rules, red flags, IDs they name."""
    if isinstance(value, str):
        yield value.replace("-", " ")
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _texts(item)


def record_texts(record: Record) -> Iterator[str]:
    """Every piece of text in ``record``, for full-text indexes (IDs it names read as words)."""
    return _texts(record.model_dump(mode="json"))


def closest_ids(query: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """The IDs nearest to ``query`` by spelling, best first.

    >>> closest_ids("psoas-majr", ["psoas-major", "psoas-minor", "iliacus"])
    ['psoas-major', 'psoas-minor']
    """
    return difflib.get_close_matches(query, list(candidates), n=n, cutoff=0.6)


class SearchHit(BaseModel):
    """One search result: the record, its kind, a score in (0, 1] and what matched; dumps to JSON."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    record: AnyRecord
    record_kind: RecordKind
    score: float
    matched: str

    @property
    def kind(self) -> RecordKind:
        """The 1.x name of :attr:`record_kind` (read until 3.0, with a warning)."""
        warnings.warn("SearchHit.kind is called record_kind since 2.0.0", DeprecationWarning, stacklevel=2)
        return self.record_kind


class SearchIndex:
    """Word indexes over labels (ID, name, aliases) and summaries, built once."""

    def __init__(self, records: Sequence[Record]) -> None:
        self._records = {r.id: r for r in records}
        self._labels: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
        self._label_words: dict[str, set[str]] = defaultdict(set)
        self._summary_words: dict[str, set[str]] = defaultdict(set)
        for record in records:
            for label in (record.id.replace("-", " "), record.name, *record.aliases):
                words = normalize(label)
                if words:
                    self._labels[record.id].append((words, label))
                    for word in words:
                        self._label_words[word].add(record.id)
            for word in {w for text in record_texts(record) for w in normalize(text)}:
                self._summary_words[word].add(record.id)
        self._vocabulary = sorted(set(self._label_words) | set(self._summary_words))

    def _variants(self, word: str) -> dict[str, float]:
        """Index words that ``word`` may stand for, with how closely each matches."""
        found = {word: 1.0} if word in self._label_words or word in self._summary_words else {}
        if len(word) >= 3:
            for known in self._vocabulary:
                if known != word and known.startswith(word):
                    found.setdefault(known, 0.9)
        if 4 <= len(word) <= _MAX_FUZZY_WORD:
            for known in difflib.get_close_matches(word, self._vocabulary, n=5, cutoff=0.75):
                found.setdefault(known, 0.8 * difflib.SequenceMatcher(None, word, known).ratio())
        return found

    def search(self, query: str, limit: int = 10) -> tuple[SearchHit, ...]:
        """Records matching ``query``, best first; ties broken by ID.

        The cost is bounded whatever the query: only its first :data:`MAX_QUERY_CHARACTERS`
        characters are read, a repeated word counts once, and at most
        :data:`MAX_QUERY_WORDS` distinct words are matched.
        """
        words = tuple(dict.fromkeys(normalize(query[:MAX_QUERY_CHARACTERS])))[:MAX_QUERY_WORDS]
        if not words:
            return ()
        variants = [self._variants(word) for word in words]
        scores: dict[str, tuple[float, str]] = {}

        def offer(record_id: str, score: float, matched: str) -> None:
            if score > scores.get(record_id, (0.0, ""))[0]:
                scores[record_id] = (score, matched)

        # Candidates: records where every query word (or a variant) is a label word.
        label_sets = [set().union(*(self._label_words.get(v, set()) for v in var)) for var in variants]
        for record_id in set.intersection(*label_sets) if label_sets else set():
            for label_words, label in self._labels[record_id]:
                joined, phrase = " ".join(label_words), " ".join(words)
                if joined == phrase:
                    offer(record_id, _EXACT, label)
                elif joined.startswith(phrase):
                    offer(record_id, _PREFIX, label)
                elif phrase in joined:
                    offer(record_id, _CONTAINS, label)
                else:
                    quality = [max((q for v, q in var.items() if v in label_words), default=0.0) for var in variants]
                    if all(quality):
                        # Among word matches, a label with fewer extra words ranks higher.
                        coverage = len(words) / max(len(label_words), len(words))
                        offer(record_id, _WORDS * (sum(quality) / len(quality)) * (0.5 + 0.5 * coverage), label)
        summary_sets = [set().union(*(self._summary_words.get(v, set()) for v in var)) for var in variants]
        for record_id in set.intersection(*summary_sets) if summary_sets else set():
            offer(record_id, _SUMMARY, "summary")
        ranked = sorted(scores.items(), key=lambda item: (-item[1][0], item[0]))[:limit]
        return tuple(
            SearchHit.model_construct(
                record=cast("AnyRecord", self._records[rid]),
                record_kind=self._records[rid].kind_name,
                score=round(score, 3),
                matched=matched,
            )
            for rid, (score, matched) in ranked
        )
