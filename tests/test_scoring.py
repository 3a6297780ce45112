"""The scoring rules, in Python and in the browser, against one shared file of test vectors.

Every vector runs against `generator/scoring.py` and against `assets/js/scoring.js` in a real
Chromium, and random attempts are scored by both and compared, so a participant's page and the
facilitator's re-scoring can never disagree.
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.scoring import (
    AttemptScore,
    KeyedQuestion,
    Score,
    fraction_text,
    passed,
    question_points,
    score_attempt,
)

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "generator" / "assets" / "js" / "scoring.js"
VECTORS: list[dict[str, Any]] = json.loads((Path(__file__).parent / "vectors" / "scoring.json").read_text())[
    "vectors"
]

# Scores an attempt in the page and writes the outcome in the vectors' own shape, fractions as text.
JS_OUTCOMES = """(attempts) => {
  const s = Latih.scoring;
  const texts = (entries, f) => Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, f(v)]));
  return attempts.map((a) => {
    const r = s.scoreAttempt(a.questions, a.answers, a.pass_mark);
    return {
      per_question: texts(r.perQuestion, s.fractionText),
      earned: s.fractionText(r.earned),
      possible: r.possible,
      percent: r.percent,
      passed: r.passed,
      topics: texts(r.topics, (t) => ({earned: s.fractionText(t.earned), possible: t.possible, percent: t.percent})),
    };
  });
}"""


def keyed(question: dict[str, Any]) -> KeyedQuestion:
    """A question in the vectors' JSON form as the answer key scoring reads."""
    return KeyedQuestion(
        id=question["id"],
        type=question["type"],
        topic=question["topic"],
        points=question["points"],
        options=tuple(question["options"]),
        correct=frozenset(question["correct"]),
        partial=question.get("partial", False),
    )


def score_vector(vector: dict[str, Any]) -> AttemptScore:
    questions = [keyed(q) for q in vector["questions"]]
    return score_attempt(questions, vector["answers"], vector["pass_mark"])


def outcome(result: AttemptScore) -> dict[str, Any]:
    """A Python result in the vectors' `expected` shape, so both languages compare the same way."""

    def score(s: Score) -> dict[str, Any]:
        return {"earned": fraction_text(s.earned), "possible": s.possible, "percent": s.percent}

    return {
        "per_question": {qid: fraction_text(points) for qid, points in result.per_question.items()},
        **score(result.total),
        "passed": result.passed,
        "topics": {topic: score(s) for topic, s in result.topics.items()},
    }


def js_outcomes(page: Any, attempts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    page.set_content("<!doctype html><title>t</title>")
    page.add_script_tag(path=str(SCRIPT))
    return page.evaluate(JS_OUTCOMES, attempts)


# Vectors, both languages


def test_vector_file_has_unique_names_and_enough_vectors() -> None:
    names = [v["name"] for v in VECTORS]
    assert len(names) == len(set(names))
    assert len(names) >= 25


@pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
def test_python_scores_vector(vector: dict[str, Any]) -> None:
    got = outcome(score_vector(vector))
    assert got == vector["expected"], vector["name"]
    # Reports list topics as the quiz does, so the order is part of the answer.
    assert list(got["topics"]) == list(vector["expected"]["topics"]), vector["name"]


def test_browser_scores_every_vector(page: Any) -> None:
    # One page for all vectors: a fresh browser context per vector would cost more than the rest.
    got = js_outcomes(page, VECTORS)
    failures = [
        f"{v['name']}:\n  expected {v['expected']}\n  got      {g}"
        for v, g in zip(VECTORS, got, strict=True)
        if g != v["expected"]
    ]
    assert not failures, "browser scoring differs from the vectors:\n" + "\n".join(failures)


# Named behaviours the vectors pin, stated once more in Python for a reader


def test_partial_credit_is_floored_at_zero() -> None:
    q = KeyedQuestion("q1", "multiple", "t1", 2, ("a", "b", "c", "d"), frozenset("ab"), partial=True)
    assert question_points(q, ["a", "c", "d"]) == 0


def test_unknown_option_ids_count_as_wrong() -> None:
    q = KeyedQuestion("q1", "multiple", "t1", 2, ("a", "b", "c", "d"), frozenset("ab"), partial=True)
    assert question_points(q, ["a", "b", "zz"]) == Fraction(1)


def test_pass_mark_is_compared_exactly() -> None:
    assert passed(Fraction(4), 5, 80)
    assert not passed(Fraction(7999), 10000, 80)
    assert passed(Fraction(2, 3), 1, 66)
    assert not passed(Fraction(2, 3), 1, 67)


def test_percent_is_rounded_down() -> None:
    assert Score(Fraction(2, 3), 1).percent == 66
    assert Score(Fraction(57), 100).percent == 57
    assert Score(Fraction(0), 0).percent == 0


def test_fraction_text_writes_whole_numbers_without_denominator() -> None:
    assert [fraction_text(f) for f in (Fraction(3, 2), Fraction(1), Fraction(0), Fraction(4, 2))] == [
        "3/2",
        "1",
        "0",
        "2",
    ]


# Random attempts: properties in Python, and agreement between Python and the browser

OPTION_IDS = "abcdef"
UNKNOWN_IDS = ("y", "z")


@st.composite
def questions(draw: st.DrawFn, qid: str) -> dict[str, Any]:
    kind = draw(st.sampled_from(["true_false", "single", "multiple"]))
    options = list(OPTION_IDS[: 2 if kind == "true_false" else draw(st.integers(2, len(OPTION_IDS)))])
    if kind == "multiple":
        correct = sorted(draw(st.sets(st.sampled_from(options), min_size=1)))
    else:
        correct = [draw(st.sampled_from(options))]
    return {
        "id": qid,
        "type": kind,
        "topic": draw(st.sampled_from(["t1", "t2", "t3"])),
        "points": draw(st.integers(1, 10)),
        "partial": kind == "multiple" and draw(st.booleans()),
        "options": options,
        "correct": correct,
    }


@st.composite
def attempts(draw: st.DrawFn) -> dict[str, Any]:
    """A quiz, its answers and a pass mark, in the vectors' JSON form."""
    qs = [draw(questions(f"q{i}")) for i in range(draw(st.integers(0, 6)))]
    answers: dict[str, list[str]] = {}
    for q in qs:
        if draw(st.booleans()) or draw(st.booleans()):
            # Unknown ids and repeated ids included, as a tampered or corrupt answer might hold.
            answers[q["id"]] = draw(st.lists(st.sampled_from(q["options"] + list(UNKNOWN_IDS)), max_size=7))
    if draw(st.booleans()):
        answers["stray"] = ["a"]
    return {"questions": qs, "answers": answers, "pass_mark": draw(st.integers(0, 100))}


@given(attempts())
def test_earned_stays_between_zero_and_possible(attempt: dict[str, Any]) -> None:
    result = score_vector(attempt)
    assert 0 <= result.total.earned <= result.total.possible
    assert 0 <= result.total.percent <= 100
    for q in attempt["questions"]:
        assert 0 <= result.per_question[q["id"]] <= q["points"]
    assert sum(s.earned for s in result.topics.values()) == result.total.earned
    assert sum(s.possible for s in result.topics.values()) == result.total.possible


@given(attempts())
def test_passing_is_monotone_in_pass_mark(attempt: dict[str, Any]) -> None:
    total = score_vector(attempt).total
    verdicts = [passed(total.earned, total.possible, mark) for mark in range(101)]
    # Once a pass mark is missed, every higher one is missed too.
    assert verdicts == sorted(verdicts, reverse=True)


@given(attempts())
def test_percent_shown_agrees_with_verdict(attempt: dict[str, Any]) -> None:
    result = score_vector(attempt)
    # Rounding down keeps the page from showing a passing percent for a failing score.
    if result.total.possible:
        assert result.passed == (result.total.percent >= attempt["pass_mark"])


@given(attempts())
def test_answer_order_and_repeats_do_not_change_points(attempt: dict[str, Any]) -> None:
    for q in attempt["questions"]:
        chosen = attempt["answers"].get(q["id"], [])
        shuffled = list(reversed(chosen)) + chosen
        assert question_points(keyed(q), chosen) == question_points(keyed(q), shuffled)


@given(attempts())
def test_choosing_the_correct_options_earns_every_point(attempt: dict[str, Any]) -> None:
    answers = {q["id"]: q["correct"] for q in attempt["questions"]}
    result = score_vector({**attempt, "answers": answers})
    assert result.total.earned == result.total.possible
    assert result.passed


def test_python_and_browser_agree_on_random_attempts(page: Any) -> None:
    collected: list[dict[str, Any]] = []

    # Hypothesis draws the attempts; the browser then scores them all in one call, for speed.
    @settings(max_examples=50, database=None, deadline=None)
    @given(attempts())
    def collect(attempt: dict[str, Any]) -> None:
        collected.append(attempt)

    collect()
    expected = [outcome(score_vector(a)) for a in collected]
    got = js_outcomes(page, collected)
    assert len(collected) >= 25
    mismatches = [(a, e, g) for a, e, g in zip(collected, expected, got, strict=True) if e != g]
    assert not mismatches, f"{len(mismatches)} attempts differ; first: {mismatches[0]}"
