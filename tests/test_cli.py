"""The command line as an author uses it: plain messages, exit codes, never a traceback."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import COURSES, STARTER
from tests.helpers import latih


@pytest.fixture
def course(tmp_path: Path) -> Path:
    root = tmp_path / "kursus"
    shutil.copytree(STARTER, root)
    return root


def test_check_reports_success_in_indonesian(course: Path) -> None:
    result = latih("check", cwd=course)
    assert result.returncode == 0
    assert result.stdout.strip() == "Kursus 'Kursus Baru' valid: 1 pelajaran, 1 kuis, 2 soal (0 peringatan)."


def test_check_speaks_english_for_an_english_course(tmp_path: Path) -> None:
    result = latih("-f", str(COURSES / "english" / "mkdocs.yml"), "check", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(
        "Course 'Fire Safety at Work' is valid: 2 lessons, 2 quizzes, 5 questions"
    )


def test_check_exits_1_with_path_line_column(course: Path) -> None:
    (course / "content" / "pelajaran-pertama.yml").write_text("id: x\nbody: [\n")
    result = latih("check", cwd=course)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0].startswith("content/pelajaran-pertama.yml:2:7: YAML tidak valid")
    assert "Traceback" not in result.stderr


def test_missing_mkdocs_yml_is_explained(tmp_path: Path) -> None:
    result = latih("check", cwd=tmp_path)
    assert result.returncode == 1
    assert "mkdocs.yml tidak ditemukan" in result.stderr and "Traceback" not in result.stderr


def test_directory_named_like_yaml_and_unreadable_file(course: Path) -> None:
    (course / "quizzes" / "folder.yml").mkdir()
    (course / "quizzes" / "folder.yml" / "inner.txt").write_text("x")
    locked = course / "content" / "terkunci.yml"
    locked.write_text("id: terkunci\n")
    locked.chmod(0)
    result = latih("check", cwd=course)
    assert "Traceback" not in result.stderr
    if os.geteuid() != 0:  # root reads any file, so only a normal user sees the permission problem
        assert "content/terkunci.yml:1:1: berkas tidak dapat dibaca" in result.stderr
    assert result.returncode == 1


def test_new_lesson_and_quiz_write_starter_files_that_check(course: Path) -> None:
    assert latih("new", "lesson", "pelajaran-kedua", cwd=course).returncode == 0
    assert latih("new", "quiz", "kuis-kedua", cwd=course).returncode == 0
    lesson = (course / "content" / "pelajaran-kedua.yml").read_text()
    assert lesson.startswith("# yaml-language-server: $schema=../.latih/schema/lesson.schema.json")
    result = latih("check", cwd=course)
    # New files are valid; they only warn that the outline does not name them yet
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("peringatan") == 2


def test_new_refuses_to_overwrite_and_bad_ids(course: Path) -> None:
    result = latih("new", "lesson", "pelajaran-pertama", cwd=course)
    assert result.returncode == 1 and "sudah ada" in result.stderr
    result = latih("new", "quiz", "Bad Id", cwd=course)
    assert result.returncode == 1 and "bukan id yang sah" in result.stderr


def test_init_refuses_a_folder_with_files(course: Path) -> None:
    result = latih("init", str(course), cwd=course.parent)
    assert result.returncode == 1 and "sudah berisi berkas" in result.stderr


def test_schema_writes_a_json_schema_per_file_kind(course: Path, tmp_path: Path) -> None:
    out = tmp_path / "schemas"
    assert latih("schema", "--out", str(out), cwd=course).returncode == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == ["course.schema.json", "decision.schema.json", "lesson.schema.json", "quiz.schema.json"]
    quiz = json.loads((out / "quiz.schema.json").read_text())
    assert "questions" in quiz["required"]
    assert quiz["additionalProperties"] is False


def test_schema_validates_the_starter_files(course: Path, tmp_path: Path) -> None:
    import jsonschema
    import yaml

    out = tmp_path / "schemas"
    latih("schema", "--out", str(out), cwd=course)
    for kind, path in [("course", "site_config/course.yml"), ("lesson", "content/pelajaran-pertama.yml"),
                       ("quiz", "quizzes/kuis-pertama.yml")]:  # fmt: skip
        schema = json.loads((out / f"{kind}.schema.json").read_text())
        jsonschema.validate(yaml.safe_load((course / path).read_text()), schema)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode()


def wait_for(predicate, seconds: float = 30.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


def test_serve_rebuilds_when_a_quiz_yaml_changes(course: Path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/kuis-pertama.html"
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=course,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert wait_for(lambda: "Jenis soal mana" in fetch(url))
        quiz = course / "quizzes" / "kuis-pertama.yml"
        quiz.write_text(quiz.read_text().replace("Jenis soal mana", "Soal jenis apa"))
        assert wait_for(lambda: "Soal jenis apa" in fetch(url))
        lesson = course / "site_config" / "course.yml"
        lesson.write_text(lesson.read_text().replace("Judul lengkap sumber", "Judul baru sumber"))
        assert wait_for(lambda: "Judul baru sumber" in fetch(f"http://127.0.0.1:{port}/referensi.html"))
    finally:
        server.terminate()
        server.wait(timeout=10)
