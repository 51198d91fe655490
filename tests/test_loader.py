"""Broken data of every kind gives one ContentError naming file, line, field and what was expected."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import hipknowledge as hk
from hipknowledge.errors import Problem

from .paths import MINI, read

Broken = Callable[[dict[str, str | None]], Path]


def problems(root: Path) -> list[Problem]:
    with pytest.raises(hk.ContentError) as caught:
        hk.KnowledgeBase.from_directory(root)
    assert isinstance(caught.value, ValueError)
    return list(caught.value.problems)


def only(root: Path) -> Problem:
    found = problems(root)
    assert len(found) == 1, found
    return found[0]


PARTS = """  parts:
  - part: upper part
    nerve: upper nerve
    roots:
    - L2
  - part: {second}
    nerve: lower nerve
    roots:
    - {root}
"""


@pytest.mark.parametrize(
    ("second", "root", "expected"),
    [
        ("upper part", "L3", "parts names a part twice: ['upper part']"),
        ("lower part", "L4", "roots ['L2', 'L3'] are not every root of the parts (['L2', 'L4'])"),
    ],
)
def test_innervation_parts_must_add_up(broken: Broken, second: str, root: str, expected: str) -> None:
    text = read("muscles/alpha-flexor.yaml").replace("actions:", PARTS.format(second=second, root=root) + "actions:", 1)
    problem = only(broken({"muscles/alpha-flexor.yaml": text}))
    assert problem.field == "innervation"
    assert expected in problem.expected
    assert problem.line == text.splitlines().index("  nerve: test nerve") + 1  # the block's first line


def test_innervation_parts_that_add_up_are_read(broken: Broken) -> None:
    text = read("muscles/alpha-flexor.yaml").replace(
        "actions:", PARTS.format(second="lower part", root="L3") + "actions:", 1
    )
    kb = hk.KnowledgeBase.from_directory(broken({"muscles/alpha-flexor.yaml": text}))
    parts = kb.muscles["alpha-flexor"].innervation.parts
    assert [(p.part, p.nerve, p.roots) for p in parts] == [
        ("upper part", "upper nerve", ("L2",)),
        ("lower part", "lower nerve", ("L3",)),
    ]


def test_innervation_with_one_part_is_refused(broken: Broken) -> None:
    one = PARTS.split("  - part: {second}", maxsplit=1)[0]
    text = read("muscles/alpha-flexor.yaml").replace("actions:", one + "actions:", 1)
    problem = only(broken({"muscles/alpha-flexor.yaml": text}))
    assert "two or more parts" in problem.expected


def test_yaml_syntax_slip_names_file_and_line(broken: Broken) -> None:
    text = read("muscles/alpha-flexor.yaml").replace("origin: pelvis", "origin: [pelvis")
    problem = only(broken({"muscles/alpha-flexor.yaml": text}))
    assert problem.file.endswith("muscles/alpha-flexor.yaml")
    assert problem.code == "yaml"
    assert problem.line is not None
    assert problem.line == text.splitlines().index("origin: [pelvis") + 1  # where the list opens
    assert problem.value == "origin: [pelvis"
    assert problem.expected.startswith("valid YAML: a closed list: every '[' needs its ']'")


def test_wrong_enum_value_lists_the_allowed_values(broken: Broken) -> None:
    text = read("muscles/alpha-flexor.yaml").replace("movement: hip-flexion", "movement: hip-flex")
    problem = only(broken({"muscles/alpha-flexor.yaml": text}))
    assert problem.field == "actions[0].movement"
    assert problem.value == "hip-flex"
    assert "'hip-flexion'" in problem.expected
    assert problem.line == text.splitlines().index("- movement: hip-flex") + 1


def test_missing_required_field(broken: Broken) -> None:
    text = read("muscles/alpha-flexor.yaml").replace("origin: pelvis\n", "")
    problem = only(broken({"muscles/alpha-flexor.yaml": text}))
    assert (problem.field, problem.code) == ("origin", "missing")
    assert "required" in problem.expected
    assert "got nothing" in str(problem)


def test_misspelt_field_suggests_the_right_name(broken: Broken) -> None:
    text = read("muscles/alpha-flexor.yaml").replace("insertion:", "insertoin:")
    found = problems(broken({"muscles/alpha-flexor.yaml": text}))
    by_field = {p.field: p for p in found}
    assert "did you mean 'insertion'" in by_field["insertoin"].expected
    assert by_field["insertion"].code == "missing"


def test_id_must_match_file_name(broken: Broken) -> None:
    problem = only(
        broken(
            {
                "muscles/alpha-flexor.yaml": read("muscles/alpha-flexor.yaml").replace(
                    "id: alpha-flexor", "id: alpha-flexer"
                )
            }
        )
    )
    assert problem.code == "id-mismatch"
    assert "'alpha-flexor'" in problem.expected


def test_malformed_id(broken: Broken) -> None:
    text = read("sources/src-one.yaml").replace("id: src-one", "id: Src_One")
    problem = problems(broken({"sources/src-one.yaml": text}))[0]
    assert problem.field == "id"
    assert "kebab-case" in problem.expected


def test_duplicate_id_across_kinds(broken: Broken) -> None:
    text = read("structures/band-structure.yaml").replace("id: band-structure", "id: alpha-flexor")
    root = broken({"structures/band-structure.yaml": None, "structures/alpha-flexor.yaml": text})
    codes = {p.code for p in problems(root)}
    assert "duplicate-id" in codes


def test_unknown_reference_suggests_close_ids(broken: Broken) -> None:
    text = read("exercises/ex-bridge.yaml").replace("- beta-extensor", "- beta-extenser")
    problem = only(broken({"exercises/ex-bridge.yaml": text}))
    assert (problem.field, problem.value, problem.code) == ("primary_muscles[0]", "beta-extenser", "unknown-ref")
    assert "did you mean 'beta-extensor'" in problem.expected


def test_reference_to_the_wrong_kind(broken: Broken) -> None:
    text = read("exercises/ex-bridge.yaml").replace("- beta-extensor", "- back-group")
    problem = only(broken({"exercises/ex-bridge.yaml": text}))
    assert problem.code == "wrong-kind-ref"
    assert problem.expected == "the ID of a muscle, not of a group"


def test_reference_to_a_deprecated_id(broken: Broken) -> None:
    text = read("conditions/cond-groin.yaml").replace("intervention: tech-roll", "intervention: old-roll")
    problem = only(broken({"conditions/cond-groin.yaml": text}))
    assert problem.code == "deprecated-ref"
    assert "'tech-roll'" in problem.expected


@pytest.mark.parametrize(
    ("snippet", "message"),
    [
        ("name: !!python/object/apply:os.system ['echo pwned']\n", "tag"),
        ("name: !custom thing\n", "tag"),
        ("name: &a Alpha\naliases: [*a]\n", "anchor"),
    ],
)
def test_tags_anchors_and_aliases_are_refused(broken: Broken, snippet: str, message: str) -> None:
    text = read("muscles/alpha-flexor.yaml").replace("name: Alpha flexor\n", snippet)
    problem = only(broken({"muscles/alpha-flexor.yaml": text}))
    assert problem.code == "yaml"
    assert message in str(problem.value)


def test_non_mapping_non_utf8_and_stray_files(broken: Broken, tmp_path: Path) -> None:
    root = broken({"muscles/alpha-flexor.yaml": "- just\n- a list\n", "sources/notes.txt": "hello"})
    (root / "sources" / "bad.yaml").write_bytes(b"id: \xff\xfe\n")
    (root / "muscle").mkdir()
    found = {(Path(p.file).name, p.code) for p in problems(root)}
    assert ("alpha-flexor.yaml", "not-a-mapping") in found
    assert ("notes.txt", "not-yaml") in found
    assert ("bad.yaml", "encoding") in found
    assert ("muscle", "unknown-entry") in found


def test_manifest_problems(broken: Broken) -> None:
    assert only(broken({"manifest.yaml": None})).code == "missing-file"
    problem = only(broken({"manifest.yaml": "content_version: 1.0\nlicense: CC-BY-4.0\ntitle: t\n"}))
    assert problem.field == "content_version"


def test_every_problem_in_one_run(broken: Broken) -> None:
    root = broken(
        {
            "muscles/alpha-flexor.yaml": read("muscles/alpha-flexor.yaml").replace(
                "depth: superficial", "depth: shallow"
            ),
            "exercises/ex-bridge.yaml": read("exercises/ex-bridge.yaml").replace("- beta-extensor", "- beta-extenser"),
            "sources/src-two.yaml": "id: [unclosed\n",
        }
    )
    found = problems(root)
    assert {Path(p.file).name for p in found} == {"alpha-flexor.yaml", "ex-bridge.yaml", "src-two.yaml"}
    # references to the record that failed to load are not reported a second time
    assert not [p for p in found if p.value == "src-two"]
    message = str(hk.ContentError(found))
    assert message.startswith(f"{len(found)} problems in the content")


def test_exercise_muscles_must_fit_its_movements(broken: Broken) -> None:
    text = read("exercises/ex-bridge.yaml").replace("- beta-extensor", "- alpha-flexor")
    problem = only(broken({"exercises/ex-bridge.yaml": text}))
    assert problem.code == "muscle-movement-mismatch"
    assert "produces one of its movements (hip-extension)" in problem.expected


def test_stretch_muscles_must_oppose_its_movements(broken: Broken) -> None:
    text = read("exercises/ex-lunge-stretch.yaml").replace("- hip-extension", "- hip-flexion")
    problem = only(broken({"exercises/ex-lunge-stretch.yaml": text}))
    assert problem.code == "muscle-movement-mismatch"
    assert "is lengthened by" in problem.expected


def test_deep_target_needs_how(broken: Broken) -> None:
    text = read("techniques/tech-press.yaml").replace("- target: beta-extensor", "- target: gamma-abductor")
    problem = only(broken({"techniques/tech-press.yaml": text}))
    assert (problem.field, problem.code) == ("targets[0].how", "deep-target-without-how")


def test_claim_needs_a_disagreement(broken: Broken) -> None:
    text = read("claims/claim-one.yaml").replace("stance: doubts", "stance: supports")
    assert only(broken({"claims/claim-one.yaml": text})).code == "no-disagreement"


def test_empty_group_and_uncited_source(broken: Broken) -> None:
    extra_group = read("groups/side-group.yaml").replace("side-group", "lonely-group")
    extra_source = read("sources/src-one.yaml").replace("src-one", "src-three")
    found = problems(broken({"groups/lonely-group.yaml": extra_group, "sources/src-three.yaml": extra_source}))
    assert {p.code for p in found} == {"empty-group", "uncited-source"}


def test_bad_deprecation_entries(broken: Broken) -> None:
    text = "- id: tech-press\n  replaced_by: nowhere\n  since: 1.1.0\n  reason: test\n"
    found = problems(broken({"deprecated.yaml": text}))
    assert {p.field for p in found if p.file.endswith("deprecated.yaml")} == {"[0].id", "[0].replaced_by"}
    # records still referring to the now-deprecated ID are told to move on
    assert {p.code for p in found if not p.file.endswith("deprecated.yaml")} == {"deprecated-ref"}


def test_reserved_ids_are_refused(broken: Broken) -> None:
    text = read("sources/src-two.yaml").replace("id: src-two", "id: hip-flexion")
    root = broken({"sources/src-two.yaml": None, "sources/hip-flexion.yaml": text})
    assert "reserved-id" in {p.code for p in problems(root)}


def test_empty_directory(tmp_path: Path) -> None:
    assert "an empty folder" in str(only(tmp_path))


def test_touch_techniques_cannot_target_unreachable_muscles(broken: Broken) -> None:
    hidden = read("muscles/delta-adductor.yaml").replace("manual_access: direct", "manual_access: not-accessible")
    text = read("techniques/tech-press.yaml").replace("- target: beta-extensor", "- target: delta-adductor")
    problem = only(broken({"muscles/delta-adductor.yaml": hidden, "techniques/tech-press.yaml": text}))
    assert (problem.field, problem.code) == ("targets[0].target", "unreachable-target")


def test_group_targets_skip_unreachable_members(broken: Broken) -> None:
    hidden = (
        read("muscles/delta-adductor.yaml")
        .replace("manual_access: direct", "manual_access: not-accessible")
        .replace("- side-group", "- side-group\n- front-group")
    )
    kb = hk.KnowledgeBase.from_directory(broken({"muscles/delta-adductor.yaml": hidden}))
    # tech-roll (self-massage) targets front-group; delta-adductor joined it but cannot be reached
    reached = [m.id for m in kb.muscles_targeted_by("tech-roll", reach=hk.Reach)]
    assert reached == ["alpha-flexor", "gamma-abductor"]
    assert "delta-adductor" in {m.id for m in kb.members("front-group")}


def test_a_broken_file_does_not_cascade_into_other_problems(broken: Broken) -> None:
    # beta-extensor is the only member of back-group and the only muscle citing nothing new:
    # whether its file cannot be read or fails validation, no other record is blamed.
    unreadable = read("muscles/beta-extensor.yaml").replace("insertion: femur", "insertion femur")
    problem = only(broken({"muscles/beta-extensor.yaml": unreadable}))
    assert (problem.code, problem.value) == ("yaml", "insertion femur")
    assert "a colon and a space after the field name" in problem.expected
    invalid = read("muscles/beta-extensor.yaml").replace("depth: superficial", "depth: shallow")
    assert only(broken({"muscles/beta-extensor.yaml": invalid})).field == "depth"


def test_a_record_pointing_to_itself_is_refused(broken: Callable[[dict[str, str | None]], Path]) -> None:
    groin = (MINI / "conditions" / "cond-groin.yaml").read_text(encoding="utf-8")
    looped = groin + (
        "look_alikes:\n- name: Itself\n  condition: cond-groin\n  category: musculoskeletal\n  note: Loops.\n"
    )
    root = broken({"conditions/cond-groin.yaml": looped})
    with pytest.raises(hk.ContentError) as caught:
        hk.KnowledgeBase.from_directory(root)
    [problem] = caught.value.problems
    assert (problem.code, problem.field, problem.value) == ("self-ref", "look_alikes[0].condition", "cond-groin")
