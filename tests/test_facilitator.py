"""A quiz's facilitator page, in real Chromium: presentation mode for a room, and the worksheet and
answer key on paper (PDF read back).

The test course (tests/courses/runtime) is copied, given two discussion prompts and a large quiz,
built once per module and opened from file://. What is right, explained or discussed always comes
from the course YAML, never from the page.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pypdf
import pytest
import yaml

from generator.i18n import ui_strings
from generator.schema import option_id
from generator.site.answer_key import reveal
from tests.conftest import COURSES, REPO, build_course
from tests.helpers import normalize, pdf_pages

UI = ui_strings("id")
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
ARTIFACTS = REPO / "tests" / "artifacts"
A4_PORTRAIT = (595, 842)  # points, rounded
TRUE_FALSE = ["Pelanggaran", "Bukan pelanggaran"]  # the course's true_false_labels
DISCUSSIONS = {
    ("latihan", "grup-keluarga"): "Bagaimana menolak ajakan keluarga **tanpa** merusak silaturahmi di grup?",
    (
        "pra-tes",
        "arti-netral",
    ): "Apakah netral berarti acuh pada nasib daerah sendiri? Beri contoh dari kantor Anda.",
}
BIG_QUIZ = "bank-besar"
BIG_SIZE = 24


# ---- the course as its author wrote it


def big_quiz() -> dict[str, Any]:
    """A bank of questions of every type, with scenarios of different lengths."""
    questions = []
    for n in range(1, BIG_SIZE + 1):
        q: dict[str, Any] = {
            "id": f"soal-{n}",
            "type": ("single", "multiple", "true_false")[n % 3],
            "prompt": f"Pertanyaan nomor {n}: apa sikap yang sesuai dengan asas netralitas?",
            "explanation": f"Penjelasan khusus soal nomor {n} tentang asas netralitas.",
        }
        if n % 2:
            q["scenario"] = " ".join(
                [f"Skenario {n}: seorang pegawai menerima undangan acara calon."] * (1 + n % 4)
            )
        if q["type"] == "true_false":
            q["answer"] = n % 2 == 0
        else:
            q["options"] = [
                {
                    "text": f"Pilihan {n}{option_id(i).upper()} yang ditulis cukup panjang",
                    "correct": i < 1 + n % 2,
                }
                for i in range(3 + n % 2)
            ]
            if q["type"] == "single":
                for i, o in enumerate(q["options"]):
                    o["correct"] = i == 0
        questions.append(q)
    return {"id": BIG_QUIZ, "title": "Bank soal besar", "kind": "practice", "questions": questions}


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The runtime test course, with discussion prompts on two questions and one large quiz."""
    folder = tmp_path_factory.mktemp("facilitator") / "course"
    shutil.copytree(COURSES / "runtime", folder)
    for (quiz_id, qid), text in DISCUSSIONS.items():
        path = folder / "quizzes" / f"{quiz_id}.yml"
        quiz = yaml.safe_load(path.read_text(encoding="utf-8"))
        next(q for q in quiz["questions"] if q["id"] == qid)["discussion"] = text
        path.write_text(yaml.safe_dump(quiz, allow_unicode=True, sort_keys=False), encoding="utf-8")
    dump = yaml.safe_dump(big_quiz(), allow_unicode=True, sort_keys=False)
    (folder / "quizzes" / f"{BIG_QUIZ}.yml").write_text(dump, encoding="utf-8")
    course_yml = folder / "site_config" / "course.yml"
    text = course_yml.read_text(encoding="utf-8").replace(
        "  - quiz: ujian\n", f"  - quiz: ujian\n  - quiz: {BIG_QUIZ}\n"
    )
    course_yml.write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def site(course: Path) -> Path:
    """The facilitator's site: every quiz's facilitator page."""
    return build_course(course, course.parent / "site", "facilitator")


@pytest.fixture(scope="module")
def participants_site(course: Path) -> Path:
    return build_course(course, course.parent / "site-participants")


def questions(course: Path, quiz_id: str) -> list[dict[str, Any]]:
    return yaml.safe_load((course / "quizzes" / f"{quiz_id}.yml").read_text(encoding="utf-8"))["questions"]


def plain(markdown: str) -> str:
    """The longest stretch of an author's Markdown that reaches the page as it was written."""
    return max(re.split(r"[*_`\[\]]", markdown.strip()), key=len).strip()


def secrets(course: Path, quiz_id: str) -> dict[str, list[str]]:
    """The words that would give answers away: explanations, feedback, discussion prompts."""
    found: dict[str, list[str]] = {"explanation": [], "feedback": [], "discussion": []}
    for q in questions(course, quiz_id):
        if q.get("explanation"):
            found["explanation"].append(plain(q["explanation"]))
        found["feedback"] += [plain(o["feedback"]) for o in q.get("options", []) if o.get("feedback")]
        if q.get("discussion"):
            found["discussion"].append(plain(q["discussion"]))
    return found


def right_letters(q: dict[str, Any]) -> list[str]:
    if q["type"] == "true_false":
        return ["A" if q["answer"] else "B"]
    return [option_id(i).upper() for i, o in enumerate(q["options"]) if o.get("correct")]


def option_texts(q: dict[str, Any]) -> list[str]:
    return TRUE_FALSE if q["type"] == "true_false" else [o["text"] for o in q["options"]]


# ---- pages, keys and paper


def facilitator(page: Any, site: Path, quiz_id: str) -> None:
    page.goto((site / "fasilitator" / f"{quiz_id}.html").as_uri())
    # Printing is the browser's dialog; the test counts the calls and prints with page.pdf instead
    page.evaluate("() => { window.print = () => (window.latihPrinted = (window.latihPrinted || 0) + 1); }")


def page_key(html: str) -> dict[str, Any]:
    found = re.search(r'data-seed="([0-9a-f]+)" data-key="([^"]+)"', html)
    assert found, "the page carries a concealed key"
    return reveal(found[2], found[1])


def storage(page: Any) -> str:
    return page.evaluate(
        "JSON.stringify([Object.entries(localStorage).sort(), Object.entries(sessionStorage).sort()])"
    )


def print_pdf(page: Any, path: Path) -> list[str]:
    """The page on paper, as Chromium prints it; the normalized text of each page."""
    page.emulate_media(media="print")
    path.write_bytes(page.pdf(prefer_css_page_size=True))
    page.emulate_media(media="screen")
    return pdf_pages(path)


def page_sizes(pdf: Path) -> list[tuple[int, int]]:
    return [
        (round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in pypdf.PdfReader(pdf).pages
    ]


def flat(text: str) -> str:
    """Text from a PDF or a page, normalized (NFKC, whitespace collapsed) for comparison."""
    return normalize(text)


def keep_png(pdf: Path, name: str) -> None:
    """The first page, for a person to look at (tests/artifacts is kept by CI, not committed)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(ARTIFACTS / name)], check=True)  # fmt: skip


def tab_to(page: Any, selector: str) -> None:
    """Move the focus with the Tab key alone, as a keyboard user would."""
    for _ in range(60):
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def slide(page: Any) -> str:
    return flat(page.inner_text(".latih-present-slide"))


def counts(page: Any) -> list[int]:
    return [int(c) for c in page.locator(".latih-tally-count [aria-hidden]").all_inner_texts()]


def axe_violations(page: Any) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("async () => (await axe.run(document, {preload: false})).violations")
    return [
        {"id": v["id"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in found
        if v["impact"] in ("serious", "critical")
    ]


# ---- the way there, and what the pages keep to themselves


def test_quiz_page_links_to_its_facilitator_page(page: Any, site: Path) -> None:
    page.goto((site / "latihan.html").as_uri())
    link = page.locator(".latih-facilitator-link a")
    assert link.inner_text() == UI["facilitator_link"]
    link.click()
    assert page.url.endswith("/fasilitator/latihan.html")
    assert page.inner_text("h1") == UI["facilitator_title"].format(title="Latihan media sosial")
    page.click(".latih-facilitator-back a")  # and back
    assert page.url.endswith("/latihan.html") and "/fasilitator/" not in page.url


def test_participants_site_has_practice_facilitator_pages_only_outside_the_navigation(
    participants_site: Path,
) -> None:
    site = participants_site
    # A graded quiz's facilitator page shows its answers a key press away: never in the participants' site
    assert {p.stem for p in (site / "fasilitator").glob("*.html")} - {"cetak-pernyataan"} == {
        "latihan",
        BIG_QUIZ,
    }
    # A practice quiz links to its page; a graded one does not
    assert 'href="fasilitator/latihan.html"' in (site / "latihan.html").read_text(encoding="utf-8")
    for graded in ("pra-tes", "ujian"):
        assert "fasilitator/" not in (site / f"{graded}.html").read_text(encoding="utf-8")
    index = (site / "index.html").read_text(encoding="utf-8")
    nav = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>\s*</div>', index, re.DOTALL)
    assert nav and "fasilitator/" not in nav[0]
    # Participants searching the site do not land on it either
    assert "fasilitator/" not in (site / "search" / "search_index.json").read_text(encoding="utf-8")


def test_facilitator_site_starts_from_a_page_listing_every_quiz_to_present(page: Any, site: Path) -> None:
    for quiz_id in ("pra-tes", "latihan", "ujian", BIG_QUIZ):
        assert (site / "fasilitator" / f"{quiz_id}.html").is_file()
    page.goto((site / "index.html").as_uri())
    assert page.inner_text("h1") == UI["facilitator_home_title"].format(title="Uji Runtime")
    page.locator("article").get_by_role("link", name="Ujian akhir", exact=True).click()
    assert page.url.endswith("/fasilitator/ujian.html")


def test_participant_quiz_page_never_carries_the_discussion(participants_site: Path, course: Path) -> None:
    site = participants_site
    for quiz_id in ("latihan", "pra-tes"):
        html = (site / f"{quiz_id}.html").read_text(encoding="utf-8")
        for text in secrets(course, quiz_id)["discussion"]:
            assert text not in html
        key = page_key(html)
        assert all("d" not in k for k in key.values()), "the participant's key has no discussion"
        assert not any(text in str(key) for text in secrets(course, quiz_id)["discussion"])
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "merusak silaturahmi" not in index


def test_facilitator_page_keeps_answers_out_of_its_source(site: Path, course: Path) -> None:
    for quiz_id in ("latihan", "pra-tes", "ujian"):
        html = (site / "fasilitator" / f"{quiz_id}.html").read_text(encoding="utf-8")
        found = secrets(course, quiz_id)
        for kind, texts in found.items():
            for text in texts:
                assert text not in html, f"{kind} readable in fasilitator/{quiz_id}.html: {text}"
        # ... yet its own key holds them all, the discussion prompts included
        key = page_key(html)
        for q in questions(course, quiz_id):
            assert [c.upper() for c in key[q["id"]]["c"]] == right_letters(q)
        held = str(key)
        assert all(text in held for texts in found.values() for text in texts)
    assert (
        "silaturahmi di grup"
        in page_key((site / "fasilitator" / "latihan.html").read_text())["grup-keluarga"]["d"]
    )


def test_facilitator_page_shows_the_questions_as_written(page: Any, site: Path, course: Path) -> None:
    facilitator(page, site, "latihan")
    sections = page.locator(".latih-fq")
    written = questions(course, "latihan")
    assert sections.count() == len(written)
    for i, q in enumerate(written):
        text = flat(sections.nth(i).inner_text())
        assert q["prompt"] in text
        for letter, option in zip("ABC", option_texts(q), strict=False):
            assert f"☐ {letter}. {option}" in text
    assert axe_violations(page) == []


# ---- presentation mode


def test_presentation_is_driven_by_the_keyboard_alone(page: Any, site: Path, course: Path) -> None:
    facilitator(page, site, "latihan")
    written = questions(course, "latihan")
    stored = storage(page)
    tab_to(page, "[data-latih-present]")
    page.keyboard.press("Enter")

    dialog = page.locator(".latih-present[role=dialog]")
    assert dialog.is_visible()
    assert page.inner_text(".latih-present-counter").startswith("Soal 1 dari 3 · ")  # and the id
    assert page.evaluate("document.activeElement.matches('.latih-present-counter')")  # screen readers follow
    assert written[0]["scenario"] in slide(page)
    # Readable from the back of the room: the scenario is at least 2rem on a 1280x720 projector
    size, root = page.evaluate(
        """() => [getComputedStyle(document.querySelector('.latih-present-scenario')).fontSize,
                  getComputedStyle(document.documentElement).fontSize].map(parseFloat)"""
    )
    assert page.viewport_size == {"width": 1280, "height": 720}
    assert size >= 2 * root and size >= 32

    for key, expected in [
        ("ArrowRight", 2),
        ("PageDown", 3),
        ("Space", 3),
        ("ArrowLeft", 2),
        ("PageUp", 1),
        ("Space", 2),
    ]:
        page.keyboard.press(key)
        assert page.inner_text(".latih-present-counter").startswith(f"Soal {expected} dari 3 · "), key
    q = written[1]
    assert q["prompt"] in slide(page)
    assert plain(q["explanation"]) not in slide(page)

    # Reveal: the right option marked with a sign and a word, the explanation, the discussion prompt
    page.keyboard.press("r")
    right = page.locator(".latih-present-option.is-right")
    assert right.count() == 1 and right.get_attribute("data-option") == "b"
    assert "✓ " + UI["correct"] in right.inner_text()
    answer = flat(page.inner_text(".latih-present-answer"))
    assert f"{UI['right_answer']}: B" in answer
    assert plain(q["explanation"]) in answer
    assert UI["discussion"].lower() in answer.lower() and "merusak silaturahmi di grup" in answer
    page.wait_for_function("document.querySelector('.latih-present [aria-live]').textContent.length > 0")
    assert UI["right_answer"] in page.inner_text(".latih-present [aria-live]")
    page.keyboard.press("R")  # hides again, for a second vote
    assert page.locator(".latih-present-answer").count() == 0
    page.keyboard.press("Enter")
    assert page.locator(".latih-present-answer").count() == 1

    # Raised hands: number keys, and the + buttons reached with Tab
    for key in ("2", "2", "1", "9"):  # 9: no such option, nothing happens
        page.keyboard.press(key)
    assert counts(page) == [1, 2, 0]
    tab_to(page, ".latih-present-option[data-option=c] .latih-tally-add")
    page.keyboard.press("Enter")
    page.keyboard.press("Space")
    assert counts(page) == [1, 2, 2]
    assert page.evaluate("document.activeElement.matches('[data-option=c] .latih-tally-add')")
    bar = page.locator(".latih-present-option[data-option=b] .latih-bar > span").get_attribute("style")
    assert bar == "width:40%"  # 2 of the 5 hands
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "presentation-revealed.png"))

    page.keyboard.press("ArrowRight")  # counts belong to their question
    assert counts(page) == [0, 0, 0]
    page.keyboard.press("ArrowLeft")
    assert counts(page) == [1, 2, 2]
    tab_to(page, ".latih-present-reset")
    page.keyboard.press("Enter")
    assert counts(page) == [0, 0, 0]

    page.keyboard.press("Escape")
    assert page.locator(".latih-present").count() == 0
    assert page.evaluate("document.activeElement.matches('[data-latih-present]')")
    assert page.evaluate("![...document.body.children].some((el) => el.inert)")
    assert storage(page) == stored, "presentation mode stores nothing"


def test_presentation_buttons_work_for_a_mouse_or_touch(page: Any, site: Path) -> None:
    facilitator(page, site, "pra-tes")
    page.click("[data-latih-present]")
    page.click(".latih-present-next")
    assert page.inner_text(".latih-present-counter").startswith("Soal 2 dari 3 · ")
    assert page.locator(".latih-present-prev").is_enabled()
    page.click(".latih-present-prev")
    assert page.locator(".latih-present-prev").is_disabled()
    page.click(".latih-present-reveal")
    assert page.get_attribute(".latih-present-reveal", "aria-pressed") == "true"
    assert "acuh pada nasib daerah" in page.inner_text(".latih-present-discussion")
    page.click(".latih-present-option[data-option=a] .latih-tally-add")
    assert counts(page) == [1, 0]
    assert axe_violations(page) == []
    page.click(".latih-present-exit")
    assert page.locator(".latih-present").count() == 0


def test_leaving_full_screen_leaves_the_presentation(page: Any, site: Path) -> None:
    facilitator(page, site, "pra-tes")
    page.click("[data-latih-present]")
    page.wait_for_function(
        "document.fullscreenElement && document.fullscreenElement.matches('.latih-present')"
    )
    page.evaluate("document.exitFullscreen()")  # what the browser's own Esc does
    page.wait_for_function("!document.querySelector('.latih-present')")
    assert not page.evaluate("document.documentElement.classList.contains('latih-presenting')")


def test_presentation_script_does_nothing_on_other_pages(page: Any, site: Path) -> None:
    page.goto((site / "latihan.html").as_uri())
    page.keyboard.press("r")
    page.keyboard.press("ArrowRight")
    assert page.locator(".latih-present").count() == 0
    assert page.locator("[data-latih-present]").count() == 0


# ---- paper


def test_worksheet_prints_every_question_with_boxes_on_a4(
    page: Any, site: Path, course: Path, tmp_path: Path
) -> None:
    facilitator(page, site, "pra-tes")
    page.click("[data-latih-paper=worksheet]")
    assert page.evaluate("window.latihPrinted") == 1
    pdf = tmp_path / "lembar-kerja.pdf"
    pages = print_pdf(page, pdf)
    keep_png(pdf, "worksheet")
    assert page_sizes(pdf) == [A4_PORTRAIT]  # three short questions: one page
    text = flat(" ".join(pages))
    assert flat(f"{UI['worksheet_name']}:") in text and flat(f"{UI['worksheet_date']}:") in text
    for q in questions(course, "pra-tes"):
        assert flat(q["prompt"]) in text
        for letter, option in zip("ABC", option_texts(q), strict=False):
            assert flat(f"☐ {letter}. {option}") in text
    for texts in secrets(course, "pra-tes").values():
        assert not any(flat(t) in text for t in texts)
    # No site chrome, no buttons on paper
    for chrome in (
        "Uji Runtime",
        "Sumber dan rujukan",
        UI["present_start"],
        UI["print_answer_key"],
        "Material",
    ):
        assert flat(chrome) not in text


def test_large_worksheet_keeps_each_question_whole(
    page: Any, site: Path, course: Path, tmp_path: Path
) -> None:
    # The page count a layout with unbreakable questions gives, measured on the page's own boxes
    page.set_viewport_size({"width": 673, "height": 1009})  # A4 less the margins, in CSS pixels
    facilitator(page, site, BIG_QUIZ)
    page.emulate_media(media="print")
    expected = page.evaluate(
        """height => {
             let pages = 1, top = 0;
             for (const q of document.querySelectorAll('.latih-fq')) {
               const r = q.getBoundingClientRect();
               if (r.bottom - top > height) { pages += 1; top = r.top; }
             }
             return pages;
           }""",
        267 / 25.4 * 96,
    )
    page.emulate_media(media="screen")
    page.click("[data-latih-paper=worksheet]")
    pdf = tmp_path / "bank-besar.pdf"
    pages = print_pdf(page, pdf)
    assert 1 < len(pages) < BIG_SIZE and len(pages) == expected
    assert set(page_sizes(pdf)) == {A4_PORTRAIT}
    for q in questions(course, BIG_QUIZ):
        on = [i for i, text in enumerate(pages) if flat(q["prompt"]) in text]
        assert len(on) == 1, q["id"]
        assert flat(option_texts(q)[-1]) in pages[on[0]], f"{q['id']} is split across pages"


def test_answer_key_prints_on_its_own_pages_only_when_asked(
    page: Any, site: Path, course: Path, tmp_path: Path
) -> None:
    facilitator(page, site, "latihan")
    found = secrets(course, "latihan")
    assert page.locator(".latih-answer-key").inner_html() == ""
    assert not any(t in page.content() for t in found["explanation"])

    page.click("[data-latih-paper=key]")
    assert page.evaluate("window.latihPrinted") == 1
    assert page.locator(".latih-answer-key").is_hidden()  # revealed for paper, not for the projector
    pdf = tmp_path / "kunci.pdf"
    pages = print_pdf(page, pdf)
    keep_png(pdf, "answer-key")
    assert set(page_sizes(pdf)) == {A4_PORTRAIT}
    text = flat(" ".join(pages))
    assert pages[0].startswith(flat(UI["answer_key_title"].format(title="Latihan media sosial")))
    assert flat(f"{UI['worksheet_name']}:") not in text  # the worksheet is not part of it
    for explanation in found["explanation"]:
        assert flat(explanation) in text
    assert "merusak silaturahmi di grup" in text
    for n, q in enumerate(questions(course, "latihan"), 1):
        texts = option_texts(q)
        right = " ".join(f"✓ {letter}. {texts['ABC'.index(letter)]}" for letter in right_letters(q))
        assert flat(right.replace(" ✓", "; ✓")) in text, f"question {n}"

    # After the print dialog closes, the browser's own print gives the worksheet again
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    again = flat(" ".join(print_pdf(page, tmp_path / "lagi.pdf")))
    assert flat(UI["answer_key_title"].format(title="Latihan media sosial")) not in again
    assert flat(f"{UI['worksheet_name']}:") in again


@pytest.mark.parametrize(
    ("which", "pages"),
    [
        ("practice", {"latihan.html", f"{BIG_QUIZ}.html"}),
        ("all", {"latihan.html", f"{BIG_QUIZ}.html"}),  # read as practice: graded pages are the facilitator's
        ("none", set()),
    ],
)
def test_a_participants_site_can_leave_facilitator_pages_out(
    course: Path, which: str, pages: set[str]
) -> None:
    """`facilitator_pages` chooses the practice quizzes' pages; no graded quiz's page is ever there."""
    copy = course.parent / f"course-{which}"
    shutil.copytree(course, copy)
    config = copy / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "  - latih\n", f"  - latih:\n      facilitator_pages: {which}\n"
        ),
        encoding="utf-8",
    )
    site = build_course(copy, copy.parent / f"site-{which}")
    assert {p.name for p in (site / "fasilitator").glob("*.html")} - {"cetak-pernyataan.html"} == pages
    assert ('href="fasilitator/latihan.html"' in (site / "latihan.html").read_text(encoding="utf-8")) == bool(
        pages
    )
    for quiz_id in ("pra-tes", "ujian"):  # the quizzes themselves still work
        assert (site / f"{quiz_id}.html").is_file()


def test_links_in_questions_lead_to_the_same_page_from_both_pages(course: Path) -> None:
    """The facilitator page reuses what the quiz page's Markdown rendered, one folder deeper: its
    relative links are moved, so a scenario's or an explanation's link works from both pages."""
    copy = course.parent / "course-links"
    shutil.copytree(course, copy)
    path = copy / "quizzes" / "latihan.yml"
    quiz = yaml.safe_load(path.read_text(encoding="utf-8"))
    first = quiz["questions"][0]
    first["scenario"] += "\n\nLihat [pelajaran media sosial](media-sosial.md)."
    first["explanation"] = (
        "Baca lagi [dasar hukum](dasar-hukum.md#top), atau [situs BKN](https://www.bkn.go.id/)."
    )
    path.write_text(yaml.safe_dump(quiz, allow_unicode=True, sort_keys=False), encoding="utf-8")
    site = build_course(copy, copy.parent / "site-links")
    for name in ("latihan.html", "fasilitator/latihan.html"):
        page = site / name
        html = page.read_text(encoding="utf-8")
        scenario = re.search(r'<a href="([^"]*media-sosial\.html)"', html)
        assert scenario and (page.parent / scenario[1]).resolve() == (site / "media-sosial.html").resolve(), (
            name
        )
        explanation = page_key(html)[first["id"]]["e"]
        local, web = re.findall(r'href="([^"]+)"', explanation)
        assert (page.parent / local.split("#")[0]).resolve() == (site / "dasar-hukum.html").resolve(), name
        assert web == "https://www.bkn.go.id/"  # absolute addresses stay as they are
