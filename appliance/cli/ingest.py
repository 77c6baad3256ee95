"""`corpusbox ingest SOURCE`: a source's files into quarantine, with a progress bar and a run report."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from appliance.cli.common import (
    JsonOpt,
    console,
    current_principal,
    get_box,
    output,
    print_table,
    progress_bar,
)


def register(app: typer.Typer) -> None:
    """Add `ingest` to the root app."""
    app.command("ingest")(ingest)


def ingest(
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(help="Source name (see `corpusbox source list`).")],
    as_json: JsonOpt = False,
) -> None:
    """Ingest a source into quarantine: resumable, idempotent by content hash; bad files are reported."""
    from corpus.services.ingest import ingest as run

    box, principal = get_box(ctx), current_principal(ctx)
    with progress_bar(f"ingest {source}", quiet=as_json) as advance:
        report = run(box, principal, source, progress=advance)
    output(report, as_json, _render)


def _render(r: Any) -> None:
    removed = f", {r.removed} no longer in the source (leave new snapshots)" if r.removed else ""
    console.print(f"ingest {r.source} (run {r.run_id}): {r.files} files, {r.new} new, {r.duplicate} duplicate, "
                  f"{r.failed} failed, {r.skipped} already ingested{removed}; {r.documents} documents, "
                  f"{r.seconds:.1f}s")
    if r.failures:
        print_table(r.failures, ["path", "code", "error"], title="failed files")
