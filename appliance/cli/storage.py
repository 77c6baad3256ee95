"""`corpusbox storage`: buckets and their protection."""

from __future__ import annotations

import typer

from appliance.cli.common import JsonOpt, current_principal, get_box, output, print_table

app = typer.Typer(help="Object store buckets: protection and usage.", no_args_is_help=True)


@app.command("list")
def list_(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """List buckets with versioning, lock, encryption, object count and bytes."""
    from appliance.services import boxops

    result = boxops.status(get_box(ctx), current_principal(ctx, service_account_ok=True), with_usage=True)
    output(result.storage, as_json, lambda rows: print_table(
        rows, ["bucket", "purpose", "versioning", "object_lock", "encryption", "objects", "bytes", "error"]))
