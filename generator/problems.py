"""Findings about an author's files: each names a file, a line and a column."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from generator.i18n import message
from generator.terminal import clean

Severity = Literal["error", "warning", "note"]  # a note: information, neither error nor warning


class Term(str):
    """A value that is itself a message key ("a list"), said in the reader's language."""


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int  # 1-based
    column: int  # 1-based
    key: str  # a message key of locale/*.yml
    values: tuple[tuple[str, object], ...] = ()
    severity: Severity = "error"
    # A second sentence, such as "did you mean ...?", as a message key and its values.
    hint: tuple[str, tuple[tuple[str, object], ...]] | None = None
    # The key the problem is about and its path inside the file, as `questions[3].points`
    field: str = ""
    # The item-writing rule (quality.py) that found it: a stable id an author can switch off
    rule: str | None = None

    def text(self, language: str) -> str:
        text = _fill(language, self.key, self.values)
        return text + _fill(language, *self.hint) if self.hint else text

    def format(self, language: str, root: Path | None = None) -> str:
        path = self.path
        if root is not None:
            with contextlib.suppress(ValueError):
                path = self.path.relative_to(root)
        prefix = "" if self.severity == "error" else message(language, f"{self.severity}_prefix") + ": "
        if self.rule:
            prefix += f"[{self.rule}] "
        # File names and values come from the author's files: nothing in them may steer the terminal
        field = f"{self.field}: " if self.field else ""
        return clean(f"{path}:{self.line}:{self.column}: {prefix}{field}{self.text(language)}")


def _fill(language: str, msg: str, values: tuple[tuple[str, object], ...]) -> str:
    filled = {k: message(language, v) if isinstance(v, Term) else v for k, v in values}
    return message(language, msg, **filled)


def problem(
    path: Path,
    line: int,
    column: int,
    msg: str,
    /,
    severity: Severity = "error",
    field: Sequence[str | int] = (),
    **values: object,
) -> Problem:
    return Problem(path, line, column, msg, tuple(values.items()), severity, field=key_path(field))


def key_path(loc: Sequence[str | int]) -> str:
    """`("questions", 2, "points")` as an author reads it: `questions[3].points` (items count from 1,
    as the site numbers its questions)."""
    text = ""
    for part in loc:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


class ProblemList(list[Problem]):
    @property
    def errors(self) -> list[Problem]:
        return [p for p in self if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self if p.severity == "warning"]

    def sorted(self) -> list[Problem]:
        return in_order(self)


def in_order(problems: Iterable[Problem]) -> list[Problem]:
    """Problems as `latih check` lists them: by file, line and column; notes (checks held back)
    after every finding, since they explain and are not problems."""
    return sorted(problems, key=lambda p: (p.severity == "note", str(p.path), p.line, p.column))
