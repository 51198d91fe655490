"""Wheel build hook: check the content the full way and ship it compiled, as one JSON bundle."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

#: Where the bundle goes inside the wheel; hipknowledge._bundle.BUNDLE_NAME names the same file.
BUNDLE_IN_WHEEL = "hipknowledge/_bundle.jsonl"

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
    """Compile ``src/hipknowledge/data`` into the wheel's ``hipknowledge/_bundle.jsonl``.

    Compiling runs every check :func:`hipknowledge.load` would run on the YAML, so broken
    content fails the build instead of reaching users. Editable installs get no bundle:
    they read the YAML files, so edits show at once.
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

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        workdir = getattr(self, "_workdir", None)
        if workdir is not None:
            shutil.rmtree(workdir, ignore_errors=True)
