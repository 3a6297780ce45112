"""A 200-question exam: a results code of thousands of characters still shows, copies, prints as
numbered QR codes that `latih verify` reads back in any order, and no detail reaches an address."""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from PIL import Image

from generator.results import decode, find_codes, join_qr_parts, qr_texts, reference
from tests.conftest import STARTER, build_course

QUESTIONS = 200
NAME = "Prof. Dr. Ir. Raden Ajeng Kartika Nurhaliza Wulandari Puspitasari, S.H., M.Kn., M.Si."
NIP = "198501012010012001"


@pytest.fixture(scope="module")
def big_course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("big") / "course"
    shutil.copytree(STARTER, folder)
    course = yaml.safe_load((folder / "site_config" / "course.yml").read_text(encoding="utf-8"))
    course["outline"].append({"quiz": "ujian-besar"})
    course["certificate"] = {"quiz": "ujian-besar", "signatory": {"name": "Kepala Unit"}}
    course["declaration"] = {"title": "Pernyataan", "statements": ["Saya akan belajar."]}
    course["participant"] = {
        "number": {"label": "NIP", "pattern": "[0-9]{18}", "rule": "nip"},
        "position": {},
        "agency": {},
    }
    (folder / "site_config" / "course.yml").write_text(
        yaml.safe_dump(course, allow_unicode=True), encoding="utf-8"
    )
    questions = [
        {
            "id": f"soal-{i}",
            "type": "multiple",
            "topic": f"topik-{i % 7}",
            "prompt": f"Pernyataan mana yang benar untuk kasus {i}?",
            "options": [{"text": f"Pilihan {k} kasus {i}", "correct": k in (0, 2)} for k in range(5)],
        }
        for i in range(QUESTIONS)
    ]
    quiz = {
        "id": "ujian-besar",
        "title": "Ujian besar",
        "kind": "exam",
        "pass_mark": 0,
        "questions": questions,
    }
    (folder / "quizzes" / "ujian-besar.yml").write_text(
        yaml.safe_dump(quiz, allow_unicode=True), encoding="utf-8"
    )
    return folder


@pytest.fixture(scope="module")
def big_site(big_course: Path) -> Path:
    return build_course(big_course, big_course.parent / "site")


def take_exam(page, site: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto((site / "ujian-besar.html").as_uri())
    # Choose three options in every question: the longest answers a code can carry
    page.evaluate("""() => { for (const s of document.querySelectorAll('.latih-question')) {
      const inputs = s.querySelectorAll('input'); [0, 1, 3].forEach(i => inputs[i].click()); } }""")
    page.click(".latih-quiz-end .latih-actions button")
    page.wait_for_selector(".latih-results:not([hidden]) .latih-code-box")


def enlarge(png: Path, factor: int) -> None:
    """Scale a screenshot up without smoothing (each pixel a square), as a reader sees a sharp print."""
    with Image.open(png) as image:
        image.load()
    image.resize((image.width * factor, image.height * factor), Image.Resampling.NEAREST).save(png)


def test_a_long_code_is_split_and_joined_in_any_order() -> None:
    from generator.participant import Person
    from generator.results import ResultsCode, encode

    answers = tuple((i, ("a", "b", "d")) for i in range(QUESTIONS))
    code = encode(
        ResultsCode("c", "1", "q", "0123abcd", 1, Person(NAME, NIP, "x" * 150, "y" * 150), 0, answers)
    )
    assert len(code) > 3000
    parts = qr_texts(code)
    assert len(parts) == -(-(len(code) - 7) // 1000) and all(len(p) < 1100 for p in parts)
    shuffled = parts[:]
    random.Random(3).shuffle(shuffled)
    assert [decode(c) for c in find_codes("chat noise\n" + "\n".join(shuffled) + "\nthanks")] == [
        decode(code)
    ]
    assert reference(join_qr_parts(" ".join(shuffled))) == reference(code)
    # One part missing: the code is truncated, never another participant's
    with pytest.raises(Exception, match="truncated"):
        decode(join_qr_parts("\n".join(parts[1:])))


def test_200_question_exam_shows_its_code_and_reads_back_from_its_qr_codes(
    page, big_site: Path, big_course: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    take_exam(page, big_site)
    box = page.locator(".latih-code-box")
    box.locator("input[name=name]").fill(NAME)
    box.locator("input[name=nip]").fill(NIP)
    box.locator("input[name=position]").fill("Analis Kebijakan Ahli Madya " * 5)
    box.locator("button[type=submit]").click()
    code = page.inner_text(".latih-code-box code.latih-code")
    assert len(code) > 3391 and decode(code).participant.name == NAME  # past one QR code (40-M)
    assert page.locator(".latih-code-box button", has_text="Salin kode").is_visible()
    figures = page.locator(".latih-code-box .latih-qr svg")
    assert figures.count() == len(qr_texts(code)) > 1
    # Each QR code read by a reader, in reverse order, then given to `latih verify`
    read = []
    page.add_style_tag(content=".md-header { display: none !important; }")  # it would cover a screenshot
    for i in reversed(range(figures.count())):
        shot = tmp_path / f"qr-{i}.png"
        figures.nth(i).screenshot(path=str(shot))
        enlarge(shot, 4)
        out = subprocess.run(
            ["zbarimg", "--raw", "-q", str(shot)], capture_output=True, text=True, check=True
        ).stdout
        read.append(out.strip())
    assert [decode(c) for c in find_codes("\n".join(read))] == [decode(code)]
    scanned = tmp_path / "scanned.txt"
    scanned.write_text("\n".join(read) + "\n", encoding="utf-8")
    command = [sys.executable, "-m", "generator", "-f", str(big_course / "mkdocs.yml"), "verify"]
    command += ["--file", str(scanned), "--ref", reference(code)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert NAME in result.stdout and reference(code) in result.stdout
    assert "?" not in page.url and NIP not in page.url and errors == []


def test_200_question_certificate_saves_details_without_an_address(page, big_site: Path) -> None:  # type: ignore[no-untyped-def]
    take_exam(page, big_site)
    page.goto((big_site / "sertifikat.html").as_uri())
    form = page.locator("form[data-latih-details]")
    form.locator("input[name=name]").fill(NAME)
    form.locator("input[name=nip]").fill(NIP)
    form.locator("input[name=nip]").press("Enter")
    assert page.inner_text(".latih-details-saved") != ""
    assert page.url.endswith("sertifikat.html")
    assert (
        page.evaluate("JSON.parse(localStorage.getItem(Object.keys(localStorage)[0])).participant.nip") == NIP
    )
    assert page.locator(".latih-certificate").is_visible()
    assert page.locator('.latih-certificate [data-field="reference"]').inner_text() != ""


def test_details_never_reach_the_address_even_without_scripts(page, big_site: Path) -> None:  # type: ignore[no-untyped-def]
    page.route("**/latih/{details,documents}.js", lambda route: route.abort())
    page.goto((big_site / "sertifikat.html").as_uri())
    page.evaluate("document.querySelector('form[data-latih-details]').hidden = false")
    form = page.locator("form[data-latih-details]")
    form.locator("input[name=name]").fill(NAME)
    form.locator("input[name=nip]").fill(NIP)
    form.locator("button[type=submit]").click()
    form.locator("input[name=nip]").press("Enter")
    page.wait_for_timeout(300)
    assert page.url.endswith("sertifikat.html") and NIP not in page.url


@pytest.mark.parametrize("percent", [100, -5])
def test_a_certificate_unlocked_by_editing_storage_shows_no_score(page, big_site: Path, percent: int) -> None:  # type: ignore[no-untyped-def]
    page.goto((big_site / "sertifikat.html").as_uri())
    # One edit of the browser's storage: an attempt marked passed, with no answers behind it
    page.evaluate(
        """percent => { const key = Object.keys(localStorage).find(k => k.startsWith('latih:v1:'))
                 || 'latih:v1:' + LatihCourse.id + ':' + LatihCourse.version;
          localStorage.setItem(key, JSON.stringify({lessons: {}, participant: {name: 'Budi'},
            quizzes: {'ujian-besar': {attempts: [{passed: true, percent, at: Date.now()}]}}})); }""",
        percent,
    )
    page.reload()
    assert page.locator(".latih-certificate").is_visible()
    notice = page.locator("[data-latih-unbacked]")
    assert notice.is_visible() and "tidak didukung kode hasil" in notice.inner_text()
    text = page.inner_text(".latih-certificate")
    assert "nilai" not in text.lower() and str(percent) not in text
    assert page.locator(".latih-certificate-code").is_hidden()


def test_report_and_verify_join_the_parts_of_a_code_pasted_in_a_chat(
    big_course: Path, tmp_path: Path
) -> None:
    """Parts scanned from the certificate's QR codes and pasted in any order, among chat lines, are
    one participant's code for `latih report` and `latih verify --file` alike."""
    from generator.course.loader import Layout, load_course
    from generator.participant import Person
    from generator.results import ResultsCode, encode, fingerprint
    from generator.tools.report import collect, summarise
    from generator.tools.verify import verify_lines

    loaded = load_course(Layout.at(big_course))
    quiz = loaded.quizzes["ujian-besar"].model
    bank = fingerprint([q.id for q in quiz.questions])
    answers = tuple((i, ("a", "c")) for i in range(QUESTIONS))
    course = loaded.course.model  # type: ignore[union-attr]
    who = Person(NAME, NIP, "Analis", "Dinas")
    code = encode(ResultsCode(course.id, course.version, quiz.id, bank, 1_767_225_600, who, 100, answers))
    parts = qr_texts(code)
    assert len(parts) >= 3
    random.Random(7).shuffle(parts)
    pasted = tmp_path / "obrolan.txt"
    chat = "\n".join(f"[08:0{i}] Budi: {p}" for i, p in enumerate(parts))
    pasted.write_text(f"Selamat pagi\n{chat}\nterima kasih\n", encoding="utf-8")
    lines, status = verify_lines([], loaded, "id", [str(pasted)])
    assert status == 0, lines
    assert sum(1 for line in lines if line.startswith("Kode ")) == 1
    collected = collect(pasted.read_text(encoding="utf-8"), loaded)
    report, _ = summarise(collected, loaded)
    assert report.found == 1
