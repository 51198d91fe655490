"""The command line: a thin layer over the knowledge base, with clear exits on bad input."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

import hipknowledge as hk
from hipknowledge.cli import main
from hipknowledge.vocab import EvidenceStance

from .paths import MINI


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out)
    return code, out.getvalue()


def test_tour_walks_through_the_lookups(kb: hk.KnowledgeBase) -> None:
    code, text = run("tour")
    assert code == 0
    assert f"content {kb.content_version}" in text
    assert "not medical advice" in text
    for piece in ("conditions_at('buttock')", "piriformis-syndrome", "clamshell", "Where the sources disagree"):
        assert piece in text


def test_show_json_is_the_record(kb: hk.KnowledgeBase) -> None:
    code, text = run("show", "psoas-major", "--json")
    assert code == 0
    data = json.loads(text)
    assert data["record_kind"] == "muscle"
    assert hk.Muscle.model_validate({k: v for k, v in data.items() if k != "record_kind"}) == kb.muscles["psoas-major"]


def test_show_json_keeps_a_techniques_own_kind(kb: hk.KnowledgeBase) -> None:
    # 1.x wrote the record kind under "kind", which the technique's own kind field overwrote.
    data = json.loads(run("show", "foam-rolling", "--json")[1])
    assert (data["record_kind"], data["kind"]) == ("technique", kb.techniques["foam-rolling"].kind.value)


def test_show_human_output_on_fixture() -> None:
    code, text = run("show", "tech-roll", "--data", str(MINI))
    assert code == 0
    assert text.startswith("Rolling technique  [technique: tech-roll]")
    assert "  - target: front-group" in text


def test_unknown_id_exits_2_with_suggestion(capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = run("show", "psoas-majr")
    assert code == 2
    assert "did you mean 'psoas-major'" in capsys.readouterr().err


def test_list_accepts_plural_and_rejects_unknown_kind(capsys: pytest.CaptureFixture[str]) -> None:
    code, text = run("list", "muscles", "--data", str(MINI))
    assert code == 0
    assert [line.split()[0] for line in text.splitlines()] == [
        "alpha-flexor",
        "beta-extensor",
        "delta-adductor",
        "gamma-abductor",
    ]
    code, _ = run("list", "bones")
    assert code == 2
    assert "unknown kind 'bones'" in capsys.readouterr().err


def test_search_ranks_and_reports_no_match() -> None:
    code, text = run("search", "IT", "band", "--json")
    assert code == 0
    hits = json.loads(text)
    assert hits[0]["id"] in {"iliotibial-tract", "iliotibial-band-syndrome"}
    assert hits == sorted(hits, key=lambda h: -h["score"])
    code, text = run("search", "zzzzqqq")
    assert (code, text) == (1, "no match\n")


def test_related_lists_every_relationship() -> None:
    code, text = run("related", "alpha-flexor", "--data", str(MINI), "--json")
    assert code == 0
    related = json.loads(text)["related"]

    def ids(relation: str, direction: str) -> list[str]:
        return [r["id"] for r in related if (r["relation"], r["direction"]) == (relation, direction)]

    assert ids("antagonist", "mutual") == ["beta-extensor"]
    assert ids("works-muscle", "incoming") == ["tech-roll"]
    assert ids("groups", "outgoing") == ["front-group"]
    care = json.loads(run("related", "tech-roll", "--data", str(MINI), "--json")[1])["related"]
    assert {r["stance"] for r in care if r["relation"] == "care_options.intervention"} <= {
        s.value for s in EvidenceStance
    }


def test_version_json(kb: hk.KnowledgeBase) -> None:
    code, text = run("version", "--json")
    assert code == 0
    assert json.loads(text) == {
        "package": hk.__version__,
        "content": kb.content_version,
        "fingerprint": kb.fingerprint,
        "license": "CC-BY-4.0",
    }


def test_bad_data_directory_exits_1(tmp_path: object, capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = run("tour", "--data", str(MINI / "muscles"))
    assert code == 1
    assert "problem" in capsys.readouterr().err


def test_no_command_prints_help() -> None:
    code, text = run()
    assert code == 2
    assert "tour" in text


def test_python_dash_m_entry_point() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "hipknowledge", "version"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "content: " in result.stdout
