"""Each page links only the scripts and stylesheets it uses; the bundles are whole, minified, licensed.

The browser behaviour behind them (quizzes, certificates, presentation, SCORM) is tested in
test_runtime, test_documents, test_facilitator and test_package, against these same bundles.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.bundles import ASSETS, SCRIPTS, TARGETS, script, site_assets
from tests.conftest import COURSES

LINKED = re.compile(r'(?:src|href)="(?:\.\./)*(latih/[^"]+\.(?:js|css))"')


def linked(page: Path) -> set[str]:
    return set(LINKED.findall(page.read_text(encoding="utf-8"))) - {"latih/course.js"}


# The flagship uses the offline plugin: search's polyfill comes with every page, from the site itself
CORE = {"latih/latih.js", "latih/latih.css", "latih/vendor/iframe-worker/shim.js"}
DOCUMENT = {"latih/details.js", "latih/details.css", "latih/documents.js", "latih/documents.css"}


@pytest.mark.parametrize(
    ("page", "extra"),
    [
        ("index.html", set()),
        ("media-sosial.html", set()),  # a lesson
        ("glosarium.html", set()),  # a hand-written page
        ("cek-media-sosial.html", {"latih/quiz.js", "latih/practice.js"}),  # practice
        # graded: the quiz runtime with its answered bar, and its details card; its results view and
        # results code are fetched once the page has opened
        ("ujian-akhir.html", {"latih/graded.js", "latih/details.js", "latih/details.css"}),
        ("sertifikat.html", DOCUMENT),  # its results code is fetched once passed
        ("pernyataan.html", DOCUMENT),
        ("fasilitator/cetak-pernyataan.html", DOCUMENT - {"latih/documents.js"} | {"latih/roster.js"}),
        (
            "verifikasi.html",
            {"latih/vendor/noble/noble-ed25519.js", "latih/credential.js", "latih/verification.css"},
        ),
        ("fasilitator/cek-media-sosial.html", {"latih/present.js", "latih/present.css"}),
    ],
)
def test_a_page_links_what_it_uses(flagship_site: Path, page: str, extra: set[str]) -> None:
    assert linked(flagship_site / page) == CORE | extra


def test_every_linked_file_is_in_the_site(flagship_site: Path) -> None:
    for page in flagship_site.rglob("*.html"):
        if page.name == "404.html":
            continue
        for name in linked(page):
            assert (flagship_site / name).is_file(), (page, name)


def test_a_site_holds_the_bundles_and_no_loose_sources(flagship_site: Path) -> None:
    names = {p.relative_to(flagship_site).as_posix() for p in (flagship_site / "latih").rglob("*")}
    assert set(site_assets()) <= names
    assert not any(n.startswith("latih/js/") for n in names)
    assert "latih/scorm.js" not in names  # only a SCORM package carries the adapter
    assert "LatihScorm" not in (flagship_site / "latih" / "latih.js").read_text("utf-8")
    assert {"latih/vendor/lean-qr/LICENSE", "latih/vendor/iframe-worker/LICENSE"} <= names
    assert {"latih/vendor/lean-qr/lean-qr.js", "latih/vendor/noble/noble-ed25519.js"} <= names


def test_bundles_are_smaller_than_their_sources_and_keep_licences() -> None:
    for sources in (*SCRIPTS.values(), *TARGETS["scorm"].values()):
        raw = sum(len((ASSETS / s).read_text("utf-8")) for s in sources)
        assert len(script(sources)) < raw
    assert script(SCRIPTS["vendor/lean-qr/lean-qr"]).startswith("/*! lean-qr")
    assert script(SCRIPTS["vendor/noble/noble-ed25519"]).startswith("/*! @noble/ed25519")


PARSE = """source => { try { new Function(source); return null; } catch (e) { return `${e.name}: ${e.message}`; } }"""


@pytest.mark.parametrize("name", [*SCRIPTS, *(f"scorm:{n}" for n in TARGETS["scorm"])])
def test_every_bundle_parses(page, name: str) -> None:  # type: ignore[no-untyped-def]
    """Minifying must leave valid JavaScript: Chromium's V8 compiles each bundle without running it."""
    page.set_content("<!doctype html><title>t</title>")
    assert page.evaluate(PARSE, "var a = ;").startswith("SyntaxError")  # the check can fail
    kind, _, bundle = name.rpartition(":")
    sources = (TARGETS[kind] if kind else SCRIPTS)[bundle]
    assert page.evaluate(PARSE, script(sources)) is None


def test_the_search_dialog_has_an_accessible_name(flagship_site: Path) -> None:
    for page in ("index.html", "fasilitator/cek-media-sosial.html"):
        html = (flagship_site / page).read_text(encoding="utf-8")
        assert 'role="dialog" aria-label="Pencarian di situs ini"' in html, page


def test_a_site_built_for_scorm_holds_the_adapter_from_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The target is the plugin's option (LATIH_TARGET overrides it, as `latih package --scorm` sets
    it): the build itself writes the SCORM bundles; nothing swaps them afterwards."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    config = str(COURSES / "english" / "mkdocs.yml")
    monkeypatch.setenv("LATIH_TARGET", "scorm")
    build(load_config(config, site_dir=str(tmp_path / "site")))
    built = tmp_path / "site" / "latih"
    assert (built / "latih.js").read_text("utf-8") == site_assets("scorm")["latih/latih.js"]
    assert "LatihScorm" in (built / "latih.js").read_text("utf-8")
    assert (built / "scorm.js").read_text("utf-8") == site_assets("scorm")["latih/scorm.js"]
    monkeypatch.setenv("LATIH_TARGET", "lms")
    with pytest.raises(Abort):
        build(load_config(config, site_dir=str(tmp_path / "other")))
    assert "unknown target 'lms'; choose one of: web, scorm" in caplog.text
