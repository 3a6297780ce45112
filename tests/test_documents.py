"""Certificates and declarations: on screen, on paper (PDF read back), and for a whole roster."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

import pypdf
import pytest

from generator.roster import nip_problem, read_roster
from tests.conftest import COURSES, REPO

VECTORS = json.loads((Path(__file__).parent / "vectors" / "roster.json").read_text(encoding="utf-8"))
DOCUMENTS_JS = REPO / "generator" / "assets" / "js" / "documents.js"
ENGLISH = COURSES / "english" / "mkdocs.yml"
A4_PORTRAIT = (595, 842)  # points, rounded
A4_LANDSCAPE = (842, 595)
ARTIFACTS = REPO / "tests" / "artifacts"


def page_sizes(pdf: Path) -> list[tuple[int, int]]:
    return [(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in pypdf.PdfReader(pdf).pages]


def pdf_text(pdf: Path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)


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
    page.add_script_tag(path=str(DOCUMENTS_JS))
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
        [sys.executable, "-m", "generator", "-f", str(ENGLISH), *args], capture_output=True, text=True, timeout=300
    )


def test_cli_prints_one_a4_portrait_declaration_per_roster_row(tmp_path: Path) -> None:
    roster = roster_csv(tmp_path / "roster.csv", 200)
    pdf = tmp_path / "declarations.pdf"
    result = latih("declarations", str(roster), "--out", str(tmp_path / "d.html"), "--pdf", str(pdf), "--date", "2026-11-23")
    assert result.returncode == 0, result.stderr
    assert page_sizes(pdf) == [A4_PORTRAIT] * 200
    text = pypdf.PdfReader(pdf).pages[199].extract_text()
    assert "Peserta 200" in text and "198501012010012199" in text and "23 November 2026" in text
    assert "Fire Safety Pledge".upper() in text.upper() and "Leeds" in text


def test_cli_names_bad_rows_and_prints_the_others(tmp_path: Path) -> None:
    bad = {4: ";198501012010011001;Guru;SD", 9: "Budi;1.98501E+17;Guru;SD", 15: "Ani;12345;Guru;SD"}
    roster = roster_csv(tmp_path / "roster.csv", 20, bad)
    out = tmp_path / "d.html"
    result = latih("declarations", str(roster), "--out", str(out))
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert [line.split(": ")[0].rsplit(":", 1)[1] for line in lines] == ["4", "9", "15"]
    assert "The name is required." in lines[0] and "scientific" in lines[1] and "18 digits" in lines[2]
    assert out.read_text().count('class="latih-sheet latih-sheet-portrait latih-declaration"') == 17


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
