"""The benchmark script loads and formats its table; the benchmark itself runs with ``make bench``."""

from __future__ import annotations

import runpy
from pathlib import Path
from typing import Any

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "run.py"


@pytest.fixture(scope="module")
def bench() -> dict[str, Any]:
    """The script's names, loaded without running it."""
    return runpy.run_path(str(SCRIPT))


def test_the_table_shows_each_figure_with_its_result(bench: dict[str, Any]) -> None:
    row = bench["Row"]
    rows = [
        row("time", "150 ms", "pycountry: 80 ms", 1.875, "≤ 1.0x", False),
        row("query", "40 ns", goal="< 2 µs", met=True),
        row("search", "1 ms"),
    ]
    assert bench["format_table"](rows).splitlines() == [
        "| figure | ours | reference | ratio | goal | result |",
        "|---|---|---|---|---|---|",
        "| time | 150 ms | pycountry: 80 ms | 1.88x | ≤ 1.0x | missed |",
        "| query | 40 ns | — | — | < 2 µs | met |",
        "| search | 1 ms | — | — | — | info |",
    ]


def test_durations_take_the_unit_that_suits_them(bench: dict[str, Any]) -> None:
    assert [bench["duration"](s) for s in (4.2e-8, 1.5e-6, 0.1234, 20.0)] == ["42 ns", "1.5 µs", "123 ms", "20 s"]
