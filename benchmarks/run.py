"""Measure what users feel: time to the first answer, peak memory, a query's cost, growth with content size.

Run from the repository root::

    make bench                                   # or: .venv/bin/python benchmarks/run.py
    .venv/bin/python benchmarks/run.py --quick   # fewer runs and 10x content: a smoke test

The package is measured as users get it: the wheel is built, installed with pycountry (the
reference) into one scratch virtual environment, and every measured process runs that
environment's python, never ``src/``. The script prints a Markdown table and writes no file.
Goals are reported, not asserted: the exit status is 0 unless the run itself failed.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = ROOT / "src" / "hipknowledge" / "data"
SCHEMAS = ROOT / "src" / "hipknowledge" / "schemas"

OURS = "import hipknowledge as hk; hk.load().lookup('psoas-major')"
PYCOUNTRY = "import pycountry; pycountry.countries.get(alpha_2='DE'); pycountry.subdivisions.get(code='DE-BY')"
# Whole processes, run in turns; the first two are compared, the others are there for scale.
PROCESSES = {
    "ours": OURS,
    "pycountry": PYCOUNTRY,
    "bare interpreter": "pass",
    "pydantic import": "from pydantic import BaseModel",
    "hipknowledge import": "import hipknowledge",
}
# Run in a fresh process by the scale figure: the seconds each of N loads of one directory takes.
LOAD_TIMES = """import sys, time
from hipknowledge import KnowledgeBase
times = []
for _ in range(int(sys.argv[2])):
    start = time.perf_counter()
    KnowledgeBase.from_directory(sys.argv[1])
    times.append(time.perf_counter() - start)
print(*times)"""
QUERY_GOAL = 2e-6  # seconds per call
CLEAN_ENV = {name: value for name, value in os.environ.items() if not name.startswith("PYTHON")}
GNU_TIME = Path("/usr/bin/time")
SELF_PEAK = (
    "import resource, sys; exec(sys.argv[1]); "
    "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)"
)


@dataclass(frozen=True)
class Row:
    """One line of the table; ``met`` is None for a figure reported without a goal."""

    figure: str
    ours: str = "—"
    reference: str = "—"
    ratio: float | None = None
    goal: str = "—"
    met: bool | None = None


def format_table(rows: Sequence[Row]) -> str:
    """The rows as a Markdown table."""
    lines = ["| figure | ours | reference | ratio | goal | result |", "|---|---|---|---|---|---|"]
    for row in rows:
        ratio = "—" if row.ratio is None else f"{row.ratio:.2f}x"
        result = "info" if row.met is None else "met" if row.met else "missed"
        lines.append(f"| {row.figure} | {row.ours} | {row.reference} | {ratio} | {row.goal} | {result} |")
    return "\n".join(lines)


def duration(seconds: float) -> str:
    """``seconds`` in the unit that suits it: ns, µs, ms or s."""
    for unit, scale in (("ns", 1e-9), ("µs", 1e-6), ("ms", 1e-3)):
        if seconds < 1000 * scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds:.3g} s"


def spread(values: Sequence[float], show: Callable[[float], str] = duration) -> str:
    """Median, then (min–max)."""
    return f"{show(statistics.median(values))} ({show(min(values))}–{show(max(values))})"


def mib(kib: float) -> str:
    return f"{kib / 1024:.1f} MiB"


def check(command: Sequence[str | Path]) -> str:
    """Run ``command``; its output, or the run fails showing what it printed."""
    done = subprocess.run([str(part) for part in command], env=CLEAN_ENV, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"failed: {' '.join(map(str, command))}\n{done.stdout}{done.stderr}")
    return done.stdout


def scratch_python(tmp: Path) -> Path:
    """Build the wheel, install it and pycountry into a new virtual environment; its python."""
    print("building the wheel and the scratch environment...", file=sys.stderr)
    check([sys.executable, "-m", "build", "--wheel", "--outdir", tmp / "dist", ROOT])
    check([sys.executable, "-m", "venv", tmp / "venv"])
    python = tmp / "venv" / "bin" / "python"
    check([python, "-m", "pip", "install", "--quiet", *sorted((tmp / "dist").glob("*.whl")), "pycountry"])
    return python


def wall_time(python: Path, code: str) -> float:
    """Seconds from starting ``python -c code`` to its exit, its output discarded."""
    start = time.perf_counter()
    subprocess.run([python, "-c", code], env=CLEAN_ENV, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def peak_kib(python: Path, code: str) -> int:
    """The largest resident size of ``python -c code``, in KiB.

    GNU time reports it for the one process it starts. Without it, the process reports its own,
    which also counts the memory of this script at the moment it started the process.
    """
    command: list[str | Path]
    if sys.platform.startswith("linux") and GNU_TIME.exists():
        command = [GNU_TIME, "-f", "%M", python, "-c", code]
    else:
        command = [python, "-c", SELF_PEAK, code]
    done = subprocess.run(
        command, env=CLEAN_ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True
    )
    peak = int(done.stderr.split()[-1])
    return peak // 1024 if sys.platform == "darwin" else peak  # macOS counts bytes


def first_answer(python: Path, runs: int, warmups: int) -> list[Row]:
    """Whole processes, in turns (A, B, C, ...), after ``warmups`` rounds left out; then their peak memory."""
    times: dict[str, list[float]] = {name: [] for name in PROCESSES}
    memory: dict[str, list[float]] = {name: [] for name in PROCESSES}
    for turn in range(warmups + runs):
        for name, code in PROCESSES.items():
            elapsed = wall_time(python, code)
            if turn >= warmups:
                times[name].append(elapsed)
                memory[name].append(peak_kib(python, code))
    rows = []
    for figure, values, show, goal in (
        ("time to first answer", times, duration, 1.0),
        ("peak memory", memory, mib, 1.2),
    ):
        ratio = statistics.median(values["ours"]) / statistics.median(values["pycountry"])
        ours, theirs = spread(values["ours"], show), spread(values["pycountry"], show)
        rows.append(Row(f"{figure}: `{OURS}`", ours, f"pycountry: {theirs}", ratio, f"≤ {goal}x", ratio <= goal))
        for name, code in list(PROCESSES.items())[2:]:
            rows.append(Row(f"  {figure}, reference: `{code}`", reference=spread(values[name], show)))
    return rows


def query_costs(python: Path, repeat: int) -> tuple[list[Row], list[str]]:
    """One row per query, and notes: the worst, the missing ones."""
    found: dict[str, Any] = json.loads(check([python, HERE / "queries.py", str(repeat)]))
    rows = [
        Row(f"`kb.{label}` with `{argument}`, per call", duration(cost), goal="< 2 µs", met=cost < QUERY_GOAL)
        for label, (argument, cost) in found["costs"].items()
    ]
    if found["search"] is not None:
        rows.append(Row("`kb.search('hip flexor')`, per call", duration(found["search"])))
    worst = max(found["costs"].items(), key=lambda item: item[1][1])
    notes = [f"Worst query: `kb.{worst[0]}` at {duration(worst[1][1])} per call."]
    if found["missing"]:
        notes.append(f"Not in the API of this run, so not measured: {', '.join(found['missing'])}.")
    return rows, notes


class TextKeys(yaml.SafeLoader):
    """Reads mapping keys as text, as the package does (PyYAML alone reads the key ``on`` as True)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Hashable, Any]:
        return {self.construct_scalar(key): self.construct_object(value, deep=True) for key, value in node.value}


def reference_fields() -> set[str]:
    """Field names that the package's JSON Schemas mark as references (``x-refers-to``) wherever they occur."""
    marked: dict[str, set[bool]] = {}

    def walk(schema: Any) -> None:
        if isinstance(schema, dict):
            for name, field in schema.get("properties", {}).items():
                marked.setdefault(name, set()).add("x-refers-to" in field)
            for item in schema.values():
                walk(item)
        elif isinstance(schema, list):
            for item in schema:
                walk(item)

    for path in SCHEMAS.glob("*.schema.json"):
        walk(json.loads(path.read_text("utf-8")))
    return {name for name, flags in marked.items() if flags == {True}}


def write_copies(target: Path, copies: int) -> int:
    """Write ``copies`` copies of the shipped YAML content to ``target``; the number of records.

    Copy 1 is the shipped content; copy k suffixes every ID with ``-ck``, and every reference
    to a record the same way, so that each copy refers only to itself. A string equal to an ID
    is not always a reference: the tool ``massage-ball`` shares its name with a technique.
    """
    folders = sorted(p for p in DATA.iterdir() if p.is_dir() and any(p.glob("*.yaml")))
    shipped = {
        f.name: {p.stem: yaml.load(p.read_text("utf-8"), TextKeys) for p in sorted(f.glob("*.yaml"))} for f in folders
    }
    ids = {record_id for records in shipped.values() for record_id in records}
    references = reference_fields()

    def renamed(value: Any, suffix: str, reference: bool = False) -> Any:
        if isinstance(value, str):
            return value + suffix if reference and value in ids else value
        if isinstance(value, list):
            return [renamed(item, suffix, reference) for item in value]
        if isinstance(value, dict):
            return {key: renamed(item, suffix, key in references) for key, item in value.items()}
        return value

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    target.mkdir(parents=True)
    for name in ("manifest.yaml", "deprecated.yaml"):
        if (DATA / name).exists():
            (target / name).write_bytes((DATA / name).read_bytes())
    for folder, records in shipped.items():
        (target / folder).mkdir()
        for copy in range(1, copies + 1):
            suffix = f"-c{copy}" if copy > 1 else ""
            for record_id, data in records.items():
                record = {**renamed(data, suffix), "id": record_id + suffix}
                text = yaml.dump(record, Dumper=dumper, allow_unicode=True, sort_keys=False)
                (target / folder / f"{record_id}{suffix}.yaml").write_text(text, encoding="utf-8")
    return sum(len(records) for records in shipped.values()) * copies


def growth(python: Path, tmp: Path, copies: int, runs: int) -> tuple[list[Row], list[str]]:
    """Per-record ``from_directory`` time at ``copies``x against 1x, in fresh processes, in turns."""
    notes = [
        "The scale figures parse YAML through `KnowledgeBase.from_directory` (the contributor's path), not the bundle."
    ]
    one = write_copies(tmp / "x1", 1)

    def load(directory: Path, times: int) -> list[float]:
        return [float(t) for t in check([python, "-c", LOAD_TIMES, directory, str(times)]).split()]

    many = write_copies(tmp / f"x{copies}", copies)
    first = load(tmp / f"x{copies}", 1)[0]  # a warm-up, and a check that a run fits in a minute
    if first > 60 and copies > 20:
        notes.append(f"At {copies}x one load took {first:.0f} s, so the scale is measured at 20x instead.")
        copies, many = 20, write_copies(tmp / "x20", 20)
    cold: list[float] = []
    warm: list[float] = []
    large: list[float] = []
    for _ in range(runs):
        cold_one, warm_one = load(tmp / "x1", 2)
        cold.append(cold_one / one)
        warm.append(warm_one / one)
        large.append(load(tmp / f"x{copies}", 1)[0] / many)
    ratio = statistics.median(large) / statistics.median(cold)
    figure = f"`from_directory` time per record, {copies}x ({many} records) against 1x ({one}), fresh processes"
    rows = [
        Row(figure, spread(large), spread(cold), ratio, "≤ 2x", ratio <= 2),
        Row(
            "  the same against 1x's second load in the process (no one-off imports)",
            spread(large),
            spread(warm),
            statistics.median(large) / statistics.median(warm),
        ),
    ]
    return rows, notes


def machine(python: Path) -> str:
    versions = check(
        [python, "-c", "import importlib.metadata as m; print(*map(m.version, ('pydantic', 'pycountry')))"]
    )
    pydantic, pycountry = versions.split()
    return (
        f"Python {platform.python_version()}; {platform.platform()}; {os.cpu_count()} CPUs; "
        f"pydantic {pydantic}; pycountry {pycountry}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer runs and 10x content: a smoke test")
    quick = parser.parse_args(argv).quick
    runs, warmups, repeat, copies, scale_runs = (3, 1, 3, 10, 1) if quick else (20, 2, 7, 100, 3)
    started = time.perf_counter()
    home = Path.cwd()
    with tempfile.TemporaryDirectory(prefix="hipknowledge-bench-") as name:
        tmp = Path(name)
        os.chdir(tmp)  # every process starts here, where no stray module can shadow the installed ones
        python = scratch_python(tmp)
        print("time to first answer and peak memory...", file=sys.stderr)
        rows = first_answer(python, runs, warmups)
        print("query costs...", file=sys.stderr)
        query_rows, notes = query_costs(python, repeat)
        print(f"scale ({copies}x)...", file=sys.stderr)
        scale_rows, scale_notes = growth(python, tmp, copies, scale_runs)
        about = machine(python)
        os.chdir(home)
    rows += query_rows + scale_rows
    goals = [row.met for row in rows if row.met is not None]
    print(f"Goals met: {sum(goals)} of {len(goals)}.\n")
    print(f"- Date: {datetime.date.today().isoformat()}")
    print(f"- Machine: {about}")
    print(
        f"- Runs: {runs} of each process, in turns, after {warmups} warm-up rounds; "
        f"queries: fastest of {repeat} timeit repeats; scale: {scale_runs} runs each, in turns; "
        f"{time.perf_counter() - started:.0f} s in all{' (--quick)' if quick else ''}."
    )
    print("- Cells show the median, then (min–max).\n")
    print(format_table(rows))
    print()
    for note in notes + scale_notes:
        print(note)
    return 0


if __name__ == "__main__":
    sys.exit(main())
