"""A course folder -> typed models, with every problem found on the way (never an exception)."""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TypeVar

from generator.course import decisions as decision_rules
from generator.course import rules
from generator.course.folders import (
    YAML_SUFFIXES,
    Layout,
)
from generator.course.validate import salvage, validate
from generator.course.yamlsource import Document, Sourced, read_yaml
from generator.i18n import DEFAULT_LANGUAGE, LANGUAGES
from generator.problems import ProblemList, problem
from generator.schema import Course, Decision, Lesson, Quiz

T = TypeVar("T")


@dataclass
class Salvaged:
    course: Sourced[Course] | None = None
    lessons: list[Sourced[Lesson]] = field(default_factory=list)
    quizzes: list[Sourced[Quiz]] = field(default_factory=list)
    # file -> positions of the values taken out: a rule's finding there is the same slip again
    taken_out: dict[Path, set[tuple[int, int]]] = field(default_factory=dict)
    # files that could not be read at all -> how many kinds of rules across files they hold back
    unread: dict[Path, int] = field(default_factory=dict)


@dataclass
class LoadedCourse:
    layout: Layout
    course: Sourced[Course] | None = None
    lessons: dict[str, Sourced[Lesson]] = field(default_factory=dict)
    quizzes: dict[str, Sourced[Quiz]] = field(default_factory=dict)
    decisions: dict[str, Sourced[Decision]] = field(default_factory=dict)
    pages: list[str] = field(default_factory=list)  # hand-written Markdown, relative to content_dir
    # Ids of lessons and quizzes whose files have errors: known, so nothing else reports them missing
    broken: set[str] = field(default_factory=set)
    problems: ProblemList = field(default_factory=ProblemList)
    # What could be read of files with errors, for the rules across files only (never built)
    salvaged: Salvaged = field(default_factory=lambda: Salvaged())

    # The language course.yml asks for, read even when the file has other errors
    declared_language: str = DEFAULT_LANGUAGE

    @property
    def language(self) -> str:
        return self.course.model.language if self.course else self.declared_language

    @property
    def ok(self) -> bool:
        return self.course is not None and not self.problems.errors

    def quiz_models(self) -> dict[str, Quiz]:
        """The quizzes' models by id, for the rules that take models (`results.verify`)."""
        return {ident: sourced.model for ident, sourced in self.quizzes.items()}


def yaml_files(folder: Path) -> list[Path]:
    """Every YAML file below a folder, in a stable order, hidden folders skipped."""
    found = [
        p
        for p in folder.rglob("*")
        if p.suffix in YAML_SUFFIXES and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    ]
    return sorted(found)


def markdown_pages(folder: Path) -> list[str]:
    return sorted(
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*.md")
        if not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


@cache
def _resolved_folder(folder: Path) -> Path:
    return folder.resolve()


def _resolved(path: Path) -> Path:
    """`path.resolve()`, each folder resolved once per load: a big course has thousands of files."""
    if path.is_symlink():
        return path.resolve()
    return _resolved_folder(path.parent) / path.name


# Kinds of rules across files that a file holds back while it cannot be read at all
# outline, certificate, references; ids, references, quiz; a decision aid's graph
HELD_BACK = {Course: 3, Lesson: 3, Quiz: 2, Decision: 1}


def _read(path: Path, model: type[T], loaded: LoadedCourse) -> Sourced[T] | None:
    # A link may point anywhere; the course reads only files that really live inside its folder
    if not _resolved(path).is_relative_to(loaded.layout.root):
        loaded.problems.append(problem(path, 1, 1, "link_escapes", folder=loaded.layout.root.name))
        loaded.broken.add(path.stem)
        return None
    doc, found = read_yaml(path)
    loaded.problems.extend(found)
    if doc.data is None:
        loaded.broken.add(path.stem)  # unreadable: its id is most likely its file name
        loaded.salvaged.unread[path] = HELD_BACK[model]  # type: ignore[index]
        return None
    result, found = validate(doc, model)  # type: ignore[type-var]
    loaded.problems.extend(found)
    if model is Course and doc.data.get("language") in LANGUAGES:
        loaded.declared_language = doc.data["language"]
    if result is None and isinstance(doc.data.get("id"), str):
        loaded.broken.add(doc.data["id"])
    if result is None and model is not Decision:  # a decision aid's rules run on valid files only
        _salvage(doc, model, loaded)
    return Sourced(result, doc) if result is not None else None


def _salvage(doc: Document, model: type[T], loaded: LoadedCourse) -> None:
    """Keep what validates of a file with errors, so the rules across files still run on it."""
    kept = salvage(doc, model)  # type: ignore[type-var]
    if kept is None:
        loaded.salvaged.unread[doc.path] = HELD_BACK[model]  # type: ignore[index]
        return
    partial, mapped, taken_out = kept
    loaded.salvaged.taken_out[doc.path] = {
        doc.where(loc[:end]) for loc in taken_out for end in range(1, len(loc) + 1)
    }
    sourced = Sourced(partial, mapped)
    if model is Course:
        loaded.salvaged.course = sourced  # type: ignore[assignment]
    elif model is Lesson:
        loaded.salvaged.lessons.append(sourced)  # type: ignore[arg-type]
    else:
        loaded.salvaged.quizzes.append(sourced)  # type: ignore[arg-type]


@contextmanager
def _collector_paused() -> Iterator[None]:
    # Reading builds hundreds of thousands of small objects that all stay alive, and no reference
    # cycles: the cyclic garbage collector would only rescan them, again and again (half the time of
    # a big course's check). It is switched back on, as it was, when reading ends.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        # What was read joins the oldest generation unscanned (freeze, then unfreeze): otherwise the
        # first collection after reading would walk all of it once more, only to find it alive
        gc.freeze()
        gc.unfreeze()
        if was_enabled:
            gc.enable()


# The last course read, with the state of its files then: `latih build` checks the course, then
# MkDocs' run of the plugin needs it again, unchanged; serve reads it afresh after every edit
_last: tuple[tuple[str, ...], int, LoadedCourse] | None = None
RACY_NS = 2_000_000_000  # file times are coarser than a clock; a file this new may change unseen


def _snapshot(layout: Layout) -> tuple[tuple[str, ...], int]:
    """Every file of the course folders with its size, inode and time; and the newest time."""
    state = [str(layout.root), str(layout.content_dir), str(layout.quizzes_dir), str(layout.config_dir)]
    newest = 0
    for folder in (layout.content_dir, layout.quizzes_dir, layout.config_dir, layout.decisions):
        for dirpath, _dirs, names in os.walk(folder):
            for name in names:
                path = os.path.join(dirpath, name)
                try:
                    st = os.stat(path)
                except OSError:
                    state.append(f"{path}:gone")
                    continue
                newest = max(newest, st.st_mtime_ns, st.st_ctime_ns)
                state.append(f"{path}:{st.st_mtime_ns}:{st.st_size}:{st.st_ino}")
    return tuple(sorted(state)), newest


def load_course(layout: Layout) -> LoadedCourse:
    """Read and check every file of a course. The result lists all problems, not just the first."""
    global _last
    files, newest = _snapshot(layout)
    # Reused only when no file has changed and none was changed too recently to be sure of that
    if _last is not None and _last[0] == files and newest < _last[1] - RACY_NS:
        return _last[2]
    taken = time.time_ns()
    _resolved_folder.cache_clear()  # folders and links may have changed since the last load (serve)
    with _collector_paused():
        loaded = _load_course(layout)
    _last = (files, taken, loaded)
    return loaded


def _load_course(layout: Layout) -> LoadedCourse:
    loaded = LoadedCourse(layout)
    problems = loaded.problems
    for folder in (layout.content_dir, layout.quizzes_dir, layout.config_dir):
        if not folder.is_dir():
            problems.append(problem(folder, 1, 1, "folder_missing", folder=folder))
    if layout.course_file.is_file() or layout.course_file.exists():
        loaded.course = _read(layout.course_file, Course, loaded)
    elif layout.config_dir.is_dir():
        problems.append(problem(layout.course_file, 1, 1, "course_missing", folder=layout.config_dir))

    lessons: list[Sourced[Lesson]] = []
    quizzes: list[Sourced[Quiz]] = []
    if layout.content_dir.is_dir():
        lessons = [s for p in yaml_files(layout.content_dir) if (s := _read(p, Lesson, loaded))]
        loaded.pages = markdown_pages(layout.content_dir)
    if layout.quizzes_dir.is_dir():
        quizzes = [s for p in yaml_files(layout.quizzes_dir) if (s := _read(p, Quiz, loaded))]

    decisions: list[Sourced[Decision]] = []
    if layout.decisions.is_dir():
        decisions = [s for p in yaml_files(layout.decisions) if (s := _read(p, Decision, loaded))]

    # First definition wins; a second one is reported by the rules, naming both places.
    for lesson in lessons:
        loaded.lessons.setdefault(lesson.model.id, lesson)
    for quiz in quizzes:
        loaded.quizzes.setdefault(quiz.model.id, quiz)
    salvaged = loaded.salvaged
    found = rules.check(
        loaded.course or salvaged.course,  # a course.yml with errors still lends what validates of it
        [*lessons, *salvaged.lessons],
        [*quizzes, *salvaged.quizzes],
        pages=loaded.pages,
        broken=loaded.broken,
        language=loaded.language,
        root=layout.root,
        config_dir=layout.config_dir,
        with_errors={q.doc.path for q in salvaged.quizzes},
    )
    # On what was salvaged, a finding where a value was taken out repeats that value's own problem
    problems.extend(p for p in found if (p.line, p.column) not in salvaged.taken_out.get(p.path, ()))
    taken = set(loaded.lessons) | set(loaded.quizzes) | {p.removesuffix(".md") for p in loaded.pages}
    course = loaded.course.model if loaded.course else None
    found = decision_rules.check(decisions, course, loaded.lessons, taken, layout.root, loaded.broken)
    problems.extend(found)
    for decision in decisions:
        loaded.decisions.setdefault(decision.model.id, decision)
    for path, count in salvaged.unread.items():
        relative = path.relative_to(layout.root) if path.is_relative_to(layout.root) else path
        problems.append(problem(path, 1, 1, "checks_held_back", severity="note", count=count, path=relative))
    return loaded
