"""Question banks out and back in: every quiz of the flagship, exported to Moodle XML and to GIFT and
imported again, gives the same questions (text, options, keys, feedback, explanation, topic,
points, and the references too)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from generator.course.loader import Layout, load_course
from generator.i18n import true_false
from generator.schema import Question
from generator.tools.banks import export_quizzes, import_banks
from generator.tools.banks.refs import Catalogue

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def flagship():  # type: ignore[no-untyped-def]
    loaded = load_course(Layout.from_options(ROOT, {}))
    assert loaded.course is not None and not loaded.problems.errors
    return loaded


def _paragraphs(text: str | None) -> list[str] | None:
    """Markdown compared as it reads: paragraphs, each with its line breaks as spaces."""
    if text is None:
        return None
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


def _same(original: Question, imported: dict) -> None:
    assert imported["type"] == original.type
    assert imported.get("topic") == original.topic
    assert _paragraphs(imported.get("scenario")) == _paragraphs(original.scenario)
    assert _paragraphs(imported["prompt"]) == _paragraphs(original.prompt)
    assert _paragraphs(imported.get("explanation")) == _paragraphs(original.explanation)
    assert imported.get("points", 1) == original.points
    if original.type == "true_false":
        assert imported["answer"] is original.answer
    else:
        assert [o["text"] for o in imported["options"]] == [o.text for o in original.options]
        assert [o.get("correct", False) for o in imported["options"]] == [o.correct for o in original.options]
        assert [_paragraphs(o.get("feedback")) for o in imported["options"]] == [
            _paragraphs(o.feedback) for o in original.options
        ]
    if original.type == "multiple":
        # Moodle scores a multiple question partially; Latih's all-or-nothing comes back only
        # where a wrong option takes the whole mark, which a question with one key cannot show
        correct = sum(o.correct for o in original.options)
        if correct > 1 or original.partial:
            assert imported["partial"] is bool(original.partial)
    want = [
        c.ref if c.pinpoint is None else {"ref": c.ref, "pinpoint": c.pinpoint} for c in original.references
    ]
    assert imported.get("references", []) == want


@pytest.mark.parametrize("fmt, suffix", [("moodle-xml", ".xml"), ("gift", ".gift.txt")])
def test_every_flagship_quiz_comes_back_the_same(flagship, tmp_path: Path, fmt: str, suffix: str) -> None:  # type: ignore[no-untyped-def]
    course = flagship.course.model
    labels = tuple(course.true_false_labels or true_false(course.language))
    catalogue = Catalogue(course.language, course.references)
    compared = 0
    for quiz_id, sourced in flagship.quizzes.items():
        quiz = sourced.model
        exported = tmp_path / f"{quiz_id}{suffix}"
        exported.write_text(export_quizzes([quiz], course, fmt), encoding="utf-8")
        result = import_banks([exported], tmp_path / "out", labels, catalogue)  # type: ignore[arg-type]
        assert [p.format("en") for p in result.problems] == []
        [planned] = result.quizzes
        data = yaml.safe_load(planned.text)
        assert [q["id"] for q in data["questions"]] == [q.id for q in quiz.questions]
        for original, imported in zip(quiz.questions, data["questions"], strict=True):
            _same(original, imported)
            compared += 1
    assert compared == sum(len(q.model.questions) for q in flagship.quizzes.values())
