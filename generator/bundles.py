"""The browser's side of a site: Latih's scripts and stylesheets, joined and minified per page kind.

Every page loads `latih/latih.js` and `latih/latih.css`; a page loads the other bundles only when
it shows what they drive (quizzes, the certificate and declaration, the facilitator's room), so a
lesson on a phone downloads a few kilobytes, not the whole runtime. Classic scripts, not ES
modules: Chromium refuses module scripts on file:// pages. Order inside a bundle matters: storage
before the SCORM adapter (which restores progress into it) before anything that reads progress.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import rcssmin
import rjsmin

ASSETS = Path(__file__).parent / "assets"

# Bundle name -> its sources under assets/, in the order they run; served as latih/<name>.js
SCRIPTS: dict[str, tuple[str, ...]] = {
    "latih": ("js/storage.js", "js/ui.js", "js/progress.js"),
    "quiz": ("js/quiz.js",),
    "practice": ("js/scoring.js", "js/explain.js", "js/practice.js"),  # checking: practice pages link it
    # A graded attempt's scoring and results: fetched at idle once its page opened, or on submit
    "results-view": ("js/scoring.js", "js/explain.js", "js/results-view.js"),
    # A pretest, posttest or exam: the quiz runtime and its "12/20 answered" bar, one file
    "graded": ("js/quiz.js", "js/answered.js"),
    "details": ("js/details.js",),  # the details card and form: home page, graded quizzes, documents
    "codes": ("js/results.js", "js/codes.js"),  # a finished attempt's results code and its QR codes
    "documents": ("js/sheets.js", "js/documents.js"),  # the certificate and declaration
    "restore": ("js/scoring.js", "js/results.js", "js/restore.js"),  # at idle on documents, or when typed
    "roster": ("js/sheets.js", "js/roster.js"),
    "progress": ("js/progress-view.js",),  # where a page shows the participant's progress
    "present": ("js/present.js",),
    "credential": ("js/credential.js",),
    "decision": ("js/decision.js",),
    # Vendored libraries, each a file of its own: pages report them apart from Latih's own (bench/)
    "vendor/lean-qr/lean-qr": ("vendor/lean-qr/lean-qr.js",),  # fetched by codes.js when it draws
    "vendor/noble/noble-ed25519": ("vendor/noble/noble-ed25519.js",),
}
# Where a build's site runs (the plugin's `target`), and the bundles that differ there from the
# ones above, by name. "scorm", inside an LMS's SCORM package: every page restores progress from
# the LMS before reading it (the adapter in the core, right after storage), and the launch page
# (scorm.html, written by `latih package --scorm`) opens the session
TARGETS: dict[str, dict[str, tuple[str, ...]]] = {
    "web": {},
    "scorm": {
        "latih": ("js/storage.js", "js/scorm.js", "js/ui.js", "js/progress.js"),
        "scorm": ("js/storage.js", "js/scorm.js"),
    },
}
STYLES = ("latih", "details", "codes", "documents", "present", "decision", "verification")  # latih/<name>.css
# What a page of each kind links beyond latih.js and latih.css: (scripts, stylesheets)
PAGE_KINDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "lesson": ((), ()),
    "quiz": (("quiz", "practice"), ()),
    # A pretest, posttest or exam, with its details card; it fetches its results view and "codes"
    # (with the QR library) at idle once opened (ui.js), or when it has a result to show
    "graded": (("graded", "details"), ("details",)),
    # The certificate and declaration fetch "codes" and "restore" at idle once opened, or on use
    "document": (("details", "documents"), ("details", "documents")),
    "roster": (("details", "roster"), ("details", "documents")),
    "facilitator": (("present",), ("present",)),
    "verification": (("vendor/noble/noble-ed25519", "credential"), ("verification",)),
    "decision": (("decision",), ("decision",)),
}
LICENCES = (
    "vendor/iframe-worker/LICENSE",
    "vendor/lean-qr/LICENSE",
    "vendor/noble/LICENSE-ed25519",
    "vendor/noble/LICENSE-hashes",
)


@cache
def script(sources: tuple[str, ...]) -> str:
    """The sources, minified and joined; licence comments (/*! ... */) are kept."""
    parts = [rjsmin.jsmin((ASSETS / name).read_text("utf-8"), keep_bang_comments=True) for name in sources]
    return "".join(part.strip().rstrip(";") + ";\n" for part in parts)


@cache
def style(name: str) -> str:
    return rcssmin.cssmin((ASSETS / f"{name}.css").read_text("utf-8"), keep_bang_comments=True) + "\n"


def scripts(target: str = "web") -> dict[str, tuple[str, ...]]:
    """The script bundles of a site built for `target` (`TARGETS`), by name."""
    return {**SCRIPTS, **TARGETS[target]}


def site_assets(target: str = "web") -> dict[str, str]:
    """Every bundle a site built for `target` holds, by its path in the site."""
    files = {f"latih/{name}.js": script(sources) for name, sources in scripts(target).items()}
    files.update({f"latih/{name}.css": style(name) for name in STYLES})
    return files
