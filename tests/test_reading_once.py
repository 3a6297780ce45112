"""A course is read once (issue 30): `latih check` opens and parses each file of a course once, however
many item-writing findings point into it, and the item-writing pass grows linearly with the questions.

Positions come from marks the reader notes while it builds a file's values (`yamlsource.Marks`); before,
every file with a finding was composed a second time to find its lines and columns."""

from __future__ import annotations

import builtins
import io
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import main
from generator.course import quality, yamlsource
from generator.course.validate import validate
from generator.course.yamlsource import read_yaml
from generator.schema import Quality, Quiz
from tests.helpers import bench_module

REPO = Path(__file__).resolve().parent.parent


def _without_distractor_feedback(questions: list[dict[str, Any]]) -> None:
    # A practice quiz's distractor without feedback is a finding: one per distractor, in every file
    for q in questions:
        for option in q.get("options") or []:
            if not option.get("correct"):
                option.pop("feedback", None)


def _warned_course(folder: Path, lessons: int) -> Path:
    bench_module("synth").write_latih(folder, lessons)
    for path in sorted((folder / "quizzes").glob("cek-*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        _without_distractor_feedback(data["questions"])
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder


def test_check_reads_and_parses_each_course_file_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _warned_course(tmp_path / "course", 12)
    opened: Counter[Path] = Counter()
    real_open = io.open

    def counted_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(file, (str, os.PathLike)):
            opened[Path(os.fspath(file)).resolve()] += 1
        return real_open(file, *args, **kwargs)

    parsed: Counter[str] = Counter()
    real_compose = yaml.compose

    def counted_compose(stream: Any, Loader: Any = yaml.SafeLoader) -> Any:
        if Loader is yamlsource.Loader:
            parsed[stream] += 1
        return real_compose(stream, Loader=Loader)

    monkeypatch.setattr(io, "open", counted_open)
    monkeypatch.setattr(builtins, "open", counted_open)
    monkeypatch.setattr(yaml, "compose", counted_compose)
    monkeypatch.chdir(folder)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

    assert main(["check"]) == 0
    said = capsys.readouterr().err
    quizzes = sorted((folder / "quizzes").glob("cek-*.yml"))
    assert said.count("[distractor-feedback]") >= 2 * len(quizzes)  # findings in every quiz file
    assert all(f"{path.relative_to(folder)}:" in said for path in quizzes)

    files = [
        p.resolve() for name in ("content", "quizzes", "site_config") for p in (folder / name).rglob("*")
    ]
    files = [p for p in files if p.is_file()]
    # course.yml's `language` is read once more before the arguments are parsed: the interface speaks
    # the course's language from `--help` on, before any command reads the course
    allowed = {p: 2 if p.name == "course.yml" else 1 for p in files}
    yaml_files = [p for p in files if p.suffix in (".yml", ".yaml")]
    assert len(parsed) == len(yaml_files) and set(parsed.values()) == {1}
    assert {p: opened[p] for p in files if opened[p] != allowed[p]} == {}


def _bank(lessons: int, seed: int) -> dict[str, Any]:
    """One practice quiz holding every question of a generated course (10 per lesson)."""
    course = bench_module("synth").make_course(lessons, seed)
    questions = [q.yaml() for quiz in course.quizzes[:lessons] for q in quiz.questions]
    for i, q in enumerate(questions):
        q["id"] = f"soal-{i:05d}"
    _without_distractor_feedback(questions)
    return {
        "id": "bank",
        "title": "Bank",
        "kind": "practice",
        "shuffle_options": True,
        "questions": questions,
    }


def _steps(tmp_path: Path, lessons: int, seed: int) -> tuple[int, int]:
    """Python and C calls made by the item-writing pass over one quiz, positions included; findings."""
    data = _bank(lessons, seed)
    path = tmp_path / f"bank-{lessons}.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    doc, problems = read_yaml(path)
    model, problems = validate(doc, Quiz)
    assert model is not None, problems
    calls = 0

    def count(frame: Any, event: str, arg: Any) -> None:
        nonlocal calls
        if event in ("call", "c_call"):
            calls += 1

    sys.setprofile(count)
    try:
        found = quality.check_quiz(model, doc, Quality())
    finally:
        sys.setprofile(None)
    return calls, len(found)


def test_item_writing_pass_grows_linearly_with_the_questions(tmp_path: Path) -> None:
    small, small_found = _steps(tmp_path, 4, seed=3)  # 40 questions
    large, large_found = _steps(tmp_path, 16, seed=5)  # 160 questions, other texts
    assert small_found >= 40 and large_found >= 4 * 40
    assert large / small <= 4.4, (small, large)


def test_lesson_texts_for_the_diagram_check_are_the_files_as_read(tmp_path: Path) -> None:
    # The Mermaid check reads the lessons' text from the reader, not from disk: the same text as
    # Path.read_text gives, byte order mark and old Mac line ends included
    path = tmp_path / "lesson.yml"
    path.write_bytes(b"\xef\xbb\xbfid: a\r\nbody: |\r  x\r\n")
    doc, problems = read_yaml(path)
    assert not problems
    assert doc.file_text() == path.read_text(encoding="utf-8")
