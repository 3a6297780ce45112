"""Item analysis and the agency map, pinned by small datasets computed by hand.

The formulas (Moodle's quiz statistics: facility, corrected item-total correlation, upper-lower
27 % index, KR-20 / Cronbach's alpha, SEM) are checked twice: against numbers worked out on paper
for a 5 x 3 matrix, and against an independent numpy computation on a random matrix.
"""

from __future__ import annotations

import math
import random
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from generator.participant import Person
from generator.results import ResultsCode, encode, fingerprint, verify
from generator.tools.report import collect, summarise
from generator.tools.report import items as ia
from generator.tools.report.scanning import scan
from tests.test_report import T0, make_course

# Five attempts, three right-or-wrong questions: totals 3, 2, 1, 1, 0.
HAND = np.array([[1, 1, 1], [1, 1, 0], [1, 0, 0], [0, 1, 0], [0, 0, 0]], float)


def test_item_figures_match_the_hand_computation() -> None:
    weights = np.ones(3)
    fig = ia.figures(HAND, weights)
    assert fig.facility == pytest.approx([0.6, 0.6, 0.2])
    # Question 1 against the rest of the test (2, 1, 0, 1, 0): 0.6 / sqrt(1.2 * 2.8)
    assert fig.discrimination[0] == pytest.approx(0.6 / math.sqrt(1.2 * 2.8))
    # 27 % of 5 is one attempt per group: the top (3) and the bottom (0).
    assert list(np.flatnonzero(fig.upper)) == [0] and list(np.flatnonzero(fig.lower)) == [4]
    assert fig.upper_lower == pytest.approx([1.0, 1.0, 1.0])
    alpha, sd, sem = ia.reliability(HAND, weights)
    # KR-20: 3/2 * (1 - (.24 + .24 + .16) / 1.04) = 15/26
    assert alpha == pytest.approx(15 / 26)
    assert sd == pytest.approx(math.sqrt(1.3) * 100 / 3)  # sample SD of totals, in percent points
    assert sem == pytest.approx(math.sqrt(1.3) * math.sqrt(11 / 26) * 100 / 3)


def test_item_figures_agree_with_an_independent_numpy_computation() -> None:
    rng = np.random.default_rng(16)
    ability = rng.normal(size=200)
    scores = (rng.normal(size=(200, 8)) + ability[:, None] > 0).astype(float)
    scores[:, 7] = rng.integers(0, 3, 200) / 2  # a partial-credit question
    weights = np.array([1, 1, 1, 1, 2, 1, 1, 1], float)
    fig = ia.figures(scores, weights)
    points = scores * weights
    totals = points.sum(axis=1)
    for q in range(8):
        rest = totals - points[:, q]
        assert fig.discrimination[q] == pytest.approx(np.corrcoef(scores[:, q], rest)[0, 1])
        assert fig.facility[q] == pytest.approx(scores[:, q].mean())
    k = 8
    cov = np.cov(points, rowvar=False)
    alpha = k / (k - 1) * (1 - np.trace(cov) / cov.sum())  # alpha from the covariance matrix
    assert ia.reliability(scores, weights)[0] == pytest.approx(alpha)


def test_flags_in_plain_words() -> None:
    assert ia.flags(0.95, 0.3, [("a", True, 9, 1, 0.8), ("b", False, 1, 0, 0.2)]) == [("flag_too_easy", "")]
    found = ia.flags(0.5, -0.2, [("a", True, 5, 0.2, 0.8), ("b", False, 5, 0.8, 0.2), ("c", False, 0, 0, 0)])
    assert found == [("flag_check_key", ""), ("flag_dead_distractor", "C"), ("flag_top_distractor", "B")]


def _code(loaded, quiz_id: str, who: Person, answers: dict[int, str], at: int) -> str:  # type: ignore[no-untyped-def]
    quiz = loaded.quizzes[quiz_id].model
    course = loaded.course.model
    pairs = tuple((i, tuple(sorted(answers[i].split(".")))) for i in range(len(quiz.questions)))
    code = ResultsCode(
        course.id, course.version, quiz_id, fingerprint([q.id for q in quiz.questions]), at, who, 0, pairs
    )
    percent = verify(code, loaded.course.model, loaded.quiz_models()).score.total.percent  # what the participant's page displayed
    return encode(replace(code, displayed_percent=percent))


# Post-test keys: 0 exits (true_false, key b), 1 lift (a), 2 sides (multiple a.b), 3 pan (b), 4 warden (a.c).
# Topics: evacuation = 0, 1, 4; fire-triangle = 2, 3.
RIGHT = {0: "b", 1: "a", 2: "a.b", 3: "b", 4: "a.c"}


def test_agency_map_names_each_agencys_known_weakest_topic_and_faulty_items(tmp_path: Path) -> None:
    loaded = make_course(tmp_path)
    lines = []
    plans = {
        # Dinas Api knows evacuation and misses the fire triangle; Dinas Evakuasi the other way round.
        "Dinas Api": {**RIGHT, 2: "c", 3: "a"},
        "Dinas Evakuasi": {**RIGHT, 0: "a", 4: "b"},
        "Dinas Baik": {**RIGHT, 4: "a"},  # all right but the warden question
    }
    n = 0
    for agency, answers in plans.items():
        for i in range(4):
            n += 1
            who = Person(f"Orang {n}", f"1990{n:014d}", "Staf", agency)
            # The strongest choose lift's option b (a wrong one): a key to check. Nobody chooses c.
            own = {**answers, 1: "b"} if agency == "Dinas Baik" and i < 2 else answers
            lines.append(f"{who.name}: {_code(loaded, 'post-test', who, own, T0 + n)}")
    report, _ = summarise(collect("\n".join(lines) + "\n", loaded), loaded)
    agencies = report.agencies
    assert agencies is not None and agencies.after_session
    rows = {r.name: r for r in agencies.rows}
    assert set(rows) == set(plans)
    assert rows["Dinas Api"].weakest[0] == "The fire triangle & <b>why</b> it matters"
    assert rows["Dinas Evakuasi"].weakest[0] == "Evacuation"
    assert rows["Dinas Baik"].weakest[0] == "Evacuation"
    # Shares by hand: Dinas Api earns 3 of 3 evacuation points and 0 of 2 fire-triangle points
    # (c alone on "sides" cancels nothing but earns nothing: partial credit max(0, 0 - 1) / 2).
    assert rows["Dinas Api"].topics["evacuation"] == 1.0 and rows["Dinas Api"].topics["fire-triangle"] == 0.0
    assert rows["Dinas Evakuasi"].topics["evacuation"] == pytest.approx(1 / 3)
    # Dinas Baik: warden wrong for all four, lift wrong for two: evacuation (12 - 4 - 2) / 12
    assert rows["Dinas Baik"].topics["evacuation"] == pytest.approx(6 / 12)
    assert [r.name for r in agencies.rows] == sorted(plans, key=lambda a: rows[a].overall)  # weakest first
    assert all(r.participants == 4 for r in agencies.rows)

    post = next(q for q in report.quizzes if q.id == "post-test")
    lift = next(q for q in post.questions if q.id == "post-lift")
    shares = {o.id: o.share for o in lift.options}
    assert shares == {"a": pytest.approx(10 / 12), "b": pytest.approx(2 / 12), "c": 0.0}
    assert "flag_dead_distractor" in lift.flags
    assert lift.flag_values[lift.flags.index("flag_dead_distractor")] == "C"
    # The top 27 % (3 of 12 by total) hold the two who chose b; the bottom 3 chose a.
    assert "flag_top_distractor" in lift.flags


def test_finding_codes_visits_each_character_a_bounded_number_of_times(tmp_path: Path) -> None:
    loaded = make_course(tmp_path)
    who = Person("Budi", "1", "", "Dinas")
    code = _code(loaded, "post-test", who, RIGHT, T0)
    # Codes back to back with only spaces between them: the case that was quadratic.
    steps = [scan((" ".join([code] * n) + "\n").encode()).steps for n in (1000, 10000)]
    assert 9.5 < steps[1] / steps[0] < 10.5
    assert steps[1] < 3 * len(" ".join([code] * 10000))


def test_a_random_session_keeps_every_share_between_zero_and_one(tmp_path: Path) -> None:
    loaded = make_course(tmp_path)
    rng = random.Random(4)
    lines = []
    for n in range(60):
        answers = {i: rng.choice(["a", "b", "c"]) if i in (1, 3) else RIGHT[i] for i in RIGHT}
        who = Person(f"P{n}", "", "", f"Dinas {n % 3}")
        lines.append(_code(loaded, "post-test", who, answers, T0 + n))
    report, _ = summarise(collect("\n".join(lines), loaded), loaded)
    for quiz in report.quizzes:
        for q in quiz.questions:
            assert 0 <= q.facility <= 1
            assert all(0 <= o.share <= 1 for o in q.options)


def test_agency_topic_shares_match_scoring_over_quizzes_with_different_point_scales(tmp_path: Path) -> None:
    """Post-test (partial credit: points kept in halves) and exam (whole points) add up as points."""
    from fractions import Fraction

    from tests.test_report import forty, score

    loaded = make_course(tmp_path)
    session = forty(loaded)
    report, _ = summarise(collect(session.text, loaded), loaded)
    dup_lines = {line for line, _ in session.duplicates}
    totals: dict[tuple[str, str], list[Fraction]] = {}
    for line, code in session.codes:
        if line in dup_lines or code.quiz_id not in ("post-test", "final-exam"):
            continue
        for topic, s in score(loaded, code).topics.items():
            kept = totals.setdefault((code.participant.agency, topic), [Fraction(0), Fraction(0)])
            kept[0] += s.earned
            kept[1] += s.possible
    assert report.agencies is not None
    for row in report.agencies.rows:
        for topic, share in row.topics.items():
            earned, possible = totals[(row.name, topic)]
            assert share == pytest.approx(float(earned / possible))
