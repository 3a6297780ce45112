"""`latih keys new`: the organiser's Ed25519 signing key, kept outside the course, and its public
half pinned in the course (`site_config/keys.json`) so that every build of the site carries it.

The private key is written once (never over an existing file), readable by its owner only, and
never anywhere a site, a package or the course's sources could pick it up.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from generator.credential import KEYS_FILE, b64url, read_keys, thumbprint
from generator.safety import MARKER, Sources

KEY_SUFFIX = ".pem"


@dataclass(frozen=True)
class KeyRefusal(Exception):
    key: str  # a message key of locale/*.yml
    path: Path


def default_folder(environ: dict[str, str] | os._Environ[str] = os.environ) -> Path:
    """Where keys go by default: the user's own configuration folder, far from any course."""
    base = environ.get("XDG_CONFIG_HOME") or str(Path(environ.get("HOME") or "~").expanduser() / ".config")
    return Path(base) / "latih" / "keys"


def public_jwk(public: Ed25519PublicKey) -> dict[str, str]:
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    jwk = {"kty": "OKP", "crv": "Ed25519", "x": b64url(raw)}
    return {**jwk, "kid": thumbprint(jwk), "alg": "EdDSA", "use": "sig"}


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or path.is_relative_to(folder)


def key_refusal(out: Path, sources: Sources, site_dirs: list[Path]) -> KeyRefusal | None:
    """Why the signing key may not be written at `out`, or None when it may."""
    out = Path(os.path.abspath(out))
    resolved = out.resolve()
    if out.is_symlink() or out.exists():
        return KeyRefusal("keys_out_exists", out)
    if _inside(resolved, sources.root) or any(_inside(resolved, f) for f in sources.folders):
        return KeyRefusal("keys_out_in_course", out)
    if any(_inside(resolved, site.resolve()) for site in site_dirs):
        return KeyRefusal("keys_out_in_site", out)
    # Any previous Latih build (a site, a facilitator build) above it would publish it
    for folder in resolved.parents:
        if (folder / MARKER).is_file():
            return KeyRefusal("keys_out_in_site", out)
    if resolved.parent.exists() and not resolved.parent.is_dir():
        return KeyRefusal("keys_out_not_folder", out)
    return None


def write_private_key(out: Path, private: Ed25519PrivateKey) -> None:
    """PKCS#8 PEM, created with mode 0600 and never over an existing file (nor through a link)."""
    out.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    descriptor = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(pem)
    os.chmod(out, 0o600)  # whatever the umask


def load_private_key(path: Path) -> Ed25519PrivateKey:
    """The signing key from its PEM file; ValueError when the file is not an Ed25519 private key."""
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError("not an Ed25519 private key")
    return key


def pin_public_key(config_dir: Path, jwk: dict[str, str], issuer_id: str, issuer_name: str) -> Path:
    """Add the public key to `site_config/keys.json` (made when missing); earlier keys stay listed,
    so certificates they signed stay valid."""
    path = config_dir / KEYS_FILE
    pinned, problems = read_keys(config_dir)
    if problems:
        raise ValueError(problems[0])
    if pinned is None:
        data = {"issuer": {"id": issuer_id, "name": issuer_name}, "keys": []}
    else:
        data = pinned.as_json()
    data["keys"] = [k for k in data["keys"] if k["kid"] != jwk["kid"]] + [
        {**jwk, "created": dt.date.today().isoformat()}
    ]
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def new_issuer_id(site_url: str | None) -> str:
    """The issuer's id: the site's address when known, else a fresh URN kept in keys.json."""
    return site_url.rstrip("/") + "/#issuer" if site_url else f"urn:uuid:{uuid.uuid4()}"
