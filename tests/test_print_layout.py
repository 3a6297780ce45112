"""The certificate and the declaration of the flagship course, printed for hard, realistic people.

Each person is printed from the site (Chromium's PDF, as Ctrl+P gives it) and from
`latih declarations`. Every document must be one page, keep every word at least 10 mm from the
paper's edge, print the name, the NIP and the signature block whole, and have no two lines of
text overlapping (measured on line boxes, not element boxes)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest

from generator.course.loader import Layout, load_course
from generator.results import decode, find_codes, reference
from tests.conftest import REPO
from tests.helpers import normalize, pdf_words, pdftotext_layout, squeeze

MM = 72 / 25.4  # PDF points per millimetre
EDGE = 10 * MM
ARTIFACTS = REPO / "tests" / "artifacts" / "print"

NO_SPACE = "Wiryawan" * 15  # 120 characters and not one space: it must still wrap
LONG_POSITION = (
    "Analis Kebijakan Ahli Madya pada Bidang Pengawasan Netralitas Aparatur Sipil Negara dan "
    "Penegakan Disiplin Pegawai, Sekretariat Daerah Provinsi"
)[:150]
LONG_AGENCY = (
    "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia Daerah Provinsi Kepulauan Bangka "
    "Belitung, Bidang Pengadaan, Pemberhentian dan Informasi Kepegawaian"
)[:150]
PEOPLE = [
    # name, NIP, position, agency, place
    (
        # The longest of everything at once, and no NIP: 120 characters with titles and degrees
        (
            "Prof. Dr. Ir. H. Raden Mas Bagus Adityawarman Prawirodirdjo Soerjosoemarno Hadikusumo, "
            "S.H., M.Kn., M.Si., M.Hum., Ph.D."
        )[:120],
        "",
        (LONG_POSITION + " Kepulauan Riau")[:150],
        LONG_AGENCY,
        "Kabupaten Kepulauan Siau Tagulandang Biaro",
    ),
    (
        "Prof. Dr. Ir. Raden Ajeng Kartika Nurhaliza Wulandari Puspitasari, S.H., M.Kn., M.Si.",
        "198501012010012001",
        LONG_POSITION,
        LONG_AGENCY,
        "Kabupaten Kepulauan Siau Tagulandang Biaro",  # 41 characters
    ),
    (
        (
            "Dr. H. Muhammad Abdurrahman Syahputra Wicaksono Hadiningrat Kusumawardhana "
            "Notonegoro, S.Sos., M.A.P., M.Si., Ph.D."
        )[:120],
        "197912312005011003",
        LONG_POSITION,
        LONG_AGENCY,
        "Kota Tanjung Pinang",
    ),
    (NO_SPACE, "199002022015032004", LONG_POSITION, LONG_AGENCY, "Kabupaten Pangkajene dan Kepulauan"),
    ("Siti Aminah", "", "Guru", "SD Negeri 1 Sleman", ""),  # no NIP, no place
    ("Budi Santoso", "198703152011011002", "", "", ""),  # short, no position or agency
    (
        "Ir. Gusti Ngurah Bagus Ketut Adnyana Putra Wibawa Dharmawangsa, S.T., M.T., IPU., ASEAN Eng.",
        "",
        LONG_POSITION,
        "Dinas Pekerjaan Umum dan Penataan Ruang Kabupaten Buleleng",
        "Singaraja",
    ),
    (
        "Andi Besse Tenri Ajeng Ummulkhaer Daeng Matasa Karaeng Bontonompo, S.Kep., Ns., M.Kep.",
        "198811222014022001",
        "Perawat Ahli Pertama",
        LONG_AGENCY,
        "Kabupaten Kepulauan Selayar",
    ),
    (
        "Yohanes Maria Vianney Fransiskus Xaverius Lamabelawa Koten Kewuta Hurint, S.Fil., Lic.Th.",
        "197605182000121001",
        LONG_POSITION,
        LONG_AGENCY,
        "Larantuka",
    ),
]


def words_near_edge(pdf: Path) -> list[str]:
    """Words of the PDF closer than 10 mm to the paper's edge (words compared after NFKC)."""
    near = []
    for page in pdf_words(pdf):
        for w in page.words:
            if w.x0 < EDGE or w.y0 < EDGE or w.x1 > page.width - EDGE or w.y1 > page.height - EDGE:
                near.append(f"{w.text} ({w.x0:.0f},{w.y0:.0f},{w.x1:.0f},{w.y1:.0f})")
    return near


def reference_text(page) -> str:  # type: ignore[no-untyped-def]
    return normalize(page.inner_text('.latih-certificate [data-field="reference"]'))


def pages(pdf: Path) -> int:
    return len(pypdf.PdfReader(pdf).pages)


def look(pdf: Path, name: str) -> None:
    """Render the page for a person to look at (tests/artifacts is not committed)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", "-singlefile", str(pdf), str(ARTIFACTS / name)], check=True
    )


def assert_signed_by(text: str, name: str, nip: str) -> None:
    flat = squeeze(text)
    after = flat.index(squeeze("Yang membuat pernyataan"))
    at = flat.index(squeeze(name), after)
    if nip:
        assert flat.index(f"NIP{nip}", at) > at


# Line boxes of every text node in the sheets, under print media; pairs that overlap
OVERLAPS = """sheet => {
  const boxes = [];
  const walker = document.createTreeWalker(sheet, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim() || !node.parentElement.checkVisibility()) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const r of range.getClientRects()) if (r.width > 0.5 && r.height > 0.5) boxes.push({r, text: node.textContent.trim().slice(0, 30)});
  }
  const s = sheet.getBoundingClientRect();
  const outside = boxes.filter(b => b.r.left < s.left - 0.5 || b.r.right > s.right + 0.5 || b.r.top < s.top - 0.5 || b.r.bottom > s.bottom + 0.5).map(b => b.text);
  const pairs = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i].r, b = boxes[j].r;
    const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
    const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
    if (w > 1 && h > 1) pairs.push([boxes[i].text, boxes[j].text]);
  }
  return {count: boxes.length, outside, pairs};
}"""


@pytest.fixture(scope="module")
def course():  # type: ignore[no-untyped-def]
    loaded = load_course(Layout.at(REPO))
    assert loaded.course is not None
    return loaded


@pytest.fixture(scope="module")
def passed(browser, flagship_site: Path, course):  # type: ignore[no-untyped-def]
    """A browser context in which the flagship's final exam is passed."""
    context = browser.new_context()
    page = context.new_page()
    exam = course.course.model.certificate.quiz
    key = {q.id: q.correct_ids() for q in course.quizzes[exam].model.questions}
    page.goto((flagship_site / f"{exam}.html").as_uri())
    for qid in page.eval_on_selector_all(
        ".latih-question:not([hidden])", "els => els.map(e => e.dataset.question)"
    ):
        for option in key[qid]:
            page.click(f"#soal-{qid} label[data-option={option}]")
    page.click(".latih-quiz-end .latih-actions button")
    page.wait_for_selector(".latih-results:not([hidden])")
    yield page
    context.close()


def fill(page, name: str, nip: str, position: str, agency: str, place: str | None = None) -> None:  # type: ignore[no-untyped-def]
    form = page.locator("form[data-latih-details]")
    for field, value in (("name", name), ("nip", nip), ("position", position), ("agency", agency)):
        form.locator(f"input[name={field}]").fill(value)
    if place is not None:
        form.locator("input[name=place]").fill(place)
    form.locator("button[type=submit]").click()
    assert page.inner_text(".latih-details-error") == ""


def print_sheet(page, pdf: Path) -> dict:  # type: ignore[no-untyped-def,type-arg]
    page.emulate_media(media="print")
    measured = page.eval_on_selector(".latih-sheet", OVERLAPS)
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    page.emulate_media(media="screen")
    return measured


@pytest.mark.parametrize("row", range(len(PEOPLE)))
def test_site_prints_certificate_and_declaration_whole(
    passed, flagship_site: Path, course, tmp_path: Path, row: int
) -> None:  # type: ignore[no-untyped-def]
    name, nip, position, agency, place = PEOPLE[row]
    model = course.course.model
    page = passed

    page.goto((flagship_site / "sertifikat.html").as_uri())
    fill(page, name, nip, position, agency)
    assert page.locator("[data-latih-unbacked]").is_hidden()
    pdf = tmp_path / "certificate.pdf"
    measured = print_sheet(page, pdf)
    look(pdf, f"certificate-{row}")
    assert measured["count"] > 10 and measured["pairs"] == [] and measured["outside"] == [], measured
    assert pages(pdf) == 1
    assert words_near_edge(pdf) == []
    text = squeeze(pdftotext_layout(pdf))
    for expected in (name, nip, model.title, model.certificate.signatory.name, position, agency):
        assert squeeze(expected) in text, expected
    printed = reference_text(page)
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{3}", printed) and printed in text
    assert "LATIH1-" not in text  # the code is a QR code and a reference, not lines of text
    # The QR code(s) read back from the paper, at 300 dpi, give the participant's own code
    subprocess.run(
        ["pdftoppm", "-png", "-r", "300", "-singlefile", str(pdf), str(tmp_path / "paper")], check=True
    )
    read = subprocess.run(
        ["zbarimg", "--raw", "-q", str(tmp_path / "paper.png")], capture_output=True, text=True
    ).stdout
    (code,) = find_codes(read)
    assert decode(code).participant.name == name and reference(code) == reference_text(page)

    page.goto((flagship_site / "pernyataan.html").as_uri())
    fill(page, name, nip, position, agency, place)
    pdf = tmp_path / "declaration.pdf"
    measured = print_sheet(page, pdf)
    look(pdf, f"declaration-{row}")
    assert measured["count"] > 20 and measured["pairs"] == [] and measured["outside"] == [], measured
    assert pages(pdf) == 1
    assert words_near_edge(pdf) == []
    text = pdftotext_layout(pdf)
    for expected in (name, nip, model.title, position, agency, place, model.declaration.statements[-1]):
        assert squeeze(expected) in squeeze(text), expected
    assert_signed_by(text, name, nip)
    assert "Meterai" in text


def test_cli_prints_every_row_on_one_whole_page(tmp_path: Path) -> None:
    roster = tmp_path / "peserta.csv"
    lines = ["Nama;NIP;Jabatan;Instansi"] + [f'"{n}";{nip};"{pos}";"{ag}"' for n, nip, pos, ag, _ in PEOPLE]
    roster.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for label, place in (("no-place", None), ("long-place", PEOPLE[0][4])):
        pdf = tmp_path / f"{label}.pdf"
        html = tmp_path / f"{label}.html"
        args = [sys.executable, "-m", "generator", "declarations", str(roster), "--out", str(html),
                "--pdf", str(pdf), "--date", "2026-11-23"]  # fmt: skip
        if place:
            args += ["--place", place]
        result = subprocess.run(args, cwd=REPO, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
        source = html.read_text(encoding="utf-8")
        assert "&#34;" not in source.split("</style>")[0]  # the stylesheet is CSS, not escaped text
        reader = pypdf.PdfReader(pdf)
        assert len(reader.pages) == len(PEOPLE)
        for i, (name, nip, position, agency, _) in enumerate(PEOPLE):
            single = tmp_path / f"{label}-{i}.pdf"
            subprocess.run(
                ["pdfseparate", "-f", str(i + 1), "-l", str(i + 1), str(pdf), str(single)], check=True
            )
            assert words_near_edge(single) == [], (label, i)
            text = pdftotext_layout(single)
            for expected in (name, nip, position, agency, "23 November 2026"):
                assert squeeze(expected) in squeeze(text), (label, i, expected)
            assert_signed_by(text, name, nip)
            if place:
                assert squeeze(f"{place}, 23 November 2026") in squeeze(text)
            else:  # no stray comma before the date
                assert ",23November2026" not in squeeze(text) and "23November2026" in squeeze(text)
            if i in (0, 2):
                look(single, f"cli-{label}-{i}")


def test_roster_page_prints_every_row_on_one_whole_page(page, flagship_site: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    roster = tmp_path / "peserta.csv"
    lines = ["Nama;NIP;Jabatan;Instansi"] + [f'"{n}";{nip};"{pos}";"{ag}"' for n, nip, pos, ag, _ in PEOPLE]
    roster.write_text("\n".join(lines) + "\n", encoding="utf-8")
    page.goto((flagship_site / "fasilitator" / "cetak-pernyataan.html").as_uri())
    page.fill("input[name=place]", PEOPLE[0][4])
    page.set_input_files("input[name=roster]", str(roster))
    page.wait_for_selector("[data-latih-documents] .latih-declaration")
    page.emulate_media(media="print")
    for i in range(len(PEOPLE)):
        measured = page.eval_on_selector(f"[data-latih-documents] .latih-sheet:nth-child({i + 1})", OVERLAPS)
        assert measured["pairs"] == [] and measured["outside"] == [], (i, measured)
    pdf = tmp_path / "roster.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    assert pages(pdf) == len(PEOPLE)
    for i, (name, nip, *_rest) in enumerate(PEOPLE):
        single = tmp_path / f"row-{i}.pdf"
        subprocess.run(["pdfseparate", "-f", str(i + 1), "-l", str(i + 1), str(pdf), str(single)], check=True)
        assert words_near_edge(single) == [], i
        assert_signed_by(pdftotext_layout(single), name, nip)
