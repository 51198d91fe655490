"""The command line: a thin layer over the knowledge base, with clear exits on bad input."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

import hipknowledge as hk
from hipknowledge.cli import main
from hipknowledge.models import RECORD_TYPES
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
    assert hk.parse_record(data) == kb.muscles["psoas-major"]


def test_show_json_keeps_a_techniques_own_type(kb: hk.KnowledgeBase) -> None:
    # 1.x wrote the record kind under "kind", which the technique's own kind field overwrote.
    data = json.loads(run("show", "foam-rolling", "--json")[1])
    technique_type = kb.techniques["foam-rolling"].technique_type.value
    assert (data["record_kind"], data["technique_type"]) == ("technique", technique_type)
    assert "kind" not in data


def test_show_human_output_on_fixture() -> None:
    code, text = run("show", "tech-roll", "--data", str(MINI))
    assert code == 0
    assert text.startswith("Rolling technique  [technique: tech-roll]")
    assert "  - target: front-group" in text


def test_show_lists_a_nerve_per_part_on_its_own_line(kb: hk.KnowledgeBase) -> None:
    code, text = run("show", "adductor-magnus")
    assert code == 0
    lines = text.splitlines()
    parts = lines.index("  parts:")
    for offset, part in enumerate(kb.muscles["adductor-magnus"].innervation.parts, start=1):
        assert lines[parts + offset].startswith(f"    - part: {part.part}; nerve: {part.nerve}; roots: ")


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
    code, text = run("list", "muscle", "--data", str(MINI), "--json")
    assert code == 0
    assert [m["id"] for m in json.loads(text)] == ["alpha-flexor", "beta-extensor", "delta-adductor", "gamma-abductor"]
    code, _ = run("list", "bones")
    assert code == 2
    err = capsys.readouterr().err
    assert "unknown kind or vocabulary 'bones'" in err
    # The refusal lists what list takes: every kind of record and every vocabulary.
    for name in [*(cls.folder for cls in RECORD_TYPES), *hk.VOCABULARIES]:
        assert name in err


@pytest.mark.parametrize("name", sorted(hk.VOCABULARIES))
def test_list_prints_every_value_of_a_vocabulary_with_its_meaning(name: str) -> None:
    vocabulary = hk.VOCABULARIES[name]
    code, text = run("list", name)
    assert code == 0
    lines = text.splitlines()
    assert len(lines) == len(vocabulary)
    for text_line, member in zip(lines, vocabulary, strict=True):
        value, meaning = text_line.split(maxsplit=1)
        assert (value, meaning) == (member.value, member.meaning)
    code, text = run("list", name, "--json")
    assert code == 0
    assert json.loads(text) == [{"value": m.value, "meaning": m.meaning} for m in vocabulary]


@pytest.mark.parametrize(
    ("name", "vocabulary"),
    [
        ("regions", hk.BodyRegion),
        ("region", hk.BodyRegion),
        ("body-region", hk.BodyRegion),
        ("Body_Regions", hk.BodyRegion),
        ("movement", hk.HipMovement),
        ("hip-movements", hk.HipMovement),
        ("exercise-type", hk.ExerciseType),
        ("difficulty", hk.Difficulty),
        ("quality", hk.PainQuality),
        ("look-alike-category", hk.LookAlikeCategory),
        ("stance", hk.Stance),
        ("evidence-stance", hk.EvidenceStance),
        ("manual-access", hk.ManualAccess),
    ],
)
def test_list_takes_singular_and_short_names_of_vocabularies(name: str, vocabulary: type[hk.Vocabulary]) -> None:
    code, text = run("list", name, "--json")
    assert code == 0
    assert [item["value"] for item in json.loads(text)] == [m.value for m in vocabulary]


def test_list_keeps_record_kinds_before_vocabulary_short_names() -> None:
    # "sources" is a kind of record; the vocabulary of source types keeps its own name.
    code, text = run("list", "sources", "--json")
    assert code == 0
    assert {item["record_kind"] for item in json.loads(text)} == {"source"}
    code, text = run("list", "source-types", "--json")
    assert [item["value"] for item in json.loads(text)] == [m.value for m in hk.SourceType]


@pytest.mark.parametrize(("typed", "suggested"), [("regoins", "body-regions"), ("musle", "muscles")])
def test_list_suggests_the_closest_name(typed: str, suggested: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = run("list", typed)
    assert code == 2
    assert f"did you mean {suggested!r}?" in capsys.readouterr().err


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
