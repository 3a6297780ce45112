"""The flagship site opened from the file system, as from a USB stick: every page loads without a
single request outside the site folder and without an error; search, quizzes and progress work.

Which option is right always comes from the course YAML, never from the page. The helpers here
serve tests/test_package.py too, which runs the same checks on the unzipped packages.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.schema import option_id
from tests.conftest import REPO

COURSE = REPO  # the flagship course
# Web servers show 404.html for a missing page; it names its files from the server root, and
# nobody opens it from the file system
SERVER_ONLY = {"404.html"}
LOCAL = ("data:", "blob:", "about:")


# ---- the course as its author wrote it


def read_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def course_yaml(course: Path) -> dict[str, Any]:
    return read_yaml(course / "site_config" / "course.yml")


def quiz_yaml(course: Path, quiz_id: str) -> dict[str, Any]:
    for path in sorted((course / "quizzes").glob("*.y*ml")):
        data = read_yaml(path)
        if data.get("id") == quiz_id:
            return data
    raise LookupError(quiz_id)


def all_quizzes(course: Path) -> list[dict[str, Any]]:
    return [read_yaml(p) for p in sorted((course / "quizzes").glob("*.y*ml"))]


def key(course: Path, quiz_id: str) -> dict[str, tuple[list[str], list[str]]]:
    """Per question: the right options, and a wrong answer that scores nothing."""
    found = {}
    for q in quiz_yaml(course, quiz_id)["questions"]:
        if q["type"] == "true_false":
            right = ["a" if q["answer"] else "b"]
            options = ["a", "b"]
        else:
            options = [option_id(i) for i in range(len(q["options"]))]
            right = [option_id(i) for i, o in enumerate(q["options"]) if o.get("correct")]
        found[q["id"]] = (right, [next(o for o in options if o not in right)])
    return found


def search_word(course: Path) -> str:
    """A word every course has: the longest one in the title of its first lesson."""
    lesson = read_yaml(sorted((course / "content").glob("*.y*ml"))[0])
    return max(re.findall(r"[^\W\d_]{4,}", lesson["title"]), key=len).lower()


# ---- a participant's browser tab, with everything it fetched and every error it saw


class Tab:
    def __init__(self, context: Any, root: str) -> None:
        self.root = root  # the URL of the site folder, ending in /
        self.page = context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on(
            "console", lambda m: m.type == "error" and self.errors.append(f"{m.text} ({m.location})")
        )
        self.page.on("pageerror", lambda e: self.errors.append(f"{e}\n{e.stack}"))

    def open(self, page: str = "index.html") -> Any:
        self.page.goto(self.root + page)
        return self.page

    def outside(self) -> list[str]:
        return [u for u in self.requests if not u.startswith(self.root) and not u.startswith(LOCAL)]


@pytest.fixture
def tab(browser: Any, site: Path) -> Any:
    context = browser.new_context()
    yield Tab(context, site.as_uri() + "/")
    context.close()


def site_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if p.name not in SERVER_ONLY)


# ---- what a participant does (`where` is a page or a frame)


def choose(where: Any, qid: str, options: list[str]) -> None:
    checked = where.eval_on_selector_all(f"#soal-{qid} input:checked", "els => els.map(e => e.value)")
    boxes = where.locator(f"#soal-{qid} input[type=checkbox]").count() > 0
    for option in sorted(set(options) ^ set(checked)) if boxes else options:
        where.click(f"#soal-{qid} label[data-option={option}]")


def shown(where: Any) -> list[str]:
    where.wait_for_selector(".latih-question:not([hidden])")
    return where.eval_on_selector_all(
        ".latih-question:not([hidden])", "els => els.map(e => e.dataset.question)"
    )


def take_quiz(where: Any, course: Path, quiz_id: str, right: bool = True) -> None:
    """Answer every question on show, right or wrong, and finish the attempt."""
    answers = key(course, quiz_id)
    practice = quiz_yaml(course, quiz_id).get("kind", "practice") == "practice"
    if where.locator(".latih-results:not([hidden])").count():  # a finished attempt: start again
        where.click(".latih-results .latih-actions button")
    for qid in shown(where):
        choose(where, qid, answers[qid][0 if right else 1])
        if practice:
            where.click(f"#soal-{qid} .latih-actions button")
    if not practice:
        where.click(".latih-quiz-end .latih-actions button")
        if where.locator(".latih-confirm:not([hidden])").count():
            where.click(".latih-confirm button")
        where.wait_for_selector(".latih-results:not([hidden])")


def search(page: Any, word: str) -> int:
    """Type a word into the theme's search box, key by key as a person does; the results shown."""
    # The search box shows in the header of a wide screen; a narrow one opens it with an icon
    if not page.is_visible(".md-search__input"):
        page.click("label.md-header__button[for=__search]")
    page.locator(".md-search__input").press_sequentially(word)
    page.wait_for_selector(".md-search-result__item")
    return page.locator(".md-search-result__item").count()


def certificate_quiz(course: Path) -> str:
    return course_yaml(course)["certificate"]["quiz"]


# ---- the tests


@pytest.fixture(scope="module")
def site(flagship_site: Path) -> Path:
    return flagship_site


def test_every_page_loads_from_the_file_system_without_outside_requests_or_errors(
    site: Path, tab: Tab
) -> None:
    pages = site_pages(site)
    assert "index.html" in pages and len(pages) > 5
    for page in pages:
        tab.open(page).wait_for_load_state("load")
    assert tab.outside() == []
    assert tab.errors == []
    assert len(tab.requests) > len(pages)  # the log did see the pages' own files


def test_search_finds_results_offline(site: Path, tab: Tab) -> None:
    assert search(tab.open(), search_word(COURSE)) > 0
    assert tab.outside() == []
    assert tab.errors == []


def test_exam_completes_and_persists_across_a_reload(site: Path, tab: Tab) -> None:
    quiz = certificate_quiz(COURSE)
    page = tab.open(f"{quiz}.html")
    take_quiz(page, COURSE, quiz)
    score = page.text_content(".latih-results .latih-percent")
    assert score == "100%"
    page.reload()
    page.wait_for_selector(".latih-results:not([hidden])")
    assert page.text_content(".latih-results .latih-percent") == score
    tab.open("sertifikat.html").wait_for_selector("[data-latih-document]:not([hidden])")
    assert tab.outside() == []
    assert tab.errors == []
