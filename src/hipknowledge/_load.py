"""``load()``: the shipped content, from the wheel's sealed bundle or else the YAML, built once per process."""

from __future__ import annotations

import threading
import warnings
from importlib.resources import files

from hipknowledge._bundle import BUNDLE_NAME, inputs_digest, read_bundle
from hipknowledge._compat import Traversable
from hipknowledge._knowledge import KnowledgeBase
from hipknowledge._pipeline import SHIPPED_LABEL, read_checked
from hipknowledge.errors import ContentError, Problem
from hipknowledge.versioning import check_requirement

__all__ = ["load"]


class _Load:
    """The type of :func:`load`: a function with a cache that tests and benchmarks can clear."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cache: dict[bool, KnowledgeBase] = {}

    def __call__(self, *, require: str | None = None, strict: bool = False) -> KnowledgeBase:
        """The shipped content as a frozen :class:`~hipknowledge.KnowledgeBase`, built once per process.

        ``require`` is a version range the content must satisfy (``">=1.2,<2"``); ``strict``
        makes deprecated IDs raise instead of warning, and a damaged installation raise
        instead of falling back to the YAML files. Safe to call from many threads.

        >>> import hipknowledge as hk
        >>> hk.load() is hk.load()
        True
        """
        kb = self._cache.get(strict)
        if kb is None:
            with self._lock:
                kb = self._cache.get(strict)  # another thread may have built it while this one waited
                if kb is None:
                    kb = self._cache[strict] = _build_shipped(files("hipknowledge"), strict=strict)
        if require is not None:
            check_requirement(kb.content_version, require)
        return kb

    def cache_clear(self) -> None:
        """Forget the knowledge bases built so far: the next call reads the content again."""
        with self._lock:
            self._cache.clear()


load = _Load()


def _build_shipped(package: Traversable, *, strict: bool) -> KnowledgeBase:
    """The content of an installed ``package`` folder: its bundle when intact and compiled from the YAML
    beside it (in ``data/``), else that YAML.

    Hashing the YAML files costs far less than parsing them, and it means that a bundle
    left in a source checkout is never served after the YAML has changed.
    """
    entry, data = package / BUNDLE_NAME, package / "data"
    if entry.is_file():  # a wheel; a source checkout or editable install has no bundle
        try:
            bundle = read_bundle(entry.read_bytes(), f"hipknowledge/{BUNDLE_NAME}")
            if bundle.inputs != inputs_digest(data):
                expected = "the digest of the YAML files beside it (the bundle is stale)"
                raise ContentError([Problem(f"hipknowledge/{BUNDLE_NAME}", 1, "inputs", bundle.inputs, expected)])
            return KnowledgeBase(bundle.records, bundle.manifest, bundle.deprecations, strict=strict)
        except (ContentError, OSError, ValueError) as error:
            if strict:
                raise
            # A damaged or stale installation: the YAML is the source of truth and still
            # loads, or says precisely (file, line, field) what is wrong with it.
            warnings.warn(
                f"hipknowledge: the compiled content is unusable, reading the YAML files instead "
                f"(slower); reinstall the package to repair it. {error}",
                RuntimeWarning,
                stacklevel=3,  # _build_shipped, load, the caller of load
            )
    content = read_checked(data, SHIPPED_LABEL)
    return KnowledgeBase(content.records, content.manifest, content.deprecations, strict=strict)
