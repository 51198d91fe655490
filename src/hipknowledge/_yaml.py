"""A strict YAML reader: plain data only, with the line of every value."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from hipknowledge._fields import Loc

if TYPE_CHECKING:
    import yaml
    from yaml.nodes import Node

__all__ = ["MAX_BYTES", "MAX_DEPTH", "LineMap", "YamlRefusedError", "parse"]

#: Largest data file accepted; a record is a few kilobytes, so this is generous.
MAX_BYTES = 256 * 1024
#: Deepest nesting accepted; records nest three or four levels.
MAX_DEPTH = 32

LineMap = dict[Loc, int]


class YamlRefusedError(Exception):
    """The text is not plain YAML data we accept; ``line`` is 1-based where known."""

    def __init__(self, message: str, line: int | None, expected: str) -> None:
        super().__init__(f"{message} (expected {expected})")
        self.message = message
        self.line = line
        self.expected = expected


@functools.cache
def _strict_loader() -> type[yaml.SafeLoader]:
    """The loader class, made on first use: PyYAML takes longer to import than the shipped
    content takes to load from the wheel's bundle, so only reading data files pays for it."""
    import yaml

    class StrictLoader(yaml.SafeLoader):
        """SafeLoader that also refuses anchors, aliases, explicit tags and deep nesting.

        Refusing aliases outright (not merely limiting them) rules out alias bombs, and
        refusing tags means no constructor beyond plain scalars is ever chosen.
        """

        _depth = 0

        def compose_node(self, parent: Node | None, index: int) -> Node | None:
            event = self.peek_event()  # type: ignore[no-untyped-call]
            line = event.start_mark.line + 1 if event.start_mark else None
            if isinstance(event, yaml.AliasEvent):
                raise YamlRefusedError(f"alias '*{event.anchor}' is not allowed", line, "plain values (write it out)")
            anchor = getattr(event, "anchor", None)
            if anchor is not None:
                raise YamlRefusedError(f"anchor '&{anchor}' is not allowed", line, "plain values without anchors")
            tag = getattr(event, "tag", None)
            if tag is not None and tag != "!":
                raise YamlRefusedError(f"tag {tag!r} is not allowed", line, "plain values without tags")
            self._depth += 1
            try:
                if self._depth > MAX_DEPTH:
                    raise YamlRefusedError(f"nesting deeper than {MAX_DEPTH} levels", line, "a shallow record")
                return super().compose_node(parent, index)
            finally:
                self._depth -= 1

    return StrictLoader


def parse(text: str) -> tuple[Any, LineMap]:
    """Parse one YAML document into plain Python data and the line of every value.

    >>> data, lines = parse("id: x\\nroots:\\n  - L1\\n")
    >>> data, lines[("roots", 0)]
    ({'id': 'x', 'roots': ['L1']}, 3)
    """
    import yaml

    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_BYTES:
        raise YamlRefusedError(f"file is {size} bytes", None, f"at most {MAX_BYTES} bytes")
    try:
        loader = _strict_loader()(text)
    except yaml.reader.ReaderError as error:
        # The reader vets every character (NUL, terminal escapes, ...) before parsing starts.
        at = text.count("\n", 0, error.position) + 1
        what = f"unacceptable character #x{error.character:04x}: {error.reason}"
        raise YamlRefusedError(f"YAML error: {what}", at, "valid YAML") from error
    try:
        node = loader.get_single_node()
    except YamlRefusedError:
        raise
    except yaml.MarkedYAMLError as error:
        raise _syntax_error(text, error) from error
    except yaml.YAMLError as error:
        raise YamlRefusedError(f"YAML error: {error}", None, "valid YAML") from error
    finally:
        loader.dispose()
    lines: LineMap = {}
    if node is None:
        return None, lines
    return _build(loader, node, (), lines), lines


# What to do about the slips contributors make most, keyed by words of the parser's message.
_FIXES = (
    ("expected ':'", "a 'field: value' line (a colon and a space after the field name)"),
    ("flow sequence", "a closed list: every '[' needs its ']'"),
    ("flow mapping", "a closed mapping: every '{' needs its '}'"),
    ("quoted scalar", "a closed quote: every opening quote needs its closing one"),
    ("mapping values are not allowed", "one 'field: value' per line (quote a value that contains ': ')"),
    ("block", "consistent indentation (spaces, the same depth for items of one list or mapping)"),
    ("tab", "spaces for indentation, not tabs"),
)


def _syntax_error(text: str, error: yaml.MarkedYAMLError) -> YamlRefusedError:
    """A syntax error located where the contributor must look: where the broken part starts.

    The value shown is the text of that line; ``expected`` says what YAML wanted there.
    """
    problem = error.problem or "unreadable YAML"
    start = error.context_mark or error.problem_mark
    line = start.line + 1 if start is not None else None
    said = " ".join(part for part in (error.context, problem) if part)
    fix = next((f for key, f in _FIXES if key in said), None)
    detail = f"{fix}; the parser says: {problem}" if fix else said
    if error.problem_mark is not None and line is not None and error.problem_mark.line + 1 != line:
        detail += f" (noticed on line {error.problem_mark.line + 1})"
    lines = text.splitlines()
    snippet = lines[line - 1].strip() if line is not None and 0 < line <= len(lines) else ""
    return YamlRefusedError(snippet or "YAML syntax error", line, f"valid YAML: {detail}")


def _build(loader: yaml.SafeLoader, node: Node, loc: Loc, lines: LineMap) -> Any:
    import yaml
    from yaml.nodes import MappingNode, ScalarNode, SequenceNode

    lines[loc] = node.start_mark.line + 1
    if isinstance(node, MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, ScalarNode):
                raise YamlRefusedError("a mapping key that is not plain text", key_line, "a field name")
            key = loader.construct_scalar(key_node)
            if key in result:
                raise YamlRefusedError(f"field {key!r} appears twice", key_line, "each field once")
            result[key] = _build(loader, value_node, (*loc, key), lines)
        return result
    if isinstance(node, SequenceNode):
        return [_build(loader, item, (*loc, index), lines) for index, item in enumerate(node.value)]
    try:
        return loader.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError, OverflowError) as error:
        raise YamlRefusedError(f"unreadable value: {error}", lines[loc], "a plain value") from error
