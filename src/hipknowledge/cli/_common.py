"""What every command shares: the command record, the content it reads, and how it writes."""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import hipknowledge as hk
from hipknowledge.errors import ContentError, Problem
from hipknowledge.models import Record

__all__ = [
    "WORKING_COPY",
    "Command",
    "brief",
    "dump_json",
    "find",
    "knowledge_base",
    "line",
    "positive_int",
    "usage",
]

#: The data of a checkout, which contributor commands use when run at the root of one.
WORKING_COPY = Path("src/hipknowledge/data")

Handler = Callable[[argparse.Namespace, TextIO], int]


def _no_arguments(parser: argparse.ArgumentParser) -> None:
    """A command that takes no arguments of its own."""


@dataclass(frozen=True)
class Command:
    """One subcommand: its name, one line of help, its arguments, and what it runs."""

    name: str
    help: str
    run: Handler
    arguments: Callable[[argparse.ArgumentParser], None] = _no_arguments
    #: Whether it offers ``--json`` (machine-readable output).
    json: bool = True


class UsageError(hk.HipKnowledgeError, ValueError):
    """A command line that asks for something the command cannot do; exit status 2."""

    code = "usage"


def usage(message: str) -> UsageError:
    """The error for a command line that cannot be carried out, with what to do instead."""
    return UsageError(message)


def positive_int(text: str) -> int:
    """``argparse`` type for a count of at least one."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected 1 or more, got {value}")
    return value


def data_directory(args: argparse.Namespace) -> Path | None:
    """``--data``, checked to be a directory; None when not given."""
    data = getattr(args, "data", None)
    if data is None:
        return None
    path = Path(data)
    if not path.is_dir():
        what = "a file" if path.exists() else "nothing"
        raise ContentError([Problem(str(path), None, "--data", what, "a data directory (a folder with manifest.yaml)")])
    return path


def knowledge_base(args: argparse.Namespace) -> hk.KnowledgeBase:
    """The content a command reads: ``--data DIR`` if given, else the shipped content."""
    path = data_directory(args)
    return hk.load() if path is None else hk.KnowledgeBase.from_directory(path)


def find(kb: hk.KnowledgeBase, record_id: str) -> Record:
    """The record an ID on the command line names; a deprecated ID is followed with a note on stderr.

    Python hides a library's DeprecationWarning from a command's user, so the note is printed
    instead: the answer then never stands for the old ID silently.
    """
    deprecation = kb.deprecations.get(record_id)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        record = kb.lookup(record_id)
    if deprecation is not None:
        print(
            f"note: {record_id!r} is deprecated since content {deprecation.since} ({deprecation.reason}); "
            f"showing {record.id!r}",
            file=sys.stderr,
        )
    return record


def dump_json(value: Any, out: TextIO) -> None:
    """Write ``value`` as indented JSON and a newline."""
    json.dump(value, out, indent=2, ensure_ascii=False, default=str)
    out.write("\n")


def brief(record: Record) -> dict[str, str]:
    """A record named in JSON output: its ID, kind and name."""
    return {"id": record.id, "record_kind": record.kind_name, "name": record.name}


def line(record: Record) -> str:
    """A record named in text output, one line."""
    return f"{record.id:<38} {record.name}"
