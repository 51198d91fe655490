"""`hipknowledge validate`, replaying a new contributor's pull request on a copy of the mini data."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import hipknowledge as hk
from hipknowledge import versioning
from hipknowledge.cli import main

from .paths import MINI, read

Broken = Callable[[dict[str, str | None]], Path]

#: A new exercise, well formed apart from what each test breaks.
NEW_EXERCISE = read("exercises/ex-side-raise.yaml").replace("ex-side-raise", "ex-side-lift")
#: A new condition, well formed.
NEW_CONDITION = read("conditions/cond-groin.yaml").replace("cond-groin", "cond-hip")


def run(*argv: str) -> tuple[int, list[str]]:
    out = io.StringIO()
    code = main(list(argv), out)
    return code, out.getvalue().splitlines()


def line_of(text: str, needle: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), 1) if needle in line)


# The pull request: a new exercise with a typo in a muscle ID, a new condition without sources,
# a wrong enum value in another new exercise, and a YAML slip in an existing muscle.
TYPO = NEW_EXERCISE.replace("- gamma-abductor", "- gamma-abducter")
NO_SOURCES = NEW_CONDITION.replace("sources:\n- src-one\nreview:", "review:")
WRONG_ENUM = read("exercises/ex-bridge.yaml").replace("ex-bridge", "ex-bridge-hold").replace("supine", "side-lyin")
SLIP = read("muscles/alpha-flexor.yaml").replace("origin: pelvis", "origin: [pelvis")
PULL_REQUEST: dict[str, str | None] = {
    "exercises/ex-side-lift.yaml": TYPO,
    "conditions/cond-hip.yaml": NO_SOURCES,
    "exercises/ex-bridge-hold.yaml": WRONG_ENUM,
    "muscles/alpha-flexor.yaml": SLIP,
}
FIXED: dict[str, str | None] = {
    "exercises/ex-side-lift.yaml": NEW_EXERCISE,
    "conditions/cond-hip.yaml": NEW_CONDITION,
    "exercises/ex-bridge-hold.yaml": read("exercises/ex-bridge.yaml").replace("ex-bridge", "ex-bridge-hold"),
    "muscles/alpha-flexor.yaml": read("muscles/alpha-flexor.yaml"),
}


def test_every_problem_of_the_pull_request_in_one_run(broken: Broken) -> None:
    root = broken(PULL_REQUEST)
    code, lines = run("validate", str(root))
    assert code == 1
    by_file = {line.split(":")[0].removeprefix(f"{root}/"): line for line in lines[:-1]}
    assert len(by_file) == len(lines) - 1 == 4
    assert by_file["exercises/ex-side-lift.yaml"] == (
        f"{root}/exercises/ex-side-lift.yaml:{line_of(TYPO, 'gamma-abducter')}: primary_muscles[0]: "
        "got 'gamma-abducter', expected the ID of a muscle; did you mean 'gamma-abductor'?"
    )
    assert by_file["conditions/cond-hip.yaml"] == (
        f"{root}/conditions/cond-hip.yaml:1: sources: got nothing, expected a value: this field is required "
        "(IDs of the sources of the record's facts)"
    )
    assert by_file["exercises/ex-bridge-hold.yaml"] == (
        f"{root}/exercises/ex-bridge-hold.yaml:{line_of(WRONG_ENUM, 'side-lyin')}: position: got 'side-lyin', "
        "expected one of 'standing', 'kneeling', 'half-kneeling', 'supine', 'prone', 'side-lying', 'seated' "
        "or 'quadruped'; did you mean 'side-lying'?"
    )
    slip = by_file["muscles/alpha-flexor.yaml"]
    # Named at the line where the list opens (the parser only notices on the next line).
    assert int(slip.split(":")[1]) == line_of(SLIP, "[pelvis")
    assert "expected valid YAML: a closed list: every '[' needs its ']'" in slip
    assert lines[-1] == f"FAILED: 4 problems in 4 files ({root})"


def test_the_corrected_pull_request_passes(broken: Broken) -> None:
    root = broken(FIXED)
    code, lines = run("validate", str(root))
    records = sum(1 for _ in MINI.glob("*/*.yaml")) + 3
    assert (code, lines) == (0, [f"ok: {records} records in {root}, no problems"])


def test_json_report_names_file_line_field_value_and_expectation(broken: Broken) -> None:
    root = broken({"exercises/ex-side-lift.yaml": TYPO})
    out = io.StringIO()
    assert main(["validate", str(root), "--json"], out) == 1
    report = json.loads(out.getvalue())
    assert report["ok"] is False
    assert report["problems"] == [
        {
            "file": f"{root}/exercises/ex-side-lift.yaml",
            "line": line_of(TYPO, "gamma-abducter"),
            "field": "primary_muscles[0]",
            "value": "gamma-abducter",
            "expected": "the ID of a muscle; did you mean 'gamma-abductor'?",
            "code": "unknown-ref",
        }
    ]


def test_a_cited_source_that_does_not_exist_suggests_the_known_ones(broken: Broken) -> None:
    text = NEW_CONDITION.replace("sources:\n- src-one\nreview:", "sources:\n- src-three\nreview:")
    root = broken({"conditions/cond-hip.yaml": text})
    code, lines = run("validate", str(root))
    assert code == 1
    where = f"{root}/conditions/cond-hip.yaml:{line_of(text, 'src-three')}"
    assert lines[0].startswith(f"{where}: sources[0]: got 'src-three', ")
    assert "expected the ID of a source; did you mean " in lines[0]
    assert {"'src-one'", "'src-two'"} <= set(lines[0].rstrip("?").split("did you mean ")[1].split(", "))


def test_validating_one_file_reports_only_that_file(broken: Broken) -> None:
    root = broken(PULL_REQUEST)
    code, lines = run("validate", str(root / "exercises" / "ex-side-lift.yaml"))
    assert code == 1
    assert len(lines) == 2
    assert lines[0].startswith(f"{root}/exercises/ex-side-lift.yaml:")
    assert lines[1] == f"FAILED: 1 problem in 1 file ({root})"


def test_a_path_outside_any_data_directory(tmp_path: Path) -> None:
    code, lines = run("validate", str(tmp_path))
    assert code == 1
    assert "expected a path inside a data directory (a folder with manifest.yaml)" in lines[0]


def test_a_typo_in_an_id_is_reported_beside_the_records_other_problems(broken: Broken) -> None:
    text = TYPO.replace("difficulty: beginner", "difficulty: beginer")
    code, lines = run("validate", str(broken({"exercises/ex-side-lift.yaml": text})))
    assert code == 1
    assert any("did you mean 'gamma-abductor'" in line for line in lines)
    assert any("got 'beginer'" in line for line in lines)


def test_an_id_removed_without_a_version_bump_fails_the_release_check(broken: Broken, tmp_path: Path) -> None:
    releases = tmp_path / "releases"
    versioning.write_release(releases, versioning.Snapshot.of(hk.KnowledgeBase.from_directory(MINI)), None)
    root = broken({"exercises/ex-side-raise.yaml": None})
    assert run("validate", str(root))[0] == 0  # the data itself is fine ...
    code, lines = run("diff", "--releases", str(releases), "--check", "--data", str(root))
    assert code == 1  # ... but the version policy is not
    assert (
        "the content changed since release 1.2.0 but content_version is still 1.2.0: a major bump is needed; "
        f"set content_version: 2.0.0 in {root / 'manifest.yaml'} (or undo the change), because:"
    ) in lines
    assert "  - exercise 'ex-side-raise' was removed: apps that stored its ID can no longer look it up" in lines
    (root / "manifest.yaml").write_text(read("manifest.yaml").replace("1.2.0", "2.0.0"), encoding="utf-8")
    assert run("diff", "--releases", str(releases), "--check", "--data", str(root))[0] == 0
