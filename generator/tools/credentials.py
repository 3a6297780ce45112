"""Signed certificates: Open Badges 3.0 credentials (VC data model 2.0, signed as a VC-JWT with
EdDSA) issued by the organiser for results codes that pass the certificate quiz, and checked the
same way the site's verification page checks them.

PyJWT and cryptography do the signing and the checking; nothing here is hand-made cryptography.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from generator.course.loader import LoadedCourse
from generator.credential import ALGORITHM, PinnedKeys, identity_hash, read_keys, read_revoked
from generator.i18n import message, ui_strings
from generator.participant import Person
from generator.results import CodeError, decode, reference, verify
from generator.schema import Course, Quiz, effective_pass_mark
from generator.tools.verify import file_codes

CONTEXTS = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
TYPES = ["VerifiableCredential", "OpenBadgeCredential"]


@dataclass(frozen=True)
class Award:
    """What one passing attempt earns: who, which quiz, the re-scored percent, when it was finished."""

    person: Person
    quiz: Quiz
    percent: int
    finished_at: int  # milliseconds since 1970, as the results code carries it


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def credential(
    course: Course,
    pinned: PinnedKeys,
    award: Award,
    site_url: str,
    words: dict[str, str],
    issued: dt.datetime,
    valid_until: dt.datetime | None = None,
) -> dict[str, Any]:
    """The OpenBadgeCredential, as JSON: the participant's number only as a salted hash."""
    # Everything here travels in a QR code: only what a checker reads, each thing once
    pass_mark = effective_pass_mark(course, award.quiz)
    home = site_url.rstrip("/") + "/"
    identifiers: list[dict[str, Any]] = [
        {"type": "IdentityObject", "identityType": "name", "hashed": False, "identityHash": award.person.name}
    ]
    if award.person.nip.strip():
        salt = secrets.token_hex(8)
        identifiers.append(
            {
                "type": "IdentityObject",
                "identityType": "identifier",
                "hashed": True,
                "identityHash": identity_hash(award.person.nip, salt),
                "salt": salt,
            }
        )
    finished = dt.datetime.fromtimestamp(award.finished_at / 1000, dt.UTC)
    subject: dict[str, Any] = {
        "id": f"urn:uuid:{uuid.uuid4()}",
        "type": ["AchievementSubject"],
        "identifier": identifiers,
        "achievement": {
            "id": f"{home}#{course.id}-{course.version}",
            "type": ["Achievement"],
            "achievementType": "Certificate",
            "name": course.title,
            "description": words["description"].format(course=course.title, version=course.version),
            "criteria": {"narrative": words["criteria"].format(quiz=award.quiz.title, mark=pass_mark)},
            "version": course.version,
        },
        "result": [{"type": ["Result"], "value": str(award.percent)}],
    }
    body: dict[str, Any] = {
        "@context": CONTEXTS,
        "id": f"urn:uuid:{uuid.uuid4()}",
        "type": TYPES,
        "name": (course.certificate.title if course.certificate else "") or course.title,
        "issuer": {"id": pinned.issuer.id, "type": ["Profile"], "name": pinned.issuer.name},
        "validFrom": _iso(issued),
        "awardedDate": _iso(finished),
        "credentialSubject": subject,
    }
    if valid_until is not None:
        body["validUntil"] = _iso(valid_until)
    return body


def sign(body: dict[str, Any], key: Ed25519PrivateKey, kid: str) -> str:
    """The credential as a VC-JWT (Open Badges 3.0, section 8.2): the credential is the payload,
    with the registered claims iss, jti, sub, nbf (and exp) taken from it."""
    claims = {
        **body,
        "iss": body["issuer"]["id"],
        "jti": body["id"],
        "sub": body["credentialSubject"]["id"],
        "nbf": _seconds(body["validFrom"]),
    }
    if "validUntil" in body:
        claims["exp"] = _seconds(body["validUntil"])
    return jwt.encode(claims, key, algorithm=ALGORITHM, headers={"kid": kid})


def _seconds(iso: str) -> int:
    return int(dt.datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp())


# Checking


@dataclass(frozen=True)
class Check:
    """What a credential proves: `reason` is a message key (credential_ok when valid)."""

    valid: bool
    reason: str
    claims: dict[str, Any] = field(default_factory=dict)


def check(
    token: str, pinned: PinnedKeys | None, revoked: Sequence[str], now: dt.datetime | None = None
) -> Check:
    """Check a VC-JWT against the course's pinned keys only (a key the token carries is ignored),
    its dates, the consistency of iss/sub/jti with the credential, and the revocation list."""
    token = token.strip()
    try:
        header = jwt.get_unverified_header(token)
    except jwt.DecodeError:
        return Check(False, "credential_unreadable")
    if pinned is None:
        return Check(False, "credential_no_keys")
    if header.get("alg") != ALGORITHM:
        return Check(False, "credential_bad_signature")
    key = pinned.by_kid().get(str(header.get("kid", "")))
    if key is None:
        return Check(False, "credential_unknown_key")
    moment = now or dt.datetime.now(dt.UTC)
    try:
        claims = jwt.decode(
            token,
            jwt.PyJWK(key, ALGORITHM).key,
            algorithms=[ALGORITHM],
            options={"require": ["iss", "jti", "sub", "nbf"], "verify_exp": False, "verify_nbf": False},
        )
    except jwt.InvalidSignatureError:
        return Check(False, "credential_bad_signature")
    except jwt.PyJWTError:
        return Check(False, "credential_unreadable")
    subject = claims.get("credentialSubject") or {}
    issuer = claims.get("issuer") or {}
    if (
        claims.get("iss") != issuer.get("id")
        or claims.get("jti") != claims.get("id")
        or claims.get("sub") != subject.get("id")
        or claims.get("iss") != pinned.issuer.id
    ):
        return Check(False, "credential_inconsistent", claims)
    stamp = moment.timestamp()
    if stamp < claims["nbf"]:
        return Check(False, "credential_not_yet", claims)
    if "exp" in claims and stamp >= claims["exp"]:
        return Check(False, "credential_expired", claims)
    if claims["jti"] in set(revoked):
        return Check(False, "credential_revoked", claims)
    return Check(True, "credential_ok", claims)


def subject_name(claims: dict[str, Any]) -> str:
    for identity in (claims.get("credentialSubject") or {}).get("identifier") or []:
        if identity.get("identityType") == "name" and not identity.get("hashed"):
            return str(identity.get("identityHash", ""))
    return ""


def subject_score(claims: dict[str, Any]) -> str:
    results = (claims.get("credentialSubject") or {}).get("result") or []
    return str(results[0].get("value", "")) if results else ""


def find_tokens(text: str) -> list[str]:
    """Every compact JWS in a text (a pasted credential, a verification address, a .jwt file)."""
    import re

    return re.findall(r"eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+", text)


# Issuing from results codes


@dataclass
class Outcome:
    """One results code read for issuing: issued, or refused and why (a message key)."""

    source: str
    line: int
    reference: str
    name: str
    quiz: str
    percent: int | None
    reason: str  # "issued", or why not: not_genuine, not_passed, duplicate, other_version, ...
    credential_id: str = ""
    award: Award | None = None


def outcomes(paths: Sequence[str], loaded: LoadedCourse) -> Iterator[Outcome]:
    """Every code in the files, read and re-scored as `latih verify` does, with what it earns."""
    assert loaded.course is not None and loaded.course.model.certificate is not None
    course = loaded.course.model
    quizzes = loaded.quiz_models()
    wanted = course.certificate.quiz
    seen_codes: set[str] = set()
    seen_people: set[tuple[str, str]] = set()
    found, _ = file_codes(paths)
    for source, line, text in found:
        try:
            code = decode(text)
            ref = reference(text)
        except CodeError:
            yield Outcome(source, line, "", "", "", None, "not_genuine")
            continue
        result = verify(code, course, quizzes)
        name = code.participant.name.strip()
        outcome = Outcome(source, line, ref, name, code.quiz_id, None, "issued")
        if result.status == "other_version":
            outcome.reason = "other_version"
        elif result.score is None:
            outcome.reason = "not_genuine"
        elif code.quiz_id != wanted:
            outcome.percent, outcome.reason = result.score.total.percent, "other_quiz"
        elif not result.score.passed:
            outcome.percent, outcome.reason = result.score.total.percent, "not_passed"
        elif not name:
            outcome.percent, outcome.reason = result.score.total.percent, "no_name"
        else:
            person = (" ".join(name.casefold().split()), code.participant.nip.strip())
            outcome.percent = result.score.total.percent
            if ref in seen_codes or person in seen_people:
                outcome.reason = "duplicate"
            else:
                seen_people.add(person)
                outcome.award = Award(code.participant, quizzes[wanted], outcome.percent, code.finished_at)
        seen_codes.add(ref)
        yield outcome


def pretty(body: dict[str, Any]) -> str:
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


def tokens_among(arguments: list[str]) -> tuple[list[str], list[str]]:
    """(the other arguments, the signed certificates' tokens): a .jwt file, or a text holding one."""
    others, tokens = [], []
    for argument in arguments:
        found = find_tokens(argument)
        if found:  # a token is no file name: too long for one, and never checked as one
            tokens += found
            continue
        path = Path(argument)
        try:
            is_jwt = path.suffix.lower() == ".jwt" and path.is_file()
        except OSError:  # a name too long to be a file
            is_jwt = False
        if is_jwt:
            tokens += find_tokens(path.read_text(encoding="utf-8", errors="replace"))
        else:
            others.append(argument)
    return others, tokens


def _day(stamp: object) -> str:
    return dt.datetime.fromtimestamp(stamp, dt.UTC).date().isoformat() if isinstance(stamp, int) else ""


def verify_lines(tokens: list[str], config_dir: Path, language: str) -> tuple[list[str], list[str], bool]:
    """Each signed certificate checked against the course's keys, as `latih verify` says it:
    (its lines, the warnings about the key files, True when any certificate is not valid)."""
    pinned, problems = read_keys(config_dir)
    revoked, more = read_revoked(config_dir)
    warnings = [problem.format(language, Path.cwd()) for problem in problems + more]
    ui = ui_strings(language)
    lines: list[str] = []
    failed = False
    for n, token in enumerate(tokens, start=1):
        result = check(token, pinned if not problems else None, revoked)
        claims = result.claims
        lines.append(message(language, "credential_n", n=n))
        stamp = claims.get("exp") if result.reason == "credential_expired" else claims.get("nbf")
        verdict = ui["verify_valid"] if result.valid else ui["verify_invalid"]
        why = ui[result.reason].format(issuer=pinned.issuer.name if pinned else "", date=_day(stamp))
        lines.append(f"  {verdict}: {why}")
        if claims:
            achievement = (claims.get("credentialSubject") or {}).get("achievement") or {}
            lines.append(
                message(
                    language,
                    "credential_details",
                    name=subject_name(claims),
                    course=achievement.get("name", ""),
                    version=achievement.get("version", ""),
                    score=subject_score(claims),
                    issued=str(claims.get("validFrom", ""))[:10],
                    issuer=(claims.get("issuer") or {}).get("name", ""),
                    id=claims.get("jti", ""),
                )
            )
        failed = failed or not result.valid
    return lines, warnings, failed
