"""Item-writing checks: cues that let a participant score without knowing the answer.

After the guidelines summarised by Haladyna, Downing & Rodriguez (2002), "A review of
multiple-choice item-writing guidelines for classroom assessment": balance the key's position,
keep options alike in length, avoid "all/none of the above", offer plausible distractors, word
stems positively or make the negative stand out. Pure: models and documents in, Problems out.

Every finding is a warning with a stable rule id (`Problem.rule`); a course's `quality:` settings
switch rules off, change thresholds, or make the findings errors. Positions are counted in the
order written: worksheets, answer keys and presentation mode show that order even when the
participants' page shuffles.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from fractions import Fraction

from generator.course.yamlsource import Document, Loc
from generator.problems import Problem, problem
from generator.schema import GRADED_KINDS, Option, Quality, Question, Quiz, option_id

# Options that answer for the others ("all of the above"), in both languages, after normalising
_ABOVE = re.compile(
    r"(semua|seluruh)( (jawaban|pilihan|opsi|pernyataan))?( (di atas|tersebut))?( (benar|tepat|salah))?"
    r"|(semua|seluruh) (jawaban|pilihan|opsi|pernyataan) (di atas|tersebut)"
    r"|tidak ada( (jawaban|pilihan|opsi|pernyataan))?( yang)? (benar|tepat|salah)( (di atas|tersebut))?"
    r"|tidak (satu|satupun|satu pun)( (jawaban|pilihan|opsi))?( yang)? (benar|tepat)"
    r"|(all|none|any) of (the above|these|them|the options|the answers)( (are|is) (correct|true|right))?"
    r"|all the above|all (are|answers are) (correct|true)|(a|b|c) and (b|c|d)( are)?( (correct|true))?"
    r"|(a|b|c), (b|c), dan (c|d)( benar)?|(a|b|c) dan (b|c|d)( benar)?"
)
# Negative words of a stem, and the yes/no tail ("... atau bukan?") that is no negative stem
_NEGATIVE = re.compile(r"(?<![\w*_])(tidak|bukan|kecuali|not|except|never)(?![\w*_])", re.IGNORECASE)
_YES_NO_TAIL = re.compile(r"(atau|or)\s+$", re.IGNORECASE)


@dataclass(frozen=True)
class KeyFigures:
    """What an answer key looks like, counted in the order written."""

    single: int  # single-choice questions
    positions: tuple[int, ...]  # keys at option a, b, c ... of the single-choice questions
    longest: int  # single-choice questions whose key is the longest option
    multiple: int  # multiple-choice questions
    multiple_first: int  # ... whose correct options are the first ones written
    true_false: int
    true_answers: int  # true_false keyed true (the first label)


def key_figures(quiz: Quiz) -> KeyFigures:
    singles = [q for q in quiz.questions if q.type == "single" and q.options]
    multiples = [q for q in quiz.questions if q.type == "multiple" and q.options]
    tfs = [q for q in quiz.questions if q.type == "true_false" and q.answer is not None]
    counts: Counter[int] = Counter()
    for q in singles:
        counts.update(i for i, o in enumerate(q.options or []) if o.correct)
    width = max((len(q.options or []) for q in singles), default=0)
    return KeyFigures(
        single=len(singles),
        positions=tuple(counts[i] for i in range(width)),
        longest=sum(_key_is_longest(q) for q in singles),
        multiple=len(multiples),
        multiple_first=sum(_keys_first(q) for q in multiples),
        true_false=len(tfs),
        true_answers=sum(bool(q.answer) for q in tfs),
    )


def check_quiz(quiz: Quiz, doc: Document, settings: Quality) -> list[Problem]:
    """Every item-writing finding of one quiz, as warnings (errors under `strict`)."""
    off = set(settings.disabled)
    found = [
        p
        for p in [*_quiz_rules(quiz, doc, settings), *_question_rules(quiz, doc, settings)]
        if p.rule not in off
    ]
    if settings.strict:
        found = [replace(p, severity="error") for p in found]
    return found


def check(quizzes: Iterable[tuple[Quiz, Document]], settings: Quality) -> list[Problem]:
    return [p for quiz, doc in quizzes for p in check_quiz(quiz, doc, settings)]


# ---- rules over a whole quiz (or bank: a quiz with `draw` is its own bank)


def _quiz_rules(quiz: Quiz, doc: Document, s: Quality) -> Iterator[Problem]:
    figures = key_figures(quiz)
    singles = [q for q in quiz.questions if q.type == "single" and q.options]
    if figures.single >= s.key_position_min_questions:
        yield from _key_position(singles, figures, doc, s)
    if figures.multiple >= 2 and figures.multiple_first == figures.multiple:
        yield _finding(doc, ("questions",), "multiple-key-position", count=figures.multiple)
    if figures.single >= s.longest_option_min_questions:
        share = Fraction(figures.longest, figures.single)
        if share * 100 > s.longest_option_max_share:
            yield _finding(
                doc, ("questions",), "longest-option", count=figures.longest, total=figures.single,
                percent=_percent(share), limit=s.longest_option_max_share,
            )  # fmt: skip
    if figures.true_false >= s.true_false_min_questions:
        share = Fraction(figures.true_answers, figures.true_false)
        low, high = s.true_false_min_share, 100 - s.true_false_min_share
        if not low <= share * 100 <= high:
            yield _finding(
                doc, ("questions",), "true-false-balance", first=figures.true_answers,
                second=figures.true_false - figures.true_answers, percent=_percent(share), low=low, high=high,
            )  # fmt: skip
    if quiz.kind in GRADED_KINDS and not quiz.shuffle_options and s.unshuffled_reason is None:
        where: Loc = ("shuffle_options",) if "shuffle_options" in (doc.data or {}) else ("kind",)
        yield _finding(doc, where, "unshuffled-graded", kind=quiz.kind)


def _key_position(
    singles: list[Question], figures: KeyFigures, doc: Document, s: Quality
) -> Iterator[Problem]:
    # What each position would hold if keys were spread evenly over each question's options; the
    # limit for four options is `key_position_max_share`, scaled for other counts by the same ratio
    expected = [Fraction(0)] * len(figures.positions)
    for q in singles:
        n = len(q.options or [])
        for i in range(n):
            expected[i] += Fraction(1, n)
    ratio = Fraction(s.key_position_max_share * 4, 100)
    for i, count in enumerate(figures.positions):
        if count > 1 and count > expected[i] * ratio:
            limit = _percent(expected[i] * ratio / figures.single)
            yield _finding(
                doc, ("questions",), "key-position", letter=option_id(i).upper(), count=count,
                total=figures.single, percent=_percent(Fraction(count, figures.single)), limit=limit,
            )  # fmt: skip


# ---- rules over one question


def _question_rules(quiz: Quiz, doc: Document, s: Quality) -> Iterator[Problem]:
    for i, q in enumerate(quiz.questions):
        here: Loc = ("questions", i)
        options = q.options or []
        if q.type == "single" and options and len(options) < s.min_options:
            yield _finding(doc, (*here, "options"), "few-options", count=len(options), least=s.min_options)
        if q.type == "single" and _key_is_longest(q) and len(options) > 1:
            key = next(o for o in options if o.correct)
            longest = max(_length(o) for o in options if not o.correct)
            if _length(key) > s.longest_option_max_ratio * longest:
                at = (*here, "options", options.index(key))
                yield _finding(
                    doc, at, "longest-option-question", length=_length(key), other=longest,
                    ratio=f"{_length(key) / longest:.2f}", limit=s.longest_option_max_ratio,
                )  # fmt: skip
        seen: dict[str, int] = {}
        for j, option in enumerate(options):
            at = (*here, "options", j)
            text = _normal(option.text)
            if _ABOVE.fullmatch(text):
                yield _finding(doc, at, "all-none-above", text=option.text.strip())
            if text in seen:
                yield _finding(doc, at, "duplicate-options", letter=option_id(seen[text]).upper())
            seen.setdefault(text, j)
            if quiz.kind == "practice" and not option.correct and not option.feedback:
                yield _finding(doc, at, "distractor-feedback", letter=option_id(j).upper())
        word = negative_word(q.prompt)
        if word:
            yield _finding(doc, (*here, "prompt"), "negative-stem", word=word)


def negative_word(prompt: str) -> str | None:
    """The first negative word of a stem that is neither in bold nor in capitals, if any."""
    for match in _NEGATIVE.finditer(prompt):
        word = match[1]
        if word.isupper() and len(word) > 1:
            continue
        if _YES_NO_TAIL.search(prompt[: match.start()]):
            continue  # "Pelanggaran atau bukan?" asks yes or no
        before = prompt[: match.start()]
        bold = before.count("**") % 2 or before.count("__") % 2
        if bold or before.count("<strong>") > before.count("</strong>"):
            continue
        return word
    return None


# ---- helpers


def _finding(doc: Document, loc: Loc, rule: str, /, **values: object) -> Problem:
    # At the key (`questions:`, `options:`), not at the first item of its list
    line, column = doc.where(loc, key=True)
    found = problem(doc.path, line, column, "quality_" + rule.replace("-", "_"), severity="warning", **values)
    return replace(found, rule=rule, hint=("quality_advice_" + rule.replace("-", "_"), found.values))


def _length(option: Option) -> int:
    return len(" ".join(option.text.split()))


def _key_is_longest(q: Question) -> bool:
    """The key is strictly longer than every distractor."""
    options = q.options or []
    keys = [o for o in options if o.correct]
    others = [_length(o) for o in options if not o.correct]
    return len(keys) == 1 and bool(others) and _length(keys[0]) > max(others)


def _keys_first(q: Question) -> bool:
    """The correct options of a multiple-choice question are the first ones written."""
    flags = [o.correct for o in q.options or []]
    count = sum(flags)
    return 0 < count < len(flags) and all(flags[:count])


def _normal(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s,]", " ", text.casefold()).replace(",", ", ").split()).replace(" ,", ",")


def _percent(share: Fraction) -> int:
    return round(share * 100)
