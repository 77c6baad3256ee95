"""`corpusbox token`: API tokens (shown once, stored hashed)."""

from __future__ import annotations

from typing import Annotated

import typer

from appliance.cli.common import JsonOpt, console, current_principal, emit_json, get_box, output, print_table
from appliance.security.roles import SCOPES

app = typer.Typer(help="API tokens: create (shown once), list, revoke.", no_args_is_help=True)
COLUMNS = ["id", "user", "name", "scopes", "models", "rate_limit_per_minute", "expires_at", "revoked", "last_used_at"]


@app.command("create")
def create(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="What the token is for, e.g. 'triage-kiosk-3'.")],
    scope: Annotated[list[str] | None, typer.Option("--scope", help=f"Repeatable: {', '.join(SCOPES)}.")] = None,
    days: Annotated[int | None, typer.Option("--days", help="Lifetime in days.")] = None,
    user: Annotated[str | None, typer.Option("--user", help="Owner (admins only; default: you).")] = None,
    model: Annotated[list[str] | None, typer.Option("--model", help="Restrict to these models (repeatable).")] = None,
    rate_limit: Annotated[int | None, typer.Option("--rate-limit", help="Requests per minute.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Create a token. Its secret is printed once and cannot be shown again."""
    from appliance.services import tokens

    issued = tokens.create_token(get_box(ctx), current_principal(ctx), name, scope or [], days, user, model,
                                 rate_limit)
    if as_json:
        emit_json({"token": issued.secret, **emit_view(issued.view)})
        return
    console.print(f"token {issued.view.id} for {issued.view.user}, scopes {', '.join(issued.view.scopes)}, "
                  f"expires {issued.view.expires_at:%Y-%m-%d}")
    console.print("secret (shown once, store it now):")
    console.print(issued.secret, soft_wrap=True)


def emit_view(view: object) -> dict:  # type: ignore[type-arg]
    from appliance.cli.common import to_plain

    return to_plain(view)


@app.command("list")
def list_(
    ctx: typer.Context,
    all_users: Annotated[bool, typer.Option("--all", help="Everyone's tokens (admins, auditors).")] = False,
    as_json: JsonOpt = False,
) -> None:
    """List tokens (never their secrets)."""
    from appliance.services import tokens

    views = tokens.list_tokens(get_box(ctx), current_principal(ctx), all_users)
    output(views, as_json, lambda v: print_table(v, COLUMNS, title="tokens"))


@app.command("revoke")
def revoke(ctx: typer.Context, token_id: str) -> None:
    """Revoke a token at once."""
    from appliance.services import tokens

    view = tokens.revoke_token(get_box(ctx), current_principal(ctx), token_id)
    console.print(f"token {view.id} of {view.user} revoked")
