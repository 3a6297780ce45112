"""YAML text -> plain Python values, keeping the line and column of every node.

PyYAML's loaders forget where a value came from and silently accept duplicate keys and any tag
their constructor knows. We compose the node graph (with libyaml's C composer when present) and
build the values ourselves: plain scalars, lists and mappings only. While building, the builder
notes where each node starts (two integers per node, in the order it met them); a message that needs
a position maps those notes onto the values' locations then, by walking the values in the same order.
So a file is read and parsed once, and a course without problems pays only for the notes.
"""

from __future__ import annotations

import codecs
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.course.yamlslips import Slip, diagnose
from generator.problems import Problem, Term, problem

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's C parser when installed
_STR_TAG = "tag:yaml.org,2002:str"
_PLAIN_TAGS: dict[str, str] = {}  # plain scalar -> its resolved tag
# The characters an implicitly tagged plain scalar can begin with (digits, signs, y/n/t/f/o, ~ ...):
# what the resolver would look up for the first character, asked once
_FIRST_CHARACTERS = frozenset(c for c in _BaseLoader.yaml_implicit_resolvers if c)
_ANY_FIRST = None in _BaseLoader.yaml_implicit_resolvers


class Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """The safe loader, resolving tags faster: the parser asks for every scalar it meets."""

    if not _BaseLoader.yaml_path_resolvers:  # none in the safe loader: tags depend on the text alone

        def resolve(self, kind: type[Node], value: Any, implicit: tuple[bool, bool]) -> str:
            if kind is not ScalarNode:  # with no path resolvers, a list or mapping has the default tag
                return _SEQ_TAG if kind is SequenceNode else _MAP_TAG
            if not implicit[0]:  # quoted or block text: a string, whatever it looks like
                return _STR_TAG
            tag = _PLAIN_TAGS.get(value)
            if tag is None:
                if value and value[0] not in _FIRST_CHARACTERS and not _ANY_FIRST:
                    return _STR_TAG  # no implicit tag begins with this character: plain text
                tag = _BaseLoader.resolve(self, kind, value, implicit)
                if len(value) <= 64 and len(_PLAIN_TAGS) < 100_000:  # keys and short values repeat
                    _PLAIN_TAGS[value] = tag
            return tag

        def descend_resolver(self, current_node: Any, current_index: Any) -> None:
            return None

        def ascend_resolver(self) -> None:
            return None


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
# The constructor's own functions, called directly: `construct_object` would remember every node it
# ever saw in one shared constructor (a leak that also slows the garbage collector on big courses).
_constructor = SafeConstructor()
_SCALAR_CONSTRUCTORS = {tag: SafeConstructor.yaml_constructors[tag] for tag in _SCALAR_TAGS}


class Marks:
    """Where every node of a file starts, noted by the builder while it first read the file: one
    packed line and column per node, and one per mapping key kept, in the order the builder met them."""

    def __init__(self) -> None:
        self.tree: Any = None  # the values as built, before any check could touch them
        self.values = array("q")
        self.keys = array("q")
        # Per container on the way to a position asked for (by id: the tree keeps them alive): where
        # each child's value and key fall among the marks, counted from the container's own
        self._tables: dict[int, Any] = {}

    def where(self, loc: Loc, key: bool) -> Position:
        """The position of the key at `loc` (`key`, when `loc` is a mapping entry), else of its value
        or of its nearest ancestor that exists. Only the containers on the way are counted."""
        if not self.values:
            return (1, 1)
        node, value, keys = self.tree, 0, 0  # the node, its mark, where its subtree's key marks start
        key_mark = -1
        for part in loc:
            if isinstance(node, dict):
                step = self._table(node).get(part)
                if step is None:
                    break
                key_mark = keys + step[1]
                value, keys, node = value + step[0], key_mark + 1, node[part]
            elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                step = self._table(node)[part]
                key_mark = -1
                value, keys, node = value + step[0], keys + step[1], node[part]
            else:
                break
        else:
            if key and key_mark >= 0:
                return _unpacked(self.keys[key_mark])
        return _unpacked(self.values[value])

    def _table(self, node: dict[Any, Any] | list[Any]) -> Any:
        table = self._tables.get(id(node))
        if table is None:
            nodes, keys = 1, 0  # the container's own mark comes first
            if isinstance(node, dict):
                table = {}
                for name, child in node.items():
                    table[name] = (nodes, keys)
                    more, more_keys = _extent(child)
                    nodes, keys = nodes + more, keys + 1 + more_keys
            else:
                table = []
                for child in node:
                    table.append((nodes, keys))
                    more, more_keys = _extent(child)
                    nodes, keys = nodes + more, keys + more_keys
            self._tables[id(node)] = table
        return table


def _unpacked(packed: int) -> Position:
    return (packed >> 32, packed & 0xFFFFFFFF)


def _extent(value: Any) -> tuple[int, int]:
    """How many value marks and key marks a value's subtree holds."""
    if isinstance(value, dict):
        nodes, keys = 1, len(value)
        for child in value.values():
            more, more_keys = _extent(child)
            nodes, keys = nodes + more, keys + more_keys
        return nodes, keys
    if isinstance(value, list):
        nodes, keys = 1, 0
        for child in value:
            more, more_keys = _extent(child)
            nodes, keys = nodes + more, keys + more_keys
        return nodes, keys
    return 1, 0


@dataclass
class Document:
    """One YAML file's values, and where each of them was written."""

    path: Path
    data: Any = None
    text: str | None = field(default=None, repr=False)  # what `data` was read from
    # A salvaged copy (validate.salvage) lost some list items: list path -> the indices kept
    moved: dict[Loc, list[int]] = field(default_factory=dict, repr=False)
    # Where the file's nodes start, as first read (a salvaged copy shares its file's)
    marks: Marks | None = field(default=None, repr=False)
    bom: bool = field(default=False, repr=False)  # the file began with a UTF-8 byte order mark

    def file_text(self) -> str | None:
        """The file's text as `Path.read_text` would give it (byte order mark kept, newlines as
        "\\n"), for checks of the text itself: the file is not read a second time for them."""
        if self.text is None:
            return None
        text = self.text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in self.text else self.text
        return "\ufeff" + text if self.bom else text

    def where(self, loc: Loc, *, key: bool = False) -> Position:
        """The position of the node at `loc`, or of its nearest ancestor that exists."""
        if self.moved:
            loc = self.original(loc)
        return self.marks.where(loc, key) if self.marks is not None else (1, 1)

    def original(self, loc: Loc) -> Loc:
        """A location in this (salvaged) document's data, as a location in the file."""
        out: list[str | int] = []
        for part in loc:
            here = tuple(out)
            if isinstance(part, int) and here in self.moved and 0 <= part < len(self.moved[here]):
                part = self.moved[here][part]
            out.append(part)
        return tuple(out)


class _TooBig(Exception):
    def __init__(self, msg: str, node: Node, /, **values: object) -> None:
        self.msg, self.node, self.values = msg, node, values


T = TypeVar("T")


@dataclass(frozen=True)
class Sourced(Generic[T]):
    """A model together with the document it came from, so later rules can point into it."""

    model: T
    doc: Document


def _pos(node: Node) -> Position:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


class _Builder:
    """Values and problems from a node graph, noting where each node starts (`marks`)."""

    def __init__(self, doc: Document, marks: Marks) -> None:
        self.doc = doc
        self.problems: list[Problem] = []
        self.note = marks.values.append
        self.note_key = marks.keys.append
        self.count = 0

    def add(self, node: Node, msg: str, /, **values: object) -> None:
        line, column = _pos(node)
        self.problems.append(problem(self.doc.path, line, column, msg, **values))

    def build(self, node: Node, depth: int) -> Any:
        # Aliases make the node graph a DAG; counting every visit bounds an alias bomb.
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooBig("too_many_nodes", node, limit=MAX_NODES)
        if depth > MAX_DEPTH:
            raise _TooBig("too_deep", node, limit=MAX_DEPTH)
        mark = node.start_mark
        self.note((mark.line + 1) << 32 | (mark.column + 1))
        if isinstance(node, ScalarNode):
            return node.value if node.tag == _STR_TAG else self.scalar(node)
        if isinstance(node, SequenceNode):
            if node.tag != _SEQ_TAG:
                self.add(node, "bad_tag", tag=node.tag)
            build, depth = self.build, depth + 1
            return [build(item, depth) for item in node.value]
        if isinstance(node, MappingNode):
            return self.mapping(node, depth)
        return None

    def scalar(self, node: ScalarNode) -> Any:
        tag = node.tag
        if tag == _STR_TAG:  # the usual case, and what SafeConstructor would return for it
            return node.value
        construct = _SCALAR_CONSTRUCTORS.get(tag)
        if construct is None:
            self.add(node, "bad_tag", tag=tag)
            return node.value
        try:
            return construct(_constructor, node)
        except (yaml.YAMLError, ValueError, OverflowError):
            return node.value

    def mapping(self, node: MappingNode, depth: int) -> dict[Any, Any]:
        if node.tag != _MAP_TAG:
            self.add(node, "bad_tag", tag=node.tag)
        result: dict[Any, Any] = {}
        first_line: dict[Any, int] = {}
        build, note_key, depth = self.build, self.note_key, depth + 1
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                self.add(key_node, "merge_key")
                continue
            if not isinstance(key_node, ScalarNode):
                self.add(key_node, "key_not_text")
                continue
            # A text key, the usual case, is taken as it is (what `scalar` returns for it), and hashes
            key = key_node.value if key_node.tag == _STR_TAG else self.scalar(key_node)
            if type(key) is not str:
                try:
                    hash(key)
                except TypeError:
                    key = str(key)
            if key in first_line:
                self.add(key_node, "duplicate_key", key=key, line=first_line[key])
                continue
            mark = key_node.start_mark
            first_line[key] = mark.line + 1
            note_key((mark.line + 1) << 32 | (mark.column + 1))
            result[key] = build(value_node, depth)
        return result


def _decode(path: Path, raw: bytes) -> tuple[str | None, list[Problem]]:
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        return None, [problem(path, line, column, "not_utf8", pos=exc.start)]


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
        # Where the author slipped, in plain words: not where the parser gave up, in its English
        try:
            slip = diagnose(text, exc)
        except Exception:  # a diagnosis must never hide the error itself
            mark = exc.problem_mark or exc.context_mark
            slip = Slip(mark.line + 1 if mark else 1, mark.column + 1 if mark else 1, "slip_general")
        return doc, [problem(path, slip.line, slip.column, slip.key, **slip.values)]
    except (yaml.YAMLError, RecursionError, ValueError):
        return doc, [problem(path, 1, 1, "slip_general")]
    if node is None:
        return doc, [problem(path, 1, 1, "empty_file")]
    marks = Marks()
    builder = _Builder(doc, marks)
    try:
        doc.data = marks.tree = builder.build(node, 0)
        doc.text, doc.marks, doc.bom = text, marks, raw.startswith(codecs.BOM_UTF8)
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
