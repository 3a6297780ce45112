"""GIFT, Moodle's text format for questions: read (single, multiple, true/false, with weights,
per-answer and general feedback, categories) and written (Markdown text, special characters escaped).

The reading follows Moodle's own importer (question/format/gift): questions are separated by blank
lines, `//` starts a comment line, `\\` escapes `~ = # { } :` and `\\n` is a line break."""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path

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
from generator.tools.banks.markup import split_question, tidy, to_markdown
from generator.tools.banks.refs import Catalogue

SPECIAL = "\\~=#{}:"
_HOLD = {c: chr(0xE000 + i) for i, c in enumerate(SPECIAL)}  # private-use stand-ins while parsing
_BACK = {v: k for k, v in _HOLD.items()}
_WEIGHT = re.compile(r"^%(-?[0-9]+(?:[.,][0-9]*)?)%")
MAX_BYTES = 20 << 20


def _hold(text: str) -> str:
    text = re.sub(r"\\([\\~=#{}:])", lambda m: _HOLD[m.group(1)], text)
    return text.replace("\\n", "\n")


def _release(text: str) -> str:
    return "".join(_BACK.get(c, c) for c in text)


def _blocks(text: str) -> list[tuple[int, str]]:
    """(first line, text) of each question: lines up to a blank line; comment lines blanked."""
    blocks: list[tuple[int, str]] = []
    current: list[str] = []
    start = 1
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip().startswith("//"):
            line = ""
            if not current:
                continue
        if not line.strip():
            if current:
                blocks.append((start, "\n".join(current)))
                current = []
            continue
        if not current:
            start = number
        current.append(line)
    if current:
        blocks.append((start, "\n".join(current)))
    return blocks


def read_gift(path: Path, raw: str, labels: tuple[str, str], catalogue: Catalogue) -> Bank:
    bank = Bank(path)
    category: str | None = None
    for line, block in _blocks(raw.lstrip("\ufeff")):
        where = Where(path, line, 1)
        text = _hold(block.strip())
        if text.startswith("$CATEGORY:"):
            category = _release(text[len("$CATEGORY:") :]).strip()
            if bank.title is None:
                bank.title = category_title(category)
            continue
        draft = _question(bank, where, text, category, labels, catalogue)
        if draft is not None:
            bank.drafts.append(draft)
    return bank


def category_title(category: str) -> str:
    parts = category_parts(category)
    return parts[0] if parts else category


def category_parts(category: str) -> list[str]:
    """`$course$/top/Quiz/Topic` as ["Quiz", "Topic"]: Moodle's context and top levels left out."""
    parts = [p.strip() for p in re.split(r"(?<!/)/(?!/)", category) if p.strip()]
    if parts and parts[0].startswith("$") and parts[0].endswith("$"):
        parts = parts[1:]
    if parts and parts[0].lower() in ("top", "default for", "standar untuk"):
        parts = parts[1:]
    return [p.replace("//", "/") for p in parts]


def category_topic(category: str | None) -> str | None:
    """A category two levels deep (quiz, then topic) names the question's topic."""
    parts = category_parts(category or "")
    return parts[-1] if len(parts) >= 2 else None


def _question(
    bank: Bank,
    where: Where,
    text: str,
    category: str | None,
    labels: tuple[str, str],
    catalogue: Catalogue,
) -> Draft | None:
    name = None
    if text.startswith("::"):
        end = text.find("::", 2)
        if end >= 0:
            name = _release(text[2:end]).strip()
            text = text[end + 2 :].strip()
    start, finish = text.find("{"), text.find("}")
    if start < 0 and finish < 0:
        bank.unsupported.append(Unsupported(where, "description", _release(text)[:60]))
        return None
    if start < 0 or finish < start:
        bank.error(where, "bank_gift_braces")
        return None
    answers = text[start + 1 : finish].strip()
    rest = text[finish + 1 :].strip()
    question = text[:start].strip() + (" _____ " + rest if rest else "")
    general = ""
    if "####" in answers:
        cut = answers.rfind("####")
        answers, general = answers[:cut].strip(), answers[cut + 4 :].strip()
    body = _markdown(question)
    if not answers or answers[0] == "#" or ("~" not in answers and "=" in answers):
        kind = "essay" if not answers else ("numerical" if answers[0] == "#" else "shortanswer")
        if "->" in answers:
            kind = "matching"
        bank.unsupported.append(Unsupported(where, kind, body[:60]))
        return None
    scenario, prompt = split_question(strip_labels_note(body))
    draft = Draft(where=where, type="single", prompt=prompt, scenario=scenario, name=name)
    draft.topic = category_topic(category)
    if general:
        explanation_and_references(bank, where, draft, _markdown(general), catalogue)
    if "~" not in answers:
        head = answers.split("#", 1)[0].strip()
        if head not in ("T", "TRUE", "F", "FALSE"):
            bank.unsupported.append(Unsupported(where, "shortanswer", body[:60]))
            return None
        draft.type = "true_false"
        draft.answer = head in ("T", "TRUE")
        if "#" in answers:
            bank.warn(where, "bank_tf_feedback_dropped")
        return draft
    single = "=" in answers
    for piece in re.split(r"(?=[~=])", answers):
        piece = piece.strip()
        if not piece:
            continue
        mark, piece = piece[0], piece[1:].strip()
        share = Fraction(1) if mark == "=" else Fraction(0)
        if (m := _WEIGHT.match(piece)) is not None:
            share = weight(m.group(1))
            piece = piece[m.end() :]
        feedback = None
        if "#" in piece:
            piece, feedback = piece.split("#", 1)
            feedback = _markdown(feedback) or None
        draft.options.append(DraftOption(_release(piece).strip(), share, feedback))
    keys_from_weights(bank, draft, single)
    return draft


def _markdown(text: str) -> str:
    """A GIFT text in Markdown: `[markdown]`, `[plain]` and `[moodle]` as written, `[html]` converted."""
    text = text.strip()
    fmt = ""
    if text.startswith("[") and "]" in text:
        fmt = text[1 : text.index("]")].lower()
        if fmt in ("html", "markdown", "plain", "moodle"):
            text = text[text.index("]") + 1 :]
    text = _release(text)
    return to_markdown(text) if fmt == "html" else tidy(text)


# Writing


def escape(text: str) -> str:
    """GIFT's special characters escaped, line breaks as `\\n`: the text stays on one line."""
    out = "".join(f"\\{c}" if c in SPECIAL else c for c in text.strip())
    return out.replace("\r\n", "\n").replace("\n", "\\n")


def write_gift(quizzes: list, course, language: str) -> str:  # type: ignore[no-untyped-def]
    """Quizzes as one GIFT file: a category per quiz (and a subcategory per topic), Markdown text."""
    from generator.i18n import true_false

    labels = tuple(course.true_false_labels or true_false(language))
    note = labels_note(language, labels)  # type: ignore[arg-type]
    refs = Catalogue(language, course.references)
    lines = [f"// {escape(course.title)} ({course.id} {course.version})", ""]
    for quiz in quizzes:
        current = None
        for q in quiz.questions:
            category = f"$course$/top/{_category_name(quiz.title)}"
            if q.topic:
                category += f"/{q.topic}"
            if category != current:
                lines += [f"$CATEGORY: {category}", ""]
                current = category
            lines += _question_lines(q, note, refs), ""
    return (
        "\n".join(line for block in lines for line in ([block] if isinstance(block, str) else block)) + "\n"
    )


def _category_name(title: str) -> str:
    # A slash would start a subcategory: Moodle reads a doubled one as the character
    return title.replace("/", "//")


def _question_lines(q, note: str | None, refs: Catalogue) -> list[str]:  # type: ignore[no-untyped-def]
    text = "\n\n".join(t.strip() for t in (q.scenario, q.prompt) if t)
    if q.type == "true_false" and note:
        text += f"\n\n*{note}*"
    head = f"::{escape(q.id)}::[markdown]{escape(text)}" + "{"
    out = [head]
    if q.type == "true_false":
        out[0] += "TRUE" if q.answer else "FALSE"
    else:
        correct = [o for o in q.options if o.correct]
        k = len(correct)
        for o in q.options:
            if q.type == "single":
                mark = "=" if o.correct else "~"
            else:
                mark = f"~%{percent(Fraction(1, k) if o.correct else wrong_share(q.partial, k))}%"
            feedback = f"#{escape(o.feedback)}" if o.feedback else ""
            out.append(f"\t{mark}{escape(o.text)}{feedback}")
    general = general_feedback(q, refs)
    if general:
        out.append(f"\t####{escape(general)}")
    if len(out) == 1:
        return [out[0] + "}"]
    return [*out, "}"]


def general_feedback(q, refs: Catalogue) -> str:  # type: ignore[no-untyped-def]
    """The explanation, then the references by their short titles (with their pinpoints)."""
    parts = [q.explanation.strip()] if q.explanation else []
    if q.references:
        names = []
        for c in q.references:
            short = refs.references[c.ref].short if c.ref in refs.references else c.ref
            names.append(f"{short} ({c.pinpoint})" if c.pinpoint else short)
        parts.append(f"{refs.label()}: {'; '.join(names)}")
    return "\n\n".join(parts)
