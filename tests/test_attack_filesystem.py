"""Hard edges, file system: a data folder from a pull request cannot hang, exhaust or leak; every problem listed."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

import hipknowledge as hk
from hipknowledge.cli import main

Broken = Callable[[dict[str, str | None]], Path]


def problems(root: Path) -> list[hk.Problem]:
    with pytest.raises(hk.ContentError) as caught:
        hk.KnowledgeBase.from_directory(root)
    return list(caught.value.problems)


def test_a_fifo_in_a_kind_folder_is_reported_not_opened(broken: Broken) -> None:
    root = broken({})
    os.mkfifo(root / "muscles" / "stuck.yaml")
    found = problems(root)  # before the fix this blocked forever
    assert [(p.file.endswith("stuck.yaml"), p.expected) for p in found] == [(True, "a regular file")]


def test_a_link_out_of_the_tree_is_never_read_or_echoed(broken: Broken, tmp_path: Path) -> None:
    secret = tmp_path / "id_rsa"
    secret.write_text("-----BEGIN PRIVATE KEY-----\nsecret: value\n", encoding="utf-8")
    root = broken({})
    (root / "muscles" / "leak.yaml").symlink_to(secret)
    found = problems(root)
    assert len(found) == 1
    assert "links are not followed" in str(found[0])
    assert "PRIVATE KEY" not in str(found[0])


def test_a_link_to_dev_zero_does_not_exhaust_memory(broken: Broken) -> None:
    root = broken({})
    (root / "muscles" / "zero.yaml").symlink_to("/dev/zero")
    assert [p.code for p in problems(root)] == ["link"]


def test_dangling_links_and_loops_are_problems_beside_the_others(broken: Broken) -> None:
    root = broken({"muscles/alpha-flexor.yaml": "id: alpha-flexor\n"})  # a broken record too
    (root / "muscles" / "gone.yaml").symlink_to(root / "nowhere.yaml")
    (root / "muscles" / "loop.yaml").symlink_to(root / "muscles" / "loop.yaml")
    found = problems(root)
    files = {Path(p.file).name for p in found}
    assert {"gone.yaml", "loop.yaml", "alpha-flexor.yaml"} <= files


def test_a_large_file_is_refused_before_it_is_read(broken: Broken) -> None:
    root = broken({"muscles/huge.yaml": "x" * (300 * 1024)})
    assert [p.code for p in problems(root)] == ["too-big"]


def test_a_folder_named_like_a_record_is_a_problem(broken: Broken) -> None:
    root = broken({})
    (root / "muscles" / "folder.yaml").mkdir()
    assert [p.code for p in problems(root)] == ["not-a-file"]


def test_editor_and_system_leftovers_are_ignored_in_every_folder(broken: Broken) -> None:
    root = broken(
        {
            "muscles/.DS_Store": "\0",
            "muscles/alpha-flexor.yaml~": "junk",
            "muscles/.alpha-flexor.yaml.swp": "junk",
            "muscles/README.md": "# notes\n",
            "muscles/__pycache__/x.pyc": "junk",
        }
    )
    assert len(hk.KnowledgeBase.from_directory(root)) > 0


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_an_unreadable_file_is_a_problem(broken: Broken) -> None:
    root = broken({})
    path = root / "muscles" / "alpha-flexor.yaml"
    path.chmod(0)
    try:
        assert [p.code for p in problems(root)] == ["unreadable"]
    finally:
        path.chmod(0o644)


@pytest.mark.parametrize("what", ["file", "missing"])
def test_data_that_is_not_a_folder_is_one_clear_problem(tmp_path: Path, what: str) -> None:
    path = tmp_path / "data"
    if what == "file":
        path.write_text("x", encoding="utf-8")
    found = problems(path)
    assert len(found) == 1
    assert "a data directory" in found[0].expected


@pytest.mark.parametrize("command", ["show", "validate"])
def test_cli_data_that_is_not_a_folder_exits_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    argv = [command, "psoas-major"] if command == "show" else [command]
    assert main([*argv, "--data", str(tmp_path / "missing")]) == 1
    err = capsys.readouterr().err
    assert "a data directory" in err
    assert "Traceback" not in err


def test_validate_data_checks_that_folder_not_the_shipped_one(
    broken: Broken, capsys: pytest.CaptureFixture[str]
) -> None:
    root = broken({"muscles/alpha-flexor.yaml": "id: alpha-flexor\n"})
    assert main(["validate", "--data", str(root)]) == 1
    assert "alpha-flexor.yaml" in capsys.readouterr().out
