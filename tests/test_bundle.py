"""The compiled bundle reads back to exactly what the YAML gives, and a damaged one is never trusted."""

from __future__ import annotations

import gc
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import hipknowledge as hk
from hipknowledge import _api, _bundle
from hipknowledge._versioning import fingerprint

from .conftest import MINI, ROOT, read

SHIPPED = ROOT / "src" / "hipknowledge" / "data"
Broken = Callable[[dict[str, str | None]], Path]


@pytest.fixture(scope="module")
def mini_bundle() -> bytes:
    return _bundle.compile_bundle(MINI, "mini")


@pytest.fixture(scope="module")
def shipped_bundle() -> bytes:
    return _bundle.compile_bundle(SHIPPED, "data")


def from_bundle(data: bytes, *, strict: bool = False) -> hk.KnowledgeBase:
    bundle = _bundle.read_bundle(data)
    return hk.KnowledgeBase(bundle.records, bundle.manifest, bundle.deprecations, strict=strict)


@pytest.mark.parametrize(("root", "name"), [(MINI, "mini_bundle"), (SHIPPED, "shipped_bundle")])
def test_bundle_reads_back_to_the_yaml_records(root: Path, name: str, request: pytest.FixtureRequest) -> None:
    data: bytes = request.getfixturevalue(name)
    yaml_kb = hk.KnowledgeBase.from_directory(root)
    bundle = _bundle.read_bundle(data)
    in_bundle_order = sorted(yaml_kb.records(), key=lambda r: (r.folder, r.id))
    assert [(r, r.model_fields_set) for r in bundle.records] == [(r, r.model_fields_set) for r in in_bundle_order]
    assert bundle.manifest == yaml_kb.manifest
    assert bundle.deprecations == tuple(yaml_kb.deprecations.values())
    assert fingerprint(from_bundle(data)) == fingerprint(yaml_kb)
    assert bundle.inputs == _bundle.inputs_digest(root)


def test_bundle_keeps_deprecations_and_strict_mode(mini_bundle: bytes) -> None:
    with pytest.warns(DeprecationWarning, match="'old-roll' is deprecated"):
        assert from_bundle(mini_bundle).lookup("old-roll").id == "tech-roll"
    with pytest.raises(hk.DeprecatedIdError, match="use 'tech-roll'"):
        from_bundle(mini_bundle, strict=True).lookup("old-roll")


def test_broken_content_does_not_compile(broken: Broken) -> None:
    text = read("exercises/ex-bridge.yaml").replace("- beta-extensor", "- beta-extenser")
    root = broken({"exercises/ex-bridge.yaml": text})
    with pytest.raises(hk.ContentError, match="did you mean 'beta-extensor'") as caught:
        _bundle.compile_bundle(root, str(root))
    (problem,) = caught.value.problems
    assert problem.file.endswith("exercises/ex-bridge.yaml")
    assert problem.line is not None


def test_digest_follows_every_data_file(tmp_path: Path) -> None:
    root = tmp_path / "data"
    shutil.copytree(MINI, root)
    before = _bundle.inputs_digest(root)
    (root / "__pycache__").mkdir()
    (root / "__pycache__" / "x.pyc").write_bytes(b"ignored")
    assert _bundle.inputs_digest(root) == before
    (root / "muscles" / "alpha-flexor.yaml").write_text(read("muscles/alpha-flexor.yaml") + "# edited\n")
    assert _bundle.inputs_digest(root) != before


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda d: d[: len(d) // 2], "lines"),
        (lambda d: d.replace(b'"format":1', b'"format":2', 1), "bundle format 1"),
        (lambda d: b"[]" + d[d.index(b"\n") :], "a JSON object"),
        (lambda d: b"{oops" + d[d.index(b"\n") :], "a JSON header"),
        (lambda d: d.replace(b'["muscles",4]', b'["muscle",4]', 1), "folder of records"),
        (lambda d: d.replace(b'"id":"alpha-flexor"', b'"id":"Alpha"', 1), "should match pattern"),
        (lambda d: d.replace(b'"depth":"superficial"', b'"depth":"shallow"', 1), "depth"),
        (lambda d: d + b"\n{}", "lines"),
    ],
)
def test_damaged_bundle_is_refused_with_its_line(
    mini_bundle: bytes, damage: Callable[[bytes], bytes], message: str
) -> None:
    with pytest.raises(hk.ContentError, match=message) as caught:
        _bundle.read_bundle(damage(mini_bundle), "pkg/_bundle.jsonl")
    assert all(p.file == "pkg/_bundle.jsonl" and p.code == "bundle" for p in caught.value.problems)


def test_a_bad_record_line_is_named(mini_bundle: bytes) -> None:
    lines = mini_bundle.split(b"\n")
    number = next(i for i, line in enumerate(lines, 1) if b'"id":"beta-extensor"' in line)
    lines[number - 1] = lines[number - 1].replace(b'"depth":"superficial"', b'"depth":7')
    assert b'"depth":7' in lines[number - 1]
    with pytest.raises(hk.ContentError) as caught:
        _bundle.read_bundle(b"\n".join(lines))
    assert [(p.line, p.field) for p in caught.value.problems] == [(number, "depth")]


@given(st.data())
def test_random_damage_raises_only_content_error(mini_bundle: bytes, data: st.DataObject) -> None:
    damaged = bytearray(mini_bundle)
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(damaged)))
        action = data.draw(st.sampled_from(["insert", "delete", "flip"]))
        if action == "insert":
            damaged[at:at] = data.draw(st.binary(min_size=1, max_size=8))
        elif action == "delete":
            del damaged[at : at + data.draw(st.integers(1, 64))]
        elif at < len(damaged):
            damaged[at] ^= data.draw(st.integers(1, 255))
    try:
        bundle = _bundle.read_bundle(bytes(damaged))
    except hk.ContentError as error:
        problems = error.problems
    else:  # a harmless change (inside a string, say) still gives valid records
        assert all(isinstance(r, hk.Record) for r in bundle.records)
        return
    assert problems
    assert all(p.code == "bundle" for p in problems)


def test_shipped_data_finds_the_bundle_or_nothing(tmp_path: Path, mini_bundle: bytes) -> None:
    assert _bundle.shipped_data(str(tmp_path)) is None
    (tmp_path / _bundle.BUNDLE_NAME).write_bytes(mini_bundle)
    found = _bundle.shipped_data(str(tmp_path))
    assert found == (mini_bundle, f"hipknowledge/{_bundle.BUNDLE_NAME}")
    assert _bundle.read_bundle(*found).manifest.content_version == "1.2.0"


def test_source_tree_has_no_bundle() -> None:
    # The build hook writes the bundle into the wheel only: a checkout always reads its YAML,
    # so a contributor's edit is never hidden behind a stale bundle.
    assert not (ROOT / "src" / "hipknowledge" / _bundle.BUNDLE_NAME).exists()
    assert _bundle.shipped_data() is None


def test_load_uses_the_bundle_when_present(monkeypatch: pytest.MonkeyPatch, mini_bundle: bytes) -> None:
    monkeypatch.setattr(_api, "_cache", {})
    monkeypatch.setattr(_bundle, "shipped_data", lambda: (mini_bundle, "mini/_bundle.jsonl"))
    kb = hk.load()
    assert kb.content_version == "1.2.0"
    assert sorted(kb.muscles) == ["alpha-flexor", "beta-extensor", "delta-adductor", "gamma-abductor"]
    assert hk.load(strict=True) is not kb


def test_damaged_bundle_falls_back_to_the_yaml(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_api, "_cache", {})

    monkeypatch.setattr(_bundle, "shipped_data", lambda: (b"not a bundle", "pkg/_bundle.jsonl"))
    with pytest.warns(RuntimeWarning, match="unusable, reading the YAML files instead"):
        kb = hk.load()
    assert fingerprint(kb) == fingerprint(hk.KnowledgeBase.from_directory(SHIPPED))


def test_record_damaged_late_in_the_bundle_falls_back_to_the_yaml(
    monkeypatch: pytest.MonkeyPatch, shipped_bundle: bytes
) -> None:
    # Records are validated as the knowledge base takes them: a bad one near the end
    # must still leave nothing half-built behind.
    lines = shipped_bundle.split(b"\n")
    lines[-1] = lines[-1].replace(b'"id":"', b'"id":"Not An Id ', 1)
    monkeypatch.setattr(_api, "_cache", {})
    monkeypatch.setattr(_bundle, "shipped_data", lambda: (b"\n".join(lines), "pkg/_bundle.jsonl"))
    with pytest.warns(RuntimeWarning, match=rf"pkg/_bundle.jsonl:{len(lines)}: id"):
        kb = hk.load()
    assert fingerprint(kb) == fingerprint(hk.KnowledgeBase.from_directory(SHIPPED))


def test_bundle_records_are_in_id_order_within_each_folder(shipped_bundle: bytes) -> None:
    bundle = _bundle.read_bundle(shipped_bundle)
    folders = [r.folder for r in bundle.records]
    assert folders == sorted(folders, key=folders.index)  # each folder in one run
    for folder in set(folders):
        found = [r.id for r in bundle.records if r.folder == folder]
        assert found == sorted(found)


def test_compile_command(tmp_path: Path) -> None:
    output = tmp_path / "out" / _bundle.BUNDLE_NAME
    assert _bundle.main([str(MINI), str(output)]) == 0
    assert _bundle.read_bundle(output.read_bytes()).manifest.content_version == "1.2.0"
    assert _bundle.main([]) == 2
    broken = tmp_path / "broken"
    shutil.copytree(MINI, broken)
    (broken / "manifest.yaml").unlink()
    done = subprocess.run(
        [sys.executable, "-m", "hipknowledge._bundle", str(broken), str(tmp_path / "never")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "manifest.yaml" in done.stderr
    assert not (tmp_path / "never").exists()


@pytest.mark.parametrize(
    ("enabled", "frozen", "large"),
    [(True, False, False), (True, True, True), (True, True, False), (False, False, True)],
)
def test_load_leaves_the_garbage_collector_as_it_found_it(
    monkeypatch: pytest.MonkeyPatch, mini_bundle: bytes, enabled: bool, frozen: bool, large: bool
) -> None:
    """Paused while records are made; then they are moved to the oldest generation.

    ``frozen``: the application keeps objects frozen, which must stay so. ``large``: content
    above the size for which a collection pass is spent when freezing is not an option.
    """
    monkeypatch.setattr(_api, "_cache", {})
    monkeypatch.setattr(_api, "_SETTLE_ABOVE", 0 if large else 10**9)
    seen: list[bool] = []

    def read() -> tuple[bytes, str]:
        seen.append(gc.isenabled())
        return mini_bundle, "mini/_bundle.jsonl"

    monkeypatch.setattr(_bundle, "shipped_data", read)
    collected: list[int] = []  # every collection, automatic ones included

    def note(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collected.append(info["generation"])

    asked: list[int] = []  # the collections asked for by a call
    collect = gc.collect

    def noted_collect(generation: int = 2) -> int:
        asked.append(generation)
        return collect(generation)

    monkeypatch.setattr(gc, "collect", noted_collect)
    was = gc.isenabled()
    kept = [object()]  # one of the application's own objects
    gc.callbacks.append(note)
    try:
        if frozen:
            gc.freeze()
        frozen_before = gc.get_freeze_count()
        gc.enable() if enabled else gc.disable()
        kb = hk.load()
        assert gc.isenabled() is enabled
        assert gc.get_freeze_count() == frozen_before  # the application's frozen objects stay frozen
    finally:
        gc.unfreeze()
        gc.callbacks.remove(note)
        gc.enable() if was else gc.disable()
    assert seen == [False]  # paused while the records are built
    record = next(iter(kb.muscles.values()))
    in_oldest = any(o is record for o in gc.get_objects(generation=2))
    if not enabled:
        assert collected == []  # a collector the application turned off is left alone
    elif not frozen:
        assert collected == []  # moved without a pass
        assert in_oldest
        assert any(o is kept for o in gc.get_objects(generation=2))
    elif large:
        assert asked == [1]  # one collection of the young generations
        assert in_oldest
    else:
        assert asked == []  # small content: no pass spent on it
