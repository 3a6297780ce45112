"""The bad-input corpus: every malformed course is refused at the right place, quickly, with the
previous site untouched, no traceback, and nothing executed."""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from pathlib import Path

import pytest
import yaml

from generator.cli import main
from tests.conftest import STARTER

CASES = yaml.safe_load((Path(__file__).parent / "corpus" / "bad_inputs.yml").read_text(encoding="utf-8"))


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}  # fmt: skip


def special(name: str, course: Path) -> None:
    if name == "alias-bomb":
        lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]']
        lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
        (course / "content" / "bom.yml").write_text("\n".join(lines) + "\n")
    elif name == "deep-nesting":
        (course / "content" / "dalam.yml").write_text("id: dalam\nbody: " + "[" * 200 + "]" * 200 + "\n")
    elif name == "huge-file":
        with (course / "content" / "besar.yml").open("w") as f:
            f.write("body: |\n")
            f.write(("  " + "a" * 98 + "\n") * 210_000)  # about 20 MB
    elif name == "latin1":
        (course / "content" / "pelajaran-pertama.yml").write_bytes(
            b"id: pelajaran-pertama\n\ntitle: Caf\xe9 Latih\n"
        )
    elif name == "utf16":
        path = course / "content" / "pelajaran-pertama.yml"
        path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    elif name == "yaml-directory":
        (course / "quizzes" / "folder.yml").mkdir()
    elif name == "symlink-outside":
        (course / "content" / "luar.yml").symlink_to("/etc/hostname")
    elif name == "no-course":
        (course / "site_config" / "course.yml").unlink()
    elif name == "no-quizzes":
        shutil.rmtree(course / "quizzes")
    elif name == "clash-page":
        (course / "content" / "pelajaran-pertama.md").write_text("# Halaman\n")
    elif name == "drop-correct":
        path = course / "quizzes" / "kuis-pertama.yml"
        path.write_text(path.read_text().replace("        correct: true\n", ""))
    else:
        raise AssertionError(name)


def apply(case: dict, course: Path, canary: Path) -> None:
    path = course / case["file"] if "file" in case else None
    if path is not None and "replace" in case:
        old, new = case["replace"]
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{case['name']}: {old!r} not in {case['file']}"
        path.write_text(text.replace(old, new.replace("{canary}", str(canary)), 1), encoding="utf-8")
    if path is not None and "write" in case:
        path.write_text(case["write"], encoding="utf-8")
    if path is not None and "append" in case:
        path.write_text(path.read_text(encoding="utf-8") + case["append"], encoding="utf-8")
    if "special" in case:
        special(case["special"], course)


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 50
    assert len({c["name"] for c in CASES}) == len(CASES)
    assert all("key" in c["expect"] for c in CASES)  # every case says which key its message names


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_bad_input_is_refused_where_it_is(case: dict, tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    course = tmp_path / "kursus"
    shutil.copytree(STARTER, course)
    site = course / "site"
    (site / "bab").mkdir(parents=True)
    (site / "index.html").write_text("<p>situs sebelumnya</p>")
    (site / "bab" / "a.html").write_text("<p>halaman lama</p>")
    before = digest(site)
    canary = tmp_path / "canary"
    apply(case, course, canary)
    monkeypatch.chdir(course)

    started = time.perf_counter()
    status = main(["build"])
    elapsed = time.perf_counter() - started
    out = capsys.readouterr()

    assert status == 1, out.out + out.err
    assert "Traceback" not in out.err + out.out
    expect = case["expect"]
    place = expect["path"] + (f":{expect['line']}" if "line" in expect else "")
    place += f":{expect['column']}:" if "column" in expect else ""
    matching = [line for line in out.err.splitlines() if line.startswith(place) and expect["message"] in line]
    assert matching, f"wanted {place} ... {expect['message']!r} in:\n{out.err}"
    # The key and its path inside the file (`questions[2].points:`); `key: null` marks the problems
    # of a whole file or of YAML itself (syntax, encoding, size, tags), which belong to no key
    if expect["key"] is not None:
        assert [line for line in matching if expect["key"] in line], f"{expect['key']!r} not in {matching}"
    assert digest(site) == before  # the previous site, byte for byte
    assert not [p for p in course.iterdir() if ".latih-" in p.name]
    assert not canary.exists()  # nothing was executed
    assert elapsed < 5, f"took {elapsed:.1f} s"


def test_unreadable_file_is_reported(tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    course = tmp_path / "kursus"
    shutil.copytree(STARTER, course)
    path = course / "content" / "pelajaran-pertama.yml"
    monkeypatch.chdir(course)
    real = Path.read_bytes

    def refuse(self: Path) -> bytes:
        # root reads any file whatever its mode, so the permission error is injected
        if self.name == path.name:
            raise PermissionError(13, os.strerror(13))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert main(["check"]) == 1
    err = capsys.readouterr().err
    assert "content/pelajaran-pertama.yml:1:1: berkas tidak dapat dibaca: Permission denied" in err


def test_every_problem_in_one_run(tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Files with their own errors still take part in the rules across files, on what could be read;
    a file that cannot be read at all says once which checks wait for it."""
    course = tmp_path / "kursus"
    shutil.copytree(STARTER, course)
    lesson = course / "content" / "pelajaran-pertama.yml"
    quiz = course / "quizzes" / "kuis-pertama.yml"
    config = course / "site_config" / "course.yml"
    lesson.write_text(lesson.read_text().replace("duration_minutes: 10", "duration_minutes: sepuluh"))
    lesson.write_text(
        lesson.read_text().replace('pinpoint: "Bab 1"}', 'pinpoint: "Bab 1"}\n  - sumber-hilang')
    )
    quiz.write_text(
        quiz.read_text().replace("kind: practice", "kind: homework").replace("        correct: true\n", "", 1)
    )
    config.write_text(
        config.read_text()
        .replace("pass_mark: 80", "pass_mark: 180")
        .replace("kuis-pertama]", "kuis-pertama, hantu]")
    )
    (course / "quizzes" / "kedua.yml").write_text("id: [\n")
    monkeypatch.chdir(course)
    assert main(["check"]) == 1
    err = capsys.readouterr().err.splitlines()
    wanted = [
        'content/pelajaran-pertama.yml:5:19: duration_minutes: harus berupa bilangan bulat, bukan "sepuluh"',
        "content/pelajaran-pertama.yml:19:5: references[2]: 'sumber-hilang' tidak ada di katalog references",
        'quizzes/kuis-pertama.yml:4:7: kind: harus salah satu dari practice, pretest, posttest, exam, bukan "homework"',
        "quizzes/kuis-pertama.yml:20:7: questions[2].options: soal single harus punya tepat satu opsi benar, bukan 0",
        "quizzes/kedua.yml:1:5: YAML tidak valid",
        "site_config/course.yml:8:12: pass_mark: paling besar 100, bukan 180",
        "site_config/course.yml:12:46: outline[1].items[3]: 'hantu' bukan id pelajaran atau kuis yang dikenal",
        "quizzes/kedua.yml:1:1: catatan: 2 pemeriksaan lintas berkas dilewati sampai quizzes/kedua.yml dapat dibaca",
    ]
    for line in wanted:
        assert [e for e in err if e.startswith(line)], f"{line!r} not in:\n" + "\n".join(err)
    assert err[-1] == "7 galat, 0 peringatan"


def test_a_duplicate_id_names_both_places(tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    course = tmp_path / "kursus"
    shutil.copytree(STARTER, course)
    shutil.copy(course / "quizzes" / "kuis-pertama.yml", course / "quizzes" / "salinan.yml")
    monkeypatch.chdir(course)
    assert main(["check"]) == 1
    err = capsys.readouterr().err
    assert (
        "quizzes/kuis-pertama.yml:2:5: id: id 'kuis-pertama' sudah dipakai oleh quizzes/salinan.yml:2" in err
    )
    assert (
        "quizzes/salinan.yml:2:5: id: id 'kuis-pertama' sudah dipakai oleh quizzes/kuis-pertama.yml:2" in err
    )
