"""The figures of one benchmark run, and bench/RESULTS.md written from them."""

from __future__ import annotations

import datetime
import os
import platform
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

import yaml
from lighthouse import Report
from measure import PLUGIN_BASE, REPO, ImportCost, KindCost, Run, Weight, fit_exponent, median
from peers import TOOLS, PeerResults
from peers import markdown as peers_markdown
from weight import TARGET_OWN_KB, KindWeight, table

NOTES = Path(__file__).resolve().parent / "NOTES.md"

# Targets of issue 8
TARGET_RATIO = 1.25  # build time over the plain-MkDocs baseline, at 1,000 questions
TARGET_PEERS = 1.3  # CPU over plain MkDocs, 1,000 single-choice questions with feedback (bench/peers.py)
TARGET_PEERS_PER_PAGE = 1.15  # the same, compared at the same number of pages
TARGET_EXPONENT = 1.1
TARGET_CHECK = 2.0  # CPU seconds, `latih check` of 10,000 questions
TARGET_IMPORT = 0.15  # CPU seconds, importing the plugin in a new interpreter, MkDocs' part included
TARGET_ASSETS_KB = TARGET_OWN_KB  # Latih's JS + CSS, gzipped (figures from before bench/weight.py)
TARGET_LIGHTHOUSE = {"performance": 95, "accessibility": 100, "best-practices": 95}


@dataclass
class Plan:
    """The run's shape: which scales, how many repetitions."""

    scales: dict[int, int]  # lessons -> repetitions of each build
    check_reps: int
    serve_lessons: int
    serve_edits: int
    profile_lessons: int
    import_reps: int = 11  # new interpreters importing the plugin


@dataclass
class Scale:
    lessons: int
    questions: int
    latih_pages: int = 0
    baseline_pages: int = 0
    latih: list[Run] = field(default_factory=list)
    baseline: list[Run] = field(default_factory=list)
    check: list[Run] = field(default_factory=list)

    def wall(self, which: str) -> float:
        return median([r.wall for r in getattr(self, which)])

    def cpu(self, which: str) -> float:
        return median([r.cpu for r in getattr(self, which)])

    def peak_mb(self, which: str) -> float:
        return max(r.peak_kb for r in getattr(self, which)) / 1024


@dataclass
class PageWeight:
    html: Weight
    own: dict[str, Weight]  # Latih's runtime scripts and styles, by site path
    data: Weight  # the course data script
    theme: Weight  # mkdocs-material's scripts and styles
    # Libraries Latih ships but did not write (latih/vendor/)
    vendored: Weight = field(default_factory=lambda: Weight(0, 0))

    @property
    def own_total(self) -> Weight:
        return sum(self.own.values(), Weight(0, 0))


@dataclass
class Results:
    plan: Plan
    quick: bool
    started: datetime.datetime
    load_before: tuple[float, float, float]
    scales: list[Scale] = field(default_factory=list)
    serve: dict[str, list[float]] = field(default_factory=dict)
    flagship_build: Run | None = None
    weights: dict[str, PageWeight] = field(default_factory=dict)
    kind_weights: dict[str, KindWeight] = field(default_factory=dict)  # bench/weight.py, per page kind
    lighthouse_version: str = ""
    lighthouse: dict[str, dict[str, Report]] = field(default_factory=dict)  # server -> page -> report
    profile_questions: int = 0
    build_profile: str = ""
    build_phases: dict[str, float] = field(default_factory=dict)
    check_profile: str = ""
    check_phases: dict[str, float] = field(default_factory=dict)
    kinds: dict[str, tuple[float, dict[str, KindCost]]] = field(default_factory=dict)
    duration: float = 0.0
    load_after: tuple[float, float, float] = (0, 0, 0)
    peers: PeerResults | None = None
    imports: ImportCost | None = None


def c_loader() -> bool:
    """Whether Latih's YAML reader sits on libyaml's C parser."""
    from generator.course.yamlsource import Loader

    return hasattr(yaml, "CSafeLoader") and issubclass(Loader, yaml.CSafeLoader)


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}×" if b else "n/a"


def _kb(n: int) -> str:
    return f"{n / 1024:.1f}"


def _local_exponent(scales: list[Scale], which: str) -> float:
    """The exponent between the two largest scales: where the growth is heading."""
    return fit_exponent([s.questions for s in scales[-2:]], [s.wall(which) for s in scales[-2:]])


# Verdicts

SERVED = {
    "http.server": "mobile; `python -m http.server` (no compression)",
    "gzip": "mobile; the same, with gzip as static hosts serve",
}

Verdict = tuple[str, str, str, bool | None]  # target, measured, where, met (None: not measured)


def verdicts(r: Results) -> list[Verdict]:
    rows = [_ratio_verdict(r), *_peer_verdicts(r), *_exponent_verdicts(r), _check_verdict(r)]
    rows.append(_import_verdict(r))
    rows.append(
        ("YAML parsed with the C loader, line numbers kept", "yes" if c_loader() else "no", "", c_loader())
    )
    kinds = getattr(r, "kind_weights", {})  # figures pickled before it was measured have none
    if kinds:
        kind, worst = max(kinds.items(), key=lambda kv: kv[1].own_gz)
        over = sum(w.own_gz > TARGET_OWN_KB * 1024 for w in kinds.values())
        rows.append(
            (
                f"Latih's own JS + CSS ≤ {TARGET_OWN_KB:.0f} KB gzipped on every page kind (vendored apart)",
                f"{_kb(worst.own_gz)} KB gzipped at most ({over} of {len(kinds)} kinds over)",
                f"heaviest page kind: {kind}",
                worst.own_gz <= TARGET_OWN_KB * 1024,
            )
        )
    elif r.weights:
        kind, heaviest = max(r.weights.items(), key=lambda kv: kv[1].own_total.gz)
        total = heaviest.own_total
        rows.append(
            (
                f"Latih's JS + CSS ≤ {TARGET_ASSETS_KB:.0f} KB gzipped",
                f"{_kb(total.gz)} KB gzipped ({_kb(total.raw)} KB raw)",
                f"heaviest page: {kind}",
                total.gz <= TARGET_ASSETS_KB * 1024,
            )
        )
    for category, target in TARGET_LIGHTHOUSE.items():
        for server, how in SERVED.items():
            reports = r.lighthouse.get(server, {})
            scores = {k: rep.scores[category] for k, rep in reports.items() if not rep.error}
            if not scores:
                rows.append((f"Lighthouse {category} ≥ {target}", "not measured", how, None))
                continue
            text = ", ".join(f"{k} {v}" for k, v in scores.items())
            rows.append((f"Lighthouse {category} ≥ {target}", text, how, min(scores.values()) >= target))
    return rows


def _ratio_verdict(r: Results) -> Verdict:
    at = min(r.scales, key=lambda s: abs(s.questions - 1000))
    ratio = at.wall("latih") / at.wall("baseline")
    return (
        f"build ≤ {TARGET_RATIO}× plain mkdocs at 1,000 questions",
        f"{ratio:.2f}× wall, {at.cpu('latih') / at.cpu('baseline'):.2f}× CPU",
        f"{at.questions:,} questions",
        ratio <= TARGET_RATIO,
    )


def _peer_verdicts(r: Results) -> list[Verdict]:
    """Latih's default build beside plain MkDocs and the peers, on the same questions (bench/peers.py)."""
    p = getattr(r, "peers", None)
    if p is None:
        return []
    where = f"{p.questions:,} single-choice questions with feedback"
    others = [t for t in TOOLS if t not in ("plain", "latih")]
    return [
        (
            f"build ≤ {TARGET_PEERS}× plain mkdocs, ahead of every peer",
            f"{p.ratio('latih'):.2f}× CPU; " + ", ".join(f"{t} {p.ratio(t):.2f}×" for t in others),
            where,
            p.ratio("latih") <= TARGET_PEERS and all(p.ratio("latih") < p.ratio(t) for t in others),
        ),
        (
            f"build ≤ {TARGET_PEERS_PER_PAGE}× plain mkdocs at the same number of pages",
            f"{p.ratio_per_page('latih'):.2f}× CPU per page ({p.pages['latih']} / {p.pages['plain']} pages)",
            where,
            p.ratio_per_page("latih") <= TARGET_PEERS_PER_PAGE,
        ),
    ]


def _exponent_verdicts(r: Results) -> list[Verdict]:
    """The exponent fitted over every scale, as the issue defines it, and where the growth is heading."""
    sizes = [s.questions for s in r.scales]
    exponent = fit_exponent(sizes, [s.wall("latih") for s in r.scales])
    base = fit_exponent(sizes, [s.wall("baseline") for s in r.scales])
    local, base_local = _local_exponent(r.scales, "latih"), _local_exponent(r.scales, "baseline")
    return [
        (
            f"growth exponent ≤ {TARGET_EXPONENT}, fitted over all scales",
            f"{exponent:.2f} (plain mkdocs {base:.2f})",
            f"{sizes[0]:,}–{sizes[-1]:,} questions",
            exponent <= TARGET_EXPONENT,
        ),
        (
            f"growth exponent ≤ {TARGET_EXPONENT}, between the two largest scales",
            f"{local:.2f} (plain mkdocs {base_local:.2f})",
            f"{sizes[-2]:,}–{sizes[-1]:,} questions",
            local <= TARGET_EXPONENT,
        ),
        # Issue 30: from 1k to 10k questions, growing no faster than plain MkDocs on the same text
        (
            "growth exponent from 1k to 10k questions no worse than plain mkdocs'",
            f"{local:.2f} (plain mkdocs {base_local:.2f})",
            f"{sizes[-2]:,}–{sizes[-1]:,} questions",
            round(local, 2) <= round(base_local, 2),
        ),
    ]


def _check_verdict(r: Results) -> Verdict:
    # CPU, not wall: other work on the machine stretches the wall clock, not the process's own time
    largest = r.scales[-1]
    return (
        f"`check` of 10,000 questions < {TARGET_CHECK:.0f} s CPU",
        f"{largest.cpu('check'):.2f} s CPU ({largest.wall('check'):.2f} s wall)",
        f"{largest.questions:,} questions, median of {len(largest.check)} runs",
        largest.cpu("check") < TARGET_CHECK if largest.questions >= 10000 else None,
    )


def _import_verdict(r: Results) -> Verdict:
    target = f"import of the plugin ≤ {TARGET_IMPORT} s CPU"
    imports = getattr(r, "imports", None)  # figures of runs before issue 30 have none
    if imports is None:
        return (target, "not measured", "", None)
    return (
        target,
        f"{imports.total:.3f} s CPU: MkDocs' plugin base {imports.base:.3f} s + Latih {imports.own:.3f} s",
        f"`import generator.site.plugin` after `import {PLUGIN_BASE}`, new interpreter each time, "
        f"median of {len(imports.runs)}",
        imports.total <= TARGET_IMPORT,
    )


# The report


def report(r: Results) -> str:
    sections = [
        _head(r),
        _targets(r),
        _builds(r),
        peers_markdown(r.peers) if getattr(r, "peers", None) else "",
        _serve(r),
        _weights(r),
        _lighthouse(r),
        _kinds(r),
        _profiles(r),
    ]
    text = "\n\n".join(s for s in sections if s)
    if NOTES.exists():
        text += "\n\n" + NOTES.read_text(encoding="utf-8").strip()
    return text + "\n"


def _head(r: Results) -> str:
    load = " / ".join(f"{x:.2f}" for x in r.load_before)
    after = " / ".join(f"{x:.2f}" for x in r.load_after)
    return "\n".join(
        [
            "# Benchmark results" + (" (quick run: small scales only)" if r.quick else ""),
            "",
            f"Written by `python bench/run.py{' --quick' if r.quick else ''}` on {r.started:%Y-%m-%d} at "
            f"{r.started:%H:%M} UTC; the whole run took **{r.duration / 60:.1f} minutes**.",
            "",
            *_machine(),
            f"- Load average (1 / 5 / 15 min) before the run {load}, after it {after}. Wall times suffer "
            "from other work on the machine; CPU times (user + system of the measured process) much less.",
            "",
            "Latih is compared with what an author would otherwise do: the same lessons and quizzes written "
            "as "
            "ordinary Markdown pages (headings, paragraphs, lists; each question's scenario, prompt, options "
            "as a list, explanation and feedback as text), built by plain `mkdocs build` with the same "
            "`mkdocs.yml` (theme material, same Markdown extensions, search plugin, no directory URLs) minus "
            "the latih plugin. Every lesson has a practice quiz of 10 questions; a pretest and an exam of 10 "
            "questions each are added (`bench/synth.py`). Both are built in subprocesses, interleaved, timed "
            "with `time.perf_counter`; CPU time and peak memory come from the process's own `rusage` "
            "(`os.wait4`).",
        ]
    )


def _machine() -> list[str]:
    cpu, memory = "?", "?"
    try:
        info = Path("/proc/cpuinfo").read_text().splitlines()
        cpu = next(line.split(":", 1)[1].strip() for line in info if line.startswith("model name"))
        mem = next(
            line for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
        )
        memory = f"{int(mem.split()[1]) / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration):
        pass
    return [
        f"- Machine: {cpu}, {os.cpu_count()} cores, {memory} memory; {platform.platform()}",
        f"- Python {platform.python_version()}, MkDocs {version('mkdocs')}, mkdocs-material "
        f"{version('mkdocs-material')}, Python-Markdown {version('markdown')}, PyYAML {version('pyyaml')} "
        f"(libyaml C loader: {'yes' if c_loader() else 'no'}), pydantic {version('pydantic')}",
        f"- Latih at commit {_commit()} (plus uncommitted changes, if any)",
    ]


def _commit() -> str:
    """The checked-out commit, read from .git without running git."""
    git = REPO / ".git"
    try:
        ref = (git / "HEAD").read_text().strip()
        if not ref.startswith("ref: "):
            return ref[:12]
        name = ref[5:]
        if (git / name).exists():
            return (git / name).read_text().strip()[:12]
        packed = (git / "packed-refs").read_text().splitlines()
        return next(line.split()[0][:12] for line in packed if line.endswith(" " + name))
    except (OSError, StopIteration):
        return "unknown"


def _targets(r: Results) -> str:
    lines = ["## Targets", "", "| target | measured | where | met |", "| --- | --- | --- | --- |"]
    for target, measured, where, met in verdicts(r):
        mark = "not measured" if met is None else ("**yes**" if met else "**no**")
        lines.append(f"| {target} | {measured} | {where} | {mark} |")
    lines += ["", "Where a target is missed, *Analysis* below names the measured cause and the fix."]
    return "\n".join(lines)


def _builds(r: Results) -> str:
    lines = [
        "## Build time: `latih build` vs plain `mkdocs build`",
        "",
        "Median of the runs, wall clock (CPU in brackets). Pages: HTML files written; Latih adds a "
        "facilitator page per quiz, and the certificate, declaration, roster and references pages.",
        "",
        "| lessons | questions | runs | pages: mkdocs / latih | plain mkdocs | latih build | ratio "
        "| ratio, CPU | `latih check` |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for s in r.scales:
        lines.append(
            f"| {s.lessons:,} | {s.questions:,} | {len(s.latih)} | {s.baseline_pages:,} / {s.latih_pages:,} "
            f"| {s.wall('baseline'):.2f} s ({s.cpu('baseline'):.2f}) "
            f"| {s.wall('latih'):.2f} s ({s.cpu('latih'):.2f}) "
            f"| {_ratio(s.wall('latih'), s.wall('baseline'))} | {_ratio(s.cpu('latih'), s.cpu('baseline'))} "
            f"| {s.wall('check'):.2f} s ({s.cpu('check'):.2f}) |"
        )
    sizes = [s.questions for s in r.scales]
    lines += [
        "",
        "Growth: time ∝ questions^b, b fitted by least squares on log–log over all scales, and between the "
        "two largest scales alone (the fixed start-up cost of a few seconds flattens the small scales):",
        "",
        "| | b, all scales (wall) | b, all scales (CPU) | b, two largest (wall) |",
        "| --- | --- | --- | --- |",
    ]
    for name, which in (
        ("latih build", "latih"),
        ("plain mkdocs build", "baseline"),
        ("latih check", "check"),
    ):
        wall = fit_exponent(sizes, [s.wall(which) for s in r.scales])
        cpu = fit_exponent(sizes, [s.cpu(which) for s in r.scales])
        lines.append(f"| {name} | {wall:.2f} | {cpu:.2f} | {_local_exponent(r.scales, which):.2f} |")
    largest = r.scales[-1]
    lines += [
        "",
        f"Peak memory (resident set) at the largest scale ({largest.questions:,} questions): `latih build` "
        f"{largest.peak_mb('latih'):.0f} MB, plain `mkdocs build` {largest.peak_mb('baseline'):.0f} MB, "
        f"`latih check` {largest.peak_mb('check'):.0f} MB.",
    ]
    return "\n".join(lines)


def _serve(r: Results) -> str:
    if not r.serve:
        return ""
    latih, mkdocs = r.serve["latih"], r.serve["mkdocs"]
    return "\n".join(
        [
            "## Rebuild in `serve`",
            "",
            f"`latih serve` on the {r.plan.serve_lessons}-lesson course: one quiz's YAML edited (a "
            "question's prompt), the served quiz page polled every 50 ms until the edit shows. Baseline: "
            "`mkdocs serve` on the Markdown course, the same prompt edited in the quiz's page. Median of "
            f"{len(latih)} edit(s).",
            "",
            "| | seconds from saving to the changed page being served |",
            "| --- | --- |",
            f"| latih serve | {median(latih):.2f} ({', '.join(f'{t:.2f}' for t in latih)}) |",
            f"| mkdocs serve | {median(mkdocs):.2f} ({', '.join(f'{t:.2f}' for t in mkdocs)}) |",
            f"| ratio | {_ratio(median(latih), median(mkdocs))} |",
        ]
    )


def _weights(r: Results) -> str:
    if not r.weights:
        return ""
    built = f" in {r.flagship_build.wall:.1f} s" if r.flagship_build else ""
    lines = [
        "## Page weight (flagship course)",
        "",
        f"Built with `latih build` from the repository{built}. KB = 1,024 bytes, gzip level 6. *Latih JS + "
        "CSS*: every script and stylesheet under `latih/` that the page links from its HTML (or Lighthouse "
        "saw it request), the vendored libraries under `latih/vendor/` and the course data "
        "(`latih/course.js`) apart. *Theme*: mkdocs-material's own scripts and stylesheets.",
        "",
        "| page | HTML | HTML gz | Latih JS + CSS | Latih JS + CSS gz | vendored gz | course data gz "
        "| theme JS + CSS gz |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for kind, w in r.weights.items():
        own = w.own_total
        lines.append(
            f"| {kind} | {_kb(w.html.raw)} | {_kb(w.html.gz)} | {_kb(own.raw)} | {_kb(own.gz)} "
            f"| {_kb(getattr(w, 'vendored', Weight(0, 0)).gz)} | {_kb(w.data.gz)} | {_kb(w.theme.gz)} |"
        )
    files: dict[str, Weight] = {}
    for w in r.weights.values():
        files.update(w.own)
    lines += ["", "Latih's files, KB raw / gzipped:", ""]
    lines += [f"- `{path}`: {_kb(w.raw)} / {_kb(w.gz)}" for path, w in sorted(files.items())]
    kinds = getattr(r, "kind_weights", {})
    if kinds:
        lines += [
            "",
            "### Latih's own script and style per page kind, as the page opens",
            "",
            "`bench/weight.py`: each page opened in Chromium from the built site (file://, nothing stored), "
            "every file under `latih/` it fetched counted, linked or fetched by its scripts; vendored "
            "libraries (`latih/vendor/`) and the course data apart. *Fetched after opening*: what a page "
            "fetches once it has loaded and the browser is idle, for use later (a graded quiz's results "
            "view and results code; the certificate's code and the restore of a code typed in): fetched, "
            "so there when the connection drops, but not part of its opening weight.",
            "",
            table(kinds),
        ]
        errors = [f"- {kind}: {e}" for kind, w in kinds.items() for e in w.errors]
        if errors:
            lines += ["", "Errors the pages logged as they opened:", "", *errors]
    return "\n".join(lines)


def _lighthouse(r: Results) -> str:
    if not r.lighthouse_version:
        return ""
    lines = [
        "## Lighthouse (flagship course, mobile)",
        "",
        f"Lighthouse {r.lighthouse_version} from the npm registry, Debian's Chromium headless, default "
        "(simulated) mobile throttling. The site is served on 127.0.0.1 twice: by `python -m http.server`, "
        "which sends every file uncompressed, and by `bench/gzip_server.py`, the same server with gzip for "
        "text files, as GitHub Pages, Netlify, nginx or Apache serve a static site. Scores move by several "
        "points from run to run on a busy machine: with gzip each page is audited three times and the run "
        "with the median performance score is shown (all three scores in brackets).",
    ]
    if not r.lighthouse:
        return "\n".join(lines)
    lines += [
        "",
        "| served by | page | performance | accessibility | best practices | FCP | LCP | TBT | CLS "
        "| transferred |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for server, reports in r.lighthouse.items():
        for kind, rep in reports.items():
            if rep.error:
                lines.append(f"| {server} | {kind} | failed: {rep.error[:200]} | | | | | | | |")
                continue
            m, s = rep.metrics, rep.scores
            runs = rep.performance_runs
            performance = f"{s['performance']}" + (
                f" (runs: {', '.join(map(str, runs))})" if len(runs) > 1 else ""
            )
            lines.append(
                f"| {server} | {kind} | {performance} | {s['accessibility']} | {s['best-practices']} "
                f"| {m.get('first-contentful-paint', '')} | {m.get('largest-contentful-paint', '')} "
                f"| {m.get('total-blocking-time', '')} | {m.get('cumulative-layout-shift', '')} "
                f"| {rep.transfer_kb:.0f} KB |"
            )
    below = []
    for server, reports in r.lighthouse.items():
        for kind, rep in reports.items():
            for category, target in TARGET_LIGHTHOUSE.items():
                if rep.error or rep.scores[category] >= target:
                    continue
                audits = "; ".join(
                    f"{a.title} (score {a.score:.2f}{', ' + a.display if a.display else ''})"
                    for a in rep.lost[category][:5]
                )
                if category == "performance" and rep.opportunities:
                    audits += "; Lighthouse's opportunities: " + "; ".join(
                        f"{a.title} ({a.display})" for a in rep.opportunities[:4]
                    )
                below.append(f"- {server}, {kind}, {category} {rep.scores[category]} < {target}: {audits}")
    if below:
        lines += ["", "Audits that cost points where a category is below its target:", "", *below]
    return "\n".join(lines)


def _cost(kinds: dict[str, KindCost], kind: str) -> float:
    c = kinds.get(kind)
    return c.markdown_cpu + c.theme_cpu if c else 0.0


def _kinds(r: Results) -> str:
    if not r.kinds:
        return ""
    lines = [
        f"## Where the build time goes ({r.profile_questions:,} questions, in process, CPU seconds)",
        "",
        "Each page's two halves, by page kind. *Markdown*: reading the page and converting it to HTML, "
        "with the page_content hooks (where Latih conceals the answer keys). *Theme*: the page template "
        "(with the whole navigation), the page_context hooks (search index) and writing the file.",
        "",
        "| build | page kind | pages | Markdown KB / page | Markdown ms / page | theme ms / page | total s |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for build, (total, kinds) in r.kinds.items():
        for kind, c in sorted(kinds.items()):
            lines.append(
                f"| {build} | {kind} | {c.pages} | {c.markdown_kb / c.pages:.1f} "
                f"| {c.markdown_cpu / c.pages * 1000:.1f} | {c.theme_cpu / c.pages * 1000:.1f} "
                f"| {_cost(kinds, kind):.2f} |"
            )
        rest = total - sum(_cost(kinds, k) for k in kinds)
        lines.append(
            f"| {build} | everything else: config, plugins' setup, navigation, files | | | | | {rest:.2f} |"
        )
        lines.append(f"| {build} | **total** | | | | | **{total:.2f}** |")
    lines += ["", *_decomposition(r)]
    return "\n".join(lines)


def _decomposition(r: Results) -> list[str]:
    if set(r.kinds) != {"plain mkdocs", "latih"}:
        return []
    base_total, base = r.kinds["plain mkdocs"]
    latih_total, latih = r.kinds["latih"]
    extra = latih_total - base_total
    rows = [
        ("facilitator pages (Latih only)", _cost(latih, "facilitator")),
        ("quiz pages: Latih's against the plain ones", _cost(latih, "quiz") - _cost(base, "quiz")),
        ("lesson pages", _cost(latih, "lesson") - _cost(base, "lesson")),
        (
            "other pages (home; Latih's certificate, declaration, roster, references)",
            _cost(latih, "other") - _cost(base, "other"),
        ),
    ]
    base_rest = base_total - sum(_cost(base, k) for k in base)
    latih_rest = latih_total - sum(_cost(latih, k) for k in latih)
    rows.append(
        ("everything else (Latih: reading the YAML, page Markdown, course data)", latih_rest - base_rest)
    )
    lines = [
        f"Latih's extra time over plain MkDocs here: {extra:.2f} s "
        f"({latih_total / base_total:.2f}× in process). "
        "It splits as:",
        "",
        "| part | extra CPU s | share |",
        "| --- | --- | --- |",
    ]
    lines += [f"| {name} | {seconds:.2f} | {seconds / extra:.0%} |" for name, seconds in rows]
    without = (latih_total - _cost(latih, "facilitator")) / base_total
    lines += ["", f"Without the facilitator pages the in-process ratio would be {without:.2f}×."]
    return lines


def _profiles(r: Results) -> str:
    lines: list[str] = []
    if r.build_profile:
        lines += [
            f"## Profile: `latih build` at {r.profile_questions:,} questions (cProfile, in process)",
            "",
            "Cumulative seconds per phase (inflated by the profiler; phases overlap):",
            "",
            *[f"- {name}: {seconds:.2f}" for name, seconds in r.build_phases.items()],
            "",
            "Top entries by cumulative time:",
            "",
            "```",
            r.build_profile,
            "```",
        ]
    if r.check_profile:
        largest = r.scales[-1].questions
        own = {k: v for k, v in r.check_phases.items() if "Latih" in k or "total" in k}
        lines += [
            "",
            f"## Profile: `latih check` at {largest:,} questions (cProfile, in process, imports done)",
            "",
            *[f"- {name}: {seconds:.2f}" for name, seconds in own.items()],
            "",
            "```",
            r.check_profile,
            "```",
        ]
    return "\n".join(lines)
