"""Which attempts the statistics analyse (`--statistics-attempts`, Moodle's "attempts to analyse"):
every attempt, or each participant's first, best or last; by default the attempt counted for
passing. Pinned on a small session computed by hand, and order-free."""

from __future__ import annotations

import hashlib
import random
import re
from fractions import Fraction
from pathlib import Path

import pytest

from generator.participant import Person
from generator.results import ResultsCode, encode, fingerprint
from generator.tools.report import collect, collect_files, render_report, summarise
from generator.tools.report.export import write
from tests.test_report import T0, forty, make_course, score

NOW = T0 + 90 * 86400
# The post-test's five questions, each worth one point: the right and a wrong answer
RIGHT = [("b",), ("a",), ("a", "b"), ("b",), ("a", "c")]
WRONG = [("a",), ("b",), ("c",), ("a",), ("b",)]
# (person, minutes after T0, right or wrong per question): A sits three times
SESSION = [
    ("A", 1, [1, 0, 0, 0, 0]),  # A's first: 1 point
    ("A", 2, [1, 1, 1, 1, 1]),  # A's best: 5
    ("A", 3, [1, 1, 1, 0, 0]),  # A's last: 3
    ("B", 1, [1, 1, 0, 0, 0]),
    ("C", 1, [0, 0, 0, 0, 0]),
    ("D", 1, [1, 1, 1, 1, 0]),
]


def _codes(loaded) -> list[str]:  # type: ignore[no-untyped-def]
    course = loaded.course.model
    quiz = loaded.quizzes["post-test"].model
    out = []
    for who, minutes, right in SESSION:
        answers = tuple((i, RIGHT[i] if r else WRONG[i]) for i, r in enumerate(right))
        code = ResultsCode(
            course.id,
            course.version,
            "post-test",
            fingerprint([q.id for q in quiz.questions]),
            T0 + 60 * minutes,
            Person(f"Peserta {who}", f"19800101200001100{ord(who)}", "Analis", "Dinas Uji"),
            0,
            answers,
        )
        percent = score(loaded, code).total.percent
        out.append(encode(ResultsCode(*[*code.__dict__.values()][:6], percent, answers)))
    return out


def _kr20(rows: list[list[int]]) -> Fraction:
    """KR-20 with sample variances, in exact fractions: k/(k-1) (1 - sum var(item) / var(total))."""

    def var(xs: list[int]) -> Fraction:
        mean = Fraction(sum(xs), len(xs))
        return sum((x - mean) ** 2 for x in xs) / (len(xs) - 1)

    k = len(rows[0])
    items = sum(var([r[i] for r in rows]) for i in range(k))
    return Fraction(k, k - 1) * (1 - items / var([sum(r) for r in rows]))


@pytest.mark.parametrize(
    ("choice", "picked", "lift", "alpha"),
    [
        # every attempt: totals 1, 5, 3, 2, 0, 4; item variances 1/6 + 4/15 + 3/10 + 4/15 + 1/6 = 7/6,
        # the totals' 3.5: 5/4 (1 - 1/3) = 5/6; question 2 right in 4 of 6
        ("all", [0, 1, 2, 3, 4, 5], Fraction(4, 6), Fraction(5, 6)),
        # A's first: totals 1, 2, 0, 4 (variance 35/12), item variances 13/12: 5/4 (1 - 13/35) = 11/14
        ("first", [0, 3, 4, 5], Fraction(2, 4), Fraction(11, 14)),
        # A's best: totals 5, 2, 0, 4 (59/12), item variances 17/12: 5/4 (1 - 17/59) = 105/118
        ("best", [1, 3, 4, 5], Fraction(3, 4), Fraction(105, 118)),
        # the default for a post-test: the counted attempt, its best
        (None, [1, 3, 4, 5], Fraction(3, 4), Fraction(105, 118)),
        ("last", [2, 3, 4, 5], Fraction(3, 4), None),
    ],
)
def test_the_statistics_analyse_the_chosen_attempts(tmp_path: Path, choice, picked, lift, alpha) -> None:  # type: ignore[no-untyped-def]
    loaded = make_course(tmp_path)
    rows = [SESSION[i][2] for i in picked]
    assert _kr20(rows) == alpha or alpha is None
    report, _ = summarise(collect("\n".join(_codes(loaded)), loaded), loaded, now=NOW, analyse=choice)
    (post,) = report.quizzes
    stats = {q.id: q for q in post.questions}
    assert post.attempts == 6 and post.participants == 4  # the cards still count every attempt
    assert post.reliability.attempts == len(picked)
    assert stats["post-lift"].seen == len(picked)
    assert stats["post-lift"].facility == pytest.approx(float(lift))
    assert post.reliability.alpha == pytest.approx(float(_kr20(rows)))
    if alpha is not None:
        assert post.reliability.alpha == pytest.approx(float(alpha))
    # The option shares count the same attempts: question 2's wrong option b
    assert stats["post-lift"].options[1].count == sum(1 for r in rows if not r[1])
    html = render_report(report)
    said = {
        "all": "menganalisis semua percobaan",
        "first": "menganalisis percobaan pertama",
        "best": "menganalisis percobaan terbaik",
        "last": "menganalisis percobaan terakhir",
        None: "yang dihitung untuk kelulusan",
    }[choice]
    assert said in html.split("</header>")[0]  # said in the header


def _digests(paths: list[Path], loaded, out: Path, choice: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    report, tables = summarise(
        collect_files([str(p) for p in paths], loaded), loaded, now=NOW, analyse=choice
    )
    html = render_report(report)
    # Where each code was read (file and line) is taken out: every other byte must be the same
    html = re.sub(r'<p class="meta" id="files-read">.*?</p>', "", html)
    html = re.sub(r'(data-label="Baris">)[^<]*<', r"\1<", html)
    write(out, report, tables)
    digests = {"html": hashlib.sha256(html.encode()).hexdigest()}
    for name in ("butir-soal.csv", "kuis.csv"):
        digests[name] = hashlib.sha256((out / name).read_bytes()).hexdigest()
    return digests


@pytest.mark.parametrize("choice", ["all", "first", "best"])
def test_each_choice_gives_identical_outputs_in_any_order(tmp_path: Path, choice: str) -> None:
    loaded = make_course(tmp_path)
    session = forty(loaded)
    dup = {line for line, _ in session.duplicates}
    codes = [encode(code) for line, code in session.codes if line not in dup] + _codes(loaded)
    digests = []
    for run in range(3):
        shuffled = codes[:]
        random.Random(run).shuffle(shuffled)
        path = tmp_path / "codes.txt"
        path.write_text("\n".join(shuffled) + "\n", encoding="utf-8")
        digests.append(_digests([path], loaded, tmp_path / f"out-{run}", choice))
    assert digests[0] == digests[1] == digests[2]
    kuis = (tmp_path / "out-0" / "kuis.csv").read_text(encoding="utf-8")
    word = {"all": "semua", "first": "pertama", "best": "terbaik"}[choice]
    assert "percobaan_dianalisis" in kuis.splitlines()[0] and f",{word}," in kuis
