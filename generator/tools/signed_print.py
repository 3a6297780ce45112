"""The organiser's printed certificate: the site's certificate sheet, filled in from a signed
credential, with a QR code that opens the course site's verification page holding it.

Printed by headless Chromium like the declarations (`documents.print_pdf`), on one A4 landscape page.
"""

from __future__ import annotations

import base64
import datetime as dt
import mimetypes
from pathlib import Path
from typing import Any

import segno
from markupsafe import Markup

from generator.course.loader import LoadedCourse
from generator.i18n import long_date, ui_strings
from generator.participant import participant_fields
from generator.tools.credentials import Award
from generator.tools.documents import ASSETS, FIT_ALL, environment


def _data_uri(path: Path) -> str:
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode()}"


def name_step(name: str) -> str:
    """Long names step down in size before the whole sheet does (as documents.js's lengthStep)."""
    return "3" if len(name) > 80 else "2" if len(name) > 45 else "1"


def qr_svg(text: str) -> Markup:
    """A QR code as inline SVG sized by the stylesheet; low error correction keeps the modules large."""
    code = segno.make(text, error="l", micro=False)
    return Markup(code.svg_inline(omitsize=True, border=2, svgclass="latih-signed-qr", lineclass=None))


def signed_certificate_html(
    loaded: LoadedCourse, award: Award, body: dict[str, Any], verify_link: str, verify_address: str
) -> str:
    assert loaded.course is not None and loaded.course.model.certificate is not None
    course = loaded.course.model
    certificate = course.certificate
    ui = ui_strings(course.language)
    config_dir = loaded.layout.config_dir
    organization = course.organization
    logo = _data_uri(config_dir / organization.logo) if organization and organization.logo else ""
    signature = ""
    if certificate.signatory and certificate.signatory.signature:
        signature = _data_uri(config_dir / certificate.signatory.signature)
    person = award.person
    number = next((f for f in participant_fields(course, ui) if f.id == "nip"), None)
    issued = dt.datetime.fromisoformat(body["validFrom"].replace("Z", "+00:00")).date()
    finished = dt.datetime.fromtimestamp(award.finished_at / 1000, dt.UTC).date()
    return (
        environment()
        .get_template("signed-certificate.html.j2")
        .render(
            course=course,
            certificate=certificate,
            title=certificate.title or ui["certificate"],
            organization=organization.name if organization else "",
            logo=logo,
            signature=signature,
            name=person.name,
            name_step=name_step(person.name),
            number_line=f"{number.label} {person.nip}" if number and person.nip.strip() else "",
            work_line=", ".join(v for v in (person.position.strip(), person.agency.strip()) if v),
            score_line=ui["cert_score"].format(
                percent=award.percent, date=long_date(finished, course.language)
            ),
            date=long_date(issued, course.language),
            issuer=body["issuer"]["name"],
            credential_id=body["id"],
            verify_address=verify_address,
            qr=qr_svg(verify_link),
            ui=ui,
            css=Markup((ASSETS / "documents.css").read_text(encoding="utf-8")),
            fit=Markup((ASSETS / "js" / "sheets.js").read_text(encoding="utf-8") + FIT_ALL),
        )
    )
