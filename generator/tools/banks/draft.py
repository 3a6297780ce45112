"""A question on its way in: what every reader (spreadsheet, GIFT, Moodle XML, Aiken) produces, and
how a list of them becomes one quiz file that `latih check` accepts.

A reader reports every problem it finds as a `Problem` at the file's row and column (spreadsheet) or
line and column (text formats), named by the column or element it is about, and keeps reading: the
author sees everything at once. A question with an error is left out of the quiz; without
`--partial`, nothing is written while any question has one.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import yaml

from generator.problems import Problem, problem

ID_WORDS = 6  # words of a question's text that make its id
ID_CHARS = 48


@dataclass(frozen=True)
class Where:
    """A place in an input file: row (or line) and column, and what is there (a column's header or
    an element's name)."""

    path: Path
    line: int
    column: int = 1
    name: str = ""

    def problem(self, key: str, /, severity: str = "error", **values: object) -> Problem:
        return problem(
            self.path,
            self.line,
            self.column,
            key,
            severity=severity,  # type: ignore[arg-type]
            field=(self.name,) if self.name else (),
            **values,
        )


@dataclass
class DraftOption:
    text: str
    weight: Fraction = Fraction(0)  # the share of the points choosing it gives: 1, 1/3, -1/3, 0
    feedback: str | None = None


@dataclass
class Draft:
    """One question as read, before it has an id."""

    where: Where
    type: str  # single, multiple, true_false
    prompt: str
    scenario: str | None = None
    options: list[DraftOption] = field(default_factory=list)
    answer: bool | None = None
    partial: bool | None = None
    topic: str | None = None  # as written: a category's name, a tag, a column's text
    explanation: str | None = None
    references: list[Any] = field(default_factory=list)  # ids of the course's catalogue, or {ref, pinpoint}
    points: int = 1
    name: str | None = None  # a name the source gives (GIFT ::name::, Moodle <name>): the id's source


@dataclass(frozen=True)
class Unsupported:
    """A question Latih cannot represent (numerical, matching, essay ...): listed, never dropped silently."""

    where: Where
    kind: str
    text: str


@dataclass
class Bank:
    """What one input file gave: questions, problems, and what could not be brought in."""

    path: Path
    drafts: list[Draft] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unsupported: list[Unsupported] = field(default_factory=list)
    title: str | None = None  # the quiz's title when the source names one (a category)
    shuffle_options: bool | None = None

    def error(self, where: Where, key: str, /, **values: object) -> None:
        self.problems.append(where.problem(key, **values))

    def warn(self, where: Where, key: str, /, **values: object) -> None:
        self.problems.append(where.problem(key, severity="warning", **values))


def slug(text: str, words: int = ID_WORDS, limit: int = ID_CHARS) -> str:
    """Lower-case letters, digits and hyphens from any text: 'Apakah ini **pelanggaran**?' ->
    'apakah-ini-pelanggaran'. Accents are folded (é -> e); other scripts leave nothing."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    parts = re.findall(r"[a-z0-9]+", folded)[:words]
    out = "-".join(parts)[:limit].strip("-")
    return out


def unique_ids(drafts: list[Draft], fallback: str) -> list[str]:
    """Ids from each question's name, else its text: the same input gives the same ids on every run;
    a repeated id takes -2, -3 ... in the order the questions come."""
    ids: list[str] = []
    taken: set[str] = set()
    last: dict[str, int] = {}  # the last suffix tried per base: linear however many repeat
    for number, draft in enumerate(drafts, start=1):
        base = slug(draft.name or "", words=12, limit=64) if draft.name else ""
        if not base:
            base = slug(" ".join(t for t in (draft.scenario, draft.prompt) if t)) or f"{fallback}-{number}"
        candidate, n = base, last.get(base, 1)
        if n > 1:
            candidate = f"{base}-{n}"
        while candidate in taken:
            n += 1
            candidate = f"{base}-{n}"
        last[base] = n
        taken.add(candidate)
        ids.append(candidate)
    return ids


def check_draft(bank: Bank, draft: Draft) -> bool:
    """The rules every format shares; False when the question cannot go into the quiz."""
    ok = True
    where = draft.where
    if not draft.prompt.strip():
        bank.error(where, "bank_no_prompt")
        ok = False
    if draft.type == "true_false":
        if draft.answer is None:
            bank.error(where, "bank_no_key")
            ok = False
        return ok
    if len(draft.options) < 2:
        bank.error(where, "bank_few_options", count=len(draft.options))
        ok = False
    correct = [o for o in draft.options if o.weight > 0]
    if not correct:
        bank.error(where, "bank_no_key")
        ok = False
    elif draft.type == "single" and len(correct) > 1:
        bank.error(where, "bank_single_many_keys", count=len(correct))
        ok = False
    return ok


def question_data(draft: Draft, qid: str, topic_ids: dict[str, str]) -> dict[str, Any]:
    """The question as Latih's YAML holds it, keys in the order authors write them."""
    data: dict[str, Any] = {"id": qid, "type": draft.type}
    if draft.topic and topic_ids.get(draft.topic):
        data["topic"] = topic_ids[draft.topic]
    if draft.scenario:
        data["scenario"] = draft.scenario
    data["prompt"] = draft.prompt
    if draft.type == "true_false":
        data["answer"] = bool(draft.answer)
    else:
        options = []
        for o in draft.options:
            option: dict[str, Any] = {"text": o.text}
            if o.weight > 0:
                option["correct"] = True
            if o.feedback:
                option["feedback"] = o.feedback
            options.append(option)
        data["options"] = options
        if draft.type == "multiple" and draft.partial is not None:
            data["partial"] = draft.partial
    if draft.explanation:
        data["explanation"] = draft.explanation
    if draft.references:
        data["references"] = list(draft.references)
    if draft.points != 1:
        data["points"] = draft.points
    return data


def topic_slug(text: str) -> str:
    return slug(text, words=8, limit=48)


def quiz_data(quiz_id: str, title: str, drafts: list[Draft], shuffle_options: bool | None) -> dict[str, Any]:
    topics = {d.topic: topic_slug(d.topic) for d in drafts if d.topic}
    ids = unique_ids(drafts, quiz_id)
    data: dict[str, Any] = {"id": quiz_id, "title": title, "kind": "practice"}
    if shuffle_options is not None:
        data["shuffle_options"] = shuffle_options
    data["questions"] = [question_data(d, qid, topics) for d, qid in zip(drafts, ids, strict=True)]
    return data


class _Dumper(yaml.SafeDumper):
    pass


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    # Multi-line text as a block, as authors write it; one line as YAML chooses
    style = "|" if "\n" in value.strip("\n") else None
    if style:
        value = value.rstrip("\n") + "\n"
        if any(line != line.rstrip() for line in value.splitlines()):
            style = None  # trailing spaces cannot stay in a block: quoted instead
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def dump_quiz(data: dict[str, Any]) -> str:
    return yaml.dump(
        data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False
    )
