"""Paths the tests share: the fixtures, the shipped data, the repository and its neighbours."""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).parent
ROOT = TESTS.parent
FIXTURES = TESTS / "fixtures"
#: The hand-drawn mini data set (see fixtures/README.md).
MINI = FIXTURES / "mini"
SHIPPED_DATA = ROOT / "src" / "hipknowledge" / "data"
RELEASES = ROOT / "releases"
DOCS = ROOT / "docs"
#: The source articles the content is built from, beside the repository.
SEEDS = ROOT.parent / "shared" / "seeds"


def read(name: str) -> str:
    """A file of the mini data set, as text."""
    return (MINI / name).read_text(encoding="utf-8")
