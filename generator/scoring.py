"""The scoring rules, as pure functions over an answer key.

The same rules run in the browser (`assets/js/scoring.js`) and in the facilitator's tools, which
re-score results codes from the answers they carry. Both are pinned by one file of test vectors
(`tests/vectors/scoring.json`), so the participant's page and the facilitator's verdict can never
disagree. Points are kept as exact fractions throughout: a pass mark of 80 must not be missed
because 0.8 has no exact binary form.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

QuestionType = Literal["true_false", "single", "multiple"]


@dataclass(frozen=True)
class KeyedQuestion:
    """A question as scoring sees it: its options by id and which of them are correct.

    Only ids are kept, not texts, so the key can be rebuilt from a course file by the
    facilitator's tools without anything the participant's page showed.
    """

    id: str
    type: QuestionType
    topic: str
    points: int
    options: tuple[str, ...]
    correct: frozenset[str]
    partial: bool = False


@dataclass(frozen=True)
class Score:
    """Points earned out of points possible, for a whole quiz or one topic."""

    earned: Fraction
    possible: int

    @property
    def percent(self) -> int:
        """The whole percent shown to people, rounded down (`percent`)."""
        return percent(self.earned, self.possible)


@dataclass(frozen=True)
class AttemptScore:
    """The outcome of one attempt: the total, the verdict, and the breakdowns a report needs."""

    total: Score
    passed: bool
    per_question: dict[str, Fraction]
    topics: dict[str, Score]


def question_points(question: KeyedQuestion, chosen: Collection[str]) -> Fraction:
    """The points one question earns for the option ids chosen.

    `chosen` is read as a set: choosing an option twice is choosing it once. Ids that are not
    options of the question count as wrong choices, because a tampered or corrupt answer must
    never earn more than an honest one.
    """
    picked = frozenset(chosen)
    # Nothing chosen is an unanswered question, whatever the key says.
    if not picked:
        return Fraction(0)
    if question.type == "multiple" and question.partial and question.correct:
        right = len(picked & question.correct)
        wrong = len(picked - question.correct)
        # Each wrong choice cancels a right one, so ticking every box earns nothing.
        return Fraction(question.points * max(0, right - wrong), len(question.correct))
    # true_false, single and multiple without partial credit are all-or-nothing on the exact set.
    return Fraction(question.points) if picked == question.correct else Fraction(0)


def percent(earned: Fraction | int, possible: int) -> int:
    """The whole percent shown to people: `earned` out of `possible`, rounded down.

    Rounding down means a page never shows 80% for a score that is short of 80%, so the
    percent shown and the pass verdict agree. An empty score shows 0 rather than failing.
    The report passes numpy arrays of whole numbers too (every attempt's topics at once, each
    `possible` above 0): floor division works on them element by element.
    """
    if isinstance(possible, int) and possible == 0:
        return 0
    return earned * 100 // possible


def passed(earned: Fraction | int, possible: int, pass_mark: int) -> bool:
    """Whether `earned` out of `possible` reaches `pass_mark` percent, compared exactly.

    Cross-multiplying avoids division, so 4 out of 5 at a pass mark of 80 passes. With nothing
    possible, nothing is required: an empty quiz passes any pass mark.
    """
    return earned * 100 >= pass_mark * possible


def score_attempt(
    questions: Sequence[KeyedQuestion], answers: Mapping[str, Collection[str]], pass_mark: int
) -> AttemptScore:
    """Score an attempt: the questions it was given and the option ids chosen per question id.

    Answers to questions that are not part of the attempt are ignored; questions with no answer
    score 0. Topics appear in the order their first question does, so reports list them as the
    quiz does.
    """
    per_question: dict[str, Fraction] = {}
    earned = Fraction(0)
    topic_earned: dict[str, Fraction] = {}
    topic_possible: dict[str, int] = {}
    for question in questions:
        points = question_points(question, answers.get(question.id, ()))
        per_question[question.id] = points
        earned += points
        topic_earned[question.topic] = topic_earned.get(question.topic, Fraction(0)) + points
        topic_possible[question.topic] = topic_possible.get(question.topic, 0) + question.points
    possible = sum(question.points for question in questions)
    return AttemptScore(
        total=Score(earned, possible),
        passed=passed(earned, possible, pass_mark),
        per_question=per_question,
        topics={topic: Score(topic_earned[topic], topic_possible[topic]) for topic in topic_possible},
    )


def fraction_text(f: Fraction) -> str:
    """A fraction as "3/2", or "1" when whole: the form test vectors and reports write."""
    return str(f.numerator) if f.denominator == 1 else f"{f.numerator}/{f.denominator}"
