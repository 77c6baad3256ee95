"""Evidence bundles: verify passes on an untouched bundle and names every kind of tampering."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import text

from appliance.reports import service
from appliance.reports.bundle import sign_bundle
from appliance.reports.period import parse_period
from appliance.reports.verify import verify_bundle
from tests.appliance.reports.conftest import DemoBox


@pytest.fixture(scope="module")
def bundle_dir(demo: DemoBox, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bundles") / "evidence"
    service.compliance_report(demo.box, demo.auditor, parse_period(None, None), "bundle", out, lang="zh")
    return out


def _copy(src: Path, tmp_path: Path) -> Path:
    dst = tmp_path / "copy"
    shutil.copytree(src, dst)
    return dst


def _kinds(path: Path) -> set[tuple[str, str]]:
    return {(p.kind, p.path) for p in verify_bundle(path).problems}


def test_when_untouched_then_every_file_and_event_verifies(bundle_dir: Path, demo: DemoBox) -> None:
    report = verify_bundle(bundle_dir)
    assert report.ok, report.problems
    files = {p.relative_to(bundle_dir).as_posix() for p in bundle_dir.rglob("*") if p.is_file()}
    assert {
        "report.json",
        "report.zh.pdf",
        "csv/findings_by_entity.csv",
        "audit/events.jsonl",
        "audit/chain-head.json",
        "manifest.json",
        "manifest.sig",
    } <= files
    assert report.files_checked == len(files) - 2 and report.events_checked >= 20
    assert report.key_id == demo.box.audit.key_id
    pinned = verify_bundle(bundle_dir, trusted_key=(demo.box.home / "box_ed25519.pub").read_bytes())
    assert pinned.ok and pinned.key_pinned


def test_when_any_file_modified_then_verify_names_it(bundle_dir: Path, tmp_path: Path) -> None:
    names = [p.relative_to(bundle_dir).as_posix() for p in sorted(bundle_dir.rglob("*")) if p.is_file()]
    for i, name in enumerate(names):
        copy = tmp_path / f"m{i}"
        shutil.copytree(bundle_dir, copy)
        target = copy / name
        target.write_bytes(target.read_bytes() + b" ")
        kinds = _kinds(copy)
        if name == "manifest.json":  # the signature covers the manifest's exact bytes
            assert kinds == {("bad-signature", "manifest.sig")}, kinds
        else:
            assert ("modified", name) in kinds, (name, kinds)


def test_when_file_removed_or_added_then_verify_says_which(bundle_dir: Path, tmp_path: Path) -> None:
    copy = _copy(bundle_dir, tmp_path)
    (copy / "csv" / "refused_failed.csv").unlink()
    (copy / "csv" / "extra.csv").write_text("user,action\nmallory,nothing\n")
    assert _kinds(copy) == {("missing", "csv/refused_failed.csv"), ("added", "csv/extra.csv")}


def test_when_bundle_resigned_with_another_key_then_only_a_pinned_key_catches_it(
    bundle_dir: Path, demo: DemoBox, tmp_path: Path
) -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    copy = _copy(bundle_dir, tmp_path)
    files = {p.relative_to(copy).as_posix(): p.read_bytes() for p in copy.rglob("*") if p.is_file()}
    events = files["audit/events.jsonl"].decode().splitlines()
    first = json.loads(events[0])
    first["actor"] = "someone-else"
    events[0] = json.dumps(first, sort_keys=True)
    files["audit/events.jsonl"] = ("\n".join(events) + "\n").encode()
    manifest = json.loads(files.pop("manifest.json"))
    for name in ("manifest.sig", manifest["public_key"]):
        files.pop(name)
    shutil.rmtree(copy)
    forged = sign_bundle(
        files,
        {k: manifest[k] for k in ("box_id", "box_name", "period", "created_at", "created_by")},
        Ed25519PrivateKey.generate(),
    )
    for name, data in forged.items():
        (copy / name).parent.mkdir(parents=True, exist_ok=True)
        (copy / name).write_bytes(data)
    kinds = {k for k, _ in _kinds(copy)}
    assert (
        "audit-event-edited" in kinds and "bad-key" in kinds
    )  # the head was signed by the box, not the forger
    pinned = verify_bundle(copy, trusted_key_id=demo.box.audit.key_id)
    assert "untrusted-key" in {p.kind for p in pinned.problems}


def test_when_zip_bundle_then_same_checks(demo: DemoBox, tmp_path: Path) -> None:
    out = tmp_path / "evidence.zip"
    service.compliance_report(demo.box, demo.admin, parse_period(None, None), "bundle", out)
    assert verify_bundle(out).ok
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(out) as src, zipfile.ZipFile(tampered, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            dst.writestr(
                info, data.replace(b"notes-2024", b"notes-2025") if info.filename == "report.json" else data
            )
    assert _kinds(tampered) == {("modified", "report.json")}


def test_when_audit_event_tampered_in_database_then_bundle_fails_and_names_it(
    fresh_demo: DemoBox, tmp_path: Path
) -> None:
    box = fresh_demo.box
    victim = box.audit.events(action="dp.release")[0].seq
    with box.engine.begin() as conn:
        conn.exec_driver_sql("DROP TRIGGER audit_events_no_update")
        conn.execute(text("UPDATE audit_events SET details = '{}' WHERE seq = :s"), {"s": victim})
    out = tmp_path / "evidence"
    result = service.compliance_report(box, fresh_demo.auditor, parse_period(None, None), "bundle", out)
    assert not result.chain_ok
    report = verify_bundle(out)
    kinds = {p.kind: p.message for p in report.problems}
    assert f"first bad event {victim} (edited)" in kinds["audit-chain-failed"]
    assert f"audit event {victim} (dp.release) does not match its hash" in kinds["audit-event-edited"]
