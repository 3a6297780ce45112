"""`latih certificates`: from a folder of results codes to signed certificates, in one command.

For every code that passes the certificate quiz: the credential as a VC-JWT (`.jwt`) and as JSON
(`.json`), and a printed certificate (`.pdf`) whose QR code opens the course site's verification
page holding it; one summary CSV of what was issued and what was refused, and why. `--revoke ID`
lists a credential in `site_config/revoked.json`, which the next build publishes.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from generator.course.loader import LoadedCourse
from generator.credential import REVOKED_FILE, read_keys, read_revoked, verification_url
from generator.i18n import message, page_names
from generator.safety import Sources
from generator.tools.credentials import Outcome, credential, outcomes, pretty, sign
from generator.tools.keys import load_private_key, public_jwk

MARKER = ".latih-certificates"  # an output folder this command made: it may add to it


class Refused(Exception):
    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


@dataclass
class Issued:
    outcomes: list[Outcome] = field(default_factory=list)
    summary: Path | None = None

    @property
    def issued(self) -> int:
        return sum(1 for o in self.outcomes if o.reason == "issued")


def revoke(config_dir: Path, ids: list[str]) -> list[tuple[str, bool]]:
    """Add ids to revoked.json (made when missing); (id, newly revoked) for each."""
    listed, problems = read_revoked(config_dir)
    if problems:
        raise Refused("revoked_not_list")
    path = config_dir / REVOKED_FILE
    data = {"revoked": [{"id": i} for i in listed]}
    if path.exists():
        data = json.loads(path.read_text(encoding="utf-8"))
    done = []
    for ident in ids:
        ident = ident.strip()
        newly = ident not in listed
        if newly:
            listed.append(ident)
            data["revoked"].append({"id": ident, "date": dt.date.today().isoformat()})
        done.append((ident, newly))
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return done


def check_out(out: Path, sources: Sources) -> None:
    out = out.resolve()
    for folder in (sources.root, *sources.folders):
        if out == folder or out.is_relative_to(folder) or folder.is_relative_to(out):
            raise Refused("out_file_in_source", path=out, source=folder)
    if out.exists() and not out.is_dir():
        raise Refused("out_not_folder", folder=out)
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise Refused("certificates_out_foreign", folder=out)


def _cell(value: object) -> object:
    """A participant's text never starts a formula when the CSV is opened in a spreadsheet."""
    return "'" + value if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")[:40] or "peserta"


def issue_all(
    loaded: LoadedCourse,
    paths: list[str],
    key_file: Path,
    out: Path,
    site_url: str,
    valid_until: dt.datetime | None,
    browser: str | None,
) -> Issued:
    """Issue what the codes earn into `out`; `browser`: Chromium for the PDFs (None: no PDF)."""
    from generator.tools.documents import print_pdf
    from generator.tools.signed_print import signed_certificate_html

    assert loaded.course is not None
    course = loaded.course.model
    language = course.language
    pinned, problems = read_keys(loaded.layout.config_dir)
    if problems or pinned is None:
        raise Refused("certificates_no_keys", path=loaded.layout.config_dir / "keys.json")
    try:
        private = load_private_key(key_file)
    except (OSError, ValueError, TypeError) as exc:
        raise Refused(
            "certificates_key_unreadable", path=key_file, reason=getattr(exc, "strerror", None) or exc
        ) from None
    kid = public_jwk(private.public_key())["kid"]
    if kid not in pinned.by_kid():
        raise Refused(
            "certificates_key_not_pinned", path=key_file, kid=kid, keys=loaded.layout.config_dir / "keys.json"
        )
    words = {
        "description": message(language, "credential_description", course="{course}", version="{version}"),
        "criteria": message(language, "credential_criteria", quiz="{quiz}", mark="{mark}"),
        "score": message(language, "credential_score"),
    }
    page = page_names(language).verification + ".html"
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text(f"{course.id}\n", encoding="utf-8")
    result = Issued()
    now = dt.datetime.now(dt.UTC)
    columns = message(language, "cert_csv_columns").split("|")
    summary = out / message(language, "cert_summary_name")
    with tempfile.TemporaryDirectory(prefix="latih-certificates-") as tmp:
        for outcome in outcomes(paths, loaded):
            result.outcomes.append(outcome)
            if outcome.award is None:
                continue
            stem = f"{outcome.reference}-{_slug(outcome.name)}"
            if (out / f"{stem}.jwt").exists():
                outcome.reason, outcome.award = "already_issued", None
                continue
            body = credential(course, pinned, outcome.award, site_url, words, now, valid_until)
            token = sign(body, private, kid)
            outcome.credential_id = body["id"]
            (out / f"{stem}.jwt").write_text(token + "\n", encoding="ascii")
            (out / f"{stem}.json").write_text(pretty(body), encoding="utf-8")
            if browser is not None:
                address = verification_url(site_url, page)
                html = signed_certificate_html(loaded, outcome.award, body, f"{address}#{token}", address)
                sheet = Path(tmp) / f"{stem}.html"
                sheet.write_text(html, encoding="utf-8")
                print_pdf(sheet, (out / f"{stem}.pdf").resolve(), browser)
    with summary.open("a" if summary.exists() else "w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file)
        if file.tell() == 0:
            writer.writerow(columns)
        for o in result.outcomes:
            stem = f"{o.reference}-{_slug(o.name)}" if o.credential_id else ""
            kinds = ("jwt", "json", "pdf") if browser is not None else ("jwt", "json")
            files = " ".join(f"{stem}.{ext}" for ext in kinds) if stem else ""
            reason = message(language, f"cert_reason_{o.reason}")
            percent = "" if o.percent is None else o.percent
            row = [o.source, o.line, o.reference, o.name, o.quiz, percent, reason, o.credential_id, files]
            writer.writerow([_cell(v) for v in row])
    result.summary = summary
    return result
