"""The facilitator's report and `verify`, over codes pasted from a chat.

A course with a pre-test, a post-test and an exam is sat by forty simulated participants; their
codes are pasted into a chat-like text with noise, wrapped codes, duplicates and broken codes.
Every number in the report is checked against a computation made here, straight from the answer
key and `scoring.score_attempt`; the HTML is opened in a real Chromium, offline.
"""

from __future__ import annotations

import random
import re
import shutil
import statistics
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from generator.course.loader import Layout, LoadedCourse, load_course
from generator.participant import Person
from generator.results import ResultsCode, encode, fingerprint
from generator.schema import Quiz
from generator.scoring import AttemptScore, score_attempt
from generator.tools.report import collect, render_report, summarise
from generator.tools.verify import verify_lines
from tests.conftest import COURSES
from tests.helpers import keyed_quiz

NOTE = " Kode tidak ditandatangani: cocok berarti nilainya sesuai jawaban yang dibawa kode, bukan bukti siapa yang mengerjakan."

T0 = 1_767_225_600  # 1 January 2026, 00:00 UTC

PRE_TEST = """\
id: pre-test
title: Pre-test
kind: pretest
questions:
  - id: pre-exits
    type: true_false
    topic: evacuation
    prompt: I prop the fire door open with a wedge.
    answer: false
  - id: pre-alarm
    type: single
    topic: evacuation
    prompt: The alarm sounds. What first?
    options:
      - {text: Leave by the nearest exit, correct: true}
      - {text: Finish the e-mail}
      - {text: Look for the fire}
  - id: pre-sides
    type: multiple
    partial: true
    topic: fire-triangle
    prompt: Which are sides of the fire triangle?
    options:
      - {text: Heat, correct: true}
      - {text: Fuel, correct: true}
      - {text: Smoke}
      - {text: Water}
  - id: pre-extinguisher
    type: single
    topic: fire-triangle
    prompt: Which extinguisher for a computer fire?
    options:
      - {text: Water}
      - {text: Foam}
      - {text: CO2, correct: true}
      - {text: Sand}
  - id: pre-assembly
    type: multiple
    topic: evacuation
    prompt: At the assembly point you...
    options:
      - {text: Report to the warden, correct: true}
      - {text: Go home}
      - {text: Stay until told to leave, correct: true}
"""

POST_TEST = """\
id: post-test
title: Post-test
kind: posttest
questions:
  - id: post-exits
    type: true_false
    topic: evacuation
    scenario: |
      I stack boxes in the corridor **for a day**.
    prompt: Is this safe?
    answer: false
  - id: post-lift
    type: single
    topic: evacuation
    scenario: The alarm sounds while I am on the fifth floor.
    prompt: How do I go down?
    discussion: Why do lifts fail in a fire?
    options:
      - {text: By the stairs, correct: true}
      - {text: By the lift}
      - {text: Wait for the lift to be checked}
  - id: post-sides
    type: multiple
    partial: true
    topic: fire-triangle
    prompt: Which remove a side of the fire triangle?
    options:
      - {text: A fire blanket, correct: true}
      - {text: Cutting the gas, correct: true}
      - {text: Opening a window}
      - {text: Shouting}
  - id: post-pan
    type: single
    topic: fire-triangle
    scenario: Oil in a pan catches fire in the office kitchen.
    prompt: What do I do?
    options:
      - {text: Pour water on it}
      - {text: Cover it with a lid or blanket, correct: true}
      - {text: Carry it outside}
  - id: post-warden
    type: multiple
    topic: evacuation
    prompt: What does a fire warden do?
    options:
      - {text: Sweeps the floor for people, correct: true}
      - {text: Fights every fire}
      - {text: Reports to the assembly point, correct: true}
"""

KINDS = {"pre-test": "pretest", "post-test": "posttest", "final-exam": "exam"}
# How likely a participant knows each question's answer, per quiz: a weaker pre-test, a stronger
# post-test, and three questions built to stay misunderstood.
EASE = {
    "pre-test": [0.55, 0.5, 0.35, 0.3, 0.45],
    "post-test": [0.95, 0.3, 0.85, 0.2, 0.9],
    "final-exam": [0.95, 0.15, 0.9],
}
# The wrong option people fall for, per question (index in the bank): the rest are rarely chosen.
LURE = {
    ("pre-test", 0): "a", ("pre-test", 1): "c", ("pre-test", 2): "c", ("pre-test", 3): "a",
    ("pre-test", 4): "b", ("post-test", 0): "a", ("post-test", 1): "b", ("post-test", 2): "c",
    ("post-test", 3): "a", ("post-test", 4): "b", ("final-exam", 0): "b", ("final-exam", 1): "a",
    ("final-exam", 2): "b",
}  # fmt: skip


def make_course(tmp_path: Path, language: str = "id") -> LoadedCourse:
    root = tmp_path / "course"
    shutil.copytree(COURSES / "english", root)
    (root / "quizzes" / "pre-test.yml").write_text(PRE_TEST, encoding="utf-8")
    (root / "quizzes" / "post-test.yml").write_text(POST_TEST, encoding="utf-8")
    course = root / "site_config" / "course.yml"
    text = course.read_text(encoding="utf-8").replace("language: en", f"language: {language}")
    text = text.replace("outline:\n", "outline:\n  - quiz: pre-test\n").replace(
        "  - quiz: final-exam\n", "  - quiz: post-test\n  - quiz: final-exam\n"
    )
    course.write_text(text, encoding="utf-8")
    loaded = load_course(Layout.at(root))
    assert loaded.ok, loaded.problems
    return loaded


# The independent computation: answer keys and scores straight from the models


def score(loaded: LoadedCourse, code: ResultsCode) -> AttemptScore:
    quiz = loaded.quizzes[code.quiz_id].model
    key = keyed_quiz(quiz)
    mark = quiz.pass_mark if quiz.pass_mark is not None else loaded.course.model.pass_mark  # type: ignore[union-attr]
    return score_attempt([key[i] for i, _ in code.answers], {key[i].id: ids for i, ids in code.answers}, mark)


def answer(rng: random.Random, quiz: Quiz, index: int, knows: bool) -> tuple[str, ...]:
    question = quiz.questions[index]
    right = tuple(question.correct_ids())
    if rng.random() < 0.04:
        return ()  # left unanswered
    if knows:
        return right
    lure = LURE[(quiz.id, index)]
    wrong = [o for o in question.option_ids() if o not in right]
    pick = lure if rng.random() < 0.75 else rng.choice(wrong)
    if question.type == "multiple":
        return tuple(sorted({right[0], pick}))  # one right and one wrong: half or nothing
    return (pick,)


def sit(
    rng: random.Random,
    loaded: LoadedCourse,
    quiz_id: str,
    who: Person,
    skill: float,
    at: int,
    **changes: object,
) -> ResultsCode:
    quiz = loaded.quizzes[quiz_id].model
    shown = list(range(len(quiz.questions)))
    if quiz.draw:
        shown = sorted(rng.sample(shown, quiz.draw))
    rng.shuffle(shown)
    answers = tuple(
        (i, answer(rng, quiz, i, rng.random() < min(1.0, EASE[quiz_id][i] * skill))) for i in shown
    )
    course = loaded.course.model  # type: ignore[union-attr]
    code = ResultsCode(
        course.id, course.version, quiz_id, fingerprint([q.id for q in quiz.questions]), at, who, 0, answers
    )
    code = replace(code, displayed_percent=score(loaded, code).total.percent)
    return replace(code, **changes)  # type: ignore[arg-type]


def nip(i: int) -> str:
    return f"19850101201001{1 + i % 2}{i:03d}"


@dataclass
class Session:
    """A simulated session: the codes handed in, and the pasted text that holds them."""

    text: str
    codes: list[tuple[int, ResultsCode]]  # (line, code) of every valid code, duplicates included
    invalid: list[tuple[int, str]]  # (line, reason)
    other_version: list[int]
    duplicates: list[tuple[int, int]]


def forty(loaded: LoadedCourse) -> Session:
    """Forty people: a pre-test, a session, a post-test and the exam, codes collected in a chat."""
    rng = random.Random(2026)
    lines: list[str] = ["Grup WA: Pelatihan K3 kebakaran", ""]
    codes: list[tuple[int, ResultsCode]] = []
    invalid: list[tuple[int, str]] = []
    other: list[int] = []
    duplicates: list[tuple[int, int]] = []

    def say(who: str, code: str, style: int) -> int:
        """Post a code in the chat, the ways people do; returns the line it starts on."""
        lines.append(f"[{9 + style % 3}:{style % 60:02d}] {who}:")
        at = len(lines) + 1
        if style % 5 == 0:  # wrapped by the chat app
            cut = code.index("-", len(code) // 2)
            lines.extend([code[: cut + 1], code[cut + 1 :] + " terima kasih bu"])
        elif style % 5 == 1:
            lines.append(f"Ini kode saya {code.lower()} 🙏")
        else:
            lines.append(code)
        if style % 4 == 0:
            lines.extend(["", "ok, diterima", ""])
        return at

    people = []
    for i in range(40):
        name = f"Peserta {i + 1:02d}"
        given_nip = "" if i in (34, 35) else nip(i)
        people.append(Person(name, given_nip, "Analis", f"Dinas {i % 4 + 1}"))
    # Everyone but #40 sits the pre-test; the skill grows from the pre-test to the post-test.
    for i, who in enumerate(people[:39]):
        code = sit(rng, loaded, "pre-test", who, 0.8 + 0.01 * i, T0 + 60 * i)
        codes.append((say(who.name, encode(code), i), code))
        if i == 5:  # sent twice
            duplicates.append((say(who.name, encode(code), 7), codes[-1][0]))
    lines.extend(["", "--- materi ---", ""])
    for i, who in enumerate(people):
        if i == 37:
            continue  # left after the session
        post_as = who
        if i in (34, 35):  # no NIP: matched by name, written differently
            post_as = replace(who, name=f"  {who.name.upper()} ")
        if i == 36:  # NIP given on the pre-test only
            post_as = replace(who, nip="")
        changes = {"displayed_percent": 100} if i == 12 else {}  # an edited page
        code = sit(rng, loaded, "post-test", post_as, 1.0 + 0.005 * i, T0 + 7200 + 60 * i, **changes)
        codes.append((say(who.name, encode(code), i + 1), code))
        if i == 38:  # took the post-test again later: the latest counts
            code = sit(rng, loaded, "post-test", post_as, 1.3, T0 + 9000)
            codes.append((say(who.name, encode(code), 3), code))
    for i, who in enumerate(people[:38]):
        code = sit(rng, loaded, "final-exam", who, 1.0, T0 + 10800 + 30 * i)
        codes.append((say(who.name, encode(code), i + 2), code))

    # What goes wrong in a real chat: a typo, half a code, a code for a quiz this course lacks, and
    # one from last year's version of the course.
    good = encode(codes[3][1])
    typo = good[:30] + ("0" if good[30] != "0" else "1") + good[31:]
    invalid.append((say("Peserta 04", typo, 2), "checksum"))
    invalid.append((say("Peserta 09", good[: len(good) // 2], 3), "truncated"))
    stray = replace(codes[4][1], quiz_id="old-quiz")
    invalid.append((say("Peserta 05", encode(stray), 2), "unknown_quiz"))
    old = replace(codes[6][1], course_version="0.9")
    other.append(say("Peserta 07", encode(old), 2))
    lines.append("Terima kasih semuanya!")
    return Session("\n".join(lines) + "\n", codes, invalid, other, duplicates)


# Direct computation of what the report must say


def person_key(code: ResultsCode, name_to_nip: dict[str, str]) -> str:
    name = " ".join(code.participant.name.split()).lower()
    if code.participant.nip:
        return code.participant.nip
    return name_to_nip.get(name, name)


def test_report_numbers_match_a_direct_computation(tmp_path: Path) -> None:
    loaded = make_course(tmp_path)
    session = forty(loaded)
    collected = collect(session.text, loaded)
    # The direct computation below counts every attempt in the item figures (Moodle's "all attempts")
    report, tables = summarise(collected, loaded, analyse="all")

    # Collecting: lines, reasons, duplicates, other versions
    dup_lines = {line for line, _ in session.duplicates}
    valid = [(line, code) for line, code in session.codes if line not in dup_lines]
    rows = tables.attempts.select("line", "quiz", "finished_at", "name", "nip", "displayed").rows()
    order = collected.order
    # Kept in the canonical order (quiz, time, NIP, name ...), never in the order read
    assert sorted(r[0] for r in rows) == [line for line, _ in valid]
    assert sorted((order[q], at, name, nip_, shown) for _, q, at, name, nip_, shown in rows) == sorted(
        (c.quiz_id, c.finished_at, c.participant.name, c.participant.nip, c.displayed_percent)
        for _, c in valid
    )
    assert [(q, at) for _, q, at, *_ in rows] == sorted((q, at) for _, q, at, *_ in rows)
    assert [(r.line, r.reason) for r in report.rejected] == session.invalid
    assert [r.line for r in report.other_version] == session.other_version
    assert report.other_version[0].values == {"code_version": "0.9", "course_version": "1.0"}
    assert [(d.line, d.first_line) for d in report.duplicates] == session.duplicates
    assert report.attempts == len(valid) == 39 + 39 + 1 + 38

    scores = [(code, score(loaded, code)) for _, code in valid]
    name_to_nip = {
        " ".join(c.participant.name.split()).lower(): c.participant.nip
        for c, _ in scores
        if c.participant.nip
    }
    assert report.participants == len({person_key(c, name_to_nip) for c, _ in scores}) == 40

    # Per quiz
    assert [q.id for q in report.quizzes] == ["pre-test", "post-test", "final-exam"]
    for summary in report.quizzes:
        own = [(c, s) for c, s in scores if c.quiz_id == summary.id]
        percents = [s.total.percent for _, s in own]
        assert summary.attempts == len(own)
        assert summary.participants == len({person_key(c, name_to_nip) for c, _ in own})
        assert summary.mean == pytest.approx(sum(percents) / len(percents))
        assert summary.median == statistics.median(percents)
        assert summary.passed == sum(s.passed for _, s in own)
        assert list(summary.histogram) == [
            sum(1 for p in percents if lo <= p < lo + 10 or (lo == 90 and p == 100))
            for lo in range(0, 100, 10)
        ]
        assert sum(summary.histogram) == len(own)
        # Per question: who saw it, who got it fully right, the wrong option chosen most
        quiz = loaded.quizzes[summary.id].model
        stats = {q.id: q for q in summary.questions}
        for index, question in enumerate(quiz.questions):
            seen = [(c, s) for c, s in own if any(i == index for i, _ in c.answers)]
            stat = stats[question.id]
            assert stat.seen == len(seen)
            assert stat.correct == sum(s.per_question[question.id] == question.points for _, s in seen)
            chosen = Counter(
                o
                for c, _ in seen
                for i, ids in c.answers
                if i == index
                for o in ids
                if o not in question.correct_ids()
            )
            top = max(chosen.values(), default=0)
            assert [(o.id, o.count) for o in stat.most_chosen_wrong] == sorted(
                (o, n) for o, n in chosen.items() if n == top
            )
        shares = [q.correct / q.seen for q in summary.questions]
        assert shares == sorted(shares)  # hardest first

    # Pre vs post: latest attempt of each kind per participant
    latest: dict[tuple[str, str], tuple[int, int]] = {}
    for code, s in scores:
        kind = KINDS[code.quiz_id]
        key = (person_key(code, name_to_nip), kind)
        if key not in latest or code.finished_at > latest[key][0]:
            latest[key] = (code.finished_at, s.total.percent)
    people = {k for k, _ in latest}
    gains = {
        p: latest[(p, "posttest")][1] - latest[(p, "pretest")][1]
        for p in people
        if (p, "pretest") in latest and (p, "posttest") in latest
    }
    assert report.gain.matched == len(gains) == 38  # #38 left early, #40 came late
    assert report.gain.mean_gain == pytest.approx(sum(gains.values()) / len(gains))
    assert report.gain.mean_pre == pytest.approx(statistics.mean(latest[(p, "pretest")][1] for p in gains))
    assert report.gain.mean_post == pytest.approx(statistics.mean(latest[(p, "posttest")][1] for p in gains))
    assert report.gain.improved == sum(g > 0 for g in gains.values())
    assert report.gain.declined == sum(g < 0 for g in gains.values())
    assert report.gain.mean_gain > 15  # the session worked
    bins = [range(lo, lo + 10) if lo < 90 else range(90, 101) for lo in range(0, 100, 10)]
    for kind, histogram in (("pretest", report.gain.pre_histogram), ("posttest", report.gain.post_histogram)):
        assert list(histogram) == [sum(latest[(p, kind)][1] in b for p in gains) for b in bins]
    people_rows = {r["person"].split(":", 1)[1]: r for r in tables.people.iter_rows(named=True)}
    assert len(people_rows) == 40 and report.gain.rows == 40

    def gain_of(key: str) -> int:
        return people_rows[key]["post"] - people_rows[key]["pre"]

    assert gain_of(nip(36)) == gains[nip(36)]  # NIP on the pre-test only, still matched
    assert gain_of("peserta 35") == gains["peserta 35"]  # no NIP, name typed differently
    assert people_rows[nip(38)]["post"] == latest[(nip(38), "posttest")][1]  # the retake counts

    # Per topic and kind: the mean of each attempt's topic percent
    for row in report.topics:
        for kind in report.topic_kinds:
            values = [
                s.topics[row.topic].percent
                for c, s in scores
                if KINDS[c.quiz_id] == kind and row.topic in s.topics
            ]
            assert row.means[kind] == pytest.approx(statistics.mean(values))
            assert row.counts[kind] == len(values)
    assert [r.topic for r in report.topics] == ["evacuation", "fire-triangle"]
    # A topic is named after the lesson of the same id; the title's markup is text, not HTML.
    assert [r.title for r in report.topics] == ["Evacuation", "The fire triangle & <b>why</b> it matters"]

    # The three questions most misunderstood after the session (post-test and exam)
    after = [
        (q.correct / q.seen, -q.seen, q.quiz_id, q.id)
        for s in report.quizzes
        if s.kind in ("posttest", "exam")
        for q in s.questions
    ]
    expected = [qid for *_, qid in sorted(after, key=lambda x: (x[0], x[1], x[2] != "post-test"))[:3]]
    assert [q.id for q in report.hardest] == expected
    assert set(expected) == {"pan-fire", "post-pan", "post-lift"}  # the ones built to be hard
    pan = next(q for q in report.hardest if q.id == "post-pan")
    assert pan.scenario == "Oil in a pan catches fire in the office kitchen."
    assert [o.text for o in pan.most_chosen_wrong] == ["Pour water on it"]

    # The edited page is flagged and scored as its answers earn
    assert len(report.mismatches) == 1
    assert report.mismatches[0].code.displayed_percent == 100
    edited = next(
        c
        for _, c in valid
        if c.displayed_percent == 100 and c.quiz_id == "post-test" and c.participant.name == "Peserta 13"
    )
    assert report.mismatches[0].values["percent"] == score(loaded, edited).total.percent


def test_report_html_speaks_the_course_language(tmp_path: Path) -> None:
    loaded = make_course(tmp_path, "id")
    html = render_report(summarise(collect(forty(loaded).text, loaded), loaded)[0])
    assert '<html lang="id">' in html
    for words in [
        "Laporan hasil",
        "Tiga skenario yang paling banyak disalahpahami",
        "Nilai yang ditampilkan berbeda dari hasil penilaian ulang",
        "Kode dari versi pelatihan lain (tidak dinilai)",
        "Kode salah ketik",
        "Kode terpotong",
        "Rata-rata peningkatan",
    ]:
        assert words in html, words
    english = make_course(tmp_path / "en", "en")
    html = render_report(summarise(collect(forty(english).text, english), english)[0])
    assert "The three most misunderstood scenarios" in html and "Tiga skenario" not in html


def test_a_code_pasted_twice_counts_once_and_names_both_lines(tmp_path: Path) -> None:
    loaded = make_course(tmp_path)
    code = encode(sit(random.Random(5), loaded, "pre-test", Person("Budi", nip(1)), 1.0, T0))
    report, _ = summarise(collect(f"{code}\n👍 saya kirim ulang ya\n\n{code}\n", loaded), loaded)
    assert report.attempts == 1
    assert [(d.line, d.first_line) for d in report.duplicates] == [(4, 1)]
    assert report.without_code == 1  # "👍 saya kirim ulang ya"; a line a code runs into is the code's


def test_a_text_without_codes_gives_an_empty_report(tmp_path: Path) -> None:
    loaded = make_course(tmp_path)
    collected = collect("halo semua\n\nbelum ada kode\n", loaded)
    assert (collected.found, collected.attempts.height, collected.problems) == (0, 0, [])
    assert collected.without_code == 2
    html = render_report(summarise(collected, loaded)[0])
    assert "Belum ada kode terbaca" in html


def thousand(loaded: LoadedCourse) -> tuple[str, list[ResultsCode]]:
    """1,000 attempts: 25 groups of 40 people, each sitting one of the three quizzes."""
    rng = random.Random(7)
    codes = []
    for group in range(25):
        for i in range(40):
            who = Person(f"Orang {group:02d}-{i:02d}", nip(group * 40 + i), "Staf", f"Dinas {group}")
            quiz_id = ("pre-test", "post-test", "final-exam")[(group + i) % 3]
            codes.append(sit(rng, loaded, quiz_id, who, rng.uniform(0.5, 1.4), T0 + group * 3600 + i))
    text = "\n".join(f"{c.participant.name}: {encode(c)}" for c in codes)
    return text, codes


def test_a_thousand_codes_report_in_seconds(tmp_path: Path) -> None:
    loaded = make_course(tmp_path)
    text, codes = thousand(loaded)
    started = time.perf_counter()
    collected = collect(text, loaded)
    report, _ = summarise(collected, loaded)
    html = render_report(report)
    seconds = time.perf_counter() - started
    print(f"\n1,000 codes: collect + summarise + render in {seconds:.2f} s, {len(html) / 1e6:.1f} MB of HTML")
    assert seconds < 20, "a guard against hangs; it takes well under 10 s"
    assert report.attempts == 1000 and report.participants == 1000
    for summary in report.quizzes:
        percents = [score(loaded, c).total.percent for c in codes if c.quiz_id == summary.id]
        assert (summary.attempts, summary.mean, summary.median) == (
            len(percents),
            pytest.approx(statistics.mean(percents)),
            statistics.median(percents),
        )
        assert sum(summary.histogram) == len(percents)
    (tmp_path / "report-1000.html").write_text(html, encoding="utf-8")


# The report in a real browser

EVIL_NAME = "<script>alert(1)</script>"
EVIL_AGENCY = "<img src=x onerror=alert(1)>"


def test_report_opens_offline_with_every_chart_and_inert_names(tmp_path: Path, page) -> None:  # type: ignore[no-untyped-def]
    loaded = make_course(tmp_path)
    session = forty(loaded)
    rng = random.Random(1)
    evil = Person(EVIL_NAME, "", "", EVIL_AGENCY)
    text = session.text
    for quiz_id in ("pre-test", "post-test"):
        text += encode(sit(rng, loaded, quiz_id, evil, 1.0, T0 + 20000 + len(quiz_id))) + "\n"
    report, _ = summarise(collect(text, loaded), loaded)
    html = render_report(report)
    # One script, the report's own search box: a participant's text never becomes one
    assert html.count("<script") == 1 and "<script>/* The participant list" in html
    out = tmp_path / "report.html"
    out.write_text(html, encoding="utf-8")

    requests: list[str] = []
    errors: list[str] = []
    dialogs: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.set_viewport_size({"width": 1200, "height": 900})
    page.goto(out.as_uri())
    page.wait_for_load_state("load")

    assert requests == [out.as_uri()], "the report fetches nothing but itself"
    assert errors == []
    assert dialogs == []
    assert page.locator("img[src=x]").count() == 0
    assert page.locator("script").count() == 1
    # Shown literally, as text, in the participants' table.
    cells = page.locator("#participants-table td bdi")
    assert cells.filter(has_text=EVIL_NAME).first.text_content() == EVIL_NAME
    assert cells.filter(has_text=EVIL_AGENCY).first.text_content() == EVIL_AGENCY

    charts = page.locator("svg.chart")
    assert charts.count() == 3 + 2 + 1  # a histogram per quiz, pre/post slopes and shift, the topics
    for i in range(charts.count()):
        chart = charts.nth(i)
        box = chart.bounding_box()
        assert box is not None and box["width"] > 100 and box["height"] > 100
        assert chart.locator("rect, path").count() > 1
        assert chart.get_attribute("role") == "img"
        assert chart.locator("title").first.text_content()
    # One line per pair of scores (as thick as the people who share it), and the mean.
    assert page.locator("#slope .slope path").count() == len(report.gain.pairs) + 1
    assert page.locator("#hardest ol > li").count() == 3

    page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
    # Printed, the report keeps its charts (A4, colours kept).
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF")


# verify on the command line


@pytest.fixture
def course(tmp_path: Path) -> LoadedCourse:
    return make_course(tmp_path)


def a_code(loaded: LoadedCourse, **changes: object) -> ResultsCode:
    rng = random.Random(3)
    who = Person("Siti Aminah", "198501012010012001", "Analis", "Dinas 1")
    return replace(sit(rng, loaded, "post-test", who, 1.2, T0), **changes)  # type: ignore[arg-type]


def test_verify_prints_participant_quiz_score_and_verdict(course: LoadedCourse) -> None:
    code = a_code(course)
    result = score(course, code)
    lines, exit_code = verify_lines([encode(code)], course, "id")
    text = "\n".join(lines)
    assert exit_code == 0
    assert "Siti Aminah, NIP 198501012010012001" in text
    assert "Post-test (post-test)" in text
    assert (
        f"Nilai   : {result.total.percent}% ({result.total.earned} dari {result.total.possible} poin)" in text
    )
    assert ("Lulus   : ya" if result.passed else "Lulus   : tidak") in text
    assert "Cocok dengan kunci jawaban" in text and "Sah" not in text


def test_verify_flags_an_edited_displayed_percent(course: LoadedCourse) -> None:
    code = a_code(course)
    edited = replace(code, displayed_percent=100 if code.displayed_percent != 100 else 0)
    lines, exit_code = verify_lines([encode(edited)], course, "id")
    assert exit_code == 1
    assert any(
        "nilai yang ditampilkan berbeda dari hasil penilaian ulang" in line
        and f"menampilkan {edited.displayed_percent}%" in line
        and f"bernilai {code.displayed_percent}%" in line
        for line in lines
    )


def test_verify_names_both_versions_of_another_course_version(course: LoadedCourse) -> None:
    lines, exit_code = verify_lines([encode(a_code(course, course_version="0.9"))], course, "id")
    assert exit_code == 1
    assert any("versi 0.9" in line and "versi 1.0" in line for line in lines)
    assert not any(line.startswith("  Nilai") for line in lines)  # never scored


@pytest.mark.parametrize(
    ("mangle", "words_id", "words_en"),
    [
        (lambda c: c[:20] + ("0" if c[20] != "0" else "1") + c[21:], "salah ketik", "mistyped"),
        (lambda c: c[: len(c) // 2], "terpotong", "truncated"),
        (lambda c: "kode saya hilang", "bukan kode hasil", "Not a results code"),
    ],
    ids=["checksum", "truncated", "not a code"],
)
def test_verify_says_why_a_code_cannot_be_read(
    course: LoadedCourse,
    mangle: Callable[[str], str],
    words_id: str,
    words_en: str,
) -> None:
    text = mangle(encode(a_code(course)))
    lines, exit_code = verify_lines([text], course, "id")
    assert exit_code == 1 and words_id in "\n".join(lines)
    lines, _ = verify_lines([text], course, "en")
    assert words_en in "\n".join(lines)


def test_verify_reports_an_unknown_quiz_a_changed_bank_and_another_course(course: LoadedCourse) -> None:
    codes = [
        encode(a_code(course, quiz_id="old-quiz")),
        encode(a_code(course, fingerprint="00000000")),
        encode(a_code(course, course_id="netralitas-asn")),
        encode(a_code(course)),
    ]
    lines, exit_code = verify_lines(codes, course, "id")
    text = "\n".join(lines)
    assert exit_code == 1
    assert "tidak memiliki kuis “old-quiz”" in text
    assert "sudah berubah sejak kode dibuat" in text
    assert "pelatihan lain (“netralitas-asn”), bukan “fire-safety”" in text
    assert lines[-1] == "4 kode: 1 cocok dengan kunci jawaban, 3 perlu diperiksa." + NOTE


def test_verify_reads_a_code_the_shell_split_into_words(course: LoadedCourse) -> None:
    # `latih verify LATIH1-ABCDE FGHIJ ...` without quotes: the words are one code.
    words = re.sub("-", " ", encode(a_code(course))).split()
    lines, exit_code = verify_lines(words, course, "en")
    assert exit_code == 0, lines
    assert "  Participant : Siti Aminah, NIP 198501012010012001" in lines


def test_verify_reports_each_argument_on_its_own(course: LoadedCourse) -> None:
    code = encode(a_code(course))
    lines, exit_code = verify_lines([code[:-6], "halo", code], course, "id")
    text = "\n".join(lines)
    assert exit_code == 1
    assert "Kode terpotong" in text and "bukan kode hasil" in text and "Cocok dengan kunci jawaban:" in text
    assert lines[-1] == "3 kode: 1 cocok dengan kunci jawaban, 2 perlu diperiksa." + NOTE


def test_verify_prints_no_control_characters_from_a_code(course: LoadedCourse) -> None:
    code = a_code(course, participant=Person("Budi\x1b[2J\u202eevil", "1"))
    lines, _ = verify_lines([encode(code)], course, "en")
    assert not any("\x1b" in line or "\u202e" in line for line in lines)
