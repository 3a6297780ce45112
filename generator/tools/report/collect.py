"""From files (or a pasted text) to one table of scored attempts, streamed and in parallel."""

from __future__ import annotations

import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from generator.course.loader import LoadedCourse
from generator.schema import outline_order
from generator.tools.report.decoding import COLUMNS, CodeProblem, CourseKey, LineCount, course_key, decode_all
from generator.tools.report.reading import ATTRIBUTES, Forms, expand, jobs, size

SCHEMA = {
    "source": pl.Int32,
    "line": pl.Int64,
    "quiz": pl.Int16,
    "finished_at": pl.Int64,
    "name": pl.String,
    "nip": pl.String,
    "position": pl.String,
    "agency": pl.String,
    "displayed": pl.Int16,
    "percent": pl.Int16,
    "passed": pl.Boolean,
    "earned": pl.Int64,
    "possible": pl.Int64,
    "answers": pl.String,
    "dupkey": pl.Int64,
}
FLUSH = 10_000  # attempts gathered as Python lists before they become a columnar frame
PROBLEMS_KEPT = 200  # problem codes of each kind kept for the page; all are counted


@dataclass
class Collected:
    order: list[str]  # quiz ids; an attempt's `quiz` is an index into it
    key: CourseKey  # the course's answer key, built once per report
    attempts: pl.DataFrame  # every scored code, duplicates included, in input order
    forms: pl.DataFrame  # attributes of form rows, by (source, line)
    form_roles: set[str]
    problems: list[CodeProblem]
    found: int
    without_code: int
    files: list[str]
    extra: dict[str, object] = field(default_factory=dict)


def collect_files(
    paths: list[str],
    loaded: LoadedCourse,
    group_by: str | None = None,
    progress: bool = False,
    workers: int | None = None,
    label: str = "",
) -> Collected:
    files = expand(paths)
    assert loaded.course is not None
    order = outline_order(loaded.course.model, loaded.quizzes)
    key = course_key(loaded, order)
    forms = Forms()
    counts = {"without_code": 0}
    frames: list[pl.DataFrame] = []
    pending: dict[str, list[object]] = {c: [] for c in COLUMNS}
    problems: list[CodeProblem] = []
    problem_counts = {"rejected": 0, "other_version": 0}
    found = 0
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=size(files), unit="B", unit_scale=True, desc=label, file=sys.stderr, disable=None)
    lines = LineCount(counts)
    per_file = [0] * len(files)
    for batch in decode_all(jobs(files, forms, counts, group_by), loaded, key, workers):
        found += batch.found
        per_file[batch.source] += batch.found
        lines.add(batch.source, batch.cells, batch)
        for problem in batch.problems:
            kind = "other_version" if problem.reason == "other_version" else "rejected"
            problem_counts[kind] += 1
            if problem_counts[kind] <= PROBLEMS_KEPT:  # the rest are counted, not kept
                problems.append(problem)
        for column in COLUMNS:
            pending[column] += batch.attempts[column]
        if len(pending["line"]) >= FLUSH:
            frames.append(pl.DataFrame(pending, schema=SCHEMA))
            pending = {c: [] for c in COLUMNS}
        if bar is not None:
            bar.update(batch.size)
    if bar is not None:
        bar.close()
    frames.append(pl.DataFrame(pending, schema=SCHEMA))
    attempts = pl.concat(frames, rechunk=False)  # no copy of a million rows
    form_frame = pl.DataFrame(
        forms.rows, schema={"source": pl.Int32, "line": pl.Int64} | dict.fromkeys(ATTRIBUTES, pl.String)
    )
    return Collected(
        order,
        key,
        attempts,
        form_frame,
        forms.roles,
        problems,
        found,
        lines.total,
        [str(f) for f in files],
        {
            "columns": forms.columns,
            "problem_counts": problem_counts,
            # named in the summary: a file of the wrong kind, or in an unexpected encoding, yields nothing
            "empty_files": [str(f) for f, n in zip(files, per_file, strict=True) if not n],
        },
    )


def collect(
    text: str, loaded: LoadedCourse, workers: int | None = 1, group_by: str | None = None
) -> Collected:
    """The codes of a pasted text, as `collect_files` reads a file holding it."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "pasted.txt"
        path.write_text(text, encoding="utf-8")
        collected = collect_files([str(path)], loaded, group_by=group_by, workers=workers)
    collected.files = ["pasted.txt"]
    return collected
