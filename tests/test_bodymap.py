"""The body map: its region IDs are the body-region vocabulary, and highlighting marks the right ones."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pytest

import hipknowledge as hk
from hipknowledge.export import body_map
from hipknowledge.export._bodymap import body_map_source

from .test_attack_writing import cli_main as main

SVG = "{http://www.w3.org/2000/svg}"


def regions(svg: str) -> dict[str, ET.Element]:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return {e.get("id", ""): e for e in root.iter() if "region" in (e.get("class") or "").split()}


def classes(svg: str) -> dict[str, str]:
    return {region: element.get("class", "") for region, element in regions(svg).items()}


def test_region_ids_are_exactly_the_body_region_vocabulary() -> None:
    found = regions(body_map_source())
    assert sorted(found) == sorted(r.value for r in hk.BodyRegion)
    for region, element in found.items():
        assert element.tag == f"{SVG}g"
        assert element.findtext(f"{SVG}title") == region.replace("-", " ")
        assert element.findall(f"{SVG}path"), region


def test_every_element_id_is_unique() -> None:
    ids = [e.get("id") for e in ET.fromstring(body_map_source()).iter() if e.get("id")]
    assert len(ids) == len(set(ids))


def test_highlighting_marks_pain_and_spread(kb: hk.KnowledgeBase) -> None:
    condition = kb.conditions["piriformis-syndrome"]
    marked = classes(body_map(condition.pain_locations, spread=[*condition.radiates_to, "buttock"]))
    assert marked["buttock"] == "region pain"  # pain wins over spread
    assert {r.value for r in condition.radiates_to} == {r for r, c in marked.items() if c == "region spread"}
    assert sum(c == "region" for c in marked.values()) == len(hk.BodyRegion) - 1 - len(condition.radiates_to)
    assert set(classes(body_map()).values()) == {"region"}


def test_links_and_title_keep_the_svg_valid() -> None:
    svg = body_map([hk.BodyRegion.GROIN], links={"groin": "groin.html?a=1&b=2"}, title="Groin <pain>")
    root = ET.fromstring(svg)
    anchor = next(e for e in root.iter(f"{SVG}a"))
    assert anchor.get("href") == "groin.html?a=1&b=2"
    assert anchor.find(f"{SVG}g").get("id") == "groin"  # type: ignore[union-attr]
    assert root.findtext(f"{SVG}title") == "Groin <pain>"


def test_unknown_region_is_refused() -> None:
    with pytest.raises(hk.UnknownValueError, match="unknown body region 'kneecap'"):
        body_map(["kneecap"])
    with pytest.raises(hk.UnknownValueError, match="unknown body region 'hip'"):
        body_map(links={"hip": "hip.html"})


def test_cli_highlights_a_condition_or_a_region(kb: hk.KnowledgeBase, capsys: pytest.CaptureFixture[str]) -> None:
    out = io.StringIO()
    assert main(["export", "body-map", "--highlight", "gluteal-tendinopathy", "--highlight", "groin"], out) == 0
    marked = classes(out.getvalue())
    condition = kb.conditions["gluteal-tendinopathy"]
    assert {r for r, c in marked.items() if c == "region pain"} == {r.value for r in condition.pain_locations} | {
        "groin"
    }
    assert main(["export", "body-map", "--highlight", "psoas-major"], io.StringIO()) == 2
    assert "'psoas-major' is a muscle" in capsys.readouterr().err
