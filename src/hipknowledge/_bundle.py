"""The compiled content: every checked record in one JSON-lines file, written when a wheel is built."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, ValidationError
from pydantic_core import from_json

from hipknowledge._messages import explain
from hipknowledge.errors import ContentError, Problem
from hipknowledge.models import KIND_BY_FOLDER, Deprecation, Manifest, Record

if TYPE_CHECKING:
    from hipknowledge._compat import Traversable

__all__ = [
    "BUNDLE_NAME",
    "FORMAT",
    "Bundle",
    "compile_bundle",
    "inputs_digest",
    "read_bundle",
    "shipped_data",
    "stream_bundle",
]

#: The bundle's file name inside the package (beside ``data/``, which holds only what
#: contributors write, so that tools reading ``data/`` never meet it).
BUNDLE_NAME = "_bundle.jsonl"
#: Layout version of the bundle; a bundle of any other layout is not used.
FORMAT = 1

# The layout: JSON lines in UTF-8.
#   line 1      header: {"format": 1, "inputs": digest of the YAML compiled,
#               "deprecations": how many, "counts": [[folder, how many records], ...]}
#   line 2      the manifest
#   next lines  one deprecation per line, then one record per line, grouped by folder in
#               the header's order, each group in ID order.
# One value per line lets each be parsed and validated straight from its bytes by its
# model's own validator (built when the model class was defined): no intermediate Python
# dicts, and no further validator to build when the package loads. Records in ID order
# let the knowledge base index each one as it is made (see _knowledge._Indexer).


class Bundle:
    """The content of a bundle: what :class:`~hipknowledge.KnowledgeBase` is built from."""

    # A plain class: a NamedTuple or dataclass would cost more to define than loading saves.
    __slots__ = ("deprecations", "inputs", "manifest", "records")

    def __init__(
        self, manifest: Manifest, deprecations: tuple[Deprecation, ...], records: tuple[Record, ...], inputs: str
    ) -> None:
        self.manifest = manifest
        self.deprecations = deprecations
        self.records = records
        #: ``inputs_digest`` of the data directory the bundle was compiled from.
        self.inputs = inputs


def read_bundle(data: bytes, label: str = BUNDLE_NAME) -> Bundle:
    """Parse and validate a bundle with the record models; :class:`ContentError` if it is unusable.

    The cross-record checks are not repeated: they ran when the bundle was compiled.

    >>> try:
    ...     read_bundle(b'{"format": 0}')
    ... except ContentError as error:
    ...     print(error.problems[0])
    _bundle.jsonl:1: format: got 0, expected bundle format 1
    """
    manifest, deprecations, inputs, records = stream_bundle(data, label)
    return Bundle(manifest, deprecations, tuple(records), inputs)


def stream_bundle(
    data: bytes, label: str = BUNDLE_NAME
) -> tuple[Manifest, tuple[Deprecation, ...], str, Iterator[Record]]:
    """The manifest, deprecations and inputs digest of a bundle, and its records one by one.

    Each record is validated when the iterator reaches it, so that whoever takes it works
    on it while it is fresh in memory. The layout, manifest and deprecations are checked
    here; a record that does not validate raises :class:`ContentError` from the iterator.
    """
    # The records' lines are cut out one at a time as they are validated, not all at once:
    # a copy of the whole file, held to the end, would cost memory the size of the content.
    header, start = _line(data, 0)
    inputs, deprecation_count, counts = _header(header, label)
    expected_lines = 2 + deprecation_count + sum(count for _, count in counts)
    found_lines = data.count(b"\n") + 1
    if found_lines != expected_lines:
        expected = f"{expected_lines} lines (header, manifest, and the deprecations and records it counts)"
        raise ContentError([Problem(label, None, "", f"{found_lines} lines", expected, "bundle")])
    number = 2  # the number of the line being read
    try:
        line, start = _line(data, start)
        manifest = Manifest.model_validate_json(line)
        deprecations: list[Deprecation] = []
        for _ in range(deprecation_count):
            number += 1
            line, start = _line(data, start)
            deprecations.append(Deprecation.model_validate_json(line))
    except ValidationError as error:
        raise ContentError(_problems(error, Manifest if number == 2 else Deprecation, label, number)) from error
    return manifest, tuple(deprecations), inputs, _records(data, start, number, counts, label)


def _records(
    data: bytes, start: int, number: int, counts: list[tuple[type[Record], int]], label: str
) -> Iterator[Record]:
    model: type[Record] = Record
    try:
        for model, count in counts:
            validate = model.model_validate_json
            for _ in range(count):
                number += 1
                line, start = _line(data, start)
                yield validate(line)
    except ValidationError as error:
        raise ContentError(_problems(error, model, label, number)) from error


def _line(data: bytes, start: int) -> tuple[bytes, int]:
    """The line of ``data`` starting at ``start``, and where the next one starts."""
    end = data.find(b"\n", start)
    if end < 0:
        return data[start:], len(data)
    return data[start:end], end + 1


def _header(line: bytes, label: str) -> tuple[str, int, list[tuple[type[Record], int]]]:
    def refuse(field: str, value: object, expected: str) -> ContentError:
        return ContentError([Problem(label, 1, field, value, expected, "bundle")])

    try:
        header = from_json(line)
    except ValueError as error:
        raise refuse("", str(error), "a JSON header") from error
    if not isinstance(header, dict):
        raise refuse("", header, "a JSON object")
    if header.get("format") != FORMAT:
        raise refuse("format", header.get("format"), f"bundle format {FORMAT}")
    inputs, deprecations, raw_counts = header.get("inputs"), header.get("deprecations"), header.get("counts")
    if not isinstance(inputs, str):
        raise refuse("inputs", inputs, "the digest of the YAML compiled")
    if not isinstance(deprecations, int) or deprecations < 0:
        raise refuse("deprecations", deprecations, "a count")
    counts: list[tuple[type[Record], int]] = []
    for item in raw_counts if isinstance(raw_counts, list) else [raw_counts]:
        folder, count = item if isinstance(item, list) and len(item) == 2 else (None, None)
        model = KIND_BY_FOLDER.get(folder) if isinstance(folder, str) else None
        if model is None or not isinstance(count, int) or count < 0:
            raise refuse("counts", item, "[folder of records, count] pairs")
        counts.append((model, count))
    return inputs, deprecations, counts


def _problems(error: ValidationError, model: type[BaseModel], label: str, line: int) -> Iterator[Problem]:
    return explain(error, model, label, lambda loc: line)


def shipped_data(directory: str | None = None) -> tuple[bytes, str] | None:
    """The bytes of the installed package's bundle (or the one in ``directory``) and its label.

    None without one: a wheel carries a bundle; a source checkout or editable install does
    not, and reads the YAML files instead.
    """
    label = f"hipknowledge/{BUNDLE_NAME}"
    folder = os.path.dirname(__file__) if directory is None else directory
    try:
        # A plain open spares importing the resource readers, for the common case of a
        # package installed as files.
        with open(os.path.join(folder, BUNDLE_NAME), "rb") as file:
            return file.read(), label
    except FileNotFoundError:
        return None
    except OSError as error:
        if directory is not None:
            raise ContentError([Problem(label, None, "", str(error), "a readable file", "bundle")]) from error
    data = _read_resource(label)
    return None if data is None else (data, label)


def _read_resource(label: str) -> bytes | None:
    """The bundle through importlib.resources: the package is not plain files (a zip on sys.path)."""
    from importlib.resources import files

    entry = files("hipknowledge") / BUNDLE_NAME
    try:
        return entry.read_bytes() if entry.is_file() else None
    except OSError as error:
        raise ContentError([Problem(label, None, "", str(error), "a readable file", "bundle")]) from error


# --------------------------------------------------------------------------- writing


def inputs_digest(root: Traversable) -> str:
    """``sha256:`` and a digest of every file under the data directory ``root``, names included."""
    import hashlib

    digest = hashlib.sha256()
    for path, entry in sorted(_files(root, ""), key=lambda item: item[0]):
        digest.update(path.encode("utf-8") + b"\0" + hashlib.sha256(entry.read_bytes()).digest())
    return "sha256:" + digest.hexdigest()


def _files(folder: Traversable, prefix: str) -> Iterator[tuple[str, Traversable]]:
    for entry in folder.iterdir():
        if entry.name.startswith(".") or entry.name == "__pycache__":
            continue
        path = f"{prefix}{entry.name}"
        if entry.is_dir():
            yield from _files(entry, f"{path}/")
        else:
            yield path, entry


def compile_bundle(root: Traversable, label: str) -> bytes:
    """Read ``root`` the full way (YAML, every check) and write it as one bundle.

    Raises :class:`ContentError` with every problem, as :func:`hipknowledge.load` would.
    The bundle is read back and compared before it is returned, so a bundle that would
    load differently from its YAML is never written.
    """
    import json

    from hipknowledge._api import read_checked

    content = read_checked(root, label)
    assert content.manifest is not None  # read_checked raised otherwise
    by_folder: dict[str, list[Record]] = {}
    for record in content.records:
        by_folder.setdefault(record.folder, []).append(record)
    for records in by_folder.values():
        records.sort(key=lambda r: r.id)
    header = {
        "format": FORMAT,
        "inputs": inputs_digest(root),
        "deprecations": len(content.deprecations),
        "counts": [[folder, len(records)] for folder, records in by_folder.items()],
    }

    def line(value: object) -> str:
        # json.dumps escapes every newline inside strings, so a value never spans lines.
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    # exclude_unset: a field the YAML left out stays out, so the models read back are the
    # same down to model_fields_set.
    lines = [
        line(header),
        line(content.manifest.model_dump(mode="json", exclude_unset=True)),
        *(line(d.model_dump(mode="json", exclude_unset=True)) for d in content.deprecations),
        *(line(r.model_dump(mode="json", exclude_unset=True)) for rs in by_folder.values() for r in rs),
    ]
    data = "\n".join(lines).encode("utf-8")
    written = [r for records in by_folder.values() for r in records]
    _same(read_bundle(data), written, content.manifest, content.deprecations)
    return data


def _same(bundle: Bundle, records: Sequence[Record], manifest: Manifest, deprecations: Sequence[Deprecation]) -> None:
    expected = [(r, r.model_fields_set) for r in records]
    found = [(r, r.model_fields_set) for r in bundle.records]
    if found != expected or bundle.manifest != manifest or bundle.deprecations != tuple(deprecations):
        raise RuntimeError("the compiled bundle does not read back to the records it was written from")


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m hipknowledge._bundle DATA_DIR OUTPUT``: compile a data directory (used by the wheel build)."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 2:
        print("usage: python -m hipknowledge._bundle DATA_DIR OUTPUT", file=sys.stderr)
        return 2
    root, output = Path(args[0]), Path(args[1])
    try:
        data = compile_bundle(root, str(root))
    except ContentError as error:
        print(error, file=sys.stderr)
        return 1
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(data)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
