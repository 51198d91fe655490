"""Search: ranked, tolerant of typos, plurals, case and aliases, with deterministic ties."""

from __future__ import annotations

import pytest

import hipknowledge as hk
from hipknowledge._search import SearchIndex, normalize


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("psoas", "psoas-major"),
        ("PSOAS MAJOR", "psoas-major"),
        ("piriformis", "piriformis"),
        ("piriformis syndrom", "piriformis-syndrome"),
        ("IT band", "iliotibial-tract"),
        ("hip flexers", "hip-flexors"),
        ("glute medius", "gluteus-medius"),
        ("hamstring", "hamstrings"),
        ("TFL", "tensor-fasciae-latae"),
        ("foam roller", "foam-rolling"),
    ],
)
def test_everyday_queries_find_the_record(kb: hk.KnowledgeBase, query: str, expected: str) -> None:
    hits = kb.search(query, limit=3)
    assert expected in [h.record.id for h in hits], [h.record.id for h in hits]


def test_hits_are_typed_ranked_and_deterministic(kb: hk.KnowledgeBase) -> None:
    hits = kb.search("hip", limit=30)
    assert all(isinstance(h.record, hk.Record) and h.record_kind == h.record.kind_name for h in hits)
    keys = [(-h.score, h.record.id) for h in hits]
    assert keys == sorted(keys)
    assert hits == kb.search("hip", limit=30)
    assert all(0 < h.score <= 1 for h in hits)


def test_exact_name_outranks_word_and_summary_matches(kb: hk.KnowledgeBase) -> None:
    hits = kb.search("sciatica")
    assert hits[0].record.id == "sciatica"
    assert hits[0].score == 1.0
    assert all(h.score < 1.0 for h in hits[1:])


def test_summary_only_matches_rank_below_name_matches(mini: hk.KnowledgeBase) -> None:
    # "fixture" appears only in summaries; "alpha" is in a name
    summary_hits = mini.search("fixture", limit=50)
    assert summary_hits
    assert {h.matched for h in summary_hits} == {"summary"}
    named = [h for h in mini.search("alpha") if h.matched != "summary"]
    assert named
    assert max(h.score for h in summary_hits) < min(h.score for h in named)


def test_empty_index_and_normalisation() -> None:
    assert SearchIndex([]).search("anything") == ()
    assert normalize("Glutes, HAMSTRINGS!") == ("glute", "hamstring")
