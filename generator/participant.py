"""The participant's identity: who they are, and which fields the course asks, with what labels and rules.

One home for the rule, used by the site's forms, the printed documents, results codes, rosters and
the browser runtime.
Results codes keep four slots (name, nip, position, agency); a course's `number` field fills the
`nip` slot, whatever the course calls it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from generator.schema import Course, ParticipantField, ParticipantFields

# YAML key -> (slot in results codes and browser storage, default label's UI key, longest value)
SLOTS = {
    "name": ("name", "field_name", 120),
    "number": ("nip", "field_number", 32),
    "position": ("position", "field_position", 150),
    "agency": ("agency", "field_agency", 150),
}
# Without a `participant` block a course asks a name, a position and an agency: nothing national
DEFAULT = ParticipantFields(name=ParticipantField(), position=ParticipantField(), agency=ParticipantField())


@dataclass(frozen=True)
class Person:
    """A participant's identity as typed in a form, a results code or a roster; any field but the
    name may be empty (and in a results code, the name too)."""

    name: str = ""
    nip: str = ""  # the identity number's slot, whatever the course calls the field
    position: str = ""
    agency: str = ""


@dataclass(frozen=True)
class FieldView:
    id: str
    label: str
    hint: str
    pattern: str
    message: str
    required: bool
    rule: str
    maxlength: int


def participant_fields(course: Course, ui: dict[str, str]) -> list[FieldView]:
    """The fields in form order; the name is always asked and always required."""
    declared = course.participant or DEFAULT
    fields = []
    for key, (slot, label_key, maxlength) in SLOTS.items():
        given: ParticipantField | None = getattr(declared, key)
        if given is None and key != "name":
            continue
        given = given or ParticipantField()
        fields.append(
            FieldView(
                id=slot,
                label=given.label or ui[label_key],
                hint=given.hint or "",
                pattern=given.pattern or "",
                message=given.message or ui["field_invalid"],
                required=given.required or key == "name",
                rule=given.rule or "",
                maxlength=maxlength,
            )
        )
    return fields


def fields_data(fields: list[FieldView]) -> list[dict[str, Any]]:
    return [asdict(f) for f in fields]
