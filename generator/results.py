"""Results codes: the text a participant hands in, and the facilitator's re-scoring of it.

A results code carries an attempt's answers (option ids per question, not a score) so the
facilitator can re-score it against the answer key: a percent edited in the browser proves
nothing. The format, version 1, is described in `docs/results-code.md`; `assets/js/results.js`
writes the same codes in the participant's page, and `tests/vectors/results.json` pins both.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

from generator.participant import Person
from generator.schema import Course, Question, Quiz, effective_pass_mark
from generator.scoring import AttemptScore, KeyedQuestion, score_attempt

PREFIX = "LATIH1-"
VERSION = "1"
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U
GROUP = 5

# Exactly JavaScript's \s, so the page and the tools skip the same characters.
WHITESPACE = (
    " \t\n\v\f\r\u00a0\u1680"
    + "".join(map(chr, range(0x2000, 0x200B)))
    + "\u2028\u2029\u202f\u205f\u3000\ufeff"
)
# Crockford's reading of what people type: either case, and O, I, L for the digits they resemble.
# Each symbol becomes the digit int(..., 32) reads for its value; dashes and whitespace are dropped.
# ASCII only, on purpose: str.upper() would turn a Turkish dotless ı into I.
_DIGITS = dict(zip(ALPHABET + "OIL", "0123456789abcdefghijklmnopqrstuv" + "011", strict=True))
TO_DIGITS = str.maketrans(
    _DIGITS | {s.lower(): d for s, d in _DIGITS.items()} | dict.fromkeys("-" + WHITESPACE)
)
# The characters a code may hold: symbols in either case, dashes and whitespace (the report's
# byte scanner, tools/report/scanning.py, derives its patterns from this too).
CODE_CHARACTERS = "".join(map(chr, TO_DIGITS))
_RUN_RE = re.compile("[" + re.escape(CODE_CHARACTERS) + "]*")
_PREFIX_RE = re.compile("[Ll][Aa][Tt][Ii][Hh]1")
_NEXT_RE = re.compile("[Ll][Aa][Tt][Ii][Hh]")

# Numbers are plain decimals of at most 15 digits, so JavaScript reads them exactly (< 2^53).
NUMBER_RE = re.compile(r"0|[1-9][0-9]{0,14}")
_FINGERPRINT_RE = re.compile(r"[0-9a-f]{8}")
_OPTION_RE = re.compile(r"[a-z]+")
_ESCAPES = {"%": "%25", "|": "%7C", "\r": "%0D", "\n": "%0A"}
_UNESCAPES = {v: k for k, v in _ESCAPES.items()}
_ESCAPE_RE = re.compile(r"%(?:25|7C|0D|0A)?")
FIELDS = 12  # fields of version 1; later ones are ignored, so a newer page can add some

Reason = Literal["not_a_code", "truncated", "checksum", "malformed", "version"]
Status = Literal["ok", "other_course", "other_version", "unknown_quiz", "bank_changed", "bad_answers"]


class CodeError(ValueError):
    """A text that is not a readable results code. `reason` says which way, for the message."""

    def __init__(self, reason: Reason, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason: Reason = reason
        self.detail = detail


@dataclass(frozen=True)
class ResultsCode:
    """One finished attempt, as a results code carries it.

    `answers` lists the attempt's questions in the order they were shown: the question's
    0-based position in the quiz's YAML bank and the option ids chosen, sorted (empty when
    unanswered).
    """

    course_id: str
    course_version: str
    quiz_id: str
    fingerprint: str
    finished_at: int
    participant: Person
    displayed_percent: int
    answers: tuple[tuple[int, tuple[str, ...]], ...]


def fingerprint(question_ids: Sequence[str]) -> str:
    """The first 8 hex digits of SHA-256 over the bank's question ids, in YAML order.

    It tells a facilitator that the bank changed even when the author forgot to bump the
    course version, so indexes into the bank are never read against the wrong questions.
    """
    return hashlib.sha256("\n".join(question_ids).encode("utf-8")).hexdigest()[:8]


# Encoding


def _escape(value: str) -> str:
    return "".join(_ESCAPES.get(ch, ch) for ch in value)


def _number(value: int, what: str, limit: int = 10**15 - 1) -> str:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= limit:
        raise ValueError(f"{what} must be a whole number from 0 to {limit}, not {value!r}")
    return str(value)


def _answer(index: int, ids: Sequence[str]) -> str:
    chosen = sorted(set(ids))
    for option in chosen:
        if not _OPTION_RE.fullmatch(option):
            raise ValueError(f"option ids are lower-case letters, not {option!r}")
    return f"{_number(index, 'a question index')}:{'.'.join(chosen)}"


def payload(code: ResultsCode) -> str:
    """The text inside a code: the fields of version 1 joined by `|`."""
    if not _FINGERPRINT_RE.fullmatch(code.fingerprint):
        raise ValueError(f"a fingerprint is 8 lower-case hex digits, not {code.fingerprint!r}")
    who = code.participant
    texts = [code.course_id, code.course_version, code.quiz_id]
    people = [who.name, who.nip, who.position, who.agency]
    return "|".join(
        [
            VERSION,
            *map(_escape, texts),
            code.fingerprint,
            _number(code.finished_at, "finished_at"),
            *map(_escape, people),
            _number(code.displayed_percent, "displayed_percent", 100),
            ",".join(_answer(index, ids) for index, ids in code.answers),
        ]
    )


def _base32(data: bytes) -> str:
    bits = len(data) * 8
    count = -(-bits // 5)
    # The final symbol is filled up with zero bits, which decode() checks.
    text = "".join(f"{byte:08b}" for byte in data).ljust(count * 5, "0")
    return "".join(ALPHABET[int(text[i : i + 5], 2)] for i in range(0, len(text), 5))


def encode(code: ResultsCode) -> str:
    """The results code for an attempt: `LATIH1-` and base32 in groups of five."""
    return wrap(payload(code).encode("utf-8"))


def wrap(body: bytes) -> str:
    """Any payload bytes framed as a code: length, payload, CRC-32, in base32 groups of five.

    Public so tests and tools can build codes of other versions or broken payloads.
    """
    if len(body) > 0xFFFF:
        raise ValueError(f"the payload is {len(body)} bytes; a results code holds at most 65535")
    framed = len(body).to_bytes(2, "big") + body
    symbols = _base32(framed + zlib.crc32(framed).to_bytes(4, "big"))
    return PREFIX + "-".join(symbols[i : i + GROUP] for i in range(0, len(symbols), GROUP))


# Decoding


def _run(text: str, start: int) -> str:
    """The characters from `start` that a code may hold, up to the first one it may not."""
    match = _RUN_RE.match(text, start)
    return match.group() if match else ""


def _frame(text: str) -> bytes:
    """The payload bytes of the first code in `text`, with its length and checksum verified."""
    return _checked(text)[0]


def _checked(text: str) -> tuple[bytes, int]:
    """The payload bytes and the CRC-32 of the first code in `text`, both verified."""
    found = _PREFIX_RE.search(text)
    if found is None:
        raise CodeError("not_a_code", "the text holds no LATIH1 prefix")
    # Symbols up to the first character a code cannot hold, as digits Python's int() reads.
    return unframe_checked(_run(text, found.end()).translate(TO_DIGITS))


def unframe(digits: str) -> bytes:
    """The payload bytes of a code's symbols, already read as base-32 digits (`TO_DIGITS`)."""
    return unframe_checked(digits)[0]


def unframe_checked(digits: str) -> tuple[bytes, int]:
    """The payload bytes of a code's symbols (as base-32 digits) and their verified CRC-32."""
    if not digits:
        raise CodeError("not_a_code", "nothing follows the LATIH1 prefix")
    if len(digits) < 4:
        raise CodeError("truncated", "the code ends before its length")
    length = int(digits[:4], 32) >> 4  # the first 16 of 20 bits
    total = 2 + length + 4
    needed = -(-total * 8 // 5)
    if len(digits) < needed:
        raise CodeError("truncated", f"the code says {length} bytes follow, but fewer do")
    number = int(digits[:needed], 32)
    padding = needed * 5 - total * 8
    if number & ((1 << padding) - 1):
        # An honest encoder writes zeros here; anything else is a mistyped last symbol.
        raise CodeError("checksum", "the last symbol's padding bits are not zero")
    data = (number >> padding).to_bytes(total, "big")
    framed, crc = data[:-4], int.from_bytes(data[-4:], "big")
    if zlib.crc32(framed) != crc:
        raise CodeError("checksum", "the checksum does not match: a character was mistyped")
    return framed[2:], crc


def unescape(value: str) -> str:
    def replace(match: re.Match[str]) -> str:
        escape = match.group()
        if escape not in _UNESCAPES:
            raise CodeError("malformed", f"a bare '%' in {value!r}")
        return _UNESCAPES[escape]

    return _ESCAPE_RE.sub(replace, value)


def _parse_number(value: str, what: str, limit: int = 10**15 - 1) -> int:
    if not NUMBER_RE.fullmatch(value) or int(value) > limit:
        raise CodeError("malformed", f"{what} is not a whole number from 0 to {limit}: {value!r}")
    return int(value)


def _parse_answers(value: str) -> tuple[tuple[int, tuple[str, ...]], ...]:
    if not value:
        return ()
    answers = []
    for item in value.split(","):
        index, colon, ids = item.partition(":")
        if not colon:
            raise CodeError("malformed", f"an answer needs INDEX:IDS, not {item!r}")
        chosen = tuple(ids.split(".")) if ids else ()
        # Canonical form only: ids sorted, once each, so every attempt has exactly one code.
        if not all(_OPTION_RE.fullmatch(i) for i in chosen) or list(chosen) != sorted(set(chosen)):
            raise CodeError("malformed", f"option ids must be letters, sorted, once each: {item!r}")
        answers.append((_parse_number(index, "a question index"), chosen))
    return tuple(answers)


class Payload(NamedTuple):
    """The fields of a version-1 payload by name, as written: escaped, numbers as digits.

    The one reader of the payload's layout: `parse_payload` checks and converts these fields, and
    the report's fast path (tools/report/decoding.py) compares them as they are."""

    version: str
    course_id: str
    course_version: str
    quiz_id: str
    fingerprint: str
    finished_at: str
    name: str
    nip: str
    position: str
    agency: str
    displayed_percent: str
    answers: str


def read_payload(text: str) -> Payload:
    """A payload's fields by name; raises CodeError for another version or too few fields."""
    fields = text.split("|")
    if fields[0] != VERSION:
        if NUMBER_RE.fullmatch(fields[0]):
            raise CodeError("version", f"format version {fields[0]} is not supported (only {VERSION})")
        raise CodeError("malformed", f"the payload does not start with a version: {fields[0]!r}")
    if len(fields) < FIELDS:
        raise CodeError("malformed", f"the payload has {len(fields)} fields, not {FIELDS}")
    return Payload(*fields[:FIELDS])


def parse_payload(text: str) -> ResultsCode:
    """The fields of a payload, checked: the inverse of `payload()`."""
    fields = read_payload(text)
    if not _FINGERPRINT_RE.fullmatch(fields.fingerprint):
        raise CodeError("malformed", f"the bank fingerprint is not 8 hex digits: {fields.fingerprint!r}")
    return ResultsCode(
        course_id=unescape(fields.course_id),
        course_version=unescape(fields.course_version),
        quiz_id=unescape(fields.quiz_id),
        fingerprint=fields.fingerprint,
        finished_at=_parse_number(fields.finished_at, "finished_at"),
        participant=Person(*(unescape(f) for f in (fields.name, fields.nip, fields.position, fields.agency))),
        displayed_percent=_parse_number(fields.displayed_percent, "the displayed percent", 100),
        answers=_parse_answers(fields.answers),
    )


def decode(text: str) -> ResultsCode:
    """Read the first results code in `text`, forgiving of case, spaces, line breaks and dashes.

    Whatever follows the bytes the code needs is ignored, so words after it on the same line do
    no harm. Raises CodeError saying why a text cannot be read.
    """
    body = _frame(text)
    try:
        return parse_payload(body.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise CodeError("malformed", f"the payload is not UTF-8 text (byte {error.start})") from None


def reference(text: str) -> str:
    """The short reference a certificate prints for the first code in `text`: its CRC-32.

    Seven symbols in two groups (ABCD-EFG): enough to tell one participant's code from another's
    at a glance, and what `latih verify` shows beside each code. Raises CodeError like decode()."""
    symbols = _base32(_checked(text)[1].to_bytes(4, "big"))
    return f"{symbols[:4]}-{symbols[4:]}"


# A code too long for one QR code is split over several: LATIH1*PART*COUNT*REFERENCE*PIECE, where
# the pieces, in PART order, are the code's symbols after LATIH1-. Read back in any order.
QR_PIECE = 1000
QR_PART_RE = re.compile(
    r"LATIH1\*([0-9]{1,3})\*([0-9]{1,3})\*([0-9A-Z]{4}-?[0-9A-Z]{3})\*([0-9A-Z-]+)", re.IGNORECASE
)


def short_code(text: str) -> str:
    """A code's start and end: codes of one course start alike, their ends tell them apart."""
    flat = "".join(text.split())
    return flat if len(flat) <= 30 else f"{flat[:12]}…{flat[-14:]}"


def qr_texts(code: str) -> list[str]:
    """What the QR codes of a results code hold: the code itself, or numbered parts of it."""
    if len(code) <= QR_PIECE + len(PREFIX):
        return [code]
    body = code[len(PREFIX) :]
    pieces = [body[i : i + QR_PIECE] for i in range(0, len(body), QR_PIECE)]
    ref = reference(code).replace("-", "")
    return [f"LATIH1*{i}*{len(pieces)}*{ref}*{piece}" for i, piece in enumerate(pieces, start=1)]


def join_qr_parts(text: str) -> str:
    """`text` with the parts of split QR codes, found in any order, put back together as codes.

    Each complete set becomes its code where its first part was; an incomplete set becomes what
    its parts hold, so decode() says the code is truncated."""
    sets: dict[tuple[str, int], dict[int, str]] = {}
    for match in QR_PART_RE.finditer(text):
        part, count = int(match[1]), int(match[2])
        sets.setdefault((match[3].upper().replace("-", ""), count), {})[part] = match[4]
    if not sets:
        return text
    placed: set[tuple[str, int]] = set()

    def whole(match: re.Match[str]) -> str:
        key = (match[3].upper().replace("-", ""), int(match[2]))
        if key in placed:
            return ""
        placed.add(key)
        pieces = sets[key]
        return PREFIX + "".join(pieces[i] for i in sorted(pieces)) + "\n"

    return QR_PART_RE.sub(whole, text)


def find_codes(text: str) -> list[str]:
    """Every results code in a text (a chat log, a pasted list), each as found, trimmed.

    A code runs from each LATIH1 over the characters codes may hold, to the next LATIH or the
    first other character; decode() then ignores what it does not need. The parts of a code
    split over several QR codes are put together first. One pass: each run is matched only up to
    the next LATIH, so every character is read a bounded number of times.
    """
    text = join_qr_parts(text)
    codes = []
    nexts = [m.start() for m in _NEXT_RE.finditer(text)]
    for i, start in enumerate(nexts):
        found = _PREFIX_RE.match(text, start)
        if found is None:
            continue
        limit = nexts[i + 1] if i + 1 < len(nexts) else len(text)
        run = _RUN_RE.match(text, found.end(), limit)
        end = run.end() if run else found.end()
        codes.append(text[start:end].strip(WHITESPACE))
    return codes


# Verification against a course


@dataclass(frozen=True)
class Verification:
    """What a results code proves once re-scored against the course the facilitator holds.

    `message_key` names a message in `locale/*.yml` and `values` fills it in, so the command line
    and the report say the same thing in the course's language.
    """

    code: ResultsCode
    status: Status
    message_key: str
    values: Mapping[str, object] = field(default_factory=dict)
    score: AttemptScore | None = None
    quiz_title: str | None = None
    pass_mark: int | None = None
    # True when the re-scored percent differs from the one the participant's page displayed.
    displayed_mismatch: bool = False


def key_of(question: Question) -> KeyedQuestion:
    """A question as the scoring rules see it: its options, its key and how it scores."""
    return KeyedQuestion(
        id=question.id,
        type=question.type,
        topic=question.topic or "",  # the page writes a missing topic as "" too
        points=question.points,
        options=tuple(question.option_ids()),
        correct=frozenset(question.correct_ids()),
        partial=bool(question.partial),
    )


def verify(code: ResultsCode, course: Course, quizzes: Mapping[str, Quiz]) -> Verification:
    """Re-score a code's answers against the answer key of a course and its quizzes (by id).

    Checks run from the coarsest to the finest, and scoring happens only when the code was
    written for exactly this bank: a code from another version is reported, never mis-scored.
    """
    if code.course_id != course.id:
        return Verification(
            code, "other_course", "verify_other_course", {"code_course": code.course_id, "course": course.id}
        )
    if code.course_version != course.version:
        return Verification(
            code,
            "other_version",
            "verify_other_version",
            {"code_version": code.course_version, "course_version": course.version},
        )
    quiz = quizzes.get(code.quiz_id)
    if quiz is None:
        return Verification(code, "unknown_quiz", "verify_unknown_quiz", {"quiz": code.quiz_id})
    title = quiz.title
    bank = quiz.questions
    if code.fingerprint != fingerprint([q.id for q in bank]):
        return Verification(code, "bank_changed", "verify_bank_changed", {"quiz": quiz.id}, quiz_title=title)

    problem = _answers_problem(code, len(bank), quiz.draw or len(bank), [q.option_ids() for q in bank])
    if problem is not None:
        key, values = problem
        return Verification(code, "bad_answers", key, values, quiz_title=title)

    keyed = [key_of(bank[index]) for index, _ in code.answers]
    pass_mark = effective_pass_mark(course, quiz)
    score = score_attempt(keyed, {bank[i].id: ids for i, ids in code.answers}, pass_mark)
    mismatch = score.total.percent != code.displayed_percent
    return Verification(
        code,
        "ok",
        "verify_mismatch" if mismatch else "verify_ok",
        {"percent": score.total.percent, "displayed": code.displayed_percent},
        score=score,
        quiz_title=title,
        pass_mark=pass_mark,
        displayed_mismatch=mismatch,
    )


def _answers_problem(
    code: ResultsCode, bank: int, drawn: int, options: list[list[str]]
) -> tuple[str, dict[str, object]] | None:
    """Why the answers cannot belong to an attempt at this quiz (a message key and its values), or
    None when they can."""
    # An attempt lists every question it showed, answered or not: a shorter list would let a
    # participant drop the questions they got wrong.
    if len(code.answers) != drawn:
        return "verify_answers_count", {"listed": len(code.answers), "shown": drawn}
    seen: set[int] = set()
    for index, ids in code.answers:
        if index >= bank:
            return "verify_answers_no_question", {"number": index + 1, "bank": bank}
        if index in seen:
            return "verify_answers_twice", {"number": index + 1}
        seen.add(index)
        unknown = [i for i in ids if i not in options[index]]
        if unknown:
            return "verify_answers_no_option", {"number": index + 1, "options": ", ".join(unknown)}
    return None
