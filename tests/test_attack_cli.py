"""Hard edges, command line: pipes, interrupts, narrow terminals and odd arguments (items 12, 16, 19, user bugs)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hipknowledge.cli import main
from tests.paths import MINI


def run_module(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "hipknowledge", *argv],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        env={**os.environ, **(env or {})},
        check=False,
    )


def test_a_closed_pipe_ends_quietly() -> None:
    # The shell's `hipknowledge tour | head -1`: the reader goes away after one line.
    with subprocess.Popen(
        [sys.executable, "-m", "hipknowledge", "tour"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as writer:
        assert writer.stdout is not None
        assert writer.stderr is not None
        writer.stdout.readline()
        writer.stdout.close()
        errors = writer.stderr.read().decode()
        assert writer.wait() in (0, 141)
    assert "Traceback" not in errors


def test_an_ascii_only_stdout_gets_escaped_text_not_a_traceback() -> None:
    done = run_module("show", "alpha-flexor", "--data", str(MINI), env={"PYTHONIOENCODING": "ascii"})
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    shown = run_module("search", "gluteus", env={"PYTHONIOENCODING": "ascii"})
    assert shown.returncode == 0
    assert "Traceback" not in shown.stderr
    shown.stdout.encode("ascii")  # nothing but ASCII reached the stream


def test_an_interrupt_exits_130_with_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(*_args: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr("hipknowledge.cli._common.knowledge_base", interrupted)
    monkeypatch.setattr("hipknowledge.cli._browse.knowledge_base", interrupted)
    assert main(["list", "muscles"]) == 130
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_validate_reads_the_data_folder_it_is_given(tmp_path: Path) -> None:
    # Once a false pass: `validate --data DIR` checked the shipped content and said "ok".
    assert main(["validate", "--data", str(tmp_path / "missing")]) == 1
    assert main(["validate", "--data", str(MINI)]) == 0


def test_show_json_names_the_record_kind_not_the_technique_type(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "tech-roll", "--data", str(MINI), "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["record_kind"] == "technique"
    assert shown["id"] == "tech-roll"


def test_a_deprecated_id_is_never_shown_without_a_note(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["show", "old-roll"], ["related", "old-roll"], ["show", "old-roll", "--json"]):
        assert main([*argv, "--data", str(MINI)]) == 0
        err = capsys.readouterr().err
        assert "'old-roll' is deprecated since content 1.1.0" in err
        assert "'tech-roll'" in err


def test_a_live_id_gets_no_note(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "tech-roll", "--data", str(MINI)]) == 0
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("limit", ["0", "-1"])
def test_search_limit_must_be_positive(limit: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["search", "hip", "--limit", limit])
    assert exited.value.code == 2
    assert "expected 1 or more" in capsys.readouterr().err
