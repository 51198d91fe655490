"""Every exception the package raises, rooted at :class:`HipKnowledgeError`."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

__all__ = [
    "MISSING",
    "ContentError",
    "DeprecatedIdError",
    "ExportError",
    "HipKnowledgeError",
    "InvalidArgumentError",
    "MissingExtraError",
    "Problem",
    "UnknownIdError",
    "UnknownKindError",
    "UnknownValueError",
    "VersionRequirementError",
]


class HipKnowledgeError(Exception):
    """Root of the package's exceptions; catch this to catch them all."""

    #: A stable, machine-readable code for programs that branch on the error.
    code: str = "hipknowledge-error"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the content, located as precisely as the input allows.

    >>> print(Problem("data/muscles/x.yaml", 3, "name", None, "a non-empty string"))
    data/muscles/x.yaml:3: name: got None, expected a non-empty string
    """

    file: str
    line: int | None
    field: str
    value: object
    expected: str
    code: str = "invalid"

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} got {short_repr(self.value)}, expected {self.expected}"


def short_repr(value: object, limit: int = 80) -> str:
    """``repr(value)``, cut to ``limit`` characters so that a huge value cannot drown a message.

    >>> short_repr("x" * 100, limit=10)
    "'xxxxxx..."
    """
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


class _Missing:
    """The type of :data:`MISSING`."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "nothing"

    def __reduce__(self) -> str:
        return "MISSING"  # unpickles as the one instance


MISSING: Any = _Missing()
"""Stands for a value that is absent: a required field left out, a file that does not exist,
one side of a change that has no value."""


class ContentError(HipKnowledgeError, ValueError):
    """The content is broken; :attr:`problems` lists every problem found in one run."""

    code = "invalid-content"

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the content"
        super().__init__("\n".join([head, *(f"  {p}" for p in self.problems)]))

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.problems,))


class UnknownIdError(HipKnowledgeError, KeyError):
    """No record has this ID; :attr:`suggestions` holds the closest known IDs.

    It is a :class:`KeyError` (so a :class:`LookupError`): the read-only mappings keep
    ``Mapping``'s contract, and ``except LookupError`` in calling code keeps working.
    """

    code = "unknown-id"

    def __init__(self, record_id: str, suggestions: Iterable[str] = (), kind: str = "record") -> None:
        self.record_id = record_id
        self.kind = kind
        self.suggestions: tuple[str, ...] = tuple(suggestions)
        hint = f"; did you mean {', '.join(map(repr, self.suggestions))}?" if self.suggestions else ""
        super().__init__(f"no {kind} with id {record_id!r}{hint}")

    def __reduce__(self) -> tuple[object, ...]:
        # Made again from what it was made from, so it crosses a process boundary unchanged.
        return (type(self), (self.record_id, self.suggestions, self.kind))

    def __str__(self) -> str:
        # KeyError-style quoting of the args would garble the message.
        return str(self.args[0])


class DeprecatedIdError(UnknownIdError):
    """A deprecated ID was looked up in strict mode; :attr:`replaced_by` names its successor."""

    code = "deprecated-id"

    def __init__(self, record_id: str, replaced_by: str, since: str) -> None:
        self.replaced_by = replaced_by
        self.since = since
        super().__init__(record_id, (replaced_by,), "current record")
        self.args = (f"id {record_id!r} is deprecated since content {since}; use {replaced_by!r}",)

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.record_id, self.replaced_by, self.since))


class UnknownKindError(HipKnowledgeError, LookupError):
    """A kind of record that the package does not know (``"musle"``); :attr:`known` lists the kinds."""

    code = "unknown-kind"

    def __init__(self, kind: str, known: Iterable[str]) -> None:
        self.kind = kind
        self.known = tuple(known)
        close = difflib.get_close_matches(str(kind), self.known, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        super().__init__(f"unknown kind {kind!r}{hint}; known kinds: {', '.join(self.known)}")

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.kind, self.known))


class UnknownValueError(HipKnowledgeError, ValueError):
    """A value outside a vocabulary, such as the region ``"butt"``.

    :attr:`vocabulary` names the vocabulary (``"body region"``), :attr:`known` lists its
    values and :attr:`suggestions` the closest of them.
    """

    code = "unknown-value"

    def __init__(self, value: object, vocabulary: str, known: Iterable[str]) -> None:
        self.value = value
        self.vocabulary = vocabulary
        self.known = tuple(known)
        self.suggestions: tuple[str, ...] = tuple(difflib.get_close_matches(str(value), self.known, n=3, cutoff=0.6))
        hint = f" (did you mean {', '.join(map(repr, self.suggestions))}?)" if self.suggestions else ""
        super().__init__(f"unknown {vocabulary} {value!r}{hint}; known values: {', '.join(self.known)}")

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.value, self.vocabulary, self.known))


class InvalidArgumentError(HipKnowledgeError, ValueError):
    """An argument outside what a function accepts, such as ``limit=0``."""

    code = "invalid-argument"


class VersionRequirementError(HipKnowledgeError, ValueError):
    """The installed content version does not satisfy what the caller requires."""

    code = "content-version-mismatch"


class ExportError(HipKnowledgeError, ValueError):
    """An export cannot be made as asked: an unknown format or option, or a file that cannot be written.

    :attr:`path` names the output file when the problem is writing it (a folder, a device,
    no permission, a full disk), and is None for a request that is wrong in itself.
    """

    code = "export-error"

    def __init__(self, message: str, path: str | None = None) -> None:
        self.path = path
        super().__init__(message)

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.args[0], self.path))


class MissingExtraError(HipKnowledgeError, ImportError):
    """An export needs an optional dependency that is not installed; the message says which extra to install."""

    code = "missing-extra"

    def __init__(self, extra: str, module: str) -> None:
        self.extra = extra
        self.module = module
        super().__init__(f'this export needs {module}: install it with pip install "hipknowledge[{extra}]"')

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.extra, self.module))


__all__ += ["ExportError", "MissingExtraError"]
