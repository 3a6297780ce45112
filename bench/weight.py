"""Latih's own script and style per page kind, with vendored libraries apart: what a page fetches
when it opens, seen by Chromium from the built site (file://, as a USB stick or unzipped folder
opens it), so scripts a page fetches itself (ui.js's Latih.load) count as well as those it links.
What a page fetches after opening (ui.js, once the page has loaded and the browser is idle: what
a graded quiz or a certificate will need once used) is weighed apart, in its own column: fetched,
but not part of the opening weight. The page marks when it starts (performance mark
"latih:prefetch"); every file whose tag was in the page before that mark counts as at open.

    python bench/weight.py SITE [COURSE]    # a built site and its course folder (default: here)

Used by bench/run.py for its page-weight table and target, and by tests/test_page_weight.py. No
import from the rest of the bench: the suite loads this file on its own.
"""

from __future__ import annotations

import gzip
import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TARGET_OWN_KB = 12.0  # Latih's own JS + CSS, gzipped, on every page kind (issue 30)
# Libraries Latih ships but did not write, each a file of its own under latih/vendor/ (generator/bundles.py)
VENDORED = (
    "latih/vendor/iframe-worker/shim.js",  # search without a server (the offline plugin's polyfill)
    "latih/vendor/lean-qr/lean-qr.js",  # QR codes of results codes
    "latih/vendor/noble/noble-ed25519.js",  # @noble/ed25519 and @noble/hashes: signed certificates
)
# The files a page holds (linked or added) when it starts fetching what it will need once used
AT_MARK = """(() => {
  const mark = performance.mark.bind(performance);
  performance.mark = (name, ...rest) => {
    if (name === "latih:prefetch" && !window.__latihOpened)
      window.__latihOpened = [...document.querySelectorAll("script[src], link[href]")]
        .map((e) => e.src || e.href);
    return mark(name, ...rest);
  };
})();"""
# The course's own data, not the runtime: its text, and the verification page's pinned keys
DATA = ("latih/course.js", "latih/credentials.js")


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


@dataclass
class KindWeight:
    page: str
    own: dict[str, tuple[int, int]] = field(default_factory=dict)  # site path -> (raw, gzipped)
    vendored: dict[str, tuple[int, int]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)  # console errors and uncaught exceptions
    # Latih's files (own and vendored) fetched after opening: at idle, what the page will need once used
    later: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def own_gz(self) -> int:
        return sum(gzipped for _raw, gzipped in self.own.values())

    @property
    def later_gz(self) -> int:
        return sum(gzipped for _raw, gzipped in self.later.values())

    @property
    def vendored_gz(self) -> int:
        return sum(gzipped for _raw, gzipped in self.vendored.values())


def flagship_pages(course: Path) -> dict[str, str]:
    """A page of each kind (generator/bundles.py PAGE_KINDS) in the site of `course`, by kind, as
    site paths: the first of each kind in the course's order."""
    from generator.course.loader import Layout, load_course
    from generator.i18n import page_names

    loaded = load_course(Layout.at(course))
    assert loaded.course is not None
    names = page_names(loaded.language)
    model = loaded.course.model
    order = [i for e in model.outline for i in [e.lesson, e.quiz, *(e.items or [])] if i]
    lessons = [i for i in order if i in loaded.lessons]
    quizzes = [i for i in order if i in loaded.quizzes]
    practice = [i for i in quizzes if loaded.quizzes[i].model.kind == "practice"]
    graded = [i for i in quizzes if loaded.quizzes[i].model.kind != "practice"]
    exam = model.certificate.quiz if model.certificate else graded[0] if graded else ""
    pages = {
        "home": "index.html",  # a lesson-kind page with the details card and the progress view
        "lesson": f"{lessons[0]}.html" if lessons else "",
        "references": f"{names.references}.html",
        "quiz (practice)": f"{practice[0]}.html" if practice else "",
        "quiz (graded)": f"{exam}.html" if exam else "",
        "facilitator": f"{names.facilitator}/{practice[0]}.html" if practice else "",
        "certificate": f"{names.certificate}.html",
        "declaration": f"{names.declaration}.html",
        "roster": f"{names.facilitator}/{names.roster}.html",
        "verification": f"{names.verification}.html",
        "decision aid": f"{next(iter(loaded.decisions))}.html" if loaded.decisions else "",
    }
    return {kind: page for kind, page in pages.items() if page}


def classify(site: Path, page: str, paths: set[str]) -> KindWeight:
    """The Latih files a page fetched, weighed: own or vendored (the course data and the theme apart)."""
    found = KindWeight(page)
    for path in sorted(paths):
        if not path.startswith("latih/") or not path.endswith((".js", ".css")) or path in DATA:
            continue
        data = (site / path).read_bytes()
        (found.vendored if path.startswith("latih/vendor/") else found.own)[path] = (len(data), gz(data))
    return found


@contextmanager
def chromium() -> Iterator[Any]:
    """Chromium as the test suite runs it: the system's (or LATIH_CHROMIUM), else Playwright's own."""
    from playwright.sync_api import sync_playwright

    path = os.environ.get("LATIH_CHROMIUM") or shutil.which("chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=["--no-sandbox", "--disable-quic"])
        try:
            yield browser
        finally:
            browser.close()


def opened(browser: Any, site: Path, page: str, settle_ms: int = 500) -> KindWeight:
    """What `page` fetches when it opens in a fresh browser (nothing stored), and the errors it logs;
    in `later`, what it fetches after opening, once idle."""
    root = site.resolve().as_uri() + "/"
    local = lambda url: url[len(root) :].split("?")[0] if url.startswith(root) else ""  # noqa: E731
    requested: set[str] = set()
    errors: list[str] = []
    context = browser.new_context()
    context.add_init_script(AT_MARK)
    tab = context.new_page()
    tab.on("request", lambda r: local(r.url) and requested.add(local(r.url)))
    tab.on("console", lambda m: m.type == "error" and errors.append(m.text))
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.goto((site / page).resolve().as_uri(), wait_until="load")
    tab.wait_for_timeout(settle_ms)  # what the page's scripts fetch once it has loaded
    marks = "name => performance.getEntriesByName(name).length > 0"
    if tab.evaluate(marks, "latih:prefetch"):  # then the fetching after opening, to its end
        tab.wait_for_function(f"({marks})('latih:prefetched')", timeout=10_000)
    at_open = tab.evaluate("window.__latihOpened || null")
    context.close()
    opening = requested if at_open is None else {p for p in requested if p in {local(u) for u in at_open}}
    found = classify(site, page, opening)
    later = classify(site, page, requested - opening)
    found.later = {**later.own, **later.vendored}
    found.errors = errors
    return found


def weigh(site: Path, pages: dict[str, str], browser: Any = None) -> dict[str, KindWeight]:
    """Each page of `pages` ({kind: site path}) that the site holds, as it opens."""
    if browser is None:
        with chromium() as own_browser:
            return weigh(site, pages, own_browser)
    return {kind: opened(browser, site, page) for kind, page in pages.items() if (site / page).is_file()}


def kb(n: int) -> str:
    return f"{n / 1024:.1f}"


def table(weights: dict[str, KindWeight]) -> str:
    lines = [
        f"| page kind | page | Latih's own JS + CSS gz (≤ {TARGET_OWN_KB:.0f} KB) | vendored gz "
        "| fetched after opening (gz) | Latih's files at open |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for kind, w in weights.items():
        files = ", ".join(f"`{p.removeprefix('latih/')}` {kb(g)}" for p, (_r, g) in w.own.items())
        over = "" if w.own_gz <= TARGET_OWN_KB * 1024 else " **over**"
        later = ", ".join(f"`{p.removeprefix('latih/')}` {kb(g)}" for p, (_r, g) in w.later.items())
        later = f"{kb(w.later_gz)}: {later}" if later else "–"
        row = [kind, f"`{w.page}`", kb(w.own_gz) + over, kb(w.vendored_gz), later, files]
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    site, course = Path(sys.argv[1]), Path(sys.argv[2] if len(sys.argv) > 2 else ".")
    weights = weigh(site, flagship_pages(course))
    print(table(weights))
    for kind, w in weights.items():
        for error in w.errors:
            print(f"{kind}: {error}")
