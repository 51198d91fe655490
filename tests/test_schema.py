"""JSON Schema: generated from the models, committed in sync, and agreeing with the loader on the data."""

from __future__ import annotations

import datetime
import io
import json
import re
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from hipknowledge import _schema, _yaml
from hipknowledge.cli import main
from hipknowledge.models import KIND_BY_FOLDER

from .paths import MINI

#: The installed package's files (the source tree in development, site-packages when testing a wheel).
DATA = Path(str(files("hipknowledge") / "data"))
SHIPPED = Path(str(_schema.shipped_schemas()))
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out)
    return code, out.getvalue()


def plain(value: Any) -> Any:
    """YAML data as JSON sees it: dates are strings, as an editor's YAML 1.2 reader leaves them."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def load_yaml(path: Path) -> Any:
    data, _lines = _yaml.parse(path.read_text(encoding="utf-8"))
    return plain(data)


def validator(name: str) -> Draft202012Validator:
    schema = json.loads((SHIPPED / _schema.file_name(name)).read_text(encoding="utf-8"))
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def errors(name: str, data: Any) -> list[str]:
    return sorted(f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(name).iter_errors(data))


def record_files(root: Path) -> Iterator[tuple[str, Path]]:
    for folder, model in KIND_BY_FOLDER.items():
        for path in sorted((root / folder).glob("*.yaml")):
            yield model.kind_name, path


# --------------------------------------------------------------------------- in sync, well formed


def test_committed_schemas_match_the_models() -> None:
    stale = _schema.stale_files(SHIPPED)
    assert not stale, f"schemas out of date with the models: {stale}; run: hipknowledge schema --write {SHIPPED}"


def test_no_stray_schema_files() -> None:
    expected = {_schema.file_name(name) for name in _schema.SCHEMA_NAMES}
    assert {p.name for p in SHIPPED.glob("*.json")} == expected


@pytest.mark.parametrize("name", _schema.SCHEMA_NAMES)
def test_schema_is_valid_draft_2020_12_with_id_and_title(name: str) -> None:
    schema = _schema.schema_for(name)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].endswith(f"/schemas/{name}.schema.json")
    assert schema["title"].startswith("hipknowledge ")
    assert schema["description"]


def walk_properties(node: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        yield from node.get("properties", {}).items()
        for value in node.values():
            yield from walk_properties(value)
    elif isinstance(node, list):
        for item in node:
            yield from walk_properties(item)


@pytest.mark.parametrize("name", _schema.SCHEMA_NAMES)
def test_every_field_and_vocabulary_is_described_for_editors(name: str) -> None:
    schema = _schema.schema_for(name)
    for field, prop in walk_properties({k: v for k, v in schema.items() if k not in {"if", "then", "else"}}):
        assert prop.get("description"), f"{name}: field {field!r} has no description"
        assert "title" not in prop, f"{name}: field {field!r} carries pydantic's generated title"
    for def_name, node in schema.get("$defs", {}).items():
        assert node.get("description"), f"{name}: {def_name} has no description"
        if "enum" in node:
            assert "One of: " in node["description"]
    text = json.dumps(schema)
    assert ">>>" not in text, "a doctest leaked into a description"


def test_id_fields_say_which_records_they_name() -> None:
    exercise = _schema.schema_for("exercise")["properties"]["primary_muscles"]
    assert exercise["x-refers-to"] == ["muscle"]
    assert "Each item is the ID of a muscle (data/muscles/)" in exercise["description"]
    care = _schema.schema_for("condition")["$defs"]["CareOption"]["properties"]["intervention"]
    assert care["x-refers-to"] == ["technique", "exercise", "treatment"]


# --------------------------------------------------------------------------- the data against the schemas


def test_every_data_file_names_the_schema_of_its_kind() -> None:
    for kind, path in record_files(DATA):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        match = MODELINE.match(first)
        assert match, f"{path}: first line should be '# yaml-language-server: $schema=...'"
        target = (path.parent / match.group(1)).resolve()
        assert target == (SHIPPED / _schema.file_name(kind)).resolve(), f"{path} names {match.group(1)}"


def test_every_shipped_record_validates_against_its_schema() -> None:
    checked = 0
    for kind, path in record_files(DATA):
        assert errors(kind, load_yaml(path)) == [], path
        checked += 1
    assert checked >= 100


def test_manifest_and_deprecations_validate() -> None:
    assert errors("manifest", load_yaml(DATA / "manifest.yaml")) == []
    assert errors("deprecations", load_yaml(DATA / "deprecated.yaml")) == []
    assert errors("deprecations", load_yaml(MINI / "deprecated.yaml")) == []


def test_the_mini_fixture_validates_against_the_schemas() -> None:
    for kind, path in record_files(MINI):
        assert errors(kind, load_yaml(path)) == [], path


# --------------------------------------------------------------------------- what an editor flags


def muscle() -> dict[str, Any]:
    data: dict[str, Any] = load_yaml(MINI / "muscles" / "alpha-flexor.yaml")
    return data


def test_editor_flags_a_wrong_enum_value() -> None:
    data = muscle()
    data["actions"][0]["movement"] = "hip-flex"
    (found,) = errors("muscle", data)
    assert found.startswith("actions/0/movement: 'hip-flex' is not one of ['hip-flexion'")


def test_editor_flags_a_misspelt_field_and_a_missing_one() -> None:
    data = muscle()
    data["insertoin"] = data.pop("insertion")
    found = errors("muscle", data)
    assert any("'insertion' is a required property" in e for e in found)
    assert any("'insertoin' was unexpected" in e for e in found)


def test_editor_flags_a_malformed_id_and_a_bad_date() -> None:
    data = muscle()
    data["groups"] = ["Front_Group"]
    data["review"]["on"] = "2026-13-01"
    found = errors("muscle", data)
    assert any(e.startswith("groups/0: 'Front_Group' does not match") for e in found)
    assert any(e.startswith("review/on: '2026-13-01' is not a 'date'") for e in found)


def test_editor_flags_what_the_muscle_validator_forbids() -> None:
    data = muscle()
    data["crosses_hip"] = False
    assert any(e.startswith("actions: ") for e in errors("muscle", data))
    data.pop("actions")
    assert errors("muscle", data) == []
    data["crosses_hip"] = True
    assert errors("muscle", data) == [": 'actions' is a required property"]


# --------------------------------------------------------------------------- the command


def test_schema_command_prints_one_schema() -> None:
    code, text = run("schema", "technique")
    assert code == 0
    assert json.loads(text) == _schema.schema_for("technique")


def test_schema_command_lists_the_shipped_files() -> None:
    code, text = run("schema", "--json")
    assert code == 0
    listed = json.loads(text)
    assert list(listed) == list(_schema.SCHEMA_NAMES)
    assert all(Path(path).is_file() for path in listed.values())


def test_schema_command_rejects_an_unknown_kind(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("schema", "musle")[0] == 2
    assert "unknown kind 'musle'" in capsys.readouterr().err


def test_schema_check_and_write(tmp_path: Path) -> None:
    code, text = run("schema", "--check", str(tmp_path))
    assert code == 1
    assert f"run: hipknowledge schema --write {tmp_path}" in text
    assert run("schema", "--write", str(tmp_path))[0] == 0
    (tmp_path / "muscle.schema.json").write_text("{}\n", encoding="utf-8")
    code, text = run("schema", "--check", str(tmp_path))
    assert (code, text.splitlines()[0]) == (1, f"{tmp_path / 'muscle.schema.json'}: out of date with the models")
    code, text = run("schema", "--write", str(tmp_path))
    assert (code, text.splitlines()) == (
        0,
        [f"wrote {tmp_path / 'muscle.schema.json'}", f"1 of 12 schemas changed in {tmp_path}"],
    )
    assert run("schema", "--check", str(tmp_path))[0] == 0
