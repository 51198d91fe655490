"""The documentation: the generated catalogue links along every relationship; the hand-written pages run.

These checks are fast and need no MkDocs; ``mkdocs build --strict`` builds the whole site.
"""

from __future__ import annotations

import ast
import doctest
import importlib.util
import json
import posixpath
import re
import types
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Mapping

import pytest
import yaml
from pydantic import BaseModel

import hipknowledge as hk
from hipknowledge import export, models
from hipknowledge._fields import field_shapes, iter_references
from hipknowledge.export._catalogue import _escape, record_page_path, region_page_path
from hipknowledge.export._relations import reached
from hipknowledge.models import Record
from hipknowledge.vocab import BodyRegion

from .paths import ROOT

DOCS = ROOT / "docs"
LINK = re.compile(r"\]\(([^)\s]+)\)")
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def pages(kb: hk.KnowledgeBase) -> Mapping[str, str]:
    return export.to_catalogue(kb)


def links(path: str, text: str) -> set[str]:
    """The pages a Markdown page links to, as paths in the documentation."""
    return {
        posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
        for target in LINK.findall(text)
        if not target.startswith(("http://", "https://"))
    }


def expected_links(kb: hk.KnowledgeBase, record: Record, inbound: dict[str, set[str]]) -> set[str]:
    """Every record a page must link to: references both ways, the derived lookups, the sources."""
    # References both ways, except a technique's work on what it does not reach (see export.reached).
    reference_ids = {ref for _, ref, _ in iter_references(record)} | inbound[record.id]
    unreached = {r.other.id for r in kb.related(record.id) if not reached(r)}
    reached_ids = {r.other.id for r in kb.related(record.id) if reached(r)}
    related: set[str] = ((reference_ids - unreached) | reached_ids) | record.source_ids()
    lookups = {
        "muscle": (kb.antagonists, kb.techniques_targeting, kb.exercises_for, kb.conditions_involving),
        "group": (kb.members, kb.techniques_targeting, kb.exercises_for, kb.conditions_involving),
        "structure": (kb.techniques_targeting, kb.conditions_involving),
        "condition": (kb.conditions_sharing_pain_location,),
        "technique": (kb.muscles_targeted_by, kb.conditions_treated_by),
        "exercise": (kb.conditions_treated_by,),
        "source": (kb.cited_by,),
        "claim": (),
        "factor": (),
        "treatment": (kb.conditions_treated_by,),
    }[record.kind_name]
    for lookup in (*lookups, kb.claims_about):
        related |= {r.id for r in lookup(record.id)}
    related |= {care.intervention.id for care in kb.care_for(record.id)} if record.kind_name == "condition" else set()
    return {record_page_path(kb.lookup(r)) for r in related}


def test_a_page_per_record_kind_and_region(pages: dict[str, str], kb: hk.KnowledgeBase) -> None:
    expected = {record_page_path(r) for r in kb.records()} | {region_page_path(r) for r in BodyRegion}
    expected |= {f"catalogue/{cls.folder}/index.md" for cls in (type(r) for r in kb.records())}
    expected |= {"catalogue/index.md", "catalogue/regions/index.md"}
    assert set(pages) == expected
    for record in kb.records():
        assert pages[record_page_path(record)].startswith(f"# {_escape(record.name)}\n")


def test_record_pages_link_along_every_relationship(pages: dict[str, str], kb: hk.KnowledgeBase) -> None:
    inbound: dict[str, set[str]] = defaultdict(set)
    for record in kb.records():
        for _, ref, _ in iter_references(record):
            inbound[ref].add(record.id)
    for record in kb.records():
        path = record_page_path(record)
        missing = expected_links(kb, record, inbound) - links(path, pages[path])
        assert not missing, f"{path} does not link to {sorted(missing)}"


def test_every_link_leads_to_a_page(pages: dict[str, str]) -> None:
    for path, text in pages.items():
        broken = links(path, text) - set(pages) - {"index.md", "guide.md"}
        assert not broken, f"{path} links to missing {sorted(broken)}"


def test_every_page_cites_its_sources_by_name(pages: dict[str, str], kb: hk.KnowledgeBase) -> None:
    for record in kb.records():
        if record.kind_name == "source":
            continue
        text = pages[record_page_path(record)]
        sources = text.split("\n## Sources\n", 1)[1]
        for source_id in record.source_ids():
            assert f"]({posixpath.relpath(record_page_path(kb.sources[source_id]), 'catalogue/x')})" in sources


def test_muscle_pages_give_the_nerve_of_each_part(pages: dict[str, str], kb: hk.KnowledgeBase) -> None:
    for muscle in kb.muscles.values():
        text = pages[record_page_path(muscle)]
        parts = muscle.innervation.parts
        assert ("\n## Nerve supply by part\n" in text) is bool(parts), muscle.id
        for part in parts:
            assert f"- {_escape(part.part.capitalize())}: {_escape(part.nerve)} ({', '.join(part.roots)})" in text


def body_map_of(text: str) -> ET.Element:
    svg = re.search(r'<div class="body-map" markdown="0">(.*?)</div>', text)
    assert svg is not None
    return ET.fromstring(svg.group(1))


def test_condition_pages_highlight_their_regions_on_the_body_map(pages: dict[str, str], kb: hk.KnowledgeBase) -> None:
    for condition in kb.conditions.values():
        path = record_page_path(condition)
        root = body_map_of(pages[path])
        marked = {g.get("id"): g.get("class") for g in root.iter(f"{SVG}g") if "region" in (g.get("class") or "")}
        assert {r for r, c in marked.items() if c == "region pain"} == {r.value for r in condition.pain_locations}
        spread = {r.value for r in condition.radiates_to} - {r.value for r in condition.pain_locations}
        assert {r for r, c in marked.items() if c == "region spread"} == spread
        for anchor in root.iter(f"{SVG}a"):
            target = posixpath.normpath(posixpath.join(posixpath.dirname(path), anchor.get("href", "")))
            assert target.removesuffix(".html") + ".md" in pages
        assert "Not medical advice" in pages[path]
        for flag in condition.red_flags:
            assert flag.sign.split()[0] in pages[path]


def test_region_pages_list_the_conditions_felt_there(pages: dict[str, str], kb: hk.KnowledgeBase) -> None:
    for region in BodyRegion:
        path = region_page_path(region)
        found = {p for p in links(path, pages[path]) if p.startswith("catalogue/conditions/")}
        expected = {record_page_path(c) for c in kb.conditions_at(region, radiating=True)}
        assert found == expected
        assert [g.get("id") for g in body_map_of(pages[path]).iter(f"{SVG}g") if g.get("class") == "region pain"] == [
            region.value
        ]


def test_record_pages_embed_their_json_ld(pages: dict[str, str], kb: hk.KnowledgeBase) -> None:
    for record in kb.records():
        script = re.search(r'<script type="application/ld\+json">(.*?)</script>', pages[record_page_path(record)])
        assert script is not None
        node = json.loads(script.group(1))["@graph"][0]
        assert (node["@id"], node["name"]) == (export.DEFAULT_BASE + record.id, record.name)


def test_the_fixture_builds_a_catalogue_too(mini: hk.KnowledgeBase) -> None:
    pages = export.to_catalogue(mini)
    text = pages["catalogue/techniques/tech-roll.md"]
    assert "[Alpha flexor](../muscles/alpha-flexor.md)" in text  # reached through its group
    assert "[Groin condition](../conditions/cond-groin.md)" in text


@pytest.mark.parametrize("name", ["index.md", "guide.md", "app-builders.md"])
def test_examples_on_hand_written_pages_run(name: str) -> None:
    result = doctest.testfile(str(DOCS / name), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0


def test_api_page_documents_every_public_name() -> None:
    text = (DOCS / "api.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^::: hipknowledge\.(\w+)$", text, flags=re.MULTILINE))
    assert documented - {"export"} == set(hk.__all__) - {"__version__"}
    members = set(re.findall(r"^ {8}- (\w+)$", text, flags=re.MULTILINE))
    assert members == set(export.__all__)


def test_navigation_lists_every_hand_written_page() -> None:
    script = (DOCS / "scripts" / "gen_catalogue.py").read_text(encoding="utf-8")
    assignment = next(
        node
        for node in ast.walk(ast.parse(script))
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "GUIDE_PAGES"
    )
    listed = [path for _, path in ast.literal_eval(assignment.value)]
    assert {"index.md", "guide.md", "app-builders.md", "api.md", "versioning.md", "contributing.md"} <= set(listed)
    assert {p.name for p in DOCS.glob("*.md")} <= set(listed)


def test_mkdocs_config_builds_strictly_with_the_generator() -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["strict"] is True
    assert config["theme"]["name"] == "material"
    plugins = {next(iter(p)) if isinstance(p, dict) else p: p for p in config["plugins"]}
    assert {"search", "gen-files", "literate-nav", "mkdocstrings"} <= set(plugins)
    for script in plugins["gen-files"]["gen-files"]["scripts"] + config["hooks"]:
        assert (ROOT / script).is_file()


def test_doctest_blocks_are_fenced_outside_code() -> None:
    pytest.importorskip("mkdocs")
    import importlib
    import importlib.util

    spec = importlib.util.spec_from_file_location("docs_hooks", DOCS / "scripts" / "hooks.py")
    assert spec is not None
    assert spec.loader is not None
    hooks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hooks)
    markdown = importlib.import_module("markdown")
    md = markdown.Markdown(extensions=["fenced_code", hooks.DoctestFences()])
    html = md.convert(
        "Use :class:`~hipknowledge.KnowledgeBase` or :func:`hipknowledge.load`.\n\n"
        '>>> x = {"a": [1]}\n>>> x["a"][0]\n1\n\n```python\n>>> kept\n```\n'
    )
    assert "Use <code>KnowledgeBase</code> or <code>hipknowledge.load</code>." in html
    assert '<code class="language-pycon">&gt;&gt;&gt; x = {&quot;a&quot;: [1]}' in html
    assert "<blockquote>" not in html
    assert html.count("<pre>") == 2


# --------------------------------------------------------------------------- the generated reference pages


def load_script(name: str) -> types.ModuleType:
    """A module of docs/scripts, imported from its file (the folder is no package)."""
    spec = importlib.util.spec_from_file_location(f"docs_{name}", DOCS / "scripts" / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def reference() -> types.ModuleType:
    return load_script("reference")


def sections(text: str, level: str) -> dict[str, str]:
    """The sections of a page under headings of one level that have an anchor (``{ #id }``), by anchor."""
    found: dict[str, str] = {}
    for chunk in re.split(rf"^{level} ", text, flags=re.MULTILINE)[1:]:
        heading, _, body = chunk.partition("\n")
        anchor = re.search(r"\{ #([\w-]+) \}", heading)
        if anchor is not None:
            found[anchor.group(1)] = body.split("\n## ", 1)[0]
    return found


def table_rows(section: str) -> list[list[str]]:
    """The body rows of the Markdown table in a section, as cells."""
    rows = [line for line in section.splitlines() if line.startswith("| ")]
    return [[cell.strip() for cell in re.split(r"(?<!\\)\|", row)[1:-1]] for row in rows[1:]]


def public_models() -> set[type[BaseModel]]:
    return {
        value
        for name, value in vars(models).items()
        if isinstance(value, type)
        and issubclass(value, BaseModel)
        and value.__module__ == models.__name__
        and not name.startswith("_")
    }


def test_records_page_has_a_table_of_every_field_of_every_model(reference: types.ModuleType) -> None:
    text = reference.records_page()
    found = sections(text, "###")
    documented = public_models()
    assert set(hk.RECORD_TYPES) <= documented
    assert {hk.CareOption, hk.Innervation, hk.Review, hk.SourcePosition} <= documented
    assert set(found) == {model.__name__.lower() for model in documented}
    for model in documented:
        rows = table_rows(found[model.__name__.lower()])
        shapes = field_shapes(model)
        assert [row[0] for row in rows] == [f"`{shape.name}`" for shape in shapes], model.__name__
        for row, shape in zip(rows, shapes, strict=True):
            name, kind, required, meaning, values = row
            assert f"{required.split(',')[0]} {kind}" == shape.describe(), (model.__name__, shape.name)
            assert required.startswith("required" if shape.required else "optional")
            assert meaning == shape.description.replace("|", "\\|")
            assert meaning, f"{model.__name__}.{shape.name} has no description"
            if shape.vocabulary is not None:
                assert all(f"`{member.value}`" in values for member in shape.vocabulary), name
                assert f"vocabularies.md#{shape.vocabulary.__name__.lower()}" in values
            if shape.is_part:
                assert f"(#{shape.item.__name__.lower()})" in values
    assert hk.NOTICE in text


def test_vocabularies_page_lists_every_value_with_its_meaning(reference: types.ModuleType) -> None:
    found = sections(reference.vocabularies_page(), "##")
    assert set(found) == {vocabulary.__name__.lower() for vocabulary in hk.VOCABULARIES.values()}
    for name, vocabulary in hk.VOCABULARIES.items():
        section = found[vocabulary.__name__.lower()]
        assert f"`hipknowledge list {name}`" in section
        assert f"`hk.{vocabulary.__name__}`" in section
        summary = " ".join((vocabulary.__doc__ or "").strip().split("\n\n")[0].split())
        assert summary
        assert summary in section
        assert table_rows(section) == [[f"`{member.value}`", member.meaning] for member in vocabulary]


def test_reference_pages_link_only_to_pages_and_anchors_that_exist(reference: types.ModuleType) -> None:
    pages = reference.pages()
    anchors = {path: set(sections(text, "###")) | set(sections(text, "##")) for path, text in pages.items()}
    for path, text in pages.items():
        for target in re.findall(r"\]\(([^)]+)\)", text):
            page, _, anchor = target.partition("#")
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), page)) if page else path
            assert resolved in pages, target
            assert not anchor or anchor in anchors[resolved], target


def test_reference_pages_are_generated_and_in_the_navigation(reference: types.ModuleType) -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    plugins = {next(iter(p)): p for p in config["plugins"] if isinstance(p, dict)}
    assert "docs/scripts/gen_reference.py" in plugins["gen-files"]["gen-files"]["scripts"]
    assert [path for _, path in reference.PAGES] == list(reference.pages())
    navigation = (DOCS / "scripts" / "gen_catalogue.py").read_text(encoding="utf-8")
    assert 'for title, path in reference.PAGES:\n    nav["API reference", title] = path' in navigation
    api = (DOCS / "api.md").read_text(encoding="utf-8").split("\n## ", 1)[0]
    for _, path in reference.PAGES:
        assert f"]({path})" in api
