"""Building knowledge bases: the cached, thread-safe :func:`load` and directory loading."""

from __future__ import annotations

import threading
from importlib.resources import files
from typing import TYPE_CHECKING

from hipknowledge import _integrity, _loader
from hipknowledge._knowledge import KnowledgeBase
from hipknowledge._versioning import check_requirement
from hipknowledge.errors import ContentError

if TYPE_CHECKING:
    from hipknowledge._compat import Traversable

__all__ = ["build_from", "data_root", "load"]

_lock = threading.Lock()
_cache: dict[bool, KnowledgeBase] = {}


def data_root() -> Traversable:
    """The shipped data directory, wherever the package is installed (wheel, zip, checkout)."""
    return files("hipknowledge") / "data"


def build_from(root: Traversable, label: str, *, strict: bool = False) -> KnowledgeBase:
    """Read, validate and cross-check ``root``; raise :class:`ContentError` with every problem."""
    content = _loader.read_content(root, label)
    content.problems.extend(_integrity.check(content))
    if content.problems or content.manifest is None:
        raise ContentError(content.problems)
    return KnowledgeBase(content.records, content.manifest, content.deprecations, strict=strict)


def load(*, require: str | None = None, strict: bool = False) -> KnowledgeBase:
    """The shipped content as a frozen :class:`KnowledgeBase`, built once per process.

    ``require`` is a version range the content must satisfy (``">=1.2,<2"``); ``strict``
    makes deprecated IDs raise instead of warning. Safe to call from many threads.

    >>> import hipknowledge as hk
    >>> hk.load() is hk.load()
    True
    """
    kb = _cache.get(strict)
    if kb is None:
        with _lock:
            kb = _cache.get(strict)  # another thread may have built it while we waited
            if kb is None:
                kb = build_from(data_root(), "hipknowledge/data", strict=strict)
                _cache[strict] = kb
    check_requirement(kb.content_version, require)
    return kb
