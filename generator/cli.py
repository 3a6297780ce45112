"""The command line: a thin layer over the loader, MkDocs and the other modules."""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from generator import FORMAT_VERSION
from generator.i18n import message, ui_strings
from generator.loader import Layout, LoadedCourse, load_course
from generator.problems import Problem, ProblemList
from generator.results import join_qr_parts
from generator.safety import MARKER, Sources, file_refusal, folder_refusal, mark_build, note_written
from generator.schema import SLUG_PATTERN, Course, Lesson, Quiz, option_id
from generator.sitecheck import site_problems

STARTER = Path(__file__).parent / "starter"
SCHEMA_DIR = ".latih/schema"
SCHEMAS = {"course": Course, "lesson": Lesson, "quiz": Quiz}


class Failure(Exception):
    """A failure already explained to the author; the command exits 1."""


class Session:
    """What every command needs: where the course is, its layout, and the language to speak."""

    def __init__(self, config_file: str | None) -> None:
        self.config_file = Path(config_file or "mkdocs.yml").resolve()
        self.language = "id"
        self.course_id = ""
        self._mkdocs = None

    def say(self, msg: str, /, **values: object) -> None:
        print(message(self.language, msg, **values))

    def fail(self, msg: str, /, **values: object) -> Failure:
        print(
            f"{message(self.language, 'error_prefix')}: {message(self.language, msg, **values)}",
            file=sys.stderr,
        )
        return Failure()

    def mkdocs_config(self):  # type: ignore[no-untyped-def]
        """The course's MkDocs configuration, read once per command: loading it imports every plugin."""
        from mkdocs.config import load_config
        from mkdocs.exceptions import MkDocsException

        if self._mkdocs is not None:
            return self._mkdocs
        if not self.config_file.is_file():
            raise self.fail("no_mkdocs", folder=self.config_file.parent)
        try:
            with mkdocs_messages() as said:
                self._mkdocs = load_config(str(self.config_file))
        except (MkDocsException, OSError, ValueError) as exc:
            # MkDocs refuses a site_dir that holds docs_dir; say why in the course's terms
            site_dir = _declared(self.config_file, "site_dir")
            if site_dir is not None:
                docs_dir = self.config_file.parent / (_declared(self.config_file, "docs_dir") or "docs")
                refusal = folder_refusal(
                    self.config_file.parent / site_dir, Sources.of(self.config_file, [docs_dir])
                )
                if refusal is not None:
                    raise self.fail(refusal.key, **refusal.values) from None
            detail = "; ".join(text for _, text in said) or str(exc).strip() or type(exc).__name__
            raise self.fail("bad_mkdocs", detail=detail) from None
        for _, text in said:
            print(f"{message(self.language, 'warning_prefix')}: mkdocs.yml: {text}", file=sys.stderr)
        return self._mkdocs

    def layout(self) -> Layout:
        config = self.mkdocs_config()
        plugin = config.plugins.get("latih")
        options = plugin.config if plugin is not None else {}
        return Layout.at(
            self.config_file.parent,
            options.get("content_dir", "content"),
            options.get("quizzes_dir", "quizzes"),
            options.get("config_dir", "site_config"),
        )

    def site_problems(self, loaded: LoadedCourse) -> list[Problem]:
        """mkdocs.yml checked against the course (offline search, theme language), printed as warnings."""
        config = self.mkdocs_config()
        found = site_problems(self.config_file, list(config.plugins), dict(config.theme), loaded.language)
        for p in found:
            print(p.format(self.language, Path.cwd()), file=sys.stderr)
        return found

    def load(self, strict: bool = False) -> LoadedCourse:
        """Load and report. Errors end the command; warnings are printed and let it go on.

        `strict`: item-writing warnings count as errors (`latih check --strict`)."""
        loaded = load_course(self.layout())
        self.language = loaded.language
        problems = ProblemList(
            replace(p, severity="error") if strict and p.rule and p.severity == "warning" else p
            for p in loaded.problems
        )
        for p in problems.sorted():
            print(p.format(self.language, Path.cwd()), file=sys.stderr)
        errors, warnings = len(problems.errors), len(problems.warnings)
        if strict and errors > len(loaded.problems.errors):
            count = errors - len(loaded.problems.errors)
            print(message(self.language, "check_strict", count=count), file=sys.stderr)
        if errors or loaded.course is None:
            print(message(self.language, "summary_errors", errors=errors, warnings=warnings), file=sys.stderr)
            raise Failure()
        self.course_id = loaded.course.model.id
        return loaded

    def sources(self) -> Sources:
        """The course's own files and folders: never an output."""
        if not self.config_file.is_file():
            return Sources.of(self.config_file, [])
        layout = self.layout()
        docs_dir = Path(self.mkdocs_config().docs_dir)
        folders = [layout.content_dir, layout.quizzes_dir, layout.config_dir, docs_dir]
        return Sources.of(self.config_file, folders)

    def refuse_folder(self, out: Path) -> None:
        refusal = folder_refusal(out, self.sources())
        if refusal is not None:
            raise self.fail(refusal.key, **refusal.values)

    def refuse_file(self, out: Path, force: bool) -> None:
        refusal = file_refusal(out, self.sources(), force)
        if refusal is not None:
            raise self.fail(refusal.key, **refusal.values)

    def wrote(self, *paths: Path) -> None:
        note_written(paths, self.config_file.parent)


def _declared(config_file: Path, key: str) -> str | None:
    """One plain setting of mkdocs.yml, read without MkDocs (whose tags are ignored)."""
    import yaml

    class Lenient(yaml.SafeLoader):
        pass

    Lenient.add_multi_constructor("", lambda loader, suffix, node: None)
    try:
        data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=Lenient)
    except (OSError, ValueError, yaml.YAMLError):
        return None
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, str) else None


def cmd_check(session: Session, args: argparse.Namespace) -> None:
    loaded = session.load(strict=args.strict)
    assert loaded.course is not None
    site = session.site_problems(loaded)
    questions = sum(len(q.model.questions) for q in loaded.quizzes.values())
    session.say(
        "check_ok",
        title=loaded.course.model.title,
        lessons=len(loaded.lessons),
        quizzes=len(loaded.quizzes),
        questions=questions,
        warnings=len(loaded.problems.warnings) + len(site),
    )
    for line in key_summaries(loaded):
        print(line)


def key_summaries(loaded: LoadedCourse) -> list[str]:
    """One line per graded quiz: where its keys sit, so an author sees the figures of every quiz."""
    from generator.quality import key_figures
    from generator.render import DEFAULT_TRUE_FALSE

    assert loaded.course is not None
    course = loaded.course.model
    labels = course.true_false_labels or DEFAULT_TRUE_FALSE[course.language]
    lines = []
    for quiz in (q.model for q in loaded.quizzes.values() if q.model.graded):
        f = key_figures(quiz)
        none = message(course.language, "quality_summary_none")
        positions = " · ".join(f"{option_id(i).upper()} {n}" for i, n in enumerate(f.positions)) or none
        tf = f"{labels[0]} {f.true_answers} · {labels[1]} {f.true_false - f.true_answers}"
        figures = dict(longest=f.longest, single=f.single, first=f.multiple_first, multiple=f.multiple)
        lines.append(
            message(
                course.language,
                "quality_summary",
                quiz=quiz.id,
                kind=quiz.kind,
                positions=positions,
                labels=tf if f.true_false else none,
                **figures,
            )
        )
    return lines


@contextmanager
def mkdocs_messages() -> Iterator[list[tuple[int, str]]]:
    """What MkDocs logs while it reads mkdocs.yml, held back so the command can say it once, its way."""
    said: list[tuple[int, str]] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            said.append((record.levelno, record.getMessage()))

    handler = Keep(logging.WARNING)
    logger = logging.getLogger("mkdocs")
    propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield said
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


@contextmanager
def mkdocs_logging() -> Iterator[None]:
    """MkDocs' own warnings (broken links, theme problems) reach the author in plain lines."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    handler.setLevel(logging.WARNING)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.propagate = False
    # Latih's own progress lines are information, shown as they are
    progress = logging.StreamHandler(sys.stderr)
    progress.setFormatter(logging.Formatter("%(message)s"))
    progress.addFilter(lambda record: record.levelno == logging.INFO)
    latih = logging.getLogger("mkdocs.plugins.latih")
    latih.addHandler(progress)
    latih.setLevel(logging.INFO)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        latih.removeHandler(progress)


def cmd_build(session: Session, args: argparse.Namespace) -> None:
    session.load()
    build_site(session, Path(args.out) if args.out else None)


def build_site(session: Session, out: Path | None) -> Path:
    """Build the loaded course into `out` (default: site_dir), replacing only a previous Latih build."""
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException

    config = session.mkdocs_config()
    out = (out or Path(config.site_dir)).resolve()
    session.refuse_folder(out)
    # Build beside the target and swap only on success: a failed build leaves the old site as it was
    tmp = out.parent / f".{out.name}.latih-new-{os.getpid()}"
    old = out.parent / f".{out.name}.latih-old-{os.getpid()}"
    _remove_leftovers(out)
    session.say("building", out=out)
    started = time.monotonic()
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with mkdocs_logging():
            config["site_dir"] = str(tmp)
            build(config)
        mark_build(tmp, session.course_id)
        if out.exists():
            out.rename(old)
        tmp.rename(out)
    except (MkDocsException, OSError, Exception) as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if old.exists() and not out.exists():
            old.rename(out)
        detail = getattr(exc, "message", None) or str(exc) or type(exc).__name__
        print(f"{message(session.language, 'error_prefix')}: {detail.strip()}", file=sys.stderr)
        raise session.fail("build_failed", out=out) from None
    except KeyboardInterrupt:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    shutil.rmtree(old, ignore_errors=True)
    pages = sum(1 for p in out.rglob("*.html") if p.name != "404.html")
    session.say("built", pages=pages, out=out, seconds=f"{time.monotonic() - started:.1f}")
    return out


def _remove_leftovers(out: Path) -> None:
    """Temporary folders of a build that was killed before it could clean up after itself."""
    for leftover in sorted(out.parent.glob(f".{out.name}.latih-*-*")):
        pid = leftover.name.rsplit("-", 1)[-1]
        if not pid.isdigit() or Path(f"/proc/{pid}").exists():
            continue  # another build still running
        if ".latih-old-" in leftover.name and not out.exists() and (leftover / MARKER).is_file():
            leftover.rename(out)  # killed between the two renames: the previous site comes back
        elif leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)


def cmd_serve(session: Session, args: argparse.Namespace) -> None:
    from generator.preview import Refused, serve

    # The course may have errors: the preview starts anyway and shows them in the browser
    session.language = load_course(session.layout()).language
    try:
        with mkdocs_logging():
            serve(session.mkdocs_config(), args.dev_addr, session.language)
    except Refused as exc:
        session.language = exc.language
        raise session.fail(exc.key, **exc.values) from None


def cmd_init(session: Session, args: argparse.Namespace) -> None:
    target = Path(args.dir)
    if target.exists() and any(target.iterdir()):
        raise session.fail("init_exists", folder=target)
    shutil.copytree(STARTER, target, dirs_exist_ok=True)
    write_schemas(target / SCHEMA_DIR)
    session.say("init_done", folder=target)


STARTER_LESSON = """\
# yaml-language-server: $schema=../.latih/schema/lesson.schema.json
# A lesson. Markdown fields: body. The rest is plain text.
id: {id}
title: Judul pelajaran
summary: Satu kalimat yang muncul di daftar dan pencarian.
duration_minutes: 15
objectives:               # apa yang dapat dilakukan peserta setelah pelajaran ini
  - ...
body: |
  ## Subjudul

  Isi pelajaran dalam Markdown.
key_points:               # ringkasan di akhir pelajaran
  - ...
references: []            # id dari katalog references di site_config/course.yml
# quiz: cek-{id}          # kuis yang ditawarkan di akhir pelajaran
"""

STARTER_QUIZ = """\
# yaml-language-server: $schema=../.latih/schema/quiz.schema.json
# A quiz. kind: practice | pretest | posttest | exam
id: {id}
title: Judul kuis
kind: practice
description: Apa yang akan dikerjakan peserta.
# pass_mark: 80           # bawaan dari course.yml
# draw: 10                # ambil sekian soal acak dari bank per percobaan
questions:
  - id: soal-pertama
    type: true_false      # true_false | single | multiple
    topic: umum           # nilai dipecah per topik
    scenario: |
      Saya ...
    prompt: Apakah ini pelanggaran?
    answer: true          # true memilih label pertama dari true_false_labels
    explanation: |
      Mengapa, dan aturan mana yang mengaturnya.
    references: []
  - id: soal-kedua
    type: single          # tepat satu opsi benar
    prompt: ...
    options:
      - text: Opsi A
        correct: true
        feedback: Mengapa opsi ini benar.
      - text: Opsi B
        feedback: Mengapa opsi ini kurang tepat.
      - text: Opsi C
        feedback: Mengapa opsi ini kurang tepat.
    explanation: ...
"""


def cmd_new(session: Session, args: argparse.Namespace) -> None:
    import re

    if not re.match(SLUG_PATTERN, args.id):
        raise session.fail("bad_slug", value=args.id)
    layout = session.layout()
    folder, text = (
        (layout.content_dir, STARTER_LESSON) if args.kind == "lesson" else (layout.quizzes_dir, STARTER_QUIZ)
    )
    path = folder / f"{args.id}.yml"
    if path.exists():
        raise session.fail("new_exists", path=path)
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(text.format(id=args.id), encoding="utf-8")
    session.say("new_done", path=path)


def write_schemas(folder: Path) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for name, model in SCHEMAS.items():
        schema = model.model_json_schema()
        schema["$id"] = f"https://latih.invalid/schema/v{FORMAT_VERSION}/{name}.schema.json"
        schema["title"] = f"Latih {name} (format {FORMAT_VERSION})"
        (folder / f"{name}.schema.json").write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n")
        names.append(f"{name}.schema.json")
    return names


def cmd_schema(session: Session, args: argparse.Namespace) -> None:
    folder = Path(args.out) if args.out else session.config_file.parent / SCHEMA_DIR
    for name in SCHEMAS:
        target = folder / f"{name}.schema.json"
        # A schema Latih wrote before (any version) carries Latih's $id: replacing it loses nothing
        if not _latih_schema(target):
            session.refuse_file(target, args.force)
    names = write_schemas(folder)
    session.say("schema_done", folder=folder, files=", ".join(names))


def _latih_schema(path: Path) -> bool:
    try:
        return json.loads(path.read_text(encoding="utf-8")).get("$id", "").startswith("https://latih.invalid/")
    except (OSError, ValueError, AttributeError):
        return False


def cmd_declarations(session: Session, args: argparse.Namespace) -> None:
    import datetime as dt

    from generator.documents import chromium, declarations_html, print_pdf
    from generator.participant import participant_fields
    from generator.roster import Person, read_roster

    loaded = session.load()
    assert loaded.course is not None
    if loaded.course.model.declaration is None:
        raise session.fail("no_declaration")
    if args.roster:
        try:
            raw = Path(args.roster).read_bytes()
        except OSError as exc:
            raise session.fail("unreadable_file", path=args.roster, reason=exc.strerror or exc) from None
        text = raw.decode("utf-8", errors="replace")
        fields = participant_fields(loaded.course.model, ui_strings(session.language))
        labels = {f.id: f.label for f in fields}
        number = next((f for f in fields if f.id == "nip"), None)
        roster = read_roster(text, labels, number.rule if number else "", number.pattern if number else "")
        if roster.missing_columns:
            raise session.fail("roster_no_name", path=args.roster)
        ui = ui_strings(session.language)
        for bad in roster.bad:
            value = f" ({bad.value})" if bad.value else ""
            reason = number.message if bad.reason == "field_invalid" and number else ui[bad.reason]
            print(f"{args.roster}:{bad.row}: {reason}{value}", file=sys.stderr)
        people = roster.people
    else:
        people = [Person("")] * args.blank
    if not people:
        raise session.fail("roster_empty", path=args.roster)
    day = dt.date.fromisoformat(args.date) if args.date else dt.date.today()
    out = Path(args.out)
    session.refuse_file(out, args.force)
    if args.pdf:
        session.refuse_file(Path(args.pdf), args.force)
    out.write_text(declarations_html(loaded, people, args.place or "", day), encoding="utf-8")
    session.wrote(out)
    session.say("declarations_done", count=len(people), path=out)
    if args.pdf:
        browser = chromium()
        if browser is None:
            raise session.fail("no_chromium")
        print_pdf(out, Path(args.pdf), browser)
        session.wrote(Path(args.pdf))
        session.say("declarations_pdf", path=args.pdf)


def cmd_package(session: Session, args: argparse.Namespace) -> None:
    import re
    import tempfile

    from generator.package import scorm_package, zip_site

    if args.scorm:
        # An LMS serves participants: a graded quiz's facilitator page would put its answers one
        # predictable address away from the score the LMS records
        plugin = session.mkdocs_config().plugins.get("latih")
        if plugin is not None and plugin.config["facilitator_pages"] == "all":
            plugin.config["facilitator_pages"] = "practice"
    loaded = session.load()
    assert loaded.course is not None
    course = loaded.course.model
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", f"{course.id}-{course.version}")
    out = Path(args.out or f"{name}{'-scorm' if args.scorm else ''}.zip").resolve()
    session.refuse_file(out, args.force)
    with tempfile.TemporaryDirectory(prefix="latih-package-") as tmp:
        # The same build as `latih build`, into a fresh folder nobody else sees
        site = build_site(session, Path(tmp) / "site")
        session.say("packing", out=out)
        try:
            if args.scorm:
                count = scorm_package(site, loaded, out)
            else:
                note = message(session.language, "package_note", title=course.title, version=course.version)
                count = zip_site(site, out, note, message(session.language, "package_note_name"))
        except OSError as exc:
            raise session.fail("package_failed", out=out, reason=exc.strerror or exc) from None
    session.wrote(out)
    session.say("packed", files=count, size=f"{out.stat().st_size / 1e6:.1f}", out=out)
    session.say("packed_scorm" if args.scorm else "packed_zip")


def cmd_verify(session: Session, args: argparse.Namespace) -> None:
    from generator.report import ReadError, iter_verify

    loaded = session.load()
    # An argument that names a file or folder is read like `latih report` reads it; others are codes.
    paths = [a for a in args.codes if Path(a).exists()] + list(args.file or [])
    codes = [a for a in args.codes if not Path(a).exists()]
    if any("*" in code for code in codes):  # parts of a code read from several QR codes
        codes = join_qr_parts("\n".join(codes)).splitlines()
    status: list[int] = []
    shown = 0
    try:
        for line in iter_verify(codes, loaded, session.language, paths, status, ref=args.ref):
            shown += 1
            print(line)
    except ReadError as exc:
        raise _report_failure(session, exc) from None
    if args.ref and not shown:
        raise session.fail("verify_no_reference", reference=args.ref)
    if status and status[0]:
        raise Failure()


def cmd_report(session: Session, args: argparse.Namespace) -> None:
    from generator.i18n import report_strings
    from generator.report import ReadError, collect_files, export, render_report, summarise

    loaded = session.load()
    t = report_strings(session.language)
    try:
        if args.csv:
            export.check_folder(Path(args.csv), args.force)
        collected = collect_files(
            args.files, loaded, group_by=args.group_by, progress=True, label=t["progress"]
        )
        if args.group_by and "group" not in collected.form_roles:
            columns = ", ".join(collected.extra.get("columns", [])) or "–"  # type: ignore[arg-type]
            raise ReadError("error_group_by", column=args.group_by, columns=columns)
        report, tables = summarise(collected, loaded, group_by=args.group_by)
        session.refuse_file(Path(args.out), args.force)
        Path(args.out).write_text(render_report(report), encoding="utf-8")
        session.wrote(Path(args.out))
        counts = {"files": len(report.files), "codes": report.found, "lines": report.without_code}
        print(t["files_read"].format(**counts))
        if args.csv:
            names = export.write(Path(args.csv), report, tables, parquet=args.parquet)
            print(t["export_done"].format(path=args.csv, files=", ".join(names)))
    except ReadError as exc:
        raise _report_failure(session, exc) from None
    except OSError as exc:
        path = exc.filename or args.out
        raise session.fail("unreadable_file", path=path, reason=exc.strerror or exc) from None
    session.say("report_done", path=args.out)


def _report_failure(session: Session, exc: Exception) -> Failure:
    from generator.i18n import report_strings

    text = report_strings(session.language)[exc.key].format(**exc.values)  # type: ignore[attr-defined]
    print(f"{message(session.language, 'error_prefix')}: {text}", file=sys.stderr)
    return Failure()


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="latih", description="Latih: situs pelatihan statis dari YAML.")
    p.add_argument("-f", "--config-file", metavar="PATH", help="mkdocs.yml kursus (bawaan: ./mkdocs.yml)")
    sub = p.add_subparsers(dest="command", required=True, metavar="PERINTAH")
    ch = sub.add_parser("check", help="periksa semua berkas kursus")
    ch.add_argument("--strict", action="store_true", help="temuan penulisan soal dihitung sebagai galat")
    ch.set_defaults(run=cmd_check)
    b = sub.add_parser("build", help="periksa, lalu bangun situs")
    b.add_argument("--out", metavar="DIR", help="folder hasil (bawaan: site_dir di mkdocs.yml)")
    b.set_defaults(run=cmd_build)
    s = sub.add_parser("serve", help="pratinjau langsung; suntingan memuat ulang halaman")
    s.add_argument(
        "-a", "--dev-addr", metavar="HOST:PORT", help="alamat pratinjau (bawaan: dev_addr di mkdocs.yml)"
    )
    s.set_defaults(run=cmd_serve)
    i = sub.add_parser("init", help="tulis kursus baru yang siap dibangun")
    i.add_argument("dir", metavar="DIR")
    i.set_defaults(run=cmd_init)
    n = sub.add_parser("new", help="tulis berkas pelajaran atau kuis awal")
    n.add_argument("kind", choices=["lesson", "quiz"])
    n.add_argument("id", metavar="ID")
    n.set_defaults(run=cmd_new)
    sc = sub.add_parser("schema", help="tulis JSON Schema untuk penyunting")
    sc.add_argument("--out", metavar="DIR")
    sc.add_argument("--force", action="store_true", help="timpa berkas yang ada walau bukan tulisan Latih")
    sc.set_defaults(run=cmd_schema)
    d = sub.add_parser("declarations", help="cetak pernyataan netralitas untuk daftar peserta (CSV)")
    d.add_argument(
        "roster", nargs="?", metavar="ROSTER.csv", help="daftar peserta; tanpa ini: formulir kosong"
    )
    d.add_argument("--out", required=True, metavar="FILE.html")
    d.add_argument("--pdf", metavar="FILE.pdf", help="juga cetak ke PDF dengan Chromium")
    d.add_argument("--place", metavar="TEMPAT", help="tempat penandatanganan")
    d.add_argument("--date", metavar="YYYY-MM-DD", help="tanggal pada pernyataan (bawaan: hari ini)")
    d.add_argument("--blank", type=int, default=1, metavar="N", help="jumlah formulir kosong tanpa ROSTER")
    d.add_argument("--force", action="store_true", help="timpa berkas yang ada walau bukan tulisan Latih")
    d.set_defaults(run=cmd_declarations)
    v = sub.add_parser("verify", help="nilai ulang kode hasil peserta dari jawabannya")
    v.add_argument("codes", nargs="*", metavar="CODE|FILE", help="kode, atau berkas/folder berisi kode")
    v.add_argument("--file", action="append", metavar="FILE", help="berkas atau folder berisi kode")
    v.add_argument("--ref", metavar="RUJUKAN", help="hanya kode dengan rujukan ini (tercetak di sertifikat)")
    v.set_defaults(run=cmd_verify)
    r = sub.add_parser("report", help="laporan HTML dari kumpulan kode hasil")
    r.add_argument("files", nargs="+", metavar="FILE", help="berkas/folder: obrolan, kode, CSV/XLSX")
    r.add_argument("--out", default="laporan.html", metavar="FILE.html")
    r.add_argument("--group-by", metavar="KOLOM", help="kolom formulir untuk peta (bawaan: instansi)")
    r.add_argument("--csv", metavar="DIR", help="tulis hasil per peserta dan tabel instansi x topik ke DIR")
    r.add_argument("--parquet", action="store_true", help="dengan --csv: tulis Parquet, bukan CSV")
    r.add_argument("--force", action="store_true", help="timpa berkas/folder yang bukan tulisan Latih")
    r.set_defaults(run=cmd_report)
    pk = sub.add_parser("package", help="kemas situs: zip untuk luring, atau paket SCORM 1.2 untuk LMS")
    kind = pk.add_mutually_exclusive_group(required=True)
    kind.add_argument("--zip", action="store_true", help="zip yang bekerja di mana pun diekstrak")
    kind.add_argument("--scorm", action="store_true", help="paket SCORM 1.2 untuk LMS")
    pk.add_argument("--out", metavar="FILE.zip", help="bawaan: <id-kursus>-<versi>[-scorm].zip di folder ini")
    pk.add_argument("--force", action="store_true", help="timpa berkas yang ada walau bukan tulisan Latih")
    pk.set_defaults(run=cmd_package)
    return p


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    args = parser().parse_args(argv)
    session = Session(args.config_file)
    run: Callable[[Session, argparse.Namespace], None] = args.run
    try:
        run(session, args)
    except Failure:
        return 1
    except KeyboardInterrupt:
        session.say("interrupted")
        return 130
    except Exception as exc:
        if os.environ.get("LATIH_DEBUG"):
            raise
        print(f"{message(session.language, 'error_prefix')}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    return 0
