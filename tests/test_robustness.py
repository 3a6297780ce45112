"""Faults and fuzzing: interrupted builds, full disks, two tabs, generated courses and hostile input."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.course.loader import Layout, load_course
from generator.results import CodeError, decode, encode, find_codes
from generator.roster import read_roster
from tests.conftest import COURSES, STARTER, build_course


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}  # fmt: skip


def big_course(root: Path, lessons: int) -> Path:
    shutil.copytree(STARTER, root)
    base = (root / "content" / "pelajaran-pertama.yml").read_text(encoding="utf-8")
    ids = []
    for i in range(lessons):
        text = base.replace("id: pelajaran-pertama", f"id: bab-{i}").replace("quiz: kuis-pertama\n", "")
        (root / "content" / f"bab-{i}.yml").write_text(text, encoding="utf-8")
        ids.append(f"bab-{i}")
    course = root / "site_config" / "course.yml"
    course.write_text(course.read_text().replace("kuis-pertama]", "kuis-pertama, " + ", ".join(ids) + "]"))
    return root


# ---- faults


def test_build_killed_midway_leaves_the_previous_site(tmp_path: Path) -> None:
    course = big_course(tmp_path / "kursus", 400)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    run = [sys.executable, "-m", "generator", "build"]
    assert subprocess.run(run, cwd=course, capture_output=True, env=env, timeout=300).returncode == 0
    before = digest(course / "site")
    build = subprocess.Popen(run, cwd=course, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    deadline = time.monotonic() + 60
    while not list(course.glob(".site.latih-new-*/*.html")) and time.monotonic() < deadline:
        time.sleep(0.02)
    build.send_signal(signal.SIGKILL)
    build.wait()
    assert list(course.glob(".site.latih-new-*")), "the build finished before it could be killed"
    assert digest(course / "site") == before
    # The next build clears what the killed one left behind
    assert subprocess.run(run, cwd=course, capture_output=True, env=env, timeout=300).returncode == 0
    assert not list(course.glob(".site.latih-*"))


def test_build_failing_on_a_full_disk_leaves_the_previous_site(tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    from mkdocs.structure.files import File

    course = tmp_path / "kursus"
    shutil.copytree(STARTER, course)
    monkeypatch.chdir(course)
    assert main(["build"]) == 0
    before = digest(course / "site")
    copies = {"n": 0}
    real = File.copy_file

    def disk_full(self: File, dirty: bool = False) -> None:
        copies["n"] += 1
        if copies["n"] > 3:  # a few files make it, then the disk is full
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), self.abs_dest_path)
        real(self, dirty)

    monkeypatch.setattr(File, "copy_file", disk_full)
    capsys.readouterr()
    assert main(["build"]) == 1
    err = capsys.readouterr().err
    assert "No space left on device" in err and "Traceback" not in err
    assert "situs sebelumnya" in err
    assert digest(course / "site") == before
    assert not [p for p in course.iterdir() if ".latih-" in p.name]


@pytest.fixture(scope="module")
def runtime_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_course(COURSES / "runtime", tmp_path_factory.mktemp("robust") / "site")


def test_two_tabs_of_one_quiz_never_garble_saved_progress(browser: Any, runtime_site: Path) -> None:
    context = browser.new_context()
    errors: list[str] = []
    url = (runtime_site / "ujian.html").as_uri()
    first, second = context.new_page(), context.new_page()
    for tab in (first, second):
        tab.on("pageerror", lambda e: errors.append(str(e)))
        tab.goto(url)
    key = first.evaluate("Latih.storage.key")
    for round_ in range(3):
        for tab in (first, second):
            shown = tab.eval_on_selector_all(
                ".latih-question:not([hidden])", "els => els.map(e => e.dataset.question)"
            )
            tab.click(f"#soal-{shown[round_ % len(shown)]} label.latih-option >> nth=0")
            saved = json.loads(tab.evaluate(f"localStorage.getItem({json.dumps(key)})"))
            assert set(saved) >= {"lessons", "quizzes"}
            attempt = saved["quizzes"]["ujian"]["current"]
            # Whichever tab wrote last, the record is that tab's whole attempt, never a mix
            assert set(attempt["answers"]) <= set(attempt["ids"])
    third = context.new_page()
    third.goto(url)
    assert third.locator(".latih-question:not([hidden])").count() == 3
    assert errors == []
    context.close()


# ---- generated courses: valid ones build; mutated ones are refused cleanly or build

slug = st.from_regex(r"[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,4}){0,2}", fullmatch=True)
text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30).filter(str.strip)
markdown = st.lists(st.sampled_from(["Teks **tebal**", "- butir", "| a | b |\n|---|---|\n| 1 | 2 |",
                                     "!!! note \"Catatan\"\n    isi", "<b>markup</b> & <script>x</script>",
                                     "## Sub", "[tautan](index.md)"]), min_size=1, max_size=4).map("\n\n".join)  # fmt: skip


@st.composite
def questions(draw: Any) -> dict[str, Any]:
    kind = draw(st.sampled_from(["true_false", "single", "multiple"]))
    q: dict[str, Any] = {"id": draw(slug), "type": kind, "prompt": draw(text), "topic": draw(slug)}
    if draw(st.booleans()):
        q["scenario"] = draw(markdown)
    if kind == "true_false":
        q["answer"] = draw(st.booleans())
    else:
        n = draw(st.integers(2, 6))
        right = draw(st.sets(st.integers(0, n - 1), min_size=1, max_size=1 if kind == "single" else n))
        q["options"] = [
            {"text": draw(text), "correct": i in right, "feedback": draw(markdown)} for i in range(n)
        ]
        if kind == "multiple":
            q["partial"] = draw(st.booleans())
    q["explanation"] = draw(markdown)
    q["points"] = draw(st.integers(1, 5))
    return q


@st.composite
def courses(draw: Any) -> dict[str, Any]:
    lessons = draw(st.lists(slug, min_size=1, max_size=4, unique=True))
    quiz_ids = draw(st.lists(slug.filter(lambda s: s not in lessons), min_size=1, max_size=3, unique=True))
    files: dict[str, Any] = {}
    for ident in lessons:
        files[f"content/{ident}.yml"] = {"id": ident, "title": draw(text), "body": draw(markdown),
                                          "objectives": draw(st.lists(text, max_size=3))}  # fmt: skip
    for ident in quiz_ids:
        bank = draw(st.lists(questions(), min_size=1, max_size=6, unique_by=lambda q: q["id"]))
        quiz: dict[str, Any] = {"id": ident, "title": draw(text), "questions": bank,
                                "kind": draw(st.sampled_from(["practice", "pretest", "posttest", "exam"]))}  # fmt: skip
        if draw(st.booleans()):
            quiz["draw"] = draw(st.integers(1, len(bank)))
            quiz["shuffle_questions"] = quiz["shuffle_options"] = True
        files[f"quizzes/{ident}.yml"] = quiz
    files["site_config/course.yml"] = {
        "id": draw(slug), "title": draw(text), "version": draw(st.from_regex(r"[0-9]{1,4}\.[0-9]", fullmatch=True)),
        "language": draw(st.sampled_from(["id", "en"])),
        "outline": [{"section": draw(text), "items": lessons}, *({"quiz": q} for q in quiz_ids)],
        "certificate": {"quiz": quiz_ids[0]},
        "declaration": {"title": draw(text), "statements": draw(st.lists(text, min_size=1, max_size=3))},
    }  # fmt: skip
    return files


def write_course(files: dict[str, Any]) -> Path:
    root = Path(tempfile.mkdtemp()) / "course"
    shutil.copytree(STARTER, root)
    for old in [*(root / "content").glob("*.yml"), *(root / "quizzes").glob("*.yml")]:
        old.unlink()
    (root / "content" / "index.md").write_text("# Beranda\n")
    for name, data in files.items():
        (root / name).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root


few = settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)


@few
@given(courses())
def test_generated_valid_courses_check_and_build(files: dict[str, Any]) -> None:
    root = write_course(files)
    try:
        loaded = load_course(Layout.at(root))
        # Random options and keys are free to cue (item-writing warnings): anything else is a bug
        found = [p.format("en") for p in loaded.problems if not (p.rule and p.severity == "warning")]
        assert loaded.ok and not found, found
        site = build_course(root, root / "site")
        for ident in (data["id"] for name, data in files.items() if not name.startswith("site_config")):
            assert (site / f"{ident}.html").is_file()
    finally:
        shutil.rmtree(root.parent, ignore_errors=True)


@few
@given(courses(), st.data())
def test_mutated_courses_are_refused_cleanly_or_build(files: dict[str, Any], data: Any) -> None:
    name = data.draw(st.sampled_from(sorted(files)))
    doc = files[name]
    key = data.draw(st.sampled_from(sorted(doc)))
    action = data.draw(st.sampled_from(["drop", "null", "number", "list", "text"]))
    if action == "drop":
        doc.pop(key)
    else:
        doc[key] = {"null": None, "number": 7, "list": ["x"], "text": "Bukan Slug!"}[action]
    root = write_course(files)
    try:
        loaded = load_course(Layout.at(root))  # never raises
        if loaded.ok:
            build_course(root, root / "site")  # what check accepts, builds
        else:
            assert all(p.line >= 1 for p in loaded.problems)
    finally:
        shutil.rmtree(root.parent, ignore_errors=True)


# ---- codes and rosters from strangers


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_decoder_never_fails_other_than_with_a_reason(noise: str) -> None:
    for candidate in [noise, "LATIH1-" + noise, "latih1" + noise.upper()]:
        try:
            decode(candidate)
        except CodeError as error:
            assert error.reason in {"not_a_code", "truncated", "checksum", "malformed", "version"}
    find_codes(noise)


def test_decoder_refuses_oversized_and_truncated_codes_quickly() -> None:
    started = time.perf_counter()
    with pytest.raises(CodeError):
        decode("LATIH1-" + "ZZZZZ-" * 200_000)
    sample = json.loads((Path(__file__).parent / "vectors" / "results.json").read_text())["valid"][0]["code"]
    for cut in range(len("LATIH1-") + 1, len(sample)):
        with pytest.raises(CodeError):
            decode(sample[:cut])
    assert time.perf_counter() - started < 10


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_roster_reader_never_raises(noise: str) -> None:
    for text in (noise, "Nama;NIP\n" + noise, "nama,nip,jabatan\n" + noise):
        roster = read_roster(text)
        assert all(p.name for p in roster.people)


def test_results_code_with_markup_round_trips_as_text() -> None:
    from generator.participant import Person
    from generator.results import ResultsCode

    hostile = Person("<script>alert(1)</script>", "", "<img src=x onerror=alert(1)>", "a|b%c\nd")
    code = ResultsCode("c", "1", "q", "0" * 8, 1_700_000_000, hostile, 50, ((0, ("a",)),))
    assert decode(encode(code)).participant == hostile
