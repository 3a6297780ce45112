"""Decoding and re-scoring codes, a block at a time, in as many processes as there are cores.

The hot path does per code what `results.decode` and `results.verify` do, with the work in C where
it can be (the frame: a translation table, `int(..., 32)`, `zlib.crc32`) and each distinct answer
item (`12:a.c`) scored once per quiz with `scoring.question_points`, then looked up. Anything the
hot path does not accept goes the slow way, through `decode` and `verify` themselves, so every
problem is named exactly as `latih verify` names it.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import re
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.pool import AsyncResult

from generator.course.loader import LoadedCourse
from generator.results import (
    NUMBER_RE,
    QR_PART_RE,
    TO_DIGITS,
    CodeError,
    ResultsCode,
    decode,
    find_codes,
    fingerprint,
    join_qr_parts,
    key_of,
    read_payload,
    unescape,
    unframe,
    verify,
)
from generator.schema import effective_pass_mark
from generator.scoring import KeyedQuestion, passed, percent, question_points
from generator.tools.report.reading import Job
from generator.tools.report.scanning import scan

_OPTIONS = re.compile(r"[a-z]+(?:\.[a-z]+)*")
# Columns of one scored attempt, in the order `Batch.attempts` holds them.
COLUMNS = (
    "source",
    "line",
    "quiz",
    "finished_at",
    "name",
    "nip",
    "position",
    "agency",
    "displayed",
    "percent",
    "passed",
    "earned",
    "possible",
    "answers",
    "dupkey",
)


@dataclass(frozen=True)
class QuizKey:
    index: int
    id: str
    fingerprint: str
    shown: int  # questions per attempt: draw, or the whole bank
    pass_mark: int
    scale: int  # points are kept as integers times this (the partial-credit denominators' LCM)
    questions: tuple[KeyedQuestion, ...]


@dataclass(frozen=True)
class CourseKey:
    id: str
    version: str
    quizzes: dict[str, QuizKey]


def course_key(loaded: LoadedCourse, order: list[str]) -> CourseKey:
    assert loaded.course is not None
    course = loaded.course.model
    quizzes = {}
    for index, quiz_id in enumerate(order):
        quiz = loaded.quizzes[quiz_id].model
        keyed = tuple(key_of(q) for q in quiz.questions)
        scale = math.lcm(1, *(len(q.correct) for q in keyed if q.partial and q.correct))
        quizzes[quiz_id] = QuizKey(
            index,
            quiz_id,
            fingerprint([q.id for q in keyed]),
            quiz.draw or len(keyed),
            effective_pass_mark(course, quiz),
            scale,
            keyed,
        )
    return CourseKey(course.id, course.version, quizzes)


@dataclass
class CodeProblem:
    """A code that is not scored, or scored with a warning: where it is and what it says."""

    source: int
    line: int
    text: str
    reason: str  # a CodeError reason or a verification status
    message_key: str
    values: dict[str, object]
    code: ResultsCode | None = None


@dataclass
class Batch:
    attempts: dict[str, list[object]] = field(default_factory=lambda: {c: [] for c in COLUMNS})
    problems: list[CodeProblem] = field(default_factory=list)
    found: int = 0
    without_code: int = 0
    head_without_code: list[int] = field(default_factory=list)
    spill_lines: int = 0
    size: int = 0  # bytes read, for the progress bar
    source: int = 0  # the job's file
    cells: bool = False  # the job held form cells, not a block of text


def item_points(quiz: QuizKey, item: str) -> tuple[int, int, int] | None:
    """An answer item `INDEX:IDS` as (question index, points earned and possible, scaled), or None
    when it is not canonical or does not fit the bank (the slow path then says why)."""
    index, colon, ids = item.partition(":")
    if not colon or not NUMBER_RE.fullmatch(index):
        return None
    chosen = ids.split(".") if ids else []
    if ids and (not _OPTIONS.fullmatch(ids) or chosen != sorted(set(chosen))):
        return None
    q = int(index)
    if q >= len(quiz.questions):
        return None
    question = quiz.questions[q]
    if any(option not in question.options for option in chosen):
        return None
    earned = question_points(question, chosen) * quiz.scale
    assert earned.denominator == 1
    return q, int(earned), question.points * quiz.scale


def dupkey(name: str, nip: str, position: str, agency: str, displayed: str, answers: str) -> int:
    """With quiz and finishing time: the codes that are one attempt sent twice (same person, or the
    very same code when nothing says who). A 64-bit hash, the same in every forked decoder."""
    person = "".join(nip.split()) + "\x1f" + " ".join(name.split()).casefold()
    if person != "\x1f":
        return hash(person)
    return hash("\x1e" + "\x1f".join((name, nip, position, agency, displayed, answers)))


def store(
    out: dict[str, list[object]],
    where: tuple[int, int, int, int],
    who: Sequence[str],
    displayed: int,
    score: tuple[int, bool, int, int],
    answers: str,
) -> None:
    """One scored attempt appended to the columns (`COLUMNS`), with its duplicate key: `where` is
    (source, line, quiz index, finished at), `who` the four identity fields, `score` (percent,
    passed, earned, possible) in the quiz's scaled points."""
    name, nip, position, agency = who
    row = (*where, name, nip, position, agency, displayed, *score, answers)
    row += (dupkey(name, nip, position, agency, str(displayed), answers),)
    for column, value in zip(COLUMNS, row, strict=True):
        out[column].append(value)


class Decoder:
    """Per process: the course's key, and each quiz's memo of answer items already scored."""

    def __init__(self, loaded: LoadedCourse, key: CourseKey) -> None:
        assert loaded.course is not None
        self.course = loaded.course.model
        self.quizzes = loaded.quiz_models()
        self.key = key
        self.memo: dict[str, dict[str, tuple[int, int, int] | None]] = {q: {} for q in key.quizzes}

    def fast(self, text: str, source: int, line: int, out: dict[str, list[object]]) -> bool:
        try:
            fields = read_payload(unframe(text[6:].translate(TO_DIGITS)).decode("utf-8"))
            # As written: an escaped id never equals the key's, and such a code takes the slow path
            if fields.course_id != self.key.id or fields.course_version != self.key.version:
                return False
            quiz = self.key.quizzes.get(fields.quiz_id)
            if quiz is None or fields.fingerprint != quiz.fingerprint:
                return False
            finished, displayed = fields.finished_at, fields.displayed_percent
            number = NUMBER_RE.fullmatch
            if not number(finished) or not number(displayed) or int(displayed) > 100:
                return False
            written = (fields.name, fields.nip, fields.position, fields.agency)
            people = [unescape(f) if "%" in f else f for f in written]
        except (CodeError, UnicodeDecodeError):
            return False
        answers = fields.answers
        items = answers.split(",") if answers else []
        if len(items) != quiz.shown:
            return False
        memo = self.memo[quiz.id]
        earned = possible = 0
        seen = set()
        for item in items:
            if item in memo:
                hit = memo[item]
            else:
                hit = memo[item] = item_points(quiz, item)
            if hit is None or hit[0] in seen:
                return False
            seen.add(hit[0])
            earned += hit[1]
            possible += hit[2]
        score = (percent(earned, possible), passed(earned, possible, quiz.pass_mark), earned, possible)
        store(out, (source, line, quiz.index, int(finished)), people, int(displayed), score, answers)
        return True

    def slow(self, text: str, source: int, line: int, batch: Batch) -> None:
        """A code the hot path did not take: read and verify it the reference way."""
        try:
            code = decode(text)
        except CodeError as error:
            batch.problems.append(CodeProblem(source, line, text, error.reason, f"code_{error.reason}", {}))
            return
        result = verify(code, self.course, self.quizzes)
        if result.status != "ok" or result.score is None:
            batch.problems.append(
                CodeProblem(source, line, text, result.status, result.message_key, dict(result.values), code)
            )
            return
        # Valid, but escaped text or the like: scored the reference way, stored like the rest.
        quiz = self.key.quizzes[code.quiz_id]
        person = code.participant
        answers = ",".join(f"{i}:{'.'.join(ids)}" for i, ids in code.answers)
        total, scale = result.score.total, quiz.scale
        score = (total.percent, result.score.passed, int(total.earned * scale), total.possible * scale)
        who = (person.name, person.nip, person.position, person.agency)
        where = (source, line, quiz.index, code.finished_at)
        store(batch.attempts, where, who, code.displayed_percent, score, answers)

    def run(self, job: Job) -> Batch:
        batch = Batch()
        texts = codes_of(job, batch)
        for line, text in texts:
            if not self.fast(text, job.source, line, batch.attempts):
                self.slow(text, job.source, line, batch)
        return batch


def codes_of(job: Job, batch: Batch) -> list[tuple[int, str]]:
    """The codes of a job as (line, text), with the batch's line counts filled in."""
    texts: list[tuple[int, str]] = []
    batch.source, batch.cells = job.source, bool(job.cells)
    if job.cells:
        for row, cell in job.cells:
            texts += [(row, code) for _, code in scan(cell.encode("utf-8")).codes]
            batch.size += len(cell)
    else:
        result = scan(job.block, job.lookahead)
        texts = [(job.first_line + line + 1, code) for line, code in result.codes]
        batch.without_code = result.without_code
        batch.head_without_code = result.head_without_code
        batch.spill_lines = result.spill_lines
        batch.size = len(job.block)
    texts = _with_qr_parts(job, texts)
    batch.found = len(texts)
    return texts


_QR_PART_BYTES = re.compile(rb"LATIH1\*[0-9]", re.IGNORECASE)


def _with_qr_parts(job: Job, texts: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """A code printed as several numbered QR codes and pasted part by part, in any order, becomes
    its whole code again, on the line of its first part (see results.join_qr_parts)."""
    if job.cells:
        raw = "\n".join(cell for _, cell in job.cells)
        if "*" not in raw or not _QR_PART_BYTES.search(raw.encode("utf-8")):
            return texts
        parts = [(row, m.group()) for row, cell in job.cells for m in QR_PART_RE.finditer(cell)]
    else:
        if not _QR_PART_BYTES.search(job.block):
            return texts
        block = job.block.decode("utf-8", "replace")
        found = QR_PART_RE.finditer(block)
        parts = [(job.first_line + block.count("\n", 0, m.start()) + 1, m.group()) for m in found]
    if not parts:
        return texts
    lines = {line for line, _ in parts}
    # The scan saw each part as a bare prefix: the parts replace those
    bare = {"LATIH1", "LATIH1-"}
    kept = [(line, text) for line, text in texts if not (line in lines and text.upper() in bare)]
    first: dict[str, int] = {}
    for line, part in parts:
        first.setdefault(part.split("*")[3].upper().replace("-", ""), line)
    joined = find_codes(join_qr_parts("\n".join(part for _, part in parts)))
    whole = list(zip(first.values(), joined, strict=False))  # each set where its first part was, in order
    return sorted(kept + whole, key=lambda item: item[0])


class LineCount:
    """Lines without a code, over the jobs in order: the one count `verify` and `report` share.

    A code cut at a block's end reads on into the next block; the lines it runs into are not
    counted as lines without a code there.
    """

    def __init__(self, form_rows: dict[str, int]) -> None:
        self.form_rows = form_rows  # form rows without a code, counted by the reader
        self.text = 0
        self.spill = (-1, 0)

    def add(self, source: int, cells: bool, batch: Batch) -> None:
        self.text += batch.without_code
        if not cells and self.spill[0] == source:
            self.text -= sum(1 for i in batch.head_without_code if i < self.spill[1])
        self.spill = (source, batch.spill_lines) if not cells else (-1, 0)

    @property
    def total(self) -> int:
        return self.text + self.form_rows["without_code"]


_DECODER: Decoder | None = None


def _work(job: Job) -> Batch:
    assert _DECODER is not None
    return _DECODER.run(job)


def processes() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def decode_all(
    jobs: Iterable[Job], loaded: LoadedCourse, key: CourseKey, workers: int | None = None
) -> Iterator[Batch]:
    """Each job's batch, in the order of the jobs, decoded in `workers` processes (one: in this one)."""
    global _DECODER
    _DECODER = Decoder(loaded, key)
    count = processes() if workers is None else workers
    if count <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        yield from map(_work, jobs)
        return
    # Forked children inherit the decoder: the course is never pickled. A few jobs in flight at
    # most, so a large file is never read ahead into memory.
    with multiprocessing.get_context("fork").Pool(count) as pool:
        pending: deque[AsyncResult[Batch]] = deque()
        for job in jobs:
            pending.append(pool.apply_async(_work, (job,)))
            if len(pending) >= 2 * count:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()
