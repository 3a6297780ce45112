"""`latih import`: files of questions, whatever their format, to quizzes in Latih's YAML."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from generator.problems import Problem
from generator.schema import Quiz
from generator.tools.banks.aiken import looks_like_aiken, read_aiken
from generator.tools.banks.draft import Bank, Draft, Where, check_draft, dump_quiz, quiz_data, slug
from generator.tools.banks.gift import MAX_BYTES, read_gift
from generator.tools.banks.moodlexml import read_moodle_xml
from generator.tools.banks.refs import Catalogue
from generator.tools.banks.sheet import decode, read_sheet

SHEETS = (".xlsx", ".xlsm", ".csv", ".tsv")


def read_bank(path: Path, labels: tuple[str, str], catalogue: Catalogue) -> Bank:
    """One file, by its kind: a spreadsheet by its extension, XML by its first element, GIFT or Aiken
    by what its text holds."""
    suffix = path.suffix.lower()
    if suffix in SHEETS:
        return read_sheet(path, labels, catalogue)
    bank = Bank(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            bank.error(Where(path, 1, 1), "bank_too_large", size=f"{size / 1e6:.0f}", limit=MAX_BYTES >> 20)
            return bank
        raw = path.read_bytes()
    except OSError as exc:
        bank.error(Where(path, 1, 1), "bank_unreadable", reason=exc.strerror or exc)
        return bank
    if suffix == ".xml" or raw.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return read_moodle_xml(path, raw, labels, catalogue)
    text = decode(raw)
    if suffix == ".aiken" or (suffix != ".gift" and "{" not in text and looks_like_aiken(text)):
        return read_aiken(path, text)
    return read_gift(path, text, labels, catalogue)


@dataclass
class Planned:
    """A quiz to write: where, and its YAML."""

    path: Path
    quiz_id: str
    questions: int
    text: str


@dataclass
class Imported:
    problems: list[Problem] = field(default_factory=list)
    quizzes: list[Planned] = field(default_factory=list)
    left_out: int = 0  # questions with an error, not written

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def import_banks(
    paths: list[Path],
    out: Path,
    labels: tuple[str, str],
    catalogue: Catalogue,
    quiz_id: str | None = None,
) -> Imported:
    """Read every file, check every question, and plan one quiz per file (or one for all, with
    `quiz_id`). Nothing is written here: the command writes when the plan is clean."""
    result = Imported()
    groups: list[tuple[str, str, list[Draft], bool | None]] = []
    for path in paths:
        bank = read_bank(path, labels, catalogue)
        result.problems += bank.problems
        for item in bank.unsupported:
            result.problems.append(
                item.where.problem("bank_unsupported", severity="warning", kind=item.kind, text=item.text)
            )
        good = []
        for draft in bank.drafts:
            before = len(bank.problems)
            if check_draft(bank, draft):
                good.append(draft)
            else:
                result.problems += bank.problems[before:]
        result.left_out += len({(p.path, p.line) for p in bank.problems if p.severity == "error"})
        title = bank.title or path.stem.replace("_", " ").replace("-", " ").strip().capitalize()
        ident = quiz_id or slug(path.name.split(".")[0], words=8) or "bank"
        groups.append((ident, title, good, bank.shuffle_options))
    if quiz_id and groups:
        drafts = [d for g in groups for d in g[2]]
        shuffles = {g[3] for g in groups}
        groups = [
            (
                quiz_id,
                groups[0][1] if len(groups) == 1 else quiz_id,
                drafts,
                shuffles.pop() if len(shuffles) == 1 else None,
            )
        ]
    seen: set[str] = set()
    for ident, title, drafts, shuffle in groups:
        if not drafts:
            continue
        n = 1
        name = ident
        while name in seen:
            n += 1
            name = f"{ident}-{n}"
        seen.add(name)
        data = quiz_data(name, title, drafts, shuffle)
        _validate(data)
        result.quizzes.append(Planned(out / f"{name}.yml", name, len(drafts), dump_quiz(data)))
    return result


def _validate(data: dict[str, Any]) -> None:
    """The planned quiz is one Latih's own model accepts: a mistake here is Latih's, not the author's."""
    try:
        Quiz.model_validate(data)
    except ValidationError as exc:  # pragma: no cover - a bug in the readers
        raise AssertionError(f"import produced an invalid quiz: {exc}") from exc
