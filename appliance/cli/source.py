"""`corpusbox source`: register data sources (folder or s3:// prefix) and see their state."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from appliance.cli.common import JsonOpt, age_scope, console, current_principal, get_box, output, print_table

app = typer.Typer(help="Data sources: notes, EMR tables, FHIR, DICOM; each with a policy and a patient key.",
                  no_args_is_help=True)


@app.command("add")
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Source name (lower case, digits, '.', '_', '-').")],
    path: Annotated[str, typer.Argument(help="Folder on the box, or s3://BUCKET/PREFIX.")],
    kind: Annotated[str, typer.Option("--kind", help="notes | table | fhir | dicom | auto (guess by suffix).")] = "auto",
    policy: Annotated[Path | None, typer.Option("--policy", help="De-identification policy YAML (tables need one).")] = None,
    patient_field: Annotated[str | None, typer.Option("--patient-field", help="Field/column identifying the patient.")] = None,
    patient_pattern: Annotated[str | None, typer.Option("--patient-pattern", help="Regex with (?P<patient>...) on .txt file names.")] = None,
    patient_namespace: Annotated[str | None, typer.Option("--patient-namespace", help="Pseudonym namespace shared across sources.")] = None,
    text_field: Annotated[str | None, typer.Option("--text-field", help="JSONL field holding note text.")] = None,
    encoding: Annotated[str | None, typer.Option("--encoding", help="Text encoding (e.g. gb18030).")] = None,
    language: Annotated[str | None, typer.Option("--language", help="auto | en | zh")] = None,
    text_policy: Annotated[str | None, typer.Option("--text-policy", help="tags | surrogates | hmac | redact")] = None,
    max_file_bytes: Annotated[int | None, typer.Option("--max-file-bytes", help="Larger files fail with file_too_large.")] = None,
    ages: Annotated[str | None, typer.Option("--ages", help="Ages that are PHI in free text: over-89 (HIPAA, default) | all")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Register a source."""
    from corpus.services import sources

    view = sources.add_source(
        get_box(ctx), current_principal(ctx), name, path, kind, policy, patient_field=patient_field,
        patient_pattern=patient_pattern, patient_namespace=patient_namespace, text_field=text_field,
        encoding=encoding, language=language, text_policy=text_policy, max_file_bytes=max_file_bytes,
        ages=age_scope(ages) if ages else None)
    output(view, as_json, lambda v: console.print(
        f"source {v.name}: {v.kind} at {v.uri}, policy {v.policy or '-'} (version {v.policy_version})\n"
        f"next: corpusbox ingest {v.name}"))


@app.command("list")
def list_(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """List sources with file counts."""
    from corpus.services import sources

    views = sources.list_sources(get_box(ctx), current_principal(ctx))
    rows = [{"name": v.name, "kind": v.kind, "policy": v.policy, "stored": v.files.get("stored", 0),
             "duplicate": v.files.get("duplicate", 0), "failed": v.files.get("failed", 0),
             "documents": v.documents, "uri": v.uri} for v in views]
    output(views, as_json, lambda _: print_table(rows, ["name", "kind", "policy", "stored", "duplicate", "failed",
                                                        "documents", "uri"], empty="no sources yet"))


@app.command("show")
def show(ctx: typer.Context, name: Annotated[str, typer.Argument(help="Source name.")], as_json: JsonOpt = False) -> None:
    """A source: settings, file counts, failures by error, recent runs."""
    from corpus.services import sources

    data = sources.show_source(get_box(ctx), current_principal(ctx), name)
    output(data, as_json, _render_show)


def _render_show(data: dict[str, Any]) -> None:
    v = data["source"]
    console.print(f"{v.name}: {v.kind} at {v.uri}")
    console.print(f"policy {v.policy or '-'} version {v.policy_version}; documents {v.documents}; files {v.files or '-'}")
    if data["failures"]:
        console.print("failures: " + ", ".join(f"{k} {n}" for k, n in sorted(data["failures"].items())))
    print_table(data["runs"], ["id", "kind", "status", "started_at", "finished_at"], title="recent runs",
                empty="no runs yet")
