"""YAML text -> plain Python values, keeping the line and column of every node.

PyYAML's loaders forget where a value came from and silently accept duplicate keys and any tag
their constructor knows. We compose the node graph (with libyaml's C composer when present) and
build the values ourselves: plain scalars, lists and mappings only, every position recorded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.problems import Problem, Term, problem

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 250_000

Loc = tuple[str | int, ...]
Position = tuple[int, int]

_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_constructor = SafeConstructor()


@dataclass
class Document:
    """One YAML file's values, and where each of them was written."""

    path: Path
    data: Any = None
    values: dict[Loc, Position] = field(default_factory=dict)
    keys: dict[Loc, Position] = field(default_factory=dict)

    def where(self, loc: Loc, *, key: bool = False) -> Position:
        """The position of the node at `loc`, or of its nearest ancestor that exists."""
        if key and loc in self.keys:
            return self.keys[loc]
        for end in range(len(loc), -1, -1):
            if loc[:end] in self.values:
                return self.values[loc[:end]]
        return (1, 1)


class _TooBig(Exception):
    def __init__(self, msg: str, node: Node, /, **values: object) -> None:
        self.msg, self.node, self.values = msg, node, values


def _pos(node: Node) -> Position:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


class _Builder:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.problems: list[Problem] = []
        self.count = 0

    def add(self, node: Node, msg: str, /, **values: object) -> None:
        line, column = _pos(node)
        self.problems.append(problem(self.doc.path, line, column, msg, **values))

    def build(self, node: Node, loc: Loc, depth: int) -> Any:
        # Aliases make the node graph a DAG; counting every visit bounds an alias bomb.
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooBig("too_many_nodes", node, limit=MAX_NODES)
        if depth > MAX_DEPTH:
            raise _TooBig("too_deep", node, limit=MAX_DEPTH)
        self.doc.values[loc] = _pos(node)
        if isinstance(node, ScalarNode):
            return self.scalar(node)
        if isinstance(node, SequenceNode):
            if node.tag != _SEQ_TAG:
                self.add(node, "bad_tag", tag=node.tag)
            return [self.build(item, (*loc, i), depth + 1) for i, item in enumerate(node.value)]
        if isinstance(node, MappingNode):
            return self.mapping(node, loc, depth)
        return None

    def scalar(self, node: ScalarNode) -> Any:
        if node.tag not in _SCALAR_TAGS:
            self.add(node, "bad_tag", tag=node.tag)
            return node.value
        try:
            return _constructor.construct_object(node)
        except (yaml.YAMLError, ValueError, OverflowError):
            return node.value

    def mapping(self, node: MappingNode, loc: Loc, depth: int) -> dict[Any, Any]:
        if node.tag != _MAP_TAG:
            self.add(node, "bad_tag", tag=node.tag)
        result: dict[Any, Any] = {}
        first_line: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                self.add(key_node, "merge_key")
                continue
            if not isinstance(key_node, ScalarNode):
                self.add(key_node, "key_not_text")
                continue
            key = self.scalar(key_node)
            try:
                hash(key)
            except TypeError:
                key = str(key)
            if key in first_line:
                self.add(key_node, "duplicate_key", key=key, line=first_line[key])
                continue
            first_line[key] = _pos(key_node)[0]
            self.doc.keys[(*loc, key)] = _pos(key_node)
            result[key] = self.build(value_node, (*loc, key), depth + 1)
        return result


def _decode(path: Path, raw: bytes) -> tuple[str | None, list[Problem]]:
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        return None, [problem(path, line, column, "not_utf8", pos=exc.start)]


def _line(text: str, index: int) -> str:
    lines = text.splitlines()
    return lines[index] if 0 <= index < len(lines) else ""


def read_yaml(path: Path) -> tuple[Document, list[Problem]]:
    """Read one YAML file. Never raises; every fault comes back as a Problem."""
    doc = Document(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            size = round(path.stat().st_size / 1024 / 1024, 1)
            return doc, [problem(path, 1, 1, "too_large", size=size, limit=MAX_BYTES // 1024 // 1024)]
        raw = path.read_bytes()
    except OSError as exc:
        return doc, [problem(path, 1, 1, "unreadable", reason=exc.strerror or type(exc).__name__)]
    text, problems = _decode(path, raw)
    if text is None:
        return doc, problems
    try:
        node = yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or exc.context or "?"
        if mark and "\t" in _line(text, mark.line)[: mark.column + 1]:
            what += " (tab: YAML indents with spaces only)"
        return doc, [problem(path, line, column, "yaml_syntax", problem=what)]
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        first = (str(exc).splitlines() or ["?"])[0]
        return doc, [problem(path, 1, 1, "yaml_syntax", problem=first)]
    if node is None:
        return doc, [problem(path, 1, 1, "empty_file")]
    builder = _Builder(doc)
    try:
        doc.data = builder.build(node, (), 0)
    except _TooBig as exc:
        line, column = _pos(exc.node)
        return Document(path), [problem(path, line, column, exc.msg, **exc.values)]
    if not isinstance(doc.data, dict):
        builder.add(node, "not_mapping", got=describe(doc.data))
        doc.data = None
    return doc, builder.problems


def describe(value: Any) -> str | Term:
    """How a value is named in a message: scalars as written, containers by kind."""
    if value is None:
        return Term("type_empty")
    if isinstance(value, list):
        return Term("type_list")
    if isinstance(value, dict):
        return Term("type_mapping")
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    text = text if len(text) <= 40 else text[:37] + "..."
    return f'"{text}"' if isinstance(value, str) else text
