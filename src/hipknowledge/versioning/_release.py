"""Cutting a release: the snapshot and change file of a new content version, written all or nothing."""

from __future__ import annotations

import json
import os
import secrets
from contextlib import suppress
from pathlib import Path

from hipknowledge.versioning._diff import diff
from hipknowledge.versioning._policy import check_bump
from hipknowledge.versioning._render import change_file
from hipknowledge.versioning._snapshot import SNAPSHOT_FILE, Snapshot, snapshot_problem

__all__ = ["CHANGES_FILE", "write_release"]

CHANGES_FILE = "changes.json"


def _write_json(path: Path, data: object) -> None:
    # "x": a temporary name is never shared, so finding the file there already is a bug.
    with path.open("x", encoding="utf-8") as file:
        file.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        file.flush()
        # On disk before the rename: otherwise a crash can leave the new name on an empty file.
        os.fsync(file.fileno())


def _temporary(target: Path) -> Path:
    """A fresh name beside ``target``: in the same folder, so that ``os.replace`` is atomic."""
    return target.with_name(f".{target.name}.{secrets.token_hex(8)}.tmp")


def write_release(
    releases: str | Path, snapshot: Snapshot, previous: Snapshot | None, *, manifest: str | Path = "manifest.yaml"
) -> tuple[Path, Path]:
    """Write ``releases/<version>/snapshot.json`` and its ``changes.json`` (against ``previous``).

    Refuses a version already released, a folder holding other files, and a bump the
    changes do not allow (the advice names ``manifest``). Each file is written to a
    temporary name and renamed into place, the snapshot last; if anything fails, no file
    is left behind, so the release can simply be run again.
    """
    folder = Path(releases) / snapshot.version
    if (folder / SNAPSHOT_FILE).exists():
        raise snapshot_problem(
            folder, "a content version not released yet (bump content_version first)", snapshot.version
        )
    if folder.exists() and not folder.is_dir():
        raise snapshot_problem(folder, "a folder for the release's files, or nothing", "a file")
    created = not folder.exists()
    if not created:
        leftovers = sorted(p.name for p in folder.iterdir())
        if leftovers:
            raise snapshot_problem(folder, "an empty folder for the new release (move these files away)", leftovers)
    changes = diff(previous, snapshot)
    verdict = check_bump(changes, manifest=manifest)
    if not verdict.ok:
        raise snapshot_problem(folder, verdict.message, snapshot.version, "version-bump")
    # The snapshot goes last: a folder counts as a release once its snapshot is there.
    files = {folder / CHANGES_FILE: change_file(changes), folder / SNAPSHOT_FILE: snapshot.as_json()}
    folder.mkdir(parents=True, exist_ok=True)
    temporary: list[Path] = []
    placed: list[Path] = []
    try:
        for target, data in files.items():
            temporary.append(_temporary(target))
            _write_json(temporary[-1], data)
        for staged, target in zip(temporary, files, strict=True):
            os.replace(staged, target)
            placed.append(target)
    except BaseException:
        for path in [*temporary, *placed]:
            path.unlink(missing_ok=True)
        if created:
            with suppress(OSError):
                folder.rmdir()
        raise
    return folder / SNAPSHOT_FILE, folder / CHANGES_FILE
