"""Release snapshots: the content of one version as plain data, the shape of the models, and the releases folder."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from importlib.resources import files
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hipknowledge._canonical import canonical_content, digest
from hipknowledge._compat import Traversable
from hipknowledge._fields import field_shapes
from hipknowledge.errors import ContentError, Problem, VersionRequirementError
from hipknowledge.models import RECORD_TYPES
from hipknowledge.versioning._semver import parse_version

if TYPE_CHECKING:
    from pydantic import BaseModel

    from hipknowledge._knowledge import KnowledgeBase

__all__ = [
    "SNAPSHOT_FILE",
    "SNAPSHOT_FORMAT",
    "Snapshot",
    "content_shape",
    "latest_release",
    "read_snapshot",
    "release_versions",
    "releases_root",
    "snapshot_problem",
]

#: Version of the layout of snapshot and change files (not of the content).
SNAPSHOT_FORMAT = 1
SNAPSHOT_FILE = "snapshot.json"
#: Where a wheel carries the release files, inside the package (hatch_build.py copies them there).
RELEASES_IN_PACKAGE = "_releases"

_RELEASE_DIR = re.compile(r"[0-9]+\.[0-9]+\.[0-9]+")
# A snapshot is about ten levels deep. The limit keeps hostile nesting out of the diff,
# which walks values recursively, well before Python's own recursion limit.
_MAX_DEPTH = 64
# A corrupt file can hold a million bad entries; the first few say what is wrong.
_MAX_PROBLEMS = 20


def content_shape() -> dict[str, Any]:
    """What the models promise readers: every field path of every kind with its type, and every vocabulary.

    A release snapshot keeps this, so a diff also sees fields and vocabulary values that
    were added, removed or retyped, not only records.

    >>> shape = content_shape()
    >>> shape["fields"]["muscle"]["innervation.roots"], shape["fields"]["muscle"]["actions[].movement"]
    ('required list of text', 'required HipMovement')
    >>> shape["vocabularies"]["ActionRole"]
    ['prime-mover', 'assistant']
    """
    vocabularies: dict[str, list[str]] = {}
    fields = {cls.kind_name: dict(_field_shapes(cls, "", vocabularies)) for cls in RECORD_TYPES}
    return {"fields": fields, "vocabularies": dict(sorted(vocabularies.items()))}


def _field_shapes(model: type[BaseModel], prefix: str, vocabularies: dict[str, list[str]]) -> Iterator[tuple[str, str]]:
    for shape in field_shapes(model):
        path = f"{prefix}{shape.name}"
        if shape.is_part:
            yield from _field_shapes(shape.item, f"{path}{'[]' if shape.is_list else ''}.", vocabularies)
        elif shape.vocabulary is not None:
            vocabularies[shape.vocabulary.__name__] = [str(member.value) for member in shape.vocabulary]
        yield path, shape.describe()


@dataclass(frozen=True, eq=False)
class Snapshot:
    """The content of one version, as plain data: what a release keeps and a diff compares.

    >>> import hipknowledge as hk
    >>> snap = Snapshot.of(hk.load())
    >>> snap.fingerprint == hk.load().fingerprint, snap.version == hk.load().content_version
    (True, True)
    """

    content: Mapping[str, Any]
    shape: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, kb: KnowledgeBase) -> Snapshot:
        """The snapshot of a knowledge base, with the shape of the models now installed."""
        return cls(canonical_content(kb), content_shape())

    @property
    def version(self) -> str:
        """The content version the snapshot records."""
        return str(self.content["manifest"]["content_version"])

    @property
    def fingerprint(self) -> str:
        """The same fingerprint :attr:`KnowledgeBase.fingerprint` gives for this content."""
        return digest(self.content)

    @property
    def records(self) -> dict[str, tuple[str, Mapping[str, Any]]]:
        """``{id: (kind, record data)}`` for every record."""
        return {r["id"]: (kind, r) for kind, items in self.content["records"].items() for r in items}

    @property
    def deprecations(self) -> dict[str, Mapping[str, Any]]:
        """``{deprecated id: entry}``."""
        return {d["id"]: d for d in self.content["deprecations"]}

    def as_json(self) -> dict[str, Any]:
        """The snapshot file's data."""
        return {
            "format": SNAPSHOT_FORMAT,
            "content_version": self.version,
            "fingerprint": self.fingerprint,
            "shape": self.shape,
            "content": self.content,
        }


def snapshot_problem(path: Traversable, expected: str, value: object = None, code: str = "snapshot") -> ContentError:
    """The error for a snapshot file or release folder that is not what it should be."""
    return ContentError([Problem(str(path), None, "", value, expected, code)])


def read_snapshot(path: str | Path | Traversable) -> Snapshot:
    """Read a snapshot file (or the ``snapshot.json`` of a release folder), checking its layout and fingerprint.

    ``path`` may also be a file or folder inside an installed package (see :func:`releases_root`).
    Anything else, corrupt or hand-edited, raises :class:`~hipknowledge.ContentError`
    naming the file and what it should hold.
    """
    path = _as_place(path)
    if path.is_dir():
        path = path / SNAPSHOT_FILE
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError as error:
        raise snapshot_problem(path, "a snapshot file written by `hipknowledge release`", "no such file") from error
    except OSError as error:
        raise snapshot_problem(path, "a readable snapshot file", error.strerror or str(error)) from error
    except UnicodeDecodeError as error:
        raise snapshot_problem(path, "UTF-8 text", f"byte {error.start}: {error.reason}") from error
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise snapshot_problem(path, "valid JSON", f"line {error.lineno}: {error.msg}") from error
    except RecursionError as error:
        raise snapshot_problem(path, f"JSON nested at most {_MAX_DEPTH} levels deep", "deeper nesting") from error
    if _nested_deeper_than(data, _MAX_DEPTH):
        raise snapshot_problem(path, f"JSON nested at most {_MAX_DEPTH} levels deep", "deeper nesting")
    if not isinstance(data, dict) or data.get("format") != SNAPSHOT_FORMAT or "content" not in data:
        found = data.get("format") if isinstance(data, dict) else type(data).__name__
        raise snapshot_problem(path, f"a hipknowledge snapshot of format {SNAPSHOT_FORMAT}", found)
    problems = list(islice(_layout_problems(data), _MAX_PROBLEMS))
    if problems:
        raise ContentError(
            Problem(str(path), None, where, found, expected, "snapshot") for where, found, expected in problems
        )
    snapshot = Snapshot(data["content"], data.get("shape") or {})
    if snapshot.fingerprint != data.get("fingerprint"):
        expected = f"the fingerprint of its content, {snapshot.fingerprint} (a released snapshot is never edited)"
        raise snapshot_problem(path, expected, data.get("fingerprint"), "snapshot-fingerprint")
    return snapshot


def _nested_deeper_than(value: object, limit: int) -> bool:
    # A loop, not recursion: the point is to survive input that recursion cannot.
    stack: list[tuple[object, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        for child in children:
            if isinstance(child, (dict, list)):
                if depth + 1 > limit:
                    return True
                stack.append((child, depth + 1))
    return False


def _layout_problems(data: Mapping[str, Any]) -> Iterator[tuple[str, object, str]]:
    """``(where, found, expected)`` for each place the snapshot's data breaks the layout a diff relies on."""
    content = data["content"]
    if not isinstance(content, dict):
        yield "content", type(content).__name__, "an object with manifest, deprecations and records"
        return
    manifest = content.get("manifest")
    if not isinstance(manifest, dict):
        yield "content.manifest", type(manifest).__name__, "an object (the content's manifest)"
    else:
        version = manifest.get("content_version")
        if not isinstance(version, str) or not _is_version(version):
            yield "content.manifest.content_version", version, "a content version such as '1.2.0'"
        elif data.get("content_version") != version:
            yield "content_version", data.get("content_version"), f"the manifest's content_version, {version!r}"
    deprecations = content.get("deprecations")
    if not isinstance(deprecations, list):
        yield "content.deprecations", type(deprecations).__name__, "a list of deprecation entries"
    else:
        for index, entry in enumerate(deprecations):
            keys = ("id", "replaced_by", "since", "reason")
            if not isinstance(entry, dict) or not all(isinstance(entry.get(key), str) for key in keys):
                yield f"content.deprecations[{index}]", entry, "an object with text id, replaced_by, since and reason"
    records = content.get("records")
    if not isinstance(records, dict):
        yield "content.records", type(records).__name__, "an object mapping each kind to a list of records"
    else:
        for kind, items in records.items():
            if not isinstance(items, list):
                yield f"content.records.{kind}", type(items).__name__, "a list of records"
                continue
            for index, record in enumerate(items):
                if not isinstance(record, dict) or not isinstance(record.get("id"), str):
                    yield f"content.records.{kind}[{index}]", record, "a record: an object with a text id"
    yield from _shape_problems(data.get("shape"))


def _shape_problems(shape: object) -> Iterator[tuple[str, object, str]]:
    if shape is None or shape == {}:
        return  # written before snapshots kept the shape of the models
    expected = "an object with fields (kind to field path to type) and vocabularies (name to values)"
    if not isinstance(shape, dict) or not isinstance(shape.get("fields"), dict):
        yield "shape", shape, expected
        return
    for kind, paths in shape["fields"].items():
        if not isinstance(paths, dict) or not all(isinstance(text, str) for text in paths.values()):
            yield f"shape.fields.{kind}", paths, "an object mapping each field path to its type, as text"
    vocabularies = shape.get("vocabularies")
    if not isinstance(vocabularies, dict):
        yield "shape.vocabularies", vocabularies, "an object mapping each vocabulary to its values"
        return
    for name, values in vocabularies.items():
        if not isinstance(values, list) or not all(isinstance(value, str) for value in values):
            yield f"shape.vocabularies.{name}", values, "a list of text values"


def _is_version(text: str) -> bool:
    try:
        parse_version(text)
    except VersionRequirementError:
        return False
    return True


def _as_place(place: str | Path | Traversable) -> Traversable:
    return Path(place) if isinstance(place, str) else place


def releases_root() -> Traversable:
    """The release files of the installed package, wherever it is installed.

    A wheel carries them as ``hipknowledge/_releases/<version>/`` (``snapshot.json`` and
    ``changes.json``); a source checkout, and an editable install of one, reads the
    repository's ``releases/`` folder beside ``src/``. With neither, the answer is the
    wheel's place, which then does not exist, and :func:`release_versions` finds none.

    >>> "1.0.0" in release_versions(releases_root())
    True
    """
    shipped = files("hipknowledge") / RELEASES_IN_PACKAGE
    if shipped.is_dir():
        return shipped
    # src/hipknowledge/versioning/_snapshot.py -> the repository holding src/.
    package = Path(__file__).resolve().parent.parent
    checkout = package.parent.parent / "releases"
    if package.parent.name == "src" and checkout.is_dir():
        return checkout
    return shipped


def release_versions(releases: str | Path | Traversable) -> list[str]:
    """Versions that have a snapshot in the ``releases`` folder, oldest first."""
    root = _as_place(releases)
    if not root.is_dir():
        return []
    found = [
        p.name
        for p in root.iterdir()
        if _RELEASE_DIR.fullmatch(p.name) and _is_version(p.name) and (p / SNAPSHOT_FILE).is_file()
    ]
    return sorted(found, key=parse_version)


def latest_release(releases: str | Path | Traversable) -> Snapshot | None:
    """The snapshot of the newest release in ``releases``, or None when there is none."""
    versions = release_versions(releases)
    return read_snapshot(_as_place(releases) / versions[-1]) if versions else None
