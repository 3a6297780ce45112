"""A trainer's Excel bank in one command: a realistic 40-row sheet as Excel writes it (a merged title,
a merged `Pilihan` header over the letters, trailing empty rows, a lower-case `kunci`), and every
mistake at its row and column; bounded reading; formulas never evaluated."""

from __future__ import annotations

import textwrap
import time
import tracemalloc
from pathlib import Path

import openpyxl
import pytest
import yaml

from generator.cli import main
from generator.course.loader import Layout, load_course
from generator.tools.banks import import_banks, read_bank
from generator.tools.banks.refs import Catalogue
from generator.tools.banks.sheet import MAX_BYTES

ROOT = Path(__file__).resolve().parents[1]
LABELS = ("Pelanggaran", "Bukan pelanggaran")
LETTERS = "ABCDE"


def _flagship_catalogue() -> Catalogue:
    loaded = load_course(Layout.from_options(ROOT, {}))
    assert loaded.course is not None
    return Catalogue("id", loaded.course.model.references)


def _bank(path: Path) -> Path:
    """40 questions as a trainer keeps them: row 1 a merged title, rows 2-3 the header with
    `Pilihan` and `Umpan balik` merged over their letters, and empty formatted rows at the end."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Bank soal"
    head = [
        "No",
        "Jenis",
        "Topik",
        "Skenario",
        "Soal",
        "Pilihan",
        "",
        "",
        "",
        "",
        "kunci",
        "Umpan balik",
        "",
        "",
        "",
        "",
        "Pembahasan",
        "Rujukan",
    ]
    ws.append(["BANK SOAL PELATIHAN NETRALITAS ASN 2026"])
    ws.merge_cells("A1:R1")
    ws.append(head)
    ws.append(["", "", "", "", "", *LETTERS, "", *LETTERS, "", ""])
    ws.merge_cells("F2:J2")
    ws.merge_cells("L2:P2")
    for col in ("A", "B", "C", "D", "E", "K", "Q", "R"):
        ws.merge_cells(f"{col}2:{col}3")
    for n in range(1, 41):
        topic = ["Media sosial", "Kampanye", "Fasilitas negara", "Sanksi"][n % 4]
        scenario = (
            f"Saya ASN di Dinas Kabupaten nomor {n}. Seorang calon bupati mengajak saya hadir di acaranya."
        )
        if n % 5 == 0:
            row = [
                n,
                "Benar-Salah",
                topic,
                scenario,
                "Apakah ini pelanggaran netralitas?",
                "",
                "",
                "",
                "",
                "",
                "Pelanggaran" if n % 10 else "bukan pelanggaran",
                "",
                "",
                "",
                "",
                "",
                f"Pembahasan soal {n}.",
                "SKB 2/2022",
            ]
        elif n % 7 == 0:
            row = [
                n,
                "Ganda",
                topic,
                scenario,
                "Mana saja yang boleh saya lakukan?",
                f"Boleh {n} satu",
                f"Dilarang {n}",
                f"Boleh {n} dua",
                f"Dilarang {n} lagi",
                "",
                "A, C",
                "Tepat",
                "Ini dilarang",
                "Tepat",
                "",
                "",
                f"Pembahasan soal {n}.",
                "PP 94/2021; UU 20/2023",
            ]
        else:
            row = [
                n,
                "Tunggal",
                topic,
                scenario,
                "Apa yang sebaiknya saya lakukan?",
                f"Hadir {n}",
                f"Menolak {n}",
                f"Mewakilkan {n}",
                f"Datang diam-diam {n}",
                "",
                "b",
                f"Kurang tepat {n}",
                f"Tepat {n}",
                "",
                "",
                "",
                f"Pembahasan soal {n}.",
                "",
            ]
        ws.append(row)
    # The mistakes a trainer makes
    ws["K12"] = "E"  # question 9: the key points to an empty option
    ws["K14"] = "A,C"  # question 11: two keys in a single-answer question
    for r in range(44, 60):  # formatted, empty rows Excel keeps at the end
        ws[f"A{r}"].number_format = "0"
        ws[f"E{r}"] = None
    wb.save(path)
    return path


def test_a_40_row_excel_bank_gives_the_expected_yaml_and_messages(tmp_path: Path) -> None:
    source = _bank(tmp_path / "bank-netralitas.xlsx")
    result = import_banks([source], tmp_path / "quizzes", LABELS, _flagship_catalogue())  # type: ignore[arg-type]
    assert [p.format("id", tmp_path) for p in result.problems] == [
        "bank-netralitas.xlsx:12:11: kunci: kunci E menunjuk pilihan yang kosong (kolom 'Pilihan E')",
        "bank-netralitas.xlsx:14:11: kunci: soal satu jawaban hanya punya satu kunci, bukan 2; "
        "untuk beberapa jawaban benar isi jenisnya 'ganda'",
    ]
    assert result.problems[0].format("en", tmp_path) == (
        "bank-netralitas.xlsx:12:11: kunci: the key E points to an empty option (column 'Pilihan E')"
    )
    [planned] = result.quizzes
    data = yaml.safe_load(planned.text)
    assert data["id"] == "bank-netralitas" and len(data["questions"]) == 38
    assert planned.text.startswith(
        textwrap.dedent("""\
        id: bank-netralitas
        title: Bank netralitas
        kind: practice
        questions:
        - id: saya-asn-di-dinas-kabupaten-nomor
          type: single
          topic: kampanye
          scenario: Saya ASN di Dinas Kabupaten nomor 1. Seorang calon bupati mengajak saya hadir di acaranya.
          prompt: Apa yang sebaiknya saya lakukan?
          options:
          - text: Hadir 1
            feedback: Kurang tepat 1
          - text: Menolak 1
            correct: true
            feedback: Tepat 1
          - text: Mewakilkan 1
          - text: Datang diam-diam 1
          explanation: Pembahasan soal 1.
        - id: saya-asn-di-dinas-kabupaten-nomor-2
        """)
    )
    by_number = {int(q["scenario"].split("nomor ")[1].split(".")[0]): q for q in data["questions"]}
    assert 9 not in by_number and 11 not in by_number
    assert by_number[5] | {"scenario": ""} == {
        "id": "saya-asn-di-dinas-kabupaten-nomor-5",
        "type": "true_false",
        "topic": "kampanye",
        "scenario": "",
        "prompt": "Apakah ini pelanggaran netralitas?",
        "answer": True,
        "explanation": "Pembahasan soal 5.",
        "references": ["skb-2-2022"],
    }
    assert by_number[10]["answer"] is False
    assert by_number[7]["type"] == "multiple" and by_number[7]["partial"] is True
    assert [o.get("correct", False) for o in by_number[7]["options"]] == [True, False, True, False]
    assert by_number[7]["references"] == ["pp-94-2021", "uu-20-2023"]


def test_the_command_writes_nothing_until_the_bank_is_clean(tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LANG", "id_ID.UTF-8")
    source = _bank(tmp_path / "bank.xlsx")
    flagship = ["-f", str(ROOT / "mkdocs.yml")]  # its true/false labels and references
    assert main(["import", str(source), "--out", "soal", *flagship]) == 1
    err = capsys.readouterr().err
    assert "bank.xlsx:12:11: kunci:" in err and "bank.xlsx:14:11: kunci:" in err
    assert "tidak ada yang ditulis" in err
    assert not (tmp_path / "soal").exists()
    assert main(["import", str(source), "--out", "soal", "--partial", *flagship]) == 0
    out = capsys.readouterr().out
    assert "soal/bank.yml: 38 soal ditulis" in out and "2 soal yang bermasalah" in out
    written = (tmp_path / "soal" / "bank.yml").read_text()
    # a second run never overwrites
    assert main(["import", str(source), "--out", "soal", "--partial", *flagship]) == 1
    assert "sudah ada" in capsys.readouterr().err
    assert (tmp_path / "soal" / "bank.yml").read_text() == written


def test_imported_quiz_passes_latih_check_in_a_course(tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    course = tmp_path / "kursus"
    assert main(["init", str(course), "--language", "id"]) == 0
    monkeypatch.chdir(course)
    template = tmp_path / "templat.xlsx"
    assert main(["import", "--template", str(template)]) == 0
    assert main(["import", str(template), "--quiz", "bank-baru"]) == 0
    loaded = load_course(Layout.from_options(course, {}))
    assert not loaded.problems.errors
    quiz = loaded.quizzes["bank-baru"].model
    [question] = quiz.questions
    assert question.type == "single" and question.correct_ids() == ["b"]
    assert question.topic == "media-sosial"


def test_a_semicolon_csv_in_windows_1252_with_a_formula_stays_text(tmp_path: Path) -> None:
    csv_file = tmp_path / "bank.csv"
    csv_file.write_bytes(
        "Soal;Pilihan A;Pilihan B;Kunci\r\n"
        '"=HYPERLINK(""http://contoh.invalid"",""klik"")";Café;Kopi;A\r\n'.encode("cp1252")
    )
    bank = read_bank(csv_file, LABELS, Catalogue("id"))
    assert bank.problems == []
    [draft] = bank.drafts
    assert draft.prompt == '=HYPERLINK("http://contoh.invalid","klik")'
    assert [o.text for o in draft.options] == ["Café", "Kopi"]


def test_an_xlsx_formula_gives_its_saved_value_never_evaluated(tmp_path: Path) -> None:
    import xlsxwriter

    path = tmp_path / "bank.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["Soal", "Pilihan A", "Pilihan B", "Kunci"])
    # the value Excel saved with the formula is what the cell shows; the formula is not run
    sheet.write_formula(1, 0, '=WEBSERVICE("http://contoh.invalid")', None, "Soal yang tersimpan")
    sheet.write_row(1, 1, ["Ya", "Tidak"])
    sheet.write_formula(1, 3, "=CHAR(65)", None, "A")
    book.close()
    bank = read_bank(path, LABELS, Catalogue("id"))
    assert bank.problems == []
    assert bank.drafts[0].prompt == "Soal yang tersimpan"


def test_a_50_mb_spreadsheet_is_refused_quickly_and_small(tmp_path: Path) -> None:
    path = tmp_path / "besar.csv"
    with path.open("wb") as f:
        f.write(b"Soal;Pilihan A;Pilihan B;Kunci\n")
        f.write((b"Soal panjang;A;B;A\n") * (50_000_000 // 19))
    assert path.stat().st_size > MAX_BYTES
    tracemalloc.start()
    started = time.monotonic()
    bank = read_bank(path, LABELS, Catalogue("id"))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert [p.key for p in bank.problems] == ["bank_too_large"]
    assert peak < 5 << 20 and time.monotonic() - started < 2


def test_a_zip_bomb_xlsx_is_refused_from_its_table_of_contents(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "bom.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"<" + b" " * (300 << 20))
    assert path.stat().st_size < 2 << 20
    bank = read_bank(path, LABELS, Catalogue("id"))
    assert [p.key for p in bank.problems] == ["bank_too_large"]


@pytest.mark.parametrize("language, expected", [("id", "Soal"), ("en", "Question")])
def test_the_template_speaks_the_course_language(tmp_path: Path, language: str, expected: str) -> None:
    from python_calamine import CalamineWorkbook

    from generator.tools.banks import write_template

    path = tmp_path / "t.xlsx"
    write_template(path, language)
    book = CalamineWorkbook.from_path(str(path))
    assert len(book.sheet_names) == 2
    header = book.get_sheet_by_index(0).to_python()[0]
    assert expected in header
