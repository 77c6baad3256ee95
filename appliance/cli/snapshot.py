"""`corpusbox snapshot`: cut, list, show, diff and export immutable corpus snapshots."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from appliance.cli.common import JsonOpt, console, current_principal, get_box, output, print_table

app = typer.Typer(help="Corpus snapshots: curated, de-identified, content-addressed; what training reads.",
                  no_args_is_help=True)


@app.command("create")
def create(
    ctx: typer.Context,
    name: Annotated[str, typer.Option("--name", help="Snapshot name (immutable once cut).")],
    source: Annotated[list[str], typer.Option("--source", help="Source to include (repeatable).")],
    parent: Annotated[str | None, typer.Option("--parent", help="Snapshot this one continues.")] = None,
    near_dup: Annotated[float, typer.Option("--near-duplicate-threshold", help="Estimated Jaccard for near-duplicates.")] = 0.8,
    min_chars: Annotated[int, typer.Option("--min-chars", help="Drop shorter documents.")] = 20,
    splits: Annotated[str, typer.Option("--splits", help="train,validation,test fractions.")] = "0.8,0.1,0.1",
    as_json: JsonOpt = False,
) -> None:
    """Curate (dedup, quality filters, patient-level splits) the de-identified documents into a snapshot."""
    from corpus.curate.build import CurationConfig
    from corpus.curate.quality import QualityConfig
    from corpus.curate.splits import SplitConfig
    from corpus.services import snapshots

    train, val, test = (float(x) for x in splits.split(","))
    cfg = CurationConfig(quality=QualityConfig(min_chars=min_chars), near_duplicate_threshold=near_dup,
                         splits=SplitConfig(train=train, validation=val, test=test))
    with console.status(f"cutting snapshot {name}"):
        manifest = snapshots.create_snapshot(get_box(ctx), current_principal(ctx), name, source, parent, cfg)
    output(manifest, as_json, _render_manifest)


@app.command("list")
def list_(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """List snapshots, newest first."""
    from corpus.services import snapshots

    rows = snapshots.list_snapshots(get_box(ctx), current_principal(ctx))
    output(rows, as_json, lambda r: print_table(r, ["name", "documents", "parent", "created_by", "created_at",
                                                    "content_sha256"], empty="no snapshots yet"))


@app.command("show")
def show(ctx: typer.Context, name: Annotated[str, typer.Argument(help="Snapshot name.")], as_json: JsonOpt = False) -> None:
    """A snapshot's verified manifest."""
    from corpus.services import snapshots

    output(snapshots.show_snapshot(get_box(ctx), current_principal(ctx), name), as_json, _render_manifest)


@app.command("diff")
def diff(ctx: typer.Context, a: Annotated[str, typer.Argument(help="Older snapshot.")],
         b: Annotated[str, typer.Argument(help="Newer snapshot.")], as_json: JsonOpt = False) -> None:
    """What changed between two snapshots."""
    from corpus.services import snapshots

    data = snapshots.diff_snapshots(get_box(ctx), current_principal(ctx), a, b)
    output(data, as_json, _render_diff)


@app.command("export")
def export(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Snapshot name.")],
    output_dir: Annotated[Path, typer.Option("--output", help="Directory to write one file per split into.")],
    fmt: Annotated[str, typer.Option("--format", help="jsonl | chat | text")] = "jsonl",
    as_json: JsonOpt = False,
) -> None:
    """Export a snapshot's de-identified documents (audited)."""
    from corpus.services import snapshots

    result = snapshots.export_snapshot(get_box(ctx), current_principal(ctx), name, output_dir, fmt)
    output(result, as_json, lambda r: print_table(r.files, ["split", "documents", "path", "sha256"],
                                                  title=f"{r.name} as {r.format}"))


def _render_manifest(m: Any) -> None:
    console.print(f"snapshot {m.name} (content {m.content_sha256[:16]}), parent {m.parent or '-'}, "
                  f"created {m.created_at} by {m.created_by}")
    console.print("counts: " + ", ".join(f"{k} {v}" for k, v in m.counts.items()))
    console.print("sources: " + ", ".join(f"{s.name} ({s.kind}, policy {s.policy_version}, {s.documents} docs)"
                                          for s in m.sources))
    dropped = m.curation.get("dropped", {})
    console.print("dropped: " + (", ".join(f"{k} {v}" for k, v in dropped.items() if v) or "none"))
    console.print(f"findings replaced: {m.deid.get('findings', 0)}; shards: {len(m.shards)}")


def _render_diff(d: dict[str, Any]) -> None:
    console.print(f"{d['a']} -> {d['b']}: {'same content' if d['same_content'] else 'different content'}")
    for split, c in d["counts"].items():
        console.print(f"  {split}: {c['a']} -> {c['b']}")
    console.print(f"  documents added {d['documents_added']}, removed {d['documents_removed']}, kept {d['documents_kept']}")
    for src, v in d["policy_versions"].items():
        console.print(f"  policy of {src}: {v['a']} -> {v['b']}")
