"""`latih report --csv DIR`: per-participant results and the agency x topic table, for the bodies
that act on them. A folder is written only when it is empty or a previous export (it holds our
marker file); anything else is refused unless the facilitator says --force. A file of a previous
export that someone edited since is not replaced without --force either (the command checks that
with the ledger of `generator.safety`), and the folder is never inside the course's sources or
its site: personal data must never be published.

Participants type their names and agencies, and form columns come from a form: a text cell a
spreadsheet would read as a formula is neutralised in the CSV files (OWASP's advice for CSV
injection: a leading apostrophe). Parquet keeps the values as they are: it is data, not a sheet."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

import polars as pl

from generator.i18n import report_strings
from generator.safety import write_file, written_by_latih
from generator.schema import GRADED_KINDS, option_id
from generator.tools.report.model import AFTER_SESSION, Report
from generator.tools.report.reading import ReadError
from generator.tools.report.tables import Tables

MARKER = ".latih-report-export"
FILES = ("peserta", "instansi-topik", "butir-soal", "kuis")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def neutralise(text: str) -> str:
    """A cell a spreadsheet would read as a formula (or as the start of one), made plain text."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def for_spreadsheet(frame: pl.DataFrame) -> pl.DataFrame:
    """Every text column of `frame` with its cells neutralised (`neutralise`), in one pass each."""
    # A character class of the literal starts, "-" last so that it is not a range
    pattern = "^[" + "".join(sorted(FORMULA_STARTS, key=lambda c: c == "-")) + "]"
    texts = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    return frame.with_columns(
        pl.when(pl.col(c).str.contains(pattern)).then(pl.lit("'") + pl.col(c)).otherwise(pl.col(c)).alias(c)
        for c in texts
    )


def targets(folder: Path, parquet: bool) -> list[Path]:
    """The files an export writes into `folder`."""
    return [folder / (f"{name}.parquet" if parquet else f"{name}.csv") for name in FILES]


def check_folder(
    folder: Path, force: bool, private: Sequence[Path] = (), parquet: bool = False, root: Path | None = None
) -> None:
    """Refuse an export folder that would publish personal data or replace what Latih did not write.

    `private`: folders no export may enter, even with --force (the course's sources, its site);
    `root`: the course folder whose ledger says which files Latih wrote."""
    resolved = folder.resolve()
    for place in private:
        place = place.resolve()
        if resolved == place or resolved.is_relative_to(place):
            raise ReadError("error_export_in_source", path=folder, source=place)
    if folder.is_file():
        raise ReadError("error_export_is_file", path=folder)
    if not folder.is_dir() or force:
        return
    if any(folder.iterdir()) and not (folder / MARKER).is_file():
        raise ReadError("error_export_not_empty", path=folder)
    for target in targets(folder, parquet):
        if (target.exists() or target.is_symlink()) and (root is None or not written_by_latih(target, root)):
            raise ReadError("error_export_changed", path=target)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def write(folder: Path, report: Report, tables: Tables, parquet: bool = False) -> list[str]:
    """Write the export; returns the files' names."""
    folder.mkdir(parents=True, exist_ok=True)
    write_file(folder / MARKER, "Latih report export\n")
    people = tables.people.drop("first_row")
    by = "group" if report.agencies and report.agencies.label not in ("instansi", "agency") else "agency"
    basis_kinds = sorted(AFTER_SESSION if report.agencies and report.agencies.after_session else GRADED_KINDS)
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
    t = report_strings(report.language)
    widest = max((len(q.options) for s in report.quizzes for q in s.questions), default=0)
    items = pl.DataFrame(
        [
            {
                "kuis": q.quiz_id,
                "soal": q.position,
                "id": q.id,
                "topik": q.topic,
                "percobaan_dianalisis": t[f"analysed_word_{s.analysed or 'counted'}"],
                "ditampilkan": q.seen,
                "kemudahan": round(q.facility, 4),
                "sb": _round(q.sd),
                "tebakan_acak": _round(q.guess),
                "daya_beda": _round(q.discrimination),
                "efisiensi_beda": _round(q.efficiency),
                "atas_bawah": _round(q.upper_lower),
                "bobot_rencana": _round(q.intended),
                "bobot_efektif": _round(q.effective),
                "alfa_tanpa_soal": _round(q.alpha_if_deleted),
                "naik_dari_pra_tes": _round(q.gain),
                **{
                    f"pilihan_{option_id(i)}": _round(q.options[i].share) if i < len(q.options) else None
                    for i in range(widest)
                },
                "kunci": ",".join(o.id for o in q.options if o.correct),
                "catatan": "; ".join(
                    t[f].format(options=v) for f, v in zip(q.flags, q.flag_values, strict=True)
                ),
            }
            for s in report.quizzes
            for q in sorted(s.questions, key=lambda q: q.position)
        ]
    )
    quizzes = pl.DataFrame(
        [
            {
                "kuis": s.id,
                "percobaan": s.attempts,
                "percobaan_lulus": s.passed,
                "peserta": s.participants,
                "peserta_lulus": s.passed_participants,
                "percobaan_dianalisis": t[f"analysed_word_{s.analysed or 'counted'}"],
                "jumlah_dianalisis": r.attempts,
                "rata_rata": _round(r.mean),
                "median": _round(r.median),
                "sb": _round(r.sd),
                "kemencengan": _round(r.skewness),
                "keruncingan": _round(r.kurtosis),
                "alfa": _round(r.alpha),
                "rasio_galat": _round(r.error_ratio),
                "galat_baku_pengukuran": _round(r.sem),
                "tebakan_acak": _round(r.guess),
                "soal_diundi": r.drawn,
                "tafsiran": t[f"reliability_{r.band}"] if r.band else "",
            }
            for s in report.quizzes
            if (r := s.reliability) is not None
        ]
    )
    names = []
    for target, frame in zip(targets(folder, parquet), (people, map_, items, quizzes), strict=True):
        buffer = io.BytesIO()
        if parquet:
            frame.write_parquet(buffer)
        else:
            for_spreadsheet(frame).write_csv(buffer)
        write_file(target, buffer.getvalue())
        names.append(target.name)
    return names
