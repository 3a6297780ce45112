"""The report does not depend on how the codes arrive: the same codes in any order, split over any
files, give byte-identical HTML and CSV; copies of one code merge what each copy's row says."""

from __future__ import annotations

import hashlib
import random
import re
from pathlib import Path

from generator.results import encode
from generator.tools.report import collect_files, render_report, summarise
from generator.tools.report.export import write
from tests.test_report import T0, forty, make_course

NOW = T0 + 90 * 86400


def _outputs(paths: list[Path], loaded, out: Path) -> dict[str, str]:  # type: ignore[no-untyped-def]
    report, tables = summarise(collect_files([str(p) for p in paths], loaded), loaded, now=NOW)
    html = render_report(report)
    # What necessarily names where codes were read (how many files; the file and line of a code
    # to check) is taken out: every other byte must be the same
    html = re.sub(r'<p class="meta" id="files-read">.*?</p>', "", html)
    html = re.sub(r'(data-label="Baris">)[^<]*<', r"\1<", html)
    write(out, report, tables)
    digests = {"html": hashlib.sha256(html.encode()).hexdigest()}
    for name in ("peserta.csv", "instansi-topik.csv", "butir-soal.csv", "kuis.csv"):
        digests[name] = hashlib.sha256((out / name).read_bytes()).hexdigest()
    return digests


def test_the_same_codes_shuffled_and_split_give_identical_outputs(tmp_path: Path) -> None:
    loaded = make_course(tmp_path)
    session = forty(loaded)
    dup = {line for line, _ in session.duplicates}
    codes = [encode(code) for line, code in session.codes if line not in dup]
    first = tmp_path / "a.txt"
    first.write_text("\n".join(codes) + "\n", encoding="utf-8")
    expected = _outputs([first], loaded, tmp_path / "out0")
    rng = random.Random(26)
    for run in range(1, 4):
        shuffled = codes[:]
        rng.shuffle(shuffled)
        cut = rng.randrange(1, len(shuffled))
        parts = [tmp_path / f"r{run}-1.txt", tmp_path / f"r{run}-2.txt"]
        parts[0].write_text("\n".join(shuffled[:cut]) + "\n", encoding="utf-8")
        parts[1].write_text("\n".join(shuffled[cut:]) + "\n", encoding="utf-8")
        assert _outputs(parts[::-1] if run % 2 else parts, loaded, tmp_path / f"out{run}") == expected


def test_duplicates_keep_the_form_attributes_and_name_their_files(tmp_path: Path) -> None:
    loaded = make_course(tmp_path)
    session = forty(loaded)
    dup = {line for line, _ in session.duplicates}
    codes = [encode(code) for line, code in session.codes if line not in dup]
    chat = tmp_path / "chat.txt"
    chat.write_text("\n".join(f"[10.00] Peserta: {c}" for c in codes) + "\n", encoding="utf-8")
    form = tmp_path / "formulir.csv"
    rows = ["Timestamp,Email Address,Provinsi,Kode hasil"]
    rows += [f"2026-01-01,p{i}@contoh.id,Maluku,{c}" for i, c in enumerate(codes[:10])]
    form.write_text("\n".join(rows) + "\n", encoding="utf-8")
    results = []
    for order in ([chat, form], [form, chat]):
        report, tables = summarise(collect_files([str(p) for p in order], loaded), loaded, now=NOW)
        assert report.duplicate_count == 10
        assert report.regions is not None
        maluku = {r.name: r.participants for r in report.regions.rows}.get("Maluku", 0)
        emails = tables.people.filter(tables.people["email"] != "").height
        results.append((maluku, emails, render_report(report)))
        # The list of duplicates names both files and lines
        d = report.duplicates[0]
        assert {d.source, d.first_source} == {"chat.txt", "formulir.csv"}
        html = results[-1][2]
        assert f"{d.source} baris {d.line} (sama dengan {d.first_source} baris {d.first_line})" in html
    (m1, e1, _), (m2, e2, _) = results
    assert m1 == m2 > 0 and e1 == e2 > 0
    # People without a region are "(tanpa wilayah)", not "(tanpa instansi)"
    assert "(tanpa wilayah)" in results[0][2]
