"""The body map shipped with the package, with chosen regions highlighted."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from hipknowledge._pipeline import shipped_root
from hipknowledge.errors import ExportError, UnknownValueError
from hipknowledge.export._markup import xml_escape
from hipknowledge.models import Condition
from hipknowledge.vocab import BodyRegion

if TYPE_CHECKING:
    from hipknowledge._knowledge import KnowledgeBase

__all__ = ["body_map", "body_map_of", "body_map_source"]

_REGION = re.compile(r'<g id="(?P<id>[a-z-]+)" class="region">(?P<body>.*?)</g>', re.DOTALL)
_TITLE = re.compile(r'(<title id="body-map-title">)(.*?)(</title>)')


@functools.lru_cache(maxsize=1)
def body_map_source() -> str:
    """The SVG exactly as shipped in ``hipknowledge/data/body-map.svg``."""
    return (shipped_root() / "body-map.svg").read_text(encoding="utf-8")


def _regions(values: Iterable[BodyRegion | str]) -> set[str]:
    known = {r.value for r in BodyRegion}
    found = set()
    for value in values:
        name = value.value if isinstance(value, BodyRegion) else value
        if name not in known:
            raise UnknownValueError(name, "body region", [r.value for r in BodyRegion])
        found.add(name)
    return found


def body_map(
    highlight: Iterable[BodyRegion | str] = (),
    *,
    spread: Iterable[BodyRegion | str] = (),
    links: Mapping[str, str] | None = None,
    title: str | None = None,
) -> str:
    """The body map as SVG text, with ``highlight`` regions marked as painful and ``spread`` as where pain may spread.

    Each region is an element ``<g id="REGION" class="region">`` whose ID is a
    :class:`~hipknowledge.BodyRegion` value; highlighting adds the class ``pain`` or
    ``spread``, so a page's own CSS can restyle it. ``links`` maps regions to URLs to make
    them clickable; ``title`` replaces the accessible title. Both are escaped, and a
    character XML cannot carry becomes U+FFFD, so the SVG stays well-formed.

    >>> import hipknowledge as hk
    >>> kb = hk.load()
    >>> svg = body_map(kb.conditions["piriformis-syndrome"].pain_locations, spread=["posterior-thigh"])
    >>> '<g id="buttock" class="region pain">' in svg, '<g id="posterior-thigh" class="region spread">' in svg
    (True, True)
    """
    pain = _regions(highlight)
    spreading = _regions(spread) - pain
    targets = dict(links or {})
    _regions(targets)

    def mark(match: re.Match[str]) -> str:
        region, body = match["id"], match["body"]
        classes = "region pain" if region in pain else "region spread" if region in spreading else "region"
        element = f'<g id="{region}" class="{classes}">{body}</g>'
        if region in targets:
            element = f'<a href="{xml_escape(targets[region])}">{element}</a>'
        return element

    svg = _REGION.sub(mark, body_map_source())
    if title is not None:
        svg = _TITLE.sub(lambda m: m[1] + xml_escape(title, quote=False) + m[3], svg, count=1)
    return svg


def body_map_of(
    kb: KnowledgeBase,
    highlight: str | Iterable[BodyRegion | str] = (),
    *,
    spread: Iterable[BodyRegion | str] = (),
    links: Mapping[str, str] | None = None,
    title: str | None = None,
) -> str:
    """:func:`body_map`, where a condition ID in ``highlight`` stands for its pain locations (and where it spreads).

    >>> import hipknowledge as hk
    >>> '<g id="lower-leg" class="region spread">' in body_map_of(hk.load(), ["sciatica"])
    True
    """
    wanted = [highlight] if isinstance(highlight, str) else list(highlight)
    regions = {r.value for r in BodyRegion}
    pain: list[BodyRegion | str] = []
    spreading: list[BodyRegion | str] = list(spread)
    for item in wanted:
        if isinstance(item, BodyRegion) or item in regions:
            pain.append(item)
            continue
        record = kb.lookup(item)
        if not isinstance(record, Condition):
            raise ExportError(
                f"{item!r} is a {record.kind_name}; highlight takes a body region or a condition ID "
                f"(regions: {', '.join(sorted(regions))})"
            )
        pain += record.pain_locations
        spreading += record.radiates_to
    return body_map(pain, spread=spreading, links=links, title=title)
