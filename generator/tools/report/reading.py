"""Reading what facilitators receive: files and folders of pasted text, chat exports, code lists,
and CSV or XLSX exports of form tools (Google Forms, Microsoft Forms, KoboToolbox).

Text is streamed in blocks that end at a line break, so memory stays bounded whatever the file's
size; a single line over 1 MB is refused. A form export is read row by row: the cells that hold a
code are the code, the other columns are the participant's attributes (e-mail, unit kerja,
kabupaten/kota, province ...), found by their headers. Nothing here decodes a code.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from generator.tools.report.errors import ReadError
from generator.tools.report.workbook import workbook_rows

BLOCK = 4 << 20  # bytes of text per job
LOOKAHEAD = 256 << 10  # bytes of the next block a code cut at a block's end may read on into
MAX_LINE = 1 << 20  # a longer line is not text people pasted
CELLS_PER_JOB = 4000  # form rows per job
FORMS = {".csv": "csv", ".tsv": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xlsx", ".ods": "xlsx"}
SKIPPED = {".zip", ".gz", ".png", ".jpg", ".jpeg", ".pdf", ".html", ".parquet", ".docx"}

# Attributes a form column can give, with the header words that name them (Indonesian and English,
# as the three form tools write them); the first role whose words a header holds wins.
ROLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("email", ("e-mail", "email", "surel", "alamat surat elektronik")),
    ("nip", ("nip",)),
    ("region", ("provinsi", "propinsi", "province")),
    ("subregion", ("kabupaten", "kota", "kab/kota", "regency", "city", "district")),
    (
        "agency",
        (
            "unit kerja",
            "instansi",
            "satuan kerja",
            "satker",
            "opd",
            "perangkat daerah",
            "agency",
            "organisasi",
            "organization",
            "organisation",
            "dinas",
        ),
    ),
    (
        "timestamp",
        (
            "timestamp",
            "stempel waktu",
            "waktu",
            "start time",
            "completion time",
            "submission time",
            "_submission_time",
            "tanggal",
        ),
    ),
    ("name", ("nama", "name")),
)
ATTRIBUTES = ("email", "nip", "region", "subregion", "agency", "timestamp", "name", "group")
_WORD = re.compile(r"[a-z0-9_]+")


@dataclass
class Job:
    """A piece of work for a decoder: a block of text, or the code cells of some form rows."""

    source: int
    first_line: int = 0  # the 0-based line the block starts on
    block: bytes = b""
    lookahead: bytes = b""
    cells: list[tuple[int, str]] = field(default_factory=list)  # (row, text of its code cells)


@dataclass
class Forms:
    """The attributes of every form row that held a code, as columns, and what the forms offered."""

    rows: dict[str, list[object]] = field(
        default_factory=lambda: {k: [] for k in ("source", "line", *ATTRIBUTES)}
    )
    columns: list[str] = field(default_factory=list)  # every header seen, for messages
    roles: set[str] = field(default_factory=set)  # the attributes some form gave
    seen: set[str] = field(default_factory=set)  # `columns` as a set: headers are many, membership linear

    def add_columns(self, header: list[str]) -> None:
        for h in header:
            if h and h not in self.seen:
                self.seen.add(h)
                self.columns.append(h)

    def add(self, source: int, line: int, values: dict[str, str]) -> None:
        self.rows["source"].append(source)
        self.rows["line"].append(line)
        for key in ATTRIBUTES:
            self.rows[key].append(values.get(key, ""))


def expand(paths: list[str]) -> list[Path]:
    """Files named, and the files inside folders named (sorted, hidden ones left out)."""
    found: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            inside = sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            found += [p for p in inside if p.suffix.lower() not in SKIPPED]
        elif path.is_file():
            found.append(path)
        else:
            raise ReadError("error_no_such", path=name)
    return found


def role(header: str) -> str | None:
    """The attribute a column's header names, if any."""
    text = " ".join(header.casefold().split())
    words = set(_WORD.findall(text))
    for name, keys in ROLES:
        for key in keys:
            if (key in text) if (" " in key or "-" in key or "/" in key or len(key) > 5) else (key in words):
                return name
    return None


def jobs(
    paths: list[Path], forms: Forms, counts: dict[str, int], group_by: str | None = None
) -> Iterator[Job]:
    """Every job of every file, in order; counts["without_code"] gains the form rows without a code."""
    for source, path in enumerate(paths):
        kind = FORMS.get(path.suffix.lower(), "text")
        if kind == "text":
            yield from _text_jobs(path, source)
        else:
            rows = _csv_rows(path) if kind == "csv" else workbook_rows(path)
            yield from _form_jobs(rows, source, forms, counts, group_by)


def encoding_of(head: bytes) -> str:
    """The encoding of a text or CSV file from its first bytes: UTF-16 (with a BOM, as Excel's
    "Unicode Text" and Notepad write it, or without one but with NULs in every other byte), else
    UTF-8 (with or without a BOM)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    sample = head[:4096]
    if len(sample) >= 8:
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        if odd > len(sample) // 4 and even == 0:
            return "utf-16-le"
        if even > len(sample) // 4 and odd == 0:
            return "utf-16-be"
    return "utf-8-sig"


class _Utf8Reader:
    """A binary file read as UTF-8 bytes, whatever `encoding_of` found: `read(n)` as a file's."""

    def __init__(self, stream: io.BufferedReader) -> None:
        self.stream = stream
        encoding = encoding_of(stream.peek(4096)[:4096])
        self.decoder = None if encoding == "utf-8-sig" else codecs.getincrementaldecoder(encoding)("replace")

    def read(self, size: int) -> bytes:
        raw = self.stream.read(size)
        if self.decoder is None:
            return raw
        return self.decoder.decode(raw, final=not raw).encode("utf-8")


def _text_jobs(path: Path, source: int) -> Iterator[Job]:
    line = 0
    pending: Job | None = None
    try:
        with path.open("rb") as raw:
            stream = _Utf8Reader(raw)
            carry = b""
            while True:
                chunk = stream.read(BLOCK)
                data = carry + chunk
                cut = data.rfind(b"\n") + 1 if chunk else len(data)
                block, carry = data[:cut], data[cut:]
                if len(carry) > MAX_LINE:
                    raise ReadError("error_line_too_long", path=path, line=line + block.count(b"\n") + 1)
                if block:
                    _check_lines(block, path, line)
                    job = Job(source, line, block)
                    line += block.count(b"\n")
                    if pending is not None:
                        pending.lookahead = block[:LOOKAHEAD]
                        yield pending
                    pending = job
                if not chunk:
                    break
    except OSError as exc:
        raise ReadError("error_unreadable", path=path, reason=exc.strerror or exc) from None
    if pending is not None:
        yield pending


def _check_lines(block: bytes, path: Path, first: int) -> None:
    if len(block) <= MAX_LINE:
        return
    start = 0
    for number, at in enumerate(_line_ends(block)):
        if at - start > MAX_LINE:
            raise ReadError("error_line_too_long", path=path, line=first + number + 1)
        start = at + 1


def _line_ends(block: bytes) -> Iterator[int]:
    at = block.find(b"\n")
    while at != -1:
        yield at
        at = block.find(b"\n", at + 1)
    yield len(block)


def delimiter(header: str, suffix: str) -> str:
    """The CSV delimiter, from the first line only: the most frequent of comma, semicolon and tab
    outside quotes (Excel in Indonesian writes semicolons). Linear in the line, so no file can make
    this slow, as `csv.Sniffer` can be made."""
    if suffix == ".tsv":
        return "\t"
    counts = {",": 0, ";": 0, "\t": 0}
    quoted = False
    for ch in header:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts, key=lambda c: counts[c])
    return best if counts[best] else ","


def _bounded_lines(stream: io.TextIOBase, path: Path, numbers: list[int]) -> Iterator[str]:
    """The file's lines, each at most MAX_LINE characters: a longer one is refused before it is
    read whole. `numbers[0]` follows the line being read, for messages."""
    while True:
        text = stream.readline(MAX_LINE + 1)
        if not text:
            return
        numbers[0] += 1
        if len(text) > MAX_LINE and not text.endswith("\n"):
            raise ReadError("error_line_too_long", path=path, line=numbers[0])
        yield text


def _csv_rows(path: Path) -> Iterator[list[str]]:
    csv.field_size_limit(MAX_LINE)
    try:
        with path.open("rb") as probe:
            encoding = encoding_of(probe.read(4096))
        with path.open("r", encoding=encoding, errors="replace", newline="") as stream:
            numbers = [0]
            lines = _bounded_lines(stream, path, numbers)
            first = next(lines, "")
            sep = delimiter(first, path.suffix.lower())
            reader = csv.reader(itertools.chain([first], lines), delimiter=sep)
            try:
                yield from reader
            except csv.Error:
                raise ReadError("error_line_too_long", path=path, line=numbers[0]) from None
    except OSError as exc:
        raise ReadError("error_unreadable", path=path, reason=exc.strerror or exc) from None


def _has_code(cell: str) -> bool:
    return "LATIH1" in cell.upper()


def _form_jobs(
    rows: Iterator[list[str]], source: int, forms: Forms, counts: dict[str, int], group_by: str | None
) -> Iterator[Job]:
    header: list[str] | None = None
    roles: list[str | None] = []
    job = Job(source)
    for number, row in enumerate(rows, start=1):
        cells = [c.strip() for c in row]
        if not any(cells):
            continue  # a blank row
        coded = [i for i, c in enumerate(cells) if _has_code(c)]
        if header is None and not coded:
            header = cells
            forms.add_columns(header)
            roles = [role(h) for h in header]
            if group_by is not None:
                wanted = group_by.casefold().strip()
                roles = [
                    "group" if h.casefold().strip() == wanted else r
                    for h, r in zip(header, roles, strict=True)
                ]
            forms.roles.update(r for r in roles if r)
            continue
        if not coded:
            counts["without_code"] += 1
            continue
        values: dict[str, str] = {}
        for i, cell in enumerate(cells):
            key = roles[i] if i < len(roles) else None
            if key and cell and i not in coded and key not in values:
                values[key] = cell
        forms.add(source, number, values)
        job.cells.append((number, "\n".join(cells[i] for i in coded)))
        if len(job.cells) >= CELLS_PER_JOB:
            yield job
            job = Job(source)
    if job.cells:
        yield job


def size(paths: list[Path]) -> int:
    """Bytes to read, for the progress bar."""
    return sum(p.stat().st_size for p in paths)


__all__ = ["Forms", "Job", "ReadError", "expand", "io", "jobs", "role", "size"]
