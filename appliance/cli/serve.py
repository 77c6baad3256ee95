"""`corpusbox serve`: run the inference API, print its URL, manage deployments and the debug switch."""

from __future__ import annotations

from typing import Annotated

import typer

from appliance.cli.common import JsonOpt, acting, console, current_principal, get_box, output, print_table

app = typer.Typer(help="Inference API: run it, its URL, deployments, A/B weights, adapters, debug switch.",
                  invoke_without_command=True)
COLUMNS = ["name", "engine", "status", "serving", "candidate", "candidate_weight", "adapters"]
Name = Annotated[str, typer.Argument(help="Deployment name (the API's model id).")]


def _settings(ctx: typer.Context):  # type: ignore[no-untyped-def]
    from inference.settings import inference_settings

    return inference_settings(get_box(ctx).settings)


@app.callback()
def main(ctx: typer.Context) -> None:
    """Without a sub-command, run the server in the foreground (`corpusbox up` runs it supervised)."""
    if ctx.invoked_subcommand is None:
        run(ctx)


@app.command("run")
def run(ctx: typer.Context) -> None:
    """Run the OpenAI-compatible server in the foreground until Ctrl-C."""
    from inference.server import serve

    box, _ = acting(ctx, "box.manage")
    settings = _settings(ctx)
    console.print(f"serving {settings.base_url()} (Ctrl-C stops)")
    serve(box, settings)


@app.command("url")
def url(ctx: typer.Context) -> None:
    """Print the API's base URL (what clients pass as base_url)."""
    console.print(_settings(ctx).base_url())


def _render(views: object) -> None:
    rows = views if isinstance(views, list) else [views]
    plain = [{**v.__dict__, "adapters": [f"{a['name']}={a['ref']}" for a in v.adapters]} for v in rows]  # type: ignore[union-attr]
    print_table(plain, COLUMNS, title="deployments", empty="no deployments (create one with `corpusbox serve create`)")


@app.command("create")
def create(ctx: typer.Context, name: Name,
           model: Annotated[str, typer.Option("--model", help="Registry model NAME[:VERSION] to serve.")],
           engine: Annotated[str, typer.Option("--engine", help="transformers or vllm.")] = "transformers",
           as_json: JsonOpt = False) -> None:
    """Create a deployment; the running server loads it within seconds."""
    from inference.services import deployments

    output(deployments.create_deployment(get_box(ctx), current_principal(ctx), name, model, engine), as_json, _render)


@app.command("list")
def list_(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """List deployments."""
    from inference.services import deployments

    output(deployments.list_deployments(get_box(ctx), current_principal(ctx)), as_json, _render)


@app.command("show")
def show(ctx: typer.Context, name: Name, as_json: JsonOpt = False) -> None:
    """Show one deployment."""
    from inference.services import deployments

    output(deployments.show_deployment(get_box(ctx), current_principal(ctx), name), as_json, _render)


@app.command("weights")
def weights(ctx: typer.Context, name: Name,
            candidate_weight: Annotated[float, typer.Option("--weight", help="Share of traffic for the candidate, 0..1.")],
            candidate: Annotated[str | None, typer.Option("--candidate", help="Candidate NAME[:VERSION].")] = None,
            as_json: JsonOpt = False) -> None:
    """A/B: route a share of traffic to a candidate model."""
    from inference.services import deployments

    output(deployments.set_candidate(get_box(ctx), current_principal(ctx), name, candidate, candidate_weight),
           as_json, _render)


@app.command("promote")
def promote(ctx: typer.Context, name: Name,
            model: Annotated[str | None, typer.Option("--model", help="Default: the candidate.")] = None,
            as_json: JsonOpt = False) -> None:
    """Send all traffic to the candidate (or --model)."""
    from inference.services import deployments

    output(deployments.promote(get_box(ctx), current_principal(ctx), name, model), as_json, _render)


@app.command("rollback")
def rollback(ctx: typer.Context, name: Name, as_json: JsonOpt = False) -> None:
    """Serve again the model the last promotion replaced."""
    from inference.services import deployments

    output(deployments.rollback(get_box(ctx), current_principal(ctx), name), as_json, _render)


@app.command("adapters")
def adapters(ctx: typer.Context, name: Name, as_json: JsonOpt = False) -> None:
    """List a deployment's department adapters."""
    from inference.services import deployments

    view = deployments.show_deployment(get_box(ctx), current_principal(ctx), name)
    rows = [{"model": f"{name}/{a['name']}", **a} for a in view.adapters]
    output(rows, as_json, lambda r: print_table(r, ["model", "ref", "model_id"], title="adapters"))


@app.command("load")
def load(ctx: typer.Context, name: Name,
         adapter: Annotated[str, typer.Argument(help="Department name; served as <deployment>/<adapter>.")],
         model: Annotated[str, typer.Option("--model", help="Registry adapter NAME[:VERSION].")],
         as_json: JsonOpt = False) -> None:
    """Load a LoRA adapter into a running deployment (no restart)."""
    from inference.services import deployments

    output(deployments.load_adapter(get_box(ctx), current_principal(ctx), name, adapter, model), as_json, _render)


@app.command("unload")
def unload(ctx: typer.Context, name: Name, adapter: Annotated[str, typer.Argument(help="Department name.")],
           as_json: JsonOpt = False) -> None:
    """Unload an adapter; requests already running on it finish first."""
    from inference.services import deployments

    output(deployments.unload_adapter(get_box(ctx), current_principal(ctx), name, adapter), as_json, _render)


@app.command("debug-switch")
def debug_switch(ctx: typer.Context,
                 deployment: Annotated[str, typer.Argument(help="Deployment, or '*' for all.")] = "*",
                 minutes: Annotated[int, typer.Option("--minutes", help="How long prompts are logged.")] = 15,
                 reason: Annotated[str | None, typer.Option("--reason", help="Why (kept in the audit log).")] = None,
                 off: Annotated[bool, typer.Option("--off", help="End the switch now.")] = False,
                 status: Annotated[bool, typer.Option("--status", help="List active switches.")] = False,
                 as_json: JsonOpt = False) -> None:
    """Log prompt and completion text for a limited time (audited). Prompts are PHI: keep it short."""
    from inference.services import debug

    box, actor = get_box(ctx), current_principal(ctx)
    cols = ["id", "deployment", "enabled_by", "reason", "expires_at", "ended_at"]
    if status:
        output(debug.list_switches(box, actor), as_json, lambda r: print_table(r, cols, empty="no active switch"))
    elif off:
        output(debug.disable(box, actor, deployment), as_json, lambda r: console.print(f"ended {len(r)} switch(es)"))
    else:
        if not reason:
            from appliance.errors import CorpusBoxError

            raise CorpusBoxError("a debug switch needs --reason", hint='e.g. --reason "ticket 4411: garbled answers"')
        view = debug.enable(box, actor, deployment, minutes, reason, _settings(ctx).debug_max_minutes)
        output(view, as_json, lambda v: console.print(f"prompt logging on for {deployment} until "
                                                       f"{v.expires_at:%Y-%m-%d %H:%M} UTC (switch {v.id})"))
