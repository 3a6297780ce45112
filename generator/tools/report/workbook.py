"""Spreadsheets from form tools, read without letting one small hostile file crash or exhaust the
facilitator's machine.

The reader (python-calamine) builds each sheet as a dense rows x columns range and holds every
shared string: a 4.7 KB file with a cell at XFD1048576 asks it for 512 GiB and aborts the process,
and a 1 MB zip bomb inflates to gigabytes. So, in two steps:

1. `check_workbook` inspects the zip with the standard library before any reader sees it: the
   declared and the actual uncompressed size of every part (streamed, so a part that lies about its
   size is caught), and the highest cell reference of every sheet (its `<dimension>`, rows and
   cells), refusing past `MAX_UNCOMPRESSED` bytes or `MAX_CELLS` cells with a clear message;
2. `workbook_rows` runs the reader in a child process with an address-space and a CPU limit, and
   streams its rows back: whatever the checks did not foresee (an .xls or .ods, which are not
   inspected cell by cell) ends as a message naming the file, never as a signal that kills the
   command.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

from generator.tools.report.errors import ReadError

MAX_UNCOMPRESSED = 200 << 20  # bytes of XML in a workbook: far beyond any form export
MAX_CELLS = 2_000_000  # rows x columns of one sheet, as the reader lays it out
MEMORY = 1 << 30  # address space of the reading process
CPU_SECONDS = 120  # of the reading process (the checks above bound the work well below this)
_CHUNK = 1 << 20
_CELL = re.compile(
    rb"<(?:\w+:)?(?:c|dimension)\b[^>]*?\br(?:ef)?=\"(?:[A-Z]{1,3}[0-9]{1,7}:)?([A-Z]{1,3})([0-9]{1,7})\""
)
_ROW = re.compile(rb"<(?:\w+:)?row\b[^>]*?\br=\"([0-9]{1,7})\"")


def column_number(letters: bytes) -> int:
    """`A` -> 1, `XFD` -> 16384."""
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def check_workbook(path: Path) -> None:
    """Refuse a workbook too large to read safely (see the module's text); None when it may be read."""
    if not zipfile.is_zipfile(path):
        return  # an .xls, or not a workbook at all: the reader says which, in the child process
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if sum(i.file_size for i in infos) > MAX_UNCOMPRESSED:
                raise ReadError("error_xlsx_too_big", path=path, limit=MAX_UNCOMPRESSED >> 20)
            total = 0
            for info in infos:
                sheet = info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")
                rows = columns = 0
                tail = b""
                with archive.open(info) as part:
                    while chunk := part.read(_CHUNK):
                        total += len(chunk)
                        if total > MAX_UNCOMPRESSED:
                            raise ReadError("error_xlsx_too_big", path=path, limit=MAX_UNCOMPRESSED >> 20)
                        if sheet:
                            text = tail + chunk
                            for letters, number in _CELL.findall(text):
                                rows, columns = max(rows, int(number)), max(columns, column_number(letters))
                            for number in _ROW.findall(text):
                                rows = max(rows, int(number))
                            tail = text[-512:]
                if rows * max(columns, 1) > MAX_CELLS:
                    raise ReadError(
                        "error_xlsx_too_many_cells",
                        path=path,
                        sheet=info.filename,
                        cells=rows * columns,
                        limit=MAX_CELLS,
                    )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError) as exc:
        raise ReadError("error_xlsx", path=path, reason=str(exc) or type(exc).__name__) from None
    except ValueError as exc:  # zlib's errors on a corrupt part
        raise ReadError("error_xlsx", path=path, reason=str(exc) or type(exc).__name__) from None


# The child process: python-calamine only (no polars, no Latih), one JSON list per row on stdout
_CHILD = """
import json, sys
from python_calamine import CalamineWorkbook
try:
    book = CalamineWorkbook.from_path(sys.argv[1])
    out = sys.stdout
    for name in book.sheet_names:
        for row in book.get_sheet_by_name(name).iter_rows():
            out.write(json.dumps(["" if v is None else str(v) for v in row], ensure_ascii=False))
            out.write("\\n")
except Exception as exc:
    sys.stderr.write((str(exc) or type(exc).__name__)[-500:])
    sys.exit(3)
"""


def _limits() -> None:  # pragma: no cover - runs in the child
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))


def workbook_rows(path: Path) -> Iterator[list[str]]:
    """Every row of every sheet, as text, read in a limited child process (see the module's text)."""
    check_workbook(path)
    posix = sys.platform != "win32"
    process = subprocess.Popen(
        [sys.executable, "-I", "-c", _CHILD, str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        preexec_fn=_limits if posix else None,  # only sets limits, before exec
    )
    assert process.stdout is not None and process.stderr is not None
    try:
        for line in process.stdout:
            yield json.loads(line)
        reason = process.stderr.read(4096).decode("utf-8", "replace").strip()
        code = process.wait()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stdout.close()
        process.stderr.close()
    if code < 0 or (code != 0 and not reason):
        raise ReadError("error_xlsx_crashed", path=path, limit=MEMORY >> 20)
    if code != 0:
        raise ReadError("error_xlsx", path=path, reason=reason)
