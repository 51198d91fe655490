"""Every text of the shipped content is in the project's own words: no run of 8+ words from the articles.

Each text field of each record (found by walking its JSON dump, so new fields are covered without
changing this test) is compared with the source articles in ``../shared/seeds/*.txt``, using the
same tokenisation as ``../shared/tools/seed_overlap.py``: lower-cased runs of letters and digits,
with a curly apostrophe read as a straight one. A failure names the record, the field and the
shared run. The test is skipped when the articles are not beside the repository (for example when
the suite runs against an installed wheel elsewhere).

One exemption: the ``name`` of a Source record. A source's name is its title, and a citation
quotes the article's title verbatim, so those titles are expected to match.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import hipknowledge as hk

SEEDS = Path(__file__).parents[1].parent / "shared" / "seeds"
RUN = 8

WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def words(text: str) -> list[str]:
    """Tokenise as seed_overlap.py does."""
    return WORD.findall(text.lower().replace("\u2019", "'"))


def article_grams(seeds: Path, n: int = RUN) -> dict[tuple[str, ...], str]:
    """Every run of ``n`` words in the articles, mapped to the article it first occurs in."""
    grams: dict[tuple[str, ...], str] = {}
    for article in sorted(seeds.glob("*.txt")):
        w = words(article.read_text(encoding="utf-8", errors="replace"))
        for i in range(len(w) - n + 1):
            grams.setdefault(tuple(w[i : i + n]), article.name)
    return grams


def shared_runs(text: str, grams: dict[tuple[str, ...], str], n: int = RUN) -> list[tuple[str, str]]:
    """Maximal runs of ``n`` or more words of ``text`` that an article also has, with that article."""
    w = words(text)
    found: list[tuple[str, str]] = []
    i = 0
    while i <= len(w) - n:
        gram = tuple(w[i : i + n])
        if gram in grams:
            j = i + n
            while j < len(w) and tuple(w[j - n + 1 : j + 1]) in grams:
                j += 1
            found.append((" ".join(w[i:j]), grams[gram]))
            i = j
        else:
            i += 1
    return found


def text_fields(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """``(field path, text)`` for every string inside a JSON dump."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from text_fields(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from text_fields(item, f"{path}[{index}]")


def exempt(record: hk.Record, field: str) -> bool:
    """A source's title is quoted verbatim by design (see the module docstring)."""
    return isinstance(record, hk.Source) and field == "name"


@pytest.fixture(scope="module")
def grams() -> dict[tuple[str, ...], str]:
    if not SEEDS.is_dir() or not any(SEEDS.glob("*.txt")):
        pytest.skip(f"the source articles are not at {SEEDS}; nothing to compare against")
    return article_grams(SEEDS)


RECORD_IDS = [r.id for r in hk.load().records()]


@pytest.mark.parametrize("record_id", RECORD_IDS)
def test_record_shares_no_run_of_eight_words_with_the_articles(
    kb: hk.KnowledgeBase, grams: dict[tuple[str, ...], str], record_id: str
) -> None:
    record = kb.lookup(record_id)
    copied = [
        f"{record.kind_name} {record.id}, {field}: {run!r} (also in {article})"
        for field, text in text_fields(record.model_dump(mode="json"))
        if not exempt(record, field)
        for run, article in shared_runs(text, grams)
    ]
    assert not copied, "text shared with the articles:\n" + "\n".join(copied)


def test_every_kind_of_record_is_compared() -> None:
    # Guards against the parametrisation silently shrinking to nothing.
    assert {hk.load().lookup(r).kind_name for r in RECORD_IDS} == {
        "muscle",
        "group",
        "structure",
        "condition",
        "technique",
        "exercise",
        "factor",
        "treatment",
        "source",
        "claim",
    }


def test_detector_finds_a_copied_run_and_ignores_a_shorter_one(grams: dict[tuple[str, ...], str]) -> None:
    # Take a run straight from an article: eight words are found (punctuation and case aside),
    # seven are not, so the per-record test above is not passing vacuously.
    gram, article = next(iter(grams.items()))
    copied = "Intro. " + " ".join(gram).upper() + ", outro."
    assert shared_runs(copied, grams) == [(" ".join(gram), article)]
    assert shared_runs(" ".join(gram[:-1]) + " zzzz", grams) == []


def test_curly_apostrophes_match_straight_ones() -> None:
    grams: dict[tuple[str, ...], str] = {("don't", "b", "c", "d", "e", "f", "g", "h"): "x.txt"}
    assert shared_runs("Don\u2019t b c d e f g h", grams) == [("don't b c d e f g h", "x.txt")]


def test_only_a_source_title_is_exempt(kb: hk.KnowledgeBase) -> None:
    source = kb.sources["upright-health-massage-wont-fix"]
    assert exempt(source, "name")
    assert not exempt(source, "summary")
    assert not exempt(kb.muscles["psoas-major"], "name")
