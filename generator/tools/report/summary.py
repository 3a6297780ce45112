"""The report's numbers from the collected attempts: one function, `summarise`."""

from __future__ import annotations

import time
from dataclasses import replace

import polars as pl

from generator.course.loader import LoadedCourse
from generator.i18n import report_strings
from generator.schema import GRADED_KINDS
from generator.tools.report.collect import Collected
from generator.tools.report.model import (
    AFTER_SESSION,
    BINS,
    KINDS,
    Conflict,
    Duplicate,
    Gain,
    GroupMap,
    GroupRow,
    Pair,
    PersonRow,
    QuizSummary,
    Report,
    TopicRow,
)
from generator.tools.report.selection import choose, conflicts, flag_future
from generator.tools.report.tables import Tables, explode, histogram, prepare, quiz_summary, score_items

HARDEST = 3
PEOPLE_SHOWN = 500  # participants listed on the page; the export has them all
GROUPS_SHOWN = 600  # rows of the map on the page
PROBLEMS_SHOWN = 200  # problem rows per kind on the page
PAIRS_EXACT = 400  # above this many pre/post pairs, the slope chart bins them
SLICE = 100_000  # attempts whose answers are split at once


def topic_title(topic: str, loaded: LoadedCourse, language: str) -> str:
    """A topic's name: the lesson of the same id when there is one, as the site names it."""
    if not topic:
        return report_strings(language)["no_topic"]
    lesson = loaded.lessons.get(topic)
    return lesson.model.title if lesson else topic.replace("-", " ").capitalize()


def _gain(people: pl.DataFrame) -> Gain:
    both = people.filter(pl.col("pre").is_not_null() & pl.col("post").is_not_null())
    rows = people.filter(pl.col("pre").is_not_null() | pl.col("post").is_not_null()).height
    if not both.height:
        return Gain(0, None, None, None, 0, 0, 0, (0,) * BINS, (0,) * BINS, (), rows=rows)
    gain = both.get_column("post") - both.get_column("pre")
    pairs = both.group_by("pre", "post").agg(pl.len().alias("n"), pl.col("name").head(6))
    binned = pairs.height > PAIRS_EXACT
    if binned:
        pairs = (
            both.with_columns(
                (pl.col("pre") // 10 * 10 + 5).clip(0, 95), (pl.col("post") // 10 * 10 + 5).clip(0, 95)
            )
            .group_by("pre", "post")
            .agg(pl.len().alias("n"), pl.col("name").head(6))
        )
    pairs = pairs.sort("n", "pre", "post")
    return Gain(
        matched=both.height,
        mean_pre=float(both.get_column("pre").mean()),  # type: ignore[arg-type]
        mean_post=float(both.get_column("post").mean()),  # type: ignore[arg-type]
        mean_gain=float(gain.mean()),  # type: ignore[arg-type]
        improved=int((gain > 0).sum()),
        unchanged=int((gain == 0).sum()),
        declined=int((gain < 0).sum()),
        pre_histogram=histogram(both.get_column("pre")),
        post_histogram=histogram(both.get_column("post")),
        pairs=tuple(Pair(p, q, n, tuple(x for x in names if x)) for p, q, n, names in pairs.iter_rows()),
        binned=binned,
        rows=rows,
    )


def _people(attempts: pl.DataFrame, order: list[str], rule: str | None = None) -> pl.DataFrame:
    """One row per participant: details as last typed, the counted result per quiz (`selection`),
    pre and post."""
    details_columns = ("who", "nip_key", "agency", "email", "region", "subregion", "group")
    attempts = attempts.select(
        "person", "row", "finished_at", "future", "quiz", "kind", "percent", "passed", *details_columns
    )
    # Details as last typed; a code dated in the future never has the last word
    ordered = attempts.sort("future", "finished_at", "row", descending=[True, False, False])
    details = ordered.group_by("person", maintain_order=True).agg(
        *[pl.col(c).filter(pl.col(c) != "").last().fill_null("").alias(c) for c in details_columns],
        pl.col("row").min().alias("first_row"),
    )
    latest = choose(attempts, ["person", "quiz"], rule).join(
        attempts.group_by("person", "quiz").agg(pl.len().alias("tries")), on=["person", "quiz"]
    )
    wide = details
    for index, quiz_id in enumerate(order):
        own = latest.filter(pl.col("quiz") == index).select(
            "person",
            pl.col("percent").alias(f"{quiz_id}:percent"),
            pl.col("passed").alias(f"{quiz_id}:passed"),
            pl.col("tries").alias(f"{quiz_id}:attempts"),
        )
        if own.height:
            wide = wide.join(own, on="person", how="left")
    for kind, column in (("pretest", "pre"), ("posttest", "post")):
        own = choose(attempts.filter(pl.col("kind") == kind), ["person"], rule).select(
            "person", pl.col("percent").alias(column)
        )
        wide = wide.join(own, on="person", how="left")
    return wide.rename({"who": "name", "nip_key": "nip"}).sort(
        pl.when(pl.col("name") == "").then(pl.lit("\uffff")).otherwise(pl.col("name").str.to_lowercase()),
        "nip",
        "person",
    )


def _groups(
    tables: Tables,
    by: str,
    label: str,
    topics: list[tuple[str, str]],
    t: dict[str, str],
    after: bool,
    certificate: str | None = None,
    empty: str = "no_agency",
) -> GroupMap | None:
    """The map: per group, participants, the share of them who passed the certificate quiz
    (their counted attempt), gain and the share of points per topic."""
    people = tables.people.with_columns(pl.col(by).alias("g"))
    if not tables.answers:
        return None
    # Answers and verdicts count under the group the attempt itself names: no join over people.
    basis = tables.attempts.filter(
        pl.col("kind").is_in(sorted(AFTER_SESSION if after else GRADED_KINDS))
    ).select(
        "row", "person", "quiz", "kind", "finished_at", "future", "percent", "passed", pl.col(by).alias("g")
    )
    per_topic = tables.topic_sums(basis, ["g"])
    overall = per_topic.group_by("g").agg(
        (pl.col("earned").sum() / pl.col("possible").sum()).alias("overall")
    )
    column = f"{certificate}:passed"
    passed = (
        people.filter(pl.col(column).is_not_null())
        .group_by("g")
        .agg(pl.col(column).mean().alias("pass_rate"), pl.len().alias("takers"))
        if certificate and column in people.columns
        else people.group_by("g").agg(pl.lit(None, pl.Float64).alias("pass_rate"), pl.lit(0).alias("takers"))
    )
    # The region a group's participants name most often (ties: the first by name)
    region = (
        people.filter(pl.col("region") != "")
        .group_by("g", "region")
        .agg(pl.len().alias("n"))
        .sort("g", "n", "region", descending=[False, True, False])
        .unique("g", keep="first")
        .select("g", "region")
    )
    summary = (
        people.group_by("g")
        .agg(pl.len().alias("participants"), (pl.col("post") - pl.col("pre")).mean().alias("gain"))
        .join(region, on="g", how="left")
        .join(overall, on="g", how="left")
        .join(passed, on="g", how="left")
        .sort("overall", "g", nulls_last=True)
    )
    shares = {(g, topic): e / p if p else None for g, topic, e, p in per_topic.iter_rows()}
    titles = dict(topics)
    rows = []
    for g, count, gain, region, share, rate, takers in summary.head(GROUPS_SHOWN).iter_rows():
        values = {topic: shares.get((g, topic)) for topic, _ in topics}
        ranked = sorted((v, titles[k]) for k, v in values.items() if v is not None)
        rows.append(
            GroupRow(
                g or t[empty],
                region or "",
                count,
                rate,
                gain,
                share,
                values,
                tuple(title for _, title in ranked[:3]),
                takers or 0,
            )
        )
    return GroupMap(label, tuple(topics), tuple(rows), summary.height, after)


def summarise(
    collected: Collected,
    loaded: LoadedCourse,
    group_by: str | None = None,
    rule: str | None = None,
    now: int | None = None,
    analyse: str | None = None,
) -> tuple[Report, Tables]:
    """The numbers a facilitator discusses, and the frames behind them.

    `rule`: which attempt counts for every quiz (`selection.CHOICES`), else each kind's own;
    `now`: the report's time in seconds (codes dated after it are flagged), else the clock's;
    `analyse`: which attempts the statistics analyse (`selection.ANALYSE`), else the counted one."""
    assert loaded.course is not None
    course = loaded.course.model
    language = course.language
    t = report_strings(language)
    order = collected.order
    key = collected.key
    kinds = [loaded.quizzes[q].model.kind for q in order]
    attempts, duplicates = prepare(collected, kinds)
    attempts = flag_future(attempts, int(time.time()) if now is None else now)
    to_check = conflicts(attempts)
    # The raw table is not needed again; at a million codes its memory is needed elsewhere.
    collected.attempts = collected.attempts.clear()
    # Topics in the order the course first asks about them.
    topic_order = list(
        dict.fromkeys(q.topic or "" for quiz_id in order for q in loaded.quizzes[quiz_id].model.questions)
    )
    topic_of = {
        quiz_id: pl.DataFrame(
            {"q": list(range(len(k.questions))), "t": [topic_order.index(q.topic) for q in k.questions]},
            schema={"q": pl.Int16, "t": pl.Int16},
        )
        for quiz_id, k in key.quizzes.items()
    }
    quizzes, answers = [], {}
    for index, quiz_id in enumerate(order):
        own = attempts.filter(pl.col("quiz") == index)
        if not own.height:
            continue
        # In slices: the text of the answers is split a slice at a time, never all at once.
        slices = [score_items(key.quizzes[quiz_id], explode(part)) for part in own.iter_slices(SLICE)]
        long = pl.concat(slices, rechunk=True)
        del slices
        answers[quiz_id] = long
        quizzes.append(quiz_summary(loaded, key.quizzes[quiz_id], own, long, rule, analyse))
    attempts = attempts.drop("answers")  # read into the per-quiz answers above
    people = _people(attempts, order, rule)
    scales = {quiz_id: k.scale for quiz_id, k in key.quizzes.items()}
    tables = Tables(
        attempts, answers, people, dict(zip(order, kinds, strict=True)), topic_of, topic_order, scales
    )

    # Per topic and kind of quiz: the mean of the attempts' topic percents.
    sums: dict[tuple[str, str], list[int]] = {}
    for summary in quizzes:
        for topic, total, count in summary.topic_totals:
            if count:
                kept = sums.setdefault((topic, summary.kind), [0, 0])
                kept[0] += total
                kept[1] += count
    table = {key: (total / count, count) for key, (total, count) in sums.items()}
    topic_kinds = tuple(k for k in KINDS if any(kd == k for _, kd in table))
    topics = tuple(
        TopicRow(
            tp,
            topic_title(tp, loaded, language),
            {k: table[(tp, k)][0] if (tp, k) in table else None for k in topic_kinds},
            {k: table[(tp, k)][1] if (tp, k) in table else 0 for k in topic_kinds},
        )
        for tp in topic_order
        if any((tp, k) in table for k in topic_kinds)
    )

    quizzes = _item_gains(quizzes)
    after = [q for s in quizzes if s.kind in AFTER_SESSION for q in s.questions]
    # An item whose key may be wrong is not "misunderstood": it is listed with the flags instead
    pool = [q for q in after or [q for s in quizzes for q in s.questions] if not q.key_suspect]
    rank = {quiz_id: i for i, quiz_id in enumerate(order)}
    hardest = sorted(pool, key=lambda s: (s.share_correct, -s.seen, rank[s.quiz_id], s.position))[:HARDEST]

    # The map: per agency (or the --group-by column), and per region when a form gives one.
    topic_columns = [(tp, topic_title(tp, loaded, language)) for tp in topic_order]
    has_after = attempts.filter(pl.col("kind").is_in(list(AFTER_SESSION))).height > 0
    agencies = regions = None
    certificate = certificate_quiz(loaded, order)
    if answers:
        by, label = ("group", group_by) if group_by else ("agency", t["group_agency"])
        agencies = _groups(tables, by, label, topic_columns, t, has_after, certificate)
        if "region" in collected.form_roles or "subregion" in collected.form_roles:
            region = "region" if "region" in collected.form_roles else "subregion"
            regions = _groups(
                tables, region, t["col_region"], topic_columns, t, has_after, certificate, "no_region"
            )

    problems = collected.problems
    mismatch_rows = attempts.filter(pl.col("displayed") != pl.col("percent"))
    files = [f.rsplit("/", 1)[-1] for f in collected.files]
    no_name = attempts.filter(pl.col("name").str.strip_chars() == "")
    report = Report(
        course_id=course.id,
        course_title=course.title,
        course_version=course.version,
        language=language,
        organization=course.organization.name if course.organization else "",
        participants=people.height,
        people=tuple(_person_rows(people.head(PEOPLE_SHOWN), order)),
        attempts=attempts.height,
        quizzes=tuple(quizzes),
        gain=_gain(people),
        topic_kinds=topic_kinds,
        topics=topics,
        hardest=tuple(hardest),
        hardest_after_session=bool(after),
        agencies=agencies,
        regions=regions,
        mismatches=tuple(_as_problems(mismatch_rows.head(PROBLEMS_SHOWN), order, "mismatch")),
        rejected=tuple(p for p in problems if p.reason != "other_version"),
        other_version=tuple(p for p in problems if p.reason == "other_version"),
        duplicates=tuple(
            Duplicate(line, first, files[source], files[first_source])
            for source, line, first_source, first in duplicates.head(PROBLEMS_SHOWN).iter_rows()
        ),
        duplicate_count=duplicates.height,
        no_name=tuple(_as_problems(no_name.head(PROBLEMS_SHOWN), order, "no_name")),
        no_name_count=no_name.height,
        found=collected.found,
        without_code=collected.without_code,
        files=tuple(files),
        first_at=attempts.get_column("finished_at").min(),  # type: ignore[arg-type]
        last_at=attempts.filter(~pl.col("future")).get_column("finished_at").max(),  # type: ignore[arg-type]
        conflicts=tuple(
            Conflict(nip, names, reason)
            for nip, names, reason in to_check.head(PROBLEMS_SHOWN)
            .select("nip", "names", "reason")
            .iter_rows()
        ),
        conflict_count=to_check.height,
        rule=rule or "",
        analysed=analyse or "",
        certificate=certificate or "",
        certificate_title=loaded.quizzes[certificate].model.title if certificate else "",
    )
    report.extra["mismatch_count"] = mismatch_rows.height
    counts = collected.extra.get("problem_counts", {})
    report.extra["rejected_count"] = counts.get("rejected", len(report.rejected))  # type: ignore[union-attr]
    report.extra["other_version_count"] = counts.get("other_version", len(report.other_version))  # type: ignore[union-attr]
    return report, tables


def certificate_quiz(loaded: LoadedCourse, order: list[str]) -> str | None:
    """The quiz that decides whether a participant passed the course: the certificate's quiz,
    else the last exam, else the last post-test of the course's order."""
    assert loaded.course is not None
    named = loaded.course.model.certificate
    if named and named.quiz in loaded.quizzes:
        return named.quiz
    for kind in ("exam", "posttest"):
        found = [q for q in order if loaded.quizzes[q].model.kind == kind]
        if found:
            return found[-1]
    return None


def _item_gains(quizzes: list[QuizSummary]) -> list[QuizSummary]:
    """Each post-test item that a pre-test also asked (the same id) with its facility gain."""
    before = {q.id: q.facility for s in quizzes if s.kind == "pretest" for q in s.questions}
    out = []
    for s in quizzes:
        if s.kind != "posttest" or not before:
            out.append(s)
            continue
        questions = tuple(
            replace(q, gain=q.facility - before[q.id]) if q.id in before else q for q in s.questions
        )
        out.append(replace(s, questions=questions))
    return out


def _person_rows(people: pl.DataFrame, order: list[str]) -> list[PersonRow]:
    rows = []
    for row in people.iter_rows(named=True):
        results = {
            q: (row[f"{q}:percent"], row[f"{q}:passed"], row[f"{q}:attempts"])
            for q in order
            if row.get(f"{q}:percent") is not None
        }
        rows.append(
            PersonRow(row["person"], row["name"], row["nip"], row["agency"], results, row["pre"], row["post"])
        )
    return rows


def _as_problems(frame: pl.DataFrame, order: list[str], reason: str) -> list[object]:
    from generator.participant import Person
    from generator.results import ResultsCode
    from generator.tools.report.decoding import CodeProblem

    out = []
    for row in frame.iter_rows(named=True):
        code = ResultsCode(
            "",
            "",
            order[row["quiz"]],
            "",
            row["finished_at"],
            Person(row["name"], row["nip"], row["position"], row["agency"]),
            row["displayed"],
            (),
        )
        out.append(
            CodeProblem(
                row["source"],
                row["line"],
                "",
                reason,
                reason,
                {"percent": row["percent"], "displayed": row["displayed"]},
                code,
            )
        )
    return out
