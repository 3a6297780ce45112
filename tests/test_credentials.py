"""Signed certificates (issue 27): keys, issuing, the site's offline verification page, the QR on paper.

The flagship course is copied, given a key with `latih keys new`, and certificates are issued with
`latih certificates` from results codes, as an organiser would; the built site then checks them in
Chromium from file://, from http://127.0.0.1 and from a plain-HTTP host name (not a secure context).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from generator.cli import main
from generator.course.loader import Layout, load_course
from generator.credential import read_keys
from generator.participant import Person
from generator.results import ResultsCode, encode, fingerprint
from generator.tools.credentials import check, credential, sign
from generator.tools.keys import public_jwk
from tests.conftest import CHROMIUM_ARGS, chromium_path, copy_flagship, free_port, static_server

SCHEMA = Path(__file__).parent / "vendor" / "ob_v3p0" / "ob_v3p0_achievementcredential_schema.json"
LONG_NAME = (
    "Dr. Ir. Raden Mas Bambang Sutrisno Wicaksono Hadiningrat, S.H., M.H., M.Si., M.Kom., Ph.D., CGEIT, CISA"
)
LONG_POSITION = (
    "Analis Kebijakan Ahli Madya pada Bidang Pembinaan dan Pengawasan Netralitas Aparatur Sipil Negara "
    "dan Penegakan Disiplin Pegawai"
)[:150]
LONG_AGENCY = (
    "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia Daerah Provinsi Nusa Tenggara Timur, "
    "Kabupaten Timor Tengah Selatan, Bidang Mutasi"
)[:150]
NIP = "198501012010011001"
HOST = "sertifikat.kantor.test"  # a plain-HTTP name on the LAN: not a secure context


def exam_codes(root: Path, people: list[Person], wrong: int = 0, version: str | None = None) -> list[str]:
    """Results codes of the certificate quiz: all right, or the first `wrong` answers wrong."""
    loaded = load_course(Layout.from_options(root, {}))
    assert loaded.course is not None and loaded.course.model.certificate is not None
    course = loaded.course.model
    quiz = loaded.quizzes[course.certificate.quiz].model
    drawn = quiz.draw or len(quiz.questions)
    codes = []
    for who in people:
        answers = []
        for i, question in enumerate(quiz.questions[:drawn]):
            ids = tuple(sorted(question.correct_ids()))
            if i < wrong:
                ids = tuple(o for o in question.option_ids() if o not in ids)[:1]
            answers.append((i, ids))
        bank = fingerprint([q.id for q in quiz.questions])
        percent = 100 if not wrong else 0
        code = ResultsCode(
            course.id,
            version or course.version,
            quiz.id,
            bank,
            1_790_000_000_000,
            who,
            percent,
            tuple(answers),
        )
        codes.append(encode(code))
    return codes


@dataclass
class Issued:
    course: Path
    key: Path
    out: Path
    site: Path
    site_url: str
    port: int
    said: str


def run(*argv: str, cwd: Path, capsys: pytest.CaptureFixture[str] | None = None) -> int:
    old = Path.cwd()
    os.chdir(cwd)
    try:
        return main(list(argv))
    finally:
        os.chdir(old)


@pytest.fixture(scope="module")
def issued(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Issued]:
    """The flagship with a key, certificates issued from a folder of codes, and the site built."""
    base = tmp_path_factory.mktemp("credentials")
    course = copy_flagship(base / "course")
    home = base / "home"
    key = home / "keys" / "organiser.pem"
    assert run("keys", "new", "--out", str(key), cwd=course) == 0
    port = free_port()
    site_url = f"http://{HOST}:{port}/"
    people = [Person(LONG_NAME, NIP, LONG_POSITION, LONG_AGENCY), Person("Siti Aminah")]
    codes = exam_codes(course, people)
    codes += exam_codes(course, [Person("Budi Gagal")], wrong=40)
    codes += exam_codes(course, [Person("Siti Aminah")])  # the same person again
    codes += exam_codes(course, [Person("Lama")], version="2025.1")
    inbox = base / "inbox"
    inbox.mkdir()
    (inbox / "chat.txt").write_text("\n".join(f"[10.02] Peserta: {c}" for c in codes) + "\nLATIH1-ZZZZ\n")
    out = base / "certificates"
    argv = ["certificates", str(inbox), "--key", str(key), "--out", str(out), "--site-url", site_url]
    assert run(*argv, cwd=course) == 0
    site = base / "site"
    assert run("build", "--out", str(site), cwd=course) == 0
    yield Issued(course, key, out, site, site_url, port, "")


def tokens(issued: Issued) -> dict[str, str]:
    """The issued credentials by participant name."""
    found = {}
    for path in sorted(issued.out.glob("*.jwt")):
        token = path.read_text().strip()
        claims = jwt.decode(token, options={"verify_signature": False})
        found[claims["credentialSubject"]["identifier"][0]["identityHash"]] = token
    return found


def test_flagship_credential_validates_against_the_ob3_schema_and_an_independent_verifier(
    issued: Issued,
) -> None:
    pinned, problems = read_keys(issued.course / "site_config")
    assert not problems and pinned is not None
    token = tokens(issued)[LONG_NAME]
    # PyJWT, with the public key from keys.json only, checks the signature and the registered claims
    key = jwt.PyJWK(pinned.keys[0], "EdDSA").key
    claims = jwt.decode(token, key, algorithms=["EdDSA"], options={"require": ["iss", "jti", "sub", "nbf"]})
    assert jwt.get_unverified_header(token)["kid"] == pinned.keys[0]["kid"]
    assert claims["iss"] == claims["issuer"]["id"] == pinned.issuer.id
    assert claims["jti"] == claims["id"] and claims["sub"] == claims["credentialSubject"]["id"]
    body = json.loads(next(issued.out.glob("*-dr-ir-*.json")).read_text())
    # 1EdTech's ob_v3p0 AchievementCredential schema (JSON Schema 2019-09), vendored
    schema = json.loads(SCHEMA.read_text())
    jsonschema.Draft201909Validator(schema, format_checker=jsonschema.FormatChecker()).validate(body)
    jsonschema.Draft201909Validator(schema).validate({k: v for k, v in claims.items()})
    assert (
        "OpenBadgeCredential" in body["type"]
        and body["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    )
    subject = body["credentialSubject"]
    assert subject["achievement"]["version"] == "2026.1"
    assert subject["result"][0]["value"] == "100"
    # The number is there only as a salted hash
    assert NIP not in json.dumps(body) and NIP not in token
    hashed = subject["identifier"][1]
    import hashlib

    assert hashed["identityHash"] == "sha256$" + hashlib.sha256((NIP + hashed["salt"]).encode()).hexdigest()


def test_summary_says_what_was_issued_and_what_was_refused_and_why(issued: Issued) -> None:
    rows = (issued.out / "sertifikat.csv").read_text(encoding="utf-8-sig").splitlines()
    text = "\n".join(rows)
    assert rows[0].startswith("berkas,baris,rujukan,nama")
    assert text.count("diterbitkan") == 2
    assert "Budi Gagal" in text and "ditolak: tidak lulus" in text
    assert "ditolak: duplikat" in text
    assert "ditolak: kode dari versi pelatihan lain" in text
    assert "ditolak: kode tidak terbaca" in text
    assert len(list(issued.out.glob("*.pdf"))) == 2


def test_verify_command_checks_credentials_with_the_course_keys(
    issued: Issued, capsys: pytest.CaptureFixture[str]
) -> None:
    jwts = sorted(str(p) for p in issued.out.glob("*.jwt"))
    assert run("verify", *jwts, cwd=issued.course) == 0
    said = capsys.readouterr().out
    assert said.count("Sertifikat sah") == 2 and LONG_NAME in said
    tampered = one_letter_changed(tokens(issued)["Siti Aminah"], "Siti Aminah")
    assert run("verify", tampered, cwd=issued.course) == 1
    assert "Sertifikat tidak sah" in capsys.readouterr().out


def forged(issued: Issued, **changes: object) -> str:
    """Credentials a forger, or time, could produce: another key (named in the header), changed dates."""
    pinned, _ = read_keys(issued.course / "site_config")
    assert pinned is not None
    loaded = load_course(Layout.from_options(issued.course, {}))
    assert loaded.course is not None
    from generator.tools.credentials import Award

    quiz = loaded.quizzes["ujian-akhir"].model
    award = Award(Person("Siti Aminah"), quiz, 100, 1_790_000_000_000)
    words = {"description": "d", "criteria": "c", "score": "s"}
    now = dt.datetime.now(dt.UTC)
    body = credential(loaded.course.model, pinned, award, issued.site_url, words, now - dt.timedelta(days=30))
    if changes.get("expired"):
        body["validUntil"] = (
            (now - dt.timedelta(days=1)).replace(microsecond=0).isoformat().replace("+00:00", "Z")
        )
    if changes.get("other_key"):
        other = Ed25519PrivateKey.generate()
        jwk = public_jwk(other.public_key())
        # The forger's key carried in the header, and the course's own kid: neither may be trusted
        token = jwt.encode(
            {
                **body,
                "iss": body["issuer"]["id"],
                "jti": body["id"],
                "sub": body["credentialSubject"]["id"],
                "nbf": int((now - dt.timedelta(days=30)).timestamp()),
            },
            other,
            algorithm="EdDSA",
            headers={"kid": pinned.keys[0]["kid"], "jwk": jwk},
        )
        return token
    from generator.tools.keys import load_private_key

    return sign(body, load_private_key(issued.key), pinned.keys[0]["kid"])


def one_letter_changed(token: str, name: str) -> str:
    """The same credential with one letter of the name changed, re-encoded, the signature kept."""
    import base64

    head, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    identity = claims["credentialSubject"]["identifier"][0]
    identity["identityHash"] = identity["identityHash"].replace(name[-1], "X", 1)
    text = json.dumps(claims, separators=(",", ":")).encode()
    return f"{head}.{base64.urlsafe_b64encode(text).rstrip(b'=').decode()}.{signature}"


def test_python_check_rejects_what_the_page_rejects(issued: Issued) -> None:
    pinned, _ = read_keys(issued.course / "site_config")
    good = tokens(issued)["Siti Aminah"]
    assert check(good, pinned, []).valid
    assert check(one_letter_changed(good, "Siti Aminah"), pinned, []).reason == "credential_bad_signature"
    assert check(forged(issued, other_key=True), pinned, []).reason == "credential_bad_signature"
    assert check(forged(issued, expired=True), pinned, []).reason == "credential_expired"
    jti = jwt.decode(good, options={"verify_signature": False})["jti"]
    assert check(good, pinned, [jti]).reason == "credential_revoked"


def verdict(page, url: str) -> tuple[str, str, str]:  # type: ignore[no-untyped-def]
    page.goto(url)
    result = page.locator("[data-latih-verify-result]")
    result.locator(".latih-verify-verdict").wait_for()
    return result.get_attribute("data-reason"), result.get_attribute("data-method"), result.inner_text()


@pytest.fixture(scope="module")
def lan_browser(browser) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """Chromium that resolves the office host name to this machine (through the session's
    Playwright: one Playwright per process)."""
    lan = browser.browser_type.launch(
        executable_path=chromium_path(),
        args=[*CHROMIUM_ARGS, f"--host-resolver-rules=MAP {HOST} 127.0.0.1"],
    )
    yield lan
    lan.close()


def test_verification_page_accepts_a_genuine_credential_everywhere(issued: Issued, lan_browser) -> None:  # type: ignore[no-untyped-def]
    token = tokens(issued)[LONG_NAME]
    page = lan_browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    with static_server(issued.site, issued.port) as local:
        bases = {
            "file": issued.site.as_uri() + "/",
            "loopback": local,
            "lan": local.replace("127.0.0.1", HOST),
        }
        methods = {}
        for where, base in bases.items():
            reason, method, text = verdict(page, f"{base}verifikasi.html#{token}")
            assert reason == "credential_ok", (where, text)
            assert "Sertifikat sah" in text and LONG_NAME in text and "2026.1" in text and "100%" in text
            assert "Unit Pelatihan Netralitas ASN" in text
            methods[where] = method
            page.screenshot(path=str(issued.out.parent / f"verify-{where}-1280.png"))
        # Not a secure context on the LAN name: no crypto.subtle, the vendored library verifies
        assert methods["lan"] == "noble"
        assert page.evaluate("window.isSecureContext") is False
        # The number, typed, is checked against its hash; nothing else is revealed
        page.get_by_label("Cocokkan NIP").fill(NIP)
        page.get_by_role("button", name="Cocokkan").click()
        assert page.get_by_text("NIP cocok").is_visible()
        page.get_by_label("Cocokkan NIP").fill(NIP[:-1] + "9")
        page.get_by_role("button", name="Cocokkan").click()
        assert page.get_by_text("NIP tidak cocok").is_visible()
        # Pasted, not from the fragment, on a phone
        page.set_viewport_size({"width": 360, "height": 780})
        page.goto(f"{bases['lan']}verifikasi.html")
        page.get_by_label("Tempel isi sertifikat").fill(f"{issued.site_url}verifikasi.html#{token}")
        page.get_by_role("button", name="Periksa").click()
        assert page.locator("[data-latih-verify-result]").get_attribute("data-reason") == "credential_ok"
        page.screenshot(path=str(issued.out.parent / "verify-lan-360.png"), full_page=True)
    assert not errors
    # The credential never leaves the page: it is in no request's address
    assert all(token[:40] not in url.split("#")[0] for url in requests)
    assert all(url.startswith(("file:", local.rstrip("/"), bases["lan"].rstrip("/"))) for url in requests)


@pytest.mark.parametrize("kind", ["changed_letter", "other_key", "expired", "revoked"])
def test_verification_page_rejects_with_a_clear_message(issued: Issued, lan_browser, kind: str) -> None:  # type: ignore[no-untyped-def]
    good = tokens(issued)["Siti Aminah"]
    site = issued.site
    if kind == "revoked":
        jti = jwt.decode(good, options={"verify_signature": False})["jti"]
        assert run("certificates", "--revoke", jti, cwd=issued.course) == 0
        site = issued.out.parent / "site-revoked"
        assert run("build", "--out", str(site), cwd=issued.course) == 0
        (issued.course / "site_config" / "revoked.json").unlink()
    token = {
        "changed_letter": lambda: one_letter_changed(good, "Siti Aminah"),
        "other_key": lambda: forged(issued, other_key=True),
        "expired": lambda: forged(issued, expired=True),
        "revoked": lambda: good,
    }[kind]()
    expected = {
        "changed_letter": ("credential_bad_signature", "isi sertifikat telah diubah"),
        "other_key": ("credential_bad_signature", "tidak ditandatangani penyelenggara"),
        "expired": ("credential_expired", "Masa berlaku sertifikat ini sudah habis"),
        "revoked": ("credential_revoked", "telah dicabut"),
    }[kind]
    page = lan_browser.new_page()
    for base in (site.as_uri() + "/",):
        reason, _, text = verdict(page, f"{base}verifikasi.html#{token}")
        assert reason == expected[0]
        assert "Sertifikat tidak sah" in text and expected[1] in text
    with static_server(site) as local:
        reason, method, _ = verdict(page, f"{local.replace('127.0.0.1', HOST)}verifikasi.html#{token}")
        assert reason == expected[0] and method == "noble"
    # What an altered credential claims is never shown as if vouched for
    if kind in ("changed_letter", "other_key"):
        assert "Siti Aminah" not in page.locator("[data-latih-verify-result]").inner_text()


def test_printed_qr_opens_the_verification_page_and_verifies(
    issued: Issued, lan_browser, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    pdf = next(issued.out.glob("*-dr-ir-*.pdf"))
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)  # A4 landscape
    # Fit, as the site's own certificate is tested: the longest of everything, whole, 10 mm from the edge
    from tests.helpers import pdf_text, squeeze
    from tests.test_print_layout import words_near_edge

    assert words_near_edge(pdf) == []
    text = squeeze(pdf_text(pdf))
    for whole in (LONG_NAME, LONG_POSITION, LONG_AGENCY, "Kepala Unit Pelatihan"):
        assert squeeze(whole) in text
    subprocess.run(["pdftoppm", "-r", "300", "-png", str(pdf), str(tmp_path / "page")], check=True)
    image = next(tmp_path.glob("page*.png"))
    read = subprocess.run(["zbarimg", "-q", "--raw", str(image)], capture_output=True, text=True, check=True)
    url = read.stdout.strip()
    assert url.startswith(f"{issued.site_url}verifikasi.html#eyJ")
    page = lan_browser.new_page()
    with static_server(issued.site, issued.port):
        reason, _, text = verdict(page, url)  # the printed address itself, on the office host name
    assert reason == "credential_ok" and LONG_NAME in text


def test_certificates_refuse_without_a_site_address(
    issued: Issued, capsys: pytest.CaptureFixture[str]
) -> None:
    out = issued.out.parent / "elsewhere"
    argv = ["certificates", str(issued.out), "--key", str(issued.key), "--out", str(out)]
    assert run(*argv, cwd=issued.course) == 1
    said = capsys.readouterr().err
    assert "site_url" in said and "--site-url" in said and "Traceback" not in said
    assert not out.exists()


def test_keys_new_refuses_every_unsafe_path(issued: Issued, capsys: pytest.CaptureFixture[str]) -> None:
    course = issued.course
    before = (course / "site_config" / "keys.json").read_text()
    unsafe = [
        course / "kunci.pem",  # the course folder
        course / "site_config" / "kunci.pem",  # its sources
        course / "content" / "deep" / "kunci.pem",
        issued.site / "kunci.pem",  # a built site
        issued.site / "latih" / "kunci.pem",
        issued.key,  # an existing key: never overwritten
    ]
    for path in unsafe:
        assert run("keys", "new", "--out", str(path), cwd=course) == 1, path
        said = capsys.readouterr().err
        assert str(path) in said and "Traceback" not in said
    assert not (course / "kunci.pem").exists() and not (issued.site / "kunci.pem").exists()
    assert (course / "site_config" / "keys.json").read_text() == before


def test_keys_new_writes_an_owner_only_key_and_keeps_older_keys(issued: Issued, tmp_path: Path) -> None:
    assert (issued.key.stat().st_mode & 0o777) == 0o600
    second = tmp_path / "second.pem"
    keys = issued.course / "site_config" / "keys.json"
    before = keys.read_text()
    try:
        assert run("keys", "new", "--out", str(second), cwd=issued.course) == 0
        listed = json.loads(keys.read_text())["keys"]
        assert len(listed) == 2 and all("d" not in k for k in listed)
        # Older certificates stay valid: their key is still listed
        pinned, _ = read_keys(issued.course / "site_config")
        assert check(tokens(issued)["Siti Aminah"], pinned, []).valid
    finally:
        keys.write_text(before)


def test_signing_key_never_appears_in_the_site_or_any_output(issued: Issued) -> None:
    from generator.tools.keys import load_private_key

    private = load_private_key(issued.key)
    from cryptography.hazmat.primitives import serialization

    raw = private.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    import base64

    needles = [
        raw,
        base64.urlsafe_b64encode(raw).rstrip(b"="),
        base64.b64encode(raw).rstrip(b"="),
        issued.key.read_bytes().split(b"\n")[1],
    ]
    # The SCORM package, unpacked
    import zipfile

    package = issued.out.parent / "paket.zip"
    assert run("package", "--scorm", "--out", str(package), cwd=issued.course) == 0
    unpacked = issued.out.parent / "paket"
    with zipfile.ZipFile(package) as archive:
        archive.extractall(unpacked)
        assert any(n.endswith("credentials.js") for n in archive.namelist())
    for folder in (issued.site, issued.out, issued.course, unpacked):
        for path in folder.rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                assert not any(n in data for n in needles), path
    assert not issued.key.is_relative_to(issued.course)


def test_a_private_key_in_keys_json_stops_the_build(issued: Issued, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    keys = issued.course / "site_config" / "keys.json"
    before = keys.read_text()
    data = json.loads(before)
    data["keys"][0]["d"] = "c2VjcmV0"
    keys.write_text(json.dumps(data, indent=2))
    try:
        assert run("build", "--out", str(tmp_path / "site"), cwd=issued.course) == 1
        said = capsys.readouterr().err
        assert "keys.json:" in said and "keys[1].d" in said and "kunci privat" in said
        assert not (tmp_path / "site" / "latih" / "credentials.js").exists()
    finally:
        keys.write_text(before)


def test_signed_credential_as_pyjwt_would_accept_and_our_check_agrees(issued: Issued) -> None:
    """Latih's own check and PyJWT agree on a credential from a key this course never listed."""
    other = Ed25519PrivateKey.generate()
    token = jwt.encode(
        {"iss": "x", "jti": "y", "sub": "z", "nbf": 0}, other, algorithm="EdDSA", headers={"kid": "nope"}
    )
    pinned, _ = read_keys(issued.course / "site_config")
    assert check(token, pinned, []).reason == "credential_unknown_key"
