"""The compiled bundle reads back to exactly what the YAML gives, and a changed or stale one is never served."""

from __future__ import annotations

import gc
import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import hipknowledge as hk
from hipknowledge import _bundle, _compile, _load
from hipknowledge._canonical import fingerprint

from .paths import MINI, SHIPPED_DATA

Package = Callable[[bytes | None], Path]


@pytest.fixture(scope="module")
def mini_bundle() -> bytes:
    return _compile.compile_bundle(MINI, "mini")


@pytest.fixture(scope="module")
def shipped_bundle() -> bytes:
    return _compile.compile_bundle(SHIPPED_DATA, "data")


@pytest.fixture
def package(tmp_path: Path) -> Package:
    """An installed package folder as a wheel lays it out: ``data/`` (a copy of the mini set) and a bundle."""

    def make(bundle: bytes | None) -> Path:
        root = tmp_path / "hipknowledge"
        shutil.copytree(MINI, root / "data")
        if bundle is not None:
            (root / _bundle.BUNDLE_NAME).write_bytes(bundle)
        return root

    return make


def from_bundle(data: bytes, *, strict: bool = False) -> hk.KnowledgeBase:
    bundle = _bundle.read_bundle(data)
    return hk.KnowledgeBase(bundle.records, bundle.manifest, bundle.deprecations, strict=strict)


def reseal(data: bytes, edit: Callable[[list[bytes]], list[bytes]]) -> bytes:
    """``data`` with its body lines edited and a digest that matches again (as a careful tamperer would)."""
    header, _, body = data.partition(b"\n")
    fields = json.loads(header)
    del fields["format"], fields["digest"]
    return _bundle.seal(fields, b"\n".join(edit(body.split(b"\n"))))


@pytest.mark.parametrize(("root", "name"), [(MINI, "mini_bundle"), (SHIPPED_DATA, "shipped_bundle")])
def test_bundle_reads_back_to_the_yaml_records(root: Path, name: str, request: pytest.FixtureRequest) -> None:
    data: bytes = request.getfixturevalue(name)
    yaml_kb = hk.KnowledgeBase.from_directory(root)
    bundle = _bundle.read_bundle(data)
    assert sorted(bundle.records, key=lambda r: r.id) == sorted(yaml_kb.records(), key=lambda r: r.id)
    assert [r.model_fields_set for r in sorted(bundle.records, key=lambda r: r.id)] == [
        r.model_fields_set for r in sorted(yaml_kb.records(), key=lambda r: r.id)
    ]
    assert bundle.manifest == yaml_kb.manifest
    assert bundle.deprecations == tuple(yaml_kb.deprecations.values())
    assert fingerprint(from_bundle(data)) == fingerprint(yaml_kb)
    assert bundle.inputs == _bundle.inputs_digest(root)


def test_records_from_the_bundle_dump_and_validate_like_the_yaml_ones(shipped_bundle: bytes) -> None:
    # Rebuilt without validation, they must still be the same models: dump, compare, validate.
    for record in _bundle.read_bundle(shipped_bundle).records:
        again = type(record).model_validate(record.model_dump())
        assert again == record


def test_bundle_keeps_deprecations_and_strict_mode(mini_bundle: bytes) -> None:
    with pytest.warns(DeprecationWarning, match="'old-roll' is deprecated"):
        assert from_bundle(mini_bundle).lookup("old-roll").id == "tech-roll"
    with pytest.raises(hk.DeprecatedIdError, match="use 'tech-roll'"):
        from_bundle(mini_bundle, strict=True).lookup("old-roll")


def test_broken_content_does_not_compile(broken: Callable[[dict[str, str | None]], Path]) -> None:
    with pytest.raises(hk.ContentError, match=r"manifest\.yaml"):
        _compile.compile_bundle(broken({"manifest.yaml": None}), "broken")


def test_inputs_digest_follows_every_data_file_but_not_readmes(tmp_path: Path) -> None:
    root = tmp_path / "data"
    shutil.copytree(MINI, root)
    before = _bundle.inputs_digest(root)
    (root / "README.md").write_text("notes\n", encoding="utf-8")
    (root / ".DS_Store").write_bytes(b"\0")
    assert _bundle.inputs_digest(root) == before
    path = root / "muscles" / "alpha-flexor.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert _bundle.inputs_digest(root) != before


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda data: b"not a bundle", "a JSON header"),
        (lambda data: data.replace(b'"format":2', b'"format":1', 1), "bundle format 2"),
        # The edit the hard-edges issue names: a value changed in place is refused by the digest.
        (lambda data: data.replace(b'"L2"', b'"S4"', 1), "digest"),
        (lambda data: data.rsplit(b"\n", 1)[0], "digest"),  # a record line deleted
        (lambda data: data + b"\n" + data.rsplit(b"\n", 1)[1], "digest"),  # a line duplicated
    ],
)
def test_changed_bundle_is_refused(mini_bundle: bytes, damage: Callable[[bytes], bytes], message: str) -> None:
    with pytest.raises(hk.ContentError, match=message):
        _bundle.read_bundle(damage(mini_bundle))


@pytest.mark.parametrize(
    ("edit", "error"),
    [
        (lambda lines: lines[:-1], "lines where the header counts"),
        (lambda lines: [*lines, lines[-1]], "lines where the header counts"),
        (lambda lines: [*lines[:-1], lines[-1].replace(b'"id":', b'"idd":', 1)], "has no field 'idd'"),
        (lambda lines: [*lines[:-1], b"[]"], "expected an object"),
    ],
)
def test_resealed_bundle_of_another_shape_is_refused(
    mini_bundle: bytes, edit: Callable[[list[bytes]], list[bytes]], error: str
) -> None:
    with pytest.raises(hk.ContentError, match=error):
        _bundle.read_bundle(reseal(mini_bundle, edit))


@given(st.data())
def test_random_damage_raises_only_content_error(mini_bundle: bytes, data: st.DataObject) -> None:
    position = data.draw(st.integers(0, len(mini_bundle) - 1))
    byte = data.draw(st.binary(min_size=1, max_size=1))
    damaged = mini_bundle[:position] + byte + mini_bundle[position + 1 :]
    try:
        bundle = _bundle.read_bundle(damaged)
    except hk.ContentError:
        return
    assert damaged == mini_bundle or bundle.records == _bundle.read_bundle(mini_bundle).records


def test_source_tree_has_no_bundle() -> None:
    # The build hook writes the bundle into the wheel only: a checkout reads its YAML.
    assert not (SHIPPED_DATA.parent / _bundle.BUNDLE_NAME).exists()


def test_an_installed_package_loads_from_its_bundle(package: Package, mini_bundle: bytes) -> None:
    kb = _load._build_shipped(package(mini_bundle), strict=False)
    assert kb.content_version == "1.2.0"
    assert sorted(kb.muscles) == ["alpha-flexor", "beta-extensor", "delta-adductor", "gamma-abductor"]


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (lambda data: b"not a bundle", "a JSON header"),
        (lambda data: data.replace(b'"L2"', b'"S4"', 1), "digest"),
        (lambda data: reseal(data, lambda lines: [*lines, lines[-1]]), "lines where the header counts"),
    ],
)
def test_a_damaged_bundle_falls_back_to_the_yaml_with_one_warning(
    package: Package, mini_bundle: bytes, damage: Callable[[bytes], bytes], reason: str
) -> None:
    root = package(damage(mini_bundle))
    with pytest.warns(RuntimeWarning, match="unusable, reading the YAML files instead") as caught:
        kb = _load._build_shipped(root, strict=False)
    assert len(caught) == 1
    assert reason in str(caught[0].message)
    assert fingerprint(kb) == fingerprint(hk.KnowledgeBase.from_directory(MINI))
    with pytest.raises(hk.ContentError, match=reason):
        _load._build_shipped(root, strict=True)


def test_a_resealed_bundle_with_a_repeated_record_falls_back(package: Package, mini_bundle: bytes) -> None:
    # Lines duplicated and counts raised to match: the knowledge base refuses the repeated ID.
    header, _, body = mini_bundle.partition(b"\n")
    fields = json.loads(header)
    lines = body.split(b"\n")
    fields["counts"][-1][1] += 1
    del fields["format"], fields["digest"]
    root = package(_bundle.seal(fields, b"\n".join([*lines, lines[-1]])))
    with pytest.warns(RuntimeWarning, match="more than one record has the ID"):
        kb = _load._build_shipped(root, strict=False)
    assert len(kb) == len(hk.KnowledgeBase.from_directory(MINI))


def test_a_stale_bundle_is_never_served(package: Package, mini_bundle: bytes) -> None:
    # An editable checkout with a bundle left over from an earlier build: the YAML changed since.
    root = package(mini_bundle)
    path = root / "data" / "muscles" / "alpha-flexor.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("name: Alpha flexor", "name: Alpha flexor (edited)"))
    with pytest.warns(RuntimeWarning, match="stale"):
        kb = _load._build_shipped(root, strict=False)
    assert kb.muscles["alpha-flexor"].name == "Alpha flexor (edited)"


def test_load_cache_clear_reads_again() -> None:
    load = type(hk.load)()  # a load() of its own, so the suite's shared knowledge base stays cached
    first = load()
    assert load() is first
    load.cache_clear()
    assert load() is not first
    assert load(strict=True) is load(strict=True)


def test_compile_command(tmp_path: Path) -> None:
    output = tmp_path / "out" / _bundle.BUNDLE_NAME
    assert _compile.main([str(MINI), str(output)]) == 0
    assert _bundle.read_bundle(output.read_bytes()).manifest.content_version == "1.2.0"
    assert _compile.main([]) == 2
    broken = tmp_path / "broken"
    shutil.copytree(MINI, broken)
    (broken / "manifest.yaml").unlink()
    done = subprocess.run(
        [sys.executable, "-m", "hipknowledge._compile", str(broken), str(tmp_path / "never")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "manifest.yaml" in done.stderr
    assert not (tmp_path / "never").exists()


def test_load_leaves_the_garbage_collector_alone(package: Package, mini_bundle: bytes) -> None:
    # A library never changes its host's state: the collector's switch, thresholds and frozen objects.
    before = (gc.isenabled(), gc.get_threshold(), gc.get_freeze_count())
    _load._build_shipped(package(mini_bundle), strict=False)
    hk.KnowledgeBase.from_directory(MINI)
    assert (gc.isenabled(), gc.get_threshold(), gc.get_freeze_count()) == before
