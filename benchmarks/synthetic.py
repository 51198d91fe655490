"""Synthetic content at a multiple of the shipped size: copies of every record, each copy self-contained."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from hipknowledge._bundle import FORMAT, Bundle, read_bundle
from hipknowledge._fields import iter_references
from hipknowledge.models import Record

__all__ = ["replicate", "synthetic_bundle"]


def _renamed(record: Record, copy: int) -> dict[str, Any]:
    """``record`` as bundle data, its ID and every ID it refers to suffixed with ``-c{copy}``.

    Copy 0 is the record itself; copy k refers only to records of copy k, so every copy is
    a complete, valid content set and the whole stays valid at any size.
    """
    data = record.model_dump(mode="json", exclude_unset=True)
    if copy == 0:
        return data
    data["id"] = f"{record.id}-c{copy}"
    data["name"] = f"{record.name} (copy {copy})"
    for loc, ref, _kinds in iter_references(record):
        parent: Any = data
        for part in loc[:-1]:
            parent = parent[part]
        parent[loc[-1]] = f"{ref}-c{copy}"
    return data


def replicate(records: Sequence[Record], copies: int) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(folder, record data)`` for ``copies`` copies of ``records``, grouped by folder."""
    folders = list(dict.fromkeys(r.folder for r in records))
    for folder in folders:
        group = [r for r in records if r.folder == folder]
        for copy in range(copies):
            for record in group:
                yield folder, _renamed(record, copy)


def synthetic_bundle(shipped: Bundle, copies: int) -> tuple[bytes, int]:
    """A bundle holding ``copies`` copies of the shipped records, and its record count."""
    by_folder: dict[str, list[tuple[str, str]]] = {}
    for folder, data in replicate(shipped.records, copies):
        line = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        by_folder.setdefault(folder, []).append((data["id"], line))
    # As the build writes a bundle: each folder's records in ID order.
    counts = {folder: len(records) for folder, records in by_folder.items()}
    lines = [line for records in by_folder.values() for _, line in sorted(records)]
    header = {
        "format": FORMAT,
        "inputs": f"synthetic x{copies} of {shipped.inputs}",
        "deprecations": len(shipped.deprecations),
        "counts": [[folder, count] for folder, count in counts.items()],
    }
    head = [
        json.dumps(header, separators=(",", ":")),
        shipped.manifest.model_dump_json(exclude_unset=True),
        *(d.model_dump_json(exclude_unset=True) for d in shipped.deprecations),
    ]
    return "\n".join([*head, *lines]).encode("utf-8"), len(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """``python synthetic.py SHIPPED_BUNDLE COPIES OUTPUT``: write a synthetic bundle, print its record count.

    The benchmark runs this in a process of its own, so that building large content leaves
    no memory behind in the process that goes on measuring.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 3:
        print("usage: synthetic.py SHIPPED_BUNDLE COPIES OUTPUT", file=sys.stderr)
        return 2
    shipped = read_bundle(Path(args[0]).read_bytes())
    data, count = synthetic_bundle(shipped, int(args[1]))
    Path(args[2]).write_bytes(data)
    print(count)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
