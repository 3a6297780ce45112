"""Small things a participant meets on the flagship course: the home page's first screen, the
lesson's quiz button, presentation mode on a phone, the roster page's own words."""

from __future__ import annotations

from pathlib import Path

# Every word of the option texts on one line: a word broken in two has two line boxes
BROKEN_WORDS = """root => {
  const broken = [];
  for (const el of root.querySelectorAll('.latih-present-options li')) {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const m of node.textContent.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (lines.size > 1) broken.push(m[0]);
      }
    }
  }
  return broken;
}"""


def test_home_page_starts_with_a_start_button_and_shows_progress_once(browser, flagship_site: Path) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto((flagship_site / "index.html").as_uri())
    page.wait_for_selector(".latih-progress-view")
    start = page.locator("article a.md-button--primary").first
    box = start.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 740
    assert page.locator("article").inner_text().count("Kemajuan Anda") == 1
    context.close()


def test_lesson_quiz_button_names_the_quiz_once(flagship_site: Path) -> None:
    html = (flagship_site / "media-sosial.html").read_text(encoding="utf-8")
    assert "Uji pemahaman: Cek pemahaman" not in html
    assert html.count("Cek pemahaman: media sosial</a>") == 1


def test_presentation_on_a_phone_breaks_no_word(browser, flagship_site: Path) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto((flagship_site / "fasilitator" / "cek-media-sosial.html").as_uri())
    page.click(".latih-present-start, button:has-text('Mulai presentasi')")
    page.wait_for_selector(".latih-present")
    for _ in range(3):
        assert page.eval_on_selector(".latih-present", BROKEN_WORDS) == []
        page.keyboard.press("r")
        assert page.eval_on_selector(".latih-present", BROKEN_WORDS) == []
        page.keyboard.press("ArrowRight")
    context.close()


def test_roster_page_speaks_the_course_language(page, flagship_site: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto((flagship_site / "cetak-pernyataan.html").as_uri())
    assert page.locator("label[for=latih-roster-file]").inner_text() == "Pilih berkas"
    assert page.locator("input[type=date]").count() == 0
    date = page.input_value("input[name=date]")
    assert any(month in date for month in ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
                                            "Agustus", "September", "Oktober", "November", "Desember"))  # fmt: skip
    assert "NIP" in page.inner_text(".latih-roster")  # the flagship's own column names


def test_locked_page_and_pass_marks_print_percent(flagship_site: Path) -> None:
    locked = (flagship_site / "sertifikat.html").read_text(encoding="utf-8")
    assert "nilai minimal 80%" in locked
    exam = (flagship_site / "ujian-akhir.html").read_text(encoding="utf-8")
    assert "Nilai lulus 80%" in exam
