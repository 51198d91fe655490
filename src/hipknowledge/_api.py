"""Building knowledge bases: the cached, thread-safe :func:`load` and directory loading."""

from __future__ import annotations

import gc
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.resources import files
from typing import TYPE_CHECKING

from hipknowledge._knowledge import KnowledgeBase
from hipknowledge.errors import ContentError

if TYPE_CHECKING:
    from hipknowledge._compat import Traversable
    from hipknowledge._loader import LoadedContent

__all__ = ["build_from", "data_root", "load", "read_checked"]

_lock = threading.Lock()
_cache: dict[bool, KnowledgeBase] = {}


def data_root() -> Traversable:
    """The shipped data directory, wherever the package is installed (wheel, zip, checkout).

    >>> (data_root() / "manifest.yaml").is_file()
    True
    """
    return files("hipknowledge") / "data"


def read_checked(root: Traversable, label: str) -> LoadedContent:
    """Read, validate and cross-check ``root``; raise :class:`ContentError` with every problem."""
    # The YAML reader and the checks load only here: a wheel's load() never needs them.
    from hipknowledge import _integrity, _loader

    content = _loader.read_content(root, label)
    content.problems.extend(_integrity.check(content))
    if content.problems or content.manifest is None:
        raise ContentError(content.problems)
    return content


def build_from(root: Traversable, label: str, *, strict: bool = False) -> KnowledgeBase:
    """Read, validate and cross-check ``root``; raise :class:`ContentError` with every problem."""
    content = read_checked(root, label)
    assert content.manifest is not None  # read_checked raised otherwise
    return KnowledgeBase(content.records, content.manifest, content.deprecations, strict=strict)


def _build_shipped(strict: bool) -> KnowledgeBase:
    """The shipped content: from the wheel's compiled bundle if there is one, else from the YAML.

    The bundle is trusted when present, without comparing it to the YAML beside it: the
    build hook writes it into the wheel only, from the same files and after every check,
    so an installed package always carries a matching pair, and a source checkout (or an
    editable install) never has one. Hashing every YAML file on each start would cost
    about what the bundle saves.
    """
    from hipknowledge import _bundle

    try:
        with _collector_paused() as collecting:
            found = _bundle.shipped_data()
            if found is not None:
                # The records are validated one by one as the knowledge base takes them.
                manifest, deprecations, _, records = _bundle.stream_bundle(*found)
                kb = KnowledgeBase(records, manifest, deprecations, strict=strict)
                if collecting:
                    _settle(len(kb))
                return kb
    except ContentError as error:
        # A damaged installation: the YAML is the source of truth and still loads, or
        # says precisely (file, line, field) what is wrong with it.
        warnings.warn(
            f"hipknowledge: the compiled content ({_bundle.BUNDLE_NAME}) is unusable, reading the YAML files "
            f"instead (slower); reinstall the package to repair it. {error}",
            RuntimeWarning,
            stacklevel=4,
        )
    return build_from(data_root(), "hipknowledge/data", strict=strict)


@contextmanager
def _collector_paused() -> Iterator[bool]:
    """Pause the cyclic garbage collector while the content's objects are created.

    Loading creates a great many objects that live as long as the process and hold no
    cycles; each full collection while they pile up walks all of them again, which makes
    loading cost grow faster than the content. The collector runs again straight after.
    Gives whether the collector was running (an application may have turned it off).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield enabled
    finally:
        if enabled:
            gc.enable()


#: Records above which :func:`_settle`, when it cannot move objects without a pass,
#: spends one: enough that the objects made outnumber by far those the collector's young
#: generations usually hold.
_SETTLE_ABOVE = 10_000


def _settle(records: int) -> None:
    """Move the objects just made to the collector's oldest generation.

    Left in the youngest generation, they would be walked twice before reaching the
    oldest: by the collection that follows at once, and again as they age. Freezing every
    tracked object and thawing them at once moves them all to the oldest generation
    without walking any; the next full collection walks them, as it walks every object
    of a process. This also moves whatever the application has in the young generations
    (a cycle among those objects is then freed by a full collection rather than a young
    one).

    An application that keeps objects frozen (``gc.freeze()``, often before forking)
    must find them frozen still, so then the objects are moved by one collection of
    both young generations instead. That pass also walks whatever the application has
    in them, so it is spent only on large content.
    """
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()
    elif records > _SETTLE_ABOVE:
        gc.collect(1)


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
                kb = _build_shipped(strict)
                _cache[strict] = kb
    if require is not None:
        from hipknowledge._versioning import check_requirement

        check_requirement(kb.content_version, require)
    return kb
