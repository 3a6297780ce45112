"""The report on a phone and a desktop with real courses: the flagship after a session of 30, and
the worst case, an exam of 200 questions. No table cell clipped at 360 x 740 or 1280 x 800, what to
act on above the fold; the participant list's search box filters as one types, says how many
match, works with the keyboard, and leaves the whole list without JavaScript and in print."""

from __future__ import annotations

import random
import subprocess
from dataclasses import replace
from pathlib import Path

from generator.course.loader import Layout, LoadedCourse, load_course
from generator.participant import Person
from generator.results import ResultsCode, encode, fingerprint
from generator.tools.report import collect, render_report, summarise
from tests.conftest import copy_flagship
from tests.helpers import pdf_text
from tests.test_report import T0, forty, make_course, score, sit
from tests.test_report_screens import LONG_AGENCY, _clipped_cells

NOW = T0 + 90 * 86400
DEGREES = ", S.H., M.H., M.Kn., Ph.D."
TITLED = "Prof. Dr. Ir. Raden Ayu Siti Nurhaliza Kusumawardhani Wijayakusuma Puspitasari Sekar Kencanaya"
LONG_NAME = TITLED + DEGREES  # 120 characters with titles and degrees
LONG_NIP = "198705122010012003"
AGENCIES = [
    LONG_AGENCY,
    *(f"Dinas {n} Kabupaten Contoh" for n in ("Pendidikan", "Kesehatan", "Sosial", "PUPR")),
]


def session(loaded: LoadedCourse, quizzes: list[str], people: int = 30, seed: int = 5) -> str:
    """Codes from `people` participants sitting `quizzes` in order, the first one with a
    120-character name; answers right with each participant's skill, else a random option."""
    rng = random.Random(seed)
    course = loaded.course.model  # type: ignore[union-attr]
    lines = []
    for p in range(people):
        name = LONG_NAME if p == 0 else f"Peserta Uji {p:02d}"
        who = Person(name, LONG_NIP if p == 0 else f"19900101201501{p:04d}", "Analis", AGENCIES[p % 5])
        skill = 0.35 + 0.6 * rng.random()
        for k, quiz_id in enumerate(quizzes):
            quiz = loaded.quizzes[quiz_id].model
            shown = list(range(len(quiz.questions)))
            if quiz.draw:
                shown = sorted(rng.sample(shown, quiz.draw))
            answers = []
            for i in shown:
                q = quiz.questions[i]
                right = rng.random() < skill
                answers.append(
                    (i, tuple(sorted(q.correct_ids())) if right else (rng.choice(q.option_ids()),))
                )
            code = ResultsCode(
                course.id,
                course.version,
                quiz_id,
                fingerprint([q.id for q in quiz.questions]),
                T0 + 3600 * k + 60 * p,
                who,
                0,
                tuple(answers),
            )
            lines.append(encode(replace(code, displayed_percent=score(loaded, code).total.percent)))
    return "\n".join(lines) + "\n"


def _report(loaded: LoadedCourse, text: str, out: Path) -> Path:
    report, _ = summarise(collect(text, loaded), loaded, now=NOW)
    out.write_text(render_report(report), encoding="utf-8")
    return out


def _fits(page, out: Path, shots: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    """At 360 x 740 and 1280 x 800: no sideways scroll, no clipped cell (the participant list
    open too), what to act on above the fold; screenshots in `shots`."""
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(out.as_uri())
    page.wait_for_load_state("load")
    assert page.get_by_role("heading", name="Yang perlu ditindaklanjuti").bounding_box()["y"] < 740
    page.screenshot(path=str(shots / f"{name}-360.png"))
    page.locator("details.people > summary").click()
    for width, height in ((360, 740), (1280, 800)):
        page.set_viewport_size({"width": width, "height": height})
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        for right in page.locator("svg.chart").evaluate_all(
            "els => els.map(e => e.getBoundingClientRect().right)"
        ):
            assert right <= width
        assert _clipped_cells(page) == [], width
        page.evaluate("window.scrollTo(0, 0)")
        assert page.get_by_role("heading", name="Yang perlu ditindaklanjuti").bounding_box()["y"] < height
        page.screenshot(path=str(shots / f"{name}-{width}-top.png"))
        page.evaluate("document.getElementById('items').scrollIntoView()")
        page.screenshot(path=str(shots / f"{name}-{width}-items.png"))
        page.evaluate("[...document.querySelectorAll('table.items')].pop().scrollIntoView()")
        page.screenshot(path=str(shots / f"{name}-{width}-last-quiz-items.png"))
        page.evaluate("document.getElementById('participants').scrollIntoView()")
        page.screenshot(path=str(shots / f"{name}-{width}-participants.png"))
    assert errors == []


def test_the_flagship_after_a_session_of_30_fits_a_phone_and_a_desktop(tmp_path: Path, page) -> None:  # type: ignore[no-untyped-def]
    loaded = load_course(Layout.at(copy_flagship(tmp_path / "flagship")))
    assert loaded.ok, loaded.problems
    quizzes = ["pra-tes", "cek-dasar-hukum", "pasca-tes", "ujian-akhir"]
    out = _report(loaded, session(loaded, quizzes), tmp_path / "laporan.html")
    _fits(page, out, tmp_path, "flagship")
    assert page.locator("#participants-table tbody tr").count() == 30


EXAM_200 = "id: final-exam\ntitle: Ujian akhir 200 soal\nkind: exam\nquestions:\n" + "".join(
    f"""  - id: soal-{i:03d}
    type: {"multiple" if i % 7 == 0 else "single"}
    topic: {("evacuation", "fire-triangle")[i % 2]}
    scenario: Skenario nomor {i} tentang keselamatan kebakaran di kantor pemerintah daerah.
    prompt: Apa yang sebaiknya dilakukan pegawai pada situasi nomor {i}?
    options:
      - {{text: Pilihan pertama yang cukup panjang untuk soal {i}, correct: true}}
      - {{text: Pilihan kedua{", correct: true" if i % 7 == 0 else ""}}}
      - {{text: Pilihan ketiga}}
      - {{text: Pilihan keempat}}
"""
    for i in range(200)
)


def test_an_exam_of_200_questions_fits_a_phone_and_a_desktop(tmp_path: Path, page) -> None:  # type: ignore[no-untyped-def]
    make_course(tmp_path)
    (tmp_path / "course" / "quizzes" / "final-exam.yml").write_text(EXAM_200, encoding="utf-8")
    loaded = load_course(Layout.at(tmp_path / "course"))
    assert loaded.ok, loaded.problems
    assert len(loaded.quizzes["final-exam"].model.questions) == 200
    out = _report(loaded, session(loaded, ["pre-test", "post-test", "final-exam"]), tmp_path / "laporan.html")
    _fits(page, out, tmp_path, "exam200")
    assert page.locator("table.items").nth(2).locator("tbody tr").count() == 200


def _search_report(tmp_path: Path) -> Path:
    loaded = make_course(tmp_path)
    text = forty(loaded).text
    rng = random.Random(4)
    who = Person(LONG_NAME, LONG_NIP, "Analis", LONG_AGENCY)
    for quiz_id in ("pre-test", "post-test"):
        text += encode(sit(rng, loaded, quiz_id, who, 1.0, T0 + 30000 + len(quiz_id))) + "\n"
    return _report(loaded, text, tmp_path / "laporan.html")


def test_the_participant_list_filters_as_one_types(tmp_path: Path, page) -> None:  # type: ignore[no-untyped-def]
    assert len(LONG_NAME) == 120
    out = _search_report(tmp_path)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(out.as_uri())
    rows = page.locator("#participants-table tbody tr")
    total = rows.count()
    assert total > 30
    status = page.locator("#people-count")
    assert status.get_attribute("aria-live") == "polite"
    assert status.text_content() == f"{total} peserta dalam daftar."
    # By the keyboard: Tab reaches the box (after the links above it), typing filters
    box = page.get_by_label("Cari peserta (nama, NIP atau instansi):")
    box.focus()
    page.keyboard.type("nurhaliza kusumaw")  # part of the name, in other case
    visible = rows.filter(visible=True)
    assert visible.count() == 1 and LONG_NAME in visible.first.text_content()
    assert status.text_content() == f"1 dari {total} peserta cocok."
    assert page.locator("details.people").get_attribute("open") is not None  # opened by the search
    page.screenshot(path=str(tmp_path / "search-360.png"))
    page.keyboard.press("Escape")
    assert rows.filter(visible=True).count() == total
    page.keyboard.type("0512 2010")  # a NIP fragment, typed with a space
    assert rows.filter(visible=True).count() == 1
    assert LONG_NIP in rows.filter(visible=True).first.text_content()
    page.keyboard.press("Control+A")
    page.keyboard.type("zzzz")
    assert rows.filter(visible=True).count() == 0
    assert status.text_content() == "Tidak ada peserta yang cocok."
    page.keyboard.press("Control+A")
    page.keyboard.type("nurhaliza")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.screenshot(path=str(tmp_path / "search-1280.png"))
    assert requests == [out.as_uri()]
    # Printed on A4: no search box, the whole list
    page.emulate_media(media="print")
    assert not page.locator("#people-search").is_visible()
    assert rows.filter(visible=True).count() == total
    pdf = tmp_path / "laporan.pdf"
    pdf.write_bytes(page.pdf(format="A4", print_background=True))
    assert "(A4)" in subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    printed = pdf_text(pdf)
    assert "Peserta 01" in printed or "Peserta" in printed
    assert "Cari peserta" not in printed
    pages = int(
        subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True)
        .stdout.split("Pages:")[1]
        .split()[0]
    )
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "50",
            "-png",
            "-f",
            str(max(1, pages - 2)),
            "-l",
            str(pages),
            str(pdf),
            str(tmp_path / "a4"),
        ],
        check=True,
    )


def test_without_javascript_the_whole_list_shows(tmp_path: Path, browser) -> None:  # type: ignore[no-untyped-def]
    out = _search_report(tmp_path)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(out.as_uri())
    assert not page.locator("#people-search").is_visible()
    page.locator("details.people > summary").click()
    rows = page.locator("#participants-table tbody tr")
    assert rows.count() > 30 and rows.filter(visible=True).count() == rows.count()
    context.close()


def test_the_search_box_passes_axe(tmp_path: Path, browser) -> None:  # type: ignore[no-untyped-def]
    from tests.test_facilitator import axe_violations

    out = _search_report(tmp_path)
    context = browser.new_context(bypass_csp=True)  # axe is injected; the report itself allows one script
    page = context.new_page()
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(out.as_uri())
    page.get_by_label("Cari peserta (nama, NIP atau instansi):").fill("nurhaliza")
    assert axe_violations(page) == []
    context.close()
