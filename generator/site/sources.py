"""The loaded course -> the pages of its site, as Markdown sources, with no MkDocs in sight.

This is the course-to-pages step of a build: which pages a site for participants or for the
facilitator holds, under which file names, of which kind, and whether the navigation lists them.
The MkDocs plugin turns each into a generated file (`File.generated`); another engine (a staged docs
folder for Zensical, docs/engines.md) could write them to disk. A quiz's questions are not in its
Markdown: they follow the page's prose as HTML once the site's Markdown settings are known
(`site/fields.py`, `Renderer.quiz_body`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from generator.course.loader import LoadedCourse
from generator.site.decision_page import decision_page
from generator.site.pages import Renderer

# What a page is, for the bundles it links (bundles.PAGE_KINDS) and the plugin's handling
LESSON, QUIZ, GRADED, FACILITATOR = "lesson", "quiz", "graded", "facilitator"  # QUIZ: a practice quiz
DECISION, DOCUMENT, ROSTER, VERIFICATION = "decision", "document", "roster", "verification"
FACILITATOR_PAGES = ("all", "practice", "none")  # the plugin's `facilitator_pages` setting
FACILITATOR_HOME = "index.md"  # the facilitator's site opens on their start page


@dataclass(frozen=True)
class SourcePage:
    """One page Latih writes: its file name in the docs folder, its Markdown and what it is."""

    src_uri: str
    markdown: str
    kind: str  # LESSON, QUIZ, GRADED, FACILITATOR, DECISION, DOCUMENT, ROSTER or VERIFICATION
    ident: str = ""  # the lesson a lesson page shows, the quiz a quiz or facilitator page shows
    in_nav: bool = True  # False: reached by a link only (a practice quiz's facilitator page, ...)


def course_pages(
    loaded: LoadedCourse,
    renderer: Renderer,
    *,
    facilitator: bool = False,
    facilitator_pages: str = "practice",
    guides: list[tuple[str, str]] | None = None,
) -> list[SourcePage]:
    """Every page of the site for participants (or, with `facilitator`, for the facilitator).

    `facilitator_pages`: which quizzes get a facilitator page in the participants' site ("all" and
    "practice" give practice quizzes one: a graded quiz's facilitator page shows its answers, so it
    is in the facilitator's site only). `guides`: (file name, title) of the hand-written pages marked
    for the facilitator, listed on their start page."""
    return list(_pages(loaded, renderer, facilitator, facilitator_pages, guides or []))


def _pages(
    loaded: LoadedCourse, renderer: Renderer, facilitator: bool, which: str, guides: list[tuple[str, str]]
) -> Iterator[SourcePage]:
    assert loaded.course is not None
    course, pages = loaded.course.model, renderer.pages
    for ident, lesson in loaded.lessons.items():
        yield SourcePage(f"{ident}.md", renderer.lesson_page(lesson.model), LESSON, ident=ident)
    rooms: list[SourcePage] = []
    for ident, quiz in loaded.quizzes.items():
        kind = QUIZ if quiz.model.kind == "practice" else GRADED
        yield SourcePage(f"{ident}.md", renderer.quiz_page(quiz.model), kind, ident=ident)
        if facilitator or (which != "none" and quiz.model.kind == "practice"):
            room = renderer.facilitator_page(quiz.model)
            # In the participants' site, the facilitator's page is reached from the quiz page only
            rooms.append(
                SourcePage(pages.facilitator_src(ident), room, FACILITATOR, ident=ident, in_nav=facilitator)
            )
    # After every quiz page: the order of the site's files and its sitemap
    yield from rooms
    # One page per decision aid, its whole graph inlined: it works from file://
    for ident, decision in loaded.decisions.items():
        yield SourcePage(f"{ident}.md", decision_page(loaded, decision.model, renderer.ui), DECISION)
    if course.references:
        yield SourcePage(f"{pages.references}.md", renderer.references_page(), LESSON)
    if course.certificate:
        yield SourcePage(f"{pages.certificate}.md", renderer.certificate_page(), DOCUMENT)
        if course.declaration:
            yield SourcePage(f"{pages.declaration}.md", renderer.declaration_page(), DOCUMENT)
    # Every site can check the organiser's signed certificates, offline (reached by their QR codes)
    yield SourcePage(f"{pages.verification}.md", renderer.verification_page(), VERIFICATION, in_nav=False)
    if course.declaration:
        yield SourcePage(pages.roster_src, renderer.roster_page(), ROSTER, in_nav=facilitator)
    if facilitator:
        yield SourcePage(FACILITATOR_HOME, renderer.facilitator_home(guides), LESSON)
