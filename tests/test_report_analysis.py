"""Item analysis and the agency map, pinned by small datasets computed by hand.

The formulas (Moodle's quiz statistics: facility, SD, random guess score, intended and effective
weight, corrected item-total correlation, discriminative efficiency, the upper-lower 27 % index on
the rest score, KR-20 / Cronbach's alpha, alpha if deleted, error ratio, SEM, skewness, kurtosis)
are checked twice: against numbers worked out on paper for a 5 x 3 matrix, and against an
independent numpy / pandas computation on a random matrix. The flags are checked on simulated
sessions: none on a normal session of 30, exactly the planted ones on 3,000.
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
    # Upper-lower on the rest score, 27 % of 5 = 1.35 attempts per group, ties sharing the cut:
    # question 1's rest scores are 2, 1, 0, 1, 0. Top: the 2 (weight 1) and the two 1s (0.175
    # each, one right, one wrong); bottom: the two 0s (0.675 each, one right, one wrong).
    assert fig.upper_lower[0] == pytest.approx(1.175 / 1.35 - 0.675 / 1.35) == pytest.approx(10 / 27)
    test = ia.test_figures(HAND, weights, 3)
    # KR-20: 3/2 * (1 - (.3 + .3 + .2) / 1.3), sample variances
    assert test.alpha == pytest.approx(1.5 * (1 - 0.8 / 1.3))
    assert test.sd == pytest.approx(math.sqrt(1.3) * 100 / 3)  # sample SD of totals, in percent points
    assert test.error_ratio == pytest.approx(math.sqrt(1 - test.alpha))
    assert test.sem == pytest.approx(test.error_ratio * test.sd)
    # Alpha without question 1: items 2 and 3 (variances .3 and .2, their total's .7): 2 (1 - .5 / .7)
    assert test.alpha_if_deleted[0] == pytest.approx(4 / 7)
    # Random guess score: true/false one in two, single choice one in the number of options
    from generator.scoring import KeyedQuestion

    assert ia_guess(KeyedQuestion("q", "true_false", "", 1, ("a", "b"), frozenset("b"))) == 0.5
    assert ia_guess(KeyedQuestion("q", "single", "", 1, tuple("abcd"), frozenset("c"))) == 0.25
    # Multiple with partial credit, key {a, b} of a, b, c: the 7 non-empty sets earn
    # a .5, b .5, c 0, ab 1, ac 0, bc 0, abc .5: 2.5 / 7
    multiple = KeyedQuestion("q", "multiple", "", 2, tuple("abc"), frozenset("ab"), partial=True)
    assert ia_guess(multiple) == pytest.approx(2.5 / 7)


def ia_guess(question):  # type: ignore[no-untyped-def]
    from generator.tools.report.tables import guess_score

    return guess_score(question)


def test_upper_lower_groups_do_not_depend_on_the_order_of_attempts() -> None:
    rng = np.random.default_rng(3)
    scores = (rng.random((41, 12)) < 0.6).astype(float)  # 12 right/wrong items: many ties
    weights = np.ones(12)
    first = ia.figures(scores, weights)
    for _ in range(5):
        shuffled = ia.figures(scores[rng.permutation(41)], weights)
        assert shuffled.upper_lower == pytest.approx(first.upper_lower, rel=1e-12, abs=1e-15)
    up, low = ia.group_weights(np.array([0, 0, 1, 1, 1, 2, 3, 3, 3, 3], float))
    assert up.sum() == pytest.approx(2.7) and low.sum() == pytest.approx(2.7)
    assert len(set(up[6:])) == 1 and len(set(low[:2])) == 1  # ties share equally


def test_item_figures_agree_with_an_independent_numpy_and_pandas_computation() -> None:
    pd = pytest.importorskip("pandas")
    rng = np.random.default_rng(16)
    ability = rng.normal(size=200)
    scores = (rng.normal(size=(200, 8)) + ability[:, None] > 0).astype(float)
    scores[:, 7] = rng.integers(0, 3, 200) / 2  # a partial-credit question
    weights = np.array([1, 1, 1, 1, 2, 1, 1, 1], float)
    fig = ia.figures(scores, weights)
    points = scores * weights
    totals = points.sum(axis=1)
    covs = []
    for q in range(8):
        rest = totals - points[:, q]
        assert fig.discrimination[q] == pytest.approx(np.corrcoef(scores[:, q], rest)[0, 1])
        assert fig.facility[q] == pytest.approx(scores[:, q].mean())
        assert fig.sd[q] == pytest.approx(pd.Series(scores[:, q]).std())
        best = np.cov(np.sort(scores[:, q]), np.sort(rest))[0, 1]
        assert fig.efficiency[q] == pytest.approx(np.cov(scores[:, q], rest)[0, 1] / best)
        covs.append(np.cov(points[:, q], totals)[0, 1])
        assert fig.intended[q] == pytest.approx(weights[q] / weights.sum())
    roots = np.sqrt(covs)
    assert fig.effective == pytest.approx(roots / roots.sum())
    k = 8
    cov = np.cov(points, rowvar=False)
    alpha = k / (k - 1) * (1 - np.trace(cov) / cov.sum())  # alpha from the covariance matrix
    test = ia.test_figures(scores, weights, 8)
    assert test.alpha == pytest.approx(alpha)
    percent = pd.Series(totals / weights.sum() * 100)
    assert test.mean == pytest.approx(percent.mean()) and test.median == pytest.approx(percent.median())
    assert test.sd == pytest.approx(percent.std())
    assert test.skewness == pytest.approx(percent.skew())  # Moodle's k3 / k2^1.5 is pandas' skew
    assert test.kurtosis == pytest.approx(percent.kurt())  # and k4 / k2^2 its excess kurtosis
    for q in range(8):
        kept = np.delete(points, q, axis=1)
        c = np.cov(kept, rowvar=False)
        assert test.alpha_if_deleted[q] == pytest.approx(7 / 6 * (1 - np.trace(c) / c.sum()))


def test_reliability_of_a_drawn_quiz_from_pairwise_covariances() -> None:
    pd = pytest.importorskip("pandas")
    rng = np.random.default_rng(8)
    ability = rng.normal(size=400)
    full = (rng.normal(size=(400, 10)) + ability[:, None] > 0).astype(float)
    scores = full.copy()
    for a in range(400):  # each attempt shows 4 of the 10
        scores[a, rng.choice(10, 6, replace=False)] = np.nan
    cov = pd.DataFrame(scores).cov().to_numpy()  # pandas: pairwise complete observations
    v = np.diag(cov).mean()
    c = cov[~np.eye(10, dtype=bool)].mean()
    expected = 4 * c / (v + 3 * c)
    assert ia.test_figures(scores, np.ones(10), 4).alpha == pytest.approx(expected)


def test_flags_in_plain_words_with_a_minimum_sample_and_margins() -> None:
    options = [("a", True, 1500, 0.3), ("b", False, 700, -0.2), ("c", False, 700, -0.1)]
    assert ia.flags(29, 0.5, -0.6, options) == [("flag_few_data", "")]
    assert ia.flags(100, 0.5, 0.35, options) == []
    assert ia.flags(100, 0.5, -0.35, options) == [("flag_check_key", "")]
    # r = -0.007 on 3,000 attempts: no evidence of a wrong key, but the item measures nothing
    assert ia.flags(3000, 0.49, -0.007, options) == [("flag_no_discrimination", "")]
    assert ia.flags(3000, 0.6, 0.15, options) == [("flag_low_discrimination", "")]
    assert ia.flags(50, 0.6, 0.15, options) == []  # 0.15 +- 0.28 may well be 0.20 or more
    # Everybody right: "too easy", never "check the key" for a few random blanks
    assert ia.flags(3000, 0.984, -0.05, options) == [("flag_too_easy", "")]
    # A distractor the strong choose (r 0.3 with the rest score), and one chosen by 8 of 828
    found = ia.flags(828, 0.5, -0.2, [("a", True, 400, -0.2), ("b", False, 420, 0.3), ("c", False, 8, -0.1)])
    assert found == [("flag_check_key", ""), ("flag_top_distractor", "B"), ("flag_weak_distractor", "C")]
    # Nobody choosing a distractor of 30 attempts proves nothing (up to 11 % may choose it)
    assert ia.flags(30, 0.5, 0.4, [("a", True, 15, 0.4), ("b", False, 15, -0.4), ("c", False, 0, 0)]) == []


def _simulate(rng: np.random.Generator, n: int, bad: dict[int, str]) -> tuple[np.ndarray, np.ndarray]:
    """n attempts of 12 four-option single-choice items (key a), a 2PL-like model; `bad` plants
    defects: "random" (answered at random), "miskey" (the strong choose b), "easy" (all right
    but 1 %), "dead" (c and d never chosen)."""
    ability = rng.normal(size=n)
    difficulty = np.linspace(-1.2, 0.8, 12)
    chosen = np.zeros((n, 12), np.int64)
    for q in range(12):
        p = 1 / (1 + np.exp(-(1.7 * (ability - difficulty[q]))))
        right = rng.random(n) < p
        wrong = rng.integers(1, 4, n)
        if bad.get(q) == "random":
            right = rng.random(n) < 0.25
        elif bad.get(q) == "miskey":
            right = (ability < 0) & (rng.random(n) < 0.6)
            wrong = np.where(ability > 0, 1, rng.integers(1, 4, n))
        elif bad.get(q) == "easy":
            right = rng.random(n) < 0.99
        elif bad.get(q) == "dead":
            wrong = np.ones(n, np.int64)
        chosen[:, q] = np.where(right, 1, 1 << wrong)
    return (chosen == 1).astype(float), chosen


def _flags_of(scores: np.ndarray, chosen: np.ndarray) -> dict[int, list[str]]:
    fig = ia.figures(scores, np.ones(12), chosen, [4] * 12)
    found = {}
    for q in range(12):
        table = fig.options[q]
        options = [("abcd"[o], o == 0, int(table[o, 0]), float(table[o, 4])) for o in range(4)]
        flags = [k for k, _ in ia.flags(len(scores), fig.facility[q], fig.discrimination[q], options)]
        if flags:
            found[q] = flags
    return found


def test_a_session_of_thirty_with_no_bad_item_raises_no_flag() -> None:
    for seed in range(5):
        scores, chosen = _simulate(np.random.default_rng(seed), 30, {})
        assert _flags_of(scores, chosen) == {}, seed


def test_planted_bad_items_raise_exactly_the_expected_flags() -> None:
    bad = {2: "random", 5: "miskey", 8: "easy", 10: "dead"}
    scores, chosen = _simulate(np.random.default_rng(1), 3000, bad)
    found = _flags_of(scores, chosen)
    assert found == {
        2: ["flag_no_discrimination"],
        5: ["flag_check_key", "flag_top_distractor"],
        8: ["flag_too_easy", "flag_weak_distractor"],  # the 1 % wrong spread over three distractors
        10: ["flag_weak_distractor"],
    }


def _code(loaded, quiz_id: str, who: Person, answers: dict[int, str], at: int) -> str:  # type: ignore[no-untyped-def]
    quiz = loaded.quizzes[quiz_id].model
    course = loaded.course.model
    pairs = tuple((i, tuple(sorted(answers[i].split(".")))) for i in range(len(quiz.questions)))
    code = ResultsCode(
        course.id, course.version, quiz_id, fingerprint([q.id for q in quiz.questions]), at, who, 0, pairs
    )
    percent = verify(
        code, loaded.course.model, loaded.quiz_models()
    ).score.total.percent  # what the participant's page displayed
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
    # Twelve attempts are too few to judge an item: no other flag, whatever the figures say
    assert lift.flags == ("flag_few_data",)


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
