"""`latih package`: the zip works wherever it is unzipped, and the SCORM 1.2 package reports to a
real SCORM 1.2 runtime (scorm-again, tests/vendor/scorm-again) playing the LMS in a harness page.

The harness and the package are served over http from one origin, as an LMS serves them: the
content reaches the LMS's API through the frames around it, which file:// does not allow.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

import pytest

from generator.cli import main
from generator.tools.package import zip_site
from tests.conftest import static_server
from tests.test_offline import (
    COURSE,
    Tab,
    all_quizzes,
    certificate_quiz,
    course_yaml,
    key,
    search,
    search_word,
    shown,
    site_pages,
    take_quiz,
)

SCORM_AGAIN = Path(__file__).parent / "vendor" / "scorm-again" / "scorm12.min.js"
CP = "{http://www.imsproject.org/xsd/imscp_rootv1p1p2}"
ADLCP = "{http://www.adlnet.org/xsd/adlcp_rootv1p2}"
SUSPEND_LIMIT = 4096  # SCORM 1.2: cmi.suspend_data is a CMIString4096
NOTE = {"id": "BACA-SAYA.txt", "en": "README.txt"}

# A SCORM 1.2 LMS: scorm-again's runtime, started with what the LMS remembers of this learner
# (?cmi=JSON), logging every call the content makes. The course runs in a frame, as in most LMSs.
HARNESS = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>LMS harness</title>
<link rel="icon" href="data:,">
<style>
  body { margin: 0; font: 14px sans-serif; }
  header { height: 28px; line-height: 28px; padding: 0 12px; background: #263238; color: #fff; }
  iframe { display: block; width: 100%; height: calc(100vh - 28px); border: 0; }
</style>
<script src="scorm12.min.js"></script>
<script>
  window.API = new Scorm12API({ autocommit: false, logLevel: 4 });
  window.calls = [];
  API.on("LMSInitialize", () => calls.push(["LMSInitialize"]));
  API.on("LMSSetValue.cmi.*", (element, value) => calls.push([element, value]));
  API.on("LMSCommit", () => calls.push(["LMSCommit"]));
  API.on("LMSFinish", () => calls.push(["LMSFinish"]));
  API.loadFromJSON(JSON.parse(new URLSearchParams(location.search).get("cmi") || "{}"));
</script></head>
<body><header>LMS harness: SCORM 1.2 runtime scorm-again</header>
<iframe id="sco" src="package/scorm.html" title="Course"></iframe></body></html>
"""

# A course far larger than any real one, for the size of cmi.suspend_data: 200 lessons, 200 quizzes
SYNTHETIC = """<!doctype html>
<html><head><meta charset="utf-8"><title>200 quizzes</title>
<script>
  const bank = Array.from({ length: 60 }, (_, j) => "pertanyaan-yang-cukup-panjang-nomor-" + j);
  window.LatihCourse = {
    id: "kursus-sangat-besar", version: "2026.1", language: "id", certificateQuiz: "kuis-199",
    lessons: Array.from({ length: 200 }, (_, i) => ({ id: "pelajaran-dengan-nama-panjang-" + i, url: "p" + i + ".html" })),
    quizzes: Array.from({ length: 200 }, (_, i) => ({ id: "kuis-" + i, kind: i % 2 ? "exam" : "practice", passMark: 80,
      url: "kuis-" + i + ".html", bank, fingerprint: "f" + i })),
  };
</script>
<script src="package/latih/scorm.js"></script>
</head><body></body></html>
"""


# ---- packages, built through the command line


@pytest.fixture(scope="module")
def zip_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`latih package --zip` in a folder: the zip is named after the course id and version."""
    folder = tmp_path_factory.mktemp("zip")
    done = subprocess.run(
        [sys.executable, "-m", "generator", "-f", str(COURSE / "mkdocs.yml"), "package", "--zip"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    course = course_yaml(COURSE)
    return folder / f"{course['id']}-{course['version']}.zip"


@pytest.fixture(scope="module")
def scorm_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("scorm") / "paket scorm.zip"
    assert main(["-f", str(COURSE / "mkdocs.yml"), "package", "--scorm", "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def unzipped(zip_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Anywhere: a folder name with spaces and letters beyond ASCII, as on a participant's USB stick
    folder = tmp_path_factory.mktemp("usb") / "Flashdisk Pelatihan é"
    with zipfile.ZipFile(zip_file) as archive:
        archive.extractall(folder)
    return folder


@pytest.fixture
def usb_tab(browser: Any, unzipped: Path) -> Iterator[Tab]:
    context = browser.new_context()
    yield Tab(context, unzipped.as_uri() + "/")
    context.close()


# ---- the zip


def test_zip_holds_the_site_and_a_note_at_its_root(zip_file: Path, flagship_site: Path) -> None:
    with zipfile.ZipFile(zip_file) as archive:
        names = archive.namelist()
        note = NOTE[course_yaml(COURSE).get("language", "id")]
        text = archive.read(note).decode("utf-8-sig")
    assert names[0] == note
    assert "index.html" in names
    assert all("\\" not in n and not n.startswith("/") and ".." not in n.split("/") for n in names)
    assert sorted(names[1:]) == names[1:]
    assert {n for n in names if n.endswith(".html")} == {
        p.relative_to(flagship_site).as_posix() for p in flagship_site.rglob("*.html")
    }
    assert "index.html" in text and course_yaml(COURSE)["title"] in text


def test_the_same_site_packs_into_the_same_bytes(flagship_site: Path, tmp_path: Path) -> None:
    site = shutil.copytree(flagship_site, tmp_path / "site")
    zip_site(site, tmp_path / "a.zip", "buka index.html")
    for path in site.rglob("*"):  # a later build: the same files, newer times
        os.utime(path, (path.stat().st_atime, path.stat().st_mtime + 3600))
    zip_site(site, tmp_path / "b.zip", "buka index.html")
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()


def test_unzipped_site_loads_every_page_without_outside_requests_or_errors(
    unzipped: Path, usb_tab: Tab
) -> None:
    for page in site_pages(unzipped):
        usb_tab.open(page).wait_for_load_state("load")
    assert usb_tab.outside() == []
    assert usb_tab.errors == []


def test_unzipped_site_searches_offline(usb_tab: Tab) -> None:
    assert search(usb_tab.open(), search_word(COURSE)) > 0
    assert usb_tab.outside() == []
    assert usb_tab.errors == []


def test_unzipped_site_keeps_a_finished_exam_across_a_reload(usb_tab: Tab) -> None:
    quiz = certificate_quiz(COURSE)
    page = usb_tab.open(f"{quiz}.html")
    take_quiz(page, COURSE, quiz)
    page.reload()
    page.wait_for_selector(".latih-results:not([hidden])")
    assert page.text_content(".latih-results .latih-percent") == "100%"
    assert usb_tab.outside() == []
    assert usb_tab.errors == []


# ---- the SCORM package: its manifest


def test_manifest_has_the_scorm_1_2_structure(scorm_zip: Path) -> None:
    with zipfile.ZipFile(scorm_zip) as archive:
        names = archive.namelist()
        root = ET.fromstring(archive.read("imsmanifest.xml"))
    assert names[0] == "imsmanifest.xml"
    assert root.tag == f"{CP}manifest" and root.get("identifier")
    assert root.findtext(f"{CP}metadata/{CP}schema") == "ADL SCORM"
    assert root.findtext(f"{CP}metadata/{CP}schemaversion") == "1.2"

    organizations = root.find(f"{CP}organizations")
    (organization,) = organizations.findall(f"{CP}organization")
    assert organizations.get("default") == organization.get("identifier")
    assert organization.findtext(f"{CP}title") == course_yaml(COURSE)["title"]
    (item,) = organization.findall(f"{CP}item")
    (resource,) = root.findall(f"{CP}resources/{CP}resource")
    assert item.get("identifierref") == resource.get("identifier")
    assert resource.get(f"{ADLCP}scormtype") == "sco"
    assert resource.get("type") == "webcontent"
    assert unquote(resource.get("href")) in names

    quiz = next(q for q in all_quizzes(COURSE) if q["id"] == certificate_quiz(COURSE))
    pass_mark = quiz.get("pass_mark", course_yaml(COURSE).get("pass_mark", 80))
    assert item.findtext(f"{ADLCP}masteryscore") == str(pass_mark)

    listed = [unquote(f.get("href")) for f in resource.findall(f"{CP}file")]
    assert len(listed) == len(set(listed))
    assert set(listed) == set(names) - {"imsmanifest.xml"}  # every file listed, every listed file there


# ---- the SCORM package in an LMS


@pytest.fixture(scope="module")
def lms(scorm_zip: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The harness and the unzipped package on one http origin; the harness's URL."""
    served = tmp_path_factory.mktemp("lms")
    with zipfile.ZipFile(scorm_zip) as archive:
        archive.extractall(served / "package")
    shutil.copy(SCORM_AGAIN, served / "scorm12.min.js")
    (served / "harness.html").write_text(HARNESS, encoding="utf-8")
    (served / "synthetic.html").write_text(SYNTHETIC, encoding="utf-8")
    with static_server(served) as address:
        yield address


# The site's frame, inside the launch page's, has finished loading a page of the site
SITE_LOADED = """() => {
  const launch = document.getElementById("sco").contentDocument;
  const site = launch && launch.querySelector("iframe[data-latih-site]");
  const doc = site && site.contentDocument;
  return !!doc && doc.readyState === "complete" && doc.location.pathname.endsWith(".html");
}"""


class Launch:
    """One launch of the package by the LMS, in a browser context (one browser profile)."""

    def __init__(self, context: Any, lms: str, cmi: dict[str, Any] | None = None) -> None:
        self.lms = lms
        self.page = context.new_page()
        self.errors: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(f"{m.text} {m.location}"))
        self.page.on("pageerror", lambda e: self.errors.append(f"{e}\n{e.stack}"))
        self.page.goto(f"{lms}harness.html?cmi={quote(json.dumps(cmi or {}))}")
        self.page.wait_for_function("calls.some(c => c[0] === 'LMSInitialize')")
        self.page.wait_for_function(SITE_LOADED)

    @property
    def site(self) -> Any:
        """The frame that shows the site, inside the launch page, inside the harness."""
        launch = self.page.frame(url=re.compile(r"/package/scorm\.html$"))
        assert launch is not None
        return next(f for f in launch.child_frames if "/package/" in f.url)

    def open(self, page: str) -> Any:
        self.site.goto(f"{self.lms}package/{page}")
        return self.site

    def cmi(self, element: str) -> Any:
        """What the LMS recorded: its own JSON of the data model (write-only elements included)."""
        return self.page.evaluate(
            "path => path.split('.').reduce((o, k) => o[k], JSON.parse(JSON.stringify(API.cmi)))", element
        )

    def sent(self, element: str) -> list[str]:
        """Every value the content set for an element, in order."""
        return [c[1] for c in self.calls() if c[0] == f"cmi.{element}"]

    def calls(self) -> list[list[str]]:
        return self.page.evaluate("calls")

    def close(self) -> None:
        """The learner leaves: the LMS takes the course's frame away."""
        self.page.evaluate("document.getElementById('sco').remove()")
        self.page.wait_for_function("calls.some(c => c[0] === 'LMSFinish')")


@pytest.fixture(scope="module")
def passed_run(browser: Any, lms: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A learner opens a lesson, passes the certificate exam, and leaves."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    run = Launch(context, lms, {"core": {"student_id": "199001012020121001", "student_name": "Siti"}})
    lesson = json.loads(run.site.evaluate("JSON.stringify(LatihCourse.lessons[0])"))
    run.open(lesson["url"])
    quiz = certificate_quiz(COURSE)
    take_quiz(run.open(f"{quiz}.html"), COURSE, quiz)
    shot = tmp_path_factory.mktemp("screens") / "lms-passed.png"
    run.page.screenshot(path=str(shot))
    during = {"status": run.cmi("core.lesson_status"), "raw": run.cmi("core.score.raw")}
    run.close()
    result = {
        "during": during,
        "lesson": lesson["id"],
        "raw": run.cmi("core.score.raw"),
        "min": run.cmi("core.score.min"),
        "max": run.cmi("core.score.max"),
        "status": run.cmi("core.lesson_status"),
        "session_time": run.cmi("core.session_time"),
        "session_time_sent": run.sent("core.session_time"),
        "exit": run.cmi("core.exit"),
        "location": run.cmi("core.lesson_location"),
        "suspend_data": run.cmi("suspend_data"),
        "calls": run.calls(),
        "statuses": run.sent("core.lesson_status"),
        "errors": run.errors,
        "screenshot": shot,
    }
    context.close()
    return result


def test_passing_the_exam_reports_score_status_and_time(passed_run: dict[str, Any]) -> None:
    assert passed_run["errors"] == []
    assert passed_run["during"] == {"status": "passed", "raw": "100"}  # reported at once, not at the end
    assert (passed_run["raw"], passed_run["min"], passed_run["max"]) == ("100", "0", "100")
    assert passed_run["status"] == "passed"
    (sent,) = passed_run["session_time_sent"]  # once, at the end, as SCORM 1.2's HHHH:MM:SS.SS
    assert re.fullmatch(r"\d{4}:\d{2}:\d{2}\.\d{2}", sent) and sent != "0000:00:00.00"
    assert re.fullmatch(r"\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?", passed_run["session_time"])
    assert passed_run["exit"] == "suspend"
    assert passed_run["location"] == f"{certificate_quiz(COURSE)}.html"
    names = [c[0] for c in passed_run["calls"]]
    assert names[0] == "LMSInitialize" and names[-1] == "LMSFinish"
    assert names.count("LMSInitialize") == 1  # one session, however many pages were opened
    assert names[-2] == "LMSCommit"
    assert 0 < len(passed_run["suspend_data"]) <= SUSPEND_LIMIT
    assert passed_run["screenshot"].stat().st_size > 10_000


def test_failing_the_exam_reports_incomplete_never_failed(browser: Any, lms: str) -> None:
    context = browser.new_context()
    run = Launch(context, lms)
    quiz = certificate_quiz(COURSE)
    take_quiz(run.open(f"{quiz}.html"), COURSE, quiz, right=False)
    assert run.cmi("core.lesson_status") == "incomplete"
    assert run.cmi("core.score.raw") == "0"
    run.close()
    assert run.cmi("core.lesson_status") == "incomplete"
    assert "failed" not in run.sent("core.lesson_status")
    assert run.errors == []
    context.close()


def test_a_new_launch_restores_progress_from_suspend_data(
    browser: Any, lms: str, passed_run: dict[str, Any]
) -> None:
    # Another computer: nothing in this browser, only what the LMS kept
    context = browser.new_context()
    cmi = {
        "core": {
            "student_id": "199001012020121001",
            "lesson_status": "passed",
            "entry": "resume",
            "lesson_location": passed_run["location"],
        },
        "suspend_data": passed_run["suspend_data"],
    }
    run = Launch(context, lms, cmi)
    quiz = certificate_quiz(COURSE)
    site = run.site
    assert site.url.endswith(f"/package/{quiz}.html")  # back where the learner left
    site.wait_for_selector(".latih-results:not([hidden])")
    assert site.text_content(".latih-results .latih-percent") == "100%"
    site = run.open("index.html")
    site.wait_for_selector(".latih-progress-view")
    done = site.eval_on_selector_all(".latih-progress-list li.is-done a", "els => els.map(a => a.href)")
    assert any(href.endswith(f"/{passed_run['lesson']}.html") for href in done)
    assert any(href.endswith(f"/{quiz}.html") for href in done)
    site = run.open("sertifikat.html")
    site.wait_for_selector("[data-latih-document]:not([hidden])")
    # the results code survives too: the certificate prints its reference and QR code
    assert site.text_content("[data-field=reference]").strip()
    # Failing again now never takes the pass back
    take_quiz(run.open(f"{quiz}.html"), COURSE, quiz, right=False)
    run.close()
    assert run.cmi("core.lesson_status") == "passed"
    assert run.cmi("core.score.raw") == "100"
    assert run.errors == []
    context.close()


def test_another_learner_on_the_same_browser_starts_afresh(browser: Any, lms: str) -> None:
    context = browser.new_context()
    quiz = certificate_quiz(COURSE)
    first = Launch(context, lms, {"core": {"student_id": "learner-1"}})
    take_quiz(first.open(f"{quiz}.html"), COURSE, quiz)
    first.close()
    second = Launch(context, lms, {"core": {"student_id": "learner-2"}})
    site = second.open("sertifikat.html")
    site.wait_for_selector("[data-latih-locked]:not([hidden])")
    assert site.is_hidden("[data-latih-document]")
    second.close()
    assert second.cmi("core.lesson_status") == "incomplete"
    assert first.errors == second.errors == []
    context.close()


def test_suspend_data_fits_with_every_quiz_attempted(browser: Any, lms: str) -> None:
    context = browser.new_context()
    run = Launch(context, lms, {"core": {"student_id": "learner-3"}})
    quizzes = json.loads(run.site.evaluate("JSON.stringify(LatihCourse.quizzes)"))
    for quiz in quizzes:
        site = run.open(quiz["url"])
        # practice passes, the certificate exam passes, other graded quizzes score nothing
        right = quiz["kind"] == "practice" or quiz["id"] == certificate_quiz(COURSE)
        take_quiz(site, COURSE, quiz["id"], right=right)
        # and leave a new attempt half done, the largest record there can be (a pretest is taken once)
        if quiz["kind"] not in ("practice", "pretest"):
            site.click(".latih-results .latih-actions button")
            first = shown(site)[0]
            site.click(f"#soal-{first} label[data-option={key(COURSE, quiz['id'])[first][0][0]}]")
    site = run.open("sertifikat.html")
    site.fill("[data-latih-details] [name=name]", "Ni Luh Putu Ayu Kusumawardhani Prameswari")
    site.fill("[data-latih-details] [name=agency]", "Badan Pengawas Pemilihan Umum Kabupaten Gianyar")
    site.click("[data-latih-details] button[type=submit]")
    run.close()
    suspend = run.cmi("suspend_data")
    assert len(suspend) <= SUSPEND_LIMIT
    assert suspend.isascii()
    restored = json.loads(suspend)
    assert len(restored["q"]) == 2 * len(quizzes)
    assert "00" not in [restored["q"][i : i + 2] for i in range(0, len(restored["q"]), 2)]
    assert run.errors == []
    context.close()


def test_suspend_data_fits_a_course_of_200_quizzes(browser: Any, lms: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{lms}synthetic.html")
    result = page.evaluate(
        """() => {
      const C = LatihCourse, now = Date.UTC(2026, 0, 5);
      const attempt = (i) => ({ n: 3, started: now, ids: C.quizzes[i].bank.slice(0, 40),
        opts: Object.fromEntries(C.quizzes[i].bank.slice(0, 40).map((q) => [q, ["d", "c", "b", "a"]])),
        answers: Object.fromEntries(C.quizzes[i].bank.slice(0, 40).map((q) => [q, ["a", "c"]])) });
      const record = {
        lessons: Object.fromEntries(C.lessons.map((l) => [l.id, now])),
        participant: { name: "Ñoño Ærøskøbing 名前 ".repeat(8), nip: "199001012020121001",
          position: "Analis Kebijakan Ahli Muda ".repeat(4), agency: "Badan Pengawas Pemilihan Umum ".repeat(5) },
        quizzes: Object.fromEntries(C.quizzes.map((q, i) => [q.id, { best: 85, current: attempt(i),
          attempts: Array.from({ length: 20 }, (_, k) => ({ percent: 60 + k, passed: k > 15, at: now,
            earned: "33", possible: 40, ids: attempt(i).ids, answers: attempt(i).answers })) }])),
      };
      const text = Latih.scorm.encode(record);
      const back = Latih.scorm.decode(text);
      return { length: text.length, ascii: /^[\\x20-\\x7e]*$/.test(text), lessons: back.lessons.length,
        passed: Object.values(back.quizzes).filter((q) => q.passed && q.best === 85).length,
        certificate: back.certificate && back.certificate.ids.length,
        name: back.participant && back.participant.name === record.participant.name,
        inProgress: Object.keys(back.current).length, limit: Latih.scorm.LIMIT };
    }"""
    )
    context.close()
    assert result["length"] <= result["limit"] <= SUSPEND_LIMIT
    assert result["ascii"]
    assert result["lessons"] == 200
    assert result["passed"] == 200
    assert result["certificate"] == 40  # the certificate attempt with its 40 answers
    assert result["name"]


def test_the_launch_page_without_an_lms_shows_the_plain_site(browser: Any, lms: str) -> None:
    context = browser.new_context()
    tab = Tab(context, f"{lms}package/")
    page = tab.open("scorm.html")
    frame = page.frame_locator("iframe[data-latih-site]")
    frame.locator(".md-content").wait_for()
    assert page.evaluate("typeof window.LatihScorm") == "undefined"
    assert tab.errors == []
    assert tab.outside() == []
    context.close()


def test_packages_leave_out_graded_quizzes_facilitator_pages(scorm_zip: Path, zip_file: Path) -> None:
    """Participants, in an LMS or from a stick, get no page that shows a graded quiz's answers; the
    practice quizzes keep theirs. The facilitator's pages are `latih build --facilitator`'s."""
    graded = {f"fasilitator/{q}.html" for q in ("pra-tes", "pasca-tes", "ujian-akhir")}
    for package in (scorm_zip, zip_file):
        with zipfile.ZipFile(package) as archive:
            names = set(archive.namelist())
        assert not graded & names, package
        assert "fasilitator/cek-media-sosial.html" in names and "ujian-akhir.html" in names, package
        assert "panduan-fasilitator.html" not in names, package
