"""The flagship's results view: after passing, the way to the certificate is the first thing on
screen; after failing, the weak topics and their lessons come first; the review is collapsed."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.course.loader import Layout, load_course
from tests.conftest import REPO

ARTIFACTS = REPO / "tests" / "artifacts" / "results"
EXAM_DRAW = 22  # the flagship exam: two questions of each of its eleven topics


@pytest.fixture(scope="module")
def keys() -> dict[str, dict[str, list[str]]]:
    loaded = load_course(Layout.at(REPO))
    return {
        ident: {q.id: q.correct_ids() for q in quiz.model.questions} for ident, quiz in loaded.quizzes.items()
    }


def answer(page, key: dict[str, list[str]], right: bool) -> None:  # type: ignore[no-untyped-def]
    for qid in page.eval_on_selector_all(
        ".latih-question:not([hidden])", "els => els.map(e => e.dataset.question)"
    ):
        options = page.eval_on_selector_all(
            f"#soal-{qid} label[data-option]", "els => els.map(e => e.dataset.option)"
        )
        chosen = key[qid] if right else [next(o for o in options if o not in key[qid])]
        for option in chosen:
            page.click(f"#soal-{qid} label[data-option={option}]")
    page.click(".latih-quiz-end .latih-actions button")
    page.wait_for_selector(".latih-results:not([hidden]) .latih-code-box h3")


def in_view(page, selector: str) -> bool:  # type: ignore[no-untyped-def]
    return page.eval_on_selector(
        selector,
        "el => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight && r.width > 0; }",
    )


@pytest.mark.parametrize("size", [(360, 740), (1280, 800)], ids=["phone", "desktop"])
def test_after_passing_the_certificate_button_is_on_screen(browser, flagship_site: Path, keys, size) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    try:
        page.goto((flagship_site / "ujian-akhir.html").as_uri())
        answer(page, keys["ujian-akhir"], right=True)
        page.wait_for_timeout(200)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"passed-{size[0]}.png"))
        button = page.locator(".latih-next-steps a", has_text="Cetak sertifikat dan pernyataan")
        assert button.count() == 1 and in_view(page, ".latih-next-steps a.md-button--primary")
        assert in_view(page, ".latih-results .latih-verdict.is-correct")
        assert page.locator(".latih-next-steps a", has_text="Kirim kode hasil").is_visible()
        # Order: verdict, next steps, code box, topics, review
        order = page.eval_on_selector(
            ".latih-results",
            """r => [...r.querySelectorAll('.latih-verdict, .latih-next-steps, .latih-code-box, .latih-topics, .latih-review-item')]
                     .map(e => e.classList[0])""",
        )
        assert order[:4] == ["latih-verdict", "latih-actions", "latih-code-box", "latih-topics"], order
        assert page.locator(".latih-review-item").count() == EXAM_DRAW
        assert page.locator(".latih-review-item[open]").count() == 0  # all right: all collapsed
        button.click()
        assert page.url.endswith("sertifikat.html")
        page.locator(".latih-certificate").wait_for(state="visible")  # unlocked by the passed exam
    finally:
        context.close()


def test_after_failing_the_weak_topics_and_retry_come_first(page, flagship_site: Path, keys) -> None:  # type: ignore[no-untyped-def]
    page.goto((flagship_site / "ujian-akhir.html").as_uri())
    answer(page, keys["ujian-akhir"], right=False)
    results = page.locator(".latih-results")
    assert results.locator(".latih-verdict.is-incorrect").count() == 1
    first_h3 = results.locator("h3").first.inner_text()
    assert first_h3 == "Topik yang perlu dipelajari lagi"
    assert results.locator(".latih-topics").first.locator(".latih-study a").count() > 0
    order = page.eval_on_selector(
        ".latih-results",
        "r => [...r.querySelectorAll('h3, .latih-actions, .latih-note')].map(e => e.textContent.slice(0, 30))",
    )
    note = next(i for i, text in enumerate(order) if text.startswith("Jawaban yang benar dan"))
    assert order.index("Ulangi dari awal") < note
    assert page.locator(".latih-next-steps a", has_text="Cetak sertifikat").count() == 0
    # An exam's review (answers, explanations) waits for a pass: failing does not teach the bank
    assert page.locator(".latih-review-item").count() == 0


def test_topic_percentages_round_to_nearest(page) -> None:  # type: ignore[no-untyped-def]
    page.set_content("<!doctype html><title>t</title>")
    page.add_script_tag(path=str(REPO / "generator" / "assets" / "js" / "scoring.js"))
    got = page.evaluate(
        "[[2,3],[1,3],[1,8],[0,5],[5,5]].map(([n, p]) => Latih.scoring.roundedPercent({n, d: 1}, p))"
    )
    assert got == [67, 33, 13, 0, 100]


def test_pretest_shows_no_pass_mark_and_no_verdict(page, flagship_site: Path, keys) -> None:  # type: ignore[no-untyped-def]
    page.goto((flagship_site / "pra-tes.html").as_uri())
    assert "Nilai lulus" not in page.inner_text(".latih-quiz-facts")
    answer(page, keys["pra-tes"], right=False)
    text = page.inner_text(".latih-results")
    assert "belum lulus" not in text and "nilai lulus" not in text.lower()
    assert "Prates selesai" in text
