"""A built site, packed: a zip that works wherever it is unzipped, or a SCORM 1.2 package for an LMS."""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import quote

from generator.course.loader import LoadedCourse
from generator.i18n import ui_strings
from generator.safety import MARKER
from generator.schema import effective_pass_mark, outline_ids
from generator.tools.documents import environment

MANIFEST = "imsmanifest.xml"
LAUNCH_PAGE = "scorm.html"  # opens the SCORM session once and shows the site in a frame
START_PAGE = "index.html"
# Fixed entry times and modes: the same site always packs into the same bytes
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
FILE_MODE = 0o644 << 16


def site_files(site_dir: Path) -> list[str]:
    """Every file of a built site, as sorted paths relative to it, with forward slashes."""
    site_dir = Path(site_dir)
    # The build marker says "Latih made this folder" to the next build; it is not part of the site
    return sorted(
        p.relative_to(site_dir).as_posix()
        for p in site_dir.rglob("*")
        if p.is_file() and p.relative_to(site_dir).as_posix() != MARKER
    )


def write_zip(out_zip: Path, entries: Iterable[tuple[str, Path | bytes]]) -> int:
    """Write entries (name, file or bytes) in the order given; replace `out_zip` only when complete."""
    out_zip = Path(out_zip)
    out_zip.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_zip.with_name(f".{out_zip.name}.latih-{os.getpid()}")
    count = 0
    try:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
            for name, source in entries:
                info = zipfile.ZipInfo(name, ZIP_TIME)
                info.external_attr = FILE_MODE
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, source if isinstance(source, bytes) else source.read_bytes())
                count += 1
        tmp.replace(out_zip)
    finally:
        tmp.unlink(missing_ok=True)
    return count


def note_bytes(note_text: str) -> bytes:
    # Windows line ends and a byte order mark, so that the oldest Notepad shows the note as written
    return "\ufeff".encode() + note_text.replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8")


def zip_site(site_dir: Path, out_zip: Path, note_text: str, note_name: str = "README.txt") -> int:
    """The built site at the root of a zip, with a short note on how to open it; the number of files."""
    site_dir = Path(site_dir)
    files = [name for name in site_files(site_dir) if name != note_name]
    entries: list[tuple[str, Path | bytes]] = [(note_name, note_bytes(note_text))]
    entries += [(name, site_dir / name) for name in files]
    return write_zip(out_zip, entries)


def mastery_score(loaded: LoadedCourse) -> int | None:
    """The pass mark of the quiz that unlocks the certificate; none without a certificate."""
    assert loaded.course is not None
    course = loaded.course.model
    if course.certificate is None or course.certificate.quiz not in loaded.quizzes:
        return None
    quiz = loaded.quizzes[course.certificate.quiz].model
    return effective_pass_mark(course, quiz)


def start_page(files: list[str], loaded: LoadedCourse) -> str:
    """The page the package opens on: the home page, else the first page of the outline."""
    if START_PAGE in files:
        return START_PAGE
    assert loaded.course is not None
    for ident in outline_ids(loaded.course.model):
        if f"{ident}.html" in files:
            return f"{ident}.html"
    return next(name for name in files if name.endswith(".html"))


def identifier(value: str) -> str:
    # Manifest identifiers are XML names: letters first, no spaces
    return "latih-" + re.sub(r"[^A-Za-z0-9._-]+", "-", value)


def favicon(page_html: str) -> str:
    # The site's icon; without one a browser asks the LMS's server for /favicon.ico
    match = re.search(r'<link rel="icon" href="([^"]+)"', page_html)
    return match[1] if match and "://" not in match[1] and not match[1].startswith("/") else "data:,"


def launch_page(loaded: LoadedCourse, start: str, icon: str = "data:,") -> str:
    assert loaded.course is not None
    course = loaded.course.model
    template = environment().get_template("scorm.html.j2")
    close = ui_strings(course.language)["scorm_close"]
    return template.render(language=course.language, title=course.title, start=start, icon=icon, close=close)


def manifest(loaded: LoadedCourse, files: list[str], launch: str = LAUNCH_PAGE) -> str:
    """imsmanifest.xml: one organization, one item, one SCO that lists every file of the package."""
    assert loaded.course is not None
    course = loaded.course.model
    template = environment().get_template("imsmanifest.xml.j2")
    return template.render(
        identifier=identifier(f"{course.id}-{course.version}"),
        version=course.version,
        title=course.title,
        mastery_score=mastery_score(loaded),
        launch=quote(launch),
        files=[quote(name) for name in files],
    )


def scorm_package(site_dir: Path, loaded: LoadedCourse, out_zip: Path) -> int:
    """A SCORM 1.2 package of a site built for SCORM (the plugin's `target: scorm`, whose bundles
    hold the adapter): the manifest, the launch page and the site, all at the root."""
    site_dir = Path(site_dir)
    files = [name for name in site_files(site_dir) if name not in (MANIFEST, LAUNCH_PAGE)]
    start = start_page(files, loaded)
    icon = favicon((site_dir / start).read_text(encoding="utf-8"))
    own: dict[str, bytes] = {LAUNCH_PAGE: launch_page(loaded, start, icon).encode("utf-8")}
    listed = sorted({*files, *own})
    entries: list[tuple[str, Path | bytes]] = [(MANIFEST, manifest(loaded, listed).encode("utf-8"))]
    entries += [(name, own.get(name) or site_dir / name) for name in listed]
    return write_zip(out_zip, entries)
