"""Build-time pages: the reference of every record's fields and of every vocabulary (run by mkdocs-gen-files).

The pages themselves are made by ``reference.py`` beside this script, which the tests import too.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import mkdocs_gen_files

_spec = importlib.util.spec_from_file_location("docs_reference", Path(__file__).with_name("reference.py"))
assert _spec is not None
assert _spec.loader is not None
reference = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(reference)

for path, text in reference.pages().items():
    with mkdocs_gen_files.open(path, "w") as page:
        page.write(text)
