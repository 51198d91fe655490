"""Read and check a data directory: files -> records -> cross-checks, every problem collected."""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files

from hipknowledge import _integrity, _loader
from hipknowledge._compat import Traversable
from hipknowledge.errors import ContentError
from hipknowledge.models import Deprecation, Manifest, Record

__all__ = ["CheckedContent", "read", "read_checked", "shipped_root"]

#: How messages name the shipped data directory, wherever the package is installed.
SHIPPED_LABEL = "hipknowledge/data"


def shipped_root() -> Traversable:
    """The shipped data directory, wherever the package is installed (wheel, zip, checkout).

    >>> (shipped_root() / "manifest.yaml").is_file()
    True
    """
    return files("hipknowledge") / "data"


@dataclass(frozen=True)
class CheckedContent:
    """Content that passed every check: what a knowledge base or a bundle is made from."""

    manifest: Manifest
    deprecations: tuple[Deprecation, ...]
    records: tuple[Record, ...]


def read(root: Traversable, label: str) -> _loader.LoadedContent:
    """Read ``root`` (shown in messages as ``label``) and run every check; problems are collected, not raised."""
    content = _loader.read_content(root, label)
    content.problems.extend(_integrity.check(content))
    return content


def read_checked(root: Traversable, label: str) -> CheckedContent:
    """Read and check ``root``; raise :class:`~hipknowledge.ContentError` listing every problem."""
    content = read(root, label)
    if content.problems or content.manifest is None:
        raise ContentError(content.problems)
    return CheckedContent(content.manifest, content.deprecations, tuple(content.records))
