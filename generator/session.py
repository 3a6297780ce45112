"""What every command shares: where the course is, its language, its outputs and MkDocs' messages."""

from __future__ import annotations

import logging
import sys
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.course.folders import Layout
from generator.i18n import DEFAULT_LANGUAGE, message
from generator.problems import Problem, ProblemList
from generator.safety import PARTICIPANTS, Sources, file_refusal, folder_refusal, note_written
from generator.site.build import mkdocs_log
from generator.site.sitecheck import diagram_problems, site_problems
from generator.terminal import clean

# The reader (and its typed models) is imported by the commands that read a course, not by every
# command: `latih --help` never pays for it
if TYPE_CHECKING:
    from generator.course.loader import LoadedCourse


class Failure(Exception):
    """A failure already explained to the author; the command exits 1."""


class Session:
    """What every command needs: where the course is, its layout, and the language to speak."""

    def __init__(self, config_file: str | None) -> None:
        self.config_file = Path(config_file or "mkdocs.yml").resolve()
        self.language = DEFAULT_LANGUAGE
        self.course_id = ""
        self.said: set[str] = set()  # the problem lines already printed, not to be printed again
        self._mkdocs = None

    def say(self, msg: str, /, **values: object) -> None:
        print(message(self.language, msg, **{k: clean(v) for k, v in values.items()}))

    def fail(self, msg: str, /, **values: object) -> Failure:
        said = message(self.language, msg, **{k: clean(v) for k, v in values.items()})
        print(f"{message(self.language, 'error_prefix')}: {said}", file=sys.stderr)
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
            # What MkDocs logs while it reads mkdocs.yml, held back to be said once, our way
            with mkdocs_log(hold=True) as said:
                self._mkdocs = load_config(str(self.config_file))
        except (MkDocsException, OSError, ValueError) as exc:
            # MkDocs refuses a site_dir that holds docs_dir; say why in the course's terms
            site_dir = declared(self.config_file, "site_dir")
            if isinstance(site_dir, str):
                docs_dir = self.config_file.parent / str(declared(self.config_file, "docs_dir") or "docs")
                refusal = folder_refusal(
                    self.config_file.parent / site_dir, Sources.of(self.config_file, [docs_dir])
                )
                if refusal is not None:
                    raise self.fail(refusal.key, **refusal.values) from None
            detail = "; ".join(r.getMessage() for r in said) or str(exc).strip() or type(exc).__name__
            raise self.fail("bad_mkdocs", detail=detail) from None
        for record in said:
            text = clean(record.getMessage())
            print(f"{message(self.language, 'warning_prefix')}: mkdocs.yml: {text}", file=sys.stderr)
        return self._mkdocs

    def layout(self) -> Layout:
        return Layout.of_mkdocs(self.mkdocs_config())

    def site_problems(self, loaded: LoadedCourse) -> list[Problem]:
        """mkdocs.yml checked against the course (offline search, theme language), printed as warnings."""
        config = self.mkdocs_config()
        found = site_problems(self.config_file, list(config.plugins), dict(config.theme), loaded.language)
        pages = [loaded.layout.content_dir / page for page in loaded.pages]
        lessons = {lesson.doc.path: lesson.doc.file_text() for lesson in loaded.lessons.values()}
        found += diagram_problems([*pages, *lessons], lessons)
        for p in found:
            print(p.format(self.language, Path.cwd()), file=sys.stderr)
        return found

    def load(self, strict: bool = False) -> LoadedCourse:
        """Load and report. Errors end the command; warnings are printed and let it go on.

        `strict`: item-writing warnings count as errors (`latih check --strict`)."""
        from generator.course.loader import load_course

        loaded = load_course(self.layout())
        self.language = loaded.language
        problems = ProblemList(
            replace(p, severity="error") if strict and p.rule and p.severity == "warning" else p
            for p in loaded.problems
        )
        for p in problems.sorted():
            print(p.format(self.language, Path.cwd()), file=sys.stderr)
            self.said.add(p.format(self.language, loaded.layout.root))
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
        folders = [layout.content_dir, layout.quizzes_dir, layout.config_dir, layout.decisions, docs_dir]
        return Sources.of(self.config_file, folders)

    def refuse_folder(self, out: Path, audience: str = PARTICIPANTS) -> None:
        refusal = folder_refusal(out, self.sources(), self.course_id, audience)
        if refusal is not None:
            raise self.fail(refusal.key, **refusal.values)

    def refuse_file(self, out: Path, force: bool) -> None:
        refusal = file_refusal(out, self.sources(), force)
        if refusal is not None:
            raise self.fail(refusal.key, **refusal.values)

    def wrote(self, *paths: Path) -> None:
        note_written(paths, self.config_file.parent)


def declared(config_file: Path, key: str) -> Any:
    """One plain setting of mkdocs.yml, read without MkDocs (whose tags are ignored)."""
    import yaml

    # libyaml's parser where installed: a big course's course.yml takes 0.05 s with the pure-Python one
    class Lenient(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
        pass

    Lenient.add_multi_constructor("", lambda loader, suffix, node: None)
    try:
        data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=Lenient)
    except (OSError, ValueError, yaml.YAMLError):
        return None
    return data.get(key) if isinstance(data, dict) else None


class CleanFormatter(logging.Formatter):
    """Log lines may name an author's files: printed without their control characters."""

    def format(self, record: logging.LogRecord) -> str:
        return clean(super().format(record))


@contextmanager
def mkdocs_logging(said: Collection[str] = ()) -> Iterator[None]:
    """MkDocs' own warnings (broken links, theme problems) reach the author in plain lines, once:
    the course's own problems, which the command printed already (`said`), are not repeated."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(CleanFormatter("%(levelname)s: %(message)s"))
    handler.setLevel(logging.WARNING)
    handler.addFilter(lambda record: record.getMessage() not in said)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.propagate = False
    # Latih's own progress lines are information, shown as they are
    progress = logging.StreamHandler(sys.stderr)
    progress.setFormatter(CleanFormatter("%(message)s"))
    progress.addFilter(lambda record: record.levelno == logging.INFO)
    latih = logging.getLogger("mkdocs.plugins.latih")
    latih.addHandler(progress)
    latih.setLevel(logging.INFO)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        latih.removeHandler(progress)
