"""The rules every record ID follows, in one place."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import StringConstraints

__all__ = ["ID_PATTERN", "RecordId", "is_valid_id", "slugify"]

#: Lowercase kebab-case: words of ``a-z`` and ``0-9`` joined by single hyphens.
ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_ID_RE = re.compile(ID_PATTERN)
_NON_SLUG = re.compile(r"[^a-z0-9]+")

RecordId = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=80)]


def is_valid_id(text: str) -> bool:
    """Tell whether ``text`` is a well-formed record ID.

    >>> is_valid_id("psoas-major"), is_valid_id("Psoas_Major"), is_valid_id("psoas-major\\n")
    (True, False, False)
    """
    return len(text) <= 80 and _ID_RE.fullmatch(text) is not None  # fullmatch: "$" would allow a final newline


def slugify(text: str) -> str:
    """Turn a name into the ID it would have.

    >>> slugify("Gluteus Medius (anterior fibres)")
    'gluteus-medius-anterior-fibres'
    """
    return _NON_SLUG.sub("-", text.casefold()).strip("-")
