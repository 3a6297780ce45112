"""What Latih writes for an LMS is what the LMS reads: Moodle XML as Moodle's question/format/xml
imports it, GIFT as an independent GIFT parser reads it; and hostile XML is refused."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from fractions import Fraction
from pathlib import Path

import pytest

from generator.course.loader import Layout, load_course
from generator.tools.banks import export_quizzes, read_bank
from generator.tools.banks.refs import Catalogue

ROOT = Path(__file__).resolve().parents[1]
LABELS = ("Benar", "Salah")


@pytest.fixture(scope="module")
def flagship():  # type: ignore[no-untyped-def]
    loaded = load_course(Layout.from_options(ROOT, {}))
    assert loaded.course is not None
    return loaded


def _quizzes(flagship):  # type: ignore[no-untyped-def]
    return [s.model for s in flagship.quizzes.values()]


# The elements Moodle's importer reads (qformat_xml::import_headers, import_multichoice,
# import_truefalse, import_answer, import_question_tags), with the values it accepts
HEADERS = ("name", "questiontext", "generalfeedback", "defaultgrade", "penalty", "hidden", "idnumber")
MULTICHOICE = (
    "single",
    "shuffleanswers",
    "answernumbering",
    "showstandardinstruction",
    "correctfeedback",
    "partiallycorrectfeedback",
    "incorrectfeedback",
)
FORMATS = {"html", "moodle_auto_format", "plain_text", "markdown"}


def test_moodle_xml_is_what_moodles_importer_reads(flagship) -> None:  # type: ignore[no-untyped-def]
    quizzes = _quizzes(flagship)
    root = ET.fromstring(export_quizzes(quizzes, flagship.course.model, "moodle-xml").encode("utf-8"))
    assert root.tag == "quiz"
    questions = {(q.id, quiz.id): q for quiz in quizzes for q in quiz.questions}
    categories = [q for q in root if q.get("type") == "category"]
    assert [c.findtext("category/text") for c in categories] == [f"$course$/top/{q.title}" for q in quizzes]
    seen = 0
    for element in root:
        assert element.tag == "question"
        kind = element.get("type")
        if kind == "category":
            continue
        seen += 1
        quiz_id, qid = element.findtext("idnumber").split("/")
        question = questions[(qid, quiz_id)]
        assert element.findtext("name/text") == qid
        for tag in HEADERS:
            assert element.find(tag) is not None, tag
        for tag in ("questiontext", "generalfeedback"):
            assert element.find(tag).get("format") in FORMATS
            assert element.find(f"{tag}/text") is not None
        assert Fraction(element.findtext("defaultgrade")) == question.points
        answers = element.findall("answer")
        if question.topic:
            assert [t.findtext("text") for t in element.findall("tags/tag")] == [question.topic]
        if question.type == "true_false":
            assert kind == "truefalse"
            # Moodle matches the answer texts 'true' and 'false'; fraction 100 marks the key
            got = {a.findtext("text"): a.get("fraction") for a in answers}
            assert got == {
                "true": "100" if question.answer else "0",
                "false": "0" if question.answer else "100",
            }
            continue
        assert kind == "multichoice"
        for tag in MULTICHOICE:
            assert element.find(tag) is not None, tag
        assert element.findtext("single") == ("true" if question.type == "single" else "false")
        assert len(answers) == len(question.options)
        fractions = [Fraction(a.get("fraction")) / 100 for a in answers]
        for answer in answers:
            assert answer.get("format") in FORMATS
            assert answer.find("feedback/text") is not None
            assert ET.fromstring(f"<p>{answer.findtext('text')}</p>").itertext()  # escaped HTML, well formed
        correct = [f for f, o in zip(fractions, question.options, strict=True) if o.correct]
        wrong = [f for f, o in zip(fractions, question.options, strict=True) if not o.correct]
        if question.type == "single":
            assert correct == [1] and set(wrong) <= {0}
        else:
            # Moodle requires the positive grades of a multiple-answer question to add up to 100 %
            assert abs(sum(correct) - 1) < Fraction(1, 10**5)
            k = len(correct)
            assert all(
                abs(f - (Fraction(-1, k) if question.partial else -1)) < Fraction(1, 10**5) for f in wrong
            )
    assert seen == len(questions)


def test_gift_reads_the_same_in_an_independent_parser(flagship) -> None:  # type: ignore[no-untyped-def]
    parser = pytest.importorskip("pygiftparser.parser")
    quizzes = _quizzes(flagship)
    text = export_quizzes(quizzes, flagship.course.model, "gift")
    gift = parser.parse(text)
    questions = [q for quiz in quizzes for q in quiz.questions]
    assert [q.name for q in gift.questions] == [q.id for q in questions]
    for parsed, question in zip(gift.questions, questions, strict=True):
        options = parsed.answer.options
        if question.type == "true_false":
            assert type(parsed.answer).__name__ == "TrueFalse"
            assert options[0].percentage == 1.0 and options[0].text == (
                "True" if question.answer else "False"
            )
            continue
        assert type(parsed.answer).__name__ == (
            "MultipleChoiceRadio" if question.type == "single" else "MultipleChoiceCheckbox"
        )
        assert len(options) == len(question.options)
        shares = []
        for got, option in zip(options, question.options, strict=True):
            text, share = got.text, got.percentage
            # This parser reads whole-number weights only; Moodle's GIFT reader takes decimals
            # (33.33333 for a third), which it leaves at the start of the text: read them here
            if (m := re.match(r"^%(-?[0-9]+\.[0-9]+)%", text)) is not None:
                text, share = text[m.end() :], float(m.group(1)) / 100
            shares.append(share)
            assert _unescaped(text) == option.text
            assert (share > 0) is option.correct
            if option.feedback:
                # the parser leaves GIFT's escapes in feedback and joins the general feedback to the last one
                said = _unescaped((got.feedback or "").split("####")[0]).strip()
                assert said == option.feedback.strip()
        if question.type == "multiple":
            assert abs(sum(s for s in shares if s > 0) - 1) < 1e-4


def _unescaped(text: str) -> str:
    """GIFT's escapes, which this parser leaves in the texts it returns, taken out."""
    return re.sub(r"\\([~=#{}:\\])", r"\1", text).replace("\\n", "\n")


def test_an_xml_with_an_external_entity_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("rahasia")
    bank = tmp_path / "bank.xml"
    bank.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE quiz [<!ENTITY x SYSTEM "file://{secret}">]>\n'
        '<quiz><question type="truefalse"><name><text>&x;</text></name>'
        "<questiontext><text>&x;</text></questiontext>"
        '<answer fraction="100"><text>true</text></answer><answer fraction="0"><text>false</text></answer>'
        "</question></quiz>"
    )
    result = read_bank(bank, LABELS, Catalogue("en"))
    assert result.drafts == []
    assert [(p.key, p.line) for p in result.problems] == [("bank_xml_unsafe", 1)]
    assert "rahasia" not in repr(result)


def test_a_billion_laughs_is_refused_without_expanding(tmp_path: Path) -> None:
    lol = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    bank = tmp_path / "bank.xml"
    bank.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE quiz [{"".join(lol)}]>\n<quiz><question type="truefalse">'
        "<questiontext><text>&lol9;</text></questiontext></question></quiz>"
    )
    result = read_bank(bank, LABELS, Catalogue("en"))
    assert result.drafts == []
    assert [p.key for p in result.problems] == ["bank_xml_unsafe"]
    assert "unsafe" in result.problems[0].text("en") or "refused" in result.problems[0].text("en")


def test_questions_latih_cannot_hold_are_listed_not_dropped(tmp_path: Path) -> None:
    bank = tmp_path / "bank.gift"
    bank.write_text(
        "::angka::Berapa sila Pancasila?{#5}\n\n"
        "::esai::Jelaskan asas netralitas.{}\n\n"
        "::pasangan::Pasangkan.{=UU 20/2023 -> ASN =PP 94/2021 -> disiplin =SKB 2/2022 -> pedoman}\n\n"
        "::pilih::Mana yang benar?{=Ini#ya ~Itu#bukan}\n",
        encoding="utf-8",
    )
    result = read_bank(bank, LABELS, Catalogue("id"))
    assert [(u.kind, u.where.line) for u in result.unsupported] == [
        ("numerical", 1),
        ("essay", 3),
        ("matching", 5),
    ]
    assert [d.name for d in result.drafts] == ["pilih"]
