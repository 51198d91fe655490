"""The strict YAML reader: plain data in, lines out, anything else refused quickly."""

from __future__ import annotations

import pytest

from hipknowledge import _yaml


def test_lines_of_nested_values() -> None:
    data, lines = _yaml.parse("a: 1\nb:\n  - x: 2\n    y: 'three'\n")
    assert data == {"a": 1, "b": [{"x": 2, "y": "three"}]}
    assert lines[("b", 0, "y")] == 4


def test_yes_no_keys_stay_text() -> None:
    data, _ = _yaml.parse("on: 2026-01-01\nno: x\n")
    assert set(data) == {"on", "no"}


def test_duplicate_key_refused() -> None:
    with pytest.raises(_yaml.YamlRefusedError, match="'a' appears twice") as caught:
        _yaml.parse("a: 1\na: 2\n")
    assert caught.value.line == 2


def test_python_tag_never_runs() -> None:
    with pytest.raises(_yaml.YamlRefusedError, match="tag"):
        _yaml.parse("x: !!python/object/apply:builtins.exec ['raise SystemExit']\n")


def test_alias_bomb_refused_at_once() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    # refused at the first anchor, on line 1, before a single alias could expand
    with pytest.raises(_yaml.YamlRefusedError, match="anchor '&a'") as caught:
        _yaml.parse(bomb)
    assert caught.value.line == 1


def test_oversized_and_deeply_nested_documents_refused() -> None:
    with pytest.raises(_yaml.YamlRefusedError, match="bytes"):
        _yaml.parse("a: " + "x" * (_yaml.MAX_BYTES + 1))
    with pytest.raises(_yaml.YamlRefusedError, match="nesting"):
        _yaml.parse("[" * 200 + "]" * 200)


def test_empty_document() -> None:
    assert _yaml.parse("") == (None, {})
