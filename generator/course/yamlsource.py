"""YAML text -> plain Python values, keeping the line and column of every node.

PyYAML's loaders forget where a value came from and silently accept duplicate keys and any tag
their constructor knows. We compose the node graph (with libyaml's C composer when present) and
build the values ourselves: plain scalars, lists and mappings only. Positions are found when a
message needs one: a document keeps its text and maps every node to its line and column on the
first question, so a course without problems never pays for it.
"""

from __future__ import annotations

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


class Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """The safe loader, resolving tags faster: the parser asks for every scalar it meets."""

    if not _BaseLoader.yaml_path_resolvers:  # none in the safe loader: tags depend on the text alone

        def resolve(self, kind: type[Node], value: Any, implicit: tuple[bool, bool]) -> str:
            if kind is not ScalarNode:
                return _BaseLoader.resolve(self, kind, value, implicit)  # type: ignore[no-any-return]
            if not implicit[0]:  # quoted or block text: a string, whatever it looks like
                return _STR_TAG
            tag = _PLAIN_TAGS.get(value)
            if tag is None:
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


@dataclass
class Document:
    """One YAML file's values, and where each of them was written."""

    path: Path
    data: Any = None
    text: str | None = field(default=None, repr=False)  # what `data` was read from
    # A salvaged copy (validate.salvage) lost some list items: list path -> the indices kept
    moved: dict[Loc, list[int]] = field(default_factory=dict, repr=False)
    _values: dict[Loc, Position] | None = field(default=None, init=False, repr=False)
    _keys: dict[Loc, Position] | None = field(default=None, init=False, repr=False)

    @property
    def values(self) -> dict[Loc, Position]:
        """Where the value at each location starts."""
        return self._positions()[0]

    @property
    def keys(self) -> dict[Loc, Position]:
        """Where the key of each mapping entry starts."""
        return self._positions()[1]

    def where(self, loc: Loc, *, key: bool = False) -> Position:
        """The position of the node at `loc`, or of its nearest ancestor that exists."""
        values, keys = self._positions()
        if self.moved:
            loc = self.original(loc)
        if key and loc in keys:
            return keys[loc]
        for end in range(len(loc), -1, -1):
            if loc[:end] in values:
                return values[loc[:end]]
        return (1, 1)

    def original(self, loc: Loc) -> Loc:
        """A location in this (salvaged) document's data, as a location in the file."""
        out: list[str | int] = []
        for part in loc:
            here = tuple(out)
            if isinstance(part, int) and here in self.moved and 0 <= part < len(self.moved[here]):
                part = self.moved[here][part]
            out.append(part)
        return tuple(out)

    def _positions(self) -> tuple[dict[Loc, Position], dict[Loc, Position]]:
        # The same text composed the same way, walked by the same builder: the same nodes
        if self._values is None or self._keys is None:
            builder = _Builder(self, record=True)
            try:
                node = yaml.compose(self.text, Loader=Loader) if self.text is not None else None
                if node is not None:
                    builder.build(node, (), 0)
            except (yaml.YAMLError, RecursionError, ValueError, _TooBig):
                pass  # cannot happen for a text that was read once; no positions, then
            self._values, self._keys = builder.values, builder.keys
        return self._values, self._keys


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
    """Values and problems from a node graph; with `record`, the position of every node as well."""

    def __init__(self, doc: Document, record: bool = False) -> None:
        self.doc = doc
        self.record = record
        self.problems: list[Problem] = []
        self.values: dict[Loc, Position] = {}
        self.keys: dict[Loc, Position] = {}
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
        if self.record:
            mark = node.start_mark
            self.values[loc] = (mark.line + 1, mark.column + 1)
        if isinstance(node, ScalarNode):
            return node.value if node.tag == _STR_TAG else self.scalar(node)
        if isinstance(node, SequenceNode):
            if node.tag != _SEQ_TAG:
                self.add(node, "bad_tag", tag=node.tag)
            build, depth = self.build, depth + 1
            if self.record:
                return [build(item, (*loc, i), depth) for i, item in enumerate(node.value)]
            return [build(item, loc, depth) for item in node.value]
        if isinstance(node, MappingNode):
            return self.mapping(node, loc, depth)
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

    def mapping(self, node: MappingNode, loc: Loc, depth: int) -> dict[Any, Any]:
        if node.tag != _MAP_TAG:
            self.add(node, "bad_tag", tag=node.tag)
        result: dict[Any, Any] = {}
        first_line: dict[Any, int] = {}
        record, build, depth = self.record, self.build, depth + 1
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
            first_line[key] = key_node.start_mark.line + 1
            if record:
                here = (*loc, key)
                self.keys[here] = _pos(key_node)
                result[key] = build(value_node, here, depth)
            else:
                result[key] = build(value_node, loc, depth)
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
    builder = _Builder(doc)
    try:
        doc.data = builder.build(node, (), 0)
        doc.text = text
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
