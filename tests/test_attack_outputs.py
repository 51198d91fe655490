"""Hard edges, what exports write: hostile text comes back as data from every consumer, never as markup.

Records are changed with ``model_copy`` (which does not validate), so these strings reach the
exports even where the models would refuse them. Each test is named after the defect it guards against.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import sqlite3
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

import hipknowledge as hk
from hipknowledge.export import (
    DEFAULT_BASE,
    ExportError,
    render,
    to_catalogue,
    to_jsonld,
    write,
)
from hipknowledge.export._catalogue import record_page_path

from .paths import MINI
from .test_attack_writing import cli_main

# Closes a script element, opens others, hides in a comment, adds attributes (attr_list), makes a
# link and emphasis, breaks a table, and carries characters XML cannot (form feed, NUL).
HOSTILE = (
    '</script><script>alert("x")</script><svg/onload=alert(1)> <!-- x --> [a](javascript:alert(1)) *b* `c` '
    '& &amp; | \x0c\x00 line\r\nbreak {: onclick="alert(1)" }'
)
HOSTILE_DOI = "10.1234/x)<script>alert(1)</script>"
HOSTILE_URL = "https://example.org/><svg/onload=alert(1)>"
SCRIPT_URL = "javascript:alert(1)"


def shown(text: str) -> str:
    """How a page shows ``text``: white space folded, characters it cannot show as U+FFFD."""
    return " ".join(text.split()).replace("\x00", "\ufffd")


def in_xml(text: str) -> str:
    """How XML carries ``text``: characters XML 1.0 cannot hold as U+FFFD."""
    return text.replace("\x0c", "\ufffd").replace("\x00", "\ufffd")


@pytest.fixture(scope="module")
def hostile() -> hk.KnowledgeBase:
    """The mini content with hostile text in names, prose, lists, and a source's DOI and URLs."""
    mini = hk.KnowledgeBase.from_directory(MINI)
    updates: dict[str, dict[str, Any]] = {
        "alpha-flexor": {"name": HOSTILE, "aliases": (HOSTILE,), "summary": HOSTILE, "origin": HOSTILE},
        "cond-buttock": {
            "summary": HOSTILE,
            "red_flags": (
                mini.conditions["cond-buttock"]
                .red_flags[0]
                .model_copy(update={"sign": HOSTILE, "may_indicate": HOSTILE}),
            ),
            "notes": (HOSTILE,),
        },
        "src-one": {"name": HOSTILE, "doi": HOSTILE_DOI, "url": HOSTILE_URL, "publisher": HOSTILE},
        "src-two": {"url": SCRIPT_URL, "pmid": "1)<b>"},
        "claim-one": {"statement": HOSTILE},
    }
    records = [r.model_copy(update=updates[r.id]) if r.id in updates else r for r in mini.records()]
    return hk.KnowledgeBase(records, mini.manifest, list(mini.deprecations.values()))


# --------------------------------------------------------------------------- the catalogue, as a browser gets it


class Page(HTMLParser):
    """An HTML page as its elements, attributes and text."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.starts: list[tuple[str, dict[str, str | None]]] = []
        self.text: dict[str, list[str]] = {}
        self.open: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.starts.append((tag, dict(attrs)))
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open:
            del self.open[len(self.open) - 1 - self.open[::-1].index(tag) :]

    def handle_data(self, data: str) -> None:
        if self.open:
            self.text.setdefault(self.open[-1], []).append(data)

    def links(self) -> list[str]:
        return [str(attrs.get("href")) for tag, attrs in self.starts if tag == "a"]


def as_html(markdown_text: str) -> str:
    markdown = pytest.importorskip("markdown")
    extensions = ["admonition", "attr_list", "md_in_html", "tables", "toc"]  # as mkdocs.yml has them
    if importlib.util.find_spec("pymdownx") is not None:
        extensions.append("pymdownx.superfences")
    html: str = markdown.markdown(markdown_text, extensions=extensions)
    return html


@pytest.fixture(scope="module")
def pages(hostile: hk.KnowledgeBase) -> dict[str, Page]:
    return {path: Page(as_html(text)) for path, text in to_catalogue(hostile).items()}


def test_catalogue_let_content_become_markup(pages: dict[str, Page]) -> None:
    for path, page in pages.items():
        for tag, attrs in page.starts:
            assert not [name for name in attrs if name.startswith("on")], (path, tag, attrs)
            if tag == "script":
                assert attrs == {"type": "application/ld+json"}, path
        for href in page.links():
            assert href.startswith(("https://", "http://")) or ":" not in href.split("/")[0], (path, href)


def test_catalogue_showed_hostile_text_as_something_else(pages: dict[str, Page], hostile: hk.KnowledgeBase) -> None:
    muscle = pages[record_page_path(hostile.muscles["alpha-flexor"])]
    assert "".join(muscle.text["h1"]) == shown(HOSTILE)
    assert shown(HOSTILE) in "".join(muscle.text["p"])  # the summary
    assert [tag for tag, _ in muscle.starts if tag in ("svg", "script")] == ["script"]
    condition = pages[record_page_path(hostile.conditions["cond-buttock"])]
    assert shown(HOSTILE) in "".join(condition.text["li"])  # a red flag
    claim = pages[record_page_path(hostile.claims["claim-one"])]
    assert shown(HOSTILE) in "".join(claim.text["p"])  # the statement, quoted
    # A page naming the record links to it by its name, shown as text.
    group = pages[record_page_path(hostile.groups["front-group"])]
    assert shown(HOSTILE) in "".join(group.text["a"])


def test_catalogue_put_a_hostile_doi_into_the_page(pages: dict[str, Page], hostile: hk.KnowledgeBase) -> None:
    page = pages[record_page_path(hostile.sources["src-one"])]
    doi = [href for href in page.links() if href.startswith("https://doi.org/")]
    assert doi == ["https://doi.org/10.1234/x%29%3Cscript%3Ealert%281%29%3C/script%3E"]
    assert HOSTILE_DOI in "".join(page.text["a"])


def test_catalogue_put_a_hostile_url_into_the_page(pages: dict[str, Page], hostile: hk.KnowledgeBase) -> None:
    page = pages[record_page_path(hostile.sources["src-one"])]
    assert "https://example.org/%3E%3Csvg/onload=alert%281%29%3E" in page.links()
    assert HOSTILE_URL in "".join(page.text["a"])
    assert "svg" not in [tag for tag, _ in page.starts]


def test_catalogue_made_a_link_of_a_url_that_is_not_a_web_address(
    pages: dict[str, Page], hostile: hk.KnowledgeBase
) -> None:
    page = pages[record_page_path(hostile.sources["src-two"])]
    assert not [href for href in page.links() if "javascript" in href.lower()]
    assert SCRIPT_URL in "".join(page.text["li"])  # shown, not linked
    assert "https://pubmed.ncbi.nlm.nih.gov/1%29%3C%62%3E/" in page.links()  # a PubMed ID is digits, or encoded


def test_embedded_json_ld_closed_its_script_element(pages: dict[str, Page], hostile: hk.KnowledgeBase) -> None:
    page = pages[record_page_path(hostile.muscles["alpha-flexor"])]
    (data,) = page.text["script"]
    assert json.loads(data)["@graph"][0]["name"] == HOSTILE


# --------------------------------------------------------------------------- every other export, through its consumer


def test_graphml_was_malformed_by_a_control_character(hostile: hk.KnowledgeBase, tmp_path: Path) -> None:
    nx = pytest.importorskip("networkx")
    text = render(hostile, "graphml")
    root = ET.fromstring(text)  # well-formed
    names = [e.text for e in root.iter("{http://graphml.graphdrawing.org/xmlns}data") if e.text and "alert" in e.text]
    assert in_xml(HOSTILE) in names
    graph = nx.read_graphml(write(hostile, "graphml", tmp_path / "hip.graphml"), force_multigraph=True)
    assert graph.nodes["alpha-flexor"]["name"] == in_xml(HOSTILE)
    assert graph.nodes["src-one"]["name"] == in_xml(HOSTILE)


def test_body_map_was_malformed_by_a_control_character(hostile: hk.KnowledgeBase) -> None:
    svg = render(hostile, "body-map", highlight=["cond-buttock"], title=HOSTILE, links={"groin": HOSTILE_URL})
    root = ET.fromstring(svg)
    assert root.findtext("{http://www.w3.org/2000/svg}title") == in_xml(HOSTILE)
    assert [a.get("href") for a in root.iter("{http://www.w3.org/2000/svg}a")] == [HOSTILE_URL]
    assert not [e for e in root.iter() if any(name.startswith("on") for name in e.attrib)]


def test_json_exports_gave_hostile_text_back_changed(hostile: hk.KnowledgeBase) -> None:
    document = json.loads(render(hostile, "json"))
    muscle = next(m for m in document["records"]["muscle"] if m["id"] == "alpha-flexor")
    assert (muscle["name"], muscle["aliases"]) == (HOSTILE, [HOSTILE])
    source = next(s for s in document["records"]["source"] if s["id"] == "src-one")
    assert (source["doi"], source["url"]) == (HOSTILE_DOI, HOSTILE_URL)
    if pytest.importorskip("networkx"):
        graph = json.loads(render(hostile, "graph"))
        assert {n["id"]: n["name"] for n in graph["nodes"]}["alpha-flexor"] == HOSTILE


def test_sqlite_gave_hostile_text_back_changed(hostile: hk.KnowledgeBase, tmp_path: Path) -> None:
    with contextlib.closing(sqlite3.connect(write(hostile, "sqlite", tmp_path / "hip.sqlite"))) as db:
        assert db.execute("SELECT name, summary FROM records WHERE id = 'alpha-flexor'").fetchone() == (
            HOSTILE,
            HOSTILE,
        )
        assert db.execute("SELECT doi, url FROM sources WHERE id = 'src-one'").fetchone() == (HOSTILE_DOI, HOSTILE_URL)
        assert db.execute("SELECT alias FROM record_aliases WHERE record_id = 'alpha-flexor'").fetchall() == [
            (HOSTILE,)
        ]


# --------------------------------------------------------------------------- JSON-LD, read by rdflib

rdflib = pytest.importorskip("rdflib")


def triples(text: str) -> Any:
    graph = rdflib.Graph()
    graph.parse(data=text, format="json-ld")
    return graph


SDO = rdflib.Namespace("http://schema.org/")
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")


def test_jsonld_gave_hostile_text_back_changed(hostile: hk.KnowledgeBase, offline_schema_org: None) -> None:
    graph = triples(render(hostile, "jsonld"))
    muscle = rdflib.URIRef(DEFAULT_BASE + "alpha-flexor")
    assert set(graph.objects(muscle, SDO.name)) == {rdflib.Literal(HOSTILE)}
    source = rdflib.URIRef(DEFAULT_BASE + "src-one")
    assert set(graph.objects(source, SDO.url)) == {
        rdflib.URIRef("https://example.org/%3E%3Csvg/onload=alert%281%29%3E")
    }
    assert rdflib.URIRef("https://doi.org/10.1234/x%29%3Cscript%3Ealert%281%29%3C/script%3E") in set(
        graph.objects(source, SDO.sameAs)
    )
    assert set(graph.objects(rdflib.URIRef(DEFAULT_BASE + "src-two"), SDO.url)) == set()  # not a web address


@pytest.mark.parametrize(
    "base",
    [
        "javascript:alert(1)//",
        "data:text/html,x/",
        "hip/",
        "",
        "https://example.org",
        "https://",
        "https:///hip/",
        "https://example.org/hip /",
        'https://example.org/"x"/',
        "https://example.org/<x>/",
        "https://example.org/hip/\n",
        "urn:",
        "urn:hipknowledge",
        "urn::",
        "ftp://example.org/",
    ],
)
def test_jsonld_accepted_a_base_that_is_not_an_iri_prefix(
    base: str, mini: hk.KnowledgeBase, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(ExportError, match=r"JSON-LD base .* is refused: "):
        to_jsonld(mini, base=base)
    with pytest.raises(ExportError, match="is refused"):
        render(mini, "jsonld", base=base)
    assert cli_main(["export", "jsonld", "--base", base, "--data", str(MINI)], io.StringIO()) == 2
    err = capsys.readouterr().err
    assert err.startswith("hipknowledge export: JSON-LD base ")
    assert err.count("\n") == 1


@pytest.mark.parametrize(
    "base", ["https://example.org/hip/", "http://example.org/hip#", "urn:hipknowledge:", "urn:example:hip/"]
)
def test_jsonld_base_named_records_that_rdflib_dropped(
    base: str, mini: hk.KnowledgeBase, offline_schema_org: None
) -> None:
    graph = triples(render(mini, "jsonld", base=base))
    named = {s for s in graph.subjects(rdflib.RDF.type, None) if isinstance(s, rdflib.URIRef)}
    assert {rdflib.URIRef(base + r.id) for r in mini.records()} <= named


# --------------------------------------------------------------------------- what identifies the content


def test_sqlite_and_json_exports_lacked_version_or_fingerprint(mini: hk.KnowledgeBase, tmp_path: Path) -> None:
    document = json.loads(write(mini, "json", tmp_path / "hip.json").read_text(encoding="utf-8"))
    assert (document["content_version"], document["fingerprint"]) == (mini.content_version, mini.fingerprint)
    with contextlib.closing(sqlite3.connect(write(mini, "sqlite", tmp_path / "hip.sqlite"))) as db:
        meta = dict(db.execute("SELECT key, value FROM metadata").fetchall())
    assert (meta["content_version"], meta["fingerprint"]) == (mini.content_version, mini.fingerprint)
