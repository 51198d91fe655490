"""Every ICD-10-CM code in the condition files is checked against the code set itself.

The condition YAML files are read directly with ``yaml.safe_load`` so that this test
depends only on the data, not on the package's loader. The code set is the release that
``simple-icd-10-cm`` ships (see the ``icd-10-cm`` source record for which one).
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import pytest
import yaml

with warnings.catch_warnings():
    # simple-icd-10-cm reads its data files at import time with importlib.resources.read_text,
    # which Python 3.11 and 3.12 mark as deprecated. The suite turns warnings into errors, so
    # without this the import would fail instead of being tested or skipped.
    warnings.simplefilter("ignore", DeprecationWarning)
    icd = pytest.importorskip("simple_icd_10_cm")

CONDITIONS = Path(__file__).resolve().parent.parent / "src" / "hipknowledge" / "data" / "conditions"


def _code_entries(system: str) -> list[Any]:
    """One pytest parameter per code entry of ``system``, named ``CODE-in-CONDITION`` so a failure names the code."""
    params = []
    for path in sorted(CONDITIONS.glob("*.yaml")):
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
        for entry in record.get("codes") or ():
            if entry["system"] == system:
                params.append(pytest.param(entry, id=f"{entry['code']}-in-{path.stem}"))
    return params


CODE_ENTRIES = _code_entries("ICD-10-CM")


def test_condition_files_carry_codes_to_check() -> None:
    # Guards against a moved data folder turning every parametrized test below into zero tests.
    assert sorted(CONDITIONS.glob("*.yaml")), f"no condition files in {CONDITIONS}"
    assert CODE_ENTRIES, "no ICD-10-CM codes found in the condition files"


@pytest.mark.parametrize("entry", CODE_ENTRIES)
def test_code_exists_in_icd_10_cm(entry: dict[str, Any]) -> None:
    assert icd.is_valid_item(entry["code"]), f"{entry['code']} is not in the ICD-10-CM code set"


@pytest.mark.parametrize("entry", CODE_ENTRIES)
def test_billable_equals_is_leaf(entry: dict[str, Any]) -> None:
    code = entry["code"]
    assert icd.is_valid_item(code), f"{code} is not in the ICD-10-CM code set"
    assert entry["billable"] is icd.is_leaf(code), (
        f"{code}: billable is {entry['billable']}, but is_leaf says {icd.is_leaf(code)}"
    )


@pytest.mark.parametrize("entry", CODE_ENTRIES)
def test_description_equals_code_set_description(entry: dict[str, Any]) -> None:
    code = entry["code"]
    assert icd.is_valid_item(code), f"{code} is not in the ICD-10-CM code set"
    assert entry["description"] == icd.get_description(code)


@pytest.mark.parametrize("entry", CODE_ENTRIES)
def test_a_side_matches_the_code_sets_description(entry: dict[str, Any]) -> None:
    side = entry.get("side")
    if side in ("right", "left"):
        assert side in icd.get_description(entry["code"]).lower()
