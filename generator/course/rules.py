"""Rules that look across fields and files. Pure: models and documents in, Problems out."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from generator.course import quality
from generator.course.yamlsource import Document, Loc, Sourced
from generator.i18n import page_names
from generator.problems import Problem, Term, problem
from generator.schema import Course, Lesson, Quality, Quiz, blueprint_counts

T = TypeVar("T", Lesson, Quiz)


def _at(doc: Document, loc: Loc, msg: str, /, severity: str = "error", **values: object) -> Problem:
    line, column = doc.where(loc)
    field = doc.original(loc)
    return problem(doc.path, line, column, msg, severity=severity, field=field, **values)  # type: ignore[arg-type]


def _place(doc: Document, loc: Loc, root: Path) -> str:
    """Another file's place as the author finds it: its path from the course folder, and the line."""
    path = doc.path.relative_to(root).as_posix() if doc.path.is_relative_to(root) else doc.path.name
    return f"{path}:{doc.where(loc)[0]}"


def check(
    course: Sourced[Course] | None,
    lessons: list[Sourced[Lesson]],
    quizzes: list[Sourced[Quiz]],
    *,
    pages: list[str],
    broken: set[str],
    language: str,
    root: Path,
    config_dir: Path,
    with_errors: set[Path] = frozenset(),  # type: ignore[assignment]
) -> list[Problem]:
    """Every rule across a course's files. `pages`: the hand-written Markdown pages; `broken`: ids
    of lessons and quizzes whose files have errors (known, so nothing reports them missing);
    `with_errors`: files among `lessons` and `quizzes` that were salvaged from files with errors."""
    found: list[Problem] = []
    found += check_ids(lessons, quizzes, pages, root, page_names(language).reserved())
    refs = set(course.model.references) if course else None
    quiz_ids = {q.model.id for q in quizzes} | broken
    for lesson in lessons:
        found += check_lesson(lesson.model, lesson.doc, quiz_ids, refs)
    for quiz in quizzes:
        found += check_quiz(quiz.model, quiz.doc, refs)
    if course:
        found += check_course(course, lessons, quizzes, pages, broken, config_dir)
    # Item-writing checks, on quizzes that are otherwise valid: a broken key has its own error
    settings = course.model.quality if course else Quality()
    faulty = {p.path for p in found if p.severity == "error"} | with_errors
    valid = [(q.model, q.doc) for q in quizzes if q.doc.path not in faulty]
    labels = course.model.true_false_labels if course else None
    found += quality.check(valid, settings, language, labels)
    return found


def check_ids(
    lessons: list[Sourced[Lesson]],
    quizzes: list[Sourced[Quiz]],
    pages: list[str],
    root: Path,
    reserved: tuple[str, ...] = (),
) -> list[Problem]:
    """Ids that clash: with each other, a Markdown page, or a page the plugin writes (`reserved`)."""
    found = []
    # The first definition's document; its place is looked up only for a duplicate (positions cost)
    seen: dict[str, Document] = {}
    page_files = {p.removesuffix(".md"): p for p in pages}
    for item in [*lessons, *quizzes]:
        ident = item.model.id
        if ident in seen:
            # Both places, each naming the other: the author may keep either
            first = seen[ident]
            found.append(_at(item.doc, ("id",), "duplicate_id", id=ident, other=_place(first, ("id",), root)))
            found.append(_at(first, ("id",), "duplicate_id", id=ident, other=_place(item.doc, ("id",), root)))
        else:
            seen[ident] = item.doc
        if ident in page_files or ident in reserved:
            found.append(_at(item.doc, ("id",), "id_clash_page", id=ident, page=page_files.get(ident, ident)))
    return found


def _citations(doc: Document, base: Loc, refs: list[str], known: set[str] | None) -> Iterator[Problem]:
    if known is None:  # course.yml did not load; its own problems say why
        return
    for i, ref in enumerate(refs):
        if ref not in known:
            yield _at(doc, (*base, i), "unknown_reference", id=ref)


def check_lesson(lesson: Lesson, doc: Document, quiz_ids: set[str], refs: set[str] | None) -> list[Problem]:
    found = list(_citations(doc, ("references",), [c.ref for c in lesson.references], refs))
    if lesson.quiz and lesson.quiz not in quiz_ids:
        found.append(_at(doc, ("quiz",), "unknown_quiz", id=lesson.quiz))
    return found


def check_quiz(quiz: Quiz, doc: Document, refs: set[str] | None) -> list[Problem]:
    found: list[Problem] = []
    first: dict[str, int] = {}  # question id -> index of its first definition
    for i, q in enumerate(quiz.questions):
        here: Loc = ("questions", i)
        if q.id in first:
            line = doc.where(("questions", first[q.id], "id"))[0]
            found.append(_at(doc, (*here, "id"), "duplicate_question", id=q.id, line=line))
        else:
            first[q.id] = i
        found += _citations(doc, (*here, "references"), [c.ref for c in q.references], refs)
        if q.type == "true_false":
            if q.answer is None:
                found.append(_at(doc, here, "true_false_needs_answer"))
            if q.options is not None:
                found.append(_at(doc, (*here, "options"), "true_false_no_options"))
        else:
            if q.answer is not None:
                found.append(_at(doc, (*here, "answer"), "answer_only_true_false"))
            if not q.options or len(q.options) < 2:
                found.append(_at(doc, (*here, "options"), "needs_options", type=q.type))
            else:
                correct = sum(o.correct for o in q.options)
                if q.type == "single" and correct != 1:
                    found.append(_at(doc, (*here, "options"), "single_one_correct", count=correct))
                if q.type == "multiple" and correct == 0:
                    found.append(_at(doc, (*here, "options"), "multiple_some_correct"))
        if q.partial is not None and q.type != "multiple":
            found.append(_at(doc, (*here, "partial"), "partial_only_multiple"))
    if quiz.draw is not None and quiz.draw > len(quiz.questions):
        found.append(_at(doc, ("draw",), "draw_too_large", draw=quiz.draw, count=len(quiz.questions)))
    found += _blueprint(quiz, doc)
    if not quiz.graded:
        for key in ("review", "attempts"):
            if getattr(quiz, key) is not None:
                found.append(_at(doc, (key,), "graded_only", key=key))
    return found


def _blueprint(quiz: Quiz, doc: Document) -> list[Problem]:
    """Can the bank fill every draw the blueprint asks for? (`blueprint_counts` says what it asks.)"""
    blueprint = quiz.blueprint
    if blueprint is None:
        return []
    if quiz.draw is None:
        return [_at(doc, ("blueprint",), "blueprint_needs_draw")]
    found: list[Problem] = []
    bank: dict[str, int] = {}
    for q in quiz.questions:
        if q.topic:
            bank[q.topic] = bank.get(q.topic, 0) + 1
    per_topic = blueprint.per_topic
    counts = blueprint_counts(quiz)
    for topic, wanted in counts.items():
        have = bank.get(topic, 0)
        if have < wanted:
            loc: Loc = ("blueprint", "per_topic", *([topic] if isinstance(per_topic, dict) else []))
            found.append(_at(doc, loc, "blueprint_topic_short", topic=topic, count=wanted, have=have))
    total = sum(counts.values())
    if total > quiz.draw:
        found.append(_at(doc, ("blueprint", "per_topic"), "blueprint_over_draw", total=total, draw=quiz.draw))
    return found


def _first_of_each(items: list[Sourced[T]]) -> dict[str, Sourced[T]]:
    """Id -> the first definition: a second one is a duplicate, reported by `check_ids`."""
    first: dict[str, Sourced[T]] = {}
    for item in items:
        first.setdefault(item.model.id, item)
    return first


def check_course(
    sourced: Sourced[Course],
    lessons: list[Sourced[Lesson]],
    quizzes: list[Sourced[Quiz]],
    pages: list[str],
    broken: set[str],
    config_dir: Path,
) -> list[Problem]:
    course, doc = sourced.model, sourced.doc
    found: list[Problem] = []
    lesson_table, quiz_table = _first_of_each(lessons), _first_of_each(quizzes)
    items = set(lesson_table) | set(quiz_table) | broken
    named: dict[str, int] = {}

    def name(ident: str, loc: Loc) -> None:
        if ident not in items:
            found.append(_at(doc, loc, "unknown_lesson_or_quiz", id=ident))
        elif ident in named:
            found.append(_at(doc, loc, "outline_twice", id=ident, line=named[ident]))
        else:
            named[ident] = doc.where(loc)[0]

    for i, entry in enumerate(course.outline):
        here: Loc = ("outline", i)
        forms = [entry.lesson, entry.quiz, entry.section, entry.page]
        if sum(f is not None for f in forms) != 1:
            found.append(_at(doc, here, "outline_entry"))
            continue
        if entry.items is not None and entry.section is None:
            found.append(_at(doc, (*here, "items"), "outline_items_without_section"))
        if entry.lesson or entry.quiz:
            key = "lesson" if entry.lesson else "quiz"
            name(entry.lesson or entry.quiz or "", (*here, key))
        for j, ident in enumerate(entry.items or []):
            name(ident, (*here, "items", j))
        if entry.page and entry.page not in pages:
            found.append(_at(doc, (*here, "page"), "outline_page_missing", page=entry.page))

    if course.certificate and course.certificate.quiz not in set(quiz_table) | broken:
        found.append(_at(doc, ("certificate", "quiz"), "unknown_quiz", id=course.certificate.quiz))
    found += check_assets(course, doc, config_dir)

    tables: tuple[tuple[str, dict[str, Sourced[Lesson]] | dict[str, Sourced[Quiz]]], ...] = (
        ("kind_lesson", lesson_table),
        ("kind_quiz", quiz_table),
    )
    for kind, table in tables:
        for ident, item in table.items():
            if ident not in named:
                warning = _at(
                    item.doc, ("id",), "not_in_outline", severity="warning", kind=Term(kind), id=ident
                )
                warning = replace(warning, field="")  # about the whole file, not its id
                found.append(warning)
    return found


def check_assets(course: Course, doc: Document, folder: Path) -> list[Problem]:
    """Logo and signature: files inside site_config, never a path that climbs out of it."""
    found = []
    wanted: list[tuple[Loc, str]] = []
    if course.organization and course.organization.logo:
        wanted.append((("organization", "logo"), course.organization.logo))
    if course.certificate and course.certificate.signatory and course.certificate.signatory.signature:
        wanted.append((("certificate", "signatory", "signature"), course.certificate.signatory.signature))
    for loc, relative in wanted:
        target = (folder / relative).resolve()
        if not target.is_relative_to(folder.resolve()):
            found.append(_at(doc, loc, "asset_escapes", path=relative, folder=folder.name))
        elif not target.is_file():
            found.append(_at(doc, loc, "asset_missing", path=relative, folder=folder.name))
    return found
