"""The content diff, field by field, and its reports: the text, the changelog section and the change file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from hipknowledge.errors import MISSING
from hipknowledge.versioning import FieldChange, Snapshot, change_file, diff, to_markdown, to_text

from .paths import MINI, read
from .versions import deprecate, snap

Broken = Callable[[dict[str, str | None]], Path]


@pytest.fixture(scope="module")
def released() -> Snapshot:
    """The mini fixture as if it had been released as 1.2.0."""
    return snap(MINI)


def test_changes_are_reported_field_by_field(released: Snapshot, broken: Broken) -> None:
    muscle = read("muscles/beta-extensor.yaml").replace("role: prime-mover", "role: assistant", 1)
    condition = (
        read("conditions/cond-groin.yaml")
        + "- intervention: ex-bridge\n  stance: may-help\n  recommendation: option\n  grade: g\n  population: p\n"
        + "  graded_by: src-two\n  note: n.\n  sources:\n  - src-one\n"
    )
    root = broken({"muscles/beta-extensor.yaml": muscle, "conditions/cond-groin.yaml": condition})
    changed = {c.id: c.fields for c in diff(released, snap(root)).changed}
    assert changed["beta-extensor"] == (FieldChange("actions[0].role", "prime-mover", "assistant"),)
    (added,) = changed["cond-groin"]
    assert (added.field, added.change, added.old is MISSING) == ("care_options[1]", "added", True)
    assert added.new["intervention"] == "ex-bridge"
    assert added.as_json() == {"field": "care_options[1]", "change": "added", "new": added.new}


def test_a_side_that_is_not_set_reads_as_such() -> None:
    assert str(FieldChange("note", MISSING, "n.")) == "note: added 'n.'"
    assert str(FieldChange("note", "n.", MISSING)) == "note: removed (was 'n.')"
    assert FieldChange("note", "n.", MISSING).as_json() == {"field": "note", "change": "removed", "old": "n."}


def test_the_text_report_lists_each_kind_of_change(released: Snapshot, broken: Broken) -> None:
    text = read("muscles/alpha-flexor.yaml").replace("origin: pelvis", "origin: ilium")
    root = broken({"muscles/alpha-flexor.yaml": text, "exercises/ex-side-raise.yaml": None})
    assert to_text(diff(released, snap(root))).splitlines() == [
        "content 1.2.0 -> 1.2.0",
        "removed (1):",
        "  exercise 'ex-side-raise'",
        "changed (1):",
        "  muscle alpha-flexor",
        "    origin: 'pelvis' -> 'ilium'",
        "needs: a major bump",
    ]


def test_changelog_section(released: Snapshot, broken: Broken) -> None:
    new = read("exercises/ex-side-raise.yaml").replace("ex-side-raise", "ex-side-lift")
    text = read("muscles/alpha-flexor.yaml").replace("origin: pelvis", "origin: ilium")
    root = broken(
        {
            "exercises/ex-side-raise.yaml": None,
            "exercises/ex-side-lift.yaml": new,
            "deprecated.yaml": deprecate("ex-side-raise", "ex-side-lift", "2.0.0"),
            "muscles/alpha-flexor.yaml": text,
        }
    )
    assert to_markdown(diff(released, snap(root))).splitlines() == [
        "### Content",
        "",
        "- Added: `ex-side-lift`.",
        "- Deprecated `ex-side-raise`, use `ex-side-lift` instead: test",
        "- Changed muscle `alpha-flexor`: origin.",
    ]
    first = to_markdown(diff(None, released))
    assert first.startswith("### Content\n\n- First release of the content: 4 muscles, 3 groups, 1 structure,")


def test_the_change_file_of_a_first_release_lists_every_record_as_added(released: Snapshot) -> None:
    data = change_file(diff(None, released))
    assert (data["previous_version"], data["previous_fingerprint"], data["bump"]) == (None, None, "major")
    assert len(data["added"]) == len(released.records)
    assert data["reasons"] == [{"bump": "major", "text": f"first release: {len(released.records)} records"}]
