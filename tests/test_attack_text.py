"""Hard edges, text: control characters are refused however the YAML wrote them (issue item 3)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pydantic import ValidationError

import hipknowledge as hk
from hipknowledge.cli import main
from hipknowledge.models import Review

Broken = Callable[[dict[str, str | None]], Path]

MUSCLE = (Path(__file__).parent / "fixtures" / "mini" / "muscles" / "alpha-flexor.yaml").read_text(encoding="utf-8")


def with_summary(yaml_scalar: str) -> str:
    return MUSCLE.replace("summary: Alpha flexor of the fixture.", f"summary: {yaml_scalar}")


def problems(root: Path) -> list[hk.Problem]:
    with pytest.raises(hk.ContentError) as caught:
        hk.KnowledgeBase.from_directory(root)
    return list(caught.value.problems)


# Each a YAML double-quoted escape: they reach the model as real control characters.
ESCAPES = {
    r"\e[31m": 0x1B,  # a terminal colour sequence
    r"\a": 0x07,  # the bell
    r"\0": 0x00,  # NUL
    r"\f": 0x0C,  # form feed: one was enough to make the GraphML export malformed
    r"\t": 0x09,
    r"\r": 0x0D,
    r"\x7f": 0x7F,
    r"\N": 0x85,  # C1 next line
    r"\x9b": 0x9B,  # C1 control sequence introducer
}


@pytest.mark.parametrize("escape", ESCAPES)
def test_an_escaped_control_character_is_a_problem_at_its_line(broken: Broken, escape: str) -> None:
    root = broken({"muscles/alpha-flexor.yaml": with_summary(f'"Alpha {escape} flexor."')})
    [problem] = problems(root)
    assert problem.code == "control_character"
    assert problem.field == "summary"
    assert problem.line == MUSCLE.splitlines().index("summary: Alpha flexor of the fixture.") + 1
    assert f"U+{ESCAPES[escape]:04X}" in problem.expected


def test_every_escaped_control_in_the_folder_is_reported_in_one_run(broken: Broken) -> None:
    other = (Path(__file__).parent / "fixtures" / "mini" / "muscles" / "beta-extensor.yaml").read_text(encoding="utf-8")
    root = broken(
        {
            "muscles/alpha-flexor.yaml": with_summary(r'"red \e[31m"'),
            "muscles/beta-extensor.yaml": other.replace("name: Beta extensor", r'name: "Beta\aextensor"'),
        }
    )
    found = problems(root)
    assert sorted((Path(p.file).name, p.field) for p in found) == [
        ("alpha-flexor.yaml", "summary"),
        ("beta-extensor.yaml", "name"),
    ]


def test_validate_never_prints_the_control_character_itself(broken: Broken, capsys: pytest.CaptureFixture[str]) -> None:
    root = broken({"muscles/alpha-flexor.yaml": with_summary(r'"\e]0;pwned\a\e[2J"')})
    for extra in ([], ["--json"]):
        assert main(["validate", str(root), *extra]) == 1
        out = capsys.readouterr()
        assert "\x1b" not in out.out + out.err
        assert "\x07" not in out.out + out.err
        assert "U+001B" in out.out


def test_prose_keeps_line_breaks_but_names_do_not(broken: Broken) -> None:
    ok = broken({"muscles/alpha-flexor.yaml": with_summary(r'"First line.\nSecond line."')})
    kb = hk.KnowledgeBase.from_directory(ok)
    assert kb.muscles["alpha-flexor"].summary == "First line.\nSecond line."
    bad = broken({"muscles/alpha-flexor.yaml": MUSCLE.replace("name: Alpha flexor", r'name: "Alpha\nflexor"')})
    [problem] = problems(bad)
    assert (problem.field, problem.code) == ("name", "control_character")
    assert "line breaks" in problem.expected


@pytest.mark.parametrize("value", ["\x1b[31mred", "bell\x07", "tab\there", "nul\x00"])
def test_the_models_refuse_controls_from_python_too(value: str) -> None:
    with pytest.raises(ValidationError, match="control characters"):
        Review.model_validate({"by": value, "on": "2026-01-01"})


def test_ordinary_unicode_punctuation_is_still_text() -> None:
    review = Review.model_validate({"by": "Dr Zoë Ørsted – physiotherapist (MCSP)", "on": "2026-01-01"})
    assert review.by.startswith("Dr Zoë")
