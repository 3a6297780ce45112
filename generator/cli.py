"""The command line: a thin layer over the loader, MkDocs and the other modules."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from generator import FORMAT_VERSION, __version__
from generator.course.folders import Layout
from generator.i18n import DEFAULT_LANGUAGE, cli_strings, languages, message, ui_strings
from generator.safety import write_file
from generator.session import Failure, Session, declared, mkdocs_logging
from generator.terminal import clean

# A command imports what it uses: the reader and its typed models (pydantic) only where a course is
# read, so `latih --help`, `init` or `new` start without them
if TYPE_CHECKING:
    from pydantic import BaseModel

    from generator.course.loader import LoadedCourse

# One starter per language: <language>/course/ for `init`, <language>/lesson.yml and quiz.yml for `new`
STARTER = Path(__file__).parent / "starter"
SCHEMA_DIR = ".latih/schema"
SCHEMA_NAMES = ("course", "lesson", "quiz", "decision")


def schemas() -> dict[str, type[BaseModel]]:
    """The authoring format's models, by the name of their JSON schema file."""
    from generator.schema import Course, Decision, Lesson, Quiz

    return dict(zip(SCHEMA_NAMES, (Course, Lesson, Quiz, Decision), strict=True))


def cmd_check(session: Session, args: argparse.Namespace) -> None:
    loaded = session.load(strict=args.strict)
    assert loaded.course is not None
    if args.graph:
        print_graph(session, loaded, args.graph)
        return
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


def print_graph(session: Session, loaded: LoadedCourse, ident: str) -> None:
    """A decision aid as Mermaid text on stdout (issue 29), once the course checks clean."""
    from generator.tools.graph import mermaid

    assert loaded.course is not None
    if ident not in loaded.decisions:
        known = ", ".join(sorted(loaded.decisions)) or "-"
        raise session.fail("decision_graph_unknown", id=ident, known=known)
    print(mermaid(loaded.decisions[ident].model, loaded.course.model), end="")


def key_summaries(loaded: LoadedCourse) -> list[str]:
    """One line per graded quiz: where its keys sit, so an author sees the figures of every quiz."""
    from generator.course.quality import guess, key_figures
    from generator.i18n import true_false
    from generator.schema import effective_pass_mark, option_id

    assert loaded.course is not None
    course = loaded.course.model
    labels = course.true_false_labels or true_false(course.language)
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
        # What a participant who knows nothing expects, by the cues the checks know (issue 23)
        g = guess(quiz, course.quality, course.language)
        strategies = ("best", "position", "longest", "majority", "words")
        percents = {k: round(getattr(g, k) * 100) for k in strategies}
        lines.append(
            message(
                course.language,
                "quality_guess",
                quiz=quiz.id,
                kind=quiz.kind,
                pass_mark=effective_pass_mark(course, quiz),
                **percents,
            )
        )
    return lines


def cmd_build(session: Session, args: argparse.Namespace) -> None:
    from generator.i18n import page_names

    loaded = session.load()
    out = Path(args.out) if args.out else None
    if args.facilitator:
        # The facilitator's site has its own folder beside mkdocs.yml, never the participants' one
        out = out or session.config_file.parent / page_names(loaded.language).facilitator_site
        build_site(session, out, audience="facilitator")
        session.say("built_facilitator")
    else:
        build_site(session, out)


@contextmanager
def for_build(audience: str | None = None, target: str | None = None) -> Iterator[None]:
    """The build is for `audience` and runs on `target` (the plugin reads them from the environment);
    None: as mkdocs.yml says."""
    from generator.site.plugin import AUDIENCE_VARIABLE, TARGET_VARIABLE

    wanted = {AUDIENCE_VARIABLE: audience, TARGET_VARIABLE: target}
    before = {name: os.environ.pop(name, None) for name in wanted}
    os.environ.update({name: value for name, value in wanted.items() if value is not None})
    try:
        yield
    finally:
        for name, value in before.items():
            os.environ.pop(name, None)
            if value is not None:
                os.environ[name] = value


def build_site(
    session: Session, out: Path | None, audience: str | None = None, target: str | None = None
) -> Path:
    """Build the loaded course into `out` (default: site_dir), replacing only a previous Latih build.

    `audience`: "participants" or "facilitator" whatever mkdocs.yml says; `target`: "web" or "scorm"
    (bundles.TARGETS) whatever it says; None: as it says."""
    from generator.site.build import BuildFailed, OutputChanged
    from generator.site.build import build_site as build
    from generator.site.plugin import audience_of

    config = session.mkdocs_config()
    out = (out or Path(config.site_dir)).resolve()
    who = audience_of(config, audience)
    session.refuse_folder(out, who)
    session.say("building", out=out)
    started = time.monotonic()
    try:
        with mkdocs_logging(session.said), for_build(audience, target):
            pages = build(config, out, session.course_id, who)
    except BuildFailed as exc:
        print(f"{message(session.language, 'error_prefix')}: {clean(exc.detail)}", file=sys.stderr)
        raise session.fail("build_failed", out=out) from None
    except OutputChanged as exc:
        raise session.fail(exc.key, **exc.values) from None
    session.say("built", pages=pages, out=out, seconds=f"{time.monotonic() - started:.1f}")
    return out


def cmd_serve(session: Session, args: argparse.Namespace) -> None:
    from generator.course.loader import load_course
    from generator.site.preview import Refused, serve

    # The course may have errors: the preview starts anyway and shows them in the browser
    session.language = load_course(session.layout()).language
    try:
        with mkdocs_logging(), for_build("facilitator" if args.facilitator else None):
            serve(session.mkdocs_config(), args.dev_addr, session.language)
    except Refused as exc:
        session.language = exc.language
        raise session.fail(exc.key, **exc.values) from None


def cmd_init(session: Session, args: argparse.Namespace) -> None:
    target = Path(args.dir)
    if target.exists() and any(target.iterdir()):
        raise session.fail("init_exists", folder=target)
    language = args.language or session.language
    session.language = language
    shutil.copytree(STARTER / language / "course", target, dirs_exist_ok=True)
    write_schemas(target / SCHEMA_DIR)
    session.say("init_done", folder=target)


def cmd_new(session: Session, args: argparse.Namespace) -> None:
    import re

    from generator.schema import SLUG_PATTERN

    if not re.match(SLUG_PATTERN, args.id):
        raise session.fail("bad_slug", value=args.id)
    layout = session.layout()
    folder = layout.content_dir if args.kind == "lesson" else layout.quizzes_dir
    text = (STARTER / session.language / f"{args.kind}.yml").read_text(encoding="utf-8")
    path = folder / f"{args.id}.yml"
    if path.exists() or path.is_symlink():  # a dangling link would create its target elsewhere
        raise session.fail("new_exists", path=path)
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(text.replace("__ID__", args.id), encoding="utf-8")
    session.say("new_done", path=path)


def write_schemas(folder: Path) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for name, model in schemas().items():
        schema = model.model_json_schema()
        schema["$id"] = f"https://latih.invalid/schema/v{FORMAT_VERSION}/{name}.schema.json"
        schema["title"] = f"Latih {name} (format {FORMAT_VERSION})"
        write_file(folder / f"{name}.schema.json", json.dumps(schema, indent=2, ensure_ascii=False) + "\n")
        names.append(f"{name}.schema.json")
    return names


def cmd_schema(session: Session, args: argparse.Namespace) -> None:
    folder = Path(args.out) if args.out else session.config_file.parent / SCHEMA_DIR
    for name in SCHEMA_NAMES:
        target = folder / f"{name}.schema.json"
        # A schema Latih wrote before (any version) carries Latih's $id: replacing it loses nothing
        if not _latih_schema(target):
            session.refuse_file(target, args.force)
    names = write_schemas(folder)
    session.say("schema_done", folder=folder, files=", ".join(names))


def _latih_schema(path: Path) -> bool:
    try:
        return (
            json.loads(path.read_text(encoding="utf-8")).get("$id", "").startswith("https://latih.invalid/")
        )
    except (OSError, ValueError, AttributeError):
        return False


def cmd_declarations(session: Session, args: argparse.Namespace) -> None:
    import datetime as dt

    from generator.participant import Person, participant_fields
    from generator.roster import read_roster
    from generator.tools.documents import chromium, declarations_html, print_pdf

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
        # One rule with the roster page: a named row with an unusable number prints, the number blank
        label = number.label if number else ui["field_number"]
        for title, rows in (
            (ui["roster_blank_number"].format(label=label), roster.blank_number()),
            (ui["roster_bad"], roster.skipped()),
        ):
            if rows:
                print(clean(title), file=sys.stderr)
            for bad in rows:
                value = f" ({bad.value})" if bad.value else ""
                reason = number.message if bad.reason == "field_invalid" and number else ui[bad.reason]
                print(clean(f"{args.roster}:{bad.row}: {reason}{value}"), file=sys.stderr)
        people = roster.printed
    else:
        people = [Person("")] * args.blank
    if not people:
        raise session.fail("roster_empty", path=args.roster)
    day = dt.date.fromisoformat(args.date) if args.date else dt.date.today()
    out = Path(args.out)
    session.refuse_file(out, args.force)
    if args.pdf:
        session.refuse_file(Path(args.pdf), args.force)
    write_file(out, declarations_html(loaded, people, args.place or "", day))
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

    from generator.tools.package import scorm_package, zip_site

    loaded = session.load()
    assert loaded.course is not None
    course = loaded.course.model
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", f"{course.id}-{course.version}")
    out = Path(args.out or f"{name}{'-scorm' if args.scorm else ''}.zip").resolve()
    session.refuse_file(out, args.force)
    with tempfile.TemporaryDirectory(prefix="latih-package-") as tmp:
        # The same build as `latih build`, into a fresh folder nobody else sees
        # A package is for participants (on a stick, in an LMS), whatever mkdocs.yml says; a SCORM
        # package's site is built for SCORM (its bundles report to the LMS), a zip's for the web
        target = "scorm" if args.scorm else "web"
        site = build_site(session, Path(tmp) / "site", audience="participants", target=target)
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
    from generator.results import join_qr_parts
    from generator.tools.credentials import tokens_among, verify_lines
    from generator.tools.report.reading import ReadError
    from generator.tools.verify import iter_verify

    loaded = session.load()
    # Signed certificates (.jwt files, or their text or verification address) are checked apart
    args.codes, signed = tokens_among(args.codes)
    args.file, more = tokens_among(list(args.file or []))
    signed += more
    credential_failed = False
    if signed:
        said, warnings, credential_failed = verify_lines(signed, loaded.layout.config_dir, session.language)
        for line in warnings:
            print(line, file=sys.stderr)
        for line in said:
            print(clean(line))
    if signed and not args.codes and not args.file:
        if credential_failed:
            raise Failure()
        return
    # An argument that looks like a path and names a file or folder is read like `latih report`
    # reads it; others (a code of any length) are codes.
    paths = [a for a in args.codes if names_file(a)] + list(args.file or [])
    codes = [a for a in args.codes if not names_file(a)]
    if any("*" in code for code in codes):  # parts of a code read from several QR codes
        codes = join_qr_parts("\n".join(codes)).splitlines()
    status: list[int] = []
    shown = 0
    try:
        for line in iter_verify(codes, loaded, session.language, paths, status, ref=args.ref):
            shown += 1
            print(clean(line))
    except ReadError as exc:
        raise _report_failure(session, exc) from None
    if args.ref and not shown:
        raise session.fail("verify_no_reference", reference=args.ref)
    if (status and status[0]) or credential_failed:
        raise Failure()


def names_file(arg: str) -> bool:
    """True when a command-line argument is a file or folder to read, not a results code."""
    if not arg.strip():
        return False
    if "latih1" in arg[:64].casefold() and "/" not in arg and "\\" not in arg:
        return False
    try:
        return Path(arg).exists()
    except (OSError, ValueError):  # too long a name, or a NUL: not a path
        return False


def cmd_report(session: Session, args: argparse.Namespace) -> None:
    # Polars' allocator gives memory back at once: a national report's phases each need a lot of it.
    # Set before Polars loads, by this command only (not by everyone importing the report's modules)
    os.environ.setdefault("_RJEM_MALLOC_CONF", "dirty_decay_ms:0,muzzy_decay_ms:0")
    from generator.i18n import report_strings
    from generator.tools.report import ReadError, collect_files, export, render_report, summarise

    loaded = session.load()
    t = report_strings(session.language)
    # Personal data never goes where it would be published: the sources, or the site folder
    site = Path(session.mkdocs_config().site_dir)
    private = [*session.sources().folders, site]
    out = Path(args.out)
    if out.resolve().is_relative_to(site.resolve()):
        raise session.fail("out_private_in_site", path=out, site=site)
    try:
        if args.csv:
            export.check_folder(
                Path(args.csv), args.force, private, parquet=args.parquet, root=session.config_file.parent
            )
        collected = collect_files(
            args.files, loaded, group_by=args.group_by, progress=True, label=t["progress"]
        )
        if args.group_by and "group" not in collected.form_roles:
            columns = ", ".join(collected.extra.get("columns", [])) or "–"  # type: ignore[arg-type]
            raise ReadError("error_group_by", column=args.group_by, columns=columns)
        report, tables = summarise(
            collected, loaded, group_by=args.group_by, rule=args.attempts, analyse=args.statistics_attempts
        )
        session.refuse_file(out, args.force)
        write_file(out, render_report(report))
        session.wrote(out)
        counts = {"files": len(report.files), "codes": report.found, "lines": report.without_code}
        print(t["files_read"].format(**counts))
        if report.conflicts:
            print(clean(t["conflicts"].format(count=report.conflict_count)))
            for c in report.conflicts[:20]:
                line = t["conflict_names" if c.reason == "names" else "conflict_future"]
                print("  " + clean(line.format(nip=c.nip, names=c.names)))
        empty = [clean(name) for name in collected.extra.get("empty_files", [])]  # type: ignore[union-attr]
        if empty:
            shown = ", ".join(empty[:20]) + (" …" if len(empty) > 20 else "")
            print(t["files_without_code"].format(count=len(empty), files=shown))
        if args.csv:
            names = export.write(Path(args.csv), report, tables, parquet=args.parquet)
            session.wrote(*export.targets(Path(args.csv), args.parquet))
            print(t["export_done"].format(path=args.csv, files=", ".join(names)))
    except ReadError as exc:
        raise _report_failure(session, exc) from None
    except OSError as exc:
        path = exc.filename or args.out
        raise session.fail("unreadable_file", path=path, reason=exc.strerror or exc) from None
    session.say("report_done", path=args.out)


def cmd_import(session: Session, args: argparse.Namespace) -> None:
    from generator.course.loader import load_course
    from generator.i18n import true_false
    from generator.problems import in_order
    from generator.tools.banks import import_banks, write_template
    from generator.tools.banks.refs import Catalogue

    if args.template:
        out = Path(args.template)
        session.refuse_file(out, args.force)
        write_template(out, session.language)
        session.wrote(out)
        session.say("template_done", path=out)
        if not args.files:
            return
    if not args.files:
        raise session.fail("import_nothing")
    # In a course: its language, true/false labels, references and quizzes folder; outside one, defaults
    loaded = load_course(session.layout()) if session.config_file.is_file() else None
    course = loaded.course.model if loaded is not None and loaded.course is not None else None
    if loaded is not None:
        session.language = loaded.language
    labels = tuple((course.true_false_labels if course else None) or true_false(session.language))
    catalogue = Catalogue(session.language, course.references if course else {})
    default = session.layout().quizzes_dir if loaded is not None else Path("quizzes")
    out = Path(args.out) if args.out else default
    files = [Path(f) for f in args.files]
    result = import_banks(files, out, labels, catalogue, quiz_id=args.quiz)  # type: ignore[arg-type]
    for p in in_order(result.problems):
        print(p.format(session.language, Path.cwd()), file=sys.stderr)
    taken = {**(loaded.lessons if loaded else {}), **(loaded.quizzes if loaded else {})}
    for planned in result.quizzes:
        if planned.path.exists():
            raise session.fail("import_exists", path=planned.path)
        if planned.quiz_id in taken:
            raise session.fail("import_id_taken", id=planned.quiz_id, path=taken[planned.quiz_id].path)
    errors = len(result.errors)
    if errors and not args.partial:
        raise session.fail("import_refused", errors=errors)
    if not result.quizzes:
        raise session.fail("import_no_questions")
    out.mkdir(parents=True, exist_ok=True)
    for planned in result.quizzes:
        with planned.path.open("x", encoding="utf-8") as f:  # "x": never replace a file
            f.write(planned.text)
        session.say("import_done", path=planned.path, count=planned.questions)
    if errors:
        session.say("import_left_out", count=result.left_out)
    if loaded is not None:
        # The check of the new files, as `latih check` says it: item-writing findings are the author's
        written = {p.path.resolve() for p in result.quizzes}
        for p in load_course(session.layout()).problems.sorted():
            if p.path.resolve() in written:
                print(p.format(session.language, Path.cwd()), file=sys.stderr)
    session.say("import_check")


def cmd_export(session: Session, args: argparse.Namespace) -> None:
    from generator.tools.banks import export_quizzes
    from generator.tools.banks.export import default_name

    loaded = session.load()
    assert loaded.course is not None
    quizzes = loaded.quiz_models()
    for quiz_id in args.quizzes:
        if quiz_id not in quizzes:
            raise session.fail("export_unknown_quiz", id=quiz_id, quizzes=", ".join(quizzes))
    chosen = [quizzes[q] for q in dict.fromkeys(args.quizzes)]
    course = loaded.course.model
    out = Path(args.out or default_name(course, chosen, args.format))
    session.refuse_file(out, args.force)
    write_file(out, export_quizzes(chosen, course, args.format))
    session.wrote(out)
    count = sum(len(q.questions) for q in chosen)
    session.say("export_done", path=out, questions=count, quizzes=len(chosen), format=args.format)


def cmd_keys(session: Session, args: argparse.Namespace) -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from generator.tools.keys import (
        default_folder,
        key_refusal,
        new_issuer_id,
        pin_public_key,
        public_jwk,
        write_private_key,
    )

    loaded = session.load()
    assert loaded.course is not None
    course = loaded.course.model
    config = session.mkdocs_config()
    private = Ed25519PrivateKey.generate()
    jwk = public_jwk(private.public_key())
    default = default_folder() / f"{course.id}-{jwk['kid'][:12]}.pem"
    out = Path(args.out) if args.out else default
    refusal = key_refusal(out, session.sources(), [Path(config.site_dir)])
    if refusal is not None:
        raise session.fail(refusal.key, path=refusal.path, default=default)
    organization = course.organization.name if course.organization else course.title
    issuer_name = args.issuer_name or organization
    try:
        write_private_key(out, private)
    except OSError as exc:
        raise session.fail("unreadable_file", path=out, reason=exc.strerror or exc) from None
    session.say("keys_done", path=out.resolve(), issuer=issuer_name)
    issuer_id = args.issuer_id or new_issuer_id(config.site_url)
    keys = pin_public_key(loaded.layout.config_dir, jwk, issuer_id, issuer_name)
    count = len(json.loads(keys.read_text(encoding="utf-8"))["keys"])
    session.say("keys_pinned", kid=jwk["kid"], path=keys, count=count)


def cmd_certificates(session: Session, args: argparse.Namespace) -> None:
    import datetime as dt

    from generator.credential import REVOKED_FILE
    from generator.tools.certify import Refused, check_out, issue_all, revoke
    from generator.tools.documents import chromium

    loaded = session.load()
    assert loaded.course is not None
    try:
        if args.revoke:
            path = loaded.layout.config_dir / REVOKED_FILE
            for ident, newly in revoke(loaded.layout.config_dir, args.revoke):
                said = "certificates_revoked" if newly else "certificates_already_revoked"
                session.say(said, id=ident, path=path)
            return
        if not args.files or not args.key or not args.out:
            raise session.fail("certificates_need_files")
        if loaded.course.model.certificate is None:
            raise session.fail("certificates_no_certificate")
        # The QR code on paper must open the course's own verification page: no address, no certificate
        site_url = args.site_url or session.mkdocs_config().site_url
        if not site_url:
            raise session.fail("certificates_no_site_url")
        valid_until = None
        if args.valid_until:
            try:
                day = dt.date.fromisoformat(args.valid_until)
            except ValueError:
                raise session.fail("certificates_bad_date", value=args.valid_until) from None
            valid_until = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC) + dt.timedelta(days=1)
        out = Path(args.out)
        check_out(out, session.sources())
        browser = None
        if not args.no_pdf:
            browser = chromium()
            if browser is None:
                raise session.fail("no_chromium")
        done = issue_all(loaded, args.files, Path(args.key), out, site_url, valid_until, browser)
    except Refused as exc:
        raise session.fail(exc.key, **exc.values) from None
    session.say(
        "certificates_done",
        issued=done.issued,
        refused=len(done.outcomes) - done.issued,
        summary=done.summary,
    )


def _report_failure(session: Session, exc: Exception) -> Failure:
    from generator.i18n import report_strings

    values = {k: clean(v) for k, v in exc.values.items()}  # type: ignore[attr-defined]
    text = report_strings(session.language)[exc.key].format(**values)  # type: ignore[attr-defined]
    print(f"{message(session.language, 'error_prefix')}: {text}", file=sys.stderr)
    return Failure()


def parser(language: str = DEFAULT_LANGUAGE) -> argparse.ArgumentParser:
    """The command line's grammar; build and use it inside `argparse_words(language)`."""
    h = cli_strings(language, "help")
    p = argparse.ArgumentParser(prog="latih", description=h["program"], epilog=h["epilog"])
    p.add_argument("--version", action="version", version=f"latih {__version__}", help=h["version"])
    p.add_argument("-f", "--config-file", metavar=h["path"], help=h["config_file"])
    # As with mkdocs, -f also goes after the command: `latih build -f PATH/mkdocs.yml`
    course = argparse.ArgumentParser(add_help=False)
    course.add_argument(
        "-f", "--config-file", metavar=h["path"], default=argparse.SUPPRESS, help=h["config_file"]
    )
    sub = p.add_subparsers(dest="command", required=True, metavar=h["command"], title=h["commands"])

    def command(name: str, run: Callable[[Session, argparse.Namespace], None], reads_course: bool = True):  # type: ignore[no-untyped-def]
        c = sub.add_parser(name, help=h[name], description=h[name], parents=[course] if reads_course else [])
        c.set_defaults(run=run)
        return c

    def force(c: argparse.ArgumentParser) -> None:
        c.add_argument("--force", action="store_true", help=h["force"])

    ch = command("check", cmd_check)
    ch.add_argument("--strict", action="store_true", help=h["check_strict"])
    ch.add_argument("--graph", metavar="ID", help=h["check_graph"])
    b = command("build", cmd_build)
    b.add_argument("--out", metavar=h["m_dir"], help=h["build_out"])
    b.add_argument("--facilitator", action="store_true", help=h["build_facilitator"])
    s = command("serve", cmd_serve)
    s.add_argument("-a", "--dev-addr", metavar=h["m_addr"], help=h["serve_addr"])
    s.add_argument("--facilitator", action="store_true", help=h["serve_facilitator"])
    i = command("init", cmd_init, reads_course=False)
    i.add_argument("dir", metavar=h["m_dir"], help=h["init_dir"])
    i.add_argument("--language", choices=languages(), help=h["init_language"])
    n = command("new", cmd_new)
    n.add_argument("kind", choices=["lesson", "quiz"], help=h["new_kind"])
    n.add_argument("id", metavar="ID", help=h["new_id"])
    sc = command("schema", cmd_schema)
    sc.add_argument("--out", metavar=h["m_dir"], help=h["schema_out"])
    force(sc)
    d = command("declarations", cmd_declarations)
    d.add_argument("roster", nargs="?", metavar=h["m_roster"], help=h["roster"])
    d.add_argument("--out", required=True, metavar=h["m_html"], help=h["declarations_out"])
    d.add_argument("--pdf", metavar=h["m_pdf"], help=h["pdf"])
    d.add_argument("--place", metavar=h["m_place"], help=h["place"])
    d.add_argument("--date", metavar=h["m_date"], help=h["date"])
    d.add_argument("--blank", type=int, default=1, metavar="N", help=h["blank"])
    force(d)
    v = command("verify", cmd_verify)
    v.add_argument("codes", nargs="*", metavar=h["m_code"], help=h["codes"])
    v.add_argument("--file", action="append", metavar=h["m_file"], help=h["codes_file"])
    v.add_argument("--ref", metavar=h["m_ref"], help=h["verify_ref"])
    r = command("report", cmd_report)
    r.add_argument("files", nargs="+", metavar=h["m_file"], help=h["report_file"])
    r.add_argument("--out", default=h["report_default"], metavar=h["m_html"], help=h["report_out"])
    r.add_argument("--group-by", metavar=h["m_column"], help=h["report_group_by"])
    r.add_argument("--csv", metavar=h["m_dir"], help=h["report_csv"])
    r.add_argument("--parquet", action="store_true", help=h["report_parquet"])
    r.add_argument("--attempts", choices=["first", "best", "last"], help=h["report_attempts"])
    r.add_argument(
        "--statistics-attempts",
        choices=["all", "first", "best", "last"],
        help=h["report_statistics_attempts"],
    )
    force(r)
    pk = command("package", cmd_package)
    kind = pk.add_mutually_exclusive_group(required=True)
    kind.add_argument("--zip", action="store_true", help=h["package_zip"])
    kind.add_argument("--scorm", action="store_true", help=h["package_scorm"])
    pk.add_argument("--out", metavar=h["m_zip"], help=h["package_out"])
    force(pk)
    im = command("import", cmd_import)
    im.add_argument("files", nargs="*", metavar=h["m_file"], help=h["import_files"])
    im.add_argument("--quiz", metavar=h["m_quiz"], help=h["import_quiz"])
    im.add_argument("--out", metavar=h["m_dir"], help=h["import_out"])
    im.add_argument("--partial", action="store_true", help=h["import_partial"])
    im.add_argument("--template", metavar=h["m_xlsx"], help=h["import_template"])
    force(im)
    ex = command("export", cmd_export)
    ex.add_argument("quizzes", nargs="+", metavar=h["m_quiz"], help=h["export_quiz"])
    ex.add_argument("--format", required=True, choices=["moodle-xml", "gift"], help=h["export_format"])
    ex.add_argument("--out", metavar=h["m_file"], help=h["export_out"])
    force(ex)

    ks = command("keys", cmd_keys)
    ks.add_argument("action", choices=["new"], help=h["keys_action"])
    ks.add_argument("--out", metavar=h["m_key"], help=h["keys_out"])
    ks.add_argument("--issuer-name", metavar=h["m_name"], help=h["keys_issuer_name"])
    ks.add_argument("--issuer-id", metavar=h["m_url"], help=h["keys_issuer_id"])
    ce = command("certificates", cmd_certificates)
    ce.add_argument("files", nargs="*", metavar=h["m_file"], help=h["certificates_files"])
    ce.add_argument("--key", metavar=h["m_key"], help=h["certificates_key"])
    ce.add_argument("--out", metavar=h["m_dir"], help=h["certificates_out"])
    ce.add_argument("--site-url", metavar=h["m_url"], help=h["certificates_site_url"])
    ce.add_argument("--valid-until", metavar=h["m_date"], help=h["certificates_valid_until"])
    ce.add_argument("--no-pdf", action="store_true", help=h["certificates_no_pdf"])
    ce.add_argument("--revoke", action="append", metavar=h["m_id"], help=h["certificates_revoke"])
    return p


@contextmanager
def argparse_words(language: str) -> Iterator[None]:
    """argparse's own words ("usage", "options", its errors) in the interface language.

    argparse looks its words up through the module's gettext functions at the moment it uses
    them, so they are swapped for the locale's table while the parser is built and used.
    """
    table = cli_strings(language, "argparse")
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._ = lambda text: table.get(text, text)  # type: ignore[attr-defined]
    argparse.ngettext = lambda one, many, n: table.get(one if n == 1 else many, one if n == 1 else many)  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


def _config_file_in(argv: list[str]) -> str | None:
    """The -f value wherever it stands, read before parsing so that --help speaks the course's language."""
    found = None
    for i, arg in enumerate(argv):
        if arg in ("-f", "--config-file") and i + 1 < len(argv):
            found = argv[i + 1]
        elif arg.startswith("--config-file="):
            found = arg.split("=", 1)[1]
        elif arg.startswith("-f") and len(arg) > 2 and not arg.startswith("--"):
            found = arg[2:]
    return found


def interface_language(config_file: str | None, environ: Mapping[str, str] = os.environ) -> str:
    """The course's language (without loading it); outside a course, the LANG environment's."""
    mkdocs_yml = Path(config_file or "mkdocs.yml")
    if mkdocs_yml.is_file():
        # The plugin's options as written, read without MkDocs (which would import every plugin)
        plugins = declared(mkdocs_yml, "plugins")
        options: dict[str, str] = {}
        for entry in plugins if isinstance(plugins, list) else []:
            if isinstance(entry, dict) and isinstance(entry.get("latih"), dict):
                options = {str(k): str(v) for k, v in entry["latih"].items()}
        language = declared(Layout.from_options(mkdocs_yml.parent, options).course_file, "language")
        return language if language in languages() else DEFAULT_LANGUAGE
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            code = value.split(".")[0].split("_")[0].lower()
            return code if code in languages() else DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    argv = sys.argv[1:] if argv is None else list(argv)
    language = interface_language(_config_file_in(argv))
    with argparse_words(language):
        args = parser(language).parse_args(argv)
    session = Session(args.config_file)
    session.language = language
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
        print(
            f"{message(session.language, 'error_prefix')}: {type(exc).__name__}: {clean(exc)}",
            file=sys.stderr,
        )
        return 1
    return 0
