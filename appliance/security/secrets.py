"""Secrets kept in the data root: the box's Ed25519 key, the pseudonymisation key, S3 credentials."""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import uuid
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

SECRETS_DIR = "secrets"


def write_private(path: Path, data: bytes) -> None:
    """Write a secret file readable by the owner only; atomic so a crash never leaves half a key."""
    path.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def secrets_dir(home: Path) -> Path:
    return home / SECRETS_DIR


def box_id(home: Path) -> str:
    """A stable identifier of this box, created on first use."""
    path = home / "box_id"
    if not path.exists():
        home.mkdir(parents=True, exist_ok=True)
        path.write_text(str(uuid.uuid4()) + "\n")
    return path.read_text().strip()


def signing_key(home: Path) -> Ed25519PrivateKey:
    """The box's Ed25519 key that signs audit heads and evidence bundles (created on first use)."""
    path = secrets_dir(home) / "box_ed25519.pem"
    if not path.exists():
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        write_private(path, pem)
        (home / "box_ed25519.pub").write_bytes(public_pem(key.public_key()))
    loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
    assert isinstance(loaded, Ed25519PrivateKey)
    return loaded


def public_pem(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def load_public_key(pem: bytes) -> Ed25519PublicKey:
    key = serialization.load_pem_public_key(pem)
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("not an Ed25519 public key")
    return key


def key_id(key: Ed25519PublicKey) -> str:
    """A short fingerprint naming a public key."""
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def pseudonym_key(home: Path) -> bytes:
    """The keyed-HMAC secret for pseudonyms and date shifts. It never leaves the box."""
    path = secrets_dir(home) / "pseudonym.key"
    if not path.exists():
        write_private(path, secrets.token_bytes(32))
    return path.read_bytes()


def embedded_s3_credentials(home: Path) -> tuple[str, str]:
    """Access and secret key for the embedded object store, generated on first use."""
    path = secrets_dir(home) / "s3-credentials.json"
    if not path.exists():
        creds = {"access_key": "CBX" + secrets.token_hex(8).upper(), "secret_key": secrets.token_urlsafe(30)}
        write_private(path, json.dumps(creds).encode())
    data = json.loads(path.read_text())
    return data["access_key"], data["secret_key"]
