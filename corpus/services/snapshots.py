"""Snapshots: cut (curate + shard + manifest), list, show, diff, export. Every cut and export is audited."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from appliance.db.engine import transaction
from appliance.db.models import Run, Snapshot, Source
from appliance.errors import Conflict, CorpusBoxError, NotFound
from appliance.services.auth import Principal, authorize
from corpus import snapshots as snap
from corpus.curate.build import CurationConfig, PartRef, curate
from corpus.models import DeidOutput, FindingRow
from corpus.pipeline.run import current_inputs, plan, policy_version
from corpus.services.sources import get_source
from corpus.snapshots import SnapshotManifest, SourceRef
from corpus.structured.policy import parse_policy

if TYPE_CHECKING:
    from pathlib import Path

    from appliance.box import Box
    from corpus.snapshots.exporting import ExportResult

NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


def _parts(box: Box, source: Source, version: str) -> list[PartRef]:
    """De-identified parts of the files now in `source` (not superseded or removed), by input hash and part."""
    missing, _ = plan(box, source, version)
    if missing:
        raise Conflict(f"source {source.name!r} has {len(missing)} part(s) not de-identified under its current policy",
                       hint=f"run `corpusbox deid run {source.name}` first")
    with box.sessions() as s:
        rows = s.execute(select(DeidOutput.curated_key, DeidOutput.sha256, DeidOutput.documents).where(
            DeidOutput.source_id == source.id, DeidOutput.policy_version == version,
            DeidOutput.input_sha256.in_(current_inputs(source.id)))
            .order_by(DeidOutput.input_sha256, DeidOutput.part)).all()
    return [PartRef(source.name, k, sha, n) for k, sha, n in rows]


def _deid_summary(box: Box, sources: list[tuple[Source, str]]) -> dict[str, Any]:
    by_type: dict[str, int] = {}
    risk: dict[str, Any] = {}
    with box.sessions() as s:
        for source, version in sources:
            rows = s.execute(select(FindingRow.entity_type, func.count()).join(
                DeidOutput, DeidOutput.id == FindingRow.output_id).where(
                DeidOutput.source_id == source.id, DeidOutput.policy_version == version,
                DeidOutput.input_sha256.in_(current_inputs(source.id)))
                .group_by(FindingRow.entity_type)).all()
            for etype, n in rows:
                by_type[etype] = by_type.get(etype, 0) + n
            est = s.scalar(select(Run.stats).where(Run.source_id == source.id, Run.kind == "review",
                                                   Run.status == "completed").order_by(Run.id.desc()).limit(1))
            if est:
                risk[source.name] = {k: est.get(k) for k in ("documents_reviewed", "misses", "misses_per_1000")}
    return {"findings_by_type": dict(sorted(by_type.items())), "findings": sum(by_type.values()),
            "residual_risk": risk}


def _dp_summary(sources: list[tuple[Source, str]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for source, _ in sources:
        if not source.policy:
            continue
        policy = parse_policy(source.policy)
        rules = policy.noise_rules() if hasattr(policy, "noise_rules") else {}
        if rules:
            out[source.name] = {"dataset": policy.dataset, "mechanism": "laplace-per-record",
                                "fields": {n: r.epsilon for n, r in sorted(rules.items())}}
    return out


def create_snapshot(box: Box, principal: Principal, name: str, source_names: list[str], parent: str | None = None,
                    config: CurationConfig | None = None) -> SnapshotManifest:
    """Curate the de-identified documents of `source_names` into a new immutable snapshot."""
    authorize(box, principal, "snapshot.create", f"snapshot:{name}")
    if not NAME_RE.match(name):
        raise CorpusBoxError(f"invalid snapshot name {name!r}", hint="letters, digits, '.', '_', '-'")
    if not source_names:
        raise CorpusBoxError("a snapshot needs at least one source", hint="pass --source NAME (repeatable)")
    cfg = config or CurationConfig()
    with box.sessions() as s:
        if s.scalar(select(Snapshot.id).where(Snapshot.name == name)) is not None:
            raise Conflict(f"a snapshot named {name!r} exists; snapshots are immutable", hint="pick a new name")
        parent_id = s.scalar(select(Snapshot.id).where(Snapshot.name == parent)) if parent else None
    if parent and parent_id is None:
        raise NotFound(f"no parent snapshot named {parent!r}")
    sources = [(src, policy_version(box, src)) for src in (get_source(box, n) for n in sorted(set(source_names)))]
    parts = [p for src, version in sources for p in _parts(box, src, version)]
    result = curate(box, parts, cfg)
    manifest = SnapshotManifest(
        name=name, created_at=datetime.now(UTC).isoformat(timespec="seconds"), created_by=principal.user,
        parent=parent, sources=[SourceRef(name=src.name, kind=src.kind, policy_version=v,
                                          documents=result.per_source.get(src.name, 0)) for src, v in sources],
        policy_versions={src.name: v for src, v in sources}, counts=result.counts,
        deid=_deid_summary(box, sources), dp=_dp_summary(sources),
        curation={"config": cfg.model_dump(mode="json"), "input_documents": result.input_documents,
                  "dropped": result.dropped, "patients": result.patients},
        shards=result.shards,
    ).sealed()
    key, sha = snap.store_manifest(box, manifest)
    with transaction(box.sessions) as s:
        s.add(Snapshot(name=name, manifest_key=key, manifest_sha256=sha, parent_id=parent_id, created_by=principal.user,
                       stats={"counts": result.counts, "documents": sum(result.counts.values()),
                              "content_sha256": manifest.content_sha256, "dropped": result.dropped,
                              "sources": sorted(manifest.policy_versions),
                              "policy_versions": manifest.policy_versions}))
        box.audit.record(principal.as_actor(), "snapshot.create", f"snapshot:{name}", "ok",
                         {"manifest_sha256": sha, "content_sha256": manifest.content_sha256, "counts": result.counts,
                          "sources": manifest.policy_versions, "parent": parent, "dropped": result.dropped}, session=s)
    return manifest


def list_snapshots(box: Box, principal: Principal) -> list[dict[str, Any]]:
    """Every snapshot, newest first."""
    authorize(box, principal, "snapshot.read")
    with box.sessions() as s:
        rows = s.scalars(select(Snapshot).order_by(Snapshot.created_at.desc(), Snapshot.id.desc())).all()
        names = {r.id: r.name for r in rows}
    return [{"name": r.name, "created_at": r.created_at, "created_by": r.created_by,
             "documents": sum((r.stats or {}).get("counts", {}).values()), "counts": (r.stats or {}).get("counts", {}),
             "parent": names.get(r.parent_id), "content_sha256": (r.stats or {}).get("content_sha256"),
             "manifest_sha256": r.manifest_sha256} for r in rows]


def show_snapshot(box: Box, principal: Principal, name: str) -> SnapshotManifest:
    """A snapshot's verified manifest."""
    authorize(box, principal, "snapshot.read", f"snapshot:{name}")
    return snap.load_manifest(box, name)


def diff_snapshots(box: Box, principal: Principal, a: str, b: str) -> dict[str, Any]:
    """What changed from snapshot `a` to `b`: counts, sources and policy versions, documents by id."""
    authorize(box, principal, "snapshot.read", f"snapshot:{a}")
    ma, mb = snap.load_manifest(box, a), snap.load_manifest(box, b)
    ids_a = {d["id"] for d in snap.iter_documents(box, ma)}
    ids_b = {d["id"] for d in snap.iter_documents(box, mb)}
    splits = sorted(set(ma.counts) | set(mb.counts))
    return {
        "a": a, "b": b, "same_content": ma.content_sha256 == mb.content_sha256,
        "counts": {s: {"a": ma.counts.get(s, 0), "b": mb.counts.get(s, 0)} for s in splits},
        "documents_added": len(ids_b - ids_a), "documents_removed": len(ids_a - ids_b),
        "documents_kept": len(ids_a & ids_b),
        "policy_versions": {n: {"a": ma.policy_versions.get(n), "b": mb.policy_versions.get(n)}
                            for n in sorted(set(ma.policy_versions) | set(mb.policy_versions))
                            if ma.policy_versions.get(n) != mb.policy_versions.get(n)},
        "shards_shared": len({s.key for s in ma.shards} & {s.key for s in mb.shards}),
    }


def export_snapshot(box: Box, principal: Principal, name: str, output_dir: str | Path,
                    fmt: str = "jsonl") -> ExportResult:
    """Export a snapshot's documents (see corpus.snapshots.export)."""
    return snap.export(box, principal, name, output_dir, fmt)
