"""Latih's own script and style per page kind, with vendored libraries apart: what a page fetches
when it opens, seen by Chromium from the built site (file://, as a USB stick or unzipped folder
opens it), so scripts a page fetches itself (ui.js's Latih.load) count as well as those it links.

    python bench/weight.py SITE        # a built flagship site: a table per page kind

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

    @property
    def own_gz(self) -> int:
        return sum(gzipped for _raw, gzipped in self.own.values())

    @property
    def vendored_gz(self) -> int:
        return sum(gzipped for _raw, gzipped in self.vendored.values())


def flagship_pages(site: Path) -> dict[str, str]:
    """A page of each kind in the flagship's built site (generator/bundles.py PAGE_KINDS), by kind."""
    pages = {
        "home": "index.html",  # a lesson-kind page with the details card and the progress view
        "lesson": "media-sosial.html",
        "references": "referensi.html",
        "quiz (practice)": "cek-media-sosial.html",
        "quiz (graded)": "ujian-akhir.html",
        "facilitator": "fasilitator/cek-media-sosial.html",
        "certificate": "sertifikat.html",
        "declaration": "pernyataan.html",
        "roster": "fasilitator/cetak-pernyataan.html",
        "verification": "verifikasi.html",
        "decision aid": "boleh-atau-tidak.html",
    }
    return {kind: page for kind, page in pages.items() if (site / page).is_file()}


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
    """What `page` fetches when it opens in a fresh browser (nothing stored), and the errors it logs."""
    root = site.resolve().as_uri() + "/"
    requested: set[str] = set()
    errors: list[str] = []
    context = browser.new_context()
    tab = context.new_page()
    tab.on("request", lambda r: r.url.startswith(root) and requested.add(r.url[len(root) :].split("?")[0]))
    tab.on("console", lambda m: m.type == "error" and errors.append(m.text))
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.goto((site / page).resolve().as_uri(), wait_until="load")
    tab.wait_for_timeout(settle_ms)  # what the page's scripts fetch once it has loaded
    context.close()
    found = classify(site, page, requested)
    found.errors = errors
    return found


def weigh(site: Path, browser: Any = None) -> dict[str, KindWeight]:
    """Every page kind of a built flagship site, as it opens."""
    if browser is None:
        with chromium() as own_browser:
            return weigh(site, own_browser)
    return {kind: opened(browser, site, page) for kind, page in flagship_pages(site).items()}


def kb(n: int) -> str:
    return f"{n / 1024:.1f}"


def table(weights: dict[str, KindWeight]) -> str:
    lines = [
        f"| page kind | page | Latih's own JS + CSS gz (≤ {TARGET_OWN_KB:.0f} KB) | vendored gz "
        "| Latih's files |",
        "| --- | --- | --- | --- | --- |",
    ]
    for kind, w in weights.items():
        files = ", ".join(f"`{p.removeprefix('latih/')}` {kb(g)}" for p, (_r, g) in w.own.items())
        over = "" if w.own_gz <= TARGET_OWN_KB * 1024 else " **over**"
        lines.append(f"| {kind} | `{w.page}` | {kb(w.own_gz)}{over} | {kb(w.vendored_gz)} | {files} |")
    return "\n".join(lines)


if __name__ == "__main__":
    weights = weigh(Path(sys.argv[1]))
    print(table(weights))
    for kind, w in weights.items():
        for error in w.errors:
            print(f"{kind}: {error}")
