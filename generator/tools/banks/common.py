"""What the GIFT and Moodle XML readers share: weights to Latih's keys, the note a true/false question
carries about the course's labels, the explanation and its references from general feedback."""

from __future__ import annotations

import re
from fractions import Fraction

from generator.i18n import LANGUAGES, message, true_false
from generator.tools.banks.draft import Bank, Draft, Where
from generator.tools.banks.markup import paragraphs
from generator.tools.banks.refs import Catalogue


def labels_note(language: str, labels: tuple[str, str]) -> str | None:
    """The line a true/false question carries when the course's labels are not the LMS's True/False."""
    plain = tuple(true_false(language))
    if tuple(labels) == plain:
        return None
    return message(language, "bank_tf_note", true=plain[0], false=plain[1], yes=labels[0], no=labels[1])


def strip_labels_note(text: str, languages: tuple[str, ...] = LANGUAGES) -> str:
    """A question text without the labels note Latih's export adds (in either language)."""
    for language in languages:
        plain = true_false(language)
        said = message(language, "bank_tf_note", true=plain[0], false=plain[1], yes="QQYESQQ", no="QQNOQQ")
        pattern = re.escape(said).replace("QQYESQQ", ".+?").replace("QQNOQQ", ".+?")
        parts = paragraphs(text)
        if parts and re.fullmatch(r"[*_]?" + pattern + r"[*_]?", parts[-1]):
            return "\n\n".join(parts[:-1])
    return text


def explanation_and_references(
    bank: Bank, where: Where, draft: Draft, feedback: str, catalogue: Catalogue
) -> None:
    """General feedback: the explanation, and a last paragraph `References: ...` Latih's export writes."""
    parts = paragraphs(feedback)
    label = catalogue.label()
    refs = None
    if parts:
        last = parts[-1].strip("*_ ")
        for lead in (label, message("en", "bank_references_label"), message("id", "bank_references_label")):
            if last.startswith(f"{lead}:"):
                refs = last[len(lead) + 1 :].strip().strip("*_ ")
                parts = parts[:-1]
                break
    draft.explanation = "\n\n".join(parts) or None
    if refs:
        catalogue.attach(bank, where, draft, refs)


def keys_from_weights(bank: Bank, draft: Draft, single: bool) -> None:
    """Moodle's fractions as Latih's keys: an option with a positive share is correct. A multiple
    question scores partially (Latih's rule: each wrong choice cancels a right one) unless every
    wrong option takes the whole mark away, as Latih's export of an all-or-nothing question writes."""
    correct = [o for o in draft.options if o.weight > 0]
    wrong = [o for o in draft.options if o.weight <= 0]
    if single:
        partial = [o for o in correct if o.weight < 1]
        for o in partial:
            bank.warn(draft.where, "bank_single_partial_dropped", option=o.text[:40])
            o.weight = Fraction(0)
        draft.type = "single"
        return
    draft.type = "multiple"
    if len({o.weight for o in correct}) > 1:
        bank.warn(draft.where, "bank_uneven_weights")
    draft.partial = not (len(correct) > 1 and wrong and all(o.weight <= -1 for o in wrong))


def percent(share: Fraction) -> str:
    """A share as Moodle writes a weight: 50, 33.33333, -25."""
    value = float(share * 100)
    return f"{value:.5f}".rstrip("0").rstrip(".")


def wrong_share(partial: bool | None, correct: int) -> Fraction:
    """What choosing a wrong option of a multiple question costs. Latih's partial rule (each wrong
    choice cancels a right one) is exactly Moodle's -1/k per wrong option, Moodle's total floored at
    zero as Latih's is; all-or-nothing, which Moodle's core cannot say, is approached by a wrong
    option taking the whole mark away."""
    return Fraction(-1, correct) if partial else Fraction(-1)


def weight(text: str) -> Fraction:
    return Fraction(text.strip().replace(",", ".")) / 100
