"""`latih serve` as an author uses it: break a file, see why in the browser, fix it, see the page.

Every test runs a real `latih serve` on a copy of a course and stops it in teardown.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.problems import problem
from generator.site.preview import group_problems, is_page, source_lines
from tests.conftest import COURSES, STARTER, free_port

ENGLISH = COURSES / "english"
LESSON = "content/fire-triangle.yml"
SECONDS = 20_000  # ms a page may take to show a change: builds share 2 cores with other work


@dataclass
class Preview:
    folder: Path
    url: str
    process: subprocess.Popen[str]
    out: Path
    err: Path
    tmp: Path

    def edit(self, path: str, old: str, new: str) -> None:
        file = self.folder / path
        text = file.read_text(encoding="utf-8")
        assert old in text
        file.write_text(text.replace(old, new, 1), encoding="utf-8")

    def stdout(self) -> str:
        return self.out.read_text(encoding="utf-8")

    def stderr(self) -> str:
        return self.err.read_text(encoding="utf-8")


def start(folder: Path, tmp: Path, *args: str) -> tuple[subprocess.Popen[str], Path, Path, Path]:
    """`latih serve ARGS` in the folder, its temporary files kept under `tmp` to check cleanup."""
    out, err, own_tmp = tmp / "stdout.txt", tmp / "stderr.txt", tmp / "tmp"
    own_tmp.mkdir(exist_ok=True)
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", *args],
        cwd=folder,
        stdout=out.open("w"),
        stderr=err.open("w"),
        text=True,
        env={**os.environ, "TMPDIR": str(own_tmp)},
    )
    return process, out, err, own_tmp


def stop(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def wait_until_listening(port: int, process: subprocess.Popen[str], seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, "latih serve ended early"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    pytest.fail("latih serve did not start listening")


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[object]:
    """Start `latih serve -a 127.0.0.1:PORT` on a copy of a course; stopped in teardown."""
    started: list[subprocess.Popen[str]] = []

    def run(course: Path = ENGLISH, prepare=None) -> Preview:  # type: ignore[no-untyped-def]
        folder = tmp_path / "course"
        shutil.copytree(course, folder)
        if prepare is not None:
            prepare(folder)
        port = free_port()
        process, out, err, tmp = start(folder, tmp_path, "-a", f"127.0.0.1:{port}")
        started.append(process)
        wait_until_listening(port, process)
        return Preview(folder, f"http://127.0.0.1:{port}/", process, out, err, tmp)

    yield run
    for process in started:
        stop(process)


def get(url: str, timeout: float = 2.0) -> tuple[int, str]:
    """Status and body; a request that hangs fails the test after `timeout` seconds."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def eventually(predicate, seconds: float = SECONDS / 1000) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError("the preview did not change in time")


# Three different mistakes an author makes, each with where it is and the key it is about
MISTAKES = [
    ("duration_minutes: 10", "duration_minutes: eight", f"{LESSON}:4:19", "duration_minutes: eight"),
    ("summary: Heat", "sumary: Heat", f"{LESSON}:3:1", "sumary: Heat, fuel and oxygen."),
    ("quiz: check-basics", "quiz: check-basic", f"{LESSON}:29:7", "quiz: check-basic"),
]


def test_a_mistake_shows_in_the_open_page_and_the_fix_brings_the_lesson_back(serve, page) -> None:  # type: ignore[no-untyped-def]
    preview = serve()
    page.goto(preview.url + "fire-triangle.html")
    page.locator("h1", has_text="fire triangle").wait_for()
    for old, new, where, line in MISTAKES:
        preview.edit(LESSON, old, new)
        # The open tab reloads by itself to the problems: the file, line and column, the key's line
        first = page.locator("li.first")
        first.wait_for(timeout=SECONDS)
        assert first.locator("code.line").inner_text().startswith(where)
        assert page.locator("pre.source .target").first.inner_text().split(None, 1)[1] == line
        assert page.locator("h2 code").all_inner_texts() == [LESSON]
        preview.edit(LESSON, new, old)
        page.locator("h1", has_text="fire triangle").wait_for(timeout=SECONDS)
        assert page.url == preview.url + "fire-triangle.html"
    assert "Traceback" not in preview.stderr()


def test_every_request_is_answered_at_once_while_the_course_is_broken(serve) -> None:  # type: ignore[no-untyped-def]
    preview = serve()
    preview.edit(LESSON, "duration_minutes: 10", "duration_minutes: eight")
    eventually(lambda: 'li class="first"' in get(preview.url + "fire-triangle.html")[1])
    # Pages (existing, missing, the home page, a folder) answer with the problems; files as they were
    for path in ("fire-triangle.html", "evacuation.html", "missing.html", "", "nested/", "final-exam"):
        status, body = get(preview.url + path)
        assert status == 200 and f"{LESSON}:4:19" in body, path
        assert "livereload(" in body  # MkDocs' live reload comes along, so the fix reloads the tab
    assert get(preview.url + "latih/latih.css")[0] == 200
    assert get(preview.url + "no-such-file.css")[0] == 404
    assert "Traceback" not in preview.stderr()


def test_an_empty_or_half_written_file_does_not_leave_the_preview_stuck(serve, page) -> None:  # type: ignore[no-untyped-def]
    preview = serve()
    page.goto(preview.url + "fire-triangle.html")
    page.locator("h1", has_text="fire triangle").wait_for()
    lesson = preview.folder / LESSON
    full = lesson.read_text(encoding="utf-8")
    # An editor truncates, then writes: the empty file is an error for a moment
    lesson.write_text("", encoding="utf-8")
    page.locator("code.line", has_text=f"{LESSON}:1:1: the file is empty").wait_for(timeout=SECONDS)
    lesson.write_text(full[: full.index("body:") + 20], encoding="utf-8")  # half the file
    page.locator("li.first code.line", has_text=LESSON).wait_for(timeout=SECONDS)
    # An atomic save: the whole file written aside, then renamed over the old one
    draft = lesson.with_name(".fire-triangle.yml.swp")
    draft.write_text(full, encoding="utf-8")
    os.replace(draft, lesson)
    page.locator("h1", has_text="fire triangle").wait_for(timeout=SECONDS)
    assert "Traceback" not in preview.stderr()


def test_a_course_broken_from_the_start_is_served_in_its_language(serve, page) -> None:  # type: ignore[no-untyped-def]
    def breaks(folder: Path) -> None:
        quiz = folder / "quizzes" / "kuis-pertama.yml"
        quiz.write_text(quiz.read_text(encoding="utf-8").replace("kind: practice", "kind: latihan"))

    preview = serve(STARTER, breaks)
    page.goto(preview.url)
    page.locator("h1", has_text="Kursus belum bisa dibangun").wait_for()
    assert "kembali sendiri" in page.locator(".comeback").inner_text()
    assert page.locator("li.first code.line").inner_text().startswith("quizzes/kuis-pertama.yml:")
    assert "kind: latihan" in page.locator("pre.source .target").inner_text()
    preview.edit("quizzes/kuis-pertama.yml", "kind: latihan", "kind: practice")
    page.locator(".md-content h1").wait_for(timeout=SECONDS)
    out = preview.stdout()
    assert f"Pratinjau di {preview.url}" in out and "Ctrl+C untuk berhenti" in out


def test_a_mistake_in_mkdocs_yml_is_shown_and_recovered_from(serve, page) -> None:  # type: ignore[no-untyped-def]
    preview = serve()
    page.goto(preview.url + "evacuation.html")
    page.locator("h1", has_text="Evacuation").wait_for()
    preview.edit("mkdocs.yml", "name: material", "name: [material")
    page.locator("h2", has_text="MkDocs could not build the site").wait_for(timeout=SECONDS)
    assert "mkdocs.yml" in page.locator("pre.failure").first.inner_text()
    preview.edit("mkdocs.yml", "name: [material", "name: material")
    page.locator("h1", has_text="Evacuation").wait_for(timeout=SECONDS)
    assert "Traceback" not in preview.stderr()


def add_warnings(folder: Path) -> None:
    """A lesson no outline entry names, and a broken link: warnings, and the site still builds."""
    (folder / "content" / "unlisted.yml").write_text(
        "id: unlisted\ntitle: Unlisted\nbody: Not in the outline.\n", encoding="utf-8"
    )
    index = folder / "content" / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\nSee [the plan](no-such-page.md).\n")


def test_warnings_show_in_a_panel_of_the_preview_only(serve, page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    preview = serve(prepare=add_warnings)
    page.goto(preview.url + "evacuation.html")
    panel = page.locator("#latih-preview-panel")
    panel.locator("summary", has_text="Warnings: 2").wait_for()
    warning = panel.locator("code.line")
    assert not warning.is_visible()  # collapsed until the author opens it
    panel.locator("summary").click()
    assert warning.inner_text().startswith("content/unlisted.yml:1:5: warning: lesson 'unlisted'")
    assert "no-such-page.md" in panel.locator("pre.failure").inner_text()  # MkDocs' own warning
    # The built site has nothing of the panel, nor of the problems page
    site = tmp_path / "built"
    subprocess.run(
        [sys.executable, "-m", "generator", "build", "--out", str(site)], cwd=preview.folder, check=True
    )
    found = [p for p in site.rglob("*") if p.is_file() and b"latih-preview" in p.read_bytes()]
    assert list(site.rglob("*.html")) and found == []


def test_a_busy_port_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    folder = tmp_path / "course"
    shutil.copytree(ENGLISH, folder)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        process, _out, err, _tmp = start(folder, tmp_path, "-a", f"127.0.0.1:{port}")
        try:
            assert process.wait(timeout=60) == 1
        finally:
            stop(process)
    message = err.read_text(encoding="utf-8")
    assert f"error: 127.0.0.1:{port} is already in use by another program" in message
    assert f"latih serve -a 127.0.0.1:{port + 1}" in message
    assert "Traceback" not in message


@pytest.mark.parametrize(
    ("address", "detail"), [("localhost", "IP:PORT"), ("127.0.0.1:http", "'http'"), ("1.2.3:80", "1.2.3")]
)
def test_a_wrong_address_is_refused_with_a_clear_message(tmp_path: Path, address: str, detail: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "generator", "serve", "-a", address],
        cwd=ENGLISH,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.startswith(f"error: '{address}' is not an address to serve on (")
    assert detail in result.stderr and "Traceback" not in result.stderr


def test_a_missing_page_answers_404_with_the_sites_page_that_reloads_itself(serve) -> None:  # type: ignore[no-untyped-def]
    preview = serve()
    status, body = get(preview.url + "no-such-lesson.html")
    assert status == 404
    assert 'class="md-content' in body and "livereload(" in body


def test_stopping_prints_a_line_and_removes_the_served_folder(serve) -> None:  # type: ignore[no-untyped-def]
    preview = serve()
    assert re.search(r"^Preview at http://127\.0\.0\.1:\d+/ \(Ctrl\+C to stop\)$", preview.stdout(), re.M)
    assert [p.name[:14] for p in preview.tmp.iterdir()] == ["latih-preview-"]
    stop(preview.process)
    assert preview.process.returncode == 0
    assert preview.stdout().rstrip().endswith("Preview stopped.")
    assert list(preview.tmp.iterdir()) == []


# The page's model, as pure functions


def test_source_shows_the_line_with_one_before_and_one_after() -> None:
    lines = ["a: 1", "b: 2", "c: 3", "d: 4"]
    assert [(s.number, s.target) for s in source_lines(lines, 2, 4)] == [(1, False), (2, True), (3, False)]
    assert [s.number for s in source_lines(lines, 1, 1)] == [1, 2]
    assert [s.number for s in source_lines(lines, 4, 1)] == [3, 4]
    assert source_lines(lines, 2, 4)[1].caret == 3
    assert source_lines(lines, 9, 1) == [] and source_lines([], 1, 1) == []


def test_problems_are_grouped_by_file_in_order_with_only_the_first_highlighted(tmp_path: Path) -> None:
    a, b = tmp_path / "a.yml", tmp_path / "b.yml"
    a.write_text("x: 1\ny: 2\n")
    b.write_text("z: 3\n")
    found = [
        problem(b, 1, 4, "empty_file"),
        problem(a, 2, 4, "unknown_key", key="y"),
        problem(a, 1, 4, "unknown_key", key="x"),
    ]
    groups = group_problems(found, "en", tmp_path)
    assert [g.path for g in groups] == ["a.yml", "b.yml"]
    assert [p.text for p in groups[0].problems] == [
        "a.yml:1:4: unknown key 'x'",
        "a.yml:2:4: unknown key 'y'",
    ]
    assert [p.first for g in groups for p in g.problems] == [True, False, False]


def test_pages_are_told_from_files() -> None:
    assert all(is_page(p) for p in ("/", "/a.html", "/fasilitator/", "/kuis", "/x/index.htm"))
    assert not any(is_page(p) for p in ("/latih/latih.css", "/search/search_index.json", "/livereload/1/2"))


def test_a_request_to_another_host_name_is_refused_as_dns_rebinding_would_send_it(serve) -> None:  # type: ignore[no-untyped-def]
    import http.client

    preview = serve()
    port = int(preview.url.rsplit(":", 1)[1].strip("/"))

    def ask(host: str) -> tuple[int, str]:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", "/index.html", headers={"Host": host})
        response = connection.getresponse()
        answer = (response.status, response.read().decode("utf-8"))
        connection.close()
        return answer

    status, body = ask(f"attacker.example:{port}")
    assert status == 403 and "DNS rebinding" in body and "<html" not in body
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}", "127.0.0.1"):
        assert ask(host)[0] == 200, host


def test_hosts_the_preview_answers() -> None:
    from generator.site.preview import local_host

    for host in (
        "127.0.0.1:8000",
        "localhost:8000",
        "LOCALHOST",
        "[::1]:8000",
        "192.168.1.20:8000",
        "10.0.0.5",
    ):
        assert local_host(host), host
    for host in ("attacker.example:8000", "127.0.0.1.nip.io:8000", "", "localhost.attacker.example", "[::1"):
        assert not local_host(host), host
