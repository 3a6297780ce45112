"""Question banks in spreadsheets: XLSX (as Excel and Google Sheets save them) or CSV (comma or
semicolon, UTF-8 with or without BOM, UTF-16, Windows-1252), one question per row.

Reading is bounded: a file over `MAX_BYTES`, an XLSX whose parts unpack to more than
`MAX_UNPACKED`, or more than `MAX_ROWS` rows is refused before it can take memory. Cells are read as
the values the file holds; a formula is never evaluated (an XLSX cell gives the value its
spreadsheet saved with it, a CSV cell its text).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from generator.tools.banks.draft import Bank, Draft, DraftOption, Where
from generator.tools.banks.refs import Catalogue

MAX_BYTES = 20 << 20
MAX_UNPACKED = 200 << 20
MAX_ROWS = 20_000
HEADER_ROWS = 10  # the header is one of the first rows (a title may sit above it)

# What a header names, by its words in Indonesian or English (compared without case and spaces)
FIELDS: dict[str, tuple[str, ...]] = {
    "number": ("no", "no.", "nomor", "number", "#"),
    "id": ("id", "kode soal", "question id"),
    "type": ("jenis", "jenis soal", "tipe", "tipe soal", "type", "question type"),
    "topic": ("topik", "topic", "materi", "kategori", "category"),
    "scenario": ("skenario", "scenario", "kasus", "stimulus", "case"),
    "prompt": ("soal", "pertanyaan", "question", "prompt", "butir soal"),
    "key": ("kunci", "kunci jawaban", "jawaban", "jawaban benar", "key", "answer", "correct answer"),
    "explanation": ("pembahasan", "penjelasan", "explanation", "rationale"),
    "references": ("rujukan", "referensi", "dasar hukum", "references", "reference"),
    "points": ("poin", "bobot", "skor", "nilai", "points", "score", "weight"),
    "partial": ("nilai sebagian", "sebagian", "partial", "partial credit"),
}
OPTION_WORDS = ("pilihan", "opsi", "option", "choice", "jawaban")
FEEDBACK_WORDS = ("umpan balik", "feedback", "balikan")
TYPES = {
    "single": ("single", "tunggal", "pilihan ganda", "pg", "satu jawaban", "multiple choice"),
    "multiple": (
        "multiple",
        "ganda",
        "jamak",
        "pilihan ganda kompleks",
        "pgk",
        "banyak jawaban",
        "multiple answer",
        "multiple response",
        "checkbox",
    ),
    "true_false": (
        "true_false",
        "benar-salah",
        "benar/salah",
        "benar salah",
        "b/s",
        "bs",
        "true/false",
        "tf",
    ),
}
YES = ("ya", "y", "yes", "true", "benar", "1")
NO = ("tidak", "t", "no", "false", "salah", "0")
TRUE_WORDS = ("benar", "b", "true", "t", "ya", "y")
FALSE_WORDS = ("salah", "s", "false", "f", "tidak")


class SheetRefused(Exception):
    """The file is refused whole (too large, unreadable); `key` and `values` fill a message."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", str(text).replace("_", " ")).strip().lower().rstrip(":")


def decode(raw: bytes) -> str:
    """Text as spreadsheet programs save it: UTF-8 (BOM or not), UTF-16 with a BOM, else Windows-1252."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", errors="replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _delimiter(text: str) -> str:
    """Comma, semicolon (Excel in an Indonesian locale) or tab: the one the header line holds most of."""
    first = text[: 64 << 10].split("\n", HEADER_ROWS)[:HEADER_ROWS]
    sample = "\n".join(first)
    counts = {d: sample.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: (counts[d], d == ","))


def read_rows(path: Path) -> list[list[str]]:
    """The rows of the file's first sheet as text, bounded in size and count."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise SheetRefused("bank_unreadable", reason=exc.strerror or exc) from None
    if size > MAX_BYTES:
        raise SheetRefused("bank_too_large", size=f"{size / 1e6:.0f}", limit=MAX_BYTES >> 20)
    if path.suffix.lower() in (".csv", ".tsv", ".txt"):
        text = decode(path.read_bytes())
        rows = []
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text)):
            rows.append(row)
            if len(rows) > MAX_ROWS:
                raise SheetRefused("bank_too_many_rows", limit=MAX_ROWS)
        return rows
    return _xlsx_rows(path)


def _xlsx_rows(path: Path) -> list[list[str]]:
    import python_calamine

    # A small file that unpacks to gigabytes is refused from its table of contents, before reading
    try:
        with zipfile.ZipFile(path) as z:
            unpacked = sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, OSError):
        raise SheetRefused("bank_not_xlsx") from None
    if unpacked > MAX_UNPACKED:
        raise SheetRefused("bank_too_large", size=f"{unpacked / 1e6:.0f}", limit=MAX_UNPACKED >> 20)
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        sheet = book.get_sheet_by_index(0)
        rows: list[list[str]] = []
        for row in sheet.iter_rows():
            rows.append([_cell(v) for v in row])
            if len(rows) > MAX_ROWS:
                raise SheetRefused("bank_too_many_rows", limit=MAX_ROWS)
    except SheetRefused:
        raise
    except Exception as exc:  # calamine's errors name no common class
        raise SheetRefused("bank_unreadable", reason=exc) from None
    return rows


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@dataclass(frozen=True)
class Columns:
    """Which column holds what: fields by name, options and their feedback by letter."""

    header_row: int  # 0-based
    names: list[str]  # each column's header as written (for messages)
    fields: dict[str, int]
    options: dict[str, int]  # "A" -> column
    feedback: dict[str, int]


def _letter(words: str, prefixes: tuple[str, ...]) -> str | None:
    for prefix in prefixes:
        if words.startswith(prefix):
            rest = words[len(prefix) :].strip(" .-:()")
            if len(rest) == 1 and rest.isalpha():
                return rest.upper()
    return None


def find_columns(rows: list[list[str]]) -> Columns | None:
    """The header row: the first of the first rows that names the question column. A group header
    merged over several cells (`Pilihan` over A..E) with the letters in the row below names the
    cells under it `Pilihan A` ... `Pilihan E`; a merged cell holds its text in its first cell only."""
    for index, row in enumerate(rows[:HEADER_ROWS]):
        if not any(_norm(c) in FIELDS["prompt"] for c in row):
            continue
        below = rows[index + 1] if index + 1 < len(rows) else []
        two_rows = sum(1 for c in below if len(_norm(c)) == 1 and _norm(c).isalpha()) >= 2
        width = max(len(row), len(below) if two_rows else 0)
        names: list[str] = []
        fields: dict[str, int] = {}
        options: dict[str, int] = {}
        feedback: dict[str, int] = {}
        group = ""
        for col in range(width):
            top = row[col].strip() if col < len(row) else ""
            under = below[col].strip() if two_rows and col < len(below) else ""
            group = top or group
            name = f"{group} {under.upper()}" if len(under) == 1 and under.isalpha() else (top or under)
            names.append(name)
            words = _norm(name)
            if (letter := _letter(words, FEEDBACK_WORDS)) is not None:
                feedback.setdefault(letter, col)
            elif (letter := _letter(words, OPTION_WORDS)) is not None:
                options.setdefault(letter, col)
            else:
                for field_name, spellings in FIELDS.items():
                    if words in spellings and field_name not in fields:
                        fields[field_name] = col
                        break
        return Columns(index + 1 if two_rows else index, names, fields, options, feedback)
    return None


def read_sheet(path: Path, labels: tuple[str, str], catalogue: Catalogue) -> Bank:
    """Every row of a spreadsheet as a question, every mistake at its row and column."""
    bank = Bank(path)
    try:
        rows = read_rows(path)
    except SheetRefused as exc:
        bank.problems.append(Where(path, 1, 1).problem(exc.key, **exc.values))
        return bank
    columns = find_columns(rows)
    if columns is None:
        bank.error(Where(path, 1, 1), "bank_no_header", columns=", ".join(FIELDS["prompt"][:2]))
        return bank
    for number in range(columns.header_row + 1, len(rows)):
        row = rows[number]
        if not any(c.strip() for c in row):
            continue  # empty rows (Excel keeps formatted ones at the end) are nothing
        draft = _row(bank, path, number + 1, row, columns, labels, catalogue)
        if draft is not None:
            bank.drafts.append(draft)
    return bank


def _row(
    bank: Bank,
    path: Path,
    line: int,
    row: list[str],
    columns: Columns,
    labels: tuple[str, str],
    catalogue: Catalogue,
) -> Draft | None:
    def cell(col: int | None) -> str:
        return row[col].strip() if col is not None and col < len(row) else ""

    def at(col: int) -> Where:
        return Where(path, line, col + 1, columns.names[col])

    f = columns.fields
    prompt_col = f["prompt"]
    where = at(prompt_col)
    ok = True
    if not cell(prompt_col):
        bank.error(where, "bank_empty_cell")
        ok = False
    letters = sorted(columns.options)
    texts = {letter: cell(columns.options[letter]) for letter in letters}
    written = [letter for letter in letters if texts[letter]]
    key_col = f.get("key")
    key_text = cell(key_col)
    kind = _type(cell(f.get("type")))
    if "type" in f and cell(f["type"]) and kind is None:
        bank.error(at(f["type"]), "bank_bad_type", value=cell(f["type"]))
        ok = False
    answer: bool | None = None
    keys: list[str] = []
    if key_col is None or not key_text:
        bank.error(at(key_col) if key_col is not None else where, "bank_no_key")
        return None
    truth = _truth(key_text, labels, allow_letters=kind == "true_false" or not written)
    if kind == "true_false" or (kind is None and truth is not None and not written):
        if truth is None:
            bank.error(at(key_col), "bank_bad_tf_key", value=key_text, true=labels[0], false=labels[1])
            return None
        kind, answer = "true_false", truth
    else:
        keys = [k.upper() for k in re.split(r"[\s,;/&+]+|\bdan\b|\band\b", key_text) if k]
        if (
            len(keys) == 1
            and len(keys[0]) > 1
            and keys[0].isalpha()
            and all(k in columns.options for k in keys[0])
        ):
            keys = list(keys[0])  # "AC"
        for key in keys:
            if key not in columns.options:
                bank.error(at(key_col), "bank_key_unknown", key=key, letters=", ".join(letters) or "-")
                ok = False
            elif not texts[key]:
                col = columns.options[key]
                bank.error(at(key_col), "bank_key_empty_option", key=key, column=columns.names[col])
                ok = False
        if kind is None:
            kind = "multiple" if len(keys) > 1 else "single"
        if kind == "single" and len(keys) > 1:
            bank.error(at(key_col), "bank_single_many_keys", count=len(keys))
            ok = False
        if len(written) < 2:
            bank.error(where, "bank_few_options", count=len(written))
            ok = False
    if not ok:
        return None
    options = []
    if kind != "true_false":
        share = Fraction(1, len(keys)) if keys else Fraction(0)
        for letter in written:
            fb = cell(columns.feedback.get(letter))
            options.append(DraftOption(texts[letter], share if letter in keys else Fraction(0), fb or None))
    for letter, col in columns.feedback.items():
        if cell(col) and (letter not in texts or not texts[letter]):
            bank.warn(at(col), "bank_feedback_without_option", letter=letter)
    points = 1
    if "points" in f and cell(f["points"]):
        value = cell(f["points"])
        if value.isdigit() and int(value) >= 1:
            points = int(value)
        else:
            bank.error(at(f["points"]), "bank_bad_points", value=value)
            return None
    partial = None
    if kind == "multiple":
        partial = True
        if "partial" in f and cell(f["partial"]):
            word = _norm(cell(f["partial"]))
            if word not in YES + NO:
                bank.error(at(f["partial"]), "bank_bad_yes_no", value=cell(f["partial"]))
                return None
            partial = word in YES
    draft = Draft(
        where=where,
        type=kind,
        prompt=cell(prompt_col),
        scenario=cell(f.get("scenario")) or None,
        options=options,
        answer=answer,
        partial=partial,
        topic=cell(f.get("topic")) or None,
        explanation=cell(f.get("explanation")) or None,
        points=points,
        name=cell(f.get("id")) or None,
    )
    if "references" in f and cell(f["references"]):
        catalogue.attach(bank, at(f["references"]), draft, cell(f["references"]))
    return draft


def _type(text: str) -> str | None:
    word = _norm(text)
    for kind, spellings in TYPES.items():
        if word in spellings:
            return kind
    return None


def _truth(text: str, labels: tuple[str, str], allow_letters: bool) -> bool | None:
    word = _norm(text)
    if (
        word == _norm(labels[0])
        or word in ("benar", "true", "ya", "yes")
        or (allow_letters and word in TRUE_WORDS)
    ):
        return True
    if (
        word == _norm(labels[1])
        or word in ("salah", "false", "tidak", "no")
        or (allow_letters and word in FALSE_WORDS)
    ):
        return False
    return None
