"""Review options on the flagship's exam, in Chromium, as a participant uses the page: three failed
attempts never show a correct answer or an explanation; a passed attempt shows the whole review.
What is right comes from the course YAML, never from the page."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from generator.course.loader import Layout, load_course
from generator.i18n import true_false, ui_strings
from tests.conftest import REPO

LOADED = load_course(Layout.at(REPO))
assert LOADED.course is not None
UI = ui_strings(LOADED.course.model.language)
LABELS = LOADED.course.model.true_false_labels or true_false(LOADED.course.model.language)
EXAM = LOADED.quizzes["ujian-akhir"].model
BY_ID = {q.id: q for q in EXAM.questions}


def texts(q: Any) -> list[str]:
    return LABELS if q.type == "true_false" else [o.text for o in q.options or []]


def answer(page: Any, right: bool) -> None:
    """Choose, by the options' visible text, the right answer of every question on show, or a wrong one."""
    ids = page.eval_on_selector_all(
        ".latih-question:not([hidden])", "els => els.map((e) => e.dataset.question)"
    )
    for qid in ids:
        q = BY_ID[qid]
        correct = set(q.correct_ids())
        options = list(zip(q.option_ids(), texts(q), strict=True))
        chosen = (
            [t for o, t in options if o in correct]
            if right
            else [next(t for o, t in options if o not in correct)]
        )
        section = page.locator(f"[data-question='{qid}']")
        for text in chosen:
            section.locator("label").filter(has=page.get_by_text(text, exact=True)).click()


def plain(markdown: str) -> str:
    return max(re.split(r"[*_`\[\]\n]", markdown.strip()), key=len).strip()


def test_failed_exam_attempts_never_show_a_key_and_a_pass_shows_the_review(
    page: Any, flagship_site: Path
) -> None:
    page.goto((flagship_site / "ujian-akhir.html").as_uri())
    for attempt in range(3):
        answer(page, right=False)
        page.locator(".latih-actions").get_by_role("button", name=UI["submit"]).first.click()
        confirm = page.locator(".latih-confirm").get_by_role("button", name=UI["submit"])
        if confirm.is_visible():
            confirm.click()
        results = page.locator(".latih-results")
        results.wait_for()
        text = results.text_content()
        assert UI["weak_topics"] in text, attempt
        assert UI["right_answer"] + ":" not in text and UI["review"] not in text, attempt
        assert UI["review_after_passing"] in text
        for q in EXAM.questions:
            if q.explanation:
                assert plain(q.explanation) not in text, q.id
        # No option is marked right on the page either
        assert page.locator(".latih-questions .latih-right").count() == 0, attempt
        page.locator(".latih-results").get_by_role("button", name=UI["retry"]).first.click()
    answer(page, right=True)
    page.locator(".latih-actions").get_by_role("button", name=UI["submit"]).first.click()
    text = page.locator(".latih-results").text_content()
    assert UI["passed"].split("{")[0].strip()[:10] in text
    assert UI["review"] in text and UI["right_answer"] + ":" in text
    shown = page.eval_on_selector_all(
        ".latih-question:not([hidden])", "els => els.map((e) => e.dataset.question)"
    )
    explained = [BY_ID[x] for x in shown if BY_ID[x].explanation]
    assert explained and all(plain(q.explanation or "") in text for q in explained)


def test_an_attempt_limit_ends_the_retries(page: Any, tmp_path: Path) -> None:
    import shutil

    import yaml

    from tests.conftest import COURSES, build_course

    course = tmp_path / "course"
    shutil.copytree(COURSES / "runtime", course)
    path = course / "quizzes" / "ujian.yml"
    quiz = yaml.safe_load(path.read_text(encoding="utf-8"))
    quiz["attempts"] = 2
    quiz.pop("review", None)  # the exam's defaults
    path.write_text(yaml.safe_dump(quiz, allow_unicode=True, sort_keys=False), encoding="utf-8")
    site = build_course(course, tmp_path / "site")
    ui = ui_strings("id")
    page.goto((site / "ujian.html").as_uri())
    for attempt in (1, 2):
        page.locator(".latih-quiz-end .latih-actions").get_by_role("button", name=ui["submit"]).click()
        page.locator(".latih-confirm").get_by_role("button", name=ui["submit"]).click()
        results = page.locator(".latih-results")
        results.wait_for()
        if attempt == 1:
            assert ui["attempts_left"].format(n=1, max=2) in results.inner_text()
            results.get_by_role("button", name=ui["retry"]).first.click()
    text = page.locator(".latih-results").inner_text()
    assert ui["attempts_used"].format(n=2, max=2) in text
    assert page.locator(".latih-results").get_by_role("button", name=ui["retry"]).count() == 0
    # A reload does not give the attempts back
    page.reload()
    assert page.locator(".latih-results").get_by_role("button", name=ui["retry"]).count() == 0


def test_review_and_attempts_belong_to_graded_quizzes(tmp_path: Path, capsys: Any) -> None:
    import shutil

    import yaml

    from generator.cli import main
    from tests.conftest import COURSES

    course = tmp_path / "course"
    shutil.copytree(COURSES / "runtime", course)
    path = course / "quizzes" / "latihan.yml"
    quiz = yaml.safe_load(path.read_text(encoding="utf-8"))
    quiz["attempts"] = 2
    path.write_text(yaml.safe_dump(quiz, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert main(["-f", str(course / "mkdocs.yml"), "check"]) == 1
    line = next(
        n
        for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if text.startswith("attempts:")
    )
    said = capsys.readouterr().err
    assert (
        f"quizzes/latihan.yml:{line}:11: attempts: 'attempts' hanya berlaku untuk kuis pretest, posttest dan exam"
        in said
    ), said
