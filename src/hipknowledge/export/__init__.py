"""Exports of the content: JSON, SQLite, JSON-LD (schema.org), a graph, the body map and the catalogue.

Nothing here is imported by ``import hipknowledge``; each format imports what it needs
(``sqlite3``, ``networkx``) only when called.

>>> import hipknowledge as hk
>>> from hipknowledge.export import to_jsonld
>>> doc = to_jsonld(hk.load(), ids=["psoas-major"])
>>> doc["@graph"][0]["@type"], doc["@graph"][0]["muscleAction"][0]
('Muscle', 'hip flexion (prime mover)')
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hipknowledge.errors import HipKnowledgeError
from hipknowledge.export._bodymap import body_map
from hipknowledge.export._catalogue import catalogue_pages as to_catalogue
from hipknowledge.export._jsonld import DEFAULT_BASE, SCHEMA_ORG, SCHEMA_ORG_CONTEXT

if TYPE_CHECKING:
    from hipknowledge._knowledge import KnowledgeBase

__all__ = [
    "DEFAULT_BASE",
    "SCHEMA_ORG",
    "SCHEMA_ORG_CONTEXT",
    "ExportError",
    "MissingExtraError",
    "body_map",
    "to_catalogue",
    "to_graph",
    "to_json",
    "to_jsonld",
    "to_sqlite",
    "write_graph",
]


class ExportError(HipKnowledgeError, ValueError):
    """An export cannot be written as asked (an unknown format, a binary format without a file)."""

    code = "export-error"


class MissingExtraError(HipKnowledgeError, ImportError):
    """An export needs an optional dependency that is not installed; the message says which extra to install."""

    code = "missing-extra"

    def __init__(self, extra: str, module: str) -> None:
        self.extra = extra
        self.module = module
        super().__init__(f'this export needs {module}: install it with pip install "hipknowledge[{extra}]"')


def to_json(kb: KnowledgeBase, path: str | os.PathLike[str] | None = None) -> str:
    """The whole content as canonical JSON text, with its version and fingerprint; also written to ``path`` if given.

    The document's ``manifest``, ``deprecations`` and ``records`` are the data the
    fingerprint is computed from; each record holds its non-default fields.

    >>> import json, hipknowledge as hk
    >>> doc = json.loads(to_json(hk.load()))
    >>> doc["content_version"] == hk.load().content_version, doc["fingerprint"].startswith("sha256:")
    (True, True)
    """
    from hipknowledge.export._json import content_document

    text = json.dumps(content_document(kb), indent=2, ensure_ascii=False) + "\n"
    if path is not None:
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return text


def to_sqlite(kb: KnowledgeBase, path: str | os.PathLike[str]) -> Path:
    """Write the content to a new SQLite database at ``path`` (replacing any file there); return the path.

    One table per kind (scalar columns, JSON for nested parts), a link table for every
    kind of reference, ``records_fts`` for full-text search (FTS5, else FTS4), views
    answering the knowledge base's lookups, and a ``metadata`` table (version,
    fingerprint, licence). Ready to browse with Datasette.

    >>> import sqlite3, tempfile, contextlib, pathlib, hipknowledge as hk
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = to_sqlite(hk.load(), pathlib.Path(folder) / "hip.sqlite")
    ...     with contextlib.closing(sqlite3.connect(path)) as db:
    ...         db.execute("SELECT condition_id FROM conditions_at_region "
    ...                    "WHERE region = 'buttock' AND radiating = 0 ORDER BY 1").fetchall()
    [('piriformis-syndrome',), ('sacroiliac-joint-pain',), ('sciatica',)]
    """
    from hipknowledge.export._sqlite import write_sqlite

    return write_sqlite(kb, path)


def to_jsonld(kb: KnowledgeBase, *, ids: Iterable[str] | None = None, base: str = DEFAULT_BASE) -> dict[str, Any]:
    """The content as a JSON-LD document in the schema.org vocabulary (``@context`` is ``https://schema.org``).

    Muscles are ``Muscle`` nodes (``muscleAction``, ``nerve``, ``antagonist``), conditions
    ``MedicalCondition`` (``signOrSymptom``, ``possibleTreatment``, ``code`` as ICD-10-CM
    ``MedicalCode``), techniques ``MedicalTherapy`` (``contraindication``), exercises
    ``ExercisePlan``, sources ``Article``/``ScholarlyArticle``/``Book``, claims ``Claim``.
    Records are named ``<base><id>``; ``ids`` limits the document to those records, as a
    page about one record would embed it.

    >>> import hipknowledge as hk
    >>> node = to_jsonld(hk.load(), ids=["piriformis-syndrome"])["@graph"][0]
    >>> node["@id"], node["code"][0]["codingSystem"]
    ('urn:hipknowledge:piriformis-syndrome', 'ICD-10-CM')
    """
    from hipknowledge.export._jsonld import jsonld_document

    return jsonld_document(kb, ids=ids, base=base)


def to_graph(kb: KnowledgeBase) -> Any:
    """The content as a ``networkx.MultiDiGraph`` (needs the ``graph`` extra).

    A node per record (attributes ``kind``, ``name``) and per body region; an edge per
    reference, keyed by its field location and typed by ``relation`` (``targets.target``,
    ``involved``, ``care_options.intervention``, ...) with the facts of its part (a care
    option's ``stance``); and derived edges (``antagonist``, ``targets_muscle``,
    ``involves_muscle``, ``pain_location``, ``radiates_to``) marked ``derived=True``.

    >>> import hipknowledge as hk
    >>> graph = to_graph(hk.load())
    >>> graph.nodes["psoas-major"]["kind"], graph.has_edge("foam-rolling", "psoas-major", key="targets_muscle")
    ('muscle', True)
    """
    from hipknowledge.export._graph import build_graph

    return build_graph(kb)


def write_graph(graph: Any, path: str | os.PathLike[str], graph_format: str = "node-link") -> Path:
    """Write a graph from :func:`to_graph` as node-link JSON (``"node-link"``) or ``"graphml"``; return the path.

    >>> import tempfile, pathlib, hipknowledge as hk
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = write_graph(to_graph(hk.load()), pathlib.Path(folder) / "hip.graphml", "graphml")
    ...     path.read_text(encoding="utf-8").startswith("<?xml")
    True
    """
    from hipknowledge.export._graph import write_graph as write

    try:
        return write(graph, path, graph_format)
    except ValueError as error:
        raise ExportError(str(error)) from error
