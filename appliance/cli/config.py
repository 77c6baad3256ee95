"""`corpusbox config`: the effective configuration."""

from __future__ import annotations

from typing import Annotated

import typer

from appliance.cli.common import JsonOpt, console, current_principal, emit_json, get_box

app = typer.Typer(help="Show the effective configuration (secrets masked).", no_args_is_help=True)


@app.command("show")
def show(
    ctx: typer.Context,
    as_json: JsonOpt = False,
    defaults: Annotated[bool, typer.Option("--defaults", help="Show every key with its default value.")] = False,
) -> None:
    """Print the effective configuration: file + environment, secrets masked."""
    from appliance.config import defaults_dict, masked_dict
    from appliance.services.boxops import authorize_local

    box = get_box(ctx)
    authorize_local(box, current_principal(ctx, service_account_ok=True), "config.read")
    data = defaults_dict(box.home) if defaults else masked_dict(box.settings)
    if as_json:
        emit_json(data)
        return
    source = box.settings.config_file or "(no file: built-in defaults)"
    console.print(f"# configuration from {source} and CORPUSBOX_* environment; secrets masked")
    console.print(_toml_like(data))


def _toml_like(data: dict) -> str:  # type: ignore[type-arg]
    """TOML a user can copy into corpusbox.toml; unset keys (TOML has no null) shown commented out."""
    import json

    def line(key: str, value: object) -> str:
        return f"# {key} = (unset)" if value is None else f"{key} = {json.dumps(value)}"

    top = [line(k, v) for k, v in data.items() if not isinstance(v, dict)]
    sections = [
        f"\n[{k}]\n" + "\n".join(line(kk, vv) for kk, vv in v.items())
        for k, v in data.items() if isinstance(v, dict)
    ]
    return "\n".join(top) + "".join(sections)
