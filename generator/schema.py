"""The authoring format, version 1, as typed models: one class per YAML kind.

The models check shape and types only. Rules that look across fields or files (exactly one
correct option, references that resolve, the outline) live in `rules.py`, where each finding can
point at the exact YAML node that causes it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from generator.i18n import DEFAULT_LANGUAGE

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
Text = Annotated[str, StringConstraints(min_length=1)]
Percent = Annotated[int, Field(ge=0, le=100)]
QuizKind = Literal["practice", "pretest", "posttest", "exam"]
QuestionType = Literal["true_false", "single", "multiple"]
Language = Literal["id", "en"]

# Kinds whose attempts are submitted once and produce a results view (and, later, a results code).
GRADED_KINDS: frozenset[str] = frozenset({"pretest", "posttest", "exam"})


def _citation_from_id(value: Any) -> Any:
    # A bare reference id is the common case; the mapping form adds a pinpoint.
    return {"ref": value} if isinstance(value, str) else value


class Model(BaseModel):
    # Strict: YAML already gives typed values, so "80" for a number or 2026.1 for a version is
    # an author's slip to report, not something to coerce silently.
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Citation(Model):
    ref: Slug
    pinpoint: Text | None = None


CitationList = list[
    Annotated[Citation, BeforeValidator(_citation_from_id, json_schema_input_type=Slug | Citation)]
]


# Settings for the course (site_config/course.yml)


class Organization(Model):
    name: Text
    logo: Text | None = None


class OutlineEntry(Model):
    # One of four forms; `rules.check_outline` insists on exactly one.
    lesson: Slug | None = None
    quiz: Slug | None = None
    section: Text | None = None
    items: list[Slug] | None = None
    page: Text | None = None


class Signatory(Model):
    name: Text
    title: Text | None = None
    signature: Text | None = None


class Certificate(Model):
    quiz: Slug
    title: Text | None = None
    page_title: Text | None = None  # the page's heading and navigation label; default: title
    signatory: Signatory | None = None
    # The certificate (and the declaration) also need every lesson opened, not only the quiz passed
    lessons_required: bool = False


class Declaration(Model):
    title: Text
    page_title: Text | None = None  # the page's heading and navigation label; default per language
    statements: Annotated[list[Text], Field(min_length=1)]
    closing: Text | None = None  # the sentence before the signature; a neutral one by default
    meterai: bool = False
    place: Text | None = None


class ParticipantField(Model):
    """One detail the participant gives for the results code, the certificate and the declaration."""

    label: Text | None = None  # a neutral label in the course's language by default
    hint: Text | None = None
    pattern: Text | None = None  # a regular expression the whole value must match, when given
    message: Text | None = None  # said when the value does not match the pattern
    required: bool = False
    rule: Literal["nip"] | None = None  # nip: the structure of an Indonesian civil servant's NIP


class ParticipantFields(Model):
    """The identity fields, in this order; a field left out is not asked (the name always is).

    `number` is an identity number (a staff number, the NIP of Indonesian civil servants)."""

    # The course's `participant` block: which fields are asked (who a participant is: participant.Person).
    # Its JSON schema keeps the title it always had
    model_config = ConfigDict(title="Participant")

    name: ParticipantField | None = None
    number: ParticipantField | None = None
    position: ParticipantField | None = None
    agency: ParticipantField | None = None


class Reference(Model):
    short: Text
    title: Text
    url: Text | None = None


# Item-writing checks (quality.py): rule ids, and the thresholds a course may change

RuleId = Literal[
    "key-position",
    "multiple-key-position",
    "longest-option",
    "longest-option-question",
    "true-false-balance",
    "unshuffled-graded",
    "all-none-above",
    "duplicate-options",
    "few-options",
    "distractor-feedback",
    "negative-stem",
    "true-false-word-cue",
    "absolute-words",
    "stem-key-overlap",
]


class Quality(Model):
    # Findings are warnings; `strict` makes them errors that stop `latih check` and `latih build`
    strict: bool = False
    disabled: list[RuleId] = []
    # key-position: the share one position may hold, for four options (scaled for other counts)
    key_position_min_questions: Annotated[int, Field(ge=1)] = 5
    key_position_max_share: Percent = 40
    # longest-option: share of single-choice questions whose key is the longest option
    longest_option_max_share: Percent = 40
    longest_option_min_questions: Annotated[int, Field(ge=1)] = 5
    # longest-option-question: a key this many times as long as the longest distractor
    longest_option_max_ratio: Annotated[float, Field(ge=1)] = 1.5
    # true-false-balance: each answer's share stays between min_share and 100 - min_share
    true_false_min_questions: Annotated[int, Field(ge=1)] = 6
    true_false_min_share: Annotated[int, Field(ge=0, le=50)] = 30
    # few-options: the fewest options a single-choice question should offer
    min_options: Annotated[int, Field(ge=2)] = 3
    # unshuffled-graded: why graded quizzes keep their written order (silences the rule)
    unshuffled_reason: Text | None = None
    # true-false-word-cue: a word or two-word phrase in at least `word_cue_min` true/false items
    # keyed one way and at most `word_cue_max_other` keyed the other
    word_cue_min: Annotated[int, Field(ge=2)] = 5
    word_cue_max_other: Annotated[int, Field(ge=0)] = 1
    # absolute-words: options with an absolute word ("pasti", "always"), counted over a quiz, whose
    # rate among keys and among distractors differs by more than `absolute_words_max_ratio`
    absolute_words_min_options: Annotated[int, Field(ge=1)] = 4
    absolute_words_max_ratio: Annotated[float, Field(ge=1)] = 2.0
    # stem-key-overlap: a distinctive stem word has at least `stem_overlap_min_length` letters (or a
    # digit) and is in at most `stem_overlap_max_share` percent of the quiz's questions (at least one)
    stem_overlap_min_length: Annotated[int, Field(ge=1)] = 4
    stem_overlap_max_share: Percent = 20


class Course(Model):
    id: Slug
    title: Text
    version: Text
    language: Language = DEFAULT_LANGUAGE
    organization: Organization | None = None
    pass_mark: Percent = 80
    true_false_labels: Annotated[list[Text], Field(min_length=2, max_length=2)] | None = None
    outline: list[OutlineEntry] = []
    certificate: Certificate | None = None
    declaration: Declaration | None = None
    participant: ParticipantFields | None = None
    references: dict[Slug, Reference] = {}
    quality: Quality = Quality()
    decisions: DecisionSettings | None = None


# Lessons (content/*.yml)


class Lesson(Model):
    id: Slug
    title: Text
    summary: Text | None = None
    duration_minutes: Annotated[int, Field(ge=1)] | None = None
    objectives: list[Text] = []
    body: Text
    key_points: list[Text] = []
    references: CitationList = []
    quiz: Slug | None = None
    decision: DecisionLink | None = None


# Quizzes (quizzes/*.yml)


class Option(Model):
    text: Text
    correct: bool = False
    feedback: Text | None = None


class Question(Model):
    id: Slug
    type: QuestionType
    topic: Slug | None = None
    scenario: Text | None = None
    prompt: Text
    answer: bool | None = None
    options: list[Option] | None = None
    partial: bool | None = None
    explanation: Text | None = None
    references: CitationList = []
    discussion: Text | None = None
    points: Annotated[int, Field(ge=1)] = 1

    def option_ids(self) -> list[str]:
        """Option ids are a, b, c ... in the order written; true_false has a and b."""
        count = 2 if self.type == "true_false" else len(self.options or [])
        return [option_id(i) for i in range(count)]

    def correct_ids(self) -> list[str]:
        if self.type == "true_false":
            return ["a" if self.answer else "b"]
        return [option_id(i) for i, o in enumerate(self.options or []) if o.correct]


class Blueprint(Model):
    """How a draw is made up: questions per topic, and true/false keys kept level."""

    # Every draw takes this many questions of each topic of the bank, or of each topic named
    # ({topic: count}); what `draw` leaves over is drawn from the rest of the bank
    per_topic: Annotated[int, Field(ge=1)] | dict[Slug, Annotated[int, Field(ge=0)]]
    # Within a draw, true_false questions keyed true and keyed false differ by at most one
    # (as far as the bank allows)
    balance_true_false: bool = False


# When a participant sees a part of the review of a graded attempt
ReviewWhen = Literal["after_attempt", "after_passing", "never"]


class Review(Model):
    """What the results of a graded attempt show, and when (Moodle's review options).

    A part left out takes its quiz kind's default (`review_defaults`)."""

    score: ReviewWhen | None = None  # the percentage, points and verdict
    topics: ReviewWhen | None = None  # the score per topic, with the lessons of weak topics
    verdicts: ReviewWhen | None = None  # per question: right, partly right or wrong
    answers: ReviewWhen | None = None  # per question: the correct answer
    feedback: ReviewWhen | None = None  # the chosen options' feedback
    explanations: ReviewWhen | None = None  # the questions' explanations


REVIEW_PARTS = ("score", "topics", "verdicts", "answers", "feedback", "explanations")
# An exam (and a posttest) shows the score and the weak topics after every attempt and the whole
# review once passed: failing again and again teaches the lessons, not the bank. A pretest
# measures where a participant starts: score and topics, never the keys its posttest shares.
_SCORE_AND_TOPICS = {"score": "after_attempt", "topics": "after_attempt"}
_REVIEW_DEFAULTS: dict[str, dict[str, str]] = {
    "exam": {**_SCORE_AND_TOPICS, **dict.fromkeys(REVIEW_PARTS[2:], "after_passing")},
    "posttest": {**_SCORE_AND_TOPICS, **dict.fromkeys(REVIEW_PARTS[2:], "after_passing")},
    "pretest": {**_SCORE_AND_TOPICS, **dict.fromkeys(REVIEW_PARTS[2:], "never")},
    "practice": dict.fromkeys(REVIEW_PARTS, "after_attempt"),
}


def review_settings(quiz: Quiz) -> dict[str, str]:
    """Each review part's setting for a quiz: its own, else its kind's default."""
    own = quiz.review.model_dump(exclude_none=True) if quiz.review else {}
    return {**_REVIEW_DEFAULTS[quiz.kind], **own}


class Quiz(Model):
    id: Slug
    title: Text
    kind: QuizKind = "practice"
    description: Text | None = None
    pass_mark: Percent | None = None
    shuffle_questions: bool = False
    shuffle_options: bool = False
    draw: Annotated[int, Field(ge=1)] | None = None
    blueprint: Blueprint | None = None  # with draw: how each draw is made up
    review: Review | None = None  # graded quizzes: what the results show, and when
    # graded quizzes: the attempts allowed (a browser keeps the last 20); no limit by default
    attempts: Annotated[int, Field(ge=1, le=20)] | None = None
    questions: Annotated[list[Question], Field(min_length=1)]

    @property
    def graded(self) -> bool:
        return self.kind in GRADED_KINDS


def blueprint_counts(quiz: Quiz) -> dict[str, int]:
    """Topic -> questions every draw takes of it: `per_topic` for each topic of the bank, or the
    mapping as written. The rest of `draw` comes from the rest of the bank."""
    if quiz.blueprint is None:
        return {}
    per_topic = quiz.blueprint.per_topic
    if isinstance(per_topic, dict):
        return dict(per_topic)
    return {topic: per_topic for topic in dict.fromkeys(q.topic for q in quiz.questions if q.topic)}


def blueprint_data(quiz: Quiz) -> dict[str, Any] | None:
    """What the browser's draw reads (quiz.js `drawQuestions`)."""
    if quiz.blueprint is None:
        return None
    return {"counts": blueprint_counts(quiz), "balance": quiz.blueprint.balance_true_false}


def effective_pass_mark(course: Course, quiz: Quiz) -> int:
    """The pass mark a quiz is scored against: its own, else the course's default."""
    return course.pass_mark if quiz.pass_mark is None else quiz.pass_mark


def outline_ids(course: Course) -> list[str]:
    """The lessons and quizzes the course's outline names, in its order, each once."""
    named = (i for e in course.outline for i in (e.lesson, e.quiz, *(e.items or [])) if i)
    return list(dict.fromkeys(named))


def outline_order(course: Course, ids: Iterable[str]) -> list[str]:
    """`ids` (of lessons, of quizzes) in the order the course's outline names them, then the others by id."""
    given = set(ids)
    named = [i for i in outline_ids(course) if i in given]
    return named + sorted(given.difference(named))


def option_id(index: int) -> str:
    """a..z, then aa, ab ... so that option ids stay letters however long the list."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


# Decision aids (decisions/*.yml): a graph of questions that ends at cited verdicts (issue 29)

VerdictTone = Literal["positive", "negative", "caution", "neutral"]


class VerdictLabel(Model):
    label: Text
    tone: VerdictTone = "neutral"  # the colour a verdict of this kind is shown in


class DecisionSettings(Model):
    """course.yml's `decisions:` block: the verdicts every decision aid of the course may reach."""

    verdicts: Annotated[dict[Slug, VerdictLabel], Field(min_length=1)]
    max_depth: Annotated[int, Field(ge=1)] = 8  # questions on the longest path from the start


class Choice(Model):
    text: Text
    to: Slug
    crumb: Text | None = None  # the words in the breadcrumb; the choice's text when not given
    back: bool = False  # leads back to an earlier question: allowed to close a loop


class DecisionNode(Model):
    # A question (question and choices) or a verdict (verdict, explanation, references)
    id: Slug
    question: Text | None = None
    help: Text | None = None
    choices: list[Choice] | None = None
    verdict: Slug | None = None
    explanation: Text | None = None
    references: CitationList = []
    lessons: list[Slug] = []
    steps: list[Text] = []  # what to do now


class Decision(Model):
    id: Slug
    title: Text
    description: Text | None = None
    start: Slug
    nodes: Annotated[list[DecisionNode], Field(min_length=1)]


class DecisionLink(Model):
    """A lesson's link into a decision aid, at a named node."""

    aid: Slug
    node: Slug
