"""`corpusbox user`: operators and their roles."""

from __future__ import annotations

from typing import Annotated

import typer

from appliance.cli.common import JsonOpt, console, current_principal, get_box, output, print_table, read_password
from appliance.security.roles import Role

app = typer.Typer(help="Users and roles (admin, data_officer, ml_engineer, auditor, clinician_terminal).",
                  no_args_is_help=True)
ROLES = ", ".join(r.value for r in Role)
COLUMNS = ["name", "role", "display_name", "disabled", "created_at", "created_by"]


@app.command("create")
def create(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="User name (lower case).")],
    role: Annotated[str, typer.Option("--role", help=f"One of: {ROLES}.")],
    display_name: Annotated[str | None, typer.Option("--display-name")] = None,
    password_stdin: Annotated[bool, typer.Option("--password-stdin")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Create a user (clinician_terminal users need no password: give them tokens)."""
    from appliance.services import users

    box = get_box(ctx)
    actor = current_principal(ctx)
    password = None if role == Role.CLINICIAN_TERMINAL else read_password(f"Password for {name}", password_stdin,
                                                                           confirm=not password_stdin)
    view = users.create_user(box, actor, name, role, password, display_name)
    output(view, as_json, lambda v: console.print(f"created {v.name} ({v.role})"))


@app.command("list")
def list_(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """List users."""
    from appliance.services import users

    views = users.list_users(get_box(ctx), current_principal(ctx))
    output(views, as_json, lambda v: print_table(v, COLUMNS, title="users"))


@app.command("show")
def show(ctx: typer.Context, name: str, as_json: JsonOpt = False) -> None:
    """Show one user."""
    from appliance.services import users

    view = users.get_user(get_box(ctx), current_principal(ctx), name)
    output(view, as_json, lambda v: print_table([v], COLUMNS))


@app.command("role")
def role(ctx: typer.Context, name: str, new_role: Annotated[str, typer.Argument(help=f"One of: {ROLES}.")]) -> None:
    """Change a user's role."""
    from appliance.services import users

    view = users.set_role(get_box(ctx), current_principal(ctx), name, new_role)
    console.print(f"{view.name} is now {view.role}")


@app.command("passwd")
def passwd(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Argument(help="User (default: yourself).")] = None,
    password_stdin: Annotated[bool, typer.Option("--password-stdin")] = False,
) -> None:
    """Change a password (your own, or anyone's as admin); their sessions end."""
    from appliance.services import users

    actor = current_principal(ctx)
    target = name or actor.user
    users.set_password(get_box(ctx), actor, target, read_password("New password", password_stdin,
                                                                  confirm=not password_stdin))
    console.print(f"password of {target} changed; their sessions were ended")


@app.command("disable")
def disable(ctx: typer.Context, name: str) -> None:
    """Disable a user and revoke all their sessions and tokens."""
    from appliance.services import users

    users.set_disabled(get_box(ctx), current_principal(ctx), name, True)
    console.print(f"{name} disabled; sessions and tokens revoked")


@app.command("enable")
def enable(ctx: typer.Context, name: str) -> None:
    """Enable a disabled user."""
    from appliance.services import users

    users.set_disabled(get_box(ctx), current_principal(ctx), name, False)
    console.print(f"{name} enabled")
