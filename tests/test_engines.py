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
