"""Wheel build hook: check the content the full way and ship it compiled, as one JSON bundle, with the release files."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

#: Where the bundle goes inside the wheel; hipknowledge._bundle.BUNDLE_NAME names the same file.
BUNDLE_IN_WHEEL = "hipknowledge/_bundle.jsonl"
#: Where the release files go inside the wheel; hipknowledge.versioning.releases_root() reads them there.
RELEASES_IN_WHEEL = "hipknowledge/_releases"
#: What each release folder holds: the diff command reads snapshots, versioning.changes() the change files.
RELEASE_FILES = ("changes.json", "snapshot.json")
_RELEASE_DIR = re.compile(r"[0-9]+\.[0-9]+\.[0-9]+")

# Runs in a child interpreter with this tree's src/ first on the path, so the bundle is
# compiled by the code being built, never by another installed copy of hipknowledge.
_COMPILE = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
import hipknowledge
if Path(hipknowledge.__file__).resolve().parent != (Path(sys.argv[1]) / "hipknowledge").resolve():
    raise SystemExit(f"compiled with the wrong hipknowledge: {hipknowledge.__file__}")
from hipknowledge._compile import main
raise SystemExit(main(sys.argv[2:]))
"""


class ContentBundleHook(BuildHookInterface):  # type: ignore[type-arg]
    """Compile ``src/hipknowledge/data`` into the wheel's ``hipknowledge/_bundle.jsonl``; ship ``releases/``.

    Compiling runs every check :func:`hipknowledge.load` would run on the YAML, so broken
    content fails the build instead of reaching users. The files of every release go in as
    ``hipknowledge/_releases/<version>/``, so that an installed copy can tell apps what
    changed (``hipknowledge.versioning.changes``) and ``hipknowledge diff 1.0.0`` works.
    Editable installs get neither: they read the YAML files, so edits show at once, and
    the repository's ``releases/``.
    """

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        src = Path(self.root) / "src"
        self._workdir = tempfile.mkdtemp(prefix="hipknowledge-bundle-")
        output = Path(self._workdir) / "_bundle.jsonl"
        done = subprocess.run(
            [sys.executable, "-c", _COMPILE, str(src), str(src / "hipknowledge" / "data"), str(output)],
            cwd=self.root,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0 or not output.is_file():
            raise RuntimeError(f"hipknowledge: the content does not compile, so no wheel is built:\n{done.stderr}")
        build_data["force_include"][str(output)] = BUNDLE_IN_WHEEL
        build_data["force_include"].update(release_files(Path(self.root) / "releases"))

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        workdir = getattr(self, "_workdir", None)
        if workdir is not None:
            shutil.rmtree(workdir, ignore_errors=True)


def release_files(releases: Path) -> dict[str, str]:
    """``{file on disk: path in the wheel}`` for the files of every release folder in ``releases``.

    A release is a folder named by its version; each must hold both files, since a wheel
    with half a release would answer apps wrongly. No ``releases/`` folder at all (a tree
    that never released) ships none.
    """
    found: dict[str, str] = {}
    if not releases.is_dir():
        return found
    for folder in sorted(releases.iterdir()):
        if not (folder.is_dir() and _RELEASE_DIR.fullmatch(folder.name)):
            continue
        for name in RELEASE_FILES:
            if not (folder / name).is_file():
                raise RuntimeError(f"hipknowledge: release {folder.name} has no {name}, so no wheel is built")
            found[str(folder / name)] = f"{RELEASES_IN_WHEEL}/{folder.name}/{name}"
    return found
