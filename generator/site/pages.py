"""Models -> page Markdown (through Jinja2 templates), and the data the browser runtime reads."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from generator import templating
from generator.course.loader import LoadedCourse
from generator.i18n import page_names, true_false
from generator.participant import fields_data, participant_fields
from generator.results import fingerprint
from generator.schema import (
    Citation,
    Lesson,
    Question,
    Quiz,
    Reference,
    blueprint_data,
    effective_pass_mark,
    option_id,
    outline_order,
    review_settings,
)
from generator.site.answer_key import Parts, restore_key_element

TEMPLATES = Path(__file__).parent / "templates"
CERTIFICATE_URL = "@certificate"  # the certificate page's address among course_data's urls
# Raw HTML is not rewritten by MkDocs; the plugin turns this prefix into the page's path to the root
ROOT = "@latih-root/"


def environment() -> Environment:
    """The templates of the site's pages (and the shared declaration sheet)."""
    return templating.environment(TEMPLATES)


@dataclass(frozen=True)
class ResolvedCitation:
    reference: Reference
    pinpoint: str | None


@dataclass(frozen=True)
class OptionView:
    id: str
    text: str


class Renderer:
    """Everything the plugin writes for one loaded (and valid) course."""

    def __init__(self, loaded: LoadedCourse, ui: dict[str, str]) -> None:
        assert loaded.course is not None
        self.loaded = loaded
        self.course = loaded.course.model
        self.ui = ui
        self.pages = page_names(self.course.language)  # the generated pages' addresses, anchors
        self.labels = self.course.true_false_labels or true_false(self.course.language)

    def _citations(self, citations: list[Citation]) -> list[ResolvedCitation]:
        refs = self.course.references
        return [ResolvedCitation(refs[c.ref], c.pinpoint) for c in citations if c.ref in refs]

    def options(self, question: Question) -> list[OptionView]:
        texts = self.labels if question.type == "true_false" else [o.text for o in question.options or []]
        return [OptionView(option_id(i), text) for i, text in enumerate(texts)]

    def pass_mark(self, quiz: Quiz) -> int:
        return effective_pass_mark(self.course, quiz)

    def lesson_page(self, lesson: Lesson) -> str:
        quiz = self.loaded.quizzes[lesson.quiz].model if lesson.quiz else None
        return (
            environment()
            .get_template("lesson.md.j2")
            .render(lesson=lesson, quiz=quiz, citations=self._citations(lesson.references), ui=self.ui)
        )

    def quiz_page(self, quiz: Quiz) -> str:
        """A quiz page's Markdown: its title, facts and description (the questions: quiz_body)."""
        return (
            environment()
            .get_template("quiz.md.j2")
            .render(quiz=quiz, pass_mark=self.pass_mark(quiz), ui=self.ui)
        )

    def question_refs(self, quiz: Quiz) -> dict[str, str]:
        """Question id -> the HTML line of its references, shown under its explanation."""
        template = environment().get_template("question-refs.html.j2")
        lines = {}
        for q in quiz.questions:
            citations = self._citations(q.references)
            if citations:
                lines[q.id] = template.render(citations=citations, ui=self.ui).strip()
        return lines

    def quiz_body(self, quiz: Quiz, parts: Parts, key: str, facilitator: str | None = None) -> str:
        """The questions of a quiz page, as HTML, from its questions' rendered fields; `facilitator`:
        the address of its facilitator page from the quiz page, if it has one."""
        return self._body(
            "quiz-body.html.j2",
            quiz,
            parts,
            key,
            pass_mark=self.pass_mark(quiz),
            blueprint=blueprint_data(quiz),
            review=review_settings(quiz),
            facilitator=facilitator,
        )

    def facilitator_page(self, quiz: Quiz) -> str:
        """The quiz for a room: presentation mode, worksheet and answer key (<facilitator>/<id>.md)."""
        return (
            environment()
            .get_template("facilitator.md.j2")
            .render(
                quiz=quiz,
                quiz_page=f"../{quiz.id}.md",
                # The facilitator's other tool, beside the quiz pages in their folder
                roster=f"{self.pages.roster}.md" if self.course.declaration else None,
                ui=self.ui,
            )
        )

    def facilitator_body(self, quiz: Quiz, parts: Parts, key: str) -> str:
        """The questions of a facilitator page, as HTML, from its questions' rendered fields."""
        # The worksheet asks for the identity the course asks for (NIP, agency...), beside the name
        fields = [f for f in participant_fields(self.course, self.ui) if f.id != "name"]
        return self._body("facilitator-body.html.j2", quiz, parts, key, fields=fields)

    def _body(self, template: str, quiz: Quiz, parts: Parts, key: str, **values: object) -> str:
        safe = {q: {field: Markup(html) for field, html in fields.items()} for q, fields in parts.items()}
        return (
            environment()
            .get_template(template)
            .render(
                quiz=quiz,
                parts=safe,
                key=Markup(key),
                options=self.options,
                ui=self.ui,
                pages=self.pages,
                **values,
            )
        )

    def references_page(self) -> str:
        cited_in: dict[str, list[str]] = {ref: [] for ref in self.course.references}
        for lesson in self.loaded.lessons.values():
            for c in lesson.model.references:
                if lesson.model.title not in cited_in.get(c.ref, [lesson.model.title]):
                    cited_in[c.ref].append(lesson.model.title)
        return (
            environment()
            .get_template("references.md.j2")
            .render(references=self.course.references, cited_in=cited_in, ui=self.ui)
        )

    def _documents(self) -> dict[str, Any]:
        """What the certificate and declaration templates share."""
        course = self.course
        certificate = course.certificate
        quiz = self.loaded.quizzes[certificate.quiz].model if certificate else None
        signature = certificate.signatory.signature if certificate and certificate.signatory else None
        return {
            "course": course,
            "certificate": certificate,
            "declaration": course.declaration,
            "organization": course.organization.name if course.organization else "",
            "logo": ROOT + "latih/" + course.organization.logo
            if course.organization and course.organization.logo
            else "",
            "signature": ROOT + "latih/" + signature if signature else "",
            "quiz": quiz,
            "pass_mark": self.pass_mark(quiz) if quiz else 0,
            # Re-scoring the exam's results code in the browser brings a passed attempt back
            "restore_key": Markup(restore_key_element(quiz, course.id, course.version)) if quiz else "",
            "place": course.declaration.place or "" if course.declaration else "",
            "date": "",
            "fields": participant_fields(course, self.ui),
            "ui": self.ui,
        }

    def certificate_label(self) -> str:
        """The certificate page's heading and navigation label."""
        certificate = self.course.certificate
        return (certificate and (certificate.page_title or certificate.title)) or self.ui["certificate"]

    def declaration_label(self) -> str:
        """The declaration page's heading and navigation label."""
        declaration = self.course.declaration
        return (declaration and declaration.page_title) or self.ui["declaration_page"]

    def certificate_page(self) -> str:
        values = {**self._documents(), "page_title": self.certificate_label()}
        return environment().get_template("certificate.md.j2").render(**values)

    def declaration_page(self) -> str:
        values = {**self._documents(), "page_title": self.declaration_label()}
        return environment().get_template("declaration.md.j2").render(**values)

    def verification_page(self) -> str:
        """The signed certificates' verification page (its data: latih/credentials.js)."""
        return environment().get_template("verification.md.j2").render(ui=self.ui, root=ROOT)

    def facilitator_home(self, guides: list[tuple[str, str]]) -> str:
        """The facilitator's site's home: `guides` are the facilitator-only pages, (src, title)."""
        quizzes = [self.loaded.quizzes[i].model for i in outline_order(self.course, self.loaded.quizzes)]
        return (
            environment()
            .get_template("facilitator-home.md.j2")
            .render(
                course=self.course,
                quizzes=quizzes,
                guides=[{"src": src, "title": title} for src, title in guides],
                roster=self.pages.roster_src if self.course.declaration else None,
                pages=self.pages,
                ui=self.ui,
            )
        )

    def roster_page(self) -> str:
        return environment().get_template("roster.md.j2").render(**self._documents())

    def topic_lessons(self) -> dict[str, list[str]]:
        """Which lessons teach a topic: the lesson named like it, and lessons whose quiz asks it."""
        topics: dict[str, list[str]] = {}
        asked: dict[str, set[str]] = {}  # quiz id -> the topics its questions ask
        for ident, quiz in self.loaded.quizzes.items():
            asked[ident] = {q.topic for q in quiz.model.questions if q.topic}
            for q in quiz.model.questions:
                if q.topic:
                    topics.setdefault(q.topic, [])
        # One pass over the lessons, not one per topic: a big course has as many topics as lessons
        quizzing: dict[str, list[str]] = {}  # topic -> lessons whose quiz asks it, in lesson order
        for lesson in self.loaded.lessons.values():
            for topic in asked.get(lesson.model.quiz or "", ()):
                quizzing.setdefault(topic, []).append(lesson.model.id)
        for topic, lessons in topics.items():
            if topic in self.loaded.lessons:
                lessons.append(topic)
            lessons += [ident for ident in quizzing.get(topic, []) if ident != topic]
        return topics

    def course_data(self, urls: dict[str, str]) -> dict[str, Any]:
        """What every page's runtime needs to know about the course (site-relative URLs)."""
        lessons = self.loaded.lessons
        return {
            "id": self.course.id,
            "version": self.course.version,
            "language": self.course.language,
            "title": self.course.title,
            "certificateQuiz": self.course.certificate.quiz if self.course.certificate else None,
            "certificateLessons": bool(self.course.certificate and self.course.certificate.lessons_required),
            "certificateUrl": urls.get(CERTIFICATE_URL),
            "participant": fields_data(participant_fields(self.course, self.ui)),
            "lessons": [
                {"id": i, "title": lessons[i].model.title, "url": urls.get(i, "")}
                for i in outline_order(self.course, lessons)
            ],
            "quizzes": [
                {
                    "id": i,
                    "title": q.model.title,
                    "kind": q.model.kind,
                    "passMark": self.pass_mark(q.model),
                    "url": urls.get(i, ""),
                    # Results codes name questions by their place in the bank, checked by a fingerprint
                    **(
                        {"bank": bank(q.model), "fingerprint": fingerprint(bank(q.model))}
                        if q.model.graded
                        else {}
                    ),
                }
                for i, q in (
                    (i, self.loaded.quizzes[i]) for i in outline_order(self.course, self.loaded.quizzes)
                )
            ],
            "topics": {
                topic: {
                    "title": lessons[topic].model.title
                    if topic in lessons
                    else topic.replace("-", " ").capitalize(),
                    "lessons": ids,
                }
                for topic, ids in self.topic_lessons().items()
            },
            "ui": self.ui,
        }


def bank(quiz: Quiz) -> list[str]:
    return [q.id for q in quiz.questions]
