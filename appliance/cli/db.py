"""`corpusbox db`: schema migrations."""

from __future__ import annotations

import typer

from appliance.cli.common import JsonOpt, console, current_principal, get_box, output

app = typer.Typer(help="Metadata database: schema revision and migrations.", no_args_is_help=True)


@app.command("upgrade")
def upgrade(ctx: typer.Context) -> None:
    """Apply pending migrations (safe to run again)."""
    from appliance.services.boxops import authorize_local

    box = get_box(ctx)
    authorize_local(box, current_principal(ctx, service_account_ok=True), "box.manage")
    console.print(f"database at revision {box.migrate()}")


@app.command("status")
def status(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Show the database URL (password hidden) and its schema revision."""
    from appliance.db.engine import check_connection, current_revision

    box = get_box(ctx)
    check_connection(box.engine)
    data = {"url": box.engine.url.render_as_string(hide_password=True), "revision": current_revision(box.engine)}
    output(data, as_json, lambda d: console.print(f"{d['url']}: revision {d['revision'] or 'none (run init)'}"))
