"""Build-time pages: the catalogue of every record and the site navigation (run by mkdocs-gen-files)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import mkdocs_gen_files

import hipknowledge as hk
from hipknowledge.export import to_catalogue

# Hand-written pages in reading order. A page not written yet is left out of the navigation
# rather than breaking the build; tests/test_docs.py checks that every page that exists is listed.
GUIDE_PAGES = (
    ("Home", "index.md"),
    ("User guide", "guide.md"),
    ("Building an app", "app-builders.md"),
    ("Versioning", "versioning.md"),
    ("Migrating to 2.0", "migrating-to-2.md"),
    ("Contributing", "contributing.md"),
    ("Architecture", "architecture.md"),
    ("Security", "security.md"),
    ("Editorial decisions", "editorial-decisions.md"),
    ("Performance", "performance.md"),
    ("API reference", "api.md"),
)

# The generated reference pages (gen_reference.py writes them) sit under the API reference.
_spec = importlib.util.spec_from_file_location("docs_reference", Path(__file__).with_name("reference.py"))
assert _spec is not None
assert _spec.loader is not None
reference = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(reference)

docs = Path(mkdocs_gen_files.config["docs_dir"])
pages = to_catalogue(hk.load())
for path, text in pages.items():
    with mkdocs_gen_files.open(path, "w") as page:
        page.write(text)

nav = mkdocs_gen_files.Nav()
for title, path in GUIDE_PAGES:
    if (docs / path).is_file():
        nav[title] = path
for title, path in reference.PAGES:
    nav["API reference", title] = path
for path, text in pages.items():
    title = text.split("\n", 1)[0].removeprefix("# ").replace("\\", "")
    parts = path.split("/")
    if len(parts) == 2:  # catalogue/index.md
        nav["Catalogue"] = path
    elif parts[-1] == "index.md":
        nav["Catalogue", title] = path
    else:
        section = next(t for p, t in pages.items() if p == "/".join([*parts[:-1], "index.md"]))
        nav["Catalogue", section.split("\n", 1)[0].removeprefix("# "), title] = path

with mkdocs_gen_files.open("SUMMARY.md", "w") as summary:
    summary.writelines(nav.build_literate_nav())
