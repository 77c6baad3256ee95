"""Offline verification of an evidence bundle: no database, no object store, only the bundle's files.

Checks the manifest signature, every file's SHA-256 (modified, missing, added), and re-hashes the
bundled audit events up to the signed head they end at.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from appliance.audit.chain import event_hash, head_payload
from appliance.errors import CorpusBoxError
from appliance.reports.bundle import FORMAT, MANIFEST, SIGNATURE, sha256, signature_document
from appliance.security.secrets import key_id, load_public_key

EVENTS, HEAD = "audit/events.jsonl", "audit/chain-head.json"


@dataclass
class BundleProblem:
    path: str
    kind: str
    message: str


@dataclass
class BundleReport:
    """What the verifier found; `ok` only when there is no problem at all."""

    bundle: str
    ok: bool = True
    files_checked: int = 0
    key_id: str | None = None
    box_id: str | None = None
    period: dict[str, str] | None = None
    events_checked: int = 0
    head_seq: int | None = None
    key_pinned: bool = False
    problems: list[BundleProblem] = field(default_factory=list)

    def add(self, path: str, kind: str, message: str) -> None:
        self.ok = False
        self.problems.append(BundleProblem(path, kind, message))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def read_bundle(path: Path, report: BundleReport) -> dict[str, bytes]:
    """Every regular file of a bundle folder or .zip, by relative path."""
    if not path.exists():
        raise CorpusBoxError(f"{path} does not exist", hint="give the bundle folder or .zip file")
    files: dict[str, bytes] = {}
    if path.is_file():
        try:
            with zipfile.ZipFile(path) as zf:
                for info in zf.infolist():
                    if info.is_dir():
                        continue
                    if info.filename in files:
                        report.add(info.filename, "added", f"{info.filename} appears twice in the archive")
                    files[info.filename] = zf.read(info)
        except zipfile.BadZipFile:
            raise CorpusBoxError(
                f"{path} is neither a bundle folder nor a .zip", hint="give the bundle"
            ) from None
        return files
    for item in sorted(path.rglob("*")):
        name = item.relative_to(path).as_posix()
        if item.is_symlink() or not (item.is_file() or item.is_dir()):
            report.add(name, "added", f"{name} is not a regular file")
        elif item.is_file():
            files[name] = item.read_bytes()
    return files


def _check_signature(
    files: dict[str, bytes], manifest: dict[str, Any], report: BundleReport
) -> Ed25519PublicKey | None:
    pem_name = str(manifest.get("public_key", ""))
    if pem_name not in files:
        report.add(pem_name or "keys/", "missing", "the public key named by the manifest is missing")
        return None
    try:
        key = load_public_key(files[pem_name])
    except ValueError:
        report.add(pem_name, "bad-key", f"{pem_name} is not an Ed25519 public key")
        return None
    if key_id(key) != manifest.get("key_id"):
        report.add(
            pem_name,
            "bad-key",
            f"{pem_name} has key id {key_id(key)}, the manifest says {manifest.get('key_id')}",
        )
    try:
        sig = json.loads(files[SIGNATURE])
        key.verify(bytes.fromhex(sig["signature"]), files[MANIFEST])
        if signature_document(sig) != files[SIGNATURE]:
            report.add(SIGNATURE, "modified", "manifest.sig was modified (its signature still verifies)")
    except KeyError:
        report.add(SIGNATURE, "missing", "manifest.sig is missing: the manifest is not signed")
    except (InvalidSignature, ValueError, TypeError):
        report.add(
            SIGNATURE,
            "bad-signature",
            "the manifest signature does not verify: manifest.json or manifest.sig was changed",
        )
    return key


def _check_files(files: dict[str, bytes], manifest: dict[str, Any], report: BundleReport) -> None:
    listed: dict[str, Any] = manifest.get("files") or {}
    for name, entry in sorted(listed.items()):
        report.files_checked += 1
        if name not in files:
            report.add(name, "missing", f"{name} is listed in the manifest but missing")
        elif sha256(files[name]) != entry.get("sha256"):
            report.add(name, "modified", f"{name} was modified: its SHA-256 differs from the manifest's")
    for name in sorted(set(files) - set(listed) - {MANIFEST, SIGNATURE}):
        report.add(name, "added", f"{name} is not in the manifest: it was added after signing")


def _check_events(files: dict[str, bytes], key: Ed25519PublicKey | None, report: BundleReport) -> None:
    if EVENTS not in files or HEAD not in files:
        return  # already reported as missing by the manifest check
    try:
        doc = json.loads(files[HEAD])
        events = [json.loads(line) for line in files[EVENTS].decode().splitlines() if line.strip()]
    except (ValueError, UnicodeDecodeError):
        report.add(EVENTS, "modified", "the audit evidence cannot be parsed")
        return
    prev = None
    for ev in events:
        report.events_checked += 1
        digest = event_hash(
            ev["seq"],
            ev["ts"],
            ev["actor"],
            ev["role"],
            ev["action"],
            ev["target"],
            ev["outcome"],
            ev["details"],
            ev["prev_hash"],
        )
        if digest != ev["hash"]:
            report.add(
                EVENTS,
                "audit-event-edited",
                f"audit event {ev['seq']} ({ev['action']}) does not match its hash",
            )
        if prev is not None and (ev["seq"] != prev["seq"] + 1 or ev["prev_hash"] != prev["hash"]):
            report.add(
                EVENTS, "audit-chain-broken", f"audit event {ev['seq']} does not follow event {prev['seq']}"
            )
        prev = ev
    _check_head(doc, events, key, report)


def _check_head(
    doc: dict[str, Any], events: list[dict[str, Any]], key: Ed25519PublicKey | None, report: BundleReport
) -> None:
    verification = doc.get("verification") or {}
    if not verification.get("ok", False):
        bad = verification.get("first_bad") or {}
        report.add(
            HEAD,
            "audit-chain-failed",
            f"the box's audit chain was broken when this bundle was made: first bad event {bad.get('seq')} "
            f"({bad.get('kind')}): {bad.get('message')}",
        )
    head = doc.get("anchor_head")
    if not head or not events:
        return
    report.head_seq = head["seq"]
    if events[-1]["seq"] != head["seq"] or events[-1]["hash"] != head["hash"]:
        report.add(
            EVENTS,
            "audit-head-mismatch",
            f"the bundled events end at {events[-1]['seq']} but the signed head is at {head['seq']}",
        )
    if key is not None and head.get("key_id") == key_id(key):
        payload = head_payload(head["box_id"], head["seq"], head["hash"], head["signed_at"], head["key_id"])
        try:
            key.verify(bytes.fromhex(head["signature"]), payload)
        except (InvalidSignature, ValueError):
            report.add(HEAD, "bad-signature", f"the signed audit head at event {head['seq']} does not verify")
    elif key is not None:
        report.add(
            HEAD, "bad-key", f"the audit head is signed by key {head.get('key_id')}, not the bundle's key"
        )


def verify_bundle(
    path: Path, trusted_key: bytes | None = None, trusted_key_id: str | None = None
) -> BundleReport:
    """Verify a bundle; with a trusted key (PEM) or key id, also check that the box's key signed it."""
    report = BundleReport(str(path))
    files = read_bundle(path, report)
    if MANIFEST not in files:
        report.add(MANIFEST, "missing", "manifest.json is missing: this is not a verifiable bundle")
        return report
    try:
        manifest = json.loads(files[MANIFEST])
        assert manifest.get("format") == FORMAT
    except (ValueError, AssertionError):
        report.add(MANIFEST, "modified", f"manifest.json is not a {FORMAT} manifest")
        return report
    report.key_id, report.box_id, report.period = (
        manifest.get("key_id"),
        manifest.get("box_id"),
        manifest.get("period"),
    )
    key = _check_signature(files, manifest, report)
    _check_files(files, manifest, report)
    _check_events(files, key, report)
    pinned = key_id(load_public_key(trusted_key)) if trusted_key else trusted_key_id
    if pinned:
        report.key_pinned = True
        if pinned != report.key_id:
            report.add(
                "keys/", "untrusted-key", f"signed by key {report.key_id}, not the trusted key {pinned}"
            )
    return report
