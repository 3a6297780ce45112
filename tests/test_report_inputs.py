"""Input as facilitators receive it: form exports (CSV, XLSX), folders, chat text; `verify` and
`report` count the same codes and the same lines without a code."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from generator.cli import main
from generator.participant import Person
from generator.tools.report import ReadError, collect_files, summarise
from generator.tools.report.reading import MAX_LINE, role
from generator.tools.verify import verify_lines
from tests.test_report import NOTE, T0, make_course
from tests.test_report_analysis import RIGHT, _code

HEADER = [
    "Timestamp",
    "Email Address",
    "Nama lengkap",
    "Unit Kerja",
    "Kabupaten/Kota",
    "Provinsi",
    "Kode hasil",
    "Catatan",
]


def rows(loaded) -> tuple[list[list[str]], dict[str, int]]:  # type: ignore[no-untyped-def]
    """A Google Forms export: header, extra columns, blank rows, a code over two lines, rows without a code."""
    data = [HEADER]
    pre = {**RIGHT, 1: "b", 3: "a"}
    for n in range(6):
        who = Person(f"Peserta {n}", "", "Analis", "")  # no NIP, no agency in the code
        code = _code(loaded, "pre-test", who, {0: "b", 1: "a", 2: "a", 3: "c", 4: "a.c"}, T0 + n)
        post = _code(loaded, "post-test", who, RIGHT if n % 2 else pre, T0 + 9000 + n)
        if n == 2:
            cut = code.index("-", len(code) // 2)
            code = code[: cut + 1] + "\n" + code[cut + 1 :]  # wrapped inside its cell
        agency, city, province = (f"Dinas {n % 2}", f"Kota {n % 3}", ["Jawa Barat", "Bali"][n % 2])
        data.append(
            [
                f"2026-01-0{n + 1} 09:00",
                f"p{n}@contoh.go.id",
                f"Peserta {n}",
                agency,
                city,
                province,
                code,
                "",
            ]
        )
        data.append(
            [
                f"2026-01-0{n + 1} 12:00",
                f"p{n}@contoh.go.id",
                f"Peserta {n}",
                agency,
                city,
                province,
                post,
                "ok",
            ]
        )
        if n == 1:
            data.append(["", "", "", "", "", "", "", ""])  # blank row
            data.append(
                [
                    "2026-01-02 10:00",
                    "x@contoh.go.id",
                    "Lupa",
                    "Dinas 1",
                    "Kota 1",
                    "Bali",
                    "kodenya hilang",
                    "",
                ]
            )
    data.append(
        ["2026-01-09 10:00", "y@contoh.go.id", "Salah", "Dinas 0", "Kota 0", "Bali", "nanti saya kirim", ""]
    )
    return data, {"codes": 12, "without_code": 2}


@pytest.fixture
def forms(tmp_path: Path):  # type: ignore[no-untyped-def]
    loaded = make_course(tmp_path)
    data, expected = rows(loaded)
    folder = tmp_path / "kiriman"
    folder.mkdir()
    with (folder / "google-forms.csv").open("w", newline="", encoding="utf-8") as stream:
        csv.writer(stream).writerows(data)
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in data:
        sheet.append(row)
    book.save(folder / "microsoft-forms.xlsx")
    return loaded, folder, expected


def test_csv_and_xlsx_exports_give_codes_attributes_and_the_same_counts(forms) -> None:  # type: ignore[no-untyped-def]
    loaded, folder, expected = forms
    for name in ("google-forms.csv", "microsoft-forms.xlsx"):
        collected = collect_files([str(folder / name)], loaded, workers=1)
        assert (collected.found, collected.without_code) == (expected["codes"], expected["without_code"]), (
            name
        )
        assert collected.problems == [], name
        assert {"email", "region", "subregion", "agency", "timestamp", "name"} <= collected.form_roles
        report, tables = summarise(collected, loaded)
        assert report.participants == 6  # pre and post paired by the name the codes carry
        assert report.gain.matched == 6
        # The agency comes from the form's Unit Kerja column when the code has none; regions too.
        assert {r.name for r in report.agencies.rows} == {"Dinas 0", "Dinas 1"}
        assert {r.name for r in report.regions.rows} == {"Jawa Barat", "Bali"}
        assert sorted(tables.people.get_column("email").to_list()) == [f"p{n}@contoh.go.id" for n in range(6)]

        lines, _ = verify_lines([], loaded, "id", [str(folder / name)])
        text = "\n".join(lines)
        assert (
            f"{expected['codes']} kode: {expected['codes']} cocok dengan kunci jawaban, 0 perlu diperiksa."
            in text
        )
        assert lines[-1] == f"{expected['without_code']} baris tanpa kode"
    # A folder: both files, counted once each.
    both = collect_files([str(folder)], loaded, workers=2)
    assert (both.found, both.without_code) == (2 * expected["codes"], 2 * expected["without_code"])


def test_verify_and_report_count_the_same_lines_of_a_chat(tmp_path: Path) -> None:
    loaded = make_course(tmp_path)
    who = Person("Budi", "1", "", "")
    chat = (
        "[09.00] Bu Ani: silakan kirim kode\n\n"
        f"[09.01] Budi: {_code(loaded, 'post-test', who, RIGHT, T0)} 👍\n"
        "[09.02] Citra: saya belum selesai\n"
        "[09.03] Dedi: LATIH1-ABCDE\n"  # truncated: a code, with a problem
        "\n"
    )
    path = tmp_path / "chat.txt"
    path.write_text(chat, encoding="utf-8")
    collected = collect_files([str(path)], loaded, workers=1)
    assert (collected.found, collected.without_code) == (2, 2)
    lines, status = verify_lines([], loaded, "id", [str(path)])
    assert status == 1 and lines[-1] == "2 baris tanpa kode"
    assert "2 kode: 1 cocok dengan kunci jawaban, 1 perlu diperiksa." + NOTE in lines


def test_a_line_over_one_megabyte_is_refused_with_file_and_line(tmp_path: Path) -> None:
    loaded = make_course(tmp_path)
    path = tmp_path / "besar.txt"
    path.write_bytes(b"halo\n" + b"x" * (MAX_LINE + 10) + b"\n")
    with pytest.raises(ReadError) as caught:
        collect_files([str(path)], loaded, workers=1)
    assert caught.value.key == "error_line_too_long" and caught.value.values["line"] == 2


def test_headers_name_their_attributes() -> None:
    assert role("Alamat email") == "email" and role("Email Address") == "email"
    assert role("Unit Kerja / Instansi") == "agency" and role("Nama Instansi") == "agency"
    assert role("Kabupaten/Kota") == "subregion" and role("Provinsi") == "region"
    assert role("Nama lengkap dan gelar") == "name" and role("NIP") == "nip"
    assert role("Stempel waktu") == "timestamp" and role("Kode hasil") is None


def test_report_command_writes_html_and_export_and_keeps_foreign_folders(
    forms, tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    loaded, folder, _ = forms
    config = str(Path(loaded.layout.root) / "mkdocs.yml") if hasattr(loaded, "layout") else None
    root = next(p for p in tmp_path.rglob("mkdocs.yml")).parent
    config = str(root / "mkdocs.yml")
    out = tmp_path / "laporan.html"
    export = tmp_path / "ekspor"
    args = [
        "-f",
        config,
        "report",
        str(folder),
        "--out",
        str(out),
        "--csv",
        str(export),
        "--group-by",
        "Kabupaten/Kota",
    ]
    assert main(args) == 0
    html = out.read_text(encoding="utf-8")
    assert "Kota 0" in html and "Peta kerawanan" in html
    assert sorted(p.name for p in export.iterdir()) == [
        ".latih-report-export",
        "butir-soal.csv",
        "instansi-topik.csv",
        "kuis.csv",
        "peserta.csv",
    ]
    assert main(args) == 0  # a previous export is replaced
    foreign = tmp_path / "dokumen"
    foreign.mkdir()
    (foreign / "penting.docx").write_text("jangan hapus")
    assert main([*args[:-4], "--csv", str(foreign)]) == 1
    assert "bukan ekspor Latih" in capsys.readouterr().err
    assert (foreign / "penting.docx").read_text() == "jangan hapus"
    assert main([*args[:-2], "--group-by", "Tidak Ada"]) == 1
    assert re.search(r"kolom “Tidak Ada” tidak ada", capsys.readouterr().err)


def test_verify_and_report_on_the_command_line_read_files_and_name_missing_ones(
    tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    loaded = make_course(tmp_path)
    config = str(next(tmp_path.rglob("mkdocs.yml")))
    chat = tmp_path / "chat.txt"
    who = Person("Budi", "1", "", "")
    chat.write_text(
        f"halo\n{_code(loaded, 'post-test', who, RIGHT, T0)}\nterima kasih 🙏\n", encoding="utf-8"
    )
    assert main(["-f", config, "verify", str(chat)]) == 0
    out = capsys.readouterr().out
    assert "Cocok dengan kunci jawaban:" in out and out.rstrip().endswith("2 baris tanpa kode")
    assert (
        main(["-f", config, "report", str(tmp_path / "tidak-ada.txt"), "--out", str(tmp_path / "r.html")])
        == 1
    )
    assert "tidak-ada.txt tidak ada" in capsys.readouterr().err
    assert not (tmp_path / "r.html").exists()


def test_block_boundaries_change_nothing(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Codes wrapped over lines fall across the reader's block boundaries: same codes, same counts."""
    from generator.tools.report import reading

    loaded = make_course(tmp_path)
    lines = []
    for n in range(40):
        code = _code(loaded, "post-test", Person(f"P{n}", str(n), "", ""), RIGHT, T0 + n)
        cut = code.index("-", len(code) // 2)
        lines += [f"[{n}] P{n}:", code[: cut + 1], code[cut + 1 :] + " terima kasih", "🙏", ""]
    path = tmp_path / "chat.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    whole = collect_files([str(path)], loaded, workers=1)
    assert (whole.found, whole.without_code, whole.problems) == (40, 80, [])
    for size in (97, 256, 1000):
        monkeypatch.setattr(reading, "BLOCK", size)
        cut = collect_files([str(path)], loaded, workers=2)
        assert (cut.found, cut.without_code, cut.problems) == (40, 80, []), size
        assert cut.attempts.get_column("line").to_list() == whole.attempts.get_column("line").to_list()


def test_the_byte_scanner_and_find_codes_take_the_same_characters_into_a_code() -> None:
    """One rule, two readers: every character (hostile ones included: the dotless ı that upper-cases
    to I, the Kelvin sign, bidi controls, JavaScript's wide spaces) is part of a code for the report's
    byte scanner exactly when it is for results.find_codes."""
    from generator.results import find_codes
    from generator.tools.report.scanning import scan

    differ = []
    for point in [*range(0x3100), *range(0xFE00, 0x10000), 0x1F600, 0x10FFFF]:
        if 0xD800 <= point <= 0xDFFF:
            continue
        ch = chr(point)
        text = f"LATIH1-0{ch}0"
        (as_text,) = find_codes(text)
        (as_bytes,) = [code for _, code in scan(text.encode("utf-8")).codes]
        if (len(as_text) == len(text)) != (len(as_bytes) == len(text)):
            differ.append(f"U+{point:04X}")
    assert not differ, differ
    assert find_codes("LATIH1-0\u00610") == ["LATIH1-0a0"]  # the check sees a character taken in
    assert find_codes("LATIH1-0u0") == ["LATIH1-0"]  # and one left out
