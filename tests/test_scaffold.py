"""`hipknowledge new`: a skeleton that fails validation only on its blanks, and passes once they are filled."""

from __future__ import annotations

import datetime
import io
import re
import shutil
from importlib.resources import files
from pathlib import Path

import pytest

import hipknowledge as hk
from hipknowledge import _scaffold
from hipknowledge._scaffold import FILL_IN, skeleton, write_skeleton
from hipknowledge.cli import main
from hipknowledge.cli._contrib import validate_paths
from hipknowledge.models import KIND_BY_NAME

from .paths import MINI

TODAY = datetime.date(2026, 3, 4)
_KEY = re.compile(r"^\s*(?:- )?(\w+):")


@pytest.fixture
def data(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(MINI, root)
    return root


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out)
    return code, out.getvalue()


def blank_lines(text: str) -> set[int]:
    return {number for number, line in enumerate(text.splitlines(), 1) if FILL_IN in line}


def fill(text: str, values: dict[str, list[str]]) -> str:
    """Replace each blank with the next value listed for its field (list items use their list's name)."""
    pending = {key: list(items) for key, items in values.items()}
    parent = ""
    lines = []
    for line in text.splitlines():
        if FILL_IN in line:
            head = line.split(FILL_IN)[0].rstrip()
            key = parent if head.strip() == "-" else head.strip().removeprefix("- ").rstrip(":")
            lines.append(f"{head} {pending[key].pop(0)}")
        else:
            match = _KEY.match(line)
            parent = match.group(1) if match else parent
            lines.append(line)
    assert not any(pending.values()), f"values left over: {pending}"
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- the skeleton


@pytest.mark.parametrize("kind", list(KIND_BY_NAME))
def test_skeleton_fails_validation_only_on_its_blanks(data: Path, kind: str) -> None:
    path = write_skeleton(data, kind, f"new-{kind}", today=TODAY)
    report = validate_paths([data])
    blanks = blank_lines(path.read_text(encoding="utf-8"))
    assert blanks, "a skeleton asks for something"
    assert {p.file for p in report.problems} == {str(path)}
    # Each blank is reported, and nothing else is (a blank list item may be reported twice: empty item, short list).
    assert {p.line for p in report.problems} == blanks


def test_filled_muscle_skeleton_passes(data: Path) -> None:
    path = write_skeleton(data, "muscle", "epsilon-rotator", today=TODAY, reviewer="a physiotherapist")
    values = {
        "name": ["Epsilon rotator"],
        "groups": ["back-group"],
        "summary": ["A rotator of the fixture."],
        "origin": ["sacrum"],
        "insertion": ["greater trochanter"],
        "nerve": ["test nerve"],
        "roots": ["S1"],
        "movement": ["hip-external-rotation"],
        "role": ["prime-mover"],
        "depth": ["superficial"],
        "manual_access": ["direct"],
        "sources": ["src-one"],
    }
    path.write_text(fill(path.read_text(encoding="utf-8"), values), encoding="utf-8")
    assert validate_paths([data]).problems == []
    muscle = hk.KnowledgeBase.from_directory(data).muscles["epsilon-rotator"]
    assert (muscle.review.by, muscle.review.on) == ("a physiotherapist", TODAY)


def test_filled_exercise_and_claim_skeletons_pass(data: Path) -> None:
    exercise = write_skeleton(data, "exercises", "ex-hip-lift", today=TODAY)
    exercise.write_text(
        fill(
            exercise.read_text(encoding="utf-8"),
            {
                "name": ["Hip lift"],
                "exercise_type": ["strengthening"],
                "summary": ["Lifts the hips."],
                "movements": ["hip-extension"],
                "primary_muscles": ["beta-extensor"],
                "position": ["supine"],
                "equipment": ["mat"],
                "steps": ["Lie on your back.", "Lift the hips."],
                "min": ["1", "3"],
                "max": ["2", "3"],
                "per_side": ["true"],
                "load": ["body-weight"],
                "during_max": ["3"],
                "settled_by": ["next-morning"],
                "laterality": ["bilateral"],
                "weight_bearing": ["false"],
                "stages": ["early"],
                "difficulty": ["beginner"],
                "severity": ["absolute"],
                "scope": ["whole"],
                "action": ["avoid"],
                "reason": ["A clot could move."],
                "sources": ["src-two", "src-one"],
                "by": ["tester"],
            },
        )
        .replace("  - # factor:  # (optional) The screening factor it is about.", "  - factor: fac-clot")
        .replace("  # repetitions:  # (optional) Repetitions per set, for a moving exercise.", "  repetitions: 10")
        .replace(
            "# contraction:  # (optional) How the working muscles contract; required for strengthening.",
            "contraction: mixed",
        ),
        encoding="utf-8",
    )
    claim = write_skeleton(data, "claim", "claim-two", today=TODAY)
    claim.write_text(
        fill(
            claim.read_text(encoding="utf-8"),
            {
                "name": ["Claim two"],
                "statement": ["Lifting helps."],
                "subjects": ["ex-hip-lift"],
                "source": ["src-one", "src-two"],
                "stance": ["supports", "doubts"],
                "summary": ["It helps.", "It may not."],
                "by": ["tester"],
            },
        ),
        encoding="utf-8",
    )
    report = validate_paths([data])
    assert report.problems == []
    assert report.ok


def test_skeleton_names_its_schema_and_a_validate_command() -> None:
    text = skeleton("technique", "cupping", today=TODAY)
    first = text.splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../schemas/technique.schema.json"
    schema = Path(str(files("hipknowledge") / "data" / "techniques")) / first.split("=", 1)[1]
    assert schema.resolve().is_file()
    assert "hipknowledge validate src/hipknowledge/data/techniques/cupping.yaml" in text
    assert "  on: 2026-03-04" in text.splitlines()


def test_blanks_say_what_they_accept() -> None:
    lines = skeleton("exercise", "lift", today=TODAY).splitlines()
    position = next(line for line in lines if line.startswith("position:"))
    assert "One of: standing, kneeling" in position
    assert any("The ID of a muscle (its file name without .yaml)" in line for line in lines)
    involved = skeleton("condition", "x", today=TODAY).splitlines()
    assert any("The ID of a muscle, group or structure" in line for line in involved)


def test_optional_fields_are_offered_commented_out() -> None:
    lines = skeleton("source", "smith-2020", today=TODAY).splitlines()
    assert "# doi:  # (optional) DOI, where it has one." in lines
    assert "# pmid:  # (optional) PubMed ID, where it has one." in lines


def test_a_muscle_skeleton_asks_for_a_hip_action() -> None:
    lines = skeleton("muscle", "x", today=TODAY).splitlines()
    assert any(line.startswith("actions:") for line in lines)
    assert any(line.startswith("  - movement:") and FILL_IN in line for line in lines)


# --------------------------------------------------------------------------- refusals


def test_refuses_an_id_already_used_by_any_kind(data: Path) -> None:
    before = (data / "muscles" / "alpha-flexor.yaml").read_text(encoding="utf-8")
    with pytest.raises(hk.ContentError, match=r"'alpha-flexor' is the existing record .*alpha-flexor\.yaml"):
        write_skeleton(data, "exercise", "alpha-flexor")
    assert not (data / "exercises" / "alpha-flexor.yaml").exists()
    assert (data / "muscles" / "alpha-flexor.yaml").read_text(encoding="utf-8") == before


def test_refuses_a_deprecated_id(data: Path) -> None:
    with pytest.raises(hk.ContentError, match=r"'old-roll' is a deprecated ID .* answers for 'tech-roll'"):
        write_skeleton(data, "technique", "old-roll")


def test_refuses_a_reserved_word(data: Path) -> None:
    with pytest.raises(hk.ContentError, match="hip movement or body region name"):
        write_skeleton(data, "exercise", "hip-flexion")


def test_refuses_a_malformed_id_and_suggests_one(data: Path) -> None:
    with pytest.raises(hk.ContentError, match=r"got 'Tensor Fasciae_Latae', .*try 'tensor-fasciae-latae'"):
        write_skeleton(data, "muscle", "Tensor Fasciae_Latae")
    assert not list((data / "muscles").glob("Tensor*"))


def test_refuses_an_unknown_kind(data: Path) -> None:
    with pytest.raises(hk.UnknownKindError, match="unknown kind 'musle'"):
        write_skeleton(data, "musle", "x")
    assert _scaffold.record_kind("claims") is hk.Claim


# --------------------------------------------------------------------------- the command


def test_new_command_writes_and_says_what_next(data: Path) -> None:
    code, text = run("new", "source", "smith-2020-hips", "--data", str(data), "--by", "a reviewer")
    path = data / "sources" / "smith-2020-hips.yaml"
    assert code == 0
    assert text.splitlines() == [
        f"wrote {path}",
        f"next: fill in the 3 blanks marked '{FILL_IN}', then run: hipknowledge validate {path}",
    ]
    assert '  by: "a reviewer"' in path.read_text(encoding="utf-8").splitlines()


def test_new_command_refuses_an_existing_id(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = run("new", "muscle", "beta-extensor", "--data", str(data))
    assert code == 1
    assert "an ID not in use; 'beta-extensor' is the existing record" in capsys.readouterr().err


def test_new_command_needs_a_data_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("new", "muscle", "x")[0] == 2
    assert "run this at the root of a checkout, or pass --data DIR" in capsys.readouterr().err


def test_the_skeleton_hint_names_the_data_directory_it_was_written_into(tmp_path: Path) -> None:
    data = tmp_path / "my-data"
    shutil.copytree(MINI, data)
    path = write_skeleton(data, "muscle", "epsilon-rotator", today=TODAY)
    assert f"hipknowledge validate {data / 'muscles' / 'epsilon-rotator'}.yaml" in path.read_text(encoding="utf-8")
