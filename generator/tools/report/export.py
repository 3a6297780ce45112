"""`latih report --csv DIR`: per-participant results and the agency x topic table, for the bodies
that act on them. A folder is written only when it is empty or a previous export (it holds our
marker file); anything else is refused unless the facilitator says --force."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from generator.tools.report.model import Report
from generator.tools.report.reading import ReadError
from generator.tools.report.tables import Tables

MARKER = ".latih-report-export"
FILES = ("peserta", "instansi-topik", "butir-soal")


def check_folder(folder: Path, force: bool) -> None:
    if folder.is_file():
        raise ReadError("error_export_is_file", path=folder)
    if folder.is_dir() and any(folder.iterdir()) and not (folder / MARKER).is_file() and not force:
        raise ReadError("error_export_not_empty", path=folder)


def write(folder: Path, report: Report, tables: Tables, parquet: bool = False) -> list[str]:
    """Write the export; returns the files' names."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MARKER).write_text("Latih report export\n", encoding="utf-8")
    people = tables.people.drop("first_row")
    by = "group" if report.agencies and report.agencies.label not in ("instansi", "agency") else "agency"
    basis_kinds = (
        ["posttest", "exam"]
        if report.agencies and report.agencies.after_session
        else ["pretest", "posttest", "exam"]
    )
    basis = tables.attempts.filter(pl.col("kind").is_in(basis_kinds)).select("row", "person")
    keys = basis.join(
        tables.people.select("person", pl.col(by).alias("kelompok"), pl.col("region").alias("wilayah")),
        on="person",
        how="left",
    )
    counts = keys.group_by("kelompok", "wilayah").agg(pl.col("person").n_unique().alias("peserta"))
    map_ = (
        tables.topic_sums(keys, ["kelompok", "wilayah"])
        .join(counts, on=["kelompok", "wilayah"], how="left")
        .with_columns((pl.col("earned") / pl.col("possible")).round(4).alias("porsi_poin"))
        .rename({"topic": "topik"})
        .select("kelompok", "wilayah", "topik", "peserta", "porsi_poin")
        .sort("kelompok", "wilayah", "topik")
    )
    items = pl.DataFrame(
        [
            {
                "kuis": q.quiz_id,
                "soal": q.position,
                "id": q.id,
                "topik": q.topic,
                "dijawab": q.seen,
                "kemudahan": round(q.facility, 4),
                "daya_beda": None if q.discrimination is None else round(q.discrimination, 4),
                "atas_bawah": None if q.upper_lower is None else round(q.upper_lower, 4),
                "catatan": "; ".join(q.flags),
            }
            for s in report.quizzes
            for q in s.questions
        ]
    )
    names = []
    for name, frame in zip(FILES, (people, map_, items), strict=True):
        target = folder / (f"{name}.parquet" if parquet else f"{name}.csv")
        if parquet:
            frame.write_parquet(target)
        else:
            frame.write_csv(target)
        names.append(target.name)
    return names
