"""Commands for contributors and maintainers: validate, new, schema, diff, release."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import hipknowledge as hk
from hipknowledge import _loader, _pipeline, _schema
from hipknowledge._compat import Traversable
from hipknowledge._scaffold import FILL_IN, write_skeleton
from hipknowledge.cli._common import WORKING_COPY, Command, data_directory, dump_json, usage
from hipknowledge.errors import MISSING, Problem
from hipknowledge.versioning import (
    SNAPSHOT_FILE,
    Snapshot,
    change_file,
    check_bump,
    diff,
    latest_release,
    read_snapshot,
    release_versions,
    releases_root,
    to_markdown,
    to_text,
    write_release,
)

__all__ = ["COMMANDS", "Report", "validate_paths"]

RELEASES = Path("releases")


def _current(args: argparse.Namespace) -> hk.KnowledgeBase:
    """The content a contributor works on: ``--data``, else the checkout's data, else the shipped data."""
    data = data_directory(args)
    if data is not None:
        return hk.KnowledgeBase.from_directory(data)
    if WORKING_COPY.is_dir():
        return hk.KnowledgeBase.from_directory(WORKING_COPY)
    return hk.load()


def _manifest(args: argparse.Namespace) -> Path:
    """The manifest to set ``content_version`` in: NEW's if a data directory, else ``--data``'s or the checkout's."""
    new = getattr(args, "new", None)
    if new is not None and (Path(new) / "manifest.yaml").is_file():
        return Path(new) / "manifest.yaml"
    return Path(getattr(args, "data", None) or WORKING_COPY) / "manifest.yaml"


def _open(spec: str, releases: Traversable) -> Snapshot | None:
    """A snapshot from a released version, a release folder, a snapshot file or a data directory."""
    path = Path(spec)
    if (releases / spec / SNAPSHOT_FILE).is_file():
        return read_snapshot(releases / spec)
    if path.is_file() or (path / SNAPSHOT_FILE).is_file():
        return read_snapshot(path)
    if (path / "manifest.yaml").is_file():
        return Snapshot.of(hk.KnowledgeBase.from_directory(path))
    return None


# --------------------------------------------------------------------------- diff


def _diff_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "old",
        nargs="?",
        help="a released version (e.g. 1.0.0), a release folder, a snapshot file or a data directory "
        "(default: the newest release in --releases)",
    )
    parser.add_argument(
        "new",
        nargs="?",
        help="the same forms (default: --data, else ./src/hipknowledge/data if present, else the installed content)",
    )
    parser.add_argument(
        "--releases",
        type=Path,
        help="folder of release snapshots (default: ./releases if present, else the releases the package carries)",
    )
    parser.add_argument(
        "--check", action="store_true", help="also check the content version bump; exit 1 if it does not fit"
    )


def _diff(args: argparse.Namespace, out: TextIO) -> int:
    releases = args.releases or (RELEASES if RELEASES.is_dir() else releases_root())
    if args.old is None:
        old = latest_release(releases)
        if old is None:
            raise usage(f"no release snapshot in {releases}/; name the old content to compare")
    else:
        old = _open(args.old, releases)
        if old is None:
            known = ", ".join(release_versions(releases)) or "none"
            raise usage(
                f"cannot read {args.old!r}: expected a released version (known: {known}), a release folder, "
                "a snapshot file or a data directory (a folder with manifest.yaml)",
            )
    new = Snapshot.of(_current(args)) if args.new is None else _open(args.new, releases)
    if new is None:
        raise usage(f"cannot read {args.new!r}: expected the same forms as OLD")
    changes = diff(old, new)
    verdict = check_bump(changes, manifest=_manifest(args)) if args.check else None
    if args.json:
        data = change_file(changes)
        if verdict is not None:
            data["check"] = {"ok": verdict.ok, "required": verdict.required, "problems": list(verdict.problems)}
        dump_json(data, out)
    else:
        out.write(to_text(changes))
        if verdict is not None:
            out.write(verdict.message + "\n")
    return 0 if verdict is None or verdict.ok else 1


# --------------------------------------------------------------------------- schema


def _schema_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", nargs="?", help="a kind of record, 'manifest' or 'deprecations'; print its schema")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--write", metavar="DIR", type=Path, help="write every schema into DIR")
    where.add_argument("--check", metavar="DIR", type=Path, help="exit 1 if the schemas in DIR differ from the models")


def _schema_command(args: argparse.Namespace, out: TextIO) -> int:
    if args.write is not None:
        changed = _schema.write_schemas(args.write)
        out.writelines(f"wrote {path}\n" for path in changed)
        out.write(f"{len(changed)} of {len(_schema.SCHEMA_NAMES)} schemas changed in {args.write}\n")
        return 0
    if args.check is not None:
        stale = _schema.stale_files(args.check)
        out.writelines(f"{args.check / name}: out of date with the models\n" for name in stale)
        if stale:
            out.write(f"run: hipknowledge schema --write {args.check}\n")
            return 1
        out.write(f"ok: {len(_schema.SCHEMA_NAMES)} schemas in {args.check} match the models\n")
        return 0
    if args.name is not None:
        dump_json(_schema.schema_for(args.name), out)
        return 0
    shipped = _schema.shipped_schemas()
    names = {name: str(shipped / _schema.file_name(name)) for name in _schema.SCHEMA_NAMES}
    if args.json:
        dump_json(names, out)
    else:
        out.writelines(f"{name:<14} {path}\n" for name, path in names.items())
    return 0


# --------------------------------------------------------------------------- new


def _new_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("kind", help="muscle, group, structure, condition, technique, exercise, source or claim")
    parser.add_argument("id", help="the new record's ID, lowercase kebab-case, e.g. 'tensor-fasciae-latae'")
    parser.add_argument("--by", metavar="NAME", help="your name or role, for the review block")


def _new(args: argparse.Namespace, out: TextIO) -> int:
    root = data_directory(args) or WORKING_COPY
    if not (root / "manifest.yaml").is_file():
        raise usage(
            f"no data directory at {root} (a folder with manifest.yaml); "
            "run this at the root of a checkout, or pass --data DIR"
        )
    path = write_skeleton(root, args.kind, args.id, reviewer=args.by)
    blanks = path.read_text(encoding="utf-8").count(FILL_IN)
    if args.json:
        dump_json({"path": str(path), "blanks": blanks}, out)
    else:
        out.write(f"wrote {path}\n")
        out.write(f"next: fill in the {blanks} blanks marked '{FILL_IN}', then run: hipknowledge validate {path}\n")
    return 0


# --------------------------------------------------------------------------- release


def _release_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--releases", type=Path, default=RELEASES, help="folder of release snapshots (default: releases)"
    )


def _release(args: argparse.Namespace, out: TextIO) -> int:
    snapshot = Snapshot.of(_current(args))
    previous = latest_release(args.releases)
    if previous is not None and previous.version == snapshot.version and previous.fingerprint == snapshot.fingerprint:
        out.write(f"content {snapshot.version} is released already, unchanged ({args.releases / snapshot.version})\n")
        return 0
    snapshot_path, changes_path = write_release(args.releases, snapshot, previous, manifest=_manifest(args))
    if args.json:
        dump_json({"snapshot": str(snapshot_path), "changes": str(changes_path)}, out)
        return 0
    out.write(f"wrote {snapshot_path}\nwrote {changes_path}\n")
    out.write("\nFor CHANGELOG.md, under the release's heading:\n\n")
    out.write(to_markdown(diff(previous, snapshot)))
    return 0


# --------------------------------------------------------------------------- validate


@dataclass
class Report:
    """The outcome of one validation run."""

    problems: list[Problem] = field(default_factory=list)
    roots: list[str] = field(default_factory=list)
    records: int = 0

    @property
    def ok(self) -> bool:
        """True when nothing is wrong."""
        return not self.problems

    def summary(self) -> str:
        """One line for the end of the output."""
        where = ", ".join(self.roots) or "nothing"
        if self.ok:
            return f"ok: {self.records} records in {where}, no problems"
        files = len({p.file for p in self.problems})
        count = len(self.problems)
        return (
            f"FAILED: {count} problem{'s' if count != 1 else ''} in {files} file{'s' if files != 1 else ''} ({where})"
        )

    def sorted_problems(self) -> list[Problem]:
        """The problems by file, then line."""
        return sorted(self.problems, key=lambda p: (p.file, p.line or 0, p.field))

    def as_json(self) -> dict[str, object]:
        """The report as plain data, for ``--json``."""
        return {
            "ok": self.ok,
            "records": self.records,
            "roots": self.roots,
            "problems": [
                {
                    "file": p.file,
                    "line": p.line,
                    "field": p.field,
                    "value": None if p.value is MISSING else _json_value(p.value),
                    "expected": p.expected,
                    "code": p.code,
                }
                for p in self.sorted_problems()
            ],
        }


def find_data_root(path: Path) -> Path | None:
    """The data directory ``path`` is, or lies in (the folder holding ``manifest.yaml``)."""
    for candidate in (path, *path.parents):
        if (candidate / _loader.MANIFEST).is_file():
            return candidate
    return None


def validate_paths(paths: Sequence[Path]) -> Report:
    """Validate data directories or single record files; a file is checked within its data directory."""
    report = Report()
    if not paths:
        if WORKING_COPY.is_dir():
            paths = [WORKING_COPY]
        else:
            content = _pipeline.read(_pipeline.shipped_root(), _pipeline.SHIPPED_LABEL)
            report.problems.extend(content.problems)
            report.roots.append("hipknowledge/data (installed)")
            report.records += len(content.records)
            return report
    wanted: dict[Path, set[str] | None] = {}
    for path in paths:
        if not path.exists():
            report.problems.append(
                Problem(str(path), None, "", str(path), "an existing file or directory", "no-such-path")
            )
            continue
        root = find_data_root(path if path.is_dir() else path.parent)
        if root is None:
            expected = "a path inside a data directory (a folder with manifest.yaml)"
            report.problems.append(Problem(str(path), None, "", str(path), expected, "no-data-root"))
            continue
        files = wanted.setdefault(root, set())
        if path.is_dir() and path.resolve() == root.resolve():
            wanted[root] = None  # the whole directory
        elif files is not None:
            files.update(
                str(root / p.relative_to(root)) for p in ([path] if path.is_file() else sorted(path.glob("*.yaml")))
            )
    for root, files in wanted.items():
        content = _pipeline.read(root, str(root))
        report.problems.extend(_loader.problems_in(content, files))
        report.roots.append(str(root))
        report.records += len(content.records) if files is None else len(files)
    return report


def _json_value(value: object) -> object:
    """A problem's value as JSON holds it: itself when it is plain data, else its text."""
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return str(value)
    return value


def _paths_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        help="data directories or record files (default: --data, else ./src/hipknowledge/data if present, "
        "else the shipped data)",
    )


def _validate(args: argparse.Namespace, out: TextIO) -> int:
    data = data_directory(args)
    paths = [Path(p) for p in args.paths] or ([data] if data is not None else [])
    report = validate_paths(paths)
    if args.json:
        dump_json(report.as_json(), out)
    else:
        out.writelines(f"{problem}\n" for problem in report.sorted_problems())
        out.write(report.summary() + "\n")
    return 0 if report.ok else 1


COMMANDS = (
    Command("validate", "check a working copy of the data, reporting every problem", _validate, _paths_argument),
    Command("new", "write a skeleton record to fill in", _new, _new_arguments),
    Command("schema", "JSON Schema of the data files, generated from the models", _schema_command, _schema_arguments),
    Command("diff", "what changed in the content between two versions, field by field", _diff, _diff_arguments),
    Command(
        "release",
        "snapshot the content for a release, with its change file (maintainers)",
        _release,
        _release_arguments,
    ),
)
