"""Moodle XML, the format of Moodle's question bank (question/format/xml): read and written.

Reading goes through defusedxml: a document type with entities (external files, a "billion laughs"
expansion) is refused, never expanded. Each element keeps its line and column for messages."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from xml.sax.handler import ContentHandler

from generator.tools.banks.common import (
    explanation_and_references,
    keys_from_weights,
    labels_note,
    percent,
    strip_labels_note,
    weight,
    wrong_share,
)
from generator.tools.banks.draft import Bank, Draft, DraftOption, Unsupported, Where
from generator.tools.banks.gift import category_parts, category_topic, general_feedback
from generator.tools.banks.markup import escape, plain, split_question, tidy, to_html, to_markdown
from generator.tools.banks.refs import Catalogue

UNSUPPORTED = {
    "shortanswer",
    "numerical",
    "match",
    "essay",
    "multianswer",
    "calculated",
    "calculatedsimple",
    "calculatedmulti",
    "ddwtos",
    "ddimageortext",
    "ddmarker",
    "gapselect",
    "randomsamatch",
    "random",
    "ordering",
}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    line: int
    column: int
    text: str = ""
    children: list[Node] = field(default_factory=list)

    def find(self, *path: str) -> Node | None:
        node: Node | None = self
        for tag in path:
            node = next((c for c in node.children if c.tag == tag), None) if node else None
        return node

    def all(self, tag: str) -> list[Node]:
        return [c for c in self.children if c.tag == tag]

    def value(self, *path: str) -> str:
        node = self.find(*path)
        return node.text.strip() if node else ""


class _Builder(ContentHandler):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[Node] = []
        self.root: Node | None = None

    def startElement(self, name: str, attrs) -> None:  # type: ignore[no-untyped-def]
        node = Node(name, dict(attrs), self._locator.getLineNumber(), self._locator.getColumnNumber() + 1)
        if self.stack:
            self.stack[-1].children.append(node)
        else:
            self.root = node
        self.stack.append(node)

    def endElement(self, name: str) -> None:
        self.stack.pop()

    def characters(self, content: str) -> None:
        if self.stack:
            self.stack[-1].text += content


def parse(raw: bytes) -> Node:
    """The document's elements; raises `ValueError` with a reason for what is not safe, well-formed XML."""
    from xml.sax import SAXParseException

    import defusedxml.sax
    from defusedxml import DefusedXmlException

    builder = _Builder()
    try:
        defusedxml.sax.parseString(raw, builder, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise ValueError(f"unsafe:{type(exc).__name__}") from None
    except SAXParseException as exc:
        raise ValueError(
            f"syntax:{exc.getLineNumber()}:{exc.getColumnNumber() + 1}:{exc.getMessage()}"
        ) from None
    if builder.root is None:
        raise ValueError("syntax:1:1:empty")
    return builder.root


def read_moodle_xml(path: Path, raw: bytes, labels: tuple[str, str], catalogue: Catalogue) -> Bank:
    bank = Bank(path)
    try:
        root = parse(raw)
    except ValueError as exc:
        kind, _, rest = str(exc).partition(":")
        if kind == "unsafe":
            bank.error(Where(path, 1, 1), "bank_xml_unsafe", reason=rest)
        else:
            line, column, reason = rest.split(":", 2)
            bank.error(Where(path, int(line), int(column)), "bank_xml_syntax", reason=reason)
        return bank
    if root.tag != "quiz":
        bank.error(Where(path, root.line, root.column, root.tag), "bank_xml_not_quiz", tag=root.tag)
        return bank
    category: str | None = None
    shuffles: list[bool] = []
    tagged = any(q.find("tags", "tag") for q in root.all("question"))
    for q in root.all("question"):
        kind = q.attrs.get("type", "")
        where = Where(path, q.line, q.column, f"question type={kind}")
        if kind == "category":
            category = q.value("category", "text")
            if bank.title is None and category_parts(category):
                bank.title = category_parts(category)[0]
            continue
        if kind == "description":
            continue  # a text between questions, not a question
        text = _text(q.find("questiontext"))
        if kind in UNSUPPORTED or kind not in ("multichoice", "truefalse"):
            bank.unsupported.append(Unsupported(where, kind or "?", text[:60]))
            continue
        scenario, prompt = split_question(strip_labels_note(text))
        draft = Draft(
            where=where, type="single", prompt=prompt, scenario=scenario, name=q.value("name", "text")
        )
        tags = [t.value("text") for t in q.find("tags").all("tag")] if q.find("tags") else []
        draft.topic = tags[0] if tags else (None if tagged else category_topic(category))
        grade = q.value("defaultgrade")
        if grade:
            try:
                points = Fraction(grade)
            except ValueError:
                points = Fraction(0)
            if points.denominator != 1 or points < 1:
                node = q.find("defaultgrade")
                assert node is not None
                bank.error(
                    Where(path, node.line, node.column, "defaultgrade"), "bank_bad_points", value=grade
                )
                continue
            draft.points = int(points)
        feedback = _text(q.find("generalfeedback"))
        if feedback:
            explanation_and_references(bank, where, draft, feedback, catalogue)
        if kind == "truefalse":
            if not _truefalse(bank, path, q, draft):
                continue
        else:
            if not _multichoice(bank, path, q, draft):
                continue
            shuffles.append(q.value("shuffleanswers").lower() in ("true", "1"))
        bank.drafts.append(draft)
    if shuffles:
        bank.shuffle_options = all(shuffles)
    return bank


def _text(node: Node | None) -> str:
    """A text element as Markdown: HTML converted, Markdown and plain text as written."""
    if node is None:
        return ""
    value = node.value("text")
    fmt = node.attrs.get("format", "html")
    return to_markdown(value) if fmt == "html" else tidy(value)


def _truefalse(bank: Bank, path: Path, q: Node, draft: Draft) -> bool:
    draft.type = "true_false"
    for answer in q.all("answer"):
        if answer.value("text").lower() == "true":
            draft.answer = _fraction(bank, path, answer) == 1
        elif answer.value("text").lower() == "false" and draft.answer is None:
            draft.answer = _fraction(bank, path, answer) != 1
        if answer.value("feedback", "text"):
            bank.warn(Where(path, answer.line, answer.column, "answer/feedback"), "bank_tf_feedback_dropped")
    if draft.answer is None:
        bank.error(draft.where, "bank_no_key")
        return False
    return True


def _fraction(bank: Bank, path: Path, answer: Node) -> Fraction:
    try:
        return weight(answer.attrs.get("fraction", "0"))
    except ValueError:
        bank.error(
            Where(path, answer.line, answer.column, "answer fraction"),
            "bank_bad_weight",
            value=answer.attrs.get("fraction"),
        )
        return Fraction(0)


def _multichoice(bank: Bank, path: Path, q: Node, draft: Draft) -> bool:
    single = q.value("single").lower() not in ("false", "0")
    for answer in q.all("answer"):
        fmt = answer.attrs.get("format", "html")
        value = answer.value("text")
        text = plain(value) if fmt == "html" else value.strip()
        feedback = _text(answer.find("feedback")) or None
        draft.options.append(DraftOption(text, _fraction(bank, path, answer), feedback))
    keys_from_weights(bank, draft, single)
    return True


# Writing


def _text_element(parent: ET.Element, tag: str, html_text: str, fmt: str = "html") -> ET.Element:
    element = ET.SubElement(parent, tag, {"format": fmt} if fmt else {})
    ET.SubElement(element, "text").text = html_text
    return element


def write_moodle_xml(quizzes: list, course, language: str) -> str:  # type: ignore[no-untyped-def]
    """Quizzes as a Moodle XML question file: a category per quiz, a tag per topic, HTML text."""
    from generator.i18n import true_false

    labels = tuple(course.true_false_labels or true_false(language))
    note = labels_note(language, labels)  # type: ignore[arg-type]
    refs = Catalogue(language, course.references)
    root = ET.Element("quiz")
    for quiz in quizzes:
        cat = ET.SubElement(root, "question", {"type": "category"})
        c = ET.SubElement(cat, "category")
        ET.SubElement(c, "text").text = f"$course$/top/{quiz.title.replace('/', '//')}"
        _text_element(cat, "info", to_html(quiz.description) if quiz.description else "")
        for q in quiz.questions:
            _question(root, q, quiz, note, refs)
    ET.indent(root, "  ")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        + ET.tostring(root, encoding="unicode", short_empty_elements=False)
        + "\n"
    )


def _question(root: ET.Element, q, quiz, note: str | None, refs: Catalogue) -> None:  # type: ignore[no-untyped-def]
    kind = "truefalse" if q.type == "true_false" else "multichoice"
    element = ET.SubElement(root, "question", {"type": kind})
    name = ET.SubElement(element, "name")
    ET.SubElement(name, "text").text = q.id
    text = "\n\n".join(t.strip() for t in (q.scenario, q.prompt) if t)
    if q.type == "true_false" and note:
        text += f"\n\n*{note}*"
    _text_element(element, "questiontext", to_html(text))
    general = general_feedback(q, refs)
    _text_element(element, "generalfeedback", to_html(general) if general else "")
    ET.SubElement(element, "defaultgrade").text = f"{q.points:.7f}"
    ET.SubElement(element, "penalty").text = "1.0000000" if q.type == "true_false" else "0.3333333"
    ET.SubElement(element, "hidden").text = "0"
    ET.SubElement(element, "idnumber").text = f"{quiz.id}/{q.id}"
    if q.type == "true_false":
        for value in (True, False):
            answer = ET.SubElement(
                element,
                "answer",
                {"fraction": "100" if q.answer is value else "0", "format": "moodle_auto_format"},
            )
            ET.SubElement(answer, "text").text = "true" if value else "false"
            _text_element(answer, "feedback", "")
    else:
        k = len([o for o in q.options if o.correct])
        ET.SubElement(element, "single").text = "true" if q.type == "single" else "false"
        ET.SubElement(element, "shuffleanswers").text = "true" if quiz.shuffle_options else "false"
        ET.SubElement(element, "answernumbering").text = "abc"
        ET.SubElement(element, "showstandardinstruction").text = "0"
        for tag in ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback"):
            _text_element(element, tag, "")
        if q.type == "multiple":
            ET.SubElement(element, "shownumcorrect")
        for o in q.options:
            if q.type == "single":
                fraction = "100" if o.correct else "0"
            else:
                fraction = percent(Fraction(1, k) if o.correct else wrong_share(q.partial, k))
            answer = ET.SubElement(element, "answer", {"fraction": fraction, "format": "html"})
            ET.SubElement(answer, "text").text = escape(o.text)
            _text_element(answer, "feedback", to_html(o.feedback) if o.feedback else "")
    if q.topic:
        tags = ET.SubElement(element, "tags")
        tag = ET.SubElement(tags, "tag")
        ET.SubElement(tag, "text").text = q.topic
