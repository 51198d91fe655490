"""Content version requirements and the content fingerprint."""

from __future__ import annotations

import hashlib
import json
import re
from typing import TYPE_CHECKING

from hipknowledge.errors import VersionRequirementError

if TYPE_CHECKING:
    from hipknowledge._knowledge import KnowledgeBase

__all__ = ["canonical_content", "check_requirement", "fingerprint", "parse_version", "satisfies"]

_CLAUSE = re.compile(r"^\s*(>=|<=|==|!=|~=|>|<)\s*(\d+(?:\.\d+){0,2})\s*$")


def parse_version(text: str) -> tuple[int, int, int]:
    """``"1.2"`` -> ``(1, 2, 0)``.

    >>> parse_version("1.2")
    (1, 2, 0)
    """
    parts = [int(p) for p in text.split(".")]
    if not 1 <= len(parts) <= 3:
        raise ValueError(f"not a version: {text!r}")
    major, minor, patch = [*parts, 0, 0][:3]
    return major, minor, patch


def satisfies(version: str, requirement: str) -> bool:
    """Whether ``version`` meets every comma-separated clause of ``requirement``.

    Clauses use ``>=``, ``<=``, ``>``, ``<``, ``==``, ``!=`` and ``~=`` (compatible release).

    >>> satisfies("1.4.2", ">=1.2,<2"), satisfies("2.0.0", ">=1.2,<2"), satisfies("1.4.2", "~=1.4")
    (True, False, True)
    """
    have = parse_version(version)
    for clause in requirement.split(","):
        match = _CLAUSE.match(clause)
        if match is None:
            raise VersionRequirementError(
                f"cannot read requirement clause {clause.strip()!r}; expected e.g. '>=1.2,<2'"
            )
        op, text = match.groups()
        want = parse_version(text)
        if op == "~=":
            depth = max(len(text.split(".")) - 1, 1)
            ok = have >= want and have[:depth] == want[:depth]
        else:
            ok = {
                ">=": have >= want,
                "<=": have <= want,
                ">": have > want,
                "<": have < want,
                "==": have == want,
                "!=": have != want,
            }[op]
        if not ok:
            return False
    return True


def check_requirement(version: str, requirement: str | None) -> None:
    """Raise :class:`~hipknowledge.VersionRequirementError` if ``version`` misses ``requirement``."""
    if requirement is not None and not satisfies(version, requirement):
        raise VersionRequirementError(
            f"installed hipknowledge content is {version}, which does not satisfy {requirement!r}; "
            "install a hipknowledge release whose content version fits (see docs/versioning.md)"
        )


def canonical_content(kb: KnowledgeBase) -> dict[str, object]:
    """The whole content as plain JSON data, in a fixed order."""
    return {
        "manifest": kb.manifest.model_dump(mode="json"),
        "deprecations": [d.model_dump(mode="json") for d in kb.deprecations.values()],
        "records": {
            kind: [r.model_dump(mode="json", exclude_defaults=True) for r in kb.records(kind)]
            for kind in ("muscle", "group", "structure", "condition", "technique", "exercise", "source", "claim")
        },
    }


def fingerprint(kb: KnowledgeBase) -> str:
    """``sha256:`` and the hex digest of the canonical content's JSON."""
    text = json.dumps(canonical_content(kb), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()
