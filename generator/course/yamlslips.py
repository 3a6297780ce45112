"""A YAML syntax error -> the slip an author made, where they made it, in plain words.

PyYAML (and libyaml, whose wording differs) reports where its parser gave up, often lines after
the slip: an unclosed quote is reported at the end of the file. `diagnose` reads the text around
that point for the habits that cause most errors (tabs, unclosed quotes, a missing space after a
colon, a colon inside unquoted text, text starting with a YAML sign, a list item out of line, an
under-indented block of text) and names the line and column of the slip itself. What it cannot
place gets a general message at the parser's position; never PyYAML's English.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

# `key: value` or `- key: value` or `- value`: where a line's value starts
_KEY = re.compile(r"^(?P<indent>\s*)(?:-\s+)*(?:(?P<key>[^\s:#'\"\[\]{}][^:#]*?):(?:\s+|$))?")
_ITEM = re.compile(r"^(?P<indent>\s*)-(\s|$)")
_BLOCK = re.compile(r":\s*[|>][-+0-9]*\s*(#.*)?$")


@dataclass(frozen=True)
class Slip:
    line: int  # 1-based
    column: int  # 1-based
    key: str  # a message key of locale/*.yml
    values: dict[str, object] = field(default_factory=dict)


def diagnose(text: str, exc: yaml.MarkedYAMLError) -> Slip:
    lines = text.splitlines()
    problem, context = (exc.problem or "").lower(), (exc.context or "").lower()
    mark = exc.problem_mark or exc.context_mark
    at = (mark.line, mark.column) if mark else (0, 0)
    for find in (_tab, _escape, _unclosed_quote, _alias, _reserved_start, _unclosed_flow):
        slip = find(lines, problem, context, exc, at)
        if slip is not None:
            return slip
    for find in (_colon_space, _colon_in_text, _text_after_quote, _flow_text, _list_indent, _block_indent):
        slip = find(lines, problem, context, exc, at)
        if slip is not None:
            return slip
    if "single document" in context:
        return Slip(at[0] + 1, at[1] + 1, "slip_two_documents")
    if "mapping values" in problem:
        return _key_indent(lines, at)
    return Slip(at[0] + 1, at[1] + 1, "slip_general")


def _line(lines: list[str], index: int) -> str:
    return lines[index] if 0 <= index < len(lines) else ""


def _value_start(line: str) -> int:
    """The index where a line's value starts (after `key: ` and any `- `)."""
    found = _KEY.match(line)
    return found.end() if found else len(line) - len(line.lstrip())


def _tab(lines: list[str], problem: str, context: str, exc: object, at: tuple[int, int]) -> Slip | None:
    # A tab in the indentation of any line up to the error: YAML indents with spaces only
    for index in range(min(at[0], len(lines) - 1) + 1):
        line = lines[index]
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent or (index == at[0] and "\t" in line[at[1] : at[1] + 1]):
            column = line.index("\t") + 1
            return Slip(index + 1, column, "slip_tab")
    return None


def _escape(lines: list[str], problem: str, context: str, exc: object, at: tuple[int, int]) -> Slip | None:
    if "escape" not in problem:
        return None
    line = _line(lines, at[0])
    backslash = line.rfind("\\", 0, at[1] + 1)
    return Slip(at[0] + 1, (backslash if backslash >= 0 else at[1]) + 1, "slip_escape")


def _open_quote(line: str) -> tuple[int, str] | None:
    """The index and sign of a quote that opens a value on this line and is not closed on it."""
    start = _value_start(line)
    if start >= len(line) or line[start] not in "\"'":
        return None
    quote, rest = line[start], line[start + 1 :]
    if quote == '"':
        closed = re.search(r'(?<!\\)(\\\\)*"', rest)
    else:
        closed = re.search(r"'(?!')", rest.replace("''", "  "))
    return None if closed else (start, quote)


def _unclosed_quote(
    lines: list[str], problem: str, context: str, exc: yaml.MarkedYAMLError, at: tuple[int, int]
) -> Slip | None:
    if "quoted scalar" in context and "end of stream" in problem and exc.context_mark:
        cm = exc.context_mark
        quote = _line(lines, cm.line)[cm.column : cm.column + 1] or '"'
        return Slip(cm.line + 1, cm.column + 1, "slip_unclosed_quote", {"quote": quote})
    # A quote left open runs on into the next lines, until a later quote closes it by accident
    for index in range(min(at[0], len(lines) - 1) + 1):
        opened = _open_quote(lines[index])
        if opened is not None and (index, opened[0]) < at:
            return Slip(index + 1, opened[0] + 1, "slip_unclosed_quote", {"quote": opened[1]})
    return None


def _alias(
    lines: list[str], problem: str, context: str, exc: yaml.MarkedYAMLError, at: tuple[int, int]
) -> Slip | None:
    if "alias" not in context and "alias" not in problem:
        return None
    mark = exc.context_mark if "alias" in context and exc.context_mark else exc.problem_mark
    line, column = (mark.line, mark.column) if mark else at
    word = re.match(r"\*[^\s,\[\]{}]*", _line(lines, line)[column:])
    return Slip(line + 1, column + 1, "slip_alias", {"word": word.group(0) if word else "*"})


def _reserved_start(
    lines: list[str], problem: str, context: str, exc: object, at: tuple[int, int]
) -> Slip | None:
    if "cannot start any token" not in problem:
        return None
    char = _line(lines, at[0])[at[1] : at[1] + 1]
    return Slip(at[0] + 1, at[1] + 1, "slip_reserved", {"char": char})


def _unclosed_flow(
    lines: list[str], problem: str, context: str, exc: yaml.MarkedYAMLError, at: tuple[int, int]
) -> Slip | None:
    if "flow" not in context:
        return None
    # The latest line, up to the error, whose value opens a [list] or {mapping} it does not close
    for index in range(min(at[0], len(lines) - 1), -1, -1):
        line = lines[index]
        start = _value_start(line)
        opening = line[start : start + 1]
        if opening in ("[", "{"):
            closing = "]" if opening == "[" else "}"
            if line.count(opening) > line.count(closing):
                return Slip(index + 1, start + 1, "slip_unclosed_flow", {"open": opening, "close": closing})
    return None


def _colon_space(
    lines: list[str], problem: str, context: str, exc: yaml.MarkedYAMLError, at: tuple[int, int]
) -> Slip | None:
    # `title:Judul` is one word to YAML; the parser only notices a line later
    if "expected ':'" not in problem or exc.context_mark is None:
        return None
    line = _line(lines, exc.context_mark.line)
    found = re.match(r"^(\s*(?:-\s+)?)([A-Za-z_][\w-]*):(\S.*)$", line)
    if not found:
        return None
    key, rest = found.group(2), found.group(3)
    column = len(found.group(1)) + len(key) + 2
    return Slip(exc.context_mark.line + 1, column, "slip_colon_space", {"key": key, "value": rest})


def _colon_in_text(
    lines: list[str], problem: str, context: str, exc: object, at: tuple[int, int]
) -> Slip | None:
    if "mapping values" not in problem:
        return None
    line = _line(lines, at[0])
    found = _KEY.match(line)
    if not found or not found.group("key") or found.end() > at[1]:
        return None
    return Slip(
        at[0] + 1, at[1] + 1, "slip_colon_in_text", {"key": found.group("key"), "value": line[found.end() :]}
    )


def _text_after_quote(
    lines: list[str], problem: str, context: str, exc: object, at: tuple[int, int]
) -> Slip | None:
    line = _line(lines, at[0])
    start = _value_start(line)
    if start >= len(line) or line[start] not in "\"'" or at[1] <= start:
        return None
    return Slip(at[0] + 1, at[1] + 1, "slip_text_after_quote", {"quote": line[start]})


def _flow_text(lines: list[str], problem: str, context: str, exc: object, at: tuple[int, int]) -> Slip | None:
    line = _line(lines, at[0])
    start = _value_start(line)
    if start >= len(line) or line[start] not in "[{" or at[1] <= start:
        return None
    return Slip(at[0] + 1, start + 1, "slip_flow_text", {"char": line[start]})


def _list_indent(
    lines: list[str], problem: str, context: str, exc: object, at: tuple[int, int]
) -> Slip | None:
    line = _line(lines, at[0])
    if not _ITEM.match(line):
        return None
    column = len(line) - len(line.lstrip())
    for index in range(at[0] - 1, -1, -1):
        item = _ITEM.match(lines[index])
        if item and len(item.group("indent")) != column:
            expected = len(item.group("indent")) + 1
            return Slip(at[0] + 1, column + 1, "slip_list_indent", {"expected": expected, "line": index + 1})
    return Slip(at[0] + 1, column + 1, "slip_list_indent_general")


def _block_indent(
    lines: list[str], problem: str, context: str, exc: object, at: tuple[int, int]
) -> Slip | None:
    line = _line(lines, at[0])
    indent = len(line) - len(line.lstrip())
    for index in range(at[0] - 1, -1, -1):
        above = lines[index]
        if not above.strip():
            continue
        if _BLOCK.search(above):
            key = (_KEY.match(above) or re.match("", "")).groupdict().get("key") or ""
            return Slip(at[0] + 1, indent + 1, "slip_block_indent", {"key": key.strip(), "line": index + 1})
        if len(above) - len(above.lstrip()) <= indent:
            return None
    return None


def _key_indent(lines: list[str], at: tuple[int, int]) -> Slip:
    line = _line(lines, at[0])
    indent = len(line) - len(line.lstrip())
    return Slip(at[0] + 1, indent + 1, "slip_key_indent")
