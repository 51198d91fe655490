"""Many threads calling load() at once build the content once and all get the same KnowledgeBase."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import pytest

import hipknowledge as hk
from hipknowledge import _load
from hipknowledge._compat import Traversable

T = TypeVar("T")
THREADS = 32


def all_at_once(call: Callable[[int], T], count: int = THREADS) -> list[T]:
    """Run ``call(i)`` in ``count`` threads released together by a barrier."""
    barrier = threading.Barrier(count)

    def run(index: int) -> T:
        barrier.wait()
        return call(index)

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


@pytest.fixture
def cold(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """A load() with an empty cache, and a record of each build (slowed down, to widen any race)."""
    monkeypatch.setattr(hk, "load", type(hk.load)())  # leaves the suite's cached knowledge base alone
    builds: list[bool] = []
    real = _load._build_shipped

    def counted(package: Traversable, *, strict: bool) -> hk.KnowledgeBase:
        builds.append(strict)
        threading.Event().wait(0.05)  # let the other threads pile up on the lock
        return real(package, strict=strict)

    monkeypatch.setattr(_load, "_build_shipped", counted)
    return builds


def test_threads_on_a_cold_cache_share_one_knowledge_base(cold: list[bool]) -> None:
    results = all_at_once(lambda _: hk.load())
    assert len({id(kb) for kb in results}) == 1
    assert cold == [False]
    assert hk.load() is results[0]


def test_strict_and_lenient_each_built_once(cold: list[bool]) -> None:
    results = all_at_once(lambda i: (i % 2 == 0, hk.load(strict=i % 2 == 0)))
    strict = {id(kb) for flag, kb in results if flag}
    lenient = {id(kb) for flag, kb in results if not flag}
    assert len(strict) == 1
    assert len(lenient) == 1
    assert strict != lenient
    assert sorted(cold) == [False, True]


def test_version_requirements_checked_in_every_thread(cold: list[bool]) -> None:
    def call(index: int) -> str:
        try:
            return hk.load(require=">=2,<3" if index % 2 else ">=99").content_version
        except hk.VersionRequirementError:
            return "refused"

    results = all_at_once(call)
    assert results.count("refused") == THREADS // 2
    assert cold == [False]


def test_concurrent_queries_agree_with_sequential_ones() -> None:
    kb = hk.load()
    queries: list[Callable[[], object]] = [
        lambda: [m.id for m in kb.muscles_targeted_by("foam-rolling")],
        lambda: [c.id for c in kb.conditions_at("buttock")],
        lambda: [h.record.id for h in kb.search("hip flexers", limit=5)],
        lambda: [e.id for e in kb.exercises_for("hip-abduction")],
        lambda: kb.fingerprint,
    ]
    expected = [query() for query in queries]
    results = all_at_once(lambda i: (i % len(queries), queries[i % len(queries)]()))
    assert all(value == expected[index] for index, value in results)


def test_first_search_from_many_threads(cold: list[bool]) -> None:
    kb = hk.load()
    hits = all_at_once(lambda _: tuple(h.record.id for h in kb.search("piriformis", limit=3)))
    assert len(set(hits)) == 1
    assert hits[0][0] == "piriformis"
