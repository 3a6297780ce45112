"""What the command line echoes from outside (roster cells, codes, file names) cannot steer the terminal."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from generator.terminal import clean
from tests.conftest import REPO, STARTER
from tests.helpers import latih

# ESC, BEL and the other C0/C1 controls but tab/newline, and bidi overrides/isolates
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
NASTY = "\x1b[2J\x1b]0;judul palsu\x07\u202egnp.exe\u202c\x1b[31mMERAH\x1b[0m\r\nbaris palsu\x08"


def test_clean_removes_escapes_controls_and_bidi_overrides() -> None:
    assert clean(NASTY) == "gnp.exeMERAH baris palsu"
    assert clean("Dr. Siti Rahayu, S.Sos., M.Si.\tAnalis") == "Dr. Siti Rahayu, S.Sos., M.Si. Analis"
    assert clean("Ṣaḥīḥ — 数字 ✓") == "Ṣaḥīḥ — 数字 ✓"  # ordinary letters and signs stay


def test_declarations_does_not_echo_escapes_from_a_roster_nip_cell(tmp_path: Path) -> None:
    roster = tmp_path / "peserta.csv"
    roster.write_text(
        "Nama,NIP,Jabatan,Instansi\n"
        f'Budi Santoso,"1985{NASTY}0101",Analis Kebijakan,Dinas Kominfo\n'
        "Siti Rahayu,,Kepala Seksi,Badan Kepegawaian\n",
        encoding="utf-8",
    )
    result = latih(
        "declarations", "-f", str(REPO / "mkdocs.yml"), str(roster), "--out", "p.html", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert "peserta.csv:2:" in result.stderr  # the bad NIP is reported ...
    assert not UNSAFE.findall(result.stderr + result.stdout)  # ... without its escapes
    assert "baris palsu" not in [line.strip() for line in result.stderr.splitlines()]


def test_verify_does_not_echo_escapes_from_a_code(tmp_path: Path) -> None:
    course = tmp_path / "kursus"
    shutil.copytree(STARTER, course)
    result = latih("verify", f"LATIH1{NASTY}", cwd=course)
    assert result.returncode == 1
    assert not UNSAFE.findall(result.stdout + result.stderr), result.stdout


def test_file_names_are_printed_clean(tmp_path: Path) -> None:
    course = tmp_path / "kursus"
    shutil.copytree(STARTER, course)
    (course / "content" / "a\x1b[31mb\u202e.yml").write_text("id: [\n")
    result = latih("check", cwd=course)
    assert result.returncode == 1
    assert "content/ab.yml:1:5:" in result.stderr and not UNSAFE.findall(result.stderr), result.stderr
