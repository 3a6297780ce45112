"""Certificates and declarations: on screen, on paper (PDF read back), and for a whole roster."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

import pypdf
import pytest

from generator.roster import nip_problem, read_roster
from tests.conftest import COURSES, REPO
from tests.helpers import normalize, pdf_page, pdf_text

VECTORS = json.loads((Path(__file__).parent / "vectors" / "roster.json").read_text(encoding="utf-8"))
JS = REPO / "generator" / "assets" / "js"
# The roster's reader and the NIP rules, with what they run after, in the site's order
ROSTER_JS = [JS / "details.js", JS / "sheets.js", JS / "roster.js"]
ENGLISH = COURSES / "english" / "mkdocs.yml"
A4_PORTRAIT = (595, 842)  # points, rounded
A4_LANDSCAPE = (842, 595)
ARTIFACTS = REPO / "tests" / "artifacts"


def page_sizes(pdf: Path) -> list[tuple[int, int]]:
    return [
        (round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in pypdf.PdfReader(pdf).pages
    ]


@pytest.mark.parametrize("case", VECTORS["nip"], ids=lambda c: c["nip"] or "empty")
def test_nip_rules(case: dict) -> None:
    assert nip_problem(case["nip"]) == case["problem"]


@pytest.mark.parametrize("case", VECTORS["rosters"], ids=lambda c: c["name"])
def test_roster_reader(case: dict) -> None:
    roster = read_roster(case["csv"])
    assert [asdict(p) for p in roster.people] == case["people"]
    assert [asdict(b) for b in roster.bad] == case["bad"]
    assert roster.missing_columns == case["missingColumns"]


def test_browser_roster_reader_and_nip_rules_agree_with_python(page) -> None:  # type: ignore[no-untyped-def]
    page.set_content("<!doctype html><title>t</title>")
    for script in ROSTER_JS:
        page.add_script_tag(path=str(script))
    got = page.evaluate(
        """v => ({nip: v.nip.map(c => Latih.documents.nipProblem(c.nip)),
                  rosters: v.rosters.map(c => Latih.documents.readRoster(c.csv))})""",
        VECTORS,
    )
    assert got["nip"] == [c["problem"] for c in VECTORS["nip"]]
    for case, roster in zip(VECTORS["rosters"], got["rosters"], strict=True):
        assert roster == {k: case[k] for k in ("people", "bad", "missingColumns")}, case["name"]


def roster_csv(path: Path, rows: int, bad_rows: dict[int, str] | None = None) -> Path:
    lines = ["Nama;NIP;Jabatan;Instansi"]
    for i in range(rows):
        lines.append(f"Peserta {i + 1:03d};19850101201001{1 + i % 2}{i % 1000:03d};Analis;Dinas {i % 7}")
    for index, line in (bad_rows or {}).items():
        lines[index - 1] = line  # row numbers count the header as row 1
    path.write_text("\ufeff" + "\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


def latih(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", "-f", str(ENGLISH), *args],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_cli_prints_one_a4_portrait_declaration_per_roster_row(tmp_path: Path) -> None:
    roster = roster_csv(tmp_path / "roster.csv", 200)
    pdf = tmp_path / "declarations.pdf"
    result = latih(
        "declarations",
        str(roster),
        "--out",
        str(tmp_path / "d.html"),
        "--pdf",
        str(pdf),
        "--date",
        "2026-11-23",
    )
    assert result.returncode == 0, result.stderr
    assert page_sizes(pdf) == [A4_PORTRAIT] * 200
    text = pdf_page(pdf, 199)
    assert "Peserta 200" in text and "198501012010012199" in text and "23 November 2026" in text
    assert "Fire Safety Pledge".upper() in text.upper() and "Leeds" in text


def test_cli_names_bad_rows_and_prints_the_others(tmp_path: Path) -> None:
    bad = {4: ";198501012010011001;Guru;SD", 9: "Budi;1.98501E+17;Guru;SD", 15: "Ani;12345;Guru;SD"}
    roster = roster_csv(tmp_path / "roster.csv", 20, bad)
    out = tmp_path / "d.html"
    result = latih("declarations", str(roster), "--out", str(out))
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    # As the roster page says it: first the rows printed with the number blank, then those left out
    assert lines[0] == "Printed with the Staff number left blank to fill in by hand:"
    assert [line.split(": ")[0].rsplit(":", 1)[1] for line in lines[1:3]] == ["9", "15"]
    assert lines[3] == "Rows skipped:"
    assert lines[4].split(": ")[0].rsplit(":", 1)[1] == "4" and "The name is required." in lines[4]
    # The course's own rule for its staff number, not the NIP's
    assert "A staff number is 6 to 18 digits." in lines[1] and "A staff number is 6 to 18 digits." in lines[2]
    # Budi and Ani print (19 of 20 rows), in the file's order, their numbers left blank
    html = out.read_text()
    assert html.count('class="latih-sheet latih-sheet-portrait latih-declaration"') == 19
    assert html.index("Peserta 007") < html.index("Budi") < html.index("Peserta 010") < html.index("Ani")
    assert "1.98501E+17" not in html and "12345" not in html


def test_cli_blank_forms(tmp_path: Path) -> None:
    pdf = tmp_path / "blank.pdf"
    result = latih("declarations", "--blank", "3", "--out", str(tmp_path / "b.html"), "--pdf", str(pdf))
    assert result.returncode == 0, result.stderr
    assert page_sizes(pdf) == [A4_PORTRAIT] * 3


def test_cli_declarations_render_markup_in_names_as_text(tmp_path: Path) -> None:
    roster = tmp_path / "r.csv"
    roster.write_text("Nama\n<img src=x onerror=alert(1)>\n", encoding="utf-8")
    out = tmp_path / "d.html"
    assert latih("declarations", str(roster), "--out", str(out)).returncode == 0
    html = out.read_text()
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


# ---- in the browser: unlock, fill in, print


@pytest.fixture(scope="module")
def english_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import build_course

    return build_course(COURSES / "english", tmp_path_factory.mktemp("documents") / "site")


def exam_key() -> dict[str, list[str]]:
    from generator.course.loader import Layout, load_course

    loaded = load_course(Layout.at(COURSES / "english"))
    return {q.id: q.correct_ids() for q in loaded.quizzes["final-exam"].model.questions}


def pass_exam(page, site: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto((site / "final-exam.html").as_uri())
    key = exam_key()
    shown = page.eval_on_selector_all(
        ".latih-question:not([hidden])", "els => els.map(e => e.dataset.question)"
    )
    for qid in shown:
        for option in key[qid]:
            page.click(f"#question-{qid} label[data-option={option}]")
    page.click(".latih-quiz-end .latih-actions button")
    page.wait_for_selector(".latih-results:not([hidden])")
    assert "100%" in page.inner_text(".latih-results h2")


HOSTILE = "<img src=x onerror=alert(1)>Budi"


def fill_details(page, name: str, nip: str = "198501012010011001", place: bool = False) -> None:  # type: ignore[no-untyped-def]
    form = page.locator("form[data-latih-details]")
    form.locator("input[name=name]").fill(name)
    form.locator("input[name=nip]").fill(nip)
    form.locator("input[name=position]").fill("Fire Warden")
    form.locator("input[name=agency]").fill("Facilities")
    if place:
        form.locator("input[name=place]").fill("Leeds")
    form.locator("button[type=submit]").click()


def print_pdf(page, path: Path) -> Path:  # type: ignore[no-untyped-def]
    page.emulate_media(media="print")
    page.pdf(path=str(path), prefer_css_page_size=True, print_background=True)
    page.emulate_media(media="screen")
    return path


def keep_png(pdf: Path, name: str) -> None:
    """Render the first page for a person to look at (tests/artifacts is kept by CI, not committed)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(ARTIFACTS / name)], check=True)  # fmt: skip


def test_certificate_is_locked_until_the_quiz_is_passed(page, english_site: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto((english_site / "certificate.html").as_uri())
    assert page.locator("[data-latih-locked]").is_visible()
    assert "Final exam" in page.inner_text("[data-latih-locked]")
    assert page.locator(".latih-certificate").is_hidden()
    page.click("[data-latih-locked] a")
    assert page.url.endswith("final-exam.html")


def test_nip_is_checked_with_a_clear_message(page, english_site: Path) -> None:  # type: ignore[no-untyped-def]
    pass_exam(page, english_site)
    page.goto((english_site / "certificate.html").as_uri())
    fill_details(page, "Budi", nip="12345")  # the course's own rule: 6 to 18 digits
    assert page.inner_text(".latih-details-error") == "A staff number is 6 to 18 digits."
    assert page.evaluate("document.activeElement.name") == "nip"
    fill_details(page, "Budi", nip="")  # no NIP: a participant who is not a civil servant
    assert page.inner_text(".latih-details-error") == ""


def test_certificate_prints_on_one_a4_landscape_page(page, english_site: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pass_exam(page, english_site)
    page.goto((english_site / "certificate.html").as_uri())
    fill_details(page, HOSTILE)
    assert page.locator(".latih-certificate").is_visible()
    assert page.locator("img[src=x]").count() == 0 and dialogs == []
    pdf = print_pdf(page, tmp_path / "certificate.pdf")
    assert page_sizes(pdf) == [A4_LANDSCAPE]
    text = pdf_text(pdf)
    for expected in (
        HOSTILE,
        "198501012010011001",
        "Fire Safety at Work",
        "100",
        "Dana Whitfield",
        "version 1.0",
    ):
        assert normalize(expected) in text, expected
    today = page.evaluate(
        "new Intl.DateTimeFormat('en-GB', {day:'numeric', month:'long', year:'numeric'}).format(new Date())"
    )
    assert normalize(today) in text
    # The passing attempt's results code is a QR code and a short reference, not lines of text
    assert "LATIH1-" not in text
    assert normalize(page.inner_text('.latih-certificate [data-field="reference"]')) in text
    # The page's own buttons and forms stay off the paper ("Printed by the participant" is the sheet's)
    for chrome in ("Print", "Your details", "Search"):
        assert not re.search(rf"\b{chrome}\b", text), chrome
    keep_png(pdf, "certificate")


def test_certificate_qr_code_rescores_in_python_and_matches_its_reference(
    page, english_site: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from generator.course.loader import Layout, load_course
    from generator.results import decode, find_codes, reference, verify

    pass_exam(page, english_site)
    page.goto((english_site / "certificate.html").as_uri())
    fill_details(page, "Siti Aminah")
    # Read from paper, as a phone would: the printed page at 300 dpi
    pdf = print_pdf(page, tmp_path / "certificate.pdf")
    subprocess.run(
        ["pdftoppm", "-png", "-r", "300", "-singlefile", str(pdf), str(tmp_path / "paper")], check=True
    )
    read = subprocess.run(
        ["zbarimg", "--raw", "-q", str(tmp_path / "paper.png")], capture_output=True, text=True, check=True
    ).stdout
    (code,) = find_codes(read)
    english = load_course(Layout.at(COURSES / "english"))
    assert english.course is not None
    result = verify(decode(code), english.course.model, english.quiz_models())
    assert result.status == "ok" and result.score is not None
    assert result.score.total.percent == 100 and not result.displayed_mismatch
    assert decode(code).participant.name == "Siti Aminah"
    assert page.inner_text('.latih-certificate [data-field="reference"]') == reference(code)


def test_declaration_prints_on_one_a4_portrait_page(page, english_site: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pass_exam(page, english_site)
    page.goto((english_site / "declaration.html").as_uri())
    fill_details(page, "Budi Santoso", place=True)
    pdf = print_pdf(page, tmp_path / "declaration.pdf")
    assert page_sizes(pdf) == [A4_PORTRAIT]
    text = pdf_text(pdf)
    for expected in ("FIRE SAFETY PLEDGE", "Budi Santoso", "198501012010011001", "Fire Warden", "Facilities",
                     "Keep fire exits and escape routes clear", "Leeds"):  # fmt: skip
        assert normalize(expected).lower() in text.lower(), expected
    assert "Save details" not in text
    keep_png(pdf, "declaration")


def test_browser_print_without_the_button_gives_the_same_pages(
    page, english_site: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    # page.pdf prints the page as the browser's own print would: no script runs for it
    pass_exam(page, english_site)
    page.goto((english_site / "certificate.html").as_uri())
    fill_details(page, "Budi")
    page.reload()
    assert page_sizes(print_pdf(page, tmp_path / "again.pdf")) == [A4_LANDSCAPE]


def test_facilitator_prints_a_roster_with_bad_rows_listed(page, english_site: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = {4: ";198501012010011001;Guru;SD", 9: "Budi;1.98501E+17;Guru;SD", 15: "Ani;12345;Guru;SD"}
    roster = roster_csv(tmp_path / "roster.csv", 200, bad)
    page.goto((english_site / "facilitator" / "print-declarations.html").as_uri())
    page.set_input_files("input[name=roster]", str(roster))
    page.wait_for_selector(".latih-roster-status li")
    rows = page.eval_on_selector_all(".latih-roster-status li", "els => els.map(e => e.dataset.row)")
    assert sorted(rows, key=int) == ["4", "9", "15"]
    assert "A staff number is 6 to 18 digits." in page.inner_text(".latih-roster-status li[data-row='15']")
    # Named rows with an unusable number print, the number left to write by hand (issue 25)
    assert page.locator("[data-latih-documents] .latih-declaration").count() == 199
    pdf = print_pdf(page, tmp_path / "roster.pdf")
    assert page_sizes(pdf) == [A4_PORTRAIT] * 199
    assert "Peserta 200" in pdf_page(pdf, 198)
    keep_png(pdf, "roster-declaration")


def test_facilitator_prints_blank_forms(page, english_site: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto((english_site / "facilitator" / "print-declarations.html").as_uri())
    page.fill("input[name=blank]", "5")
    page.click("[data-latih-blank]")
    assert page_sizes(print_pdf(page, tmp_path / "blank.pdf")) == [A4_PORTRAIT] * 5


def test_roster_names_with_markup_stay_text(page, english_site: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    roster = tmp_path / "r.csv"
    roster.write_text(f"Nama;NIP\n{HOSTILE};\n<script>alert(2)</script>;\n", encoding="utf-8")
    page.goto((english_site / "facilitator" / "print-declarations.html").as_uri())
    page.set_input_files("input[name=roster]", str(roster))
    page.wait_for_selector("[data-latih-documents] .latih-declaration")
    assert page.locator("[data-latih-documents] img[src=x]").count() == 0
    assert page.locator("[data-latih-documents] script").count() == 0
    assert HOSTILE in page.inner_text("[data-latih-documents]") and dialogs == []


# ---- the identity fields come from course.yml


def test_a_course_on_another_topic_shows_no_nip_and_no_pns(english_site: Path) -> None:
    import re

    pages = sorted(english_site.rglob("*.html"))
    assert len(pages) > 5
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"\b(NIP|PNS|PPPK)\b", text), page.name
    form = (english_site / "certificate.html").read_text(encoding="utf-8")
    assert "Staff number" in form and "As printed on your staff card" in form
    assert "I make this declaration truthfully" in (english_site / "declaration.html").read_text(
        encoding="utf-8"
    )


def test_the_flagship_declares_the_nip_with_its_rule(flagship_site: Path) -> None:
    form = (flagship_site / "sertifikat.html").read_text(encoding="utf-8")
    assert '<label>NIP <input name="nip"' in form and "PNS atau PPPK" in form
    declaration = (flagship_site / "pernyataan.html").read_text(encoding="utf-8")
    assert "tanpa paksaan dari pihak mana pun" in declaration


def test_neutral_defaults_without_a_participant_block() -> None:
    from generator.i18n import ui_strings
    from generator.participant import participant_fields
    from generator.schema import Course

    course = Course(id="c", title="T", version="1", language="en")
    fields = participant_fields(course, ui_strings("en"))
    assert [(f.id, f.label, f.required) for f in fields] == [
        ("name", "Full name", True), ("position", "Position", False), ("agency", "Agency", False)]  # fmt: skip


def test_json_schema_describes_the_identity_fields_and_the_closing() -> None:
    from generator.schema import Course

    schema = json.dumps(Course.model_json_schema())
    for key in ('"participant"', '"closing"', '"pattern"', '"rule"', '"number"'):
        assert key in schema, key


def test_browser_checks_the_course_pattern_and_the_nip_rule(page) -> None:  # type: ignore[no-untyped-def]
    page.set_content("<!doctype html><title>t</title>")
    page.evaluate("""() => { window.LatihCourse = {ui: {name_missing: 'name!', nip_length: 'nip18', nip_birth_date: 'birth', field_invalid: 'bad'},
      participant: [{id: 'name', label: 'Name', required: true},
                    {id: 'nip', label: 'NIP', pattern: '[0-9]{18}', message: 'eighteen', rule: 'nip'}]}; }""")
    page.add_script_tag(path=str(JS / "details.js"))
    got = page.evaluate("""() => [{}, {name: 'A'}, {name: 'A', nip: '12'}, {name: 'A', nip: '198501012010011001'},
        {name: 'A', nip: '198513012010011001'}].map(d => Latih.documents.detailsProblem(d))""")
    assert got == [["name", "name!"], None, ["nip", "nip18"], None, ["nip", "birth"]]
