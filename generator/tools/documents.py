"""What the facilitator's tools write outside the site: printable declarations for a roster (one
self-contained HTML file, and a PDF) and the SCORM package's launch page and manifest.

The templates are in `tools/templates/`; the declaration sheet is the one the site's declaration page
shows (`generator/templates/declaration.html.j2`).
"""

from __future__ import annotations

import base64
import datetime as dt
import mimetypes
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from jinja2 import Environment
from markupsafe import Markup

from generator.course.loader import LoadedCourse
from generator.i18n import long_date, ui_strings
from generator.participant import Person, participant_fields
from generator.safety import write_file
from generator.templating import environment as templates

ASSETS = Path(__file__).parent.parent / "assets"
TEMPLATES = Path(__file__).parent / "templates"


def environment() -> Environment:
    """The documents' templates, and the shared declaration sheet they include."""
    return templates(TEMPLATES)


# After sheets.js: fit every sheet once laid out, before Chromium prints
FIT_ALL = "\nwindow.Latih.documents.fitAll(document);\n"


def _data_uri(path: Path) -> str:
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode()}"


def declarations_html(loaded: LoadedCourse, people: list[Person], place: str, day: dt.date) -> str:
    """One A4 portrait declaration per person (or blank forms for empty Persons), self-contained."""
    assert loaded.course is not None and loaded.course.model.declaration is not None
    course = loaded.course.model
    ui = ui_strings(course.language)
    logo = ""
    if course.organization and course.organization.logo:
        logo = _data_uri(loaded.layout.config_dir / course.organization.logo)
    return (
        environment()
        .get_template("declarations.html.j2")
        .render(
            course=course,
            declaration=course.declaration,
            organization=course.organization.name if course.organization else "",
            logo=logo,
            people=people,
            place=place or course.declaration.place or "",
            date=long_date(day, course.language),
            fields=participant_fields(course, ui),
            ui=ui,
            # The site's own stylesheet and fitting script, verbatim: the same sheet as the site's
            css=Markup((ASSETS / "documents.css").read_text(encoding="utf-8")),
            fit=Markup((ASSETS / "js" / "sheets.js").read_text(encoding="utf-8") + FIT_ALL),
        )
    )


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


# Headless, offline and quiet: a printing browser fetches nothing and asks nothing. Chromium's
# sandbox stays on, except for root, where Chromium refuses to start with it (`chromium_flags`).
CHROMIUM_FLAGS = (
    "--headless",
    *(("--no-sandbox",) if hasattr(os, "geteuid") and os.geteuid() == 0 else ()),
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def print_pdf(html_file: Path, pdf_file: Path, browser: str) -> None:
    """Print with headless Chromium; the page's own @page rules set A4 and no margins."""
    with tempfile.TemporaryDirectory() as profile:
        printed = Path(profile) / "printed.pdf"
        subprocess.run(
            [
                browser,
                *CHROMIUM_FLAGS,
                f"--user-data-dir={profile}",
                "--no-pdf-header-footer",
                f"--print-to-pdf={printed}",
                html_file.resolve().as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
        # Renamed over the target, never written through a link at its name
        write_file(pdf_file, printed.read_bytes())
