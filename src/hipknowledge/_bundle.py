"""The compiled content: every checked record in one JSON-lines file, sealed with a digest.

The layout (UTF-8 JSON, one value per line)::

    line 1      header: {"format": 2, "digest": "sha256:<hex>", "inputs": "sha256:<hex>",
                         "deprecations": how many, "counts": [[folder, how many], ...]}
    line 2      the manifest
    next lines  one deprecation per line, then one record per line, grouped by folder in
                the header's order, each group in ID order

``digest`` covers every byte after the header's line; ``inputs`` is the digest of the
YAML files the bundle was compiled from (:func:`inputs_digest`). A bundle is written only
after every check has passed (see ``_compile``), so a bundle whose digest matches holds
checked records, and they are rebuilt without validating them again; that is what makes
loading from a wheel fast. Anything else (another digest, another layout, a value that
does not fit) is refused with a :class:`~hipknowledge.ContentError`.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel

from hipknowledge._compat import Traversable
from hipknowledge._fields import field_shapes
from hipknowledge._loader import ignored
from hipknowledge.errors import ContentError, Problem
from hipknowledge.models import KIND_BY_FOLDER, Deprecation, Manifest, Record

__all__ = ["BUNDLE_NAME", "FORMAT", "Bundle", "inputs_digest", "read_bundle", "seal"]

#: The bundle's file name inside the package (beside ``data/``, which holds only what
#: contributors write).
BUNDLE_NAME = "_bundle.jsonl"
#: Layout version; a bundle of any other layout is not used.
FORMAT = 2

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Bundle:
    """What a bundle holds: what a :class:`~hipknowledge.KnowledgeBase` is built from."""

    manifest: Manifest
    deprecations: tuple[Deprecation, ...]
    records: tuple[Record, ...]
    #: :func:`inputs_digest` of the data directory the bundle was compiled from.
    inputs: str


def _sha256(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def seal(header: dict[str, Any], body: bytes) -> bytes:
    """The bundle file: ``header`` with the digest of ``body`` added, a newline, then ``body``."""
    line = json.dumps({"format": FORMAT, "digest": _sha256(body), **header}, separators=(",", ":"))
    return line.encode("utf-8") + b"\n" + body


def read_bundle(data: bytes, label: str = BUNDLE_NAME) -> Bundle:
    """Check a bundle's layout and digest and rebuild its records; :class:`ContentError` if it is unusable.

    >>> try:
    ...     read_bundle(b'{"format": 1}')
    ... except ContentError as error:
    ...     print(error.problems[0])
    _bundle.jsonl:1: format: got 1, expected bundle format 2
    """

    def refuse(line: int | None, field: str, value: object, expected: str) -> ContentError:
        return ContentError([Problem(label, line, field, value, expected, "bundle")])

    head, _, body = data.partition(b"\n")
    try:
        header = json.loads(head)
    except ValueError as error:
        raise refuse(1, "", str(error), "a JSON header") from None
    if not isinstance(header, dict):
        raise refuse(1, "", header, "a JSON object")
    if header.get("format") != FORMAT:
        raise refuse(1, "format", header.get("format"), f"bundle format {FORMAT}")
    if header.get("digest") != _sha256(body):
        raise refuse(1, "digest", header.get("digest"), "the digest of the bundle's content (it was changed)")
    lines = body.split(b"\n")
    number = 2
    try:
        expected = 1 + header["deprecations"] + sum(count for _, count in header["counts"])
        if len(lines) != expected:
            raise ValueError(f"{len(lines) + 1} lines where the header counts {expected + 1}")
        manifest = _construct(Manifest, json.loads(lines[0]))
        deprecations = []
        for _ in range(header["deprecations"]):
            number += 1
            deprecations.append(_construct(Deprecation, json.loads(lines[number - 2])))
        records: list[Record] = []
        for folder, count in header["counts"]:
            model = KIND_BY_FOLDER[folder]
            for _ in range(count):
                number += 1
                records.append(_construct(model, json.loads(lines[number - 2])))
        inputs = header["inputs"]
        if not isinstance(inputs, str):
            raise TypeError("inputs is not a digest")
    except (LookupError, TypeError, ValueError) as error:
        # Only a bundle written by another version of the package gets here: a damaged one
        # fails its digest first.
        raise refuse(number, "", str(error), "a record as the package's models define it") from None
    return Bundle(manifest, tuple(deprecations), tuple(records), inputs)


def _construct(model: type[M], data: Any) -> M:
    """``model`` rebuilt from the JSON the compiler wrote, without validating it again.

    Fields are rebuilt by their shape (nested models, lists as tuples, vocabulary values,
    dates); a field the data does not give keeps its default and stays unset, as it was.
    """
    if not isinstance(data, dict):
        raise TypeError(f"{model.__name__}: expected an object, got {type(data).__name__}")
    values: dict[str, Any] = {}
    for field in field_shapes(model):
        if field.name not in data:
            continue
        value = data[field.name]
        if value is None:
            values[field.name] = None
        elif field.shape == "model":
            values[field.name] = _construct(field.item, value)
        elif field.shape == "models":
            values[field.name] = tuple(_construct(field.item, item) for item in value)
        elif field.is_list:
            vocabulary = field.vocabulary
            values[field.name] = tuple(value) if vocabulary is None else tuple(vocabulary(v) for v in value)
        elif field.vocabulary is not None:
            values[field.name] = field.vocabulary(value)
        elif field.item is datetime.date:
            values[field.name] = datetime.date.fromisoformat(value)
        else:
            values[field.name] = value
    if len(values) != len(data):
        raise ValueError(f"{model.__name__} has no field {sorted(set(data) - set(values))[0]!r}")
    return model.model_construct(set(values), **values)


def inputs_digest(root: Traversable) -> str:
    """``sha256:`` and a digest of every file under the data directory ``root``, names included.

    The names the loader passes over (dot-files, caches, editor leftovers, ``README.md``) do not count.
    """
    digest = hashlib.sha256()
    for path, entry in sorted(_files(root, ""), key=lambda item: item[0]):
        digest.update(path.encode("utf-8") + b"\0" + hashlib.sha256(entry.read_bytes()).digest())
    return "sha256:" + digest.hexdigest()


def _files(folder: Traversable, prefix: str) -> Iterator[tuple[str, Traversable]]:
    for entry in folder.iterdir():
        if ignored(entry.name):
            continue
        path = f"{prefix}{entry.name}"
        if entry.is_dir():
            yield from _files(entry, f"{path}/")
        else:
            yield path, entry
