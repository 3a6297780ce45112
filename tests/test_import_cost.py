"""Nothing is imported that the moment does not need (issue 30): MkDocs imports the plugin to read its
settings before any build, and `latih --help` reads no course. Both are checked in a fresh interpreter
by the modules they leave out, not by a time (`bench/run.py` measures the time)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# The reader and its typed models (pydantic), the pages, the answer keys and the bundles' minifiers
HEAVY = [
    "pydantic",
    "generator.schema",
    "generator.course.loader",
    "generator.course.quality",
    "generator.site.pages",
    "generator.site.fields",
    "generator.site.answer_key",
    "generator.bundles",
]


def _imported_after(code: str, cwd: Path) -> set[str]:
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)), file=sys.__stdout__)"
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1"}
    out = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def test_importing_the_plugin_leaves_the_reader_and_the_pages_for_the_build(tmp_path: Path) -> None:
    loaded = _imported_after("import generator.site.plugin", tmp_path)
    assert "generator.site.plugin" in loaded
    assert sorted(loaded & set(HEAVY)) == []


def test_the_plugin_settings_are_read_without_the_reader(tmp_path: Path) -> None:
    # What MkDocs does with the plugin before a build: make it and validate its settings
    code = (
        "from generator.site.plugin import LatihPlugin\n"
        "plugin = LatihPlugin()\n"
        "errors, warnings = plugin.load_config({'audience': 'facilitator'})\n"
        "assert not errors and plugin.config.content_dir == 'content', errors\n"
    )
    assert sorted(_imported_after(code, tmp_path) & set(HEAVY)) == []


def test_help_reads_no_course_models(tmp_path: Path) -> None:
    code = (
        "import contextlib, io\n"
        "from generator.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
        "    main(['--help'])\n"
    )
    loaded = _imported_after(code, REPO)  # in the flagship's folder: --help speaks its language
    assert "generator.cli" in loaded
    assert sorted(loaded & {"pydantic", "generator.schema", "generator.course.loader"}) == []
