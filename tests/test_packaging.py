"""The wheel and sdist carry what they must, install and load in fresh environments, load from a zip, stay offline.

Slow, by nature (about a minute): these tests build the distributions once, then install
each into a fresh virtual environment. Everything runs from temporary directories, never
with the source tree on ``sys.path``.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path
from typing import Any

import pytest

import hipknowledge as hk
from hipknowledge import _bundle
from hipknowledge._canonical import fingerprint
from hipknowledge.versioning import changes, release_versions

from .paths import RELEASES, ROOT

pytestmark = pytest.mark.slow

PACKAGE = ROOT / "src" / "hipknowledge"
_VERSION = re.search(r'^version = "([^"]+)"', (ROOT / "pyproject.toml").read_text(encoding="utf-8"), re.MULTILINE)
assert _VERSION is not None
VERSION = _VERSION.group(1)

# Run inside the environment under test: what was imported, from where, and what it holds.
REPORT = """
import json, sys
import hipknowledge as hk
kb = hk.load()
from hipknowledge._canonical import fingerprint
print(json.dumps({
    "file": hk.__file__,
    "version": hk.__version__,
    "records": len(kb),
    "fingerprint": fingerprint(kb),
    "read_yaml": "yaml" in sys.modules,
    "lookup": kb.lookup("piriformis-syndrome").name,
}))
"""


# Run inside the environment under test: what changed since the first release, from the release files it carries.
CHANGES = """
import json
import hipknowledge as hk
from hipknowledge.versioning import changes, release_versions, releases_root
print(json.dumps({
    "root": str(releases_root()),
    "versions": release_versions(releases_root()),
    "content_version": hk.load().content_version,
    "changes": changes(since="1.0.0").as_json(),
}))
"""


def run(*command: str | Path, cwd: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(part) for part in command], cwd=cwd, capture_output=True, text=True, check=False)
    if check and done.returncode != 0:
        raise AssertionError(f"{command} failed:\n{done.stdout}\n{done.stderr}")
    return done


def report(python: Path | str, cwd: Path, *, path: Path | None = None, script: str = REPORT) -> dict[str, Any]:
    """Run ``script`` isolated from the environment (-I), with ``path`` first on sys.path if given."""
    prelude = "" if path is None else f"import sys; sys.path.insert(0, {str(path)!r})\n"
    done = run(python, "-I", "-c", prelude + script, cwd=cwd)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


@pytest.fixture(scope="module")
def source() -> hk.KnowledgeBase:
    """The content as the source tree's YAML gives it."""
    return hk.KnowledgeBase.from_directory(PACKAGE / "data")


@pytest.fixture(scope="module")
def dists(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The sdist, and the wheel built from that sdist (so the sdist must carry the build hook)."""
    out = tmp_path_factory.mktemp("dist")
    command: list[str | Path] = [sys.executable, "-m", "build", "--outdir", out, ROOT]
    try:
        import hatchling  # noqa: F401
    except ImportError:  # let build fetch hatchling into an isolated environment
        pass
    else:
        command.insert(3, "--no-isolation")
    run(*command, cwd=out)
    (wheel,) = out.glob("hipknowledge-*.whl")
    (sdist,) = out.glob("hipknowledge-*.tar.gz")
    return wheel, sdist


@pytest.fixture(scope="module")
def wheel(dists: tuple[Path, Path]) -> Path:
    return dists[0]


def package_files() -> set[str]:
    """Every file of the package in the source tree, as the wheel names it."""
    return {
        "hipknowledge/" + path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*")
        if path.is_file()
        and "__pycache__" not in path.parts
        and not path.name.startswith(".")
        and path.name != _bundle.BUNDLE_NAME
    }


def test_wheel_holds_every_file_and_nothing_from_tests(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    assert package_files() <= names, sorted(package_files() - names)
    data_files = {n for n in package_files() if n.startswith("hipknowledge/data/")}
    assert len(data_files) > 100
    assert {"hipknowledge/py.typed", f"hipknowledge/{_bundle.BUNDLE_NAME}"} <= names
    assert any(n.endswith(".schema.json") for n in names) == any(PACKAGE.rglob("*.schema.json"))
    outside = {n for n in names if not n.startswith(("hipknowledge/", f"hipknowledge-{VERSION}.dist-info/"))}
    assert not outside
    assert not [n for n in names if "tests/" in n or "conftest" in n or "__pycache__" in n or n.endswith(".pyc")]


def test_wheel_bundle_matches_the_wheel_yaml(wheel: Path, source: hk.KnowledgeBase) -> None:
    with zipfile.ZipFile(wheel) as archive:
        data = archive.read(f"hipknowledge/{_bundle.BUNDLE_NAME}")
        bundle = _bundle.read_bundle(data)
        assert bundle.inputs == _bundle.inputs_digest(zipfile.Path(archive, "hipknowledge/data/"))
    assert bundle.inputs == _bundle.inputs_digest(PACKAGE / "data")
    kb = hk.KnowledgeBase(bundle.records, bundle.manifest, bundle.deprecations)
    assert fingerprint(kb) == fingerprint(source)


def test_wheel_carries_every_release_byte_for_byte(wheel: Path) -> None:
    versions = release_versions(RELEASES)
    assert versions, "releases/ holds at least the first release"
    with zipfile.ZipFile(wheel) as archive:
        shipped = {n for n in archive.namelist() if n.startswith("hipknowledge/_releases/")}
        assert shipped == {
            f"hipknowledge/_releases/{v}/{f}" for v in versions for f in ("changes.json", "snapshot.json")
        }
        for name in shipped:
            assert archive.read(name) == (RELEASES / name.removeprefix("hipknowledge/_releases/")).read_bytes()


def expected_changes() -> dict[str, Any]:
    """What the checkout says changed since 1.0.0: an installed copy must say the same."""
    return changes(since="1.0.0").as_json()


def test_sdist_holds_the_build_hook_and_the_data(dists: tuple[Path, Path]) -> None:
    with tarfile.open(dists[1]) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    expected = {"hatch_build.py", "pyproject.toml", "README.md", "LICENSE", "LICENSE-CONTENT"}
    expected |= {"src/" + name for name in package_files()}
    assert expected <= names, sorted(expected - names)
    assert f"src/hipknowledge/{_bundle.BUNDLE_NAME}" not in names


@pytest.mark.parametrize("kind", ["wheel", "sdist"])
def test_installs_in_a_fresh_environment_and_loads_every_record(
    kind: str, dists: tuple[Path, Path], source: hk.KnowledgeBase, tmp_path: Path
) -> None:
    # pip fetches pydantic and PyYAML; for the sdist it also builds the wheel in isolation,
    # fetching hatchling, so the build hook runs exactly as it would for a user.
    run(sys.executable, "-m", "venv", tmp_path / "venv", cwd=tmp_path)
    python = tmp_path / "venv" / "bin" / "python"
    run(python, "-m", "pip", "install", "--quiet", dists[0] if kind == "wheel" else dists[1], cwd=tmp_path)
    found = report(python, tmp_path)
    assert Path(found["file"]).is_relative_to(tmp_path / "venv")
    assert found["version"] == VERSION
    assert (found["records"], found["fingerprint"]) == (len(source), fingerprint(source))
    assert found["read_yaml"] is False, "the installed package loads from its compiled bundle"
    assert found["lookup"] == "Piriformis syndrome"
    shown = run(tmp_path / "venv" / "bin" / "hipknowledge", "show", "psoas-major", "--json", cwd=tmp_path)
    assert json.loads(shown.stdout)["id"] == "psoas-major"
    # The release files come with it: apps read what changed, and diff finds the releases.
    carried = report(python, tmp_path, script=CHANGES)
    assert Path(carried["root"]) == Path(found["file"]).parent / "_releases"
    assert carried["versions"] == release_versions(RELEASES)
    assert carried["changes"] == expected_changes()
    assert carried["changes"]["until"] == carried["content_version"] == source.content_version
    compared = run(tmp_path / "venv" / "bin" / "hipknowledge", "diff", "1.0.0", "--json", cwd=tmp_path)
    assert json.loads(compared.stdout)["previous_version"] == "1.0.0"


def test_loads_from_the_wheel_as_a_zip_on_sys_path(wheel: Path, source: hk.KnowledgeBase, tmp_path: Path) -> None:
    found = report(sys.executable, tmp_path, path=wheel)
    assert found["file"].startswith(str(wheel))
    assert (found["records"], found["fingerprint"]) == (len(source), fingerprint(source))
    assert found["read_yaml"] is False


def test_tells_what_changed_from_the_wheel_as_a_zip(wheel: Path, tmp_path: Path) -> None:
    carried = report(sys.executable, tmp_path, path=wheel, script=CHANGES)
    assert carried["root"].startswith(str(wheel))
    assert carried["versions"] == release_versions(RELEASES)
    assert carried["changes"] == expected_changes()


def test_a_zip_without_bundle_reads_its_yaml(wheel: Path, source: hk.KnowledgeBase, tmp_path: Path) -> None:
    stripped = tmp_path / "stripped.zip"
    with zipfile.ZipFile(wheel) as original, zipfile.ZipFile(stripped, "w") as copy:
        for item in original.infolist():
            if not item.filename.endswith(_bundle.BUNDLE_NAME):
                copy.writestr(item, original.read(item))
    found = report(sys.executable, tmp_path, path=stripped)
    assert (found["records"], found["fingerprint"]) == (len(source), fingerprint(source))
    assert found["read_yaml"] is True


OFFLINE = """
import io, json, socket, sys, tempfile
attempts = []

def refuse(*args, **kwargs):
    attempts.append(repr(args)[:200])
    raise OSError("hipknowledge tried to use the network")

for name in ("connect", "connect_ex", "sendto", "sendmsg", "bind"):
    setattr(socket.socket, name, refuse)
socket.create_connection = refuse
socket.getaddrinfo = refuse
socket.gethostbyname = refuse
NETWORK = ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.sendto", "socket.bind", "urllib.")
sys.addaudithook(lambda event, args: attempts.append(event) if event.startswith(NETWORK) else None)

import hipknowledge as hk
from hipknowledge import cli
assert hk.__file__.startswith(sys.path[0]), hk.__file__
kb = hk.load()
kb.lookup("psoas-major"); kb.muscles_targeted_by("foam-rolling"); kb.search("IT band"); kb.fingerprint
commands = [["tour"], ["show", "psoas-major", "--json"], ["related", "psoas-major"], ["search", "IT band"],
            ["list", "muscles"], ["version"]]
if any(command.name == "export" for command in cli.COMMANDS):
    from hipknowledge.cli import _export
    scratch = tempfile.mkdtemp()
    for form in _export.FORMATS:
        if form == "graph":
            try:
                import networkx
            except ImportError:
                continue
        commands.append(["export", form, "-o", f"{scratch}/out.{form}"])
codes = {" ".join(argv): cli.main(argv, out=io.StringIO()) for argv in commands}
seen = list(attempts)
try:  # the guard itself works: a deliberate connection is caught
    socket.create_connection(("192.0.2.1", 80))
except OSError:
    pass
print(json.dumps({"attempts": seen, "guarded": len(attempts) > len(seen), "codes": codes}))
"""


def test_no_network_access(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    done = run(sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(site)!r})\n" + OFFLINE, cwd=tmp_path)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["attempts"] == []
    assert result["guarded"] is True
    assert len(result["codes"]) >= 6
    assert set(result["codes"].values()) == {0}, result["codes"]
