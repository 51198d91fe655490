"""Version numbers and requirements: PEP 440's clauses for versions of up to three parts, and nothing else."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import Version

import hipknowledge as hk
from hipknowledge.versioning import parse_version, satisfies

# --------------------------------------------------------------------------- requirements at load time


def test_load_accepts_a_range_the_content_satisfies(kb: hk.KnowledgeBase) -> None:
    major = kb.content_version.split(".")[0]
    assert hk.load(require=f">={major}.0,<{int(major) + 1}") is kb
    assert hk.load(require=f"=={major}.*") is kb


def test_load_refuses_a_range_the_content_misses(kb: hk.KnowledgeBase) -> None:
    wanted = f">={int(kb.content_version.split('.')[0]) + 1}"
    with pytest.raises(hk.VersionRequirementError, match=rf"content is {kb.content_version}, .* satisfy '{wanted}'"):
        hk.load(require=wanted)


def test_load_refuses_an_unreadable_requirement() -> None:
    with pytest.raises(hk.VersionRequirementError, match=r"cannot read requirement clause '=>1'; expected e\.g\."):
        hk.load(require="=>1")


# --------------------------------------------------------------------------- clauses


@pytest.mark.parametrize(
    ("version", "requirement", "expected"),
    [
        ("1.2.0", ">=1.2,<2", True),
        ("1.2.0", " >= 1.2 , < 2 ", True),
        ("1.10.0", ">1.9", True),
        ("2.0.0", ">=1.2,<2", False),
        ("1.4.9", "~=1.4.2", True),
        ("1.5.0", "~=1.4.2", False),
        ("1.9.0", "~=1.4", True),
        ("2.0.0", "~=1.4", False),
        ("1.0.0", "==1", True),
        ("1.0.1", "!=1.0.1", False),
    ],
)
def test_satisfies(version: str, requirement: str, expected: bool) -> None:
    assert satisfies(version, requirement) is expected


@pytest.mark.parametrize(
    ("version", "requirement", "expected"),
    [
        ("1.4.2", "==1.*", True),
        ("2.0.0", "==1.*", False),
        ("1.2.7", "==1.2.*", True),
        ("1.3.0", "==1.2.*", False),
        ("1.0.0", "!=1.*", False),
        ("2.0.0", "!=1.*", True),
        ("1.2.0", "==1.2.0.*", True),
        ("1.4.2", ">=1.4,!=1.4.*", False),
    ],
)
def test_a_prefix_match_works_as_in_pip(version: str, requirement: str, expected: bool) -> None:
    assert satisfies(version, requirement) is expected


@pytest.mark.parametrize(
    ("requirement", "message"),
    [
        ("~=1", r"'~=1': ~= needs two parts or more \(PEP 440\); expected e\.g\. '~=1\.0' .* or '==1\.\*'"),
        (">=١.٠", r"cannot read requirement clause '>=١\.٠'; expected e\.g\. '>=1\.2,<2'"),
        (">=１", r"cannot read requirement clause '>=１'; expected e\.g\. '>=1\.2,<2'"),
        (">=" + "9" * 5000, r"cannot read requirement clause '>=9{30,}\.\.\.; expected e\.g\. '>=1\.2,<2'"),
        (">=1.*", r"'>=1\.\*'; expected e\.g\. .*a wildcard only after == or !="),
        ("~=1.4.*", r"'~=1\.4\.\*'; expected e\.g\. '>=1\.2,<2'"),
        ("==1.x", r"'==1\.x'; expected e\.g\. '>=1\.2,<2'"),
        ("==1.2.3.4", r"'==1\.2\.3\.4'; expected e\.g\. '>=1\.2,<2'"),
        ("", r"cannot read requirement clause ''; expected e\.g\. '>=1\.2,<2'"),
        (">=1,", r"cannot read requirement clause ''; expected e\.g\. '>=1\.2,<2'"),
    ],
)
def test_an_unreadable_requirement_is_refused_with_an_example(requirement: str, message: str) -> None:
    with pytest.raises(hk.VersionRequirementError, match=message):
        satisfies("1.0.0", requirement)


def test_every_clause_is_read_even_after_one_fails() -> None:
    with pytest.raises(hk.VersionRequirementError, match="'=>1'"):
        satisfies("3.0.0", "<2,=>1")


@pytest.mark.parametrize("text", ["١.٠", "1.x", "9" * 5000, "", "1.2.3.4", "1..2", "-1", " 1.2"])
def test_an_unreadable_version_is_refused_with_an_example(text: str) -> None:
    with pytest.raises(hk.VersionRequirementError, match=r"expected one to three .* e\.g\. '1\.2\.0'"):
        parse_version(text)
    with pytest.raises(hk.VersionRequirementError, match=r"cannot read version"):
        satisfies(text, ">=1")


# --------------------------------------------------------------------------- PEP 440, as pip reads it


@pytest.mark.parametrize(
    ("version", "requirement", "expected"),
    [
        ("1.2.0", ">=01.02", True),  # numbers compare as integers (PEP 440's normalisation)
        ("01.2.0", "==1.2", True),
        ("1.2.0", "==1.02.*", True),
        ("1.2.0", "==1.2.00", True),
        ("1.2.0", "\t>=1.2\n,\r<2 ", True),  # ASCII white space around clauses
        ("1.2.0", ">=\t1.2", True),  # and after the operator
        ("1.2.0", "== 1.2.*", True),
        ("1", "==1.0.*", True),  # zero padding, on both sides
        ("1.0.0", "~=1.0", True),
    ],
)
def test_numbers_compare_as_integers_and_ascii_space_is_allowed(version: str, requirement: str, expected: bool) -> None:
    assert satisfies(version, requirement) is expected


@pytest.mark.parametrize(
    "requirement",
    [
        "\u3000>=1.2",  # an ideographic space, around or inside a clause
        ">=\u30001.2",
        ">=1.2\xa0",  # a no-break space
        ">=1.2\x1c",  # an information separator, which str.strip() would take for white space
        "\x85>=1.2",
        "===1.2.0",  # arbitrary equality
        ">=1.2.0rc1",  # pre-, post-, dev- and local versions
        ">=1.2.post1",
        ">=1.2.dev0",
        "==1.2+local",
        "==v1.2",
        ">= 1 .2",
        "==1.2 .*",
        "=1.2",
        "==",
        ",>=1",
    ],
)
def test_anything_else_is_refused(requirement: str) -> None:
    with pytest.raises(hk.VersionRequirementError, match=r"cannot read requirement clause"):
        satisfies("1.2.0", requirement)


_NUMBERS = st.integers(0, 12).map(str) | st.sampled_from(["00", "01", "010"])
_VERSIONS = st.lists(_NUMBERS, min_size=1, max_size=3).map(".".join)
_CLAUSES = st.builds(
    "{}{}{}{}".format,
    st.sampled_from([">=", "<=", ">", "<", "==", "!=", "~="]),
    st.sampled_from(["", " ", "\t"]),
    _VERSIONS,
    st.sampled_from(["", ".*"]),
)
_REQUIREMENTS = st.lists(_CLAUSES, min_size=1, max_size=3).map(",".join)


@given(_VERSIONS, _REQUIREMENTS)
def test_agrees_with_pip_on_versions_of_up_to_three_parts(version: str, requirement: str) -> None:
    """pip's own reader (packaging) as the oracle: the same answer, or both refuse the requirement."""
    try:
        expected = Version(version) in SpecifierSet(requirement)
    except InvalidSpecifier:
        with pytest.raises(hk.VersionRequirementError):
            satisfies(version, requirement)
    else:
        assert satisfies(version, requirement) is expected
