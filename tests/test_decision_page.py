"""The decision aid's page in a real Chromium, from file://, as a participant uses it (issue 29)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.course.loader import Layout, load_course
from tests.conftest import COURSES, REPO, build_course
from tests.helpers import pdf_pages
from tests.test_facilitator import AXE

AID = "boleh-atau-tidak.html"

# (choices by their visible text, the verdict shown, the breadcrumb)
PATHS = [
    (
        [
            "Keluarga yang menjadi calon",
            "Kerabat lain: sepupu, kakak, adik, anak",
            "Ikut berkampanye atau membagikan acaranya",
        ],
        "Tidak boleh",
        ["Keluarga", "kerabat lain", "membagikan acara"],
    ),
    (
        [
            "Keluarga yang menjadi calon",
            "Suami atau istri saya",
            "Ya, saya sedang CLTN",
            "Hadir di kampanye pasangan, diam saja",
        ],
        "Boleh dengan syarat",
        ["Keluarga", "suami atau istri", "dengan CLTN", "hadir pasif"],
    ),
    (
        ["Hak pilih dan pilihan pribadi saya", "Mencoblos di TPS pada hari pemungutan suara"],
        "Boleh",
        ["Hak pilih", "mencoblos"],
    ),
]


@pytest.fixture(scope="module")
def english_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_course(COURSES / "english", tmp_path_factory.mktemp("english-aid") / "site")


def open_aid(page: Any, site: Path, name: str = AID, hash: str = "") -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto((site / name).as_uri() + hash)


def current(page: Any) -> Any:
    return page.locator(".latih-decision-node:visible")


def crumbs(page: Any) -> list[str]:
    return page.locator(".latih-decision-path li").all_inner_texts()


def choose(page: Any, text: str) -> None:
    page.get_by_role("link", name=text, exact=True).click()


@pytest.mark.parametrize("steps,verdict,path", PATHS, ids=["sepupu", "cltn", "mencoblos"])
def test_three_paths_walked_by_visible_text(
    page: Any, flagship_site: Path, steps: list[str], verdict: str, path: list[str]
) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    open_aid(page, flagship_site)
    assert page.get_by_role("heading", name="Situasi Anda tentang apa?").is_visible()
    assert current(page).count() == 1
    for text in steps:
        choose(page, text)
        assert current(page).count() == 1  # one question (or the verdict) at a time
    assert current(page).locator("h2").inner_text() == verdict
    assert crumbs(page) == path
    # The verdict is announced, and cites a reference and a lesson
    assert page.locator(".latih-decision-live").inner_text() == f"Jawaban: {verdict}."
    assert current(page).locator(".latih-references li").count() >= 1
    assert current(page).locator(".latih-decision-lessons a").count() >= 1
    # Nothing wider than a phone's screen
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert errors == []


def test_back_and_start_over(page: Any, flagship_site: Path) -> None:
    open_aid(page, flagship_site)
    steps, _, _ = PATHS[0]
    for text in steps:
        choose(page, text)
    page.get_by_role("button", name="Kembali", exact=True).click()
    assert current(page).locator("h2").inner_text() == "Apa yang ingin Anda lakukan untuk kerabat Anda?"
    assert crumbs(page) == ["Keluarga", "kerabat lain"]
    assert (
        page.evaluate("document.activeElement.textContent")
        == "Apa yang ingin Anda lakukan untuk kerabat Anda?"
    )
    page.get_by_role("button", name="Mulai lagi").click()
    assert current(page).locator("h2").inner_text() == "Situasi Anda tentang apa?"
    assert crumbs(page) == []
    assert page.get_by_role("button", name="Kembali", exact=True).is_disabled()


def test_copied_link_reopens_the_same_verdict(browser: Any, page: Any, flagship_site: Path) -> None:
    open_aid(page, flagship_site)
    steps, verdict, path = PATHS[1]
    for text in steps:
        choose(page, text)
    page.get_by_role("button", name="Salin tautan").click()
    # The clipboard answers when it is ready: then the live region says copied, or how to copy by hand
    page.wait_for_function(
        """() => { const said = document.querySelector('.latih-decision-live').textContent;
                   return said === 'Tautan disalin.' || said.startsWith('Salin tautan ini secara manual:'); }"""
    )
    link = page.get_by_label("Tautan ke jawaban ini").input_value()
    assert link.endswith("#path=keluarga/kel-pasangan/kel-cltn/kel-cltn-hadir")
    other = browser.new_context().new_page()
    other.goto(link)
    assert current(other).locator("h2").inner_text() == verdict
    assert crumbs(other) == path
    other.context.close()


def test_a_damaged_link_stops_at_the_last_step_that_fits(page: Any, flagship_site: Path) -> None:
    open_aid(page, flagship_site, hash="#path=keluarga/kel-pasangan/no-such-node/kel-cltn")
    assert current(page).locator("h2").inner_text().startswith("Apakah Anda sedang menjalani cuti")
    assert crumbs(page) == ["Keluarga", "suami atau istri"]


def test_keyboard_only(page: Any, flagship_site: Path) -> None:
    open_aid(page, flagship_site)

    def tab_to(text: str) -> None:
        for _ in range(300):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.textContent.trim()") == text:
                return
        raise AssertionError(f"Tab never reached {text!r}")

    for text in ["Media sosial dan grup percakapan", "Menyukai (like) atau mengomentari unggahan"]:
        tab_to(text)
        page.keyboard.press("Enter")
        # The new question has the focus: a screen reader reads it next
        assert page.evaluate("document.activeElement.classList.contains('latih-decision-heading')")
    tab_to("Bakal calon yang belum ditetapkan")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.textContent") == "Tidak boleh"
    assert page.locator(".latih-decision-live").inner_text() == "Jawaban: Tidak boleh."
    tab_to("Kembali")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.textContent") == "Siapa pemilik unggahan itu?"


def serious(page: Any) -> list[Any]:
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("async () => (await axe.run(document, {preload: false})).violations")
    return [
        (v["id"], [n["target"] for n in v["nodes"]]) for v in found if v["impact"] in ("serious", "critical")
    ]


def test_axe_finds_nothing_serious_on_a_question_and_a_verdict(page: Any, flagship_site: Path) -> None:
    open_aid(page, flagship_site)
    assert serious(page) == []
    open_aid(page, flagship_site, hash="#path=keluarga/kel-pasangan/kel-cltn/kel-cltn-hadir")
    page.reload()
    assert serious(page) == []


def test_the_longest_verdict_prints_on_one_a4_page(page: Any, flagship_site: Path, tmp_path: Path) -> None:
    loaded = load_course(Layout.at(REPO))
    aid = loaded.decisions["boleh-atau-tidak"].model
    from generator.course.decisions import walk

    paths = walk(aid).path_to
    size = {
        n.id: len(n.explanation or "")
        + sum(len(s) for s in n.steps)
        + sum(len(loaded.course.model.references[c.ref].title) for c in n.references)  # type: ignore[union-attr]
        for n in aid.nodes
        if n.verdict
    }
    longest = max(size, key=lambda ident: size[ident])
    open_aid(page, flagship_site, hash="#path=" + "/".join(paths[longest]))
    page.emulate_media(media="print")
    pdf = tmp_path / "verdict.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    pages = pdf_pages(pdf)
    assert len(pages) == 1
    text = pages[0]
    label = {n.id: n.verdict for n in aid.nodes}[longest]
    assert loaded.course.model.decisions.verdicts[label].label in text  # type: ignore[union-attr]
    assert "Jawaban Anda sejauh ini" in text
    assert "Salin tautan" not in text and "Kembali" not in text


def test_a_lesson_opens_the_aid_at_its_node(page: Any, english_site: Path) -> None:
    page.goto((english_site / "evacuation.html").as_uri())
    page.get_by_role("link", name="Check your own situation with the decision aid").click()
    page.wait_for_function("location.hash === '#path=door'")
    assert current(page).locator("h2").inner_text() == "What do you want to do with the fire door?"
    assert crumbs(page) == ["fire door"]
    choose(page, "Prop it open with a wedge")
    assert current(page).locator("h2").inner_text() == "Not allowed"
    # A choice marked as going back returns to the earlier question, not a step further
    page.get_by_role("button", name="Back", exact=True).click()
    choose(page, "Go back to the first question")
    assert current(page).locator("h2").inner_text() == "What is your question about?"
    assert crumbs(page) == []


def test_a_flagship_lesson_opens_the_aid_at_its_topic(page: Any, flagship_site: Path) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto((flagship_site / "keluarga-calon.html").as_uri())
    page.get_by_role("link", name="Periksa situasi Anda sendiri dengan alat bantu keputusan").click()
    page.wait_for_function("location.hash === '#path=keluarga'")
    assert current(page).locator("h2").inner_text() == "Siapa anggota keluarga Anda yang menjadi calon?"
    assert crumbs(page) == ["Keluarga"]


def test_every_flagship_lesson_links_the_aid() -> None:
    loaded = load_course(Layout.at(REPO))
    unlinked = [ident for ident, lesson in loaded.lessons.items() if lesson.model.decision is None]
    assert unlinked == []
