"""Split a source into YAML front matter and body, and load the front matter safely.

The loader is PyYAML's safe loader with four changes that matter for authors:

* dates stay strings, so an impossible date (2025-02-30) is reported by the schema
  at its line instead of crashing the loader;
* a key written twice is refused, naming both lines;
* tags outside YAML's core schema (``!!python/object``) are refused;
* the number of nodes after alias expansion and the nesting depth are bounded,
  so an alias bomb or a deeply nested document fails fast with a clear message.

Every value's position is kept: :func:`load_front_matter` returns the data and a
mapping from dotted paths (``"citation.date"``, ``"highlights.0"``) to 1-based
(line, column) in the source file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .problems import Problem

#: Upper bound on YAML nodes after aliases are expanded (an alias bomb exceeds it fast).
MAX_NODES = 5_000
#: Upper bound on nesting depth of mappings and lists.
MAX_DEPTH = 12

FENCE = "---"


class _FrontMatterLoader(yaml.SafeLoader):
    """SafeLoader that leaves timestamps as strings (the schema parses dates)."""


_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

try:
    from yaml.cyaml import CParser
except ImportError:  # PyYAML built without libyaml: the Python loader does all the work
    CParser = None

if CParser is not None:
    class _FastFrontMatterLoader(CParser, yaml.constructor.SafeConstructor,
                                 yaml.resolver.Resolver):
        """The same loader on libyaml's parser, for the plain front matter most briefs have."""

        yaml_implicit_resolvers = _FrontMatterLoader.yaml_implicit_resolvers

        def __init__(self, stream: str):
            CParser.__init__(self, stream)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)

#: Front matter with any of these is loaded by the Python loader alone: tags, anchors,
#: aliases, directives, complex keys, tabs and control characters are where parsers differ,
#: and the Python loader's messages are the ones the contract shows.
_UNUSUAL = re.compile(r"[?!&*%@`\t\x00-\x08\x0b-\x1f\x7f]")
#: Nesting beyond these (flow brackets; indentation and "- " runs) goes to the Python
#: loader too, which stops deep nesting with a clear message.
_MAX_FLOW, _MAX_LEAD = 64, 96
_LEAD = re.compile(r"^[ ?:-]*", re.MULTILINE)


def _fast_loader_fits(yaml_text: str) -> bool:
    """Whether libyaml may parse ``yaml_text``: plain, shallow front matter.

    >>> _fast_loader_fits("title: A\\ntopics: [x, y]\\n"), _fast_loader_fits("a: !!str b\\n")
    (True, False)
    """
    if CParser is None or _UNUSUAL.search(yaml_text):
        return False
    if yaml_text.count("[") + yaml_text.count("{") > _MAX_FLOW:
        return False
    return max(map(len, _LEAD.findall(yaml_text)), default=0) <= _MAX_LEAD


_CORE_TAGS = frozenset(
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
)


@dataclass
class Split:
    """A source split at its front matter fences.

    ``yaml_line`` is the 1-based file line where the YAML text starts and
    ``body_line`` the one where the body starts.
    """

    yaml_text: str
    body: str
    yaml_line: int
    body_line: int


@dataclass
class Loaded:
    """Front matter data with the position of every key and list item."""

    data: dict[str, Any]
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)


class FrontMatterError(Exception):
    """The front matter cannot be read; ``problem`` says where and why."""

    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(problem.format())


def split_front_matter(text: str, path: str) -> Split:
    """Split ``text`` at its ``---`` fences.

    >>> s = split_front_matter("---\\ntitle: A\\n---\\nBody\\n", "a.md")
    >>> (s.yaml_text, s.body, s.yaml_line, s.body_line)
    ('title: A\\n', 'Body\\n', 2, 4)
    >>> split_front_matter("title: A\\n", "a.md")
    Traceback (most recent call last):
    ...
    briefs.frontmatter.FrontMatterError: a.md:1:1: error: no front matter (start the file \
with a line '---', then the fields, then another '---')
    """
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n").rstrip() != FENCE:
        raise FrontMatterError(
            Problem(path, 1, 1, "error", "no front matter",
                    "start the file with a line '---', then the fields, then another '---'")
        )
    for index in range(1, len(lines)):
        if lines[index].rstrip("\r\n").rstrip() in (FENCE, "..."):
            return Split(
                yaml_text="".join(lines[1:index]),
                body="".join(lines[index + 1:]),
                yaml_line=2,
                body_line=index + 2,
            )
    raise FrontMatterError(
        Problem(path, 1, 1, "error", "front matter is never closed",
                "add a line '---' after the last field, before the text of the brief")
    )


def load_front_matter(split: Split, path: str) -> Loaded:
    """Load the YAML of ``split`` into plain Python values with their positions.

    Raises :class:`FrontMatterError` naming the file and line on any YAML problem.

    >>> text = "---\\ntitle: A\\ntopics: [x, y]\\n---\\n"
    >>> loaded = load_front_matter(split_front_matter(text, "a.md"), "a.md")
    >>> loaded.data, loaded.positions["topics.1"]
    ({'title': 'A', 'topics': ['x', 'y']}, (3, 13))
    """
    if _fast_loader_fits(split.yaml_text):
        try:
            return _load(_FastFrontMatterLoader(split.yaml_text), split, path)
        except (FrontMatterError, yaml.YAMLError, RecursionError):
            pass  # the Python loader says what is wrong, in the contract's words
    return _load(_FrontMatterLoader(split.yaml_text), split, path)


def _load(loader: Any, split: Split, path: str) -> Loaded:
    """The data and positions ``loader`` (over ``split.yaml_text``) gives."""
    offset = split.yaml_line - 1
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line, column = (mark.line + 1 + offset, mark.column + 1) if mark else (offset, 1)
            message = " ".join(str(part) for part in (exc.context, exc.problem) if part)
            raise FrontMatterError(
                Problem(path, line, column, "error", f"malformed YAML: {message}",
                        "check indentation, colons and quotes on this line")
            ) from None
        except RecursionError:
            raise FrontMatterError(
                Problem(path, split.yaml_line, 1, "error", "front matter is nested too deeply",
                        f"briefs need at most {MAX_DEPTH} levels")
            ) from None
        if node is None:
            return Loaded({})
        converter = _Converter(loader, path, offset)
        data = converter.convert(node, "", 0)
        if not isinstance(data, dict):
            raise FrontMatterError(
                Problem(path, split.yaml_line, 1, "error",
                        "front matter must be a mapping of fields",
                        "write one 'field: value' per line")
            )
        return Loaded(data, converter.positions)
    finally:
        loader.dispose()


class _Converter:
    """Turns a composed YAML node tree into Python values, recording positions."""

    def __init__(self, loader: yaml.SafeLoader, path: str, offset: int):
        self.loader = loader
        self.path = path
        self.offset = offset
        self.nodes = 0
        self.positions: dict[str, tuple[int, int]] = {}

    def where(self, node: yaml.Node) -> tuple[int, int]:
        return node.start_mark.line + 1 + self.offset, node.start_mark.column + 1

    def fail(self, node: yaml.Node, message: str, hint: str) -> FrontMatterError:
        line, column = self.where(node)
        return FrontMatterError(Problem(self.path, line, column, "error", message, hint))

    def convert(self, node: yaml.Node, key_path: str, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self.fail(node, "front matter expands to too many values "
                            f"(more than {MAX_NODES}; YAML aliases?)",
                            "write the values out; anchors and aliases are not needed in a brief")
        if depth > MAX_DEPTH:
            raise self.fail(node, "front matter is nested too deeply",
                            f"briefs need at most {MAX_DEPTH} levels")
        if node.tag not in _CORE_TAGS:
            raise self.fail(node, f"YAML tag {node.tag!r} is not allowed",
                            "remove the tag; front matter holds plain text, numbers, "
                            "lists and mappings")
        if isinstance(node, yaml.MappingNode):
            return self.convert_mapping(node, key_path, depth)
        if isinstance(node, yaml.SequenceNode):
            items = []
            for index, item in enumerate(node.value):
                item_path = f"{key_path}.{index}" if key_path else str(index)
                self.positions[item_path] = self.where(item)
                items.append(self.convert(item, item_path, depth + 1))
            return items
        try:
            return self.loader.construct_object(node)
        except (yaml.YAMLError, ValueError) as exc:
            raise self.fail(node, f"cannot read value: {exc}", "quote the value") from None

    def convert_mapping(self, node: yaml.MappingNode, key_path: str, depth: int) -> dict:
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _CORE_TAGS:
                raise self.fail(key_node, "a field name must be plain text",
                                "write 'name: value'")
            key = str(self.loader.construct_object(key_node))
            line, column = self.where(key_node)
            if key in first_seen:
                raise self.fail(key_node, f"field {key!r} is written twice "
                                f"(first at line {first_seen[key]})",
                                "keep one of them")
            first_seen[key] = line
            child_path = f"{key_path}.{key}" if key_path else key
            self.positions[child_path] = (line, column)
            result[key] = self.convert(value_node, child_path, depth + 1)
        return result
