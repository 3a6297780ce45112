"""Signed certificates' shared rules: the course's pinned public keys, its revocation list, the
participant's number as a salted hash, and where a credential is verified.

The site (its verification page) and the facilitator's tools (issuing, `latih verify`) read the same
two files in `site_config/`: `keys.json`, a JWK set with the issuer's name and id, and `revoked.json`,
the ids of withdrawn credentials. Only public keys ever go in a course: a key holding its private
part (`d`) is refused, so a pasted signing key can never reach a published site.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.problems import Problem, problem

KEYS_FILE = "keys.json"
REVOKED_FILE = "revoked.json"
# What a pinned public key may hold: an Ed25519 JWK (RFC 8037) and its bookkeeping
PUBLIC_MEMBERS = ("kty", "crv", "x", "kid", "alg", "use", "created")
ALGORITHM = "EdDSA"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def thumbprint(jwk: dict[str, Any]) -> str:
    """The key's id: its RFC 7638 JWK thumbprint (SHA-256 of the required members, in order)."""
    required = {"crv": jwk["crv"], "kty": jwk["kty"], "x": jwk["x"]}
    return b64url(hashlib.sha256(json.dumps(required, separators=(",", ":")).encode()).digest())


def identity_hash(value: str, salt: str) -> str:
    """Open Badges' IdentityHash: `sha256$` and the hex digest of the value followed by the salt."""
    return "sha256$" + hashlib.sha256((value.strip() + salt).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Issuer:
    id: str
    name: str


@dataclass
class PinnedKeys:
    """The course's public keys (newest last) and the issuer they speak for."""

    issuer: Issuer
    keys: list[dict[str, str]] = field(default_factory=list)

    def by_kid(self) -> dict[str, dict[str, str]]:
        return {k["kid"]: k for k in self.keys}

    def as_json(self) -> dict[str, Any]:
        return {"issuer": {"id": self.issuer.id, "name": self.issuer.name}, "keys": self.keys}


class _Marked(yaml.SafeLoader):
    """JSON read as YAML (a superset), so every value keeps its line and column for the messages."""


def _compose(path: Path) -> tuple[yaml.Node | None, Problem | None]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return None, problem(path, 1, 1, "not_utf8", pos=exc.start)
    except OSError as exc:
        return None, problem(path, 1, 1, "unreadable", reason=exc.strerror or exc)
    try:
        return yaml.compose(text, Loader=_Marked), None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return None, problem(path, line, column, "yaml_syntax", problem=exc.problem or str(exc))


def _at(path: Path, node: yaml.Node, msg: str, where: tuple[str | int, ...], **values: object) -> Problem:
    return problem(path, node.start_mark.line + 1, node.start_mark.column + 1, msg, field=where, **values)


def _members(node: yaml.Node) -> dict[str, yaml.Node]:
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(k.value): v for k, v in node.value if isinstance(k, yaml.ScalarNode)}


def read_keys(config_dir: Path) -> tuple[PinnedKeys | None, list[Problem]]:
    """`site_config/keys.json`, or None when the course issues no signed certificates."""
    path = config_dir / KEYS_FILE
    if not path.exists():
        return None, []
    root, failed = _compose(path)
    if failed is not None:
        return None, [failed]
    if root is None or not isinstance(root, yaml.MappingNode):
        return None, [problem(path, 1, 1, "keys_not_object")]
    problems: list[Problem] = []
    top = _members(root)
    issuer_node = top.get("issuer")
    issuer = _members(issuer_node) if issuer_node is not None else {}
    texts: dict[str, str] = {}
    for name in ("id", "name"):
        value = issuer.get(name)
        if not isinstance(value, yaml.ScalarNode) or not str(value.value).strip():
            problems.append(_at(path, value or issuer_node or root, "keys_issuer_missing", ("issuer", name)))
        else:
            texts[name] = str(value.value).strip()
    keys: list[dict[str, str]] = []
    listed = top.get("keys")
    if not isinstance(listed, yaml.SequenceNode) or not listed.value:
        problems.append(_at(path, listed or root, "keys_none", ("keys",)))
    else:
        for i, item in enumerate(listed.value):
            members = _members(item)
            if "d" in members:
                problems.append(_at(path, members["d"], "keys_private", ("keys", i, "d")))
                continue
            jwk = {k: str(v.value) for k, v in members.items() if isinstance(v, yaml.ScalarNode)}
            if jwk.get("kty") != "OKP" or jwk.get("crv") != "Ed25519" or not jwk.get("x"):
                problems.append(_at(path, item, "keys_not_ed25519", ("keys", i)))
                continue
            kept = {k: jwk[k] for k in PUBLIC_MEMBERS if k in jwk}
            kept["kid"] = jwk.get("kid") or thumbprint(jwk)
            keys.append(kept)
    if problems:
        return None, problems
    return PinnedKeys(Issuer(texts["id"], texts["name"]), keys), []


def read_revoked(config_dir: Path) -> tuple[list[str], list[Problem]]:
    """The ids (`jti`) of withdrawn credentials, from `site_config/revoked.json`."""
    path = config_dir / REVOKED_FILE
    if not path.exists():
        return [], []
    root, failed = _compose(path)
    if failed is not None:
        return [], [failed]
    listed = _members(root).get("revoked") if root is not None else None
    if not isinstance(listed, yaml.SequenceNode):
        return [], [problem(path, 1, 1, "revoked_not_list", field=("revoked",))]
    ids = []
    for i, item in enumerate(listed.value):
        value = _members(item).get("id")
        if not isinstance(value, yaml.ScalarNode) or not str(value.value).strip():
            return [], [_at(path, item, "revoked_no_id", ("revoked", i, "id"))]
        ids.append(str(value.value).strip())
    return ids, []


def verification_url(site_url: str, page: str) -> str:
    """The address of the site's verification page (`page` is its file name, e.g. verifikasi.html)."""
    return site_url.rstrip("/") + "/" + page
