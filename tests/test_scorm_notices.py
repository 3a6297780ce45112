"""A SCORM learner is told, once, when no LMS was found or when the LMS refuses to save; a
refusing LMS is asked a bounded number of times, not once per answer."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator

import pytest

from generator.cli import main
from tests.conftest import COURSES, static_server

# An LMS that opens the session but refuses every cmi.suspend_data, as one over its storage quota
REFUSING = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Refusing LMS</title><link rel="icon" href="data:,">
<script>
  window.calls = [];
  window.API = {
    last: "0",
    LMSInitialize: () => "true",
    LMSFinish: () => "true",
    LMSGetValue: () => "",
    LMSSetValue(key, value) {
      calls.push(key);
      if (key === "cmi.suspend_data") { this.last = "405"; return "false"; }
      this.last = "0";
      return "true";
    },
    LMSCommit: () => "true",
    LMSGetLastError() { calls.push("LMSGetLastError"); return this.last; },
    LMSGetErrorString: (code) => (code === "405" ? "Incorrect Data Type" : ""),
    LMSGetDiagnostic: () => "",
  };
</script></head>
<body><iframe id="sco" src="package/scorm.html" style="width:100%;height:90vh" title="Course"></iframe></body></html>
"""


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("scorm-notices")
    package = folder / "package.zip"
    assert (
        main(["-f", str(COURSES / "english" / "mkdocs.yml"), "package", "--scorm", "--out", str(package)])
        == 0
    )
    with zipfile.ZipFile(package) as archive:
        archive.extractall(folder / "package")
    (folder / "refusing.html").write_text(REFUSING, encoding="utf-8")
    with static_server(folder) as address:
        yield address


def test_a_refusing_lms_is_asked_a_bounded_number_of_times_and_the_learner_told_once(
    page, served: str
) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{served}refusing.html")
    launch = page.frame_locator("#sco")
    site = launch.frame_locator("iframe[data-latih-site]")
    site.locator(".md-content").wait_for()
    launch_frame = next(f for f in page.frames if f.url.endswith("/package/scorm.html"))
    site_frame = next(f for f in launch_frame.child_frames if "/package/" in f.url)
    site_frame.goto(f"{served}package/final-exam.html")
    # Every answer changes the progress, and every change would be sent to the LMS
    for _ in range(3):
        for label in site_frame.locator(".latih-question:not([hidden]) label.latih-option").all():
            label.click()
    calls = page.evaluate("calls")
    assert calls.count("cmi.suspend_data") == 3  # the bound, then no more
    assert "LMSGetLastError" in calls
    notice = launch.locator("[data-latih-scorm-notice]")
    assert notice.is_visible()
    assert notice.inner_text().count("405: Incorrect Data Type") == 1
    notice.locator("button").click()
    assert notice.is_hidden()


def test_without_an_lms_the_launch_page_says_so(page, served: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{served}package/scorm.html")
    page.frame_locator("iframe[data-latih-site]").locator(".md-content").wait_for()
    notice = page.locator("[data-latih-scorm-notice]")
    assert notice.is_visible() and "No LMS found" in notice.inner_text()
    assert page.locator("[data-latih-scorm-notice]").count() == 1
