"""Sources: register, list, show. Each has a kind, a location, settings and a de-identification policy."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from sqlalchemy import func, select

from appliance.db.engine import transaction
from appliance.db.models import Run, Source
from appliance.errors import Conflict, CorpusBoxError, NotFound
from appliance.services.auth import Principal, authorize
from corpus.models import CURRENT, IngestFile
from corpus.snapshots.manifest import canonical_json
from corpus.sources.base import SourceSettings
from corpus.sources.registry import connector, guess_kind, location
from corpus.structured.policy import (
    DicomPolicy,
    FhirPolicy,
    NotesPolicy,
    TablePolicy,
    load_policy,
    parse_policy,
)

if TYPE_CHECKING:
    from appliance.box import Box

EXAMPLES = Path(__file__).resolve().parents[1] / "policies" / "examples"
POLICY_TYPES = {"notes": NotesPolicy, "table": TablePolicy, "fhir": FhirPolicy, "dicom": DicomPolicy}
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")


@dataclass
class SourceView:
    """A source as operators see it (no PHI: paths and counts)."""

    name: str
    kind: str
    uri: str
    policy: str | None
    policy_version: str | None
    created_by: str | None
    created_at: Any
    files: dict[str, int] = field(default_factory=dict)
    documents: int = 0
    settings: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, row: Source, files: dict[str, int] | None = None, documents: int = 0) -> SourceView:
        policy = (row.policy or {}).get("name") if row.policy else None
        return cls(row.name, row.kind, row.uri, policy, row.policy_version, row.created_by, row.created_at,
                   files or {}, documents, dict(row.settings or {}))


def default_policy(kind: str) -> dict[str, Any] | None:
    """The policy a source gets when none is given (tables have none: every column must be named)."""
    if kind == "fhir":
        data = yaml.safe_load((EXAMPLES / "fhir.yaml").read_text(encoding="utf-8"))
        data["paths"] = {p: r for p, r in data["paths"].items()
                         if not (isinstance(r, dict) and r.get("action") == "noise")}
        data.pop("dataset", None)
        data["name"] = "fhir-default"
        return data
    if kind == "dicom":
        return yaml.safe_load((EXAMPLES / "dicom.yaml").read_text(encoding="utf-8"))
    return None


def resolve_policy(kind: str, policy_file: str | Path | None) -> dict[str, Any] | None:
    """A validated policy for a source kind, as plain data (stored with the source)."""
    if policy_file is None:
        if kind == "table":
            raise CorpusBoxError("a table source needs a policy naming every column",
                                 hint=f"copy {EXAMPLES / 'emr_table.yaml'} and pass it with --policy")
        data = default_policy(kind)
        return parse_policy(data).model_dump(mode="json", exclude_none=True) if data else None
    policy = load_policy(policy_file)
    if not isinstance(policy, POLICY_TYPES[kind]):
        raise CorpusBoxError(f"policy {policy_file} is a {policy.kind} policy but the source kind is {kind}",
                             hint=f"use a policy with `kind: {kind}`")
    return policy.model_dump(mode="json", exclude_none=True)


def base_version(policy: dict[str, Any] | None, settings: SourceSettings) -> str:
    """Version of a source's policy and de-identification settings (lists are added at run time)."""
    # the default age scope stays out, so sources added before the setting existed keep their versions
    relevant = settings.model_dump(exclude={"max_file_bytes"} | ({"ages"} if settings.ages == "over_89" else set()))
    return hashlib.sha256(canonical_json({"policy": policy, "settings": relevant})).hexdigest()[:16]


def add_source(box: Box, principal: Principal, name: str, uri: str, kind: str = "auto",
               policy_file: str | Path | None = None, **settings: Any) -> SourceView:
    """Register a source (folder or s3:// prefix) with its kind, settings and policy; audited."""
    authorize(box, principal, "source.manage", f"source:{name}")
    if not NAME_RE.match(name):
        raise CorpusBoxError(f"invalid source name {name!r}", hint="lower-case letters, digits, '.', '_', '-'")
    if not uri.startswith("s3://"):
        uri = str(Path(uri).expanduser().resolve())
    if kind == "auto":
        kind = guess_kind(location(box, uri))
    connector(kind)
    cfg = SourceSettings(kind=kind, **{k: v for k, v in settings.items() if v is not None})
    policy = resolve_policy(kind, policy_file)
    version = base_version(policy, cfg)
    with transaction(box.sessions) as s:
        if s.scalar(select(Source.id).where(Source.name == name)) is not None:
            raise Conflict(f"a source named {name!r} exists", hint="pick another name or `source show` it")
        row = Source(name=name, kind=kind, uri=uri, policy=policy, policy_version=version,
                     settings=cfg.model_dump(mode="json"), created_by=principal.user)
        s.add(row)
        s.flush()
        box.audit.record(principal.as_actor(), "source.add", f"source:{name}", "ok",
                         {"kind": kind, "policy": (policy or {}).get("name"), "policy_version": version}, session=s)
    return SourceView.of(row)


def get_source(box: Box, name: str) -> Source:
    """The source row called `name`, or NotFound."""
    with box.sessions() as s:
        row = s.scalar(select(Source).where(Source.name == name))
    if row is None:
        raise NotFound(f"no source named {name!r}", hint="list them with `corpusbox source list`")
    return row


def list_sources(box: Box, principal: Principal) -> list[SourceView]:
    """Every source with file counts by ingestion status."""
    authorize(box, principal, "source.read")
    with box.sessions() as s:
        rows = s.scalars(select(Source).order_by(Source.name)).all()
        return [SourceView.of(r, *_counts(s, r.id)) for r in rows]


def show_source(box: Box, principal: Principal, name: str) -> dict[str, Any]:
    """A source, its file counts and its recent runs."""
    authorize(box, principal, "source.read", f"source:{name}")
    row = get_source(box, name)
    with box.sessions() as s:
        view = SourceView.of(row, *_counts(s, row.id))
        runs = s.scalars(select(Run).where(Run.source_id == row.id).order_by(Run.id.desc()).limit(10)).all()
        failures = s.execute(select(IngestFile.error_code, func.count()).where(
            IngestFile.source_id == row.id, IngestFile.status == "failed").group_by(IngestFile.error_code)).all()
    return {"source": view, "failures": {code or "unknown": n for code, n in failures},
            "runs": [{"id": r.id, "kind": r.kind, "status": r.status, "started_at": r.started_at,
                      "finished_at": r.finished_at, "stats": {k: v for k, v in (r.stats or {}).items()
                                                               if not isinstance(v, (list, dict))}} for r in runs]}


def _counts(s: Any, source_id: int) -> tuple[dict[str, int], int]:
    rows = s.execute(select(IngestFile.status, func.count(), func.coalesce(func.sum(IngestFile.documents), 0))
                     .where(IngestFile.source_id == source_id).group_by(IngestFile.status)).all()
    files = {status: n for status, n, _ in rows}
    documents = sum(int(d) for status, _, d in rows if status in CURRENT)
    return files, documents
