"""MkDocs hook: show docstrings' doctest examples as Python console code, and their roles as code.

Docstrings carry runnable ``>>>`` examples without Markdown fences; left alone, Markdown
would read them as nested quotes and their ``[0]`` indexing as links. They also name
other objects with reStructuredText roles (``:class:`~hipknowledge.KnowledgeBase```).
This hook adds a Markdown preprocessor that fences every doctest block and turns roles
into inline code, outside existing fences. It runs before mkdocstrings sets up, so
docstrings rendered by mkdocstrings get it too.
"""

from __future__ import annotations

import re
from typing import Any

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor
from mkdocs.plugins import event_priority

_FENCE = re.compile(r"^\s*(```|~~~)")
_PROMPT = re.compile(r"^(\s*)>>>( |$)")
_ROLE = re.compile(r":(?:class|func|meth|attr|data|mod|exc|obj):`(~?)([^`]+)`")


def _role(match: re.Match[str]) -> str:
    # "~a.b.C" shows only "C", as Sphinx does.
    return f"`{match.group(2).rsplit('.', 1)[-1] if match.group(1) else match.group(2)}`"


class _DoctestFences(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        fence: str | None = None
        index = 0
        while index < len(lines):
            line = lines[index]
            opened = _FENCE.match(line)
            if fence is not None:
                if opened and opened.group(1) == fence:
                    fence = None
                out.append(line)
                index += 1
                continue
            if opened:
                fence = opened.group(1)
                out.append(line)
                index += 1
                continue
            prompt = _PROMPT.match(line)
            if prompt is None:
                out.append(_ROLE.sub(_role, line))
                index += 1
                continue
            indent = prompt.group(1)
            block = []
            while index < len(lines) and lines[index].strip():
                block.append(lines[index])
                index += 1
            out.extend(["", f"{indent}```pycon", *block, f"{indent}```", ""])
        return out


class DoctestFences(Extension):
    """Fence ``>>>`` doctest blocks as ``pycon`` code."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API name)
        md.preprocessors.register(_DoctestFences(md), "doctest_fences", 40)


@event_priority(100)
def on_config(config: Any) -> Any:
    config.markdown_extensions.append(DoctestFences())
    return config


@event_priority(-110)  # after literate-nav has read the navigation from SUMMARY.md
def on_files(files: Any, config: Any) -> Any:
    # The generated navigation file is not a page of its own.
    summary = files.get_file_from_path("SUMMARY.md")
    if summary is not None:
        files.remove(summary)
    return files
