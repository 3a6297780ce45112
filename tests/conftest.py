"""Shared fixtures: a real headless Chromium, driven by Playwright."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from generator.tools.documents import CHROMIUM_FLAGS

REPO = Path(__file__).resolve().parent.parent
STARTER = REPO / "generator" / "starter" / "id" / "course"
COURSES = Path(__file__).resolve().parent / "courses"

CHROMIUM_ARGS = [*CHROMIUM_FLAGS, "--disable-quic"]


def chromium_path() -> str | None:
    """The Debian Chromium (scripts/test.sh installs it), or whatever LATIH_CHROMIUM names."""
    return os.environ.get("LATIH_CHROMIUM") or shutil.which("chromium")


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    if path is None:
        pytest.fail("Chromium is not installed: run the README's test command, which installs it")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


# What the flagship course is made of: a copy of these is the whole course
FLAGSHIP_PARTS = ("mkdocs.yml", "content", "quizzes", "site_config", "decisions")


def copy_flagship(dest: Path) -> Path:
    """A copy of the flagship course in `dest` (made if missing), to change or build apart."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in FLAGSHIP_PARTS:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, dest / name)
        else:
            shutil.copy(source, dest / name)
    return dest


def build_course(course_dir: Path, out: Path, audience: str | None = None) -> Path:
    """Build a course folder with plain MkDocs (the plugin does the work) into `out`; `audience`
    "facilitator" builds the facilitator's site, as `latih build --facilitator` does."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from generator.site.plugin import AUDIENCE_VARIABLE

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    config = load_config(str(course_dir / "mkdocs.yml"), site_dir=str(out))
    before = os.environ.pop(AUDIENCE_VARIABLE, None)
    if audience:
        os.environ[AUDIENCE_VARIABLE] = audience
    try:
        build(config)
    finally:
        os.environ.pop(AUDIENCE_VARIABLE, None)
        if before is not None:
            os.environ[AUDIENCE_VARIABLE] = before
    return out


@pytest.fixture(scope="session")
def starter_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The course `latih init` writes, built once per test session."""
    return build_course(STARTER, tmp_path_factory.mktemp("starter") / "site")


@pytest.fixture(scope="session")
def flagship_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The flagship course of this repository, built once per test session."""
    return build_course(REPO, tmp_path_factory.mktemp("flagship") / "site")


@pytest.fixture(scope="session")
def flagship_facilitator_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The flagship course's facilitator site (`latih build --facilitator`), built once per session."""
    return build_course(REPO, tmp_path_factory.mktemp("flagship-facilitator") / "site", "facilitator")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def static_server(folder: Path, port: int | None = None) -> Iterator[str]:
    """`python -m http.server` on the folder, on loopback, until the block ends; its address."""
    port = port or free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        server.wait(timeout=5)
