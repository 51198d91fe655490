"""Content version numbers: reading them, checking requirements, and the bumps between them."""

from __future__ import annotations

import re
from typing import Literal

from hipknowledge.errors import VersionRequirementError, short_repr

__all__ = ["Bump", "bump_between", "check_requirement", "next_version", "parse_version", "satisfies"]

Bump = Literal["none", "patch", "minor", "major"]

# Nine digits keep every part below a billion: far above any real version, and far
# below the size at which int() refuses a string or slows down.
_NUMBER = r"[0-9]{1,9}"
_VERSION = re.compile(rf"{_NUMBER}(?:\.{_NUMBER}){{0,2}}")
# PEP 440's subset: a wildcard only after == and !=, and ~= needs at least two parts.
_CLAUSE = re.compile(
    rf"(?P<op>>=|<=|==|!=|~=|>|<)\s*(?P<version>{_NUMBER}(?:\.{_NUMBER}){{0,2}})(?P<wildcard>\.\*)?",
    re.ASCII,
)
_REQUIREMENT_EXAMPLE = "e.g. '>=1.2,<2', '~=1.4' or '==1.*'"
# White space around a clause is ASCII white space only, as between its operator and
# version (``\s`` under re.ASCII): str.strip() alone would also take a no-break space,
# an ideographic space or the separators U+001C to U+001F, which no requirement needs.
_SPACE = " \t\n\r\f\v"


def parse_version(text: str) -> tuple[int, int, int]:
    """``"1.2"`` -> ``(1, 2, 0)``: one to three parts of ASCII digits, missing parts zero.

    >>> parse_version("1.2")
    (1, 2, 0)
    >>> parse_version("1.x")
    Traceback (most recent call last):
    ...
    hipknowledge.errors.VersionRequirementError: cannot read version '1.x': expected one to three dot-separated \
numbers of at most 9 ASCII digits, e.g. '1.2.0' (as in the requirement '>=1.2,<2')
    """
    if not _VERSION.fullmatch(text):
        raise VersionRequirementError(
            f"cannot read version {short_repr(text, 40)}: expected one to three dot-separated numbers "
            "of at most 9 ASCII digits, e.g. '1.2.0' (as in the requirement '>=1.2,<2')"
        )
    parts = [int(p) for p in text.split(".")]
    major, minor, patch = [*parts, 0, 0][:3]
    return major, minor, patch


def _clause_holds(have: tuple[int, int, int], clause: str) -> bool:
    clause = clause.strip(_SPACE)
    match = _CLAUSE.fullmatch(clause)
    if match is None or (match["wildcard"] and match["op"] not in ("==", "!=")):
        raise VersionRequirementError(
            f"cannot read requirement clause {short_repr(clause, 40)}; expected {_REQUIREMENT_EXAMPLE} "
            "(a wildcard only after == or !=, at most three parts of at most 9 ASCII digits, ASCII spaces)"
        )
    op, text = match["op"], match["version"]
    want = parse_version(text)
    depth = len(text.split("."))
    if match["wildcard"]:
        prefix = have[:depth] == want[:depth]
        return prefix if op == "==" else not prefix
    if op == "~=":
        if depth < 2:
            raise VersionRequirementError(
                f"cannot read requirement clause {clause!r}: ~= needs two parts or more (PEP 440); "
                f"expected e.g. '~={text}.0' (the same as '>={text}.0,<{want[0] + 1}') or '=={text}.*'"
            )
        return have >= want and have[: depth - 1] == want[: depth - 1]
    return {
        ">=": have >= want,
        "<=": have <= want,
        ">": have > want,
        "<": have < want,
        "==": have == want,
        "!=": have != want,
    }[op]


def satisfies(version: str, requirement: str) -> bool:
    """Whether ``version`` meets every comma-separated clause of ``requirement``.

    Clauses follow PEP 440 for ``>=``, ``<=``, ``>``, ``<``, ``==``, ``!=``, ``~=``
    (compatible release, two parts or more) and prefix matches (``==1.*``, ``!=1.2.*``).
    Missing parts are zero and numbers compare as integers, so ``1.2`` is ``1.2.0`` and
    ``01.2`` is ``1.2`` (PEP 440's zero padding and integer normalisation). White space
    may stand around a clause and after its operator: ASCII white space only.

    Anything else raises :class:`~hipknowledge.VersionRequirementError` with an example:
    non-ASCII digits or spaces, ``~=`` with one part, a wildcard after another operator,
    ``===``, pre-, post-, dev- and local versions, more than three parts, an empty clause.

    >>> satisfies("1.4.2", ">=1.2,<2"), satisfies("2.0.0", ">=1.2,<2"), satisfies("1.4.2", "~=1.4")
    (True, False, True)
    >>> satisfies("1.4.2", "==1.*"), satisfies("1.4.2", "!=1.4.*")
    (True, False)
    """
    have = parse_version(version)
    # Every clause is read before any is decided, so a typo is never hidden by an earlier miss.
    results = [_clause_holds(have, clause) for clause in requirement.split(",")]
    return all(results)


def check_requirement(version: str, requirement: str | None) -> None:
    """Raise :class:`~hipknowledge.VersionRequirementError` if ``version`` misses ``requirement``.

    >>> check_requirement("1.0.0", ">=1.2,<2")
    Traceback (most recent call last):
    ...
    hipknowledge.errors.VersionRequirementError: installed hipknowledge content is 1.0.0, which does not \
satisfy '>=1.2,<2'; install a hipknowledge release whose content version fits (see docs/versioning.md)
    """
    if requirement is not None and not satisfies(version, requirement):
        raise VersionRequirementError(
            f"installed hipknowledge content is {version}, which does not satisfy {requirement!r}; "
            "install a hipknowledge release whose content version fits (see docs/versioning.md)"
        )


def next_version(version: str, bump: Bump) -> str:
    """The version a bump leads to; lower parts start again at zero.

    >>> next_version("1.4.2", "major"), next_version("1.4.2", "minor"), next_version("1.4.2", "patch")
    ('2.0.0', '1.5.0', '1.4.3')
    """
    major, minor, patch = parse_version(version)
    if bump == "major":
        return f"{major + 1}.0.0"
    if bump == "minor":
        return f"{major}.{minor + 1}.0"
    if bump == "patch":
        return f"{major}.{minor}.{patch + 1}"
    return f"{major}.{minor}.{patch}"


def bump_between(old: str, new: str) -> Bump:
    """Which part of the version changed from ``old`` to ``new`` (``"none"`` if none did).

    >>> bump_between("1.4.2", "1.5.0"), bump_between("1.4.2", "1.4.2")
    ('minor', 'none')
    """
    before, after = parse_version(old), parse_version(new)
    if after[0] != before[0]:
        return "major"
    if after[1] != before[1]:
        return "minor"
    return "patch" if after[2] != before[2] else "none"
