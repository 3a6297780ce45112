"""The attempts table made into the report's numbers, with Polars: duplicates, participants,
per-quiz figures, item analysis, pre/post gain, topics, and the frames the export writes."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import polars as pl

from generator.course.loader import LoadedCourse
from generator.i18n import true_false
from generator.schema import Question, option_id
from generator.scoring import KeyedQuestion, percent, question_points
from generator.tools.report import items as ia
from generator.tools.report.collect import Collected
from generator.tools.report.model import BINS, OptionStat, QuestionStat, QuizSummary, Reliability
from generator.tools.report.selection import analysed, choose


@dataclass
class Tables:
    """The frames behind a report; the export writes them as they are."""

    attempts: pl.DataFrame  # scored, without duplicates, with `person` and the form's attributes
    answers: dict[str, pl.DataFrame]  # per quiz id: one row per (attempt, question) shown
    people: pl.DataFrame  # one row per participant
    kinds: dict[str, str]
    topic_of: dict[str, pl.DataFrame]  # per quiz id: (q, t), t indexing `topic_names`
    topic_names: list[str]
    scales: dict[str, int]  # per quiz id: the factor its answers' points are kept multiplied by

    def topic_sums(self, keys: pl.DataFrame, by: list[str]) -> pl.DataFrame:
        """Points earned and possible per `by` and topic, over the attempts `keys` lists (with `row`).

        Counted with numpy over integers (each answer's group and topic as one index), so ten
        million answers need a few arrays of numbers, not a table of texts.
        """
        small = keys.select(*dict.fromkeys(["row", *by]))
        groups = small.select(by).unique(maintain_order=True)
        ids = small.join(groups.with_row_index("gid"), on=by, how="left")
        rows = self.attempts.get_column("row")
        lookup = np.full(int(rows.max() or 0) + 1 if len(rows) else 1, -1, np.int64)
        lookup[ids.get_column("row").to_numpy()] = ids.get_column("gid").to_numpy()
        width = len(self.topic_names)
        size = groups.height * width
        earned = np.zeros(size)
        possible = np.zeros(size)
        for quiz_id, frame in self.answers.items():
            gid = lookup[frame.get_column("row").to_numpy()]
            topic = (
                self.topic_of[quiz_id].sort("q").get_column("t").to_numpy()[frame.get_column("q").to_numpy()]
            )
            keep = gid >= 0
            slot = gid[keep] * width + topic[keep]
            scale = self.scales[quiz_id]
            earned += np.bincount(slot, frame.get_column("earned").to_numpy()[keep], size) / scale
            possible += np.bincount(slot, frame.get_column("possible").to_numpy()[keep], size) / scale
        index = np.flatnonzero(possible > 0)
        picked = groups[(index // width).tolist()] if len(index) else groups.clear()
        return picked.with_columns(
            pl.Series("topic", [self.topic_names[i] for i in index % width], pl.String),
            pl.Series("earned", earned[index], pl.Float64),  # points; partial credit makes fractions
            pl.Series("possible", possible[index], pl.Float64),
        )


def _norm(column: str) -> pl.Expr:
    return pl.col(column).str.replace_all(r"\s+", " ").str.strip_chars()


FORM_COLUMNS = ("email", "region", "subregion", "timestamp", "group", "nip_form", "agency_form", "name_form")
# The order every attempt is kept in: what the code says, never where it was read. Two runs over
# the same codes, in any order and split over any files, see the same rows in the same order.
CANONICAL = ("quiz", "finished_at", "nip", "name", "agency", "position", "displayed", "answers")


def prepare(collected: Collected, kinds: list[str]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(attempts without duplicates, duplicates) with each attempt's person key and attributes.

    Copies of one attempt (the same code, or one person's attempt of one quiz finished at the same
    second) count once. The copy kept is the first in the canonical order; each attribute a form
    row gave (e-mail, region, agency ...) is merged from every copy that has it, so whichever file
    is read first, nothing is lost. The duplicates name each copy's file and line and the first
    copy read."""
    key = ["quiz", "finished_at", "dupkey"]
    frame = collected.attempts
    if collected.forms.height:
        frame = frame.join(collected.forms, on=["source", "line"], how="left", suffix="_form")
    else:
        frame = frame.with_columns(
            [pl.lit("").alias(c) for c in ("email", "region", "subregion", "timestamp", "group")]
            + [pl.lit("").alias(f"{c}_form") for c in ("nip", "agency", "name")]
        )
    frame = frame.with_columns(pl.col(*FORM_COLUMNS).fill_null(""))
    # Where each copy was read: the first one read (by file, then line) is named in the list
    read = (
        frame.with_row_index("read")
        .sort("source", "line", "read")
        .with_columns(pl.struct(*key).is_first_distinct().alias("first"))
    )
    originals = read.filter("first").select(
        *key, pl.col("line").alias("first_line"), pl.col("source").alias("first_source")
    )
    duplicates = (
        read.filter(~pl.col("first"))
        .join(originals, on=key, how="left")
        .select("source", "line", "first_source", "first_line")
        .sort("source", "line")
    )
    copied = read.filter(pl.len().over(key) > 1)
    frame = read.sort(*CANONICAL, "source", "line").unique(key, keep="first", maintain_order=True)
    if copied.height:
        # Each attribute from every copy that has it (the smallest when copies disagree)
        merged = copied.group_by(key).agg(
            pl.col(c).filter(pl.col(c) != "").min().alias(c) for c in FORM_COLUMNS
        )
        frame = (
            frame.with_row_index("canonical")
            .join(merged, on=key, how="left", suffix="_merged")
            .with_columns(pl.coalesce(f"{c}_merged", c).alias(c) for c in FORM_COLUMNS)
            .drop(*(f"{c}_merged" for c in FORM_COLUMNS))
            .sort("canonical")
            .drop("canonical")
        )
    frame = frame.drop("read", "first", "dupkey").with_row_index("row")
    frame = frame.with_columns(
        pl.col("quiz").replace_strict(list(range(len(kinds))), kinds, return_dtype=pl.String).alias("kind"),
    )
    frame = frame.with_columns(
        pl.when(_norm("name") != "").then(_norm("name")).otherwise(_norm("name_form")).alias("who"),
        pl.when(pl.col("nip").str.replace_all(r"\s", "") != "")
        .then(pl.col("nip").str.replace_all(r"\s", ""))
        .otherwise(pl.col("nip_form").str.replace_all(r"\s", ""))
        .alias("nip_key"),
        pl.when(_norm("agency") != "").then(_norm("agency")).otherwise(_norm("agency_form")).alias("agency"),
    ).with_columns(
        pl.col("who").str.to_lowercase().alias("name_key"),
        pl.col("email").str.strip_chars().str.to_lowercase().alias("email_key"),
    )
    # A code without a NIP whose name belongs to exactly one NIP elsewhere is that person's:
    # people often fill in the NIP on the pre-test and skip it on the post-test.
    named = (
        frame.filter((pl.col("nip_key") != "") & (pl.col("name_key") != ""))
        .group_by("name_key")
        .agg(pl.col("nip_key").n_unique().alias("n"), pl.col("nip_key").first().alias("named_nip"))
        .filter(pl.col("n") == 1)
        .drop("n")
    )
    frame = (
        frame.join(named, on="name_key", how="left")
        .with_columns(
            pl.when(pl.col("nip_key") != "")
            .then("nip:" + pl.col("nip_key"))
            .when(pl.col("named_nip").is_not_null())
            .then("nip:" + pl.col("named_nip"))
            .when(pl.col("name_key") != "")
            .then("name:" + pl.col("name_key"))
            .when(pl.col("email_key") != "")
            .then("email:" + pl.col("email_key"))
            .otherwise("code:" + pl.col("row").cast(pl.String))
            .alias("person")
        )
        .drop(
            "named_nip", "name_key", "email_key", "nip_form", "agency_form", "name_form", "earned", "possible"
        )
    )
    return frame.sort("row"), duplicates


def histogram(percents: pl.Series) -> tuple[int, ...]:
    bins = np.bincount(np.minimum(percents.to_numpy() // 10, BINS - 1).astype(np.int64), minlength=BINS)
    return tuple(int(b) for b in bins[:BINS])


def explode(attempts: pl.DataFrame) -> pl.DataFrame:
    """One row per question an attempt showed: its bank index and the option ids chosen."""
    return (
        attempts.select("row", "answers")
        .with_columns(pl.col("answers").str.split(","))
        .explode("answers")
        .with_columns(pl.col("answers").str.split_exact(":", 1).struct.rename_fields(["q", "ids"]))
        .unnest("answers")
        .with_columns(pl.col("q").cast(pl.Int16))
    )


def _plain(markdown: str, limit: int = 400) -> str:
    """An author's Markdown as one line of plain text, for a report that renders no Markdown."""
    text = " ".join(markdown.split())
    text = re.sub(r"(\*\*|__|`|^#+ )", "", text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def option_texts(question: Question, labels: list[str]) -> dict[str, str]:
    if question.type == "true_false":
        return {"a": labels[0], "b": labels[1]}
    return {option_id(i): _plain(o.text, 160) for i, o in enumerate(question.options or [])}


def score_items(quiz_key, long: pl.DataFrame) -> pl.DataFrame:  # type: ignore[no-untyped-def]
    """Each row's share of the question's points and chosen-option mask, from the distinct answers."""
    from generator.tools.report.decoding import item_points

    distinct = long.select("q", "ids").unique()
    shares, masks, earned, possible = [], [], [], []
    for q, ids in distinct.iter_rows():
        hit = item_points(quiz_key, f"{q}:{ids}")
        assert hit is not None, "decoding accepted only answers that fit the bank"
        shares.append(hit[1] / hit[2] if hit[2] else 0.0)
        earned.append(hit[1])
        possible.append(hit[2])
        options = quiz_key.questions[q].options
        masks.append(sum(1 << options.index(o) for o in ids.split(".")) if ids else 0)
    # Small types: ten million answers at a national scale must fit an ordinary laptop.
    wide = max(masks, default=0) >= 1 << 31
    table = distinct.with_columns(
        pl.Series("share", shares, pl.Float32),
        pl.Series("mask", masks, pl.Int64 if wide else pl.Int32),
        pl.Series("earned", earned, pl.Int32),
        pl.Series("possible", possible, pl.Int32),
    )
    return long.join(table, on=["q", "ids"], how="left").drop("ids")


def guess_score(question: KeyedQuestion) -> float | None:
    """Moodle's random guess score: the share of the points a random answer earns on average.

    One option at random for true/false and single choice; for `multiple`, a random non-empty
    set of options (each equally likely), scored as the page scores it (partial credit included)."""
    k = len(question.options)
    if not k or question.points <= 0:
        return None
    if question.type != "multiple":
        return len(question.correct) / k
    if k > 12:
        return None  # 4,095 sets; no course has a question with more options
    total = 0.0
    for mask in range(1, 1 << k):
        chosen = [o for i, o in enumerate(question.options) if mask >> i & 1]
        total += float(question_points(question, chosen)) / question.points
    return total / ((1 << k) - 1)


def _excerpt(question: Question) -> str:
    """A few words of the scenario (or of the prompt), to tell apart items that ask the same."""
    return _plain(question.scenario or question.prompt, 90)


def quiz_summary(  # type: ignore[no-untyped-def]
    loaded: LoadedCourse,
    quiz_key,
    attempts: pl.DataFrame,
    long: pl.DataFrame,
    rule: str | None = None,
    analyse: str | None = None,
) -> QuizSummary:
    """Figures, histogram and item analysis of one quiz's attempts.

    Who passed counts one attempt per participant, the one `selection` picks (pretest: first;
    posttest and exam: best; or --attempts). The item analysis and the test statistics count
    the attempts `analyse` names (`selection.analysed`: by default the same counted attempt;
    "all" counts every attempt, each as if by another participant)."""
    assert loaded.course is not None
    course = loaded.course.model
    quiz = loaded.quizzes[quiz_key.id].model
    labels = list(course.true_false_labels or true_false(course.language))
    bank = quiz.questions
    rows = attempts.get_column("row").to_numpy()
    # Attempts are in row order, so an answer's attempt is found by bisection, without a join.
    a = np.searchsorted(rows, long.get_column("row").to_numpy())
    q = long.get_column("q").to_numpy()
    placed = long
    # Each attempt's percent per topic, rounded down as the page shows it, summed per topic.
    topic_index = [q.topic for q in quiz_key.questions]
    names = list(dict.fromkeys(topic_index))
    slot = a * len(names) + np.array([names.index(t) for t in topic_index])[q]
    size = len(rows) * len(names)
    earned = np.bincount(slot, placed.get_column("earned").to_numpy(), size).astype(np.int64)
    possible = np.bincount(slot, placed.get_column("possible").to_numpy(), size).astype(np.int64)
    has = possible > 0
    percents_by_topic = np.zeros(size, np.int64)
    percents_by_topic[has] = percent(earned[has], possible[has])
    totals = percents_by_topic.reshape(len(rows), len(names)).sum(axis=0)
    topic_counts = has.reshape(len(rows), len(names)).sum(axis=0)
    topic_totals = tuple((t, int(totals[i]), int(topic_counts[i])) for i, t in enumerate(names))
    del slot, earned, possible, has, percents_by_topic
    # The counted attempt of each participant (`selection`): who passed
    counted = choose(attempts, ["person"], rule)
    scores = np.full((len(rows), len(bank)), np.nan, np.float32)
    chosen = np.zeros((len(rows), len(bank)), np.int64 if placed.schema["mask"] == pl.Int64 else np.int32)
    scores[a, q] = placed.get_column("share").to_numpy()
    chosen[a, q] = placed.get_column("mask").to_numpy()
    if analyse != "all":  # only the analysed attempts' rows (in row order, as `rows`)
        keep = np.zeros(len(rows), bool)
        picked = counted if analyse is None else analysed(attempts, analyse, rule)  # None: the counted
        keep[np.searchsorted(rows, picked.get_column("row").to_numpy())] = True
        scores, chosen = scores[keep], chosen[keep]
    weights = np.array([question.points for question in bank], float)
    fig = ia.figures(scores, weights, chosen, [len(k.options) for k in quiz_key.questions], quiz_key.scale)
    test = ia.test_figures(scores, weights, quiz_key.shown)
    stats = []
    for i, question in enumerate(bank):
        seen = ~np.isnan(scores[:, i])
        if not seen.any():
            continue
        texts = option_texts(question, labels)
        keyed = quiz_key.questions[i]
        table = fig.options[i]
        options = tuple(
            OptionStat(
                o,
                texts.get(o, o),
                o in keyed.correct,
                int(table[j, 0]),
                float(table[j, 1]),
                float(table[j, 2]),
                float(table[j, 3]),
                None if np.isnan(table[j, 4]) else float(table[j, 4]),
            )
            for j, o in enumerate(keyed.options)
        )
        found = ia.flags(
            int(seen.sum()),
            float(fig.facility[i]),
            float(fig.discrimination[i]),
            [(o.id, o.correct, o.count, np.nan if o.r is None else o.r) for o in options],
        )
        stats.append(
            QuestionStat(
                quiz_id=quiz.id,
                quiz_title=quiz.title,
                quiz_kind=quiz.kind,
                id=question.id,
                position=i + 1,
                prompt=_plain(question.prompt),
                scenario=_plain(question.scenario or ""),
                discussion=_plain(question.discussion or ""),
                topic=question.topic or "",
                seen=int(seen.sum()),
                correct=int((scores[seen, i] >= 1.0).sum()),
                unanswered=int((chosen[seen, i] == 0).sum()),
                options=options,
                facility=float(fig.facility[i]),
                sd=float(fig.sd[i]),
                discrimination=_num(fig.discrimination[i]),
                upper_lower=_num(fig.upper_lower[i]),
                flags=tuple(k for k, _ in found),
                flag_values=tuple(v for _, v in found),
                excerpt=_excerpt(question),
                guess=guess_score(keyed),
                intended=_num(fig.intended[i]),
                effective=_num(fig.effective[i]),
                covariance=_num(fig.covariance[i]),
                efficiency=_num(fig.efficiency[i]),
                alpha_if_deleted=test.alpha_if_deleted[i] if test.alpha_if_deleted else None,
            )
        )
    stats.sort(key=lambda s: (s.share_correct, -s.seen, s.position))
    percents = attempts.get_column("percent")
    drawn = quiz_key.shown < len(bank)
    return QuizSummary(
        id=quiz.id,
        title=quiz.title,
        kind=quiz.kind,
        pass_mark=quiz_key.pass_mark,
        attempts=attempts.height,
        participants=counted.height,
        mean=float(percents.mean()),  # type: ignore[arg-type]
        median=float(percents.median()),  # type: ignore[arg-type]
        passed=int(attempts.get_column("passed").sum()),
        histogram=histogram(percents),
        questions=tuple(stats),
        reliability=Reliability(
            test.attempts,
            quiz_key.shown,
            test.alpha,
            test.sd,
            test.sem,
            drawn,
            mean=test.mean,
            median=test.median,
            skewness=test.skewness,
            kurtosis=test.kurtosis,
            error_ratio=test.error_ratio,
            guess=_guess_total(bank, quiz_key),
        ),
        topic_totals=topic_totals,
        passed_participants=int(counted.get_column("passed").sum()),
        analysed=analyse or "",
    )


def _num(value: float) -> float | None:
    return None if np.isnan(value) else float(value)


def _guess_total(bank: list[Question], quiz_key) -> float | None:  # type: ignore[no-untyped-def]
    """The percent a participant answering every question at random scores on average."""
    guesses = [guess_score(k) for k in quiz_key.questions]
    if any(g is None for g in guesses):
        return None
    points = [q.points for q in bank]
    total = sum(points)
    return 100 * sum(g * p for g, p in zip(guesses, points, strict=True)) / total if total else None
