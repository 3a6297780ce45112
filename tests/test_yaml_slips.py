"""YAML slips are reported where the author made them, with a plain hint, in the course's language."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.course.yamlsource import read_yaml
from tests.conftest import COURSES, STARTER

SLIPS = yaml.safe_load((Path(__file__).parent / "corpus" / "yaml_slips.yml").read_text(encoding="utf-8"))
# PyYAML's and libyaml's own words: none may reach an author
PARSER_ENGLISH = re.compile(
    r"while (scanning|parsing)|found|expected|could not|block end|stream|token|scalar|"
    r"mapping values|not allowed|<|>",
)


def test_corpus_is_large_enough() -> None:
    assert len(SLIPS) >= 15
    assert len({s["name"] for s in SLIPS}) == len(SLIPS)


@pytest.mark.parametrize("slip", SLIPS, ids=[s["name"] for s in SLIPS])
def test_slip_is_reported_where_it_was_made(slip: dict, tmp_path: Path) -> None:
    path = tmp_path / "pelajaran.yml"
    path.write_text(slip["text"], encoding="utf-8")
    _, problems = read_yaml(path)
    assert len(problems) == 1, problems
    found = problems[0]
    assert [found.line, found.column] == slip["at"], found.text("id")
    indonesian, english = found.text("id"), found.text("en")
    assert slip["id"] in indonesian, indonesian
    assert slip["en"] in english, english
    assert indonesian.startswith("YAML tidak valid") and english.startswith("invalid YAML")
    assert not PARSER_ENGLISH.findall(indonesian.replace("'body: |'", "")), indonesian


@pytest.mark.parametrize("language", ["id", "en"])
def test_check_reports_a_slip_in_the_course_language(tmp_path: Path, language: str) -> None:
    course = tmp_path / "kursus"
    shutil.copytree(STARTER if language == "id" else COURSES / "english", course)
    lesson = next((course / "content").glob("*.yml"))
    text = lesson.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title: "))
    lesson.write_text(text.replace(title, 'title: "' + title[7:], 1), encoding="utf-8")
    line = text.splitlines().index(title) + 1
    result = subprocess.run(
        [sys.executable, "-m", "generator", "check"], cwd=course, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 1
    first = result.stderr.splitlines()[0]
    opened = 'tanda kutip " dibuka di sini' if language == "id" else 'the quote " opened here'
    assert first.startswith(f"content/{lesson.name}:{line}:8: ") and opened in first, result.stderr
