"""Shared fixtures and the hypothesis profile."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

import hipknowledge as hk
from hipknowledge.export import SCHEMA_ORG, SCHEMA_ORG_CONTEXT

from .paths import MINI

settings.register_profile("default", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("ci", max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("default")


@pytest.fixture(scope="session")
def mini() -> hk.KnowledgeBase:
    """The hand-drawn mini knowledge base (see tests/fixtures/README.md)."""
    return hk.KnowledgeBase.from_directory(MINI)


@pytest.fixture(scope="session")
def kb() -> hk.KnowledgeBase:
    """The shipped content."""
    return hk.load()


Editor = Callable[[str, str], Path]


@pytest.fixture
def broken(tmp_path: Path) -> Callable[..., Path]:
    """Copy the mini data set and apply edits: ``broken({"muscles/x.yaml": "new text" or None})``."""

    def make(edits: dict[str, str | None]) -> Path:
        root = tmp_path / f"data{sum(1 for _ in tmp_path.iterdir())}"
        shutil.copytree(MINI, root)
        for name, text in edits.items():
            target = root / name
            if text is None:
                target.unlink()
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
        return root

    return make


@pytest.fixture
def offline_schema_org(monkeypatch: pytest.MonkeyPatch) -> None:
    """Serve schema.org's JSON-LD context from the package's copy; any other fetch fails the test."""
    context = pytest.importorskip("rdflib.plugins.shared.jsonld.context")

    def fetch(source: object, *args: object, **kwargs: object) -> tuple[dict[str, Any], None]:
        if str(source).rstrip("/") != SCHEMA_ORG:
            raise AssertionError(f"the JSON-LD parser tried to fetch {source}")
        return SCHEMA_ORG_CONTEXT, None

    monkeypatch.setattr(context, "source_to_json", fetch)
