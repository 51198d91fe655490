"""Pydantic's validation errors in a contributor's words: one :class:`Problem` per error."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator
from typing import Any

from pydantic import BaseModel, ValidationError

from hipknowledge._fields import Loc, description_at, fields_at, format_loc
from hipknowledge.errors import MISSING, Problem
from hipknowledge.ids import ID_PATTERN

__all__ = ["explain"]


def explain(
    error: ValidationError,
    model: type[BaseModel],
    file: str,
    line_of: Callable[[Loc], int | None],
    at: Loc = (),
) -> Iterator[Problem]:
    """Turn pydantic's errors about ``model`` into problems in ``file``, each at the line ``line_of`` gives.

    ``at`` is where the model's value sits in the file (``(2,)`` for the third item of a list).

    >>> from hipknowledge.models import Review
    >>> try:
    ...     Review.model_validate({"by": "x", "on": "yesterday", "note": 1})
    ... except ValidationError as error:
    ...     for problem in explain(error, Review, "r.yaml", lambda loc: 3):
    ...         print(problem)
    r.yaml:3: on: got 'yesterday', expected input should be a valid date or datetime, input is too short
    r.yaml:3: note: got 1, expected no such field; known fields: areas, by, on
    """
    items = error.errors(include_url=False)
    # Lists holding a bad item, at any depth: the item's own problem says what to fix.
    inner = {tuple(item["loc"][:i]) for item in items for i, part in enumerate(item["loc"]) if isinstance(part, int)}
    for item in items:
        loc: Loc = tuple(item["loc"])
        if item["type"] == "too_short" and loc in inner:
            continue  # a list with a bad item: the item's own problem says what to fix
        value = MISSING if item["type"] == "missing" else item.get("input")
        where = (*at, *loc)
        yield Problem(file, line_of(where), format_loc(where), value, _expected(item, model, loc), item["type"])


def _expected(item: Any, model: type[BaseModel], loc: Loc) -> str:
    kind = item["type"]
    ctx = item.get("ctx") or {}
    if kind == "missing":
        about = description_at(model, loc).rstrip(".")
        return f"a value: this field is required ({about})" if about else "a value: this field is required"
    if item.get("input") is None and kind != "extra_forbidden":
        return "a value (the field is empty; remove it or fill it in)"
    if kind == "extra_forbidden":
        known = fields_at(model, loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), known, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else f"; known fields: {', '.join(known)}"
        return f"no such field{hint}"
    if kind == "string_pattern_mismatch":
        pattern = ctx.get("pattern", "")
        if pattern == ID_PATTERN:
            return "a lowercase kebab-case ID such as 'psoas-major'"
        if pattern.startswith("^\\S"):
            return "text without leading or trailing spaces"
        if "T12" in pattern:
            return "a spinal root such as 'L2' or 'S1' (T12, L1-L5, S1-S5)"
        return f"text matching {pattern}"
    if kind == "enum":
        allowed = ctx.get("expected", "the listed values")
        close = difflib.get_close_matches(str(item.get("input")), re.findall(r"'([^']*)'", allowed), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        return f"one of {allowed}{hint}"
    if kind == "too_short":
        count = ctx.get("min_length", 1)
        return f"at least {count} item{'s' if count != 1 else ''}"
    if kind in {"string_type", "str_type"}:
        return "text (quote it if YAML reads it as a number, date or yes/no)"
    if kind in {"tuple_type", "list_type"}:
        return "a list (items on lines starting with '- ')"
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        return "a mapping of fields"
    message: str = item["msg"]
    return message[0].lower() + message[1:] if message else kind
