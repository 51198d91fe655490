"""Commands for contributors and maintainers: diff, schema, new, release."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from hipknowledge.cli import command, dump_json
from hipknowledge.versioning import (
    SNAPSHOT_FILE,
    Snapshot,
    change_file,
    check_bump,
    diff,
    latest_release,
    read_snapshot,
    release_versions,
    to_markdown,
    to_text,
    write_release,
)

if TYPE_CHECKING:
    from hipknowledge._knowledge import KnowledgeBase

__all__: list[str] = []

#: The data of a checkout, used when the command runs at the root of one.
WORKING_COPY = Path("src/hipknowledge/data")
RELEASES = Path("releases")
_RELEASES_HELP = "folder of release snapshots (default: releases)"


def _usage(name: str, message: str) -> int:
    sys.stderr.write(f"hipknowledge {name}: {message}\n")
    return 2


def _current(args: argparse.Namespace) -> KnowledgeBase:
    """The content a contributor works on: ``--data``, else the checkout's data, else the shipped data."""
    import hipknowledge as hk

    if getattr(args, "data", None):
        return hk.KnowledgeBase.from_directory(args.data)
    if WORKING_COPY.is_dir():
        return hk.KnowledgeBase.from_directory(WORKING_COPY)
    return hk.load()


def _manifest(args: argparse.Namespace) -> Path:
    """The manifest to set ``content_version`` in: NEW's if a data directory, else ``--data``'s or the checkout's."""
    new = getattr(args, "new", None)
    if new is not None and (Path(new) / "manifest.yaml").is_file():
        return Path(new) / "manifest.yaml"
    return Path(getattr(args, "data", None) or WORKING_COPY) / "manifest.yaml"


def _open(spec: str, releases: Path) -> Snapshot | None:
    """A snapshot from a released version, a release folder, a snapshot file or a data directory."""
    import hipknowledge as hk

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
        "--releases", type=Path, default=RELEASES, help="folder of release snapshots (default: releases)"
    )
    parser.add_argument(
        "--check", action="store_true", help="also check the content version bump; exit 1 if it does not fit"
    )


@command("diff", "what changed in the content between two versions, field by field", _diff_arguments)
def _diff(args: argparse.Namespace, out: TextIO) -> int:
    if args.old is None:
        old = latest_release(args.releases)
        if old is None:
            return _usage("diff", f"no release snapshot in {args.releases}/; name the old content to compare")
    else:
        old = _open(args.old, args.releases)
        if old is None:
            known = ", ".join(release_versions(args.releases)) or "none"
            return _usage(
                "diff",
                f"cannot read {args.old!r}: expected a released version (known: {known}), a release folder, "
                "a snapshot file or a data directory (a folder with manifest.yaml)",
            )
    new = Snapshot.of(_current(args)) if args.new is None else _open(args.new, args.releases)
    if new is None:
        return _usage("diff", f"cannot read {args.new!r}: expected the same forms as OLD")
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


@command("schema", "JSON Schema of the data files, generated from the models", _schema_arguments)
def _schema(args: argparse.Namespace, out: TextIO) -> int:
    from hipknowledge import _schema

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


@command("new", "write a skeleton record to fill in", _new_arguments)
def _new(args: argparse.Namespace, out: TextIO) -> int:
    from hipknowledge._scaffold import FILL_IN, write_skeleton

    root = Path(args.data) if getattr(args, "data", None) else WORKING_COPY
    if not root.is_dir():
        return _usage("new", f"no data directory at {root}; run this at the root of a checkout, or pass --data DIR")
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


@command("release", "snapshot the content for a release, with its change file (maintainers)", _release_arguments)
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
