"""What a report says, as plain data: the aggregation fills it, the charts and the template read it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from generator.tools.report.decoding import CodeProblem

# Kinds in the order a session runs them; a report shows only the kinds it has attempts for.
KINDS = ("pretest", "posttest", "exam", "practice")
# "Most misunderstood" and the agency map are judged on what people know after the session.
AFTER_SESSION = frozenset({"posttest", "exam"})
BINS = 10  # the histograms' 10-point bins: 0-9, 10-19 ... 90-100


@dataclass(frozen=True)
class Duplicate:
    """A copy of a code already read: its file and line, and those of the first copy read."""

    line: int
    first_line: int
    source: str = ""
    first_source: str = ""


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
    upper: float  # share choosing it in the top 27 % by rest score (ties share the cut)
    lower: float  # and in the bottom 27 %
    r: float | None = None  # correlation of choosing it with the rest score


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
    excerpt: str = ""  # a few words of the scenario, to tell items apart
    guess: float | None = None  # random guess score (share of the points)
    intended: float | None = None  # intended weight (share of the test's points)
    effective: float | None = None  # effective weight; None for a negative covariance
    covariance: float | None = None  # of the item's points with the total
    efficiency: float | None = None  # discriminative efficiency
    alpha_if_deleted: float | None = None
    gain: float | None = None  # facility after the session minus before, for an item in both

    @property
    def key_suspect(self) -> bool:
        """A flag says the key itself may be wrong."""
        return any(f in ("flag_check_key", "flag_top_distractor") for f in self.flags)

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
    drawn: bool  # questions drawn per attempt: alpha of a drawn form, from pairwise covariances
    mean: float | None = None  # of the counted attempts' percents (not floored)
    median: float | None = None
    skewness: float | None = None
    kurtosis: float | None = None  # excess kurtosis
    error_ratio: float | None = None  # sqrt(1 - alpha)
    guess: float | None = None  # percent expected from answering every question at random

    @property
    def band(self) -> str:
        """Moodle's reading of alpha: "good" from 0.75, "weak" below 0.64, else "fair"."""
        if self.alpha is None:
            return ""
        return "good" if self.alpha >= 0.75 else "weak" if self.alpha < 0.64 else "fair"


@dataclass(frozen=True)
class QuizSummary:
    id: str
    title: str
    kind: str
    pass_mark: int
    attempts: int
    participants: int  # with an attempt counted (one per participant)
    mean: float  # of every attempt
    median: float
    passed: int  # passing attempts
    histogram: tuple[int, ...]
    questions: tuple[QuestionStat, ...]  # hardest first
    reliability: Reliability | None = None
    topic_totals: tuple[tuple[str, int, int], ...] = ()  # (topic, sum of attempts' percents, attempts)
    passed_participants: int = 0  # participants whose counted attempt passed
    analysed: str = ""  # attempts the statistics analyse: "" the counted one, or all/first/best/last

    @property
    def pass_rate(self) -> float:
        """Passing attempts over attempts ("percobaan lulus")."""
        return self.passed / self.attempts if self.attempts else 0.0

    @property
    def participant_pass_rate(self) -> float:
        """Participants whose counted attempt passed, over participants ("peserta lulus")."""
        return self.passed_participants / self.participants if self.participants else 0.0


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
class PersonRow:
    """One participant's row in the report's table of people (who someone is: participant.Person)."""

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
    pass_rate: float | None  # of those who took the certificate quiz, the share who passed it
    gain: float | None
    overall: float | None  # share of points earned over every topic
    topics: Mapping[str, float | None]  # topic: share of points earned
    weakest: tuple[str, ...]  # topic titles, weakest first
    takers: int = 0  # participants with an attempt of the certificate quiz


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
    people: tuple[PersonRow, ...]  # the first ones, for the page; every one is in the export
    attempts: int
    quizzes: tuple[QuizSummary, ...]
    gain: Gain
    topic_kinds: tuple[str, ...]
    topics: tuple[TopicRow, ...]
    hardest: tuple[QuestionStat, ...]
    hardest_after_session: bool
    agencies: GroupMap | None
    regions: GroupMap | None
    mismatches: tuple[CodeProblem, ...]
    rejected: tuple[CodeProblem, ...]
    other_version: tuple[CodeProblem, ...]
    duplicates: tuple[Duplicate, ...]
    duplicate_count: int
    no_name: tuple[CodeProblem, ...]
    no_name_count: int
    found: int
    without_code: int
    files: tuple[str, ...]
    first_at: int | None
    last_at: int | None
    conflicts: tuple[Conflict, ...] = ()
    conflict_count: int = 0
    rule: str = ""  # the --attempts rule for every quiz, or "" for each kind's own
    analysed: str = ""  # --statistics-attempts: "" the counted attempt, or all/first/best/last
    certificate: str = ""  # the quiz whose counted attempt says whether a participant passed
    certificate_title: str = ""
    extra: dict[str, object] = field(default_factory=dict)
