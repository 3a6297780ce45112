"""References on their way in and out: a bank names them by their short title ("SKB 2/2022") or
by id; a course's catalogue (`references` in course.yml) turns either into its ids."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from generator.i18n import message
from generator.schema import Reference
from generator.tools.banks.draft import Bank, Draft, Where

SEPARATORS = ";\n"


def split_names(text: str) -> list[str]:
    """`SKB 2/2022 (Lampiran; huruf b); PP 94/2021` as its two names: a separator inside
    parentheses belongs to a pinpoint."""
    names, current, depth = [], "", 0
    for char in text:
        depth += (char == "(") - (char == ")")
        if char in SEPARATORS and depth <= 0:
            names.append(current.strip())
            current = ""
        else:
            current += char
    names.append(current.strip())
    return [n for n in names if n]


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


@dataclass
class Catalogue:
    language: str
    references: Mapping[str, Reference] = field(default_factory=dict)

    def lookup(self, text: str) -> str | dict[str, str] | None:
        """A reference id, or {ref, pinpoint} for `SKB 2/2022 (Lampiran)`; None when unknown."""
        key = _key(text)
        for rid, ref in self.references.items():
            if key in (rid, _key(ref.short)):
                return rid
        m = re.fullmatch(r"(.+?)\s*\((.+)\)", text.strip())
        if m is not None:
            found = self.lookup(m.group(1))
            if isinstance(found, str):
                return {"ref": found, "pinpoint": m.group(2).strip()}
        return None

    def label(self) -> str:
        return message(self.language, "bank_references_label")

    def attach(self, bank: Bank, where: Where, draft: Draft, text: str) -> None:
        """The references a cell or a paragraph names: known ones by id, the others kept in the
        explanation (a warning says so), so nothing the author wrote is lost."""
        unknown = []
        for item in split_names(text):
            rid = self.lookup(item)
            if rid is None:
                unknown.append(item)
            elif rid not in draft.references:
                draft.references.append(rid)
        if unknown:
            bank.warn(where, "bank_reference_unknown", names="; ".join(unknown))
            line = f"{self.label()}: {'; '.join(unknown)}"
            draft.explanation = f"{draft.explanation}\n\n{line}" if draft.explanation else line

    def shorts(self, ids: list[str]) -> str:
        return "; ".join(self.references[r].short if r in self.references else r for r in ids)
