"""A hosted site on a flaky connection: once a graded quiz has opened, what it needs on submission
(its results view, the results code, the QR library) is fetched while the page is idle, so a
participant who loses the connection still gets a results code; and when those files cannot be
fetched at all, the page says so (the answers are saved; reload once connected), and the reload
shows the results and the code."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.course.loader import Layout, load_course
from generator.i18n import ui_strings
from tests.conftest import REPO, static_server

ARTIFACTS = REPO / "tests" / "artifacts" / "offline"
UI = ui_strings("id")
EXAM = "ujian-akhir.html"
# What a graded quiz fetches after opening (ui.js)
LATER = ("latih/results-view.js", "latih/codes.js", "latih/codes.css", "latih/vendor/lean-qr/lean-qr.js")


@pytest.fixture(scope="module")
def key() -> dict[str, list[str]]:
    """The flagship exam's right options, from its YAML."""
    exam = load_course(Layout.at(REPO)).quizzes["ujian-akhir"]
    return {q.id: q.correct_ids() for q in exam.model.questions}


@pytest.fixture(scope="module")
def served(flagship_site: Path):  # type: ignore[no-untyped-def]
    with static_server(flagship_site) as address:
        yield address


def answer_all(page, key: dict[str, list[str]]) -> None:  # type: ignore[no-untyped-def]
    for qid in page.eval_on_selector_all(
        ".latih-question:not([hidden])", "els => els.map(e => e.dataset.question)"
    ):
        for option in key[qid]:
            page.click(f"#soal-{qid} label[data-option={option}]")
    page.click(".latih-quiz-end .latih-actions button")


def idle_fetched(page) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_function("performance.getEntriesByName('latih:prefetched').length > 0", timeout=15_000)


def test_submitting_after_the_connection_dropped_gives_the_results_code(browser, served: str, key) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        fetched: list[str] = []
        page.on("request", lambda r: fetched.append(r.url.removeprefix(served)))
        page.goto(served + EXAM, wait_until="load")
        idle_fetched(page)
        assert set(LATER) <= set(fetched)  # fetched in the background, before any use
        # From here on, nothing more comes through
        blocked: list[str] = []
        page.route("**/*", lambda route: (blocked.append(route.request.url), route.abort()))
        context.set_offline(True)
        answer_all(page, key)
        page.wait_for_selector(".latih-results:not([hidden]) .latih-code-box h3", timeout=10_000)
        code = page.inner_text(".latih-code-box .latih-code")
        assert code.startswith("LATIH1"), code
        assert page.locator(".latih-code-box .latih-qr svg").count() >= 1
        assert page.locator(".latih-results .latih-verdict.is-correct").is_visible()
        assert page.locator(".latih-offline").count() == 0
        assert not [u for u in blocked if "/latih/" in u], blocked
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "offline-submitted-360.png"))
        assert errors == []
    finally:
        context.close()


@pytest.mark.parametrize("blocked", ["all", "codes"])
def test_files_that_cannot_be_fetched_are_said_and_a_reload_shows_the_results(
    browser, served: str, key, blocked: str
) -> None:  # type: ignore[no-untyped-def]
    """Blocked from the start: the results view and code (all), or only the code (codes)."""
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    files = LATER if blocked == "all" else ("latih/codes.js",)
    pattern = "**/{" + ",".join(files) + "}"
    try:
        page.route(pattern, lambda route: route.abort())
        page.goto(served + EXAM, wait_until="load")
        idle_fetched(page)  # tried, and failed
        answer_all(page, key)
        message = page.locator(".latih-results .latih-offline")
        message.wait_for(state="visible", timeout=10_000)
        assert message.inner_text().strip() == UI["offline_results" if blocked == "all" else "offline_code"]
        assert message.get_attribute("role") == "alert"
        # The results view came (codes), or nothing of it did (all)
        assert page.locator(".latih-results h2").count() == (1 if blocked == "codes" else 0)
        assert page.locator(".latih-code").count() == 0
        if blocked == "all":
            assert page.evaluate("document.activeElement.classList.contains('latih-offline')")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"offline-message-{blocked}-360.png"))
        # The connection is back: the reloaded page shows the saved attempt's results and its code
        page.unroute(pattern)
        page.reload(wait_until="load")
        page.wait_for_selector(".latih-results:not([hidden]) .latih-code-box h3", timeout=10_000)
        assert page.inner_text(".latih-code-box .latih-code").startswith("LATIH1")
        assert page.locator(".latih-results .latih-verdict.is-correct").is_visible()
        assert page.locator(".latih-offline").count() == 0
        # Scored and recorded once, whether the results came at once or after the reload
        record = page.evaluate("Latih.storage.peek('ujian-akhir')")
        assert len(record["attempts"]) == 1 and record["attempts"][0]["passed"] is True
        assert "pending" not in record["current"]
        page.reload(wait_until="load")
        page.wait_for_selector(".latih-results:not([hidden]) .latih-code-box h3", timeout=10_000)
        assert len(page.evaluate("Latih.storage.peek('ujian-akhir')")["attempts"]) == 1
        assert errors == []
    finally:
        context.close()


def test_a_restore_that_cannot_be_fetched_is_said(browser, served: str) -> None:  # type: ignore[no-untyped-def]
    """The certificate while locked: a code typed in needs restore.js; without it, the page says why."""
    context = browser.new_context()
    page = context.new_page()
    try:
        page.route("**/latih/restore.js", lambda route: route.abort())
        page.goto(served + "sertifikat.html", wait_until="load")
        idle_fetched(page)
        page.wait_for_selector("[data-latih-restore][data-latih-ready]")
        page.fill("#latih-restore-code", "LATIH1-something")
        page.click("[data-latih-restore-go]")
        status = page.locator(".latih-restore-status")
        status.wait_for(state="visible")
        page.wait_for_function("document.querySelector('.latih-restore-status').textContent.length > 0")
        assert status.inner_text().strip() == UI["offline_part"]
    finally:
        context.close()


def test_a_certificate_whose_code_cannot_be_fetched_says_so(browser, served: str, key) -> None:  # type: ignore[no-untyped-def]
    """Passed, then the certificate opened with codes.js out of reach: the notice where the code's
    score line would be says to reload once connected, not that the quiz data is incomplete."""
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(served + EXAM, wait_until="load")
        answer_all(page, key)
        page.wait_for_selector(".latih-results:not([hidden]) .latih-code-box h3")
        page.route("**/latih/codes.js", lambda route: route.abort())
        page.goto(served + "sertifikat.html", wait_until="load")
        page.locator(".latih-certificate").wait_for(state="visible")
        notice = page.locator("[data-latih-unbacked]")
        notice.wait_for(state="visible")
        assert notice.inner_text().strip() == UI["offline_part"]
        page.unroute("**/latih/codes.js")
        page.reload(wait_until="load")
        page.locator(".latih-certificate").wait_for(state="visible")
        page.wait_for_function("!!window.Latih.codes")
        assert page.locator("[data-latih-unbacked]").is_hidden()
    finally:
        context.close()
