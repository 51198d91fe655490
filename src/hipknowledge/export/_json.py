"""JSON export: the canonical content, stamped with its version and fingerprint."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from hipknowledge._canonical import canonical_content
from hipknowledge.models import NOTICE

if TYPE_CHECKING:
    from hipknowledge._knowledge import KnowledgeBase

__all__ = ["FORMAT", "content_document", "content_text"]

#: Names the document's layout; the number changes only if the layout does.
FORMAT = "hipknowledge-content/1"


def content_document(kb: KnowledgeBase) -> dict[str, object]:
    """The whole content as plain JSON data: the canonical content plus what identifies it.

    The ``manifest``, ``deprecations`` and ``records`` keys are exactly the data the
    fingerprint is computed from, so a reader can check the fingerprint itself.
    """
    return {
        "format": FORMAT,
        "content_version": kb.content_version,
        "fingerprint": kb.fingerprint,
        "license": kb.license,
        "notice": NOTICE,
        **canonical_content(kb),
    }


def content_text(kb: KnowledgeBase) -> str:
    """:func:`content_document` as indented JSON text ending in a newline."""
    return json.dumps(content_document(kb), indent=2, ensure_ascii=False) + "\n"
