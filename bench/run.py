"""Latih against what a user would otherwise do, measured side by side in one run.

    python bench/run.py            # the full run (10, 100, 1,000 lessons), about 10 minutes on 2 cores
    python bench/run.py --quick    # small scales only: a smoke test of the whole pipeline

Writes bench/RESULTS.md (the full run) or bench/out/RESULTS-quick.md (--quick); working files go to
bench/out/ and Lighthouse is installed into bench/.node/ (both ignored by git). Every figure is a
ratio or a measurement of this run on this machine, never an assertion: compare runs, not numbers
from different machines.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import pickle
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))

import lighthouse
import peers
import synth
import weight as kind_weight
from measure import (
    REPO,
    Run,
    Weight,
    checked,
    free_port,
    import_cost,
    instrumented_build,
    page_assets,
    profile_build,
    profile_check,
    python,
    run,
    serve_rebuilds,
    server,
    weight,
)
from report import PageWeight, Plan, Results, Scale, report, verdicts

BENCH = Path(__file__).resolve().parent
OUT = BENCH / "out"

FULL = Plan({10: 3, 100: 3, 1000: 1}, check_reps=3, serve_lessons=100, serve_edits=3, profile_lessons=100)
QUICK = Plan({10: 3, 30: 1}, check_reps=1, serve_lessons=10, serve_edits=1, profile_lessons=10, import_reps=3)
# Latih beside the peers on the same questions: (questions, rounds)
PEERS_FULL, PEERS_QUICK = (1000, 5), (100, 1)


def say(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", flush=True)


def html_pages(site: Path) -> int:
    return sum(1 for p in site.rglob("*.html") if p.name != "404.html")


# Builds and checks


def measure_scales(plan: Plan) -> list[Scale]:
    results = []
    for lessons, reps in plan.scales.items():
        latih_dir, baseline_dir = OUT / f"latih-{lessons}", OUT / f"markdown-{lessons}"
        course = synth.write_latih(latih_dir, lessons)
        synth.write_markdown(baseline_dir, lessons)
        scale = Scale(lessons, course.question_count)
        say(f"{lessons} lessons, {scale.questions} questions: {reps} x (plain mkdocs build, latih build)")
        # Interleaved, so that whatever else the machine does falls on both alike
        for _ in range(reps):
            cmd = [python(), "-m", "mkdocs", "build", "-q", "-d", str(baseline_dir / "site")]
            scale.baseline.append(checked(run(cmd, baseline_dir), "mkdocs build"))
            cmd = [python(), "-m", "generator", "build", "--out", str(latih_dir / "site")]
            scale.latih.append(checked(run(cmd, latih_dir), "latih build"))
        scale.latih_pages = html_pages(latih_dir / "site")
        scale.baseline_pages = html_pages(baseline_dir / "site")
        for _ in range(plan.check_reps):
            scale.check.append(checked(run([python(), "-m", "generator", "check"], latih_dir), "latih check"))
        say(
            f"  mkdocs {scale.wall('baseline'):.1f} s, latih {scale.wall('latih'):.1f} s, "
            f"check {scale.wall('check'):.2f} s"
        )
        # The largest sites are big; keep the courses, not their output
        if lessons >= 1000:
            shutil.rmtree(latih_dir / "site", ignore_errors=True)
            shutil.rmtree(baseline_dir / "site", ignore_errors=True)
        results.append(scale)
    return results


# serve


def _first_prompt(path: Path) -> str:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip().startswith("prompt:"):
            return line.split("prompt:", 1)[1].strip()
    raise SystemExit(f"no prompt in {path}")


def measure_serve(plan: Plan) -> dict[str, list[float]]:
    lessons = plan.serve_lessons
    latih_dir, baseline_dir = OUT / f"latih-{lessons}", OUT / f"markdown-{lessons}"
    if not latih_dir.exists():
        synth.write_latih(latih_dir, lessons)
        synth.write_markdown(baseline_dir, lessons)
    quiz = "cek-0005" if lessons >= 5 else "cek-0001"
    prompt = _first_prompt(latih_dir / "quizzes" / f"{quiz}.yml")
    found: dict[str, list[float]] = {}
    for name, folder, edit, cmd in (
        (
            "latih",
            latih_dir,
            latih_dir / "quizzes" / f"{quiz}.yml",
            [python(), "-m", "generator", "serve", "-a"],
        ),
        (
            "mkdocs",
            baseline_dir,
            baseline_dir / "content" / f"{quiz}.md",
            [python(), "-m", "mkdocs", "serve", "-a"],
        ),
    ):
        port = free_port()
        url = f"http://127.0.0.1:{port}/{quiz}.html"
        say(f"serve: {name} on {lessons} lessons, {plan.serve_edits} edit(s) of {edit.name}")
        found[name] = serve_rebuilds(
            [*cmd, f"127.0.0.1:{port}"],
            folder,
            url,
            edit,
            prompt,
            plan.serve_edits,
            OUT / f"serve-{name}.log",
        )
        say(f"  {', '.join(f'{t:.1f}' for t in found[name])} s")
    return found


# The flagship: page weight and Lighthouse


def flagship_pages() -> dict[str, str]:
    """A page of each kind of the flagship course, as site paths (one list: bench/weight.py)."""
    return kind_weight.flagship_pages(REPO)


def build_flagship() -> tuple[Path, Run]:
    site = OUT / "flagship"
    say("flagship: latih build")
    result = checked(
        run([python(), "-m", "generator", "build", "--out", str(site)], REPO), "latih build (flagship)"
    )
    return site, result


def _site_path(page: str, url: str) -> str:
    url = url.split("?")[0].split("#")[0]
    return os.path.normpath(os.path.join(os.path.dirname(page), url)).replace(os.sep, "/")


def page_weights(site: Path, pages: dict[str, str], observed: dict[str, list[str]]) -> dict[str, PageWeight]:
    """HTML of each page, and every script and stylesheet it loads (linked, or seen by Lighthouse)."""
    found = {}
    for kind, page in pages.items():
        html = (site / page).read_text(encoding="utf-8")
        assets = {_site_path(page, url) for url in page_assets(html) if "://" not in url}
        assets |= set(observed.get(kind, []))
        own: dict[str, Weight] = {}
        data, theme, vendored = Weight(0, 0), Weight(0, 0), Weight(0, 0)
        for asset in sorted(assets):
            path = site / asset
            if not path.is_file() or not asset.endswith((".js", ".css")):
                continue
            if asset.startswith("latih/course"):
                data = data + weight(path)
            elif asset.startswith("latih/vendor/"):
                vendored = vendored + weight(path)
            elif asset.startswith("latih/"):
                own[asset] = weight(path)
            else:
                theme = theme + weight(path)
        found[kind] = PageWeight(weight(site / page), own, data, theme, vendored)
    return found


# The two ways the site is served to Lighthouse: as the issue asks, and as a real static host would
SERVERS = {
    "http.server": lambda port, site: [
        *(python(), "-m", "http.server", str(port)),
        *("--bind", "127.0.0.1", "--directory", str(site)),
    ],
    "gzip": lambda port, site: [python(), str(BENCH / "gzip_server.py"), str(port), str(site)],
}
# Lighthouse's scores move by several points from run to run on a busy machine: the median run of three
# where the verdict is close (one in a quick run); one run where compression alone decides it
LIGHTHOUSE_RUNS = {"http.server": 1, "gzip": 3}
LIGHTHOUSE_PAGES = ("home", "lesson", "quiz (practice)", "certificate")


def run_lighthouse(
    site: Path, pages: dict[str, str], quick: bool
) -> tuple[str, dict[str, dict[str, lighthouse.Report]]]:
    """Lighthouse on four pages, per way of serving them: {server: {page kind: median report}}."""
    say("lighthouse: npm install (once) ...")
    try:
        version = lighthouse.install()
    except Exception as exc:  # a missing npm or registry is reported, not fatal
        return f"not run: {exc}", {}
    found: dict[str, dict[str, lighthouse.Report]] = {}
    for name, command in SERVERS.items():
        port = free_port()
        base = f"http://127.0.0.1:{port}/"
        reports = found[name] = {}
        with server(command(port, site), REPO, base, OUT / f"{name}.log", ready_timeout=30):
            for kind in LIGHTHOUSE_PAGES:
                runs = []
                for n in range(1 if quick else LIGHTHOUSE_RUNS[name]):
                    report_file = OUT / f"lighthouse-{name}-{kind.split()[0]}-{n + 1}.json"
                    runs.append(lighthouse.audit(base + pages[kind], report_file))
                reports[kind] = lighthouse.median_run(runs)
                result = reports[kind].error or reports[kind].scores
                say(f"lighthouse ({name}, {len(runs)} run(s)): {kind} ({pages[kind]}): {result}")
    return version, found


def page_kind(src_uri: str) -> str:
    from generator.i18n import page_names

    if src_uri.startswith(page_names("id").facilitator + "/"):  # the synthetic courses are Indonesian
        return "facilitator"
    if src_uri.startswith("pelajaran-"):
        return "lesson"
    if src_uri.startswith("cek-") or src_uri in ("pra-tes.md", "ujian-akhir.md"):
        return "quiz"
    return "other"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="small scales only: a smoke test")
    parser.add_argument("--no-lighthouse", action="store_true", help="skip Lighthouse (no npm needed)")
    parser.add_argument("--output", metavar="FILE", help="where to write the results (default: see above)")
    parser.add_argument(
        "--report-only", action="store_true", help="write the results again from the last run's figures"
    )
    args = parser.parse_args(argv)
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    OUT.mkdir(parents=True, exist_ok=True)
    figures = OUT / ("figures-quick.pickle" if args.quick else "figures.pickle")
    if args.report_only:
        r = pickle.loads(figures.read_bytes())  # our own file, written by the run below
    else:
        r = measure(QUICK if args.quick else FULL, args.quick, lighthouse_too=not args.no_lighthouse)
        figures.write_bytes(pickle.dumps(r))
    target = (
        Path(args.output)
        if args.output
        else (OUT / "RESULTS-quick.md" if args.quick else BENCH / "RESULTS.md")
    )
    target.write_text(report(r), encoding="utf-8")
    say(f"wrote {target}; the run took {r.duration / 60:.1f} minutes")
    for name, measured, _where, met in verdicts(r):
        print(f"  {'met' if met else 'n/a' if met is None else 'MISSED'}: {name}: {measured}")
    return 0


def measure(plan: Plan, quick: bool, lighthouse_too: bool) -> Results:
    """Every measurement of one run."""
    started = time.perf_counter()
    r = Results(plan, quick, datetime.datetime.now(datetime.UTC), os.getloadavg())
    say(f"import of the plugin: {plan.import_reps} new interpreters")
    r.imports = import_cost(plan.import_reps, OUT)
    r.scales = measure_scales(plan)
    questions, rounds = PEERS_QUICK if quick else PEERS_FULL
    say(f"beside the peers: {questions} questions, {rounds} rounds of plain, latih, mkdocs-quiz, mkdocs-mcq")
    r.peers = peers.measure_peers(questions, rounds)
    r.serve = measure_serve(plan)

    site, r.flagship_build = build_flagship()
    pages = flagship_pages()
    if lighthouse_too:
        r.lighthouse_version, r.lighthouse = run_lighthouse(site, pages, quick)
    observed = {}
    if r.lighthouse:
        observed = {
            k: _observed_assets(OUT / f"lighthouse-gzip-{k.split()[0]}-1.json") for k in LIGHTHOUSE_PAGES
        }
    r.weights = page_weights(site, pages, observed)
    say("page weight per page kind: each page opened in Chromium (bench/weight.py)")
    try:
        r.kind_weights = kind_weight.weigh(site, pages)
    except Exception as exc:  # no Chromium or Playwright here: reported as not measured
        say(f"  not measured: {exc}")

    lessons = plan.profile_lessons
    say(f"where the time goes: in-process builds of {lessons} lessons, then cProfile")
    for name, folder in (("plain mkdocs", OUT / f"markdown-{lessons}"), ("latih", OUT / f"latih-{lessons}")):
        r.kinds[name] = instrumented_build(folder, OUT / "instrumented-site", page_kind)
    r.profile_questions = synth.make_course(lessons).question_count
    r.build_profile, r.build_phases = profile_build(OUT / f"latih-{lessons}", OUT / "profiled-site")
    largest = OUT / f"latih-{max(plan.scales)}"
    say(f"cProfile: latih check of {largest.name}")
    r.check_profile, r.check_phases = profile_check(largest)
    for leftover in ("instrumented-site", "profiled-site"):
        shutil.rmtree(OUT / leftover, ignore_errors=True)
    r.duration = time.perf_counter() - started
    r.load_after = os.getloadavg()
    return r


def _observed_assets(path: Path) -> list[str]:
    """Site paths of the scripts and stylesheets Lighthouse saw a page request."""
    if not path.exists():
        return []
    data = json.loads(path.read_text(encoding="utf-8"))
    items = data.get("audits", {}).get("network-requests", {}).get("details", {}).get("items", [])
    found = []
    for item in items:
        url = item.get("url", "")
        if url.startswith("http://127.0.0.1") and item.get("resourceType") in ("Script", "Stylesheet"):
            found.append(url.split("/", 3)[3].split("?")[0])
    return found


if __name__ == "__main__":
    raise SystemExit(main())
