"""Results codes, in Python and in the browser, against one shared file of test vectors.

Every vector runs through `generator/results.py` and through `assets/js/results.js` in a real
Chromium; random codes written by one language are read by the other; every single-character
typo of a long code is caught; codes survive the ways people paste them; the QR code reads back
with a real decoder; and the facilitator's re-scoring says what a code proves about a course.
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
import zlib
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.course.loader import Layout, LoadedCourse, load_course
from generator.participant import Person
from generator.results import (
    ALPHABET,
    WHITESPACE,
    CodeError,
    Payload,
    ResultsCode,
    decode,
    encode,
    find_codes,
    fingerprint,
    parse_payload,
    payload,
    read_payload,
    verify,
)
from generator.schema import Course, Quiz

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "generator" / "assets" / "js" / "results.js"
QR_LIBRARY = REPO / "generator" / "assets" / "vendor" / "lean-qr" / "lean-qr.js"
STARTER = REPO / "generator" / "starter" / "id" / "course"
VECTORS: dict[str, Any] = json.loads((Path(__file__).parent / "vectors" / "results.json").read_text("utf-8"))
VALID: list[dict[str, Any]] = VECTORS["valid"]
INVALID: list[dict[str, Any]] = VECTORS["invalid"]
DETECTED = {"checksum", "malformed", "truncated"}
FORTY = next(v for v in VALID if v["name"] == "40-question attempt")


def from_fields(fields: dict[str, Any]) -> ResultsCode:
    """A vector's `fields` (the shape the browser's encode takes) as a ResultsCode."""
    p = fields["participant"]
    return ResultsCode(
        course_id=fields["courseId"],
        course_version=fields["courseVersion"],
        quiz_id=fields["quizId"],
        fingerprint=fields["fingerprint"],
        finished_at=fields["finishedAt"],
        participant=Person(p["name"], p["nip"], p["position"], p["agency"]),
        displayed_percent=fields["displayedPercent"],
        answers=tuple((index, tuple(ids)) for index, ids in fields["answers"]),
    )


def to_fields(code: ResultsCode) -> dict[str, Any]:
    p = code.participant
    return {
        "courseId": code.course_id,
        "courseVersion": code.course_version,
        "quizId": code.quiz_id,
        "fingerprint": code.fingerprint,
        "finishedAt": code.finished_at,
        "participant": {"name": p.name, "nip": p.nip, "position": p.position, "agency": p.agency},
        "displayedPercent": code.displayed_percent,
        "answers": [[index, list(ids)] for index, ids in code.answers],
    }


def reason_of(text: str) -> str | None:
    """Why Python cannot read a text, or None when it can."""
    try:
        decode(text)
    except CodeError as error:
        return error.reason
    return None


def load_script(page: Any, qr: bool = False) -> Any:
    page.set_content("<!doctype html><title>t</title>")
    if qr:
        page.add_script_tag(path=str(QR_LIBRARY))
    page.add_script_tag(path=str(SCRIPT))
    return page


# Runs in the page: every text decoded, as fields or as the reason it failed. An error without a
# reason is a bug in results.js, not a verdict, so it is reported as such.
JS_DECODE_ALL = """(texts) => texts.map((t) => {
  try { return {fields: Latih.results.decode(t)}; }
  catch (e) { return {reason: e.reason || ("BUG: " + e)}; }
})"""


# The vector file


def test_vector_file_covers_what_it_promises() -> None:
    names = [v["name"] for v in VALID + INVALID]
    assert len(names) == len(set(names))
    assert len(VALID) >= 12
    assert {v["reason"] for v in INVALID} == {"not_a_code", "truncated", "checksum", "malformed", "version"}
    assert len(FORTY["fields"]["answers"]) == 40


def test_two_vectors_decode_by_hand_with_an_independent_base32() -> None:
    # Crockford's alphabet maps symbol for symbol onto RFC 4648's, so the standard library's base32
    # decoder reads the codes without any of generator/results.py.
    to_rfc = str.maketrans(ALPHABET, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")

    def raw(code: str) -> bytes:
        symbols = code.removeprefix("LATIH1-").replace("-", "").translate(to_rfc)
        return base64.b32decode(symbols + "=" * (-len(symbols) % 8))

    # "minimal": length 67 = 0x0043, so the bytes start 00 43 31 ("1"); in bits 00000 00001 00001
    # 10011 ..., which is 0 1 1 K: the code starts LATIH1-011K. zlib.crc32 of the 69 bytes of
    # length and payload is 0x798EAFE4, the last four bytes.
    minimal = next(v for v in VALID if v["name"] == "minimal: empty participant, one answer")
    assert minimal["code"].startswith("LATIH1-011K")
    data = raw(minimal["code"])
    assert data[:2] == b"\x00\x43"
    assert data[2:69] == b"1|netralitas-asn|2026.1|ujian-akhir|1d749e10|1767225600|||||100|0:a"
    assert data[69:] == bytes.fromhex("798eafe4") == zlib.crc32(data[:69]).to_bytes(4, "big")
    # The fingerprint is SHA-256 of the three question ids joined by line feeds, first 8 digits.
    ids = b"like-unggahan\nhadir-kampanye\nbentuk-dukungan"
    assert hashlib.sha256(ids).hexdigest()[:8] == "1d749e10"

    # "name with pipe and percent": 117 payload bytes with %, | escaped as %25 and %7C, and a name
    # that already held the text "%7C" comes back as "%257C". zlib.crc32 gives 0x0FD3805E.
    piped = next(v for v in VALID if v["name"] == "name with pipe and percent")
    data = raw(piped["code"])
    assert data[:2] == (117).to_bytes(2, "big")
    assert data[2:119] == (
        b"1|netralitas-asn|2026.1|ujian-akhir|1d749e10|1767225601|Ani %7C 100%25 hadir %257C||"
        b"Kepala Seksi 50%25%7C60%25||0|1:a"
    )
    assert data[119:] == bytes.fromhex("0fd3805e") == zlib.crc32(data[:119]).to_bytes(4, "big")


# Every vector, both languages


@pytest.mark.parametrize("vector", VALID, ids=[v["name"] for v in VALID])
def test_python_encodes_and_decodes_vector(vector: dict[str, Any]) -> None:
    code = from_fields(vector["fields"])
    assert encode(code) == vector["code"]
    assert decode(vector["code"]) == code


@pytest.mark.parametrize("vector", INVALID, ids=[v["name"] for v in INVALID])
def test_python_rejects_invalid_vector_with_its_reason(vector: dict[str, Any]) -> None:
    with pytest.raises(CodeError) as caught:
        decode(vector["text"])
    assert caught.value.reason == vector["reason"]


def test_browser_encodes_and_decodes_every_vector(page: Any) -> None:
    got = load_script(page).evaluate(
        """(vectors) => vectors.valid.map((v) => {
          const code = Latih.results.encode(v.fields);
          let back;
          try { back = Latih.results.decode(v.code); } catch (e) { back = "error " + e.reason; }
          return {code, back};
        }).concat(vectors.invalid.map((v) => {
          try { Latih.results.decode(v.text); return {reason: null}; }
          catch (e) { return {reason: e.reason || ("BUG: " + e)}; }
        }))""",
        VECTORS,
    )
    failures = []
    for vector, result in zip(VALID, got[: len(VALID)], strict=True):
        if result["code"] != vector["code"]:
            failures.append(f"{vector['name']}: encode gave {result['code']}")
        if result["back"] != vector["fields"]:
            failures.append(f"{vector['name']}: decode gave {result['back']}")
    for vector, result in zip(INVALID, got[len(VALID) :], strict=True):
        if result["reason"] != vector["reason"]:
            failures.append(f"{vector['name']}: expected {vector['reason']}, got {result['reason']}")
    assert not failures, "browser results codes differ from the vectors:\n" + "\n".join(failures)


def test_encoding_sorts_and_deduplicates_option_ids_in_both_languages(page: Any) -> None:
    fields = {**VALID[0]["fields"], "answers": [[0, ["c", "aa", "a", "c"]], [1, []]]}
    code = encode(from_fields(fields))
    assert payload(from_fields(fields)).endswith("|0:a.aa.c,1:")
    assert load_script(page).evaluate("(f) => Latih.results.encode(f)", fields) == code
    assert decode(code).answers == ((0, ("a", "aa", "c")), (1, ()))


def test_encoding_refuses_values_the_format_cannot_hold() -> None:
    good = from_fields(VALID[0]["fields"])
    for bad in (
        {"fingerprint": "XYZ"},
        {"finished_at": -1},
        {"finished_at": 10**15},
        {"displayed_percent": 101},
        {"answers": ((0, ("A",)),)},
        {"answers": ((-1, ("a",)),)},
    ):
        with pytest.raises(ValueError):
            encode(ResultsCode(**{**good.__dict__, **bad}))


# Random codes: one language writes, the other reads

printable = st.text(max_size=40)
option_sets = st.lists(st.sampled_from(["a", "b", "c", "d", "e", "aa", "ab"]), unique=True).map(sorted)


@st.composite
def results_codes(draw: st.DrawFn, max_answers: int = 45) -> ResultsCode:
    return ResultsCode(
        course_id=draw(printable),
        course_version=draw(printable),
        quiz_id=draw(printable),
        fingerprint=draw(st.text("0123456789abcdef", min_size=8, max_size=8)),
        finished_at=draw(st.integers(0, 10**15 - 1)),
        participant=Person(*(draw(printable) for _ in range(4))),
        displayed_percent=draw(st.integers(0, 100)),
        answers=tuple(
            (draw(st.integers(0, 500)), tuple(draw(option_sets)))
            for _ in range(draw(st.integers(0, max_answers)))
        ),
    )


@given(results_codes())
def test_python_decodes_what_it_encodes(code: ResultsCode) -> None:
    assert decode(encode(code)) == code


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
# Batches of 50 codes with up to 8 answers each stay within what Hypothesis generates per example;
# the vectors cover 40-question codes in both languages.
@given(st.lists(results_codes(max_answers=8), min_size=50, max_size=50))
def test_each_language_reads_the_others_codes(page: Any, codes: list[ResultsCode]) -> None:
    # One evaluate per batch of 50: the browser round trip costs more than the codes themselves.
    if not page.evaluate("() => !!(window.Latih && Latih.results)"):
        load_script(page)
    python_codes = [encode(c) for c in codes]
    got = page.evaluate(
        """([fields, codes]) => ({
          encoded: fields.map((f) => Latih.results.encode(f)),
          decoded: codes.map((c) => Latih.results.decode(c)),
        })""",
        [[to_fields(c) for c in codes], python_codes],
    )
    assert got["encoded"] == python_codes
    assert [from_fields(f) for f in got["decoded"]] == codes
    assert [decode(c) for c in got["encoded"]] == codes


# Typos and pasting


def single_character_changes(code: str) -> list[tuple[int, str]]:
    """Every text that differs from `code` in one character replaced by a code symbol, by position."""
    return [
        (i, code[:i] + s + code[i + 1 :]) for i, ch in enumerate(code) for s in ALPHABET if s != ch.upper()
    ]


def allowed_reasons(position: int) -> set[str]:
    # A change inside the prefix makes the text no code at all; anywhere else it is a typo.
    return DETECTED | {"not_a_code"} if position < len("LATIH1") else DETECTED


@cache
def python_typo_reasons() -> list[tuple[int, str | None]]:
    """Python's verdict on every typo of the 40-question code, by position; both tests need it."""
    return [(i, reason_of(text)) for i, text in single_character_changes(FORTY["code"])]


def test_every_single_character_change_is_detected_in_python() -> None:
    reasons = python_typo_reasons()
    silent = [(i, reason) for i, reason in reasons if reason not in allowed_reasons(i)]
    assert len(FORTY["code"]) > 700 and len(reasons) > 700 * 31
    assert not silent, f"{len(silent)} changes went unnoticed, first {silent[:5]}"


def test_every_single_character_change_is_detected_in_the_browser(page: Any) -> None:
    python = python_typo_reasons()
    # The page makes the typos itself, in Python's order: sending 22,000 texts of 700 characters
    # would cost more than decoding them.
    reasons = load_script(page).evaluate(
        """([code, alphabet]) => {
          const reasons = [];
          for (let i = 0; i < code.length; i++) for (const s of alphabet) {
            if (s === code[i].toUpperCase()) continue;
            try { Latih.results.decode(code.slice(0, i) + s + code.slice(i + 1)); reasons.push(null); }
            catch (e) { reasons.push(e.reason || ("BUG: " + e)); }
          }
          return reasons;
        }""",
        [FORTY["code"], ALPHABET],
    )
    silent = [
        (i, reason)
        for (i, _), reason in zip(python, reasons, strict=True)
        if reason not in allowed_reasons(i)
    ]
    assert not silent, f"{len(silent)} changes went unnoticed in the browser, first {silent[:5]}"
    # The same verdict as Python, typo by typo, so the page and the tools explain a typo alike.
    assert reasons == [reason for _, reason in python]


def pasted_forms(code: str) -> dict[str, str]:
    """A code as people hand it in: wrapped by a chat app, inside a sentence, typed in lower case."""
    wrapped = "\n".join(code[i : i + 20] for i in range(0, len(code), 20))
    return {
        "line breaks every 20 characters": wrapped,
        "inside chat text": f"Ini kode saya: {code} terima kasih!",
        "lower case": code.lower(),
        "wrapped, lower case, in chat text": f"Pak, ini kode saya:\r\n{wrapped.lower()}\r\nterima kasih!",
        "spaces for dashes, O and I for 0 and 1": "LATIH1 "
        + code.removeprefix("LATIH1-").replace("-", " ").replace("0", "O").replace("1", "I"),
    }


def test_pasted_codes_decode_in_python() -> None:
    for vector in VALID:
        for form, text in pasted_forms(vector["code"]).items():
            assert decode(text) == from_fields(vector["fields"]), (vector["name"], form)


def test_pasted_codes_decode_in_the_browser(page: Any) -> None:
    texts = [text for v in VALID for text in pasted_forms(v["code"]).values()]
    got = load_script(page).evaluate(JS_DECODE_ALL, texts)
    forms = len(pasted_forms(VALID[0]["code"]))
    expected = [{"fields": v["fields"]} for v in VALID for _ in range(forms)]
    assert got == expected


def test_chat_text_around_a_code_changes_nothing() -> None:
    # The words after a code hold letters a code may use ("terima" reads as T E R 1 M A); decoding
    # stops when it has the bytes it needs, so they are never read as part of it.
    code = FORTY["code"]
    assert decode(f"{code} terima kasih") == decode(code)


def test_python_skips_exactly_the_whitespace_javascript_does(page: Any) -> None:
    # A code wrapped by one chat app with an odd space must read the same in the page and the tools.
    js = load_script(page).evaluate(
        "() => { let s = ''; for (let c = 0; c < 0x10000; c++) if (/\\s/.test(String.fromCharCode(c))) s += String.fromCharCode(c); return s; }"
    )
    assert sorted(js) == sorted(WHITESPACE)
    code = VALID[0]["code"]
    spaced = code.replace("-", "\u00a0\u2009\ufeff")
    assert decode(spaced) == from_fields(VALID[0]["fields"])
    assert page.evaluate("(t) => Latih.results.decode(t)", spaced) == VALID[0]["fields"]


def test_lookalike_letters_are_not_read_as_code_symbols(page: Any) -> None:
    # Case-insensitive matching must stay ASCII: a Turkish dotless ı upper-cases to I, a Kelvin
    # sign lower-cases to k, and neither is a character of a code.
    code = VALID[0]["code"]
    texts = [code.replace("LATIH1", "LATıH1"), code[:30] + "ı" + code[30:], code[:30] + "\u212a" + code[30:]]
    reasons = [reason_of(t) for t in texts]
    assert reasons == ["not_a_code", "truncated", "truncated"]
    got = load_script(page).evaluate(JS_DECODE_ALL, texts)
    assert [g.get("reason") for g in got] == reasons


THREE_CODES_TEXT = """Rekap pra-tes, grup WhatsApp Bawaslu:
[08.01] Budi: {0} makasih bu
[08.03] Siti: ini punya saya
{1}
[08.05] Ani: {2}LATIH tanpa angka bukan kode; latihan juga bukan.
"""


def three_codes() -> tuple[list[str], str]:
    codes = [VALID[1]["code"], FORTY["code"].lower(), VALID[2]["code"]]
    wrapped = [codes[0], "\n".join(codes[1][i : i + 20] for i in range(0, len(codes[1]), 20)), codes[2]]
    return codes, THREE_CODES_TEXT.format(*wrapped)


def test_find_codes_finds_three_codes_among_noise() -> None:
    codes, text = three_codes()
    found = find_codes(text)
    assert len(found) == 3
    assert [decode(f) for f in found] == [decode(c) for c in codes]
    assert found[2] == codes[2]  # stopped at the next LATIH, not run into it


def test_browser_finds_the_same_codes(page: Any) -> None:
    _, text = three_codes()
    assert load_script(page).evaluate("(t) => Latih.results.find(t)", text) == find_codes(text)


def test_text_without_a_code_finds_none() -> None:
    assert find_codes("latihan LATIH LATIH-1 Latihan1") == []


# The QR code


def test_qr_code_reads_back_as_the_code(page: Any, tmp_path: Path) -> None:
    code = FORTY["code"].lower()
    svg = load_script(page, qr=True).evaluate("(c) => Latih.results.qrSvg(c)", code)
    # Only numbers and fixed markup: nothing the participant typed can reach the page this way.
    root = ElementTree.fromstring(svg)
    assert {el.tag.split("}")[-1] for el in root.iter()} == {"svg", "rect", "path"}
    # 4 modules of quiet zone on each side, as the QR standard asks.
    side = int(root.get("viewBox", "").split()[2])
    path = root.find("{http://www.w3.org/2000/svg}path")
    assert path is not None
    d = path.get("d", "")
    assert min(int(m.split()[0]) for m in d.split("M")[1:]) == 4
    assert max(int(m.split()[0].split("h")[0]) for m in d.split("M")[1:]) == side - 5

    page.set_content(
        f"<!doctype html><body style='margin:0'><div id='qr' style='width:{side * 4}px'>{svg}</div>"
    )
    page.locator("#qr svg").screenshot(path=str(tmp_path / "qr.png"))
    zbarimg = shutil.which("zbarimg")
    if zbarimg is None:
        pytest.skip(
            "zbarimg is not installed (Debian package zbar-tools), so the QR image cannot be read back"
        )
    read = subprocess.run(
        [zbarimg, "--raw", "-q", str(tmp_path / "qr.png")], capture_output=True, text=True, check=True
    )
    assert read.stdout.strip() == code.upper()
    assert decode(read.stdout) == decode(FORTY["code"])


def test_qr_markup_holds_no_text_even_from_hostile_input(page: Any) -> None:
    svg = load_script(page, qr=True).evaluate("() => Latih.results.qrSvg('<img src=x onerror=alert(1)>')")
    assert "<img" not in svg
    assert "onerror" not in svg


# Re-scoring against a course

QUIZ = """\
id: kuis-pertama
title: Ujian percobaan
kind: exam
pass_mark: 75
questions:
  - id: format-yaml
    type: true_false
    topic: dasar
    prompt: Apakah isi pelajaran boleh memakai Markdown?
    answer: true
  - id: jenis-soal
    type: single
    topic: dasar
    prompt: Jenis soal mana yang memiliki tepat satu jawaban benar?
    options:
      - {text: single, correct: true}
      - {text: multiple}
      - {text: true_false}
  - id: bentuk-dukungan
    type: multiple
    topic: lanjut
    partial: true
    points: 2
    prompt: Mana yang bentuk dukungan?
    options:
      - {text: satu, correct: true}
      - {text: dua, correct: true}
      - {text: tiga}
      - {text: empat}
  - id: tanpa-topik
    type: multiple
    prompt: Semua benar?
    options:
      - {text: satu, correct: true}
      - {text: dua, correct: true}
"""
BANK = ["format-yaml", "jenis-soal", "bentuk-dukungan", "tanpa-topik"]


def course_with(tmp_path: Path, quiz: str = QUIZ) -> LoadedCourse:
    root = tmp_path / "course"
    shutil.copytree(STARTER, root)
    (root / "quizzes" / "kuis-pertama.yml").write_text(quiz, encoding="utf-8")
    loaded = load_course(Layout.at(root))
    assert loaded.ok, loaded.problems
    return loaded


def models(loaded: LoadedCourse) -> tuple[Course, dict[str, Quiz]]:
    """What `verify` takes: the course's model and its quizzes' models."""
    assert loaded.course is not None
    return loaded.course.model, loaded.quiz_models()


def attempt(answers: list[tuple[int, tuple[str, ...]]], percent: int, **changes: Any) -> ResultsCode:
    code = ResultsCode(
        course_id="kursus-baru",
        course_version="0.1",
        quiz_id="kuis-pertama",
        fingerprint=fingerprint(BANK),
        finished_at=1767225600,
        participant=Person("Siti Nurhaliza Ş. Đặng", "199001012015032001"),
        displayed_percent=percent,
        answers=tuple(answers),
    )
    # Through the text and back, as a facilitator receives it.
    return decode(encode(ResultsCode(**{**code.__dict__, **changes})))


ALL_RIGHT = [(2, ("a", "b")), (0, ("a",)), (3, ("a", "b")), (1, ("a",))]


def test_verify_rescores_an_honest_code(tmp_path: Path) -> None:
    loaded = course_with(tmp_path)
    result = verify(attempt(ALL_RIGHT, 100), *models(loaded))
    assert (result.status, result.message_key, result.displayed_mismatch) == ("ok", "verify_ok", False)
    assert result.score is not None and result.score.passed
    assert (result.score.total.earned, result.score.total.possible) == (5, 5)
    assert result.quiz_title == "Ujian percobaan"
    assert result.pass_mark == 75  # the quiz's own, not the course's 80
    # A question without a topic is grouped under "", as the page groups it.
    assert list(result.score.topics) == ["lanjut", "dasar", ""]


def test_verify_gives_partial_credit_and_the_verdict(tmp_path: Path) -> None:
    loaded = course_with(tmp_path)
    # true_false right (1), single wrong (0), multiple partial a.c: right 1, wrong 1 -> 0,
    # multiple all-or-nothing a only -> 0: 1 of 5 = 20%.
    result = verify(attempt([(0, ("a",)), (1, ("b",)), (2, ("a", "c")), (3, ("a",))], 20), *models(loaded))
    assert result.status == "ok" and not result.displayed_mismatch
    assert result.score is not None
    assert result.score.total.earned == Fraction(1) and result.score.total.percent == 20
    assert not result.score.passed
    # a, b and d on the partial question: right 2, wrong 1 -> 2 points x 1/2 = 1.
    result = verify(attempt([(0, ()), (1, ()), (2, ("a", "b", "d")), (3, ())], 20), *models(loaded))
    assert result.score is not None and result.score.per_question["bentuk-dukungan"] == Fraction(1)


def test_verify_reports_an_edited_displayed_percent(tmp_path: Path) -> None:
    loaded = course_with(tmp_path)
    result = verify(attempt([(0, ("b",)), (1, ("a",)), (2, ()), (3, ())], 100), *models(loaded))
    assert result.status == "ok"
    assert result.displayed_mismatch
    assert result.message_key == "verify_mismatch"
    assert result.values == {"percent": 20, "displayed": 100}
    assert result.score is not None and not result.score.passed


def test_verify_reports_another_version_without_scoring(tmp_path: Path) -> None:
    result = verify(attempt(ALL_RIGHT, 100, course_version="0.0.9"), *models(course_with(tmp_path)))
    assert result.status == "other_version"
    assert result.score is None
    assert result.values == {"code_version": "0.0.9", "course_version": "0.1"}


def test_verify_reports_another_course(tmp_path: Path) -> None:
    result = verify(attempt(ALL_RIGHT, 100, course_id="netralitas-asn"), *models(course_with(tmp_path)))
    assert (result.status, result.score) == ("other_course", None)
    assert result.values == {"code_course": "netralitas-asn", "course": "kursus-baru"}


def test_verify_reports_an_unknown_quiz(tmp_path: Path) -> None:
    result = verify(attempt(ALL_RIGHT, 100, quiz_id="ujian-akhir"), *models(course_with(tmp_path)))
    assert (result.status, result.score, result.values) == ("unknown_quiz", None, {"quiz": "ujian-akhir"})


def test_verify_reports_a_changed_bank_even_at_the_same_version(tmp_path: Path) -> None:
    # The author swapped two questions and forgot to bump the version: indexes now point elsewhere.
    head, *blocks = QUIZ.split("  - id: ")
    blocks[0], blocks[1] = blocks[1], blocks[0]
    loaded = course_with(tmp_path, head + "".join("  - id: " + b for b in blocks))
    assert [q.id for q in loaded.quizzes["kuis-pertama"].model.questions][:2] == ["jenis-soal", "format-yaml"]
    result = verify(attempt(ALL_RIGHT, 100), *models(loaded))
    assert (result.status, result.score) == ("bank_changed", None)


@pytest.mark.parametrize(
    ("answers", "why"),
    [
        (
            [(0, ("a",)), (1, ("a",)), (2, ()), (4, ())],
            ("verify_answers_no_question", {"number": 5, "bank": 4}),
        ),
        (
            [(0, ("c",)), (1, ("a",)), (2, ()), (3, ())],
            ("verify_answers_no_option", {"number": 1, "options": "c"}),
        ),
        (
            [(0, ("a",)), (1, ("a", "e")), (2, ()), (3, ())],
            ("verify_answers_no_option", {"number": 2, "options": "e"}),
        ),
        ([(0, ("a",)), (0, ("a",)), (2, ()), (3, ())], ("verify_answers_twice", {"number": 1})),
        # Dropping the questions one got wrong must not raise the score.
        ([(0, ("a",)), (1, ("a",))], ("verify_answers_count", {"listed": 2, "shown": 4})),
    ],
    ids=[
        "index out of range",
        "option of another type",
        "option past the last",
        "twice",
        "questions dropped",
    ],
)
def test_verify_reports_answers_that_cannot_belong_to_the_quiz(
    tmp_path: Path, answers: list[tuple[int, tuple[str, ...]]], why: tuple[str, dict[str, object]]
) -> None:
    from generator.i18n import report_strings

    result = verify(attempt(answers, 50), *models(course_with(tmp_path)))
    assert (result.status, result.score) == ("bad_answers", None)
    assert (result.message_key, dict(result.values)) == why
    # Said whole in each language: no English detail inside the Indonesian sentence
    said = report_strings("id")[result.message_key].format(**result.values)
    assert "Tidak dinilai" in said and not any(word in said for word in ("question", "option", "listed"))


def test_verify_scores_a_drawn_attempt_over_its_questions_only(tmp_path: Path) -> None:
    loaded = course_with(tmp_path, QUIZ.replace("pass_mark: 75\n", "pass_mark: 75\ndraw: 2\n"))
    result = verify(attempt([(3, ("a", "b")), (1, ("b",))], 50), *models(loaded))
    assert result.status == "ok" and not result.displayed_mismatch
    assert result.score is not None and (result.score.total.earned, result.score.total.possible) == (1, 2)
    assert verify(attempt(ALL_RIGHT, 100), *models(loaded)).status == "bad_answers"


def test_one_reader_names_the_payloads_fields_as_written() -> None:
    code = ResultsCode(
        course_id="kursus",
        course_version="2026.1",
        quiz_id="ujian-akhir",
        fingerprint="0123abcd",
        finished_at=1765000000000,
        participant=Person("Dr. A | B", "199001012020121001", "Analis", "Dinas 100%"),
        displayed_percent=85,
        answers=((3, ("a",)), (0, ("b", "c")), (7, ())),
    )
    fields = read_payload(payload(code))
    assert fields == Payload(
        version="1",
        course_id="kursus",
        course_version="2026.1",
        quiz_id="ujian-akhir",
        fingerprint="0123abcd",
        finished_at="1765000000000",
        name="Dr. A %7C B",
        nip="199001012020121001",
        position="Analis",
        agency="Dinas 100%25",
        displayed_percent="85",
        answers="3:a,0:b.c,7:",
    )
    assert parse_payload(payload(code)) == code
    # A later version's extra fields are not read; an older layout is refused
    assert read_payload(payload(code) + "|more") == fields
    with pytest.raises(CodeError) as short:
        read_payload("1|kursus")
    assert short.value.reason == "malformed"
