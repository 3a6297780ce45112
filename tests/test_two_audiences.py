"""Two audiences, two outputs: no graded key anywhere in what participants get.

The participants' site of the flagship (plain `mkdocs build`, and the zip and SCORM packages
`latih package` writes) is read file by file, search index included, for the key of every graded
question, found from the course YAML: a correct option's text where none of its distractors is
after an answer word ("Kunci:", "Jawaban yang benar:"), a question id followed by an answer
word, an explanation's words. The facilitator's site (`latih build --facilitator`) holds them.
"""

from __future__ import annotations

import html
import json
import re
import zipfile
from pathlib import Path

import pytest

from generator.cli import main
from generator.course.loader import Layout, load_course
from generator.i18n import message, true_false, ui_strings
from generator.schema import Question
from tests.conftest import REPO, copy_flagship

LOADED = load_course(Layout.at(REPO))
assert LOADED.course is not None
COURSE = LOADED.course.model
UI = ui_strings(COURSE.language)
GRADED = [q.model for q in LOADED.quizzes.values() if q.model.graded]
LABELS = COURSE.true_false_labels or true_false(COURSE.language)
NEAR_KEY = 80  # characters after an answer word that name the answer
NEAR_ID = 1500  # characters after a question id within which a guide prints its key
KEY_WORDS = (
    "kunci:",
    "kunci jawaban",
    "jawaban yang benar:",
    "jawaban benar:",
    "answer key",
    "correct answer:",
    "key:",
)


def flat(text: str) -> str:
    """A file as a reader (or a search) meets it: no tags, entities decoded, one space."""
    text = re.sub(r"<[^>]+>", " ", text)
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


def options(q: Question) -> tuple[list[str], list[str]]:
    """(correct texts, distractor texts)."""
    texts = LABELS if q.type == "true_false" else [o.text for o in q.options or []]
    right = set(q.correct_ids())
    ids = q.option_ids()
    return [t for i, t in zip(ids, texts, strict=True) if i in right], [
        t for i, t in zip(ids, texts, strict=True) if i not in right
    ]


def plain(markdown: str) -> str:
    """The longest stretch of an author's Markdown that reaches a page as written."""
    return max(re.split(r"[*_`\[\]\n]", markdown.strip()), key=len).strip()


def leaks(name: str, text: str) -> list[str]:
    found = []
    flattened = flat(text)
    lower = flattened.lower()
    # Where a text names an answer: "Kunci: ...", "Jawaban yang benar: ..."
    answer_at = [m.end() for w in KEY_WORDS for m in re.finditer(re.escape(w), lower)]
    after_answer = " | ".join(lower[i : i + NEAR_KEY] for i in answer_at)
    for quiz in GRADED:
        for q in quiz.questions:
            right, _ = options(q)
            for key in right:
                if flat(key).lower() in after_answer:
                    found.append(f"{name}: a key of {quiz.id} › {q.id} after an answer word")
                    break
            for m in re.finditer(r"(?<![a-z0-9-])" + re.escape(q.id) + r"(?![a-z0-9-])", lower):
                if any(word in lower[m.end() : m.end() + NEAR_ID] for word in KEY_WORDS):
                    found.append(f"{name}: {quiz.id} › {q.id} named before an answer word")
            if q.explanation and len(plain(q.explanation)) >= 30 and flat(plain(q.explanation)) in flattened:
                found.append(f"{name}: explanation of {quiz.id} › {q.id}")
    return found


def scan(files: dict[str, str]) -> list[str]:
    found = []
    for name, text in files.items():
        if name.endswith(".json"):
            # The search index: each entry's text, as the search shows it
            data = json.loads(text)
            text = " \n ".join(
                f"{d.get('location')} {d.get('title')} {d.get('text')}" for d in data.get("docs", [])
            )
        found += leaks(name, text)
    return found


def text_files(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8", errors="replace")
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.suffix in (".html", ".js", ".json", ".xml", ".txt", ".css", ".md")
    }


def zip_text_files(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as archive:
        return {
            n: archive.read(n).decode("utf-8", errors="replace")
            for n in archive.namelist()
            if n.endswith((".html", ".js", ".json", ".xml", ".txt", ".css", ".md"))
        }


def test_the_scan_finds_a_key_where_one_is_written() -> None:
    """The scan that finds nothing in the participants' site does find a key written as a guide
    would write it, by text and by id (the flagship's guide itself discusses practice items only)."""
    quiz = next(q for q in GRADED if any(x.type == "single" for x in q.questions))
    q = next(x for x in quiz.questions if x.type == "single")
    right, _ = options(q)
    assert leaks(
        "guide", f"<p>Skenario `{q.id}`: ...</p><p><strong>Kunci:</strong> {html.escape(right[0])}</p>"
    )


def test_participants_site_holds_no_graded_key(flagship_site: Path) -> None:
    files = text_files(flagship_site)
    assert "search/search_index.json" in files and "ujian-akhir.html" in files
    assert scan(files) == []
    names = set(files)
    for quiz in GRADED:
        assert f"fasilitator/{quiz.id}.html" not in names
    assert "panduan-fasilitator.html" not in names
    index = json.loads(files["search/search_index.json"])
    assert not [
        d["location"] for d in index["docs"] if "fasilitator" in d["location"] or "panduan" in d["location"]
    ]


@pytest.mark.parametrize("kind", ["--zip", "--scorm"])
def test_packages_hold_no_graded_key(tmp_path: Path, kind: str) -> None:
    out = tmp_path / "paket.zip"
    assert main(["-f", str(REPO / "mkdocs.yml"), "package", kind, "--out", str(out)]) == 0
    files = zip_text_files(out)
    assert any(n.endswith("search_index.json") for n in files)
    assert scan(files) == []
    assert not [
        n
        for n in files
        if "panduan-fasilitator" in n or any(f"/{q.id}.html" in n and "fasilitator" in n for q in GRADED)
    ]


def test_facilitator_site_holds_every_quizs_page_and_the_guide(flagship_facilitator_site: Path) -> None:
    site = flagship_facilitator_site
    for quiz in LOADED.quizzes:
        assert (site / "fasilitator" / f"{quiz}.html").is_file(), quiz
    assert (site / "panduan-fasilitator.html").is_file()
    assert (site / "fasilitator" / "cetak-pernyataan.html").is_file()
    home = flat((site / "index.html").read_text(encoding="utf-8"))
    assert UI["facilitator_home_title"].format(title=COURSE.title) in home
    for quiz in LOADED.quizzes.values():
        assert quiz.model.title in home


def test_latih_build_facilitator_writes_its_own_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    course = copy_flagship(tmp_path / "kursus")
    assert main(["-f", str(course / "mkdocs.yml"), "build", "--facilitator"]) == 0
    assert (course / "site-fasilitator" / "fasilitator" / "ujian-akhir.html").is_file()
    assert not (course / "site").exists()
    assert UI["facilitator_home_title"].split(":")[0] in (
        course / "site-fasilitator" / "index.html"
    ).read_text("utf-8")
    # A folder Latih did not build is never replaced
    other = tmp_path / "mine"
    other.mkdir()
    (other / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["-f", str(course / "mkdocs.yml"), "build", "--facilitator", "--out", str(other)]) == 1
    assert (other / "notes.txt").read_text(encoding="utf-8") == "mine"


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_the_facilitators_site_never_replaces_the_participants_site(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    course = copy_flagship(tmp_path / "kursus")
    config = str(course / "mkdocs.yml")
    site = course / "site"
    assert main(["-f", config, "build"]) == 0
    before = tree(site)
    capsys.readouterr()
    # The folder the author publishes: the answer keys are never written into it
    assert main(["-f", config, "build", "--facilitator", "--out", str(site)]) == 1
    said = capsys.readouterr().err
    assert message(COURSE.language, "out_participants_site", folder=site) in said and "Traceback" not in said
    assert tree(site) == before
    # The other way round is allowed (the keys go away), and a facilitator's build replaces its own
    facilitator = tmp_path / "ruang"
    assert main(["-f", config, "build", "--facilitator", "--out", str(facilitator)]) == 0
    assert main(["-f", config, "build", "--facilitator", "--out", str(facilitator)]) == 0
    assert main(["-f", config, "build", "--out", str(facilitator)]) == 0
    assert not (facilitator / "fasilitator" / "ujian-akhir.html").exists()
