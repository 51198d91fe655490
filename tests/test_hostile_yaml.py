"""Hostile YAML (object tags, alias bombs, oversized or deeply nested documents) is refused before any work."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import hipknowledge as hk
from hipknowledge import _yaml

from .paths import read

Broken = Callable[[dict[str, str | None]], Path]

PYTHON_TAGS = [
    "!!python/object/apply:os.system ['echo pwned']",
    "!!python/object/new:subprocess.Popen [['echo', 'pwned']]",
    "!!python/object:builtins.object {}",
    "!!python/name:os.system",
    "!!python/module:os",
    "!!python/tuple [1, 2]",
    "!<tag:yaml.org,2002:python/object/apply:os.system> ['echo pwned']",
    "!!binary aGVsbG8=",
    "!!set {a, b}",
    "!custom value",
]


def billion_laughs(levels: int = 9) -> str:
    """The classic alias bomb: each level refers nine times to the one before."""
    lines = ["l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, levels):
        refs = ", ".join([f"*l{level - 1}"] * 9)
        lines.append(f"l{level}: &l{level} [{refs}]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("value", PYTHON_TAGS)
def test_object_tags_are_refused_and_never_constructed(value: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("a constructor ran")

    monkeypatch.setattr("os.system", forbidden)
    with pytest.raises(_yaml.YamlRefusedError, match="tag") as caught:
        _yaml.parse(f"id: x\nname: {value}\n")
    assert caught.value.line == 2


@pytest.mark.parametrize("where", ["key", "sequence", "mapping"])
def test_tags_on_keys_and_collections_are_refused(where: str) -> None:
    text = {
        "key": "? !!python/name:os.system\n: x\n",
        "sequence": "items: !!python/tuple\n- a\n",
        "mapping": "fields: !!python/object:builtins.object\n  a: 1\n",
    }[where]
    with pytest.raises(_yaml.YamlRefusedError, match="tag"):
        _yaml.parse(text)


def test_billion_laughs_is_refused_at_its_first_anchor() -> None:
    # Refused on line 1, at the anchor, before one alias is resolved: the expansion never starts.
    with pytest.raises(_yaml.YamlRefusedError, match="anchor '&l0'") as caught:
        _yaml.parse(billion_laughs())
    assert caught.value.line == 1


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("base: &b {a: 1}\nother:\n  <<: *b\n", "anchor '&b'"),
        ("a: *undefined\n", "alias '\\*undefined'"),
        ("- *x\n", "alias '\\*x'"),
        ("? &k key\n: value\n", "anchor '&k'"),
    ],
)
def test_merge_keys_and_aliases_are_refused(text: str, refused: str) -> None:
    with pytest.raises(_yaml.YamlRefusedError, match=refused):
        _yaml.parse(text)


def test_oversized_document_is_refused_before_parsing() -> None:
    # Invalid YAML past the size limit: the size is reported, so the parser never ran.
    text = "a: [" + "x, " * (_yaml.MAX_BYTES // 3 + 10)
    with pytest.raises(_yaml.YamlRefusedError, match="bytes") as caught:
        _yaml.parse(text)
    assert caught.value.expected == f"at most {_yaml.MAX_BYTES} bytes"


def test_multibyte_text_is_measured_in_bytes() -> None:
    text = "a: " + "é" * (_yaml.MAX_BYTES // 2 + 1)
    with pytest.raises(_yaml.YamlRefusedError, match="bytes"):
        _yaml.parse(text)


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000,
        "{a: " * 50_000,
        "".join(f"{' ' * depth}k:\n" for depth in range(600)),
        "- " * 20_000 + "x\n",
    ],
    ids=["flow-sequences", "flow-mappings", "block-mappings", "block-sequences"],
)
def test_deep_nesting_is_refused_without_recursion(text: str) -> None:
    with pytest.raises(_yaml.YamlRefusedError, match="nesting deeper than"):
        _yaml.parse(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("year: " + "9" * 5000 + "\n", "unreadable value"),
        ("on: 2026-13-45\n", "unreadable value"),
        ("a: 1\n---\nb: 2\n", "single document"),
        ("a: \x00\n", "unacceptable character #x0000"),
        ("a: ok\nb: \x1b[31m\n", "unacceptable character #x001b"),
        ("a: [1, 2\n", "a closed list"),
        ("? [a, b]\n: c\n", "not plain text"),
    ],
)
def test_unreadable_documents_are_refused(text: str, message: str) -> None:
    with pytest.raises(_yaml.YamlRefusedError, match=message):
        _yaml.parse(text)


@pytest.mark.parametrize(
    ("snippet", "message"),
    [
        *((f"name: {tag}\n", "tag") for tag in PYTHON_TAGS[:3]),
        (billion_laughs(), "anchor"),
        ("name: " + "[" * 5_000 + "\n", "nesting"),
        ("name: " + "x" * (_yaml.MAX_BYTES + 1) + "\n", "bytes"),
    ],
)
def test_loader_reports_hostile_files_as_content_errors(broken: Broken, snippet: str, message: str) -> None:
    text = read("muscles/alpha-flexor.yaml").replace("name: Alpha flexor\n", snippet)
    root = broken({"muscles/alpha-flexor.yaml": text})
    with pytest.raises(hk.ContentError) as caught:
        hk.KnowledgeBase.from_directory(root)
    # An oversized file is refused by its size before it is read ("too-big"), the rest by the parser.
    yaml_problems = [p for p in caught.value.problems if p.code in {"yaml", "too-big"}]
    assert len(yaml_problems) == 1
    assert yaml_problems[0].file == str(root / "muscles" / "alpha-flexor.yaml")
    assert message in str(yaml_problems[0].value)


def test_hostile_file_does_not_hide_other_problems(broken: Broken) -> None:
    bomb = read("muscles/alpha-flexor.yaml") + billion_laughs()
    misspelt = read("exercises/ex-bridge.yaml").replace("- beta-extensor", "- beta-extenser")
    root = broken({"muscles/alpha-flexor.yaml": bomb, "exercises/ex-bridge.yaml": misspelt})
    with pytest.raises(hk.ContentError) as caught:
        hk.KnowledgeBase.from_directory(root)
    assert {(Path(p.file).name, p.code) for p in caught.value.problems} >= {
        ("alpha-flexor.yaml", "yaml"),
        ("ex-bridge.yaml", "unknown-ref"),
    }
