"""`corpusbox report`: compliance reports, signed evidence bundles, their offline verifier, model reports."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from appliance.cli.common import JsonOpt, console, current_principal, emit_json, get_box

app = typer.Typer(
    help="Compliance reports and evidence bundles for auditors; model transparency reports.",
    no_args_is_help=True,
)

LangOpt = Annotated[str, typer.Option("--lang", help="Report language: en or zh.")]
ForceOpt = Annotated[bool, typer.Option("--force", help="Overwrite an existing output.")]


@app.command("compliance")
def compliance(
    ctx: typer.Context,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="File (pdf, json), folder or .zip (csv, bundle).")
    ],
    start: Annotated[
        str | None, typer.Option("--from", help="First day, YYYY-MM-DD (UTC); default 30 days ago.")
    ] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last day, included; default today.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="pdf, csv, json or bundle (signed).")] = "pdf",
    lang: LangOpt = "en",
    force: ForceOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Produce a compliance report for a period, or a signed evidence bundle (audited)."""
    from appliance.reports import service
    from appliance.reports.period import parse_period

    period = parse_period(start, end)
    result = service.compliance_report(get_box(ctx), current_principal(ctx), period, fmt, output, lang, force)
    if as_json:
        emit_json(result)
        return
    s = result.summary
    console.print(
        f"wrote {result.format} report for {period.start} to {period.end} to {result.path} "
        f"({len(result.files)} files; {s['events']} events, {s['refused']} refused, {s['failed']} failed)"
    )
    if not result.chain_ok:
        console.print("WARNING: the audit chain did not verify; the report says where it breaks")


@app.command("verify")
def verify(
    bundle: Annotated[Path, typer.Argument(help="The evidence bundle: a folder or .zip.")],
    key: Annotated[Path | None, typer.Option("--key", help="Trusted public key (PEM) of the box.")] = None,
    key_id: Annotated[str | None, typer.Option("--key-id", help="Trusted key id of the box.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Verify a bundle offline (no box needed): signature, file hashes, audit events. Exit 6 if not."""
    from appliance.reports.verify import verify_bundle

    report = verify_bundle(bundle, key.read_bytes() if key else None, key_id)
    if as_json:
        emit_json(report.to_dict())
    elif report.ok:
        period = report.period or {}
        console.print(
            f"bundle OK: {report.files_checked} files match the signed manifest; {report.events_checked} "
            f"audit events re-hashed up to signed head {report.head_seq}; period {period.get('from')} to "
            f"{period.get('to')}; box {report.box_id}; key {report.key_id}"
        )
        if not report.key_pinned:
            console.print(
                f"note: compare key id {report.key_id} with the box's published key "
                "(box_ed25519.pub, audit bucket keys/), or pass --key/--key-id"
            )
    else:
        console.print(f"bundle FAILED verification ({len(report.problems)} problems):")
        for problem in report.problems:
            console.print(f"  {problem.kind}: {problem.path}: {problem.message}")
    if not report.ok:
        raise typer.Exit(6)


@app.command("model")
def model(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Registered model name.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the report.")],
    version: Annotated[
        int | None, typer.Option("--version", help="Model version; default the newest.")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="pdf or json.")] = "pdf",
    lang: LangOpt = "en",
    prompt: Annotated[list[str] | None, typer.Option("--prompt", help="Example input (repeatable).")] = None,
    method: Annotated[str, typer.Option("--method", help="grad_x_input or occlusion.")] = "grad_x_input",
    max_new_tokens: Annotated[
        int, typer.Option("--max-new-tokens", help="Tokens generated per example.")
    ] = 12,
    force: ForceOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """A model transparency report: use, training data, evaluation and gate, limits, attributed examples."""
    from appliance.reports import service

    result = service.model_report(
        get_box(ctx),
        current_principal(ctx),
        name,
        output,
        version,
        lang,
        fmt,
        prompt or None,
        method,
        max_new_tokens,
        force,
    )
    if as_json:
        emit_json(result)
        return
    s = result.summary
    console.print(
        f"wrote transparency report for {s['model']} v{s['version']} to {result.path} "
        f"({s['examples']} attributed examples)"
    )
    if s.get("examples_note"):
        console.print(f"note: no examples: {s['examples_note']}")
