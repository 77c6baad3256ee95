"""`corpusbox console`: the admin console (a terminal UI) over the same services as the CLI."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from appliance.cli.common import current_principal, get_box


def register(app: typer.Typer) -> None:
    """Add `corpusbox console` to the root app."""
    app.command(name="console")(console)


def console(
    ctx: typer.Context,
    user: Annotated[str | None, typer.Option("--user", "-u", help="User name to fill in on the sign-in screen.")]
    = None,
    screen: Annotated[str | None, typer.Option("--screen", help="Screen to open after sign-in: overview, corpus, "
                                               "training, inference, audit or users.")] = None,
) -> None:
    """Open the admin console: sign in, then watch and run the box (set NO_COLOR for a colourless screen).

    With CORPUSBOX_TOKEN set, the console acts as that token's owner and skips the sign-in screen.
    """
    from admin_tui.app import NAV, ConsoleApp
    from appliance.errors import CorpusBoxError

    modes = [n.mode for n in NAV]
    if screen is not None and screen not in modes:
        raise CorpusBoxError(f"unknown screen {screen!r}", hint=f"choose one of: {', '.join(modes)}")

    box = get_box(ctx)
    box.require_schema()
    principal = current_principal(ctx) if os.environ.get("CORPUSBOX_TOKEN") else None
    ConsoleApp(box, principal=principal, user=user, start=screen).run()
