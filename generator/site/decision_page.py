"""A decision aid -> its page's Markdown (decision.md.j2); decision.js drives it in the browser."""

from __future__ import annotations

from generator.course.loader import LoadedCourse
from generator.schema import Decision
from generator.site.pages import ResolvedCitation, environment


def decision_page(loaded: LoadedCourse, decision: Decision, ui: dict[str, str]) -> str:
    assert loaded.course is not None
    course = loaded.course.model
    refs = course.references
    cited = {
        node.id: [ResolvedCitation(refs[c.ref], c.pinpoint) for c in node.references if c.ref in refs]
        for node in decision.nodes
    }
    titles = {ident: lesson.model.title for ident, lesson in loaded.lessons.items()}
    return (
        environment()
        .get_template("decision.md.j2")
        .render(
            decision=decision,
            verdicts=course.decisions.verdicts if course.decisions else {},
            cited=cited,
            lesson_titles=titles,
            ui=ui,
        )
    )
