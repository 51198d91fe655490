"""Build time: check a data directory the full way and compile it into a sealed bundle."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel

from hipknowledge._bundle import inputs_digest, read_bundle, seal
from hipknowledge._pipeline import read_checked
from hipknowledge.errors import ContentError
from hipknowledge.models import RECORD_TYPES, Record

__all__ = ["compile_bundle", "main"]


def compile_bundle(root: Path, label: str) -> bytes:
    """Read ``root`` with every check and write it as one bundle (see ``_bundle`` for the layout).

    Raises :class:`~hipknowledge.ContentError` with every problem. The bundle is read back
    and compared before it is returned, so a bundle that would load differently from its
    YAML is never written.
    """
    content = read_checked(root, label)
    by_kind: dict[type[Record], list[Record]] = {kind: [] for kind in RECORD_TYPES}
    for record in content.records:
        by_kind[type(record)].append(record)
    groups = [(kind, sorted(records, key=lambda r: r.id)) for kind, records in by_kind.items() if records]

    def line(model: BaseModel) -> bytes:
        # exclude_unset: a field the YAML left out stays out, so the records read back are
        # the same down to model_fields_set. json.dumps escapes newlines inside strings.
        data = model.model_dump(mode="json", exclude_unset=True)
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    body = b"\n".join(
        [
            line(content.manifest),
            *(line(d) for d in content.deprecations),
            *(line(r) for _, records in groups for r in records),
        ]
    )
    header = {
        "inputs": inputs_digest(root),
        "deprecations": len(content.deprecations),
        "counts": [[kind.folder, len(records)] for kind, records in groups],
    }
    data = seal(header, body)
    bundle = read_bundle(data, label)
    written = [r for _, records in groups for r in records]
    same = [(r, r.model_fields_set) for r in bundle.records] == [(r, r.model_fields_set) for r in written]
    if not same or bundle.manifest != content.manifest or bundle.deprecations != content.deprecations:
        raise RuntimeError("the compiled bundle does not read back to the records it was written from")
    return data


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m hipknowledge._compile DATA_DIR OUTPUT``: compile a data directory (the wheel build uses it)."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 2:
        print("usage: python -m hipknowledge._compile DATA_DIR OUTPUT", file=sys.stderr)
        return 2
    root, output = Path(args[0]), Path(args[1])
    try:
        data = compile_bundle(root, str(root))
    except ContentError as error:
        print(error, file=sys.stderr)
        return 1
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(data)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
