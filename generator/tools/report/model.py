"""What a report says, as plain data: the aggregation fills it, the charts and the template read it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from generator.tools.report.decoding import Problem

# Kinds in the order a session runs them; a report shows only the kinds it has attempts for.
KINDS = ("pretest", "posttest", "exam", "practice")
# "Most misunderstood" and the agency map are judged on what people know after the session.
AFTER_SESSION = frozenset({"posttest", "exam"})
BINS = 10  # the histograms' 10-point bins: 0-9, 10-19 ... 90-100


@dataclass(frozen=True)
class Duplicate:
    line: int
    first_line: int
    source: str = ""


@dataclass(frozen=True)
class Conflict:
    """A participant whose codes disagree (`selection.conflicts`): for the facilitator to check."""

    nip: str
    names: str
    reason: str  # "names" or "future"


@dataclass(frozen=True)
class OptionStat:
    id: str
    text: str
    correct: bool
    count: int  # attempts that chose it
    share: float  # of the attempts that saw the question
    upper: float  # share choosing it in the top 27 % by total score
    lower: float  # and in the bottom 27 %


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
    options: tuple[OptionStat, ...] = ()
    facility: float = 0.0  # mean share of the question's points earned (Moodle's facility index)
    sd: float = 0.0  # of the share earned
    discrimination: float | None = None  # corrected item-total correlation (with the rest of the test)
    upper_lower: float | None = None  # facility in the top 27 % minus in the bottom 27 %
    flags: tuple[str, ...] = ()  # locale keys with values: ("flag_too_easy", ""), ...
    flag_values: tuple[str, ...] = ()

    @property
    def share_correct(self) -> float:
        return self.correct / self.seen if self.seen else 0.0

    @property
    def wrong(self) -> tuple[OptionStat, ...]:
        """Every wrong option chosen at least once, most chosen first."""
        chosen = [o for o in self.options if not o.correct and o.count]
        return tuple(sorted(chosen, key=lambda o: (-o.count, len(o.id), o.id)))

    @property
    def most_chosen_wrong(self) -> tuple[OptionStat, ...]:
        """The wrong option chosen most often, or all of them when several tie."""
        wrong = self.wrong
        return tuple(o for o in wrong if o.count == wrong[0].count) if wrong else ()


@dataclass(frozen=True)
class Reliability:
    attempts: int
    questions: int
    alpha: float | None  # KR-20 for right/wrong items, Cronbach's alpha with partial credit
    sd: float | None  # of the total score, in percent points (sample SD)
    sem: float | None  # standard error of measurement, percent points
    drawn: bool  # questions drawn per attempt: no common set to compute it over


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
    histogram: tuple[int, ...]
    questions: tuple[QuestionStat, ...]  # hardest first
    reliability: Reliability | None = None
    topic_totals: tuple[tuple[str, int, int], ...] = ()  # (topic, sum of attempts' percents, attempts)

    @property
    def pass_rate(self) -> float:
        return self.passed / self.attempts if self.attempts else 0.0


@dataclass(frozen=True)
class Pair:
    pre: int
    post: int
    count: int
    names: tuple[str, ...]  # a few of them, for the chart's tooltip


@dataclass(frozen=True)
class Gain:
    matched: int
    mean_pre: float | None
    mean_post: float | None
    mean_gain: float | None
    improved: int
    unchanged: int
    declined: int
    pre_histogram: tuple[int, ...]
    post_histogram: tuple[int, ...]
    pairs: tuple[Pair, ...]  # people with the same pair of scores (or 10-point bins when binned)
    binned: bool = False
    rows: int = 0  # participants with a pre-test or a post-test


@dataclass(frozen=True)
class TopicRow:
    topic: str
    title: str
    means: Mapping[str, float | None]
    counts: Mapping[str, int]


@dataclass(frozen=True)
class Person:
    key: str
    name: str
    nip: str
    agency: str
    results: Mapping[str, tuple[int, bool, int]]  # quiz id: (latest percent, passed, attempts)
    pre: int | None = None
    post: int | None = None

    @property
    def gain(self) -> int | None:
        return None if self.pre is None or self.post is None else self.post - self.pre


@dataclass(frozen=True)
class GroupRow:
    """One agency (or region) of the map."""

    name: str
    region: str
    participants: int
    pass_rate: float | None
    gain: float | None
    overall: float | None  # share of points earned over every topic
    topics: Mapping[str, float | None]  # topic: share of points earned
    weakest: tuple[str, ...]  # topic titles, weakest first


@dataclass(frozen=True)
class GroupMap:
    label: str  # what a row is: "instansi" or the --group-by column's name
    topics: tuple[tuple[str, str], ...]  # (topic, title) columns
    rows: tuple[GroupRow, ...]  # weakest first
    count: int  # rows before any cut for the page
    after_session: bool


@dataclass
class Report:
    course_id: str
    course_title: str
    course_version: str
    language: str
    organization: str
    participants: int
    people: tuple[Person, ...]  # the first ones, for the page; every one is in the export
    attempts: int
    quizzes: tuple[QuizSummary, ...]
    gain: Gain
    topic_kinds: tuple[str, ...]
    topics: tuple[TopicRow, ...]
    hardest: tuple[QuestionStat, ...]
    hardest_after_session: bool
    agencies: GroupMap | None
    regions: GroupMap | None
    mismatches: tuple[Problem, ...]
    rejected: tuple[Problem, ...]
    other_version: tuple[Problem, ...]
    duplicates: tuple[Duplicate, ...]
    duplicate_count: int
    no_name: tuple[Problem, ...]
    no_name_count: int
    found: int
    without_code: int
    files: tuple[str, ...]
    first_at: int | None
    last_at: int | None
    conflicts: tuple[Conflict, ...] = ()
    conflict_count: int = 0
    rule: str = ""  # the --attempts rule for every quiz, or "" for each kind's own
    extra: dict[str, object] = field(default_factory=dict)
