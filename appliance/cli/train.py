"""`corpusbox train`: submit fine-tune jobs (YAML job files), follow them, cancel and resume."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from appliance.cli.common import JsonOpt, console, current_principal, get_box, output, print_table

app = typer.Typer(help="Fine-tune jobs: LoRA/QLoRA/full, DeepSpeed ZeRO, FP8, EWC, DP-SGD, queued on Ray.",
                  no_args_is_help=True)
JOB_COLUMNS = ["id", "name", "status", "method", "base_model", "snapshot", "output_model", "created_by", "created_at"]
WaitOpt = Annotated[bool, typer.Option("--wait/--no-wait", help="Wait for the job to finish (always when no Ray head runs).")]


def _render_job(v) -> None:  # type: ignore[no-untyped-def]
    console.print(f"job {v.id} ({v.name}): {v.status}" + (f" — {v.error}" if v.error else ""))
    if v.dp_charge:
        console.print(f"  charged epsilon {v.dp_charge['epsilon']:g} to privacy ledger {v.dp_charge['dataset']}")


@app.command("submit")
def submit(
    ctx: typer.Context,
    job_file: Annotated[Path, typer.Argument(help="YAML job file (see training/examples/).")],
    wait: WaitOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Validate a job file and queue the job on Ray."""
    from training import scheduler
    from training.services import jobs

    box = get_box(ctx)
    must_wait = wait or scheduler.head_address(box.settings) is None
    view = jobs.submit(box, current_principal(ctx), job_file=job_file, wait=must_wait)
    output(jobs.get_job(box, current_principal(ctx), view.id) if must_wait else view, as_json, _render_job)


@app.command("list")
def list_(
    ctx: typer.Context,
    status: Annotated[str | None, typer.Option("--status", help="Only jobs in this state.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Jobs, newest first."""
    from training.services import jobs

    views = jobs.list_jobs(get_box(ctx), current_principal(ctx), status)
    output(views, as_json, lambda v: print_table(v, JOB_COLUMNS, empty="no jobs yet"))


@app.command("show")
def show(ctx: typer.Context, job_id: Annotated[int, typer.Argument(help="Job id.")], as_json: JsonOpt = False) -> None:
    """One job's state."""
    from training.services import jobs

    output(jobs.get_job(get_box(ctx), current_principal(ctx), job_id), as_json, _render_job)


@app.command("logs")
def logs(
    ctx: typer.Context,
    job_id: Annotated[int, typer.Argument(help="Job id.")],
    after: Annotated[int, typer.Option("--after", help="Only steps after this one.")] = 0,
    as_json: JsonOpt = False,
) -> None:
    """Per-step metrics: loss, learning rate, tokens/s, eval loss, epsilon, GPU memory."""
    from training.services import jobs

    rows = jobs.job_metrics(get_box(ctx), current_principal(ctx), job_id, after)
    cols = ["step"] + sorted({k for r in rows for k in r} - {"step"})
    output(rows, as_json, lambda r: print_table([{k: _short(v) for k, v in x.items()} for x in r], cols,
                                                empty="no metrics yet"))


@app.command("cancel")
def cancel(
    ctx: typer.Context,
    job_id: Annotated[int, typer.Argument(help="Job id.")],
    force: Annotated[bool, typer.Option("--force", help="Kill the worker now instead of at the next step.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Stop a job (it can be resumed from its last checkpoint)."""
    from training.services import jobs

    output(jobs.cancel(get_box(ctx), current_principal(ctx), job_id, force), as_json, _render_job)


@app.command("resume")
def resume(
    ctx: typer.Context,
    job_id: Annotated[int, typer.Argument(help="Job id.")],
    wait: WaitOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Run a cancelled, failed or killed job again from its newest checkpoint."""
    from training import scheduler
    from training.services import jobs

    box = get_box(ctx)
    must_wait = wait or scheduler.head_address(box.settings) is None
    view = jobs.resume(box, current_principal(ctx), job_id, wait=must_wait)
    output(jobs.get_job(box, current_principal(ctx), view.id) if must_wait else view, as_json, _render_job)


def _short(value: object) -> object:
    return f"{value:.4g}" if isinstance(value, float) else value
