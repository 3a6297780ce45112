"""Aiken, the simplest question format Moodle reads: a question, its options `A.` or `A)` one per
line, and `ANSWER: B`. Only single-answer questions exist in it."""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path

from generator.tools.banks.draft import Bank, Draft, DraftOption, Where
from generator.tools.banks.markup import split_question

OPTION = re.compile(r"^([A-Za-z])[.)]\s+(.*)$")
ANSWER = re.compile(r"^ANSWER\s*:\s*(.*)$", re.IGNORECASE)


def looks_like_aiken(text: str) -> bool:
    return any(ANSWER.match(line.strip()) for line in text.splitlines()[:200])


def read_aiken(path: Path, raw: str) -> Bank:
    bank = Bank(path)
    stem: list[str] = []
    options: list[tuple[str, str, int]] = []
    start = 0
    for number, line in enumerate(raw.lstrip("\ufeff").splitlines(), start=1):
        text = line.strip()
        if not text and not options:
            if stem:
                stem.append("")
            continue
        if not text:
            continue
        if (m := ANSWER.match(text)) is not None:
            _close(
                bank,
                Where(path, start or number, 1),
                stem,
                options,
                m.group(1).strip(),
                Where(path, number, 1, "ANSWER"),
            )
            stem, options, start = [], [], 0
            continue
        if (m := OPTION.match(text)) is not None and stem:
            options.append((m.group(1).upper(), m.group(2).strip(), number))
            continue
        if options:
            bank.error(Where(path, number, 1), "bank_aiken_line")
            continue
        if not stem:
            start = number
        stem.append(text)
    if stem or options:
        bank.error(Where(path, start or 1, 1), "bank_aiken_no_answer")
    return bank


def _close(
    bank: Bank, where: Where, stem: list[str], options: list[tuple[str, str, int]], key: str, at: Where
) -> None:
    letters = [letter for letter, _, _ in options]
    key = key.upper()
    if key not in letters:
        bank.error(at, "bank_key_unknown", key=key or "-", letters=", ".join(letters) or "-")
        return
    scenario, prompt = split_question("\n".join(stem))
    draft = Draft(where=where, type="single", prompt=prompt, scenario=scenario)
    draft.options = [
        DraftOption(text, Fraction(1) if letter == key else Fraction(0)) for letter, text, _ in options
    ]
    bank.drafts.append(draft)
