"""Builds of real courses: what the YAML says reaches the pages, and nothing else leaks out."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.site.answer_key import reveal
from tests.conftest import COURSES, STARTER, build_course
from tests.helpers import latih


@pytest.fixture(scope="module")
def english_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_course(COURSES / "english", tmp_path_factory.mktemp("english") / "site")


def article(site: Path, page: str) -> str:
    html = (site / f"{page or 'index'}.html").read_text(encoding="utf-8")
    match = re.search(r"<article[^>]*>(.*)</article>", html, re.DOTALL)
    assert match, page
    return match[1]


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_no_yaml_source_is_copied_into_the_site(english_site: Path, starter_site: Path) -> None:
    for site in (english_site, starter_site):
        assert not [p for p in site.rglob("*") if p.suffix in (".yml", ".yaml")]


def test_lesson_page_shows_what_its_yaml_says(english_site: Path) -> None:
    html = article(english_site, "fire-triangle")
    assert "10 minutes" in html
    assert "Name the three sides of the fire triangle" in html  # objectives
    assert "<strong>heat</strong>" in html  # body Markdown
    assert 'class="admonition warning"' in html  # admonition inside body
    assert "tabbed-set" in html  # tabs inside body
    assert "<table>" in html  # table inside body
    assert "Take away one side and the fire goes out." in html  # key points
    assert "Fire Code 2020</strong>, Section 3" in html  # reference with pinpoint
    assert 'href="https://example.org/fire-code"' in html  # link when there is a url
    assert 'href="check-basics.html"' in html  # the lesson's quiz


def test_plain_text_fields_are_escaped(english_site: Path) -> None:
    html = article(english_site, "fire-triangle")
    assert "The fire triangle &amp; &lt;b&gt;why&lt;/b&gt; it matters</h1>" in html
    assert "<b>why</b>" not in html


def test_quiz_page_is_readable_before_any_script(english_site: Path) -> None:
    html = article(english_site, "check-basics")
    assert "I pour water on a burning power strip." in html
    assert '<legend class="latih-prompt">Is this safe?</legend>' in html
    assert html.count('type="radio" name="latih-check-basics-water-on-socket"') == 2
    assert ">Safe</span>" in html and ">Unsafe</span>" in html  # course true_false labels
    assert html.count('type="checkbox" name="latih-check-basics-sides"') == 3


def test_quiz_page_hides_answers_but_the_key_holds_them(english_site: Path) -> None:
    html = (english_site / "check-basics.html").read_text(encoding="utf-8")
    assert "Water conducts electricity" not in html  # explanation
    assert "Smoke is a product of fire" not in html  # feedback
    assert not re.search(r"\bcorrect\b|data-correct|data-answer", article(english_site, "check-basics"))
    key = re.search(r'data-seed="([0-9a-f]+)" data-key="([^"]+)"', html)
    assert key
    data = reveal(key[2], key[1])
    assert data["water-on-socket"]["c"] == ["b"]  # answer: false selects the second label
    assert data["sides"]["c"] == ["a", "b"]
    assert 'class="admonition danger"' in data["water-on-socket"]["e"]  # Markdown in explanation
    assert "<em>heat</em>" in data["sides"]["f"]["a"]  # Markdown in feedback


def test_navigation_follows_the_outline(english_site: Path) -> None:
    html = (english_site / "index.html").read_text(encoding="utf-8")
    nav = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>\s*</div>', html, re.DOTALL)
    assert nav
    labels = re.findall(r'<span class="md-ellipsis">\s*(.*?)\s*</span>', nav[0], re.DOTALL)
    order = [label for label in labels if label]
    expected = [
        "Basics",
        "The fire triangle",
        "Check the basics",
        "Evacuation",
        "Final exam",
        "Sources and references",
    ]
    positions = [next(i for i, label in enumerate(order) if label.startswith(e)) for e in expected]
    assert positions == sorted(positions), order


def test_interface_speaks_the_course_language(english_site: Path, starter_site: Path) -> None:
    assert '<html lang="en"' in (english_site / "index.html").read_text()
    assert '<html lang="id"' in (starter_site / "index.html").read_text()
    assert "Practice" in article(english_site, "check-basics")
    assert "Latihan" in article(starter_site, "kuis-pertama")


def test_references_page_lists_the_catalogue(english_site: Path) -> None:
    html = article(english_site, "references")
    assert "Model Workplace Fire Code, 2020 edition" in html and "Building evacuation plan" in html


def test_hand_written_pages_still_work(english_site: Path) -> None:
    html = article(english_site, "")
    assert 'href="fire-triangle.html"' in html


def test_init_course_builds_with_the_cli(tmp_path: Path) -> None:
    result = latih("init", "kursus", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    result = latih("build", cwd=tmp_path / "kursus")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "kursus" / "site" / "kuis-pertama.html").is_file()
    assert (tmp_path / "kursus" / ".latih" / "schema" / "quiz.schema.json").is_file()


def test_failed_build_leaves_previous_site_byte_for_byte(tmp_path: Path) -> None:
    course = tmp_path / "kursus"
    shutil.copytree(STARTER, course)
    assert latih("build", cwd=course).returncode == 0
    before = tree_digest(course / "site")
    quiz = course / "quizzes" / "kuis-pertama.yml"
    quiz.write_text(quiz.read_text().replace("answer: true", "answer: maybe"))
    result = latih("build", cwd=course)
    assert result.returncode == 1
    assert "quizzes/kuis-pertama.yml:12:13: questions[1].answer: harus true atau false" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree_digest(course / "site") == before


def test_build_failing_inside_mkdocs_leaves_previous_site(tmp_path: Path) -> None:
    course = tmp_path / "kursus"
    shutil.copytree(STARTER, course)
    assert latih("build", cwd=course).returncode == 0
    before = tree_digest(course / "site")
    config = course / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - tables\n", "  - tables\n  - no_such_extension\n"))
    result = latih("build", cwd=course)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert tree_digest(course / "site") == before
    assert not [p for p in course.iterdir() if ".latih-" in p.name]  # no temporary folder left


def test_a_different_course_builds_with_plain_mkdocs(tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "-q",
            "-f",
            str(COURSES / "english" / "mkdocs.yml"),
            "-d",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert (out / "final-exam.html").is_file()
