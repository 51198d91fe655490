"""The load floor: one JSON document parsed and validated with the same models, three ways.

The benchmark takes the fastest of the three as the floor, so the floor is the best this
content and these models allow, not a strawman. ``models`` is the module holding the record
classes (``hipknowledge.models``, or a verbatim copy of it for a process without hipknowledge).

Each strategy imports what it uses inside itself: in a fresh process the import is part of
what that way of parsing costs.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

__all__ = ["STRATEGIES", "document_adapter"]


def _validate(models: ModuleType, document: dict[str, Any]) -> int:
    models.Manifest.model_validate(document["manifest"])
    for item in document["deprecations"]:
        models.Deprecation.model_validate(item)
    count = 0
    for folder, records in document["records"].items():
        validate = models.KIND_BY_FOLDER[folder].model_validate
        for record in records:
            validate(record)
            count += 1
    return count


def stdlib_json(path: Path, models: ModuleType, adapter: Any = None) -> int:
    """``json.loads`` (the import included, in a fresh process), then each record's ``model_validate``."""
    import json  # noqa: PLC0415

    return _validate(models, json.loads(path.read_bytes()))


def pydantic_json(path: Path, models: ModuleType, adapter: Any = None) -> int:
    """pydantic-core's JSON parser (``from_json``), then each record's ``model_validate``."""
    from pydantic_core import from_json  # noqa: PLC0415

    return _validate(models, from_json(path.read_bytes()))


def document_adapter(models: ModuleType) -> Any:
    """One ``TypeAdapter`` for the whole document, so pydantic parses and validates in one pass."""
    from pydantic import TypeAdapter  # noqa: PLC0415
    from typing_extensions import TypedDict  # noqa: PLC0415

    # The functional form, since the fields come from the models module at run time.
    typed_dict: Any = TypedDict
    folders = {folder: tuple.__class_getitem__((cls, ...)) for folder, cls in models.KIND_BY_FOLDER.items()}
    records = typed_dict("records", folders)
    deprecations = tuple.__class_getitem__((models.Deprecation, ...))
    document = typed_dict("document", {"manifest": models.Manifest, "deprecations": deprecations, "records": records})
    return TypeAdapter(document)


def whole_document(path: Path, models: ModuleType, adapter: Any = None) -> int:
    """``TypeAdapter(document).validate_json``; the adapter is built here unless one is given."""
    if adapter is None:
        adapter = document_adapter(models)
    document = adapter.validate_json(path.read_bytes())
    return sum(len(records) for records in document["records"].values())


STRATEGIES: dict[str, Callable[..., int]] = {
    "json.loads + model_validate": stdlib_json,
    "pydantic_core.from_json + model_validate": pydantic_json,
    "TypeAdapter(document).validate_json": whole_document,
}
