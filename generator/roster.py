"""Rosters for printing declarations: CSV as spreadsheets export it, read forgivingly, checked row by row.

The browser's roster reader (assets/js/roster.js) follows the same rules; tests/vectors/roster.json
holds the cases both must agree on.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import re
import sys
from dataclasses import dataclass

from generator.participant import Person

csv.field_size_limit(sys.maxsize)  # a long cell is a long cell, not a reason to fail

# Column names as people write them in spreadsheets, in Indonesian and English
COLUMNS = {
    "name": ("nama", "nama lengkap", "name", "full name"),
    "nip": ("nip", "nomor induk pegawai"),
    "position": ("jabatan", "position", "job title"),
    "agency": ("instansi", "unit kerja", "agency", "organization", "organisation"),
}


@dataclass(frozen=True)
class BadRow:
    row: int  # 1-based line in the file, the header being row 1
    reason: str  # a message key: nip_* or name_missing
    value: str = ""


@dataclass(frozen=True)
class Roster:
    people: list[Person]
    bad: list[BadRow]
    missing_columns: list[str]
    # Everyone whose declaration prints, in the file's order: a named row with an unusable number
    # prints too, its number left blank to write by hand (as the roster page does, documents.js)
    printed: list[Person] = dataclasses.field(default_factory=list)

    def blank_number(self) -> list[BadRow]:
        """The bad rows that still print (a name, an unusable number)."""
        return [b for b in self.bad if b.reason != "name_missing"]

    def skipped(self) -> list[BadRow]:
        return [b for b in self.bad if b.reason == "name_missing"]


def nip_problem(nip: str) -> str | None:
    """Why a NIP is not plausible, as a message key, or None. An empty NIP is allowed (non-PNS)."""
    if not nip:
        return None
    if re.fullmatch(r"\d(\.\d+)?[eE]\+?\d+", nip):
        return "nip_scientific"  # a spreadsheet turned the number into 1.98501E+17
    if not nip.isdigit() or len(nip) != 18:
        return "nip_length"
    try:
        dt.date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        return "nip_birth_date"
    if not 1 <= int(nip[12:14]) <= 12:
        return "nip_appointment"
    if nip[14] not in "12":
        return "nip_gender"
    return None


def normalise_nip(raw: str) -> str:
    # People type NIPs with spaces or dots for readability: 19850101 201001 1 001
    return re.sub(r"[\s.\-']", "", raw) if not re.search(r"[eE]\+", raw) else raw.strip()


def _header_map(header: list[str], labels: dict[str, str] | None = None) -> dict[str, int]:
    own = {field: label.lower() for field, label in (labels or {}).items()}
    names_of = {field: (*names, *([own[field]] if field in own else [])) for field, names in COLUMNS.items()}
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        label = cell.strip().lower()
        for field, names in names_of.items():
            if label in names and field not in found:
                found[field] = index
    return found


def read_roster(
    text: str, labels: dict[str, str] | None = None, rule: str = "nip", pattern: str = ""
) -> Roster:
    """Read CSV text: BOM or not, comma or semicolon, quoted or not. Bad rows never stop the rest.

    `labels`: the course's own labels of the participant's fields (generator/participant.py),
    recognised as column names too. The identity number is checked by the course's `rule` (the
    NIP's structure by default) and `pattern` (a bad value: reason "field_invalid")."""
    text = text.lstrip("\ufeff")
    lines = text.splitlines()
    first = lines[0] if lines else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    # newline="" lets the csv module see every \r and \n itself, as a spreadsheet export needs
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    if not rows:
        return Roster([], [], ["name"])
    columns = _header_map(rows[0], labels)
    if "name" not in columns:
        return Roster([], [], [f for f in ("name",) if f not in columns])
    people: list[Person] = []
    printed: list[Person] = []
    bad: list[BadRow] = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue  # blank lines at the end of an export

        def cell(field: str, row: list[str] = row) -> str:
            index = columns.get(field)
            return row[index].strip() if index is not None and index < len(row) else ""

        name = cell("name")
        nip = normalise_nip(cell("nip")) if rule == "nip" else cell("nip")
        if not name:
            bad.append(BadRow(number, "name_missing"))
            continue
        problem = nip_problem(nip) if rule == "nip" else None
        if problem is None and pattern and nip and not re.fullmatch(pattern, nip):
            problem = "field_invalid"
        if problem:
            bad.append(BadRow(number, problem, cell("nip")))
            printed.append(Person(name, "", cell("position"), cell("agency")))
            continue
        people.append(Person(name, nip, cell("position"), cell("agency")))
        printed.append(people[-1])
    return Roster(people, bad, [], printed)
