"""The ``hipknowledge`` command: a thin layer over the library, its commands listed in one table."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import TextIO

from hipknowledge.cli import _browse, _contrib, _export, _prescription, _safety
from hipknowledge.cli._common import Command, UsageError
from hipknowledge.errors import ContentError, ExportError, HipKnowledgeError, UnknownIdError
from hipknowledge.models import NOTICE

__all__ = ["COMMANDS", "build_parser", "main"]

#: Every subcommand, in the order ``--help`` lists them.
COMMANDS: tuple[Command, ...] = (
    *_browse.COMMANDS,
    *_safety.COMMANDS,
    *_prescription.COMMANDS,
    *_contrib.COMMANDS,
    *_export.COMMANDS,
)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with one subparser per command of :data:`COMMANDS`."""
    parser = argparse.ArgumentParser(prog="hipknowledge", description=__doc__, epilog=NOTICE)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS:
        child = sub.add_parser(command.name, help=command.help, description=command.help)
        command.arguments(child)
        if command.json:
            child.add_argument("--json", action="store_true", help="machine-readable output")
        child.add_argument("--data", metavar="DIR", help="use a data directory instead of the shipped content")
        child.set_defaults(run=command.run, json=False)
    return parser


class _Escaping:
    """A text stream that writes what its encoding cannot carry as escapes (an ASCII-only terminal)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._encoding = getattr(stream, "encoding", None) or "utf-8"

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except UnicodeEncodeError:
            return self._stream.write(text.encode(self._encoding, "backslashreplace").decode(self._encoding))

    def writelines(self, lines: Sequence[str]) -> None:
        for text in lines:
            self.write(text)

    def __getattr__(self, name: str) -> object:
        return getattr(self._stream, name)


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line; the exit status: 0 ok, 1 no result or invalid data, 2 usage, 130 interrupted."""
    stream: TextIO = _Escaping(out or sys.stdout)  # type: ignore[assignment]
    errors: TextIO = _Escaping(sys.stderr)  # type: ignore[assignment]
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(stream)
        return 2
    try:
        status: int = args.run(args, stream)
        stream.flush()
    except (UnknownIdError, UsageError) as error:
        errors.write(f"hipknowledge {args.command}: {error}\n")
        return 2
    except ContentError as error:
        errors.write(f"hipknowledge {args.command}: {error}\n")
        return 1
    except ExportError as error:
        errors.write(f"hipknowledge {args.command}: {error}\n")
        # A file that could not be written fails like bad data; a request wrong in itself is a usage error.
        return 1 if error.path is not None else 2
    except HipKnowledgeError as error:
        errors.write(f"hipknowledge {args.command}: {error}\n")
        return 2
    except BrokenPipeError:
        # The reader went away (`hipknowledge tour | head -1`): stop quietly, and point
        # standard output at nothing so that the interpreter's last flush cannot fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except KeyboardInterrupt:
        errors.write("hipknowledge: interrupted\n")
        return 130
    return status
