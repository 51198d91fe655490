"""Exports of the content: JSON, SQLite, JSON-LD (schema.org), a graph, the body map and the catalogue.

One way in: :func:`write` puts any format in a file, :func:`render` returns a text format
as a string. The formats (:data:`FORMATS`):

============  ==========================================================  ==================
format        what                                                        options
============  ==========================================================  ==================
json          the canonical content, with its version and fingerprint     none
sqlite        a SQLite database (binary: only :func:`write`)              none
jsonld        JSON-LD in the schema.org vocabulary                        ``ids``, ``base``
graph         the graph as node-link JSON (needs the ``graph`` extra)     none
graphml       the graph as GraphML (needs the ``graph`` extra)            none
body-map      the body map as SVG                                         ``highlight``, ``spread``,
                                                                          ``links``, ``title``
fhir          every exercise as a FHIR R5 ActivityDefinition, in a Bundle  none
============  ==========================================================  ==================

:func:`to_json`, :func:`to_sqlite`, :func:`to_jsonld`, :func:`to_graph`, :func:`body_map`
and :func:`to_catalogue` are the typed building blocks behind them.

Nothing here is imported by ``import hipknowledge``; ``sqlite3`` and ``networkx`` are
imported only when a format needs them.

>>> import json, hipknowledge as hk
>>> from hipknowledge.export import render
>>> doc = json.loads(render(hk.load(), "jsonld", ids=["psoas-major"]))
>>> doc["@graph"][0]["@type"], doc["@graph"][0]["muscleAction"][0]
('Muscle', 'hip flexion (prime mover)')
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal

from hipknowledge.errors import ExportError, MissingExtraError
from hipknowledge.export import _files
from hipknowledge.export._bodymap import body_map, body_map_of
from hipknowledge.export._catalogue import catalogue_pages
from hipknowledge.export._fhir import activity_definition, dose_from_extension, fhir_text, plan_definition
from hipknowledge.export._graph import build_graph, graphml_text, node_link_text
from hipknowledge.export._json import content_text
from hipknowledge.export._jsonld import DEFAULT_BASE, SCHEMA_ORG, SCHEMA_ORG_CONTEXT, jsonld_document, jsonld_text
from hipknowledge.export._sqlite import fill_database

if TYPE_CHECKING:
    from hipknowledge._knowledge import KnowledgeBase

__all__ = [
    "DEFAULT_BASE",
    "FORMATS",
    "SCHEMA_ORG",
    "SCHEMA_ORG_CONTEXT",
    "ExportError",
    "Format",
    "MissingExtraError",
    "activity_definition",
    "body_map",
    "dose_from_extension",
    "plan_definition",
    "render",
    "to_catalogue",
    "to_graph",
    "to_json",
    "to_jsonld",
    "to_sqlite",
    "write",
]

Format = Literal["json", "sqlite", "jsonld", "graph", "graphml", "body-map", "fhir"]
"""The name of an export format."""


@dataclass(frozen=True)
class _Format:
    """How one format is made: as text (``text``) or straight into a new file (``fill``)."""

    options: tuple[str, ...] = ()
    text: Callable[..., str] | None = None
    fill: Callable[[KnowledgeBase, Path], None] | None = None


_FORMATS: Mapping[str, _Format] = MappingProxyType(
    {
        "json": _Format(text=content_text),
        "sqlite": _Format(fill=fill_database),
        "jsonld": _Format(("ids", "base"), text=jsonld_text),
        "graph": _Format(text=lambda kb: node_link_text(build_graph(kb))),
        "graphml": _Format(text=lambda kb: graphml_text(build_graph(kb))),
        "body-map": _Format(("highlight", "spread", "links", "title"), text=body_map_of),
        "fhir": _Format(text=fhir_text),
    }
)

#: Every export format, in the order the documentation lists them.
FORMATS: tuple[str, ...] = tuple(_FORMATS)


def _format(format: str, options: Mapping[str, object]) -> _Format:
    found = _FORMATS.get(format)
    if found is None:
        raise ExportError(f"unknown export format {format!r}; use one of {', '.join(FORMATS)}")
    unknown = sorted(set(options) - set(found.options))
    if unknown:
        takes = f"it takes {', '.join(found.options)}" if found.options else "it takes no options"
        raise ExportError(f"the {format} export has no option {unknown[0]!r}; {takes}")
    return found


def _encode(text: str) -> bytes:
    # Only a record built without validation can hold a lone surrogate; in JSON its backslash
    # escape reads back as the same text, and the XML formats have replaced it already.
    return text.encode("utf-8", "backslashreplace")


def render(kb: KnowledgeBase, format: Format, **options: Any) -> str:
    """The content in a text format, as a string (see the table above for formats and options).

    Raises :class:`ExportError` for an unknown format or option, and for ``sqlite``, which
    only :func:`write` makes.

    >>> import hipknowledge as hk
    >>> svg = render(hk.load(), "body-map", highlight=["sciatica"])
    >>> '<g id="buttock" class="region pain">' in svg
    True
    """
    found = _format(format, options)
    if found.text is None:
        raise ExportError(f"the {format} export is binary and needs a file: give a path to write it to")
    return found.text(kb, **options)


def write(kb: KnowledgeBase, format: Format, path: str | os.PathLike[str], **options: Any) -> Path:
    """Write the content in ``format`` to the file ``path``, creating its folder if needed; return the path.

    The file is written beside the target under a temporary name, then moved onto it, so
    that a reader never sees half a file. Only a regular file is replaced: a symbolic link,
    a directory, a device or a named pipe at ``path`` is refused, and nothing is created.
    Raises :class:`ExportError` naming the path and the reason when the file cannot be
    written (no permission, a full disk); on any failure the target is left as it was.

    >>> import json, tempfile, pathlib, hipknowledge as hk
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = write(hk.load(), "jsonld", pathlib.Path(folder) / "site" / "hip.jsonld", base="https://example.org/hip/")
    ...     json.loads(path.read_text(encoding="utf-8"))["@graph"][1]["@id"]
    'https://example.org/hip/body-region:lower-back'
    """
    found = _format(format, options)
    _files.check_target(path)  # before the work of making the export
    if found.fill is not None:
        fill = found.fill
        return _files.replace_file(path, lambda partial: fill(kb, partial))
    assert found.text is not None
    return _files.write_bytes(path, _encode(found.text(kb, **options)))


def to_json(kb: KnowledgeBase, path: str | os.PathLike[str] | None = None) -> str:
    """The whole content as canonical JSON text, with its version and fingerprint; also written to ``path`` if given.

    The document's ``manifest``, ``deprecations`` and ``records`` are the data the
    fingerprint is computed from; each record holds its non-default fields.

    >>> import json, hipknowledge as hk
    >>> doc = json.loads(to_json(hk.load()))
    >>> doc["content_version"] == hk.load().content_version, doc["fingerprint"].startswith("sha256:")
    (True, True)
    """
    text = content_text(kb)
    if path is not None:
        _files.write_bytes(path, _encode(text))
    return text


def to_sqlite(kb: KnowledgeBase, path: str | os.PathLike[str]) -> Path:
    """Write the content to a new SQLite database at ``path`` (as :func:`write` does); return the path.

    One table per kind (scalar columns, JSON for nested parts), a link table for every
    kind of reference, ``records_fts`` for full-text search (FTS5, else FTS4), views
    answering the knowledge base's lookups, and a ``metadata`` table (version,
    fingerprint, licence). Ready to browse with Datasette.

    >>> import sqlite3, tempfile, contextlib, pathlib, hipknowledge as hk
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = to_sqlite(hk.load(), pathlib.Path(folder) / "hip.sqlite")
    ...     with contextlib.closing(sqlite3.connect(path)) as db:
    ...         db.execute("SELECT condition_id FROM conditions_at_region "
    ...                    "WHERE region = 'sitting-bone' AND radiating = 0 ORDER BY 1").fetchall()
    [('proximal-hamstring-tendinopathy',)]
    """
    return write(kb, "sqlite", path)


def to_jsonld(kb: KnowledgeBase, *, ids: Iterable[str] | None = None, base: str = DEFAULT_BASE) -> dict[str, Any]:
    """The content as a JSON-LD document in the schema.org vocabulary (``@context`` is ``https://schema.org``).

    Muscles are ``Muscle`` nodes (``muscleAction``, ``nerve``, ``antagonist``), conditions
    ``MedicalCondition`` (``signOrSymptom``, ``possibleTreatment``, ``code`` as ICD-10-CM
    ``MedicalCode``), techniques ``MedicalTherapy`` (``contraindication``), exercises
    ``ExercisePlan``, sources ``Article``/``ScholarlyArticle``/``Book``, claims ``Claim``.
    Records are named ``<base><id>``; ``ids`` limits the document to those records, as a
    page about one record would embed it. ``base`` must be an ``https://``, ``http://`` or
    ``urn:`` prefix ending with ``/``, ``#`` or ``:``; anything else raises :class:`ExportError`.

    >>> import hipknowledge as hk
    >>> node = to_jsonld(hk.load(), ids=["piriformis-syndrome"])["@graph"][0]
    >>> node["@id"], node["code"][0]["codingSystem"]
    ('urn:hipknowledge:piriformis-syndrome', 'ICD-10-CM')
    """
    return jsonld_document(kb, ids=ids, base=base)


def to_graph(kb: KnowledgeBase) -> Any:
    """The content as a frozen ``networkx.MultiDiGraph`` (needs the ``graph`` extra; ``graph.copy()`` to change it).

    A node per record (attributes ``kind``, ``name``) and per body region. An edge for
    every relation a record has (:meth:`~hipknowledge.KnowledgeBase.related`) from the
    record holding it, with its ``relation`` name: a reference is keyed by its field
    location (``care_options[2].intervention``) and carries the ``stance`` of its part;
    a relation the package works out (``works-muscle``, ``antagonist``,
    ``shares-pain-location``) is keyed by its name and marked ``derived=True``. A
    condition's ``pain_locations`` and ``radiates_to`` lead to the body-region nodes.

    >>> import hipknowledge as hk
    >>> graph = to_graph(hk.load())
    >>> graph.nodes["psoas-major"]["kind"], graph.has_edge("foam-rolling", "rectus-femoris", key="works-muscle")
    ('muscle', True)
    >>> graph.has_edge("foam-rolling", "psoas-major", key="works-muscle")  # a roller does not reach it
    False
    """
    return build_graph(kb)


def to_catalogue(kb: KnowledgeBase) -> Mapping[str, str]:
    """The browsable catalogue: a Markdown page per record, kind and body region, keyed by its path (read-only).

    Each record's page links along every relationship it has, and embeds the record's
    JSON-LD; everything taken from the content is escaped, so no value becomes markup.

    >>> import hipknowledge as hk
    >>> to_catalogue(hk.load())["catalogue/muscles/psoas-major.md"].splitlines()[0]
    '# Psoas major'
    """
    return catalogue_pages(kb)
