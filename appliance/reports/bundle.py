"""Evidence bundles: report files plus a manifest of SHA-256 per file, signed with the box's Ed25519 key.

A bundle is a folder, or a .zip of the same layout:

    manifest.json        format, box id, key id, period, {path: {sha256, bytes}} of every other file
    manifest.sig         Ed25519 signature over the exact bytes of manifest.json (hex, JSON)
    keys/<key_id>.pem    the public key that verifies manifest.sig and the audit head
    report.json, report.<lang>.pdf, csv/*.csv
    audit/events.jsonl   the raw audit events from the period's first event to the signed head
    audit/chain-head.json  that signed head and the chain verification at generation time
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from appliance.errors import CorpusBoxError
from appliance.security.secrets import key_id, public_pem

FORMAT = "corpusbox-evidence-bundle/1"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
ZIP_TIME = (2020, 1, 1, 0, 0, 0)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def make_manifest(files: dict[str, bytes], info: dict[str, Any], kid: str) -> bytes:
    """The manifest document listing every file with its hash and size."""
    manifest = {
        "format": FORMAT,
        **info,
        "key_id": kid,
        "public_key": f"keys/{kid}.pem",
        "files": {name: {"sha256": sha256(data), "bytes": len(data)} for name, data in sorted(files.items())},
    }
    return (json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()


def sign_bundle(files: dict[str, bytes], info: dict[str, Any], signer: Ed25519PrivateKey) -> dict[str, bytes]:
    """All files of the bundle: the given ones, the public key, the manifest and its signature."""
    kid = key_id(signer.public_key())
    files = {**files, f"keys/{kid}.pem": public_pem(signer.public_key())}
    manifest = make_manifest(files, info, kid)
    signature = {"algorithm": "ed25519", "key_id": kid, "signature": signer.sign(manifest).hex()}
    return {**files, MANIFEST: manifest, SIGNATURE: signature_document(signature)}


def signature_document(signature: dict[str, str]) -> bytes:
    """manifest.sig's exact bytes; the verifier accepts no other spelling of the same content."""
    return (json.dumps(signature, indent=2, sort_keys=True) + "\n").encode()


def check_output(path: Path, force: bool) -> None:
    """Refuse to overwrite an existing report or bundle unless told to."""
    if not path.exists() or (path.is_dir() and not any(path.iterdir())):
        return
    if not force:
        raise CorpusBoxError(f"{path} already exists", hint="choose another --output, or pass --force")
    if path.is_dir() and not any((path / marker).exists() for marker in (MANIFEST, "summary.csv")):
        # --force empties a folder before writing: only ever one that holds an earlier report.
        raise CorpusBoxError(
            f"{path} is a folder that does not hold an earlier report",
            hint="choose an empty or new folder for --output",
        )


def write_files(path: Path, files: dict[str, bytes]) -> None:
    """Write files into a folder, or a .zip when `path` ends with .zip (deterministic order and times)."""
    if path.suffix.lower() == ".zip":
        path.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for name, data in sorted(files.items()):
                zf.writestr(zipfile.ZipInfo(name, ZIP_TIME), data, compress_type=zipfile.ZIP_DEFLATED)
        return
    if path.is_dir():
        for old in sorted(path.rglob("*"), reverse=True):  # --force: start from an empty folder
            old.rmdir() if old.is_dir() and not old.is_symlink() else old.unlink()
    for name, data in files.items():
        target = path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
