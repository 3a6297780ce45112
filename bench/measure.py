"""Measuring tools for the benchmark: timed subprocesses, serve rebuilds, page weight, profiles."""

from __future__ import annotations

import contextlib
import cProfile
import gzip
import io
import math
import os
import pstats
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# The checkout the bench stands in, whatever copy of Latih the environment has installed
_PATH = os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH", "")) if p)
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": _PATH}


@dataclass(frozen=True)
class Run:
    """One finished subprocess: wall time, CPU time (user + system) and peak resident memory."""

    wall: float
    cpu: float
    peak_kb: int
    returncode: int
    output: str


def run(cmd: list[str], cwd: Path, timeout: float = 900) -> Run:
    """Run a command, timing it with perf_counter and reading its own rusage through wait4."""
    with open(os.devnull, "rb") as stdin, _capture() as out:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=ENV, stdin=stdin, stdout=out, stderr=subprocess.STDOUT)
        deadline = started + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.01)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, proc.returncode, text)


@contextlib.contextmanager
def _capture() -> Iterator[io.BufferedRandom]:
    import tempfile

    with tempfile.TemporaryFile() as handle:
        yield handle  # type: ignore[misc]


def checked(result: Run, what: str) -> Run:
    if result.returncode != 0:
        raise SystemExit(f"{what} failed (exit {result.returncode}):\n{result.output[-3000:]}")
    return result


def median(values: list[float]) -> float:
    return statistics.median(values)


def fit_exponent(sizes: list[float], times: list[float]) -> float:
    """The slope b of log(time) = a + b log(size), by least squares: time grows as size**b."""
    xs = [math.log(s) for s in sizes]
    ys = [math.log(t) for t in times]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str, timeout: float = 5) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


@contextlib.contextmanager
def server(cmd: list[str], cwd: Path, url: str, log: Path, ready_timeout: float = 600) -> Iterator[None]:
    """A long-running server in its own process group, stopped (that group only) on exit."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "wb") as out, open(os.devnull, "rb") as stdin:
        proc = subprocess.Popen(
            cmd, cwd=cwd, env=ENV, stdin=stdin, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            deadline = time.monotonic() + ready_timeout
            while fetch(url) is None:
                if proc.poll() is not None:
                    raise SystemExit(f"{' '.join(cmd)} stopped (exit {proc.returncode}); see {log}")
                if time.monotonic() > deadline:
                    raise SystemExit(
                        f"{' '.join(cmd)} did not serve {url} in {ready_timeout:.0f} s; see {log}"
                    )
                time.sleep(0.2)
            yield
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def serve_rebuilds(
    cmd: list[str], cwd: Path, page_url: str, edit: Path, old: str, edits: int, log: Path
) -> list[float]:
    """Seconds from saving an edit of `edit` (replacing `old`) to the served page showing it."""
    original = edit.read_text(encoding="utf-8")
    if old not in original:
        raise SystemExit(f"{edit} does not contain {old!r}")
    times: list[float] = []
    try:
        with server(cmd, cwd, page_url, log):
            time.sleep(1.0)  # let the watcher settle after the first build
            for n in range(edits):
                marker = f"Suntingan tolok ukur {n} {time.time_ns()}"
                edit.write_text(original.replace(old, marker, 1), encoding="utf-8")
                started = time.perf_counter()
                deadline = started + 300
                while marker not in (fetch(page_url) or ""):
                    if time.perf_counter() > deadline:
                        raise SystemExit(f"the edit of {edit} never reached {page_url}; see {log}")
                    time.sleep(0.05)
                times.append(time.perf_counter() - started)
                time.sleep(1.0)  # the watcher's quiet period before the next edit
    finally:
        edit.write_text(original, encoding="utf-8")
    return times


# Page weight


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


_ASSET = re.compile(r"""<(?:script[^>]*\bsrc|link[^>]*\bhref)=["']([^"']+)["']""")


def page_assets(html: str) -> list[str]:
    """Scripts and stylesheets a page links to, as written (relative URLs)."""
    found = []
    for tag in re.findall(r"<script\b[^>]*>|<link\b[^>]*>", html):
        if tag.startswith("<link") and "stylesheet" not in tag:
            continue
        match = _ASSET.search(tag)
        if match:
            found.append(match[1])
    return found


@dataclass(frozen=True)
class Weight:
    raw: int
    gz: int

    def __add__(self, other: Weight) -> Weight:
        return Weight(self.raw + other.raw, self.gz + other.gz)


def weight(path: Path) -> Weight:
    data = path.read_bytes()
    return Weight(len(data), gz(data))


# Profiles


def profile_build(course: Path, out: Path, top: int = 25) -> tuple[str, dict[str, float]]:
    """Build a course in this process under cProfile; the top entries and the time per phase."""
    os.environ.update(NO_MKDOCS_2_WARNING="1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(course / "mkdocs.yml"), site_dir=str(out))
    profiler = cProfile.Profile()
    profiler.enable()
    build(config)
    profiler.disable()
    return _summarise(profiler, top)


# What any MkDocs plugin imports to exist: the plugin base and the settings' types
PLUGIN_BASE = "mkdocs.plugins, mkdocs.config.base, mkdocs.config.config_options"
_IMPORT_PROBE = (
    "import time\n"
    "started = time.process_time()\n"
    f"import {PLUGIN_BASE}\n"
    "based = time.process_time()\n"
    "import generator.site.plugin\n"
    "done = time.process_time()\n"
    "print(based - started, done - based)\n"
)


@dataclass
class ImportCost:
    """CPU seconds of `import generator.site.plugin` in fresh interpreters, one pair per run: MkDocs'
    plugin base (what every plugin pays), then Latih's plugin on top of it."""

    runs: list[tuple[float, float]]

    @property
    def base(self) -> float:
        return median([b for b, _ in self.runs])

    @property
    def own(self) -> float:
        return median([o for _, o in self.runs])

    @property
    def total(self) -> float:
        return median([b + o for b, o in self.runs])


def import_cost(reps: int, cwd: Path) -> ImportCost:
    """What MkDocs pays to import the plugin, before it reads its settings: in a new interpreter each
    time (nothing cached in the process; the files in the system's page cache, as for any build)."""
    runs = []
    for _ in range(reps):
        out = subprocess.run(
            [python(), "-c", _IMPORT_PROBE], cwd=cwd, env=ENV, capture_output=True, text=True, check=True
        )
        base, own = (float(x) for x in out.stdout.split())
        runs.append((base, own))
    return ImportCost(runs)


def profile_check(course: Path, top: int = 25) -> tuple[str, dict[str, float]]:
    """`latih check` in this process under cProfile (imports already done)."""
    from generator.cli import main

    profiler = cProfile.Profile()
    cwd = Path.cwd()
    os.chdir(course)
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            profiler.enable()
            with contextlib.suppress(SystemExit):
                main(["check"])
            profiler.disable()
    finally:
        os.chdir(cwd)
    return _summarise(profiler, top)


# Phases of a build, by the function whose cumulative time stands for each
PHASES = {
    "Markdown to HTML (all pages)": ("markdown/core.py", "convert"),
    "theme templates (all pages)": ("mkdocs/commands/build.py", "_build_page"),
    "Latih: read and check the YAML": ("generator/course/loader.py", "load_course"),
    "Latih: page Markdown and course data": ("generator/site/plugin.py", "on_files"),
    "Latih: answer keys (per quiz page)": ("generator/site/plugin.py", "on_page_content"),
    "search index": ("material/plugins/search/plugin.py", "on_page_context"),
}


def _summarise(profiler: cProfile.Profile, top: int) -> tuple[str, dict[str, float]]:
    buffer = io.StringIO()
    stats = pstats.Stats(profiler, stream=buffer)
    stats.strip_dirs().sort_stats("cumulative").print_stats(top)
    full = pstats.Stats(profiler)
    phases: dict[str, float] = {}
    total = 0.0
    own = 0.0
    for (filename, _line, name), (_cc, _nc, tt, ct, _callers) in full.stats.items():  # type: ignore[attr-defined]
        total += tt
        if "/generator/" in filename:
            own += tt
        for phase, (file_end, func) in PHASES.items():
            if filename.endswith(file_end) and name == func:
                phases[phase] = phases.get(phase, 0.0) + ct
    phases["total (profiled)"] = total
    phases["Latih's own Python (self time)"] = own
    text = re.sub(r"^\s*\d+ function calls.*\n", "", buffer.getvalue(), flags=re.MULTILINE)
    return _trim(text), phases


def _trim(text: str) -> str:
    lines = [line.rstrip() for line in text.splitlines()]
    start = next((i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls")), 0)
    return "\n".join(line for line in lines[start:] if line)


def python() -> str:
    return sys.executable


@dataclass
class KindCost:
    pages: int = 0
    markdown_kb: float = 0.0
    markdown_cpu: float = 0.0  # Markdown to HTML, with the page_content hooks
    theme_cpu: float = 0.0  # theme template, page_context hooks (search), writing the file


def instrumented_build(
    course: Path, out: Path, kind_of: Callable[[str], str]
) -> tuple[float, dict[str, KindCost]]:
    """Build in this process, timing (CPU) each page's two halves by page kind. Total CPU, per kind."""
    os.environ.update(NO_MKDOCS_2_WARNING="1")
    from mkdocs.commands import build as building
    from mkdocs.config import load_config

    costs: dict[str, KindCost] = {}
    populate, build_page = building._populate_page, building._build_page

    def timed_populate(page, config, files, dirty=False):  # type: ignore[no-untyped-def]
        started = time.process_time()
        populate(page, config, files, dirty)
        cost = costs.setdefault(kind_of(page.file.src_uri), KindCost())
        cost.pages += 1
        cost.markdown_kb += len(page.markdown or "") / 1024
        cost.markdown_cpu += time.process_time() - started

    def timed_build_page(page, *args, **kwargs):  # type: ignore[no-untyped-def]
        started = time.process_time()
        build_page(page, *args, **kwargs)
        costs.setdefault(kind_of(page.file.src_uri), KindCost()).theme_cpu += time.process_time() - started

    config = load_config(str(course / "mkdocs.yml"), site_dir=str(out))
    building._populate_page, building._build_page = timed_populate, timed_build_page  # type: ignore[assignment]
    started = time.process_time()
    try:
        building.build(config)
    finally:
        building._populate_page, building._build_page = populate, build_page
    return time.process_time() - started, costs
