"""The facilitator's tools over many results codes: `latih verify` and `latih report`.

Everything here is a pure function of a text (or a list of codes) and a loaded course:
`collect` finds, reads and re-scores the codes in a pasted text, `summarise` turns them into the
numbers a facilitator discusses, `render_report` draws them as one self-contained HTML file, and
`verify_lines` says what each code proves in plain words. Codes are re-scored from the answers
they carry (`results.verify`), never from the percent the participant's page displayed.
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from generator.i18n import message
from generator.loader import LoadedCourse
from generator.render import DEFAULT_TRUE_FALSE, environment
from generator.results import CodeError, ResultsCode, Verification, decode, find_codes, reference, verify
from generator.schema import Question, Quiz, option_id

# Kinds in the order a session runs them; a report shows only the kinds it has attempts for.
KINDS = ("pretest", "posttest", "exam", "practice")
# "Most misunderstood" is judged on what people know after the session, not before it.
AFTER_SESSION = frozenset({"posttest", "exam"})
HARDEST = 3
BINS = 10  # the histogram's 10-point bins: 0-9, 10-19 ... 90-100

# Report and verify strings, per course language. To move to locale/*.yml: keys are kept unique
# and the verify_* keys are the `message_key`s that results.verify() returns.
STRINGS: dict[str, dict[str, str]] = {
    "id": {
        "report_title": "Laporan hasil",
        "version": "versi {version}",
        "period": "Kode dikerjakan antara {start} dan {end}.",
        "no_attempts": "Belum ada kode sah yang bisa dinilai dalam berkas ini.",
        "contents": "Isi laporan",
        "card_participants": "Peserta",
        "card_attempts": "Percobaan dinilai",
        "card_gain": "Rata-rata peningkatan",
        "card_problems": "Kode bermasalah",
        "points_unit": "poin",
        "gain_heading": "Pra-tes dan pasca-tes",
        "gain_intro": (
            "Peserta dicocokkan menurut NIP, atau menurut nama (tanpa membedakan huruf besar dan spasi) "
            "bila NIP kosong. Yang dibandingkan adalah percobaan terakhir masing-masing."
        ),
        "gain_none": "Belum ada peserta yang mengerjakan pra-tes dan pasca-tes sekaligus.",
        "mean_pre": "Rata-rata pra-tes",
        "mean_post": "Rata-rata pasca-tes",
        "mean_gain": "Rata-rata peningkatan",
        "improved": "{improved} dari {matched} peserta naik nilainya, {unchanged} tetap, {declined} turun.",
        "slope_title": "Nilai pra-tes dan pasca-tes per peserta",
        "slope_desc": (
            "{matched} peserta. Rata-rata pra-tes {pre}, pasca-tes {post}: peningkatan {gain} poin. "
            "{improved} naik, {unchanged} tetap, {declined} turun."
        ),
        "mean": "rata-rata",
        "slope_pair": "{count} peserta: {pre} → {post} ({names})",
        "shift_title": "Sebaran nilai peserta yang mengerjakan keduanya",
        "col_no": "No.",
        "col_name": "Nama",
        "col_nip": "NIP",
        "col_agency": "Instansi",
        "col_pre": "Pra-tes",
        "col_post": "Pasca-tes",
        "col_gain": "Peningkatan",
        "hardest_heading": "Tiga skenario yang paling banyak disalahpahami",
        "hardest_intro_after": (
            "Soal dengan porsi jawaban benar terendah pada pasca-tes dan ujian: bahas lagi bersama."
        ),
        "hardest_intro_all": "Soal dengan porsi jawaban benar terendah pada semua kuis: bahas lagi bersama.",
        "hardest_none": "Belum ada jawaban untuk dinilai.",
        "question_of": "{quiz}, soal {position}",
        "share_correct": "{share} menjawab benar ({correct} dari {seen})",
        "most_wrong": "Jawaban salah yang paling sering dipilih",
        "chosen_by": "dipilih {count} kali",
        "no_wrong": "tidak ada pilihan salah; yang keliru tidak menjawab atau hanya benar sebagian",
        "discussion": "Pertanyaan diskusi",
        "quizzes_heading": "Sebaran nilai per kuis",
        "stat_attempts": "Percobaan",
        "stat_participants": "Peserta",
        "stat_mean": "Rata-rata",
        "stat_median": "Median",
        "stat_pass_rate": "Lulus",
        "pass_mark": "batas lulus {mark}",
        "histogram_title": "Sebaran nilai: {quiz}",
        "histogram_desc": "{attempts} percobaan dalam rentang 10 poin. {bins}.",
        "axis_score": "Nilai (%)",
        "axis_attempts": "Jumlah percobaan",
        "axis_participants": "Jumlah peserta",
        "topics_heading": "Nilai per topik",
        "topics_intro": "Rata-rata nilai per topik dari semua percobaan, menurut jenis kuis.",
        "topics_title": "Rata-rata nilai per topik",
        "topics_desc": "Rata-rata nilai (%) per topik dan jenis kuis. {rows}.",
        "col_topic": "Topik",
        "no_topic": "(tanpa topik)",
        "questions_heading": "Tingkat kesulitan per soal",
        "questions_intro": "Porsi percobaan yang menjawab benar penuh, dari yang tersulit.",
        "col_question": "Soal",
        "col_seen": "Dijawab",
        "col_correct": "Benar",
        "col_unanswered": "Kosong",
        "col_wrong": "Pilihan salah terbanyak",
        "participants_heading": "Peserta dan percobaan",
        "participants_intro": "Nilai percobaan terakhir per kuis; angka dalam kurung: jumlah percobaan.",
        "participants_gain": "Peningkatan: pasca-tes terakhir dikurangi pra-tes terakhir, dalam poin.",
        "anonymous": "(tanpa nama)",
        "passed_mark": "lulus",
        "problems_heading": "Kode yang perlu diperiksa",
        "mismatch_heading": "Nilai yang ditampilkan berbeda dari hasil penilaian ulang",
        "mismatch_intro": (
            "Halaman peserta menampilkan nilai lain daripada nilai yang diperoleh jawabannya: halaman "
            "disunting, atau dinilai dengan kunci lain. Laporan ini memakai hasil penilaian ulang."
        ),
        "col_line": "Baris",
        "col_quiz": "Kuis",
        "col_displayed": "Ditampilkan",
        "col_rescored": "Penilaian ulang",
        "other_version_heading": "Kode dari versi kursus lain (tidak dinilai)",
        "other_version_intro": (
            "Kode ini dibuat untuk versi kursus lain dari versi {version} yang dipakai laporan ini. "
            "Periksa dengan berkas kursus versi yang sama."
        ),
        "col_code_version": "Versi kode",
        "invalid_heading": "Kode tidak sah",
        "col_code": "Kode",
        "col_reason": "Alasan",
        "duplicates": "{count} kode dikirim lebih dari sekali dan dihitung sekali saja:",
        "duplicate_of": "baris {line} (sama dengan baris {first})",
        "no_problems": "Semua kode terbaca dan sah.",
        "kind_pretest": "Pra-tes",
        "kind_posttest": "Pasca-tes",
        "kind_exam": "Ujian",
        "kind_practice": "Latihan",
        "yes": "ya",
        "no": "tidak",
        "code_n": "Kode {n}: {code}",
        "line_participant": "  Peserta : {who}",
        "line_quiz": "  Kuis    : {quiz}",
        "line_score": "  Nilai   : {percent}% ({earned} dari {possible} poin)",
        "line_passed": "  Lulus   : {verdict} (batas lulus {mark}%)",
        "nip": "NIP {nip}",
        "verify_ok": (
            "  Sah: nilai dihitung ulang dari jawaban dan sama dengan yang ditampilkan ({percent}%)."
        ),
        "verify_mismatch": (
            "  PERINGATAN: nilai yang ditampilkan berbeda dari hasil penilaian ulang: halaman peserta "
            "menampilkan {displayed}%, jawabannya bernilai {percent}%. Yang berlaku {percent}%."
        ),
        "verify_other_version": (
            "  Kode dari versi kursus lain: kode dibuat untuk versi {code_version}, kursus ini versi "
            "{course_version}. Tidak dinilai; periksa dengan berkas kursus versi {code_version}."
        ),
        "verify_other_course": "  Kode untuk kursus lain (“{code_course}”), bukan “{course}”. Tidak dinilai.",
        "verify_unknown_quiz": "  Kursus ini tidak memiliki kuis “{quiz}”. Tidak dinilai.",
        "verify_bank_changed": (
            "  Soal kuis “{quiz}” sudah berubah sejak kode dibuat (ditambah, dihapus atau diurutkan "
            "ulang) walau versi kursus sama. Tidak dinilai."
        ),
        "verify_bad_answers": "  Jawaban dalam kode tidak cocok dengan kuis ini ({detail}). Tidak dinilai.",
        "code_checksum": (
            "  Kode salah ketik: checksum tidak cocok. Bandingkan dengan layar atau kode QR peserta."
        ),
        "code_truncated": (
            "  Kode terpotong: bagian akhirnya hilang. Minta peserta mengirim kode selengkapnya."
        ),
        "code_not_a_code": (
            "  Ini bukan kode hasil: tidak ada awalan LATIH1, atau tidak ada apa pun sesudahnya."
        ),
        "code_malformed": (
            "  Kode terbaca tetapi isinya tidak sesuai format: halaman yang menulisnya bermasalah. "
            "Laporkan kepada pengelola kursus."
        ),
        "code_version": (
            "  Kode memakai format yang lebih baru daripada yang dikenal alat ini. Perbarui Latih."
        ),
        "verify_summary": "{count} kode: {valid} sah, {problems} perlu diperiksa.",
    },
    "en": {
        "report_title": "Results report",
        "version": "version {version}",
        "period": "Codes finished between {start} and {end}.",
        "no_attempts": "This file holds no valid code that can be scored yet.",
        "contents": "Contents",
        "card_participants": "Participants",
        "card_attempts": "Attempts scored",
        "card_gain": "Average learning gain",
        "card_problems": "Codes with problems",
        "points_unit": "points",
        "gain_heading": "Pre-test and post-test",
        "gain_intro": (
            "Participants are matched by NIP, or by name (ignoring case and spacing) when the NIP is "
            "empty. Each participant's latest attempt is compared."
        ),
        "gain_none": "No participant has taken both the pre-test and the post-test yet.",
        "mean_pre": "Pre-test average",
        "mean_post": "Post-test average",
        "mean_gain": "Average gain",
        "improved": (
            "{improved} of {matched} participants improved, {unchanged} stayed the same, {declined} declined."
        ),
        "slope_title": "Pre-test and post-test score per participant",
        "slope_desc": (
            "{matched} participants. Pre-test average {pre}, post-test {post}: a gain of {gain} points. "
            "{improved} improved, {unchanged} the same, {declined} declined."
        ),
        "mean": "average",
        "slope_pair": "{count} participants: {pre} → {post} ({names})",
        "shift_title": "Scores of those who took both",
        "col_no": "No.",
        "col_name": "Name",
        "col_nip": "NIP",
        "col_agency": "Agency",
        "col_pre": "Pre-test",
        "col_post": "Post-test",
        "col_gain": "Gain",
        "hardest_heading": "The three most misunderstood scenarios",
        "hardest_intro_after": (
            "Questions with the lowest share correct in the post-test and exam: discuss them again."
        ),
        "hardest_intro_all": "Questions with the lowest share correct over all quizzes: discuss them again.",
        "hardest_none": "No answers to score yet.",
        "question_of": "{quiz}, question {position}",
        "share_correct": "{share} answered correctly ({correct} of {seen})",
        "most_wrong": "Most-chosen wrong answer",
        "chosen_by": "chosen {count} times",
        "no_wrong": "no wrong option chosen; the misses were unanswered or only partly right",
        "discussion": "Discussion question",
        "quizzes_heading": "Score distribution per quiz",
        "stat_attempts": "Attempts",
        "stat_participants": "Participants",
        "stat_mean": "Mean",
        "stat_median": "Median",
        "stat_pass_rate": "Passed",
        "pass_mark": "pass mark {mark}",
        "histogram_title": "Score distribution: {quiz}",
        "histogram_desc": "{attempts} attempts in 10-point ranges. {bins}.",
        "axis_score": "Score (%)",
        "axis_attempts": "Attempts",
        "axis_participants": "Participants",
        "topics_heading": "Scores per topic",
        "topics_intro": "Mean score per topic over all attempts, by kind of quiz.",
        "topics_title": "Mean score per topic",
        "topics_desc": "Mean score (%) per topic and kind of quiz. {rows}.",
        "col_topic": "Topic",
        "no_topic": "(no topic)",
        "questions_heading": "Difficulty per question",
        "questions_intro": "Share of attempts that answered fully correctly, hardest first.",
        "col_question": "Question",
        "col_seen": "Seen",
        "col_correct": "Correct",
        "col_unanswered": "Blank",
        "col_wrong": "Most-chosen wrong option",
        "participants_heading": "Participants and attempts",
        "participants_intro": "Latest attempt's score per quiz; in brackets: the number of attempts.",
        "participants_gain": "Gain: the latest post-test minus the latest pre-test, in points.",
        "anonymous": "(no name)",
        "passed_mark": "passed",
        "problems_heading": "Codes to check",
        "mismatch_heading": "Displayed score differs from the re-scored result",
        "mismatch_intro": (
            "The participant's page displayed another score than the answers earn: the page was edited, "
            "or scored with another key. This report uses the re-scored result."
        ),
        "col_line": "Line",
        "col_quiz": "Quiz",
        "col_displayed": "Displayed",
        "col_rescored": "Re-scored",
        "other_version_heading": "Codes from another course version (not scored)",
        "other_version_intro": (
            "These codes were written for another version of the course than version {version}, which "
            "this report uses. Check them against the course files of their version."
        ),
        "col_code_version": "Code's version",
        "invalid_heading": "Invalid codes",
        "col_code": "Code",
        "col_reason": "Reason",
        "duplicates": "{count} codes were sent more than once and are counted once:",
        "duplicate_of": "line {line} (same as line {first})",
        "no_problems": "Every code was readable and valid.",
        "kind_pretest": "Pre-test",
        "kind_posttest": "Post-test",
        "kind_exam": "Exam",
        "kind_practice": "Practice",
        "yes": "yes",
        "no": "no",
        "code_n": "Code {n}: {code}",
        "line_participant": "  Participant : {who}",
        "line_quiz": "  Quiz        : {quiz}",
        "line_score": "  Score       : {percent}% ({earned} of {possible} points)",
        "line_passed": "  Passed      : {verdict} (pass mark {mark}%)",
        "nip": "NIP {nip}",
        "verify_ok": "  Valid: re-scored from the answers, and the same as displayed ({percent}%).",
        "verify_mismatch": (
            "  WARNING: the displayed score differs from the re-scored result: the participant's page "
            "displayed {displayed}%, the answers earn {percent}%. {percent}% stands."
        ),
        "verify_other_version": (
            "  A code from another course version: written for version {code_version}, this course is "
            "version {course_version}. Not scored; check it against the course files of version "
            "{code_version}."
        ),
        "verify_other_course": "  A code for another course (“{code_course}”), not “{course}”. Not scored.",
        "verify_unknown_quiz": "  This course has no quiz “{quiz}”. Not scored.",
        "verify_bank_changed": (
            "  The questions of quiz “{quiz}” changed since the code was written (added, removed or "
            "reordered) although the course version is the same. Not scored."
        ),
        "verify_bad_answers": "  The answers in the code do not fit this quiz ({detail}). Not scored.",
        "code_checksum": (
            "  A mistyped code: the checksum does not match. Compare it with the participant's screen "
            "or QR code."
        ),
        "code_truncated": "  A truncated code: its end is missing. Ask the participant for the whole code.",
        "code_not_a_code": "  Not a results code: there is no LATIH1 prefix, or nothing after it.",
        "code_malformed": (
            "  The code reads, but its content does not follow the format: the page that wrote it has a "
            "bug. Report it to the course's maintainers."
        ),
        "code_version": "  The code uses a newer format than these tools know. Update Latih.",
        "verify_summary": "{count} codes: {valid} valid, {problems} to check.",
    },
}

MONTHS = {
    "id": ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"],
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
}


def strings(language: str) -> dict[str, str]:
    return STRINGS.get(language, STRINGS["id"])


# Collecting codes from a pasted text


@dataclass(frozen=True)
class Attempt:
    """A readable code written for exactly this course, re-scored from its answers."""

    line: int  # where the code starts in the pasted text, counting from 1
    verification: Verification

    @property
    def code(self) -> ResultsCode:
        return self.verification.code

    @property
    def percent(self) -> int:
        assert self.verification.score is not None
        return self.verification.score.total.percent

    @property
    def passed(self) -> bool:
        assert self.verification.score is not None
        return self.verification.score.passed


@dataclass(frozen=True)
class Rejected:
    """A code that is not scored: unreadable, or written for another course, version or bank.

    `reason` is a CodeError reason (`checksum`, `truncated` ...) or a verification status
    (`other_version`, `unknown_quiz` ...); `message_key` and `values` fill in the message.
    """

    line: int
    text: str
    reason: str
    message_key: str
    values: Mapping[str, object] = field(default_factory=dict)
    code: ResultsCode | None = None

    @property
    def short(self) -> str:
        return short_code(self.text)


@dataclass(frozen=True)
class Duplicate:
    line: int
    first_line: int


@dataclass(frozen=True)
class Collected:
    found: int
    attempts: tuple[Attempt, ...]
    rejected: tuple[Rejected, ...]
    other_version: tuple[Rejected, ...]
    duplicates: tuple[Duplicate, ...]


def _name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _nip_key(nip: str) -> str:
    return "".join(nip.split())


def _same_attempt(code: ResultsCode) -> tuple[object, ...]:
    """Codes with this key are one attempt sent twice: same participant, quiz and finishing time."""
    who = code.participant
    person: tuple[object, ...] = (_nip_key(who.nip), _name_key(who.name))
    if person == ("", ""):
        # Nothing says who it is: only the very same code is the same attempt.
        person = (code.participant, code.displayed_percent, code.answers)
    return (code.course_id, code.course_version, code.quiz_id, code.finished_at, person)


def collect(text: str, loaded: LoadedCourse) -> Collected:
    """Find every results code in a pasted text, read it and re-score it against the course.

    Codes may be wrapped over lines and surrounded by chat text. Each one is kept with the line
    it starts on, so a facilitator can find the one that failed. An attempt sent twice counts once.
    """
    found = find_codes(text)
    attempts: list[Attempt] = []
    rejected: list[Rejected] = []
    other_version: list[Rejected] = []
    duplicates: list[Duplicate] = []
    first_seen: dict[tuple[object, ...], int] = {}
    at, line = -1, 1
    for snippet in found:
        # find_codes() returns each code as it stands in the text, in order, each after the last.
        previous, at = max(at, 0), text.find(snippet, at + 1)
        line += text.count("\n", previous, at)
        try:
            code = decode(snippet)
        except CodeError as error:
            rejected.append(Rejected(line, snippet, error.reason, f"code_{error.reason}"))
            continue
        key = _same_attempt(code)
        if key in first_seen:
            duplicates.append(Duplicate(line, first_seen[key]))
            continue
        first_seen[key] = line
        result = verify(code, loaded)
        if result.status == "ok":
            attempts.append(Attempt(line, result))
        else:
            kept = Rejected(line, snippet, result.status, result.message_key, result.values, code)
            (other_version if result.status == "other_version" else rejected).append(kept)
    return Collected(len(found), tuple(attempts), tuple(rejected), tuple(other_version), tuple(duplicates))


# Summarising


@dataclass(frozen=True)
class QuizResult:
    percent: int
    passed: bool
    attempts: int


@dataclass(frozen=True)
class Person:
    """One participant, however many attempts: matched by NIP, else by normalised name."""

    key: str
    name: str
    nip: str
    position: str
    agency: str
    results: Mapping[str, QuizResult]  # per quiz id: the latest attempt and how many there were


@dataclass(frozen=True)
class OptionCount:
    id: str
    text: str
    count: int


@dataclass(frozen=True)
class QuestionStat:
    quiz_id: str
    quiz_title: str
    quiz_kind: str
    id: str
    position: int  # 1-based place in the quiz's bank, as the author numbers it
    prompt: str
    scenario: str
    discussion: str
    topic: str
    seen: int
    correct: int  # attempts that earned the question's full points
    unanswered: int
    wrong: tuple[OptionCount, ...]  # every wrong option chosen at least once, most chosen first

    @property
    def share_correct(self) -> float:
        return self.correct / self.seen if self.seen else 0.0

    @property
    def most_chosen_wrong(self) -> tuple[OptionCount, ...]:
        """The wrong option chosen most often, or all of them when several tie."""
        return tuple(o for o in self.wrong if o.count == self.wrong[0].count) if self.wrong else ()


@dataclass(frozen=True)
class QuizSummary:
    id: str
    title: str
    kind: str
    pass_mark: int
    attempts: int
    participants: int
    mean: float
    median: float
    passed: int
    histogram: tuple[int, ...]  # attempts per 10-point bin: 0-9 ... 90-100
    questions: tuple[QuestionStat, ...]  # hardest first

    @property
    def pass_rate(self) -> float:
        return self.passed / self.attempts if self.attempts else 0.0


@dataclass(frozen=True)
class PrePost:
    key: str
    name: str
    nip: str
    agency: str
    pre: int | None
    post: int | None

    @property
    def gain(self) -> int | None:
        return None if self.pre is None or self.post is None else self.post - self.pre


@dataclass(frozen=True)
class Gain:
    rows: tuple[PrePost, ...]  # everyone with a pre-test or a post-test
    matched: int  # those with both
    mean_pre: float | None
    mean_post: float | None
    mean_gain: float | None
    improved: int
    unchanged: int
    declined: int
    pre_histogram: tuple[int, ...]  # those with both, per 10-point bin
    post_histogram: tuple[int, ...]


@dataclass(frozen=True)
class TopicRow:
    topic: str
    title: str
    means: Mapping[str, float | None]  # per quiz kind: the mean of the attempts' topic percents
    counts: Mapping[str, int]


@dataclass(frozen=True)
class Report:
    course_id: str
    course_title: str
    course_version: str
    language: str
    organization: str
    people: tuple[Person, ...]
    attempts: int
    quizzes: tuple[QuizSummary, ...]
    gain: Gain
    topic_kinds: tuple[str, ...]
    topics: tuple[TopicRow, ...]
    hardest: tuple[QuestionStat, ...]
    hardest_after_session: bool  # False: no post-test or exam attempts, so all quizzes were used
    mismatches: tuple[Attempt, ...]
    rejected: tuple[Rejected, ...]
    other_version: tuple[Rejected, ...]
    duplicates: tuple[Duplicate, ...]
    first_at: int | None
    last_at: int | None


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def quiz_order(loaded: LoadedCourse) -> list[str]:
    """Quiz ids in the order the course's outline names them, then the rest by id."""
    assert loaded.course is not None
    order: list[str] = []
    for entry in loaded.course.model.outline:
        order += [i for i in [entry.quiz, *(entry.items or [])] if i in loaded.quizzes and i not in order]
    return order + sorted(i for i in loaded.quizzes if i not in order)


def participant_keys(attempts: Sequence[Attempt]) -> list[str]:
    """Who made each attempt: the NIP when given, else the name, case and spacing ignored.

    An attempt without a NIP whose name belongs to exactly one NIP elsewhere in the file is that
    person's: people often fill in the NIP on the pre-test and skip it on the post-test.
    """
    nips: dict[str, set[str]] = {}
    for a in attempts:
        name, nip = _name_key(a.code.participant.name), _nip_key(a.code.participant.nip)
        if name and nip:
            nips.setdefault(name, set()).add(nip)
    keys = []
    for a in attempts:
        name, nip = _name_key(a.code.participant.name), _nip_key(a.code.participant.nip)
        if nip:
            keys.append("nip:" + nip)
        elif len(nips.get(name, ())) == 1:
            keys.append("nip:" + next(iter(nips[name])))
        elif name:
            keys.append("name:" + name)
        else:
            keys.append(f"line:{a.line}")  # nobody we could match: a participant of their own
    return keys


def _latest(attempts: Iterable[Attempt]) -> Attempt | None:
    return max(attempts, key=lambda a: (a.code.finished_at, a.line), default=None)


def _people(attempts: Sequence[Attempt], keys: Sequence[str]) -> list[tuple[Person, list[Attempt]]]:
    grouped: dict[str, list[Attempt]] = {}
    for key, attempt in zip(keys, attempts, strict=True):
        grouped.setdefault(key, []).append(attempt)
    people = []
    for key, own in grouped.items():
        own.sort(key=lambda a: (a.code.finished_at, a.line))

        def latest_text(attr: str, own: list[Attempt] = own) -> str:
            # The details as last typed; an empty field does not wipe out an earlier one.
            return next((v for a in reversed(own) if (v := getattr(a.code.participant, attr).strip())), "")

        results = {}
        for quiz_id in dict.fromkeys(a.code.quiz_id for a in own):
            tries = [a for a in own if a.code.quiz_id == quiz_id]
            last = tries[-1]
            results[quiz_id] = QuizResult(last.percent, last.passed, len(tries))
        person = Person(
            key,
            latest_text("name"),
            latest_text("nip"),
            latest_text("position"),
            latest_text("agency"),
            results,
        )
        people.append((person, own))
    people.sort(key=lambda p: (_name_key(p[0].name) or "\uffff", p[0].nip, p[0].key))
    return people


def _plain(markdown: str, limit: int = 400) -> str:
    """An author's Markdown as one line of plain text, for a report that renders no Markdown."""
    text = " ".join(markdown.split())
    text = re.sub(r"(\*\*|__|`|^#+ )", "", text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _option_texts(question: Question, labels: Sequence[str]) -> dict[str, str]:
    if question.type == "true_false":
        return {"a": labels[0], "b": labels[1]}
    return {option_id(i): _plain(o.text, 160) for i, o in enumerate(question.options or [])}


def _question_stats(quiz: Quiz, attempts: Sequence[Attempt], labels: Sequence[str]) -> list[QuestionStat]:
    bank = quiz.questions
    seen: Counter[int] = Counter()
    correct: Counter[int] = Counter()
    blank: Counter[int] = Counter()
    wrong: dict[int, Counter[str]] = {}
    for attempt in attempts:
        score = attempt.verification.score
        assert score is not None
        for index, ids in attempt.code.answers:
            question = bank[index]
            seen[index] += 1
            if not ids:
                blank[index] += 1
            if score.per_question[question.id] == question.points:
                correct[index] += 1
            key = question.correct_ids()
            wrong.setdefault(index, Counter()).update(i for i in ids if i not in key)
    stats = []
    for index in sorted(seen):
        question = bank[index]
        texts = _option_texts(question, labels)
        # Most chosen first; ties in the order the author wrote the options.
        counts = sorted(wrong[index].items(), key=lambda item: (-item[1], len(item[0]), item[0]))
        stats.append(
            QuestionStat(
                quiz_id=quiz.id,
                quiz_title=quiz.title,
                quiz_kind=quiz.kind,
                id=question.id,
                position=index + 1,
                prompt=_plain(question.prompt),
                scenario=_plain(question.scenario or ""),
                discussion=_plain(question.discussion or ""),
                topic=question.topic or "",
                seen=seen[index],
                correct=correct[index],
                unanswered=blank[index],
                wrong=tuple(OptionCount(i, texts.get(i, i), n) for i, n in counts),
            )
        )
    stats.sort(key=lambda s: (s.share_correct, -s.seen, s.position))
    return stats


def _histogram(percents: Iterable[int]) -> tuple[int, ...]:
    bins = [0] * BINS
    for percent in percents:
        bins[min(percent // 10, BINS - 1)] += 1  # 100 shares the top bin with 90-99
    return tuple(bins)


def _gain(people: Sequence[tuple[Person, list[Attempt]]], kinds: Mapping[str, str]) -> Gain:
    rows = []
    for person, own in people:
        pre = _latest(a for a in own if kinds[a.code.quiz_id] == "pretest")
        post = _latest(a for a in own if kinds[a.code.quiz_id] == "posttest")
        if pre or post:
            rows.append(
                PrePost(
                    person.key,
                    person.name,
                    person.nip,
                    person.agency,
                    pre.percent if pre else None,
                    post.percent if post else None,
                )
            )
    matched = [r for r in rows if r.gain is not None]
    gains = [r.gain for r in matched if r.gain is not None]
    return Gain(
        rows=tuple(rows),
        matched=len(matched),
        mean_pre=_mean([r.pre for r in matched if r.pre is not None]),
        mean_post=_mean([r.post for r in matched if r.post is not None]),
        mean_gain=_mean(gains),
        improved=sum(g > 0 for g in gains),
        unchanged=sum(g == 0 for g in gains),
        declined=sum(g < 0 for g in gains),
        pre_histogram=_histogram(r.pre for r in matched if r.pre is not None),
        post_histogram=_histogram(r.post for r in matched if r.post is not None),
    )


def topic_title(topic: str, loaded: LoadedCourse, language: str) -> str:
    """A topic's name: the lesson of the same id when there is one, as the site names it."""
    if not topic:
        return strings(language)["no_topic"]
    lesson = loaded.lessons.get(topic)
    return lesson.model.title if lesson else topic.replace("-", " ").capitalize()


def _topics(
    attempts: Sequence[Attempt], order: Sequence[str], loaded: LoadedCourse, language: str
) -> tuple[tuple[str, ...], list[TopicRow]]:
    percents: dict[tuple[str, str], list[int]] = {}
    for attempt in attempts:
        kind = loaded.quizzes[attempt.code.quiz_id].model.kind
        assert attempt.verification.score is not None
        for topic, score in attempt.verification.score.topics.items():
            percents.setdefault((topic, kind), []).append(score.percent)
    kinds = tuple(k for k in KINDS if any(kind == k for _, kind in percents))
    # Topics in the order the course first asks about them.
    topics = dict.fromkeys(
        q.topic or "" for quiz_id in order for q in loaded.quizzes[quiz_id].model.questions
    )
    rows = [
        TopicRow(
            topic,
            topic_title(topic, loaded, language),
            {k: _mean(percents.get((topic, k), [])) for k in kinds},
            {k: len(percents.get((topic, k), [])) for k in kinds},
        )
        for topic in topics
        if any((topic, k) in percents for k in kinds)
    ]
    return kinds, rows


def summarise(collected: Collected, loaded: LoadedCourse) -> Report:
    """The numbers a facilitator discusses, from the attempts a pasted text held."""
    assert loaded.course is not None
    course = loaded.course.model
    language = course.language
    labels = course.true_false_labels or DEFAULT_TRUE_FALSE[language]
    attempts = collected.attempts
    order = quiz_order(loaded)
    kinds = {quiz_id: loaded.quizzes[quiz_id].model.kind for quiz_id in loaded.quizzes}
    keys = participant_keys(attempts)
    people = _people(attempts, keys)

    quizzes = []
    for quiz_id in order:
        own = [(k, a) for k, a in zip(keys, attempts, strict=True) if a.code.quiz_id == quiz_id]
        if not own:
            continue
        quiz = loaded.quizzes[quiz_id].model
        percents = [a.percent for _, a in own]
        quizzes.append(
            QuizSummary(
                id=quiz.id,
                title=quiz.title,
                kind=quiz.kind,
                pass_mark=course.pass_mark if quiz.pass_mark is None else quiz.pass_mark,
                attempts=len(own),
                participants=len({k for k, _ in own}),
                mean=sum(percents) / len(percents),
                median=float(statistics.median(percents)),
                passed=sum(a.passed for _, a in own),
                histogram=_histogram(percents),
                questions=tuple(_question_stats(quiz, [a for _, a in own], labels)),
            )
        )

    after = [q for s in quizzes if s.kind in AFTER_SESSION for q in s.questions]
    pool = after or [q for s in quizzes for q in s.questions]
    rank = {quiz_id: i for i, quiz_id in enumerate(order)}
    hardest = sorted(pool, key=lambda s: (s.share_correct, -s.seen, rank[s.quiz_id], s.position))[:HARDEST]
    topic_kinds, topics = _topics(attempts, order, loaded, language)
    times = [a.code.finished_at for a in attempts]
    return Report(
        course_id=course.id,
        course_title=course.title,
        course_version=course.version,
        language=language,
        organization=course.organization.name if course.organization else "",
        people=tuple(p for p, _ in people),
        attempts=len(attempts),
        quizzes=tuple(quizzes),
        gain=_gain(people, kinds),
        topic_kinds=topic_kinds,
        topics=tuple(topics),
        hardest=tuple(hardest),
        hardest_after_session=bool(after),
        mismatches=tuple(a for a in attempts if a.verification.displayed_mismatch),
        rejected=collected.rejected,
        other_version=collected.other_version,
        duplicates=collected.duplicates,
        first_at=min(times, default=None),
        last_at=max(times, default=None),
    )


# Charts: geometry here, markup in the template


@dataclass(frozen=True)
class Tick:
    at: float
    label: str


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str
    anchor: str = "middle"  # SVG text-anchor: start, middle or end
    title: str = ""  # the whole text, when `text` is shortened to fit


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: Label | None  # the number written on or beside the bar
    title: str  # what a pointer or a screen reader gets
    series: str  # a CSS class: the kind of quiz, or "count"


@dataclass(frozen=True)
class Slope:
    x1: float
    y1: float
    x2: float
    y2: float
    title: str
    direction: str  # up, down, same, or mean
    weight: float  # stroke width: how many people share this line


@dataclass(frozen=True)
class Chart:
    """One SVG chart: a plot area with grid lines, bars or slopes, labels and axis titles."""

    id: str
    width: int
    height: int
    title: str
    description: str
    plot: tuple[float, float, float, float]  # left, top, width, height
    bars: tuple[Bar, ...] = ()
    slopes: tuple[Slope, ...] = ()
    x_ticks: tuple[Tick, ...] = ()  # vertical grid lines (horizontal bar charts)
    y_ticks: tuple[Tick, ...] = ()  # horizontal grid lines
    x_labels: tuple[Label, ...] = ()  # category labels under the plot
    y_labels: tuple[Label, ...] = ()  # category labels left of the plot
    notes: tuple[Label, ...] = ()  # emphasised text inside the plot (means, column heads)
    legend: tuple[tuple[str, str], ...] = ()  # (series, name)
    marker: Tick | None = None  # a dashed vertical line, such as the pass mark
    x_title: str = ""
    y_title: str = ""


def _step(top: int) -> int:
    """A round step for a count axis that gives at most five grid lines."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        if top / step <= 5:
            return step
    return 10 ** len(str(top))


class Numbers:
    """Numbers written the way the course's language writes them: 72,5 in Indonesian."""

    def __init__(self, language: str) -> None:
        self.language = language

    def num(self, value: float | None, digits: int = 1) -> str:
        if value is None:
            return "–"
        text = f"{value:.{digits}f}"
        if digits and text.endswith("." + "0" * digits):
            text = text[: -digits - 1]
        if text == "-0":
            text = "0"
        return text.replace(".", ",") if self.language == "id" else text

    def signed(self, value: float | None, digits: int = 1) -> str:
        if value is None:
            return "–"
        text = self.num(value, digits)
        return text if text.startswith("-") or text == "0" else "+" + text

    def share(self, value: float) -> str:
        return f"{self.num(value * 100, 0)}%"

    def points(self, value: Fraction) -> str:
        return str(value.numerator) if value.denominator == 1 else self.num(float(value), 2)

    def when(self, timestamp: int) -> str:
        moment = dt.datetime.fromtimestamp(timestamp)
        month = MONTHS.get(self.language, MONTHS["id"])[moment.month - 1]
        clock = moment.strftime("%H.%M" if self.language == "id" else "%H:%M")
        return f"{moment.day} {month} {moment.year} {clock}"


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


BIN_NAMES = [f"{10 * i}–{10 * i + 9}" for i in range(BINS - 1)] + ["90–100"]


def binned_chart(
    chart_id: str,
    title: str,
    series: Sequence[tuple[str, str, Sequence[int]]],
    t: Mapping[str, str],
    pass_mark: int | None = None,
    y_title: str = "",
) -> Chart:
    """Counts per 10-point bin as vertical bars, one bar per series (kind of quiz) in each bin."""
    width, height = 480, 260
    left, top, right, bottom = 48, 34, 14, 52
    pw, ph = width - left - right, height - top - bottom
    highest = max(max(counts) for _, _, counts in series)
    step = _step(max(highest, 1))
    # Room above the highest bar for its number.
    ceiling = step * max(1, -(-highest * 112 // (100 * step)))
    slot = pw / BINS
    bar = slot * 0.78 / len(series)
    bars = []
    for s, (css, name, counts) in enumerate(series):
        for i, count in enumerate(counts):
            h = ph * count / ceiling
            x = left + i * slot + slot * 0.11 + s * bar
            value = Label(x + bar / 2, top + ph - h - 5, str(count)) if count else None
            label = f"{name}, {BIN_NAMES[i]}: {count}" if len(series) > 1 else f"{BIN_NAMES[i]}: {count}"
            bars.append(Bar(x, top + ph - h, bar, h, value, label, css))
    description = "; ".join(
        (f"{name}: " if len(series) > 1 else "")
        + ", ".join(f"{b} {c}" for b, c in zip(BIN_NAMES, counts, strict=True) if c)
        for _, name, counts in series
    )
    return Chart(
        id=chart_id,
        width=width,
        height=height,
        title=title,
        description=t["histogram_desc"].format(attempts=sum(sum(c) for _, _, c in series), bins=description),
        plot=(left, top, pw, ph),
        bars=tuple(bars),
        y_ticks=tuple(Tick(top + ph - ph * v / ceiling, str(v)) for v in range(0, ceiling + 1, step)),
        x_labels=tuple(
            Label(left + (i + 0.5) * slot, top + ph + 15, name) for i, name in enumerate(BIN_NAMES)
        ),
        legend=tuple((css, name) for css, name, _ in series) if len(series) > 1 else (),
        marker=None
        if pass_mark is None
        else Tick(left + pw * pass_mark / 100, t["pass_mark"].format(mark=pass_mark)),
        x_title=t["axis_score"],
        y_title=y_title or t["axis_attempts"],
    )


def histogram_chart(summary: QuizSummary, index: int, t: Mapping[str, str]) -> Chart:
    title = t["histogram_title"].format(quiz=summary.title)
    return binned_chart(f"histogram-{index}", title, [("count", "", summary.histogram)], t, summary.pass_mark)


def shift_chart(gain: Gain, t: Mapping[str, str]) -> Chart:
    """Where the room stood before and after: the matched participants' scores, side by side."""
    series = [("pretest", t["col_pre"], gain.pre_histogram), ("posttest", t["col_post"], gain.post_histogram)]
    return binned_chart("shift", t["shift_title"], series, t, y_title=t["axis_participants"])


def slope_chart(gain: Gain, t: Mapping[str, str], n: Numbers) -> Chart:
    width, height = 480, 320
    left, top, right, bottom = 40, 40, 20, 20
    pw, ph = width - left - right, height - top - bottom
    x1, x2 = left + pw * 0.28, left + pw * 0.72

    def y(value: float) -> float:
        return top + ph * (100 - value) / 100

    # People with the same pair of scores share one line, drawn as thick as they are many.
    pairs: dict[tuple[int, int], list[str]] = {}
    for row in gain.rows:
        if row.pre is not None and row.post is not None:
            pairs.setdefault((row.pre, row.post), []).append(row.name or row.nip or t["anonymous"])
    slopes = []
    for (pre, post), names in sorted(pairs.items(), key=lambda item: len(item[1])):
        direction = "up" if post > pre else "down" if post < pre else "same"
        who = ", ".join(names[:6]) + (", …" if len(names) > 6 else "")
        title = t["slope_pair"].format(count=len(names), pre=pre, post=post, names=who)
        slopes.append(
            Slope(x1, y(pre), x2, y(post), title, direction, min(12.0, 1.5 * len(names) ** 0.5 + 0.5))
        )
    mean_pre, mean_post = gain.mean_pre or 0.0, gain.mean_post or 0.0
    mean_title = f"{t['mean']}: {n.num(mean_pre)} → {n.num(mean_post)}"
    slopes.append(Slope(x1, y(mean_pre), x2, y(mean_post), mean_title, "mean", 4.0))
    return Chart(
        id="slope",
        width=width,
        height=height,
        title=t["slope_title"],
        description=t["slope_desc"].format(
            matched=gain.matched,
            pre=n.num(gain.mean_pre),
            post=n.num(gain.mean_post),
            gain=n.signed(gain.mean_gain),
            improved=gain.improved,
            unchanged=gain.unchanged,
            declined=gain.declined,
        ),
        plot=(left, top, pw, ph),
        slopes=tuple(slopes),
        y_ticks=tuple(Tick(y(v), str(v)) for v in range(0, 101, 20)),
        notes=(
            Label(x1, top - 14, t["col_pre"]),
            Label(x2, top - 14, t["col_post"]),
            Label(x1 - 12, y(mean_pre) + 5, f"{t['mean']} {n.num(mean_pre)}", "end"),
            Label(x2 + 12, y(mean_post) + 5, f"{n.num(mean_post)} {t['mean']}", "start"),
        ),
    )


def topics_chart(report: Report, t: Mapping[str, str], n: Numbers) -> Chart:
    kinds = report.topic_kinds
    bar, gap, group_gap = 18, 3, 16
    left, top, right, bottom = 210, 40, 50, 44
    width = 680
    pw = width - left - right
    group = len(kinds) * bar + (len(kinds) - 1) * gap
    ph = len(report.topics) * (group + group_gap) - group_gap + 16
    height = int(top + ph + bottom)
    bars, labels = [], []
    y = top + 8
    for row in report.topics:
        labels.append(Label(left - 10, y + group / 2 + 4, _short(row.title, 30), "end", row.title))
        for i, kind in enumerate(kinds):
            mean = row.means[kind]
            by = y + i * (bar + gap)
            if mean is None:
                continue
            length = pw * mean / 100
            bars.append(
                Bar(
                    left,
                    by,
                    length,
                    bar,
                    Label(left + length + 5, by + bar / 2 + 4, n.num(mean), "start"),
                    f"{row.title}, {t['kind_' + kind]}: {n.num(mean)}% ({row.counts[kind]})",
                    kind,
                )
            )
        y += group + group_gap
    return Chart(
        id="topics",
        width=width,
        height=height,
        title=t["topics_title"],
        description=t["topics_desc"].format(
            rows="; ".join(
                f"{row.title}: "
                + ", ".join(
                    f"{t['kind_' + k]} {n.num(row.means[k])}" for k in kinds if row.means[k] is not None
                )
                for row in report.topics
            )
        ),
        plot=(left, top, pw, ph),
        bars=tuple(bars),
        x_ticks=tuple(Tick(left + pw * v / 100, str(v)) for v in range(0, 101, 20)),
        y_labels=tuple(labels),
        legend=tuple((k, t["kind_" + k]) for k in kinds),
        x_title=t["axis_score"],
    )


def render_report(report: Report, loaded: LoadedCourse) -> str:
    """The report as one HTML document: no scripts, no requests, charts drawn as inline SVG."""
    language = report.language or loaded.language
    t = strings(language)
    n = Numbers(language)
    charts = {
        "histograms": {q.id: histogram_chart(q, i, t) for i, q in enumerate(report.quizzes)},
        "slope": slope_chart(report.gain, t, n) if report.gain.matched else None,
        "shift": shift_chart(report.gain, t) if report.gain.matched else None,
        "topics": topics_chart(report, t, n) if report.topics else None,
    }
    return (
        environment()
        .get_template("report.html.j2")
        .render(report=report, t=t, n=n, charts=charts, gains={r.key: r for r in report.gain.rows})
    )


# The command line's verify


_UNSAFE = re.compile("[\u202a-\u202e\u2066-\u2069]")
_PREFIX = re.compile("latih1", re.IGNORECASE)


def _terminal(text: str) -> str:
    """Participant text made safe to print: no control characters or direction overrides."""
    text = "".join("\ufffd" if unicodedata.category(ch) == "Cc" else ch for ch in text)
    return _UNSAFE.sub("\ufffd", text)


def short_code(text: str) -> str:
    """A code's start and end: codes of one course start alike, their ends tell them apart."""
    flat = "".join(text.split())
    return flat if len(flat) <= 30 else f"{flat[:12]}…{flat[-14:]}"


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


def verify_lines(codes: list[str], loaded: LoadedCourse, language: str) -> tuple[list[str], int]:
    """What each code proves, in plain words, and the exit code: 0 when every code is valid.

    A code that reads but is not valid for this course still names its participant and quiz, so
    the facilitator knows whom to ask.
    """
    t = strings(language)
    n = Numbers(language)
    lines: list[str] = []
    problems = 0
    texts = _code_texts(codes)
    for number, text in enumerate(texts, start=1):
        if lines:
            lines.append("")
        lines.append(t["code_n"].format(n=number, code=short_code(text)))
        try:
            code = decode(text)
        except CodeError as error:
            lines.append(t[f"code_{error.reason}"])
            problems += 1
            continue
        result = verify(code, loaded)
        # The short reference a certificate prints, to match a paper with its code
        lines.append(message(language, "verify_reference", reference=reference(text)))
        who = _terminal(code.participant.name.strip()) or t["anonymous"]
        if code.participant.nip.strip():
            who += ", " + t["nip"].format(nip=_terminal(code.participant.nip.strip()))
        lines.append(t["line_participant"].format(who=who))
        quiz = _terminal(result.quiz_title or code.quiz_id)
        lines.append(t["line_quiz"].format(quiz=quiz if quiz == code.quiz_id else f"{quiz} ({code.quiz_id})"))
        values = {k: _terminal(str(v)) for k, v in result.values.items()}
        if result.score is None:
            lines.append(t[result.message_key].format(**values))
            problems += 1
            continue
        total = result.score.total
        lines.append(
            t["line_score"].format(
                percent=total.percent, earned=n.points(total.earned), possible=total.possible
            )
        )
        verdict = t["yes"] if result.score.passed else t["no"]
        lines.append(t["line_passed"].format(verdict=verdict, mark=result.pass_mark))
        lines.append(t[result.message_key].format(**values))
        problems += result.displayed_mismatch
    if len(texts) > 1:
        lines += [
            "",
            t["verify_summary"].format(count=len(texts), valid=len(texts) - problems, problems=problems),
        ]
    return lines, 1 if problems or not texts else 0
