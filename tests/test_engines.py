"""What Latih runs on: MkDocs 1.6, and ProperDocs (its maintained drop-in fork) with the same pages.

Material for MkDocs announces its end of life (May 2027) on every `mkdocs build`; `latih build` keeps
that notice from authors (README, "What Latih runs on" says it plainly instead).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

# The one line that names the engine in every page
GENERATOR_META = re.compile(rb'<meta name="generator" content="[^"]*">')


def files_of(site: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(site)): GENERATOR_META.sub(b"", p.read_bytes())
        for p in sorted(site.rglob("*"))
        if p.is_file() and p.name != ".latih-build"
    }


def test_the_flagship_builds_the_same_pages_with_properdocs(flagship_site: Path, tmp_path: Path) -> None:
    pytest.importorskip("properdocs", reason="ProperDocs is in the test dependencies (pyproject.toml)")
    out = tmp_path / "properdocs-site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "-q", "-f", str(REPO / "mkdocs.yml"), "-d", str(out)],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # The engine that built each site names itself; nothing else differs
    assert b"ProperDocs" in GENERATOR_META.search((out / "index.html").read_bytes()).group(0)
    assert b"ProperDocs" not in GENERATOR_META.search((flagship_site / "index.html").read_bytes()).group(0)
    mkdocs_files, properdocs_files = files_of(flagship_site), files_of(out)
    assert sorted(properdocs_files) == sorted(mkdocs_files)
    pages = [name for name in mkdocs_files if name.endswith(".html")]
    assert len(pages) >= 40
    different = [name for name in mkdocs_files if mkdocs_files[name] != properdocs_files[name]]
    assert different == []


def test_latih_build_does_not_alarm_authors_with_materials_end_of_life_notice(tmp_path: Path) -> None:
    env = {
        k: v for k, v in os.environ.items() if k not in ("NO_MKDOCS_2_WARNING", "DISABLE_MKDOCS_2_WARNING")
    }
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "-f",
            str(REPO / "mkdocs.yml"),
            "build",
            "--out",
            str(tmp_path / "site"),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    said = result.stdout + result.stderr
    assert "end of life" not in said and "Zensical" not in said and "ProperDocs" not in said


# Without MkDocs: the loaded course -> its pages (what an adapter for another engine would stage)
PAGES_WITHOUT_MKDOCS = """
import json, sys
from pathlib import Path
from generator.course.loader import Layout, load_course
from generator.i18n import ui_strings
from generator.site.pages import Renderer
from generator.site.sources import course_pages

loaded = load_course(Layout.at(Path(sys.argv[1])))
renderer = Renderer(loaded, ui_strings(loaded.language))
facilitator = sys.argv[2] == "facilitator"
pages = course_pages(loaded, renderer, facilitator=facilitator)
engines = sorted(m for m in sys.modules if m.split(".")[0] in ("mkdocs", "properdocs", "material"))
print(json.dumps({"engines": engines, "pages": [[p.src_uri, p.kind, p.in_nav, p.markdown] for p in pages]}))
"""


@pytest.mark.parametrize("audience", ["participants", "facilitator"])
def test_the_course_to_pages_step_runs_without_mkdocs_and_gives_the_sites_pages(
    audience: str, flagship_site: Path, flagship_facilitator_site: Path
) -> None:
    import json

    result = subprocess.run(
        [sys.executable, "-c", PAGES_WITHOUT_MKDOCS, str(REPO), audience],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=True,
    )
    found = json.loads(result.stdout)
    assert found["engines"] == []
    site = flagship_facilitator_site if audience == "facilitator" else flagship_site
    pages = {src: (kind, in_nav, markdown) for src, kind, in_nav, markdown in found["pages"]}
    # Every page the step names is a page of the built site, and every quiz of the course has its page
    for src in pages:
        assert (site / src.replace(".md", ".html")).is_file(), src
    kinds = [kind for kind, _, _ in pages.values()]
    quizzes = sorted(p.stem for p in (REPO / "quizzes").glob("*.yml"))
    assert (
        sorted(src.removesuffix(".md") for src, (kind, _, _) in pages.items() if kind in ("quiz", "graded"))
        == quizzes
    )
    assert {"verification", "document", "roster", "lesson", "quiz", "graded"} <= set(kinds)
    # The facilitator's pages: graded quizzes' only in the facilitator's site, where the nav lists them
    rooms = [src for src, (kind, _, _) in pages.items() if kind == "facilitator"]
    if audience == "facilitator":
        assert len(rooms) == len(quizzes) and all(pages[src][1] for src in rooms)
    else:
        assert 0 < len(rooms) < len(quizzes) and not any(pages[src][1] for src in rooms)
