"""The report fits every screen: no sideways scroll on a 360 px phone, charts inside their
container, wide tables scrolling inside themselves, and a PDF on A4; no request outside the file."""

from __future__ import annotations

import random
import subprocess
from pathlib import Path

from generator.participant import Person
from generator.results import encode
from generator.tools.report import collect, render_report, summarise
from tests.test_report import T0, forty, make_course, sit

LONG_NAME = (
    "Prof. Dr. Ir. H. " + "Raden Ajeng Kartika Sekar Ayu Wulandari Puspitasari " * 2 + "S.H., M.Kn., M.Si."
)
LONG_AGENCY = ("Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu " * 3).strip()[:150]


CLIPPED = """() => {
  const out = [];
  for (const cell of document.querySelectorAll("table.data td, table.data th")) {
    if (!cell.offsetParent && getComputedStyle(cell).position !== "fixed") continue;  // collapsed
    const box = cell.getBoundingClientRect();
    if (!box.width) continue;
    let scroller = cell.closest(".scroll") || document.documentElement;
    const frame = scroller.getBoundingClientRect();
    const right = scroller === document.documentElement ? window.innerWidth : frame.right;
    if (box.left < frame.left - 1 || box.right > right + 1) out.push(cell.textContent.slice(0, 40));
  }
  return out;
}"""


def _clipped_cells(page) -> list[str]:  # type: ignore[no-untyped-def]
    """Table cells that stick out of their scroll container (or the window): a hidden column."""
    return page.evaluate(CLIPPED)


def test_report_fits_a_360_px_phone_and_prints_on_a4(tmp_path: Path, page) -> None:  # type: ignore[no-untyped-def]
    loaded = make_course(tmp_path)
    text = forty(loaded).text
    rng = random.Random(9)
    who = Person(LONG_NAME[:120], "", "Analis", LONG_AGENCY)
    for quiz_id in ("pre-test", "post-test"):
        text += encode(sit(rng, loaded, quiz_id, who, 1.0, T0 + 30000 + len(quiz_id))) + "\n"
    report, _ = summarise(collect(text, loaded), loaded)
    assert report.agencies is not None and len(report.agencies.rows) == 5
    out = tmp_path / "laporan.html"
    out.write_text(render_report(report), encoding="utf-8")

    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(out.as_uri())
    page.wait_for_load_state("load")
    assert requests == [out.as_uri()]
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # Every chart inside the viewport; the heat map scrolls inside its own box.
    for box in page.locator("svg.chart").evaluate_all("els => els.map(e => e.getBoundingClientRect().right)"):
        assert box <= 360
    assert page.locator("#agencies-table tbody tr").count() == 5
    # What to act on comes first: its heading is above the fold
    assert page.get_by_role("heading", name="Yang perlu ditindaklanjuti").bounding_box()["y"] < 740
    assert _clipped_cells(page) == []
    page.screenshot(path=str(tmp_path / "report-360.png"), full_page=False)
    page.locator("#agencies").screenshot(path=str(tmp_path / "report-360-agencies.png"))
    page.set_viewport_size({"width": 1280, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    assert _clipped_cells(page) == []  # the heat map whole, every table without a hidden column
    page.get_by_text("Tampilkan daftar peserta").click()  # the collapsed list opens by its summary
    assert page.locator("#participants-table").is_visible()
    page.screenshot(path=str(tmp_path / "report-1280.png"), full_page=False)
    page.locator("#agencies").screenshot(path=str(tmp_path / "report-1280-agencies.png"))

    pdf = tmp_path / "laporan.pdf"
    pdf.write_bytes(page.pdf(format="A4", print_background=True))
    subprocess.run(
        ["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "3", str(pdf), str(tmp_path / "report-a4")],
        check=True,
    )
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "(A4)" in info
