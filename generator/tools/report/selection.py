"""Which attempt counts, per participant and quiz, and which codes a facilitator should look at.

One rule per quiz kind, each a pure function over the attempts table:

- a **pretest** counts its **first** attempt (what the participant knew before the session),
- a **posttest** or an **exam** counts its **best** attempt (a later, worse attempt, by mistake or
  by a classmate using someone's NIP, cannot erase a pass),
- a **practice** quiz counts its **last** attempt;

`latih report --attempts first|best|last` sets one rule for every quiz instead.

Which attempts the **statistics** analyse (item analysis, distractors, test statistics) is a
separate choice, Moodle's "attempts to analyse": by default the attempt counted above (Moodle
analyses the attempts its grading method counts); `--statistics-attempts all|first|best|last`
analyses every attempt, or one per participant by that rule (`analysed`).

A code carries the time its attempt finished, from the participant's device: a time after the
report is made (`FUTURE_SLACK` allows for a clock a little ahead) is never trusted. Such an
attempt ranks after every other of the same person and quiz, whatever the rule, and is listed.
So is a person (one NIP) whose codes give different names.
"""

from __future__ import annotations

import polars as pl

RULES = {"pretest": "first", "posttest": "best", "exam": "best", "practice": "last"}
CHOICES = ("first", "best", "last")
ANALYSE = ("all", *CHOICES)  # --statistics-attempts
FUTURE_SLACK = 24 * 3600  # seconds: a device's clock may be a day ahead (time zones, no sync)


def rule_of(kind: str, override: str | None = None) -> str:
    """The attempt rule for a quiz kind: `override` when given, else the kind's own."""
    return override or RULES.get(kind, "last")


def flag_future(attempts: pl.DataFrame, now: int) -> pl.DataFrame:
    """`attempts` with a boolean `future` column: finished after `now` (seconds), beyond the slack."""
    return attempts.with_columns((pl.col("finished_at") > now + FUTURE_SLACK).alias("future"))


def choose(attempts: pl.DataFrame, by: list[str], override: str | None = None) -> pl.DataFrame:
    """One attempt per group of `by` (e.g. person and quiz), by the rule of its quiz's kind.

    Needs the columns kind, finished_at, row, percent and future; linear after one sort."""
    rule = pl.col("kind").replace_strict(
        list(RULES), [rule_of(k, override) for k in RULES], default=override or "last"
    )
    # One ascending sort whose first row per group is the one to keep, whatever the rule
    ranked = attempts.with_columns(
        pl.when(rule == "best").then(-pl.col("percent").cast(pl.Int64)).otherwise(0).alias("_best"),
        pl.when(rule == "last")
        .then(-pl.col("finished_at").cast(pl.Int64))
        .otherwise(pl.col("finished_at").cast(pl.Int64))
        .alias("_time"),
        pl.when(rule == "last")
        .then(-pl.col("row").cast(pl.Int64))
        .otherwise(pl.col("row").cast(pl.Int64))
        .alias("_row"),
    )
    return (
        ranked.sort("future", "_best", "_time", "_row")
        .group_by(by, maintain_order=True)
        .first()
        .drop("_best", "_time", "_row")
    )


def conflicts(attempts: pl.DataFrame) -> pl.DataFrame:
    """People whose codes disagree, for the facilitator to check: one row per person and reason.

    Columns: person, nip, names (the names their codes give), reason ("names" when one NIP comes
    with different names, "future" when a code is dated after the report)."""
    with_nip = attempts.filter(pl.col("nip_key") != "")
    names = (
        with_nip.group_by("person", maintain_order=True)
        .agg(
            pl.col("nip_key").first().alias("nip"),
            pl.col("who").filter(pl.col("who") != "").unique(maintain_order=True).alias("names"),
        )
        .filter(pl.col("names").list.eval(pl.element().str.to_lowercase()).list.n_unique() > 1)
        .with_columns(pl.lit("names").alias("reason"))
    )
    future = (
        attempts.filter(pl.col("future"))
        .group_by("person", maintain_order=True)
        .agg(
            pl.col("nip_key").first().alias("nip"),
            pl.col("who").unique(maintain_order=True).alias("names"),
        )
        .with_columns(pl.lit("future").alias("reason"))
    )
    return pl.concat([names, future]).with_columns(pl.col("names").list.join(" / "))


def analysed(attempts: pl.DataFrame, choice: str | None, rule: str | None = None) -> pl.DataFrame:
    """The attempts of one quiz the statistics analyse (`--statistics-attempts`).

    "all": every attempt; "first": each participant's earliest by the code's own time, "best":
    the highest percent (ties: the earliest), "last": the latest; ties after that by the
    attempt's canonical row (its content), never by input order. None: the attempt counted for
    each participant (`rule`, else the quiz kind's own), as Moodle analyses by grading method."""
    if choice == "all":
        return attempts
    return choose(attempts, ["person"], choice or rule)
