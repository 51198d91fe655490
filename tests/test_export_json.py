"""JSON export: read back with json and compared with the KnowledgeBase."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import pytest

import hipknowledge as hk
from hipknowledge.export import to_json
from hipknowledge.models import KIND_BY_NAME

from .paths import MINI
from .test_attack_writing import cli_main as main


@pytest.fixture(scope="module")
def document(kb: hk.KnowledgeBase) -> dict[str, object]:
    loaded: dict[str, object] = json.loads(to_json(kb))
    return loaded


def test_document_names_version_fingerprint_and_licence(document: dict[str, object], kb: hk.KnowledgeBase) -> None:
    assert document["format"] == "hipknowledge-content/1"
    assert document["content_version"] == kb.content_version
    assert document["fingerprint"] == kb.fingerprint
    assert document["license"] == kb.license
    assert "not medical advice" in str(document["notice"])
    assert document["manifest"] == kb.manifest.model_dump(mode="json")


def test_fingerprint_can_be_checked_from_the_document_alone(document: dict[str, object]) -> None:
    canonical = {key: document[key] for key in ("manifest", "deprecations", "records")}
    text = json.dumps(canonical, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest() == document["fingerprint"]


def test_every_record_round_trips_to_an_equal_model(document: dict[str, object], kb: hk.KnowledgeBase) -> None:
    records = document["records"]
    assert isinstance(records, dict)
    assert list(records) == list(KIND_BY_NAME)
    seen = []
    for kind, items in records.items():
        for data in items:
            record = KIND_BY_NAME[kind].model_validate(data)
            assert record == kb.lookup(record.id)
            seen.append(record.id)
    assert seen == [r.id for r in kb.records()]


def test_deprecations_are_kept(mini: hk.KnowledgeBase) -> None:
    document = json.loads(to_json(mini))
    assert document["deprecations"] == [d.model_dump(mode="json") for d in mini.deprecations.values()]
    assert document["deprecations"][0]["replaced_by"] == "tech-roll"


def test_output_is_stable_and_written_to_a_path(kb: hk.KnowledgeBase, tmp_path: Path) -> None:
    target = tmp_path / "out" / "content.json"
    text = to_json(kb, target)
    assert text == to_json(kb)
    assert target.read_text(encoding="utf-8") == text
    assert text.endswith("}\n")


def test_cli_prints_or_writes_the_same_document(kb: hk.KnowledgeBase, tmp_path: Path) -> None:
    out = io.StringIO()
    assert main(["export", "json"], out) == 0
    assert out.getvalue() == to_json(kb)
    out = io.StringIO()
    target = tmp_path / "mini.json"
    assert main(["export", "json", "-o", str(target), "--data", str(MINI)], out) == 0
    assert out.getvalue().startswith("wrote json of 22 records (content 1.2.0) to ")
    assert json.loads(target.read_text(encoding="utf-8"))["content_version"] == "1.2.0"
