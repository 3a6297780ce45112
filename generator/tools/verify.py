"""`latih verify`: what each code proves, in plain words, for the terminal."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence

from generator.course.loader import LoadedCourse
from generator.i18n import report_strings
from generator.results import CodeError, decode, find_codes, reference, short_code, verify
from generator.terminal import clean
from generator.tools.report.decoding import Batch, LineCount, codes_of
from generator.tools.report.numbers import Numbers
from generator.tools.report.reading import Forms

_PREFIX = re.compile("latih1", re.IGNORECASE)


def _unreadable(text: str) -> str | None:
    try:
        decode(text)
    except CodeError as error:
        return error.reason
    return None


def _code_texts(args: Sequence[str]) -> list[str]:
    """The command line's arguments as code texts, one per code.

    A code written in groups separated by spaces and passed without quotes reaches us as several
    arguments: the words after a code that ends too soon are joined to it when that makes it whole.
    """
    texts: list[str] = []
    i = 0
    while i < len(args):
        text, i = args[i], i + 1
        joined, j = text, i
        while (
            _PREFIX.search(joined)
            and _unreadable(joined) in ("truncated", "not_a_code")
            and j < len(args)
            and not _PREFIX.search(args[j])
        ):
            joined, j = f"{joined} {args[j]}", j + 1
            if _unreadable(joined) is None:
                text, i = joined, j
                break
        texts += find_codes(text) or [text]
    return texts


def file_codes(paths: Sequence[str]) -> tuple[Iterator[tuple[str, int, str]], LineCount]:
    """Every code in files and folders as (file, line, text), read as `latih report` reads them."""
    from generator.tools.report.reading import expand, jobs

    files = expand(list(paths))
    forms = Forms()
    counts = {"without_code": 0}
    lines = LineCount(counts)

    def walk() -> Iterator[tuple[str, int, str]]:
        for job in jobs(files, forms, counts):
            batch = Batch()
            found = codes_of(job, batch)
            lines.add(batch.source, batch.cells, batch)
            for line, text in found:
                yield str(files[job.source]), line, text

    return walk(), lines


def iter_verify(
    codes: Sequence[str],
    loaded: LoadedCourse,
    language: str,
    paths: Sequence[str] = (),
    status: list[int] | None = None,
    ref: str | None = None,
) -> Iterator[str]:
    """What each code proves, in plain words, line by line; `status` gets the exit code.

    A code that reads but is not valid for this course still names its participant and quiz, so
    the facilitator knows whom to ask. Codes in files are found as `latih report` finds them, and
    the lines without a code are counted the same way.
    """
    t = report_strings(language)
    n = Numbers(language)
    problems = count = 0
    texts: Iterator[tuple[str, int, str]] = iter([("", 0, text) for text in _code_texts(list(codes))])
    counter = None
    if paths:
        found, counter = file_codes(paths)
        texts = itertools.chain(texts, found)
    wanted = normal_reference(ref) if ref else None
    for where, line, text in texts:
        if wanted is not None and _reference(text) != wanted:
            continue
        count += 1
        if count > 1:
            yield ""
        head = t["code_n"].format(n=count, code=short_code(text))
        yield f"{head} ({where}:{line})" if where else head
        lines, problem = _code_lines(text, loaded, t, n)
        problems += problem
        yield from lines
    if count > 1:
        yield ""
        yield t["verify_summary"].format(count=count, valid=count - problems, problems=problems)
    if counter is not None:
        yield t["lines_without_code"].format(count=counter.total)
    if status is not None:
        status.append(1 if problems or not count else 0)


def verify_lines(
    codes: Sequence[str], loaded: LoadedCourse, language: str, paths: Sequence[str] = ()
) -> tuple[list[str], int]:
    """The lines `latih verify` prints, and its exit code: 0 when every code is valid."""
    status: list[int] = []
    lines = list(iter_verify(codes, loaded, language, paths, status))
    return lines, status[0]


def normal_reference(typed: str) -> str:
    """A reference as printed, typed with or without its dash, in either case, O for 0, I or L for 1."""
    return typed.upper().strip().translate(str.maketrans("OIL", "011", "-"))


def _reference(text: str) -> str | None:
    try:
        return reference(text).replace("-", "")
    except CodeError:
        return None


def _code_lines(text: str, loaded: LoadedCourse, t: dict[str, str], n: Numbers) -> tuple[list[str], int]:
    lines: list[str] = []
    try:
        code = decode(text)
    except CodeError as error:
        return [t[f"code_{error.reason}"]], 1
    assert loaded.course is not None
    result = verify(code, loaded.course.model, loaded.quiz_models())
    # The short reference a certificate prints, to match a paper with its code
    lines.append(t["line_reference"].format(reference=reference(text)))
    who = clean(code.participant.name.strip()) or t["anonymous"]
    if code.participant.nip.strip():
        who += ", " + t["nip"].format(nip=clean(code.participant.nip.strip()))
    lines.append(t["line_participant"].format(who=who))
    quiz = clean(result.quiz_title or code.quiz_id)
    lines.append(t["line_quiz"].format(quiz=quiz if quiz == code.quiz_id else f"{quiz} ({code.quiz_id})"))
    values = {k: clean(str(v)) for k, v in result.values.items()}
    if result.score is None:
        lines.append(t[result.message_key].format(**values))
        return lines, 1
    total = result.score.total
    lines.append(
        t["line_score"].format(percent=total.percent, earned=n.points(total.earned), possible=total.possible)
    )
    verdict = t["yes"] if result.score.passed else t["no"]
    lines.append(t["line_passed"].format(verdict=verdict, mark=result.pass_mark))
    lines.append(t[result.message_key].format(**values))
    return lines, int(result.displayed_mismatch)
