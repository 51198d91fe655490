"""The canonical content of a knowledge base, as plain JSON data, and its fingerprint."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING

from hipknowledge.models import RECORD_TYPES

if TYPE_CHECKING:
    from hipknowledge._knowledge import KnowledgeBase

__all__ = ["canonical_content", "digest", "fingerprint"]


def canonical_content(kb: KnowledgeBase) -> dict[str, object]:
    """The whole content as plain JSON data: manifest, deprecations, then records by kind.

    Kinds come in :data:`~hipknowledge.models.RECORD_TYPES` order; records keep the
    knowledge base's order, and fields at their defaults are left out.

    >>> import hipknowledge as hk
    >>> list(canonical_content(hk.load()))
    ['manifest', 'deprecations', 'records']
    """
    return {
        "manifest": kb.manifest.model_dump(mode="json"),
        "deprecations": [d.model_dump(mode="json") for d in kb.deprecations.values()],
        "records": {
            cls.kind_name: [r.model_dump(mode="json", exclude_defaults=True) for r in kb.records(cls.kind_name)]
            for cls in RECORD_TYPES
        },
    }


def digest(content: Mapping[str, object]) -> str:
    """``sha256:`` and the hex digest of ``content`` as sorted, compact JSON.

    >>> digest({"b": 1, "a": "é"}) == digest({"a": "é", "b": 1})
    True
    """
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def fingerprint(kb: KnowledgeBase) -> str:
    """The fingerprint of a knowledge base: the :func:`digest` of its canonical content.

    >>> import hipknowledge as hk
    >>> fingerprint(hk.load()).startswith("sha256:")
    True
    """
    return digest(canonical_content(kb))
