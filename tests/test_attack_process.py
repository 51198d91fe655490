"""Hard edges, process boundaries: the knowledge base and every exception cross a process pool unchanged."""

from __future__ import annotations

import copy
import multiprocessing
import pickle
from concurrent.futures import ProcessPoolExecutor

import pytest

import hipknowledge as hk
from hipknowledge._canonical import fingerprint

from .paths import MINI


def _fingerprint_in_worker(kb: hk.KnowledgeBase) -> str:
    return fingerprint(kb)


def _raise_in_worker(record_id: str) -> None:
    hk.load().lookup(record_id)


ERRORS = [
    hk.UnknownIdError("piriformis-syndrom", ("piriformis-syndrome",), "condition"),
    hk.DeprecatedIdError("old-roll", "tech-roll", "1.1.0"),
    hk.UnknownKindError("musle", ("muscle", "group")),
    hk.ContentError([hk.Problem("data/muscles/x.yaml", 3, "name", None, "a name")]),
    hk.VersionRequirementError("installed content is 2.0.0"),
]


@pytest.mark.parametrize("error", ERRORS, ids=lambda e: type(e).__name__)
def test_every_exception_pickles_to_an_equal_one(error: hk.HipKnowledgeError) -> None:
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is type(error)
    assert str(again) == str(error)
    assert again.__dict__ == error.__dict__


def test_the_knowledge_base_pickles_and_deep_copies_to_equal_content() -> None:
    kb = hk.KnowledgeBase.from_directory(MINI, strict=True)
    for again in (pickle.loads(pickle.dumps(kb)), copy.deepcopy(kb)):
        assert fingerprint(again) == fingerprint(kb)
        with pytest.raises(hk.DeprecatedIdError):  # strict mode crosses too
            again.lookup("old-roll")


@pytest.mark.slow
def test_a_spawn_process_pool_takes_the_knowledge_base_and_returns_errors() -> None:
    kb = hk.load()
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        assert pool.submit(_fingerprint_in_worker, kb).result() == kb.fingerprint
        with pytest.raises(hk.UnknownIdError) as caught:
            pool.submit(_raise_in_worker, "piriformis-syndrom").result()
    assert str(caught.value).count("no record with id") == 1
    assert caught.value.suggestions[0] == "piriformis-syndrome"
