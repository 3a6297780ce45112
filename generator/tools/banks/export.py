"""`latih export`: quizzes as questions an LMS's own quiz engine uses (Moodle XML or GIFT)."""

from __future__ import annotations

from generator.schema import Course, Quiz
from generator.tools.banks.gift import write_gift
from generator.tools.banks.moodlexml import write_moodle_xml

FORMATS = {"moodle-xml": (write_moodle_xml, ".xml"), "gift": (write_gift, ".gift.txt")}


def export_quizzes(quizzes: list[Quiz], course: Course, fmt: str) -> str:
    write, _ = FORMATS[fmt]
    return write(quizzes, course, course.language)


def default_name(course: Course, quizzes: list[Quiz], fmt: str) -> str:
    stem = quizzes[0].id if len(quizzes) == 1 else course.id
    return f"{stem}{FORMATS[fmt][1]}"
