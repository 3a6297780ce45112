"""The benchmark's course generator writes courses that Latih accepts and builds (no timing here)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import yaml

from tests.helpers import bench_module

REPO = Path(__file__).resolve().parent.parent


def _latih(course: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=course,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_generated_course_passes_check_and_builds(tmp_path: Path) -> None:
    synth = bench_module("synth")
    course = synth.write_latih(tmp_path / "course", 10)
    assert course.question_count == 10 * synth.QUESTIONS_PER_QUIZ + 2 * synth.EXTRA_QUIZ_QUESTIONS

    checked = _latih(tmp_path / "course", "check")
    assert checked.returncode == 0, checked.stderr
    assert "120" in checked.stdout  # every generated question was read
    assert "peringatan" not in checked.stderr  # nothing left out of the outline

    built = _latih(tmp_path / "course", "build", "--out", str(tmp_path / "site"))
    assert built.returncode == 0, built.stderr
    site = tmp_path / "site"
    assert (site / "pelajaran-0001.html").is_file()
    assert (site / "cek-0010.html").is_file()
    assert (site / "ujian-akhir.html").is_file()


def test_markdown_baseline_holds_the_same_content(tmp_path: Path) -> None:
    synth = bench_module("synth")
    course = synth.write_markdown(tmp_path / "plain", 10)
    pages = sorted(p.name for p in (tmp_path / "plain" / "content").glob("*.md"))
    assert len(pages) == len(course.lessons) + len(course.quizzes) + 1  # and index.md
    quiz = (tmp_path / "plain" / "content" / "cek-0001.md").read_text(encoding="utf-8")
    first = course.quizzes[0].questions[0]
    assert first.prompt in quiz and first.explanation in quiz
    assert "latih" not in (tmp_path / "plain" / "mkdocs.yml").read_text(encoding="utf-8")


def test_peer_comparison_writes_the_same_questions_for_every_tool(tmp_path: Path) -> None:
    peers = bench_module("peers")
    bank = peers.items(45)
    for tool, write in peers.WRITERS.items():
        write(tmp_path / tool, bank)
        files = sorted((tmp_path / tool).rglob("*.*"))
        # YAML folds long lines: read Latih's quizzes as data, the others' pages as text
        text = "\n".join(
            json.dumps(yaml.safe_load(p.read_text(encoding="utf-8")), ensure_ascii=False)
            if p.suffix == ".yml"
            else p.read_text(encoding="utf-8")
            for p in files
        )
        for item in bank:
            # Every question, every option's feedback and the explanation, for every tool
            assert item.prompt in text and item.explanation in text, (tool, item.ident)
            assert all(feedback in text for _, feedback in item.options), (tool, item.ident)
    # Three pages of up to twenty questions each (45 questions)
    assert len(list((tmp_path / "plain" / "content").glob("latihan-*.md"))) == 3
    built = _latih(tmp_path / "latih", "build", "--out", str(tmp_path / "latih" / "site"))
    assert built.returncode == 0, built.stderr
    assert "peringatan" not in built.stderr
    assert (tmp_path / "latih" / "site" / "latihan-003.html").is_file()
