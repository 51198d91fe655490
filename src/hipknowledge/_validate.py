"""What `hipknowledge validate` does: check working copies of the data, collecting every problem."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from hipknowledge import _loader, _pipeline
from hipknowledge.errors import Problem

__all__ = ["Report", "find_data_root", "validate_paths"]

DEFAULT_DATA = Path("src/hipknowledge/data")


@dataclass
class Report:
    """The outcome of one validation run."""

    problems: list[Problem] = field(default_factory=list)
    roots: list[str] = field(default_factory=list)
    records: int = 0

    @property
    def ok(self) -> bool:
        """True when nothing is wrong."""
        return not self.problems

    def summary(self) -> str:
        """One line for the end of the output."""
        where = ", ".join(self.roots) or "nothing"
        if self.ok:
            return f"ok: {self.records} records in {where}, no problems"
        files = len({p.file for p in self.problems})
        count = len(self.problems)
        return (
            f"FAILED: {count} problem{'s' if count != 1 else ''} in {files} file{'s' if files != 1 else ''} ({where})"
        )

    def as_json(self) -> dict[str, object]:
        """The report as plain data, for ``--json``."""
        return {
            "ok": self.ok,
            "records": self.records,
            "roots": self.roots,
            "problems": [
                {
                    "file": p.file,
                    "line": p.line,
                    "field": p.field,
                    "value": repr(p.value),
                    "expected": p.expected,
                    "code": p.code,
                }
                for p in self.problems
            ],
        }


def find_data_root(path: Path) -> Path | None:
    """The data directory ``path`` is, or lies in (the folder holding ``manifest.yaml``)."""
    for candidate in (path, *path.parents):
        if (candidate / _loader.MANIFEST).is_file():
            return candidate
    return None


def validate_paths(paths: Sequence[Path]) -> Report:
    """Validate data directories or single record files; a file is checked within its data directory."""
    report = Report()
    if not paths:
        if DEFAULT_DATA.is_dir():
            paths = [DEFAULT_DATA]
        else:
            content = _pipeline.read(_pipeline.shipped_root(), _pipeline.SHIPPED_LABEL)
            report.problems.extend(content.problems)
            report.roots.append("hipknowledge/data (installed)")
            report.records += len(content.records)
            return report
    wanted: dict[Path, set[str] | None] = {}
    for path in paths:
        if not path.exists():
            report.problems.append(
                Problem(str(path), None, "", str(path), "an existing file or directory", "no-such-path")
            )
            continue
        root = find_data_root(path if path.is_dir() else path.parent)
        if root is None:
            expected = "a path inside a data directory (a folder with manifest.yaml)"
            report.problems.append(Problem(str(path), None, "", str(path), expected, "no-data-root"))
            continue
        files = wanted.setdefault(root, set())
        if path.is_dir() and path.resolve() == root.resolve():
            wanted[root] = None  # the whole directory
        elif files is not None:
            files.update(
                str(root / p.relative_to(root)) for p in ([path] if path.is_file() else sorted(path.glob("*.yaml")))
            )
    for root, files in wanted.items():
        content = _pipeline.read(root, str(root))
        report.problems.extend(_loader.problems_in(content, files))
        report.roots.append(str(root))
        report.records += len(content.records) if files is None else len(files)
    return report
