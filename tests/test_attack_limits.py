"""Hard edges, limits: a query's cost is bounded whatever its size, and bad limits are refused (items 5, 15, 16)."""

from __future__ import annotations

import difflib

import pytest

import hipknowledge as hk
from hipknowledge import _search
from hipknowledge.cli import main
from hipknowledge.errors import InvalidArgumentError


@pytest.fixture
def fuzzy_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every word search hands to the fuzzy matcher, the part whose cost grew with the query."""
    seen: list[str] = []
    real = difflib.get_close_matches

    def counting(word: str, possibilities: list[str], n: int = 3, cutoff: float = 0.6) -> list[str]:
        seen.append(word)
        return real(word, possibilities, n, cutoff)

    monkeypatch.setattr(difflib, "get_close_matches", counting)
    return seen


def test_a_megabyte_query_reads_only_its_head(fuzzy_calls: list[str]) -> None:
    kb = hk.load()
    query = "gluteus " + "zzzz " * 200_000  # about 1 MB
    hits = kb.search(query)  # before the fix: minutes
    assert len(fuzzy_calls) <= _search.MAX_QUERY_WORDS
    assert all(len(word) <= _search.MAX_QUERY_CHARACTERS for word in fuzzy_calls)
    assert hits == kb.search(query[: _search.MAX_QUERY_CHARACTERS])


def test_repeated_words_count_once(fuzzy_calls: list[str]) -> None:
    kb = hk.load()
    assert kb.search("psoas psoas psoas psoas") == kb.search("psoas")
    fuzzy_calls.clear()
    kb.search("glutes " * 30)
    assert fuzzy_calls.count("glute") <= 1


def test_a_single_huge_word_is_not_fuzzy_matched(fuzzy_calls: list[str]) -> None:
    assert hk.load().search("a" * 150) == ()
    assert fuzzy_calls == []


def test_distinct_words_beyond_the_cap_are_ignored(fuzzy_calls: list[str]) -> None:
    words = [f"word{i:03d}" for i in range(100)]
    hk.load().search(" ".join(words))
    assert len(fuzzy_calls) <= _search.MAX_QUERY_WORDS


@pytest.mark.parametrize("limit", [0, -1, True, 2.5, "3"])
def test_a_bad_limit_is_refused_not_obeyed_silently(limit: object) -> None:
    with pytest.raises(InvalidArgumentError, match="limit"):
        hk.load().search("psoas", limit=limit)  # type: ignore[arg-type]


def test_a_bad_limit_is_a_hipknowledge_error_and_a_value_error() -> None:
    with pytest.raises(hk.HipKnowledgeError):
        hk.load().search("psoas", limit=0)
    with pytest.raises(ValueError, match="limit"):
        hk.load().search("psoas", limit=-1)


@pytest.mark.parametrize("limit", ["0", "-1", "x"])
def test_the_cli_refuses_a_bad_limit(limit: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["search", "psoas", "--limit", limit])
    assert exited.value.code == 2
    assert "--limit" in capsys.readouterr().err


def test_the_limit_keeps_exactly_that_many_hits() -> None:
    kb = hk.load()
    everything = kb.search("hip", limit=1000)
    assert len(everything) > 3
    assert kb.search("hip", limit=3) == everything[:3]
