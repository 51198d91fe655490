"""Fuzzing the loader with mutated copies of the real data files: only ContentError, always a file, no hang."""

from __future__ import annotations

import datetime
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import hipknowledge as hk
from hipknowledge import _yaml

from .paths import ROOT

pytestmark = pytest.mark.slow

DATA = ROOT / "src" / "hipknowledge" / "data"
FILES = sorted(p.relative_to(DATA).as_posix() for p in DATA.rglob("*.yaml"))
IDS = sorted(p.stem for p in DATA.glob("*/*.yaml"))
Path_ = tuple[str | int, ...]

# --------------------------------------------------------------------------- mutations


def _paths(value: Any, here: Path_ = ()) -> Iterator[Path_]:
    """Every location inside parsed YAML, the root excluded."""
    items: Any = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        yield (*here, key)
        yield from _paths(item, (*here, key))


def _set(data: Any, path: Path_, value: Any) -> None:
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    parent[path[-1]] = value


def _get(data: Any, path: Path_) -> Any:
    for part in path:
        data = data[part]
    return data


def _drop(data: Any, path: Path_) -> None:
    parent = _get(data, path[:-1])
    del parent[path[-1]]


OTHER_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.dates(),
    st.lists(st.text(max_size=6), max_size=3),
    st.dictionaries(st.text(max_size=6), st.integers(), max_size=3),
)

HOSTILE_SNIPPETS = [
    "!!python/object/apply:os.system ['true'] ",
    "!custom ",
    "&anchor ",
    "*alias ",
    "<<: ",
    "{",
    "[",
    "'",
    '"',
    "\t",
    "- ",
    ": ",
    "? ",
    "%YAML 1.1\n---\n",
    "\n---\n",
    "\x00",
    "\ufeff",
    "\x1b[31m",
]


@st.composite
def structural(draw: st.DrawFn, data: Any) -> str:
    """Re-dump ``data`` after dropping, retyping or breaking values, deepening or inflating them."""
    paths = list(_paths(data))
    for _ in range(draw(st.integers(1, 3))):
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        action = draw(st.sampled_from(["drop", "retype", "break-ref", "nest", "huge", "rename"]))
        try:
            if action == "drop":
                _drop(data, path)
            elif action == "retype":
                _set(data, path, draw(OTHER_VALUES))
            elif action == "break-ref":
                refs = [p for p in paths if isinstance(_get(data, p), str) and _get(data, p) in IDS]
                target = draw(st.sampled_from(refs)) if refs else path
                broken = draw(st.one_of(st.sampled_from(IDS), st.from_regex(r"\A[a-z]{1,8}(-[a-z0-9]{1,6}){0,3}\Z")))
                _set(data, target, broken)
            elif action == "nest":
                value = _get(data, path)
                for _ in range(draw(st.integers(1, 60))):
                    value = [value] if draw(st.booleans()) else {"k": value}
                _set(data, path, value)
            elif action == "huge":
                size = draw(st.sampled_from([5_000, 100_000, _yaml.MAX_BYTES + 1]))
                _set(data, path, draw(st.sampled_from("xé\u2028 ")) * size)
            else:
                parent = _get(data, path[:-1])
                if isinstance(parent, dict):
                    parent[draw(st.text(min_size=1, max_size=12))] = parent.pop(path[-1])
        except (KeyError, IndexError, TypeError):
            pass  # an earlier change removed or replaced this location
        paths = list(_paths(data))
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10_000)


@st.composite
def textual(draw: st.DrawFn, text: str) -> str:
    """Duplicate a key, or slip tags, anchors and stray syntax into a line."""
    lines = text.splitlines(keepends=True) or [""]
    for _ in range(draw(st.integers(1, 3))):
        index = draw(st.integers(0, len(lines) - 1))
        line = lines[index]
        if draw(st.booleans()) and re.match(r"^\s*-?\s*[a-z_']+:", line):
            lines.insert(index + 1, line if line.endswith("\n") else line + "\n")  # the key twice
        else:
            at = line.find(": ") + 2 if ": " in line and draw(st.booleans()) else draw(st.integers(0, len(line)))
            lines[index] = line[:at] + draw(st.sampled_from(HOSTILE_SNIPPETS)) + line[at:]
    return "".join(lines)


@st.composite
def binary(draw: st.DrawFn, raw: bytes) -> bytes:
    """Random bytes inserted, bytes overwritten, the file cut short."""
    data = bytearray(raw)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["insert", "overwrite", "truncate"]))
        if action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif action == "overwrite":
            chunk = draw(st.binary(min_size=1, max_size=16))
            data[at : at + len(chunk)] = chunk
        else:
            del data[at:]
    return bytes(data)


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, bytes]:
    """A real data file (relative path) and a mutation of its bytes."""
    name = draw(st.sampled_from(FILES))
    raw = (DATA / name).read_bytes()
    text = raw.decode("utf-8")
    kind = draw(st.sampled_from(["structural", "textual", "binary"]))
    if kind == "structural":
        data, _ = _yaml.parse(text)
        return name, draw(structural(data)).encode("utf-8")
    if kind == "textual":
        return name, draw(textual(text)).encode("utf-8", "surrogatepass")
    return name, draw(binary(raw))


# --------------------------------------------------------------------------- properties


def check(root: Path) -> None:
    """Loading ``root`` succeeds or raises ContentError whose every problem names a file in ``root``."""
    try:
        hk.KnowledgeBase.from_directory(root)
    except hk.ContentError as error:
        problems, message = error.problems, str(error)
    else:
        return
    assert problems
    assert message.startswith(f"{len(problems)} problem")
    for problem in problems:
        assert Path(problem.file).exists(), problem
        assert Path(problem.file).resolve().is_relative_to(root.resolve()), problem


def test_unchanged_copy_loads(tmp_path: Path) -> None:
    shutil.copytree(DATA, tmp_path / "data")
    assert len(hk.KnowledgeBase.from_directory(tmp_path / "data")) == len(IDS)


@settings(max_examples=150, deadline=datetime.timedelta(seconds=10))
@given(mutated())
def test_a_mutated_file_on_its_own(change: tuple[str, bytes]) -> None:
    name, content = change
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "data"
        for meta in ("manifest.yaml", "deprecated.yaml"):
            (root / meta).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(DATA / meta, root / meta)
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(content)
        check(root)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("template") / "data"
    shutil.copytree(DATA, root)
    return root


@settings(
    max_examples=15,
    deadline=datetime.timedelta(seconds=60),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.lists(mutated(), min_size=1, max_size=3, unique_by=lambda change: change[0]))
def test_mutated_files_in_the_whole_content(template: Path, changes: list[tuple[str, bytes]]) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "data"
        shutil.copytree(template, root)
        for name, content in changes:
            (root / name).write_bytes(content)
        check(root)


@pytest.mark.parametrize(
    "content",
    [
        b"\x00\x01\x02",
        b"\xff\xfe\x00\x00",
        b"id: x\r\nname: \x85\n",
        "id: x\nname: \ud800\n".encode("utf-8", "surrogatepass"),
        b"\xef\xbb\xbfid: psoas-major\n",
        b"",
        b"---\n...\n",
        b"id: [\n" * 1000,
    ],
)
def test_garbage_in_a_real_file_names_that_file(template: Path, tmp_path: Path, content: bytes) -> None:
    root = tmp_path / "data"
    shutil.copytree(template, root)
    (root / "muscles" / "psoas-major.yaml").write_bytes(content)
    with pytest.raises(hk.ContentError) as caught:
        hk.KnowledgeBase.from_directory(root)
    assert {p.file for p in caught.value.problems} >= {str(root / "muscles" / "psoas-major.yaml")}
    check(root)
