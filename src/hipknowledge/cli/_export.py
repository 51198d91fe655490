"""The export command: :func:`hipknowledge.export.render` to standard output, or :func:`~hipknowledge.export.write`.

Every decision about a format lives in :mod:`hipknowledge.export`; this maps the command
line onto it. A file that cannot be written ends the command with one line and status 1;
a request that cannot be met (an unknown option, a refused ``--base``) is a usage error.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO

from hipknowledge import export
from hipknowledge.cli._common import Command, dump_json, knowledge_base

__all__ = ["COMMANDS", "FORMATS"]

#: The formats the command writes: every export format.
FORMATS = export.FORMATS


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("format", choices=FORMATS, help="what to write")
    parser.add_argument(
        "-o", "--output", metavar="PATH", help="file to write (default: standard output; sqlite needs a file)"
    )
    parser.add_argument(
        "--graph-format",
        choices=("node-link", "graphml"),
        help="graph only: node-link JSON or GraphML (default: GraphML for a .graphml file, else node-link)",
    )
    parser.add_argument(
        "--base",
        metavar="IRI",
        help="jsonld only: prefix of record IRIs (default urn:hipknowledge:), e.g. https://example.org/hip/",
    )
    parser.add_argument(
        "--highlight",
        metavar="REGION|CONDITION",
        action="append",
        default=[],
        help="body-map only: a body region or a condition ID (its pain locations) to highlight; repeatable",
    )


def _export(args: argparse.Namespace, out: TextIO) -> int:
    kb = knowledge_base(args)
    output = Path(args.output) if args.output else None
    form = args.format
    if form == "graph":  # --graph-format graphml, or a .graphml file, asks for the graphml format
        by_suffix = "graphml" if output is not None and output.suffix == ".graphml" else "node-link"
        form = "graphml" if (args.graph_format or by_suffix) == "graphml" else form
    options: dict[str, Any] = {}
    if args.base is not None:
        options["base"] = args.base
    if args.highlight:
        options["highlight"] = args.highlight
    if output is None:
        out.write(export.render(kb, form, **options))
        return 0
    export.write(kb, form, output, **options)
    summary = {
        "format": form,
        "path": str(output),
        "records": len(kb),
        "content_version": kb.content_version,
        "fingerprint": kb.fingerprint,
    }
    if args.json:
        dump_json(summary, out)
    else:
        out.write(f"wrote {form} of {len(kb)} records (content {kb.content_version}) to {output}\n")
    return 0


COMMANDS = (
    Command(
        "export",
        "write the content as JSON, SQLite, JSON-LD (schema.org), a graph, or the body map",
        _export,
        _arguments,
    ),
)
