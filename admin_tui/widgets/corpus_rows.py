"""Rows of the Corpus screen's tables, from the corpus services' views (counts and ids, never PHI text)."""

from __future__ import annotations

from typing import Any

from admin_tui.widgets.format import when

SPLITS = ("train", "validation", "test")
# table id -> (panel title, column headers)
COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "sources": ("Sources", ("name", "kind", "policy", "version", "files", "failed", "documents")),
    "runs": ("Ingestion and de-identification runs (newest first)",
             ("id", "kind", "source", "status", "progress", "detail", "by", "started (UTC)")),
    "findings": ("Findings by entity type", ("entity type", "count", "share")),
    "review": ("Review queue", ("item", "reason", "document", "entity", "score", "recognizer")),
    "snapshots": ("Snapshots (newest first)", ("name", "docs", "train", "val", "test", "created (UTC)", "parent", "by")),
}


def source_row(v: Any) -> tuple[str, ...]:
    """name, kind, policy, version, files, failed, documents."""
    files = sum(v.files.values())
    return (v.name, v.kind, v.policy or "default", (v.policy_version or "-")[:12], str(files),
            str(v.files.get("failed", 0)), str(v.documents))


def progress_text(run: dict[str, Any]) -> str:
    """'done/total (pct)' while a run reports progress, else its headline count."""
    prog, summary = run.get("progress") or {}, run.get("summary") or {}
    if run["status"] == "running" and prog.get("total"):
        return f"{prog.get('done', 0)}/{prog['total']} ({100 * prog.get('done', 0) // prog['total']}%)"
    if run["status"] == "running":
        return "starting"
    for key in ("documents", "files", "documents_reviewed"):
        if key in summary:
            return f"{summary[key]} {key.replace('_', ' ')}"
    return "-"


def run_detail(run: dict[str, Any]) -> str:
    """A few counts from a run's report, in words."""
    s = run.get("summary") or {}
    if run["kind"] == "ingest":
        return f"{s.get('new', 0)} new, {s.get('duplicate', 0)} dup, {s.get('failed', 0)} failed" if s else "-"
    if run["kind"] == "deid":
        failed = f", {s['failed_parts']} failed parts" if s.get("failed_parts") else ""
        return f"{s.get('findings', 0)} findings{failed}" if s else "-"
    if run["kind"] == "review":
        rate = s.get("misses_per_1000")
        return f"misses {s.get('misses', 0)} ({'-' if rate is None else rate} per 1,000)" if s else "-"
    return "-"


def run_row(run: dict[str, Any]) -> tuple[str, ...]:
    """id, kind, source, status, progress, detail, by, started."""
    return (str(run["id"]), run["kind"], run.get("source") or "-", run["status"], progress_text(run),
            run_detail(run), run.get("actor") or "-", when(run.get("started_at")))


def findings_rows(by_type: dict[str, int]) -> list[tuple[str, str, str]]:
    """entity type, count, share of all findings; most frequent first."""
    total = sum(by_type.values()) or 1
    ordered = sorted(by_type.items(), key=lambda kv: (-kv[1], kv[0]))
    return [(etype, str(n), f"{100 * n / total:.0f}%") for etype, n in ordered]


def review_row(item: dict[str, Any]) -> tuple[str, ...]:
    """id, reason, document, entity type, score, recognizer (no text)."""
    f = item.get("finding") or {}
    score = f.get("score")
    return (str(item["id"]), item["reason"], item["doc_id"][:12], f.get("entity_type", "-"),
            "-" if score is None else f"{score:.2f}", f.get("recognizer") or "-")


def risk_text(run: dict[str, Any] | None) -> str:
    """The last residual-risk estimate of a source, in words."""
    if run is None:
        return "residual risk not estimated yet"
    s = run.get("summary") or {}
    rate = s.get("misses_per_1000")
    return (f"residual risk {'-' if rate is None else rate} misses per 1,000 "
            f"({s.get('documents_reviewed', 0)} reviewed, {when(run.get('finished_at') or run.get('started_at'))})")


def snapshot_row(v: dict[str, Any]) -> tuple[str, ...]:
    """name, documents, train, validation, test, created, parent, by."""
    counts = v.get("counts") or {}
    return (v["name"], str(v["documents"]), *(str(counts.get(s, 0)) for s in SPLITS), when(v.get("created_at")),
            v.get("parent") or "-", v.get("created_by") or "-")


def diff_lines(d: dict[str, Any]) -> list[tuple[str, str]]:
    """What changed from snapshot a to b, as label/value lines."""
    rows = [("snapshots", f"{d['a']} -> {d['b']}" + (" (same content)" if d["same_content"] else "")),
            ("documents", f"+{d['documents_added']} added, -{d['documents_removed']} removed, "
                          f"{d['documents_kept']} kept"),
            ("splits", ", ".join(f"{s} {c['a']}->{c['b']}" for s, c in d["counts"].items()) or "-"),
            ("shards shared", str(d["shards_shared"]))]
    for name, pv in d.get("policy_versions", {}).items():
        rows.append((f"policy {name}", f"{(pv['a'] or '-')[:12]} -> {(pv['b'] or '-')[:12]}"))
    return rows


def describe(r: Any) -> str:
    """A finished run in a few words (counts only)."""
    if hasattr(r, "findings_by_type"):
        return f"run {r.run_id}: {r.documents} documents, {r.findings} findings, {r.failed_parts} failed parts"
    if hasattr(r, "duplicate"):
        return f"run {r.run_id}: {r.new} new, {r.duplicate} duplicate, {r.failed} failed files"
    if hasattr(r, "counts"):
        return "snapshot cut: " + ", ".join(f"{k} {v}" for k, v in r.counts.items())
    return "done"
