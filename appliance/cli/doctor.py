"""`corpusbox doctor`: the hardware preflight (the service account may run it before any user exists)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table
from rich.text import Text

from appliance.cli.common import JsonOpt, acting, console, emit_json

if TYPE_CHECKING:
    from appliance.hardware.doctor import DoctorReport

_STYLE = {"pass": "green", "warn": "yellow", "fail": "bold red", "skip": "dim"}


def _status(status: str) -> Text:
    """PASS/WARN/FAIL/SKIP, coloured when the terminal allows."""
    return Text(status.upper(), style=_STYLE[status])


def render_report(report: DoctorReport) -> None:
    """The report as a table, then the advice for every row that is not a pass."""
    console.print(Text.assemble("profile: ", (report.profile, "bold"), f" ({report.profile_source})"))
    console.print(Text(f"GPU: {report.nvidia_driver}"))
    table = Table(header_style="bold")
    for col in ("check", "status", "observed", "expected"):
        table.add_column(col)
    for r in report.rows:
        table.add_row(Text(r.name), _status(r.status), Text(r.observed), Text(r.expected))
    console.print(table)
    for r in report.rows:
        if r.status in ("fail", "warn") and r.advice:
            console.print(Text.assemble(_status(r.status), f" {r.name}: {r.advice}"))
    counts = {s: sum(1 for r in report.rows if r.status == s) for s in _STYLE}
    summary = ", ".join(f"{n} {s}" for s, n in counts.items())
    console.print(Text.assemble(_status(report.status), f": {summary} ({report.elapsed_s:.2f} s)"))


def doctor(
    ctx: typer.Context,
    profile: Annotated[str | None, typer.Option("--profile", "-p",
                       help="Profile name or YAML path; default: hardware.profile, else detected.")] = None,
    deep: Annotated[bool, typer.Option("--deep", help="Also run `dcgmi diag -r 1` (~1 min).")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Check this machine against its hardware profile; exit status 1 when any check fails."""
    from appliance.hardware import api
    from appliance.services.boxops import record_if_initialised

    box, actor = acting(ctx, "box.read")
    report = api.doctor(box.settings, profile=profile, deep=deep)
    counts = {s: sum(1 for r in report.rows if r.status == s) for s in _STYLE}
    failed = [r.name for r in report.rows if r.status == "fail"]
    record_if_initialised(box, actor, "box.doctor", f"profile:{report.profile}",
                          "failed" if report.status == "fail" else "ok", {**counts, "failed_checks": failed})
    if as_json:
        emit_json(report)
    else:
        render_report(report)
    if report.status == "fail":
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add `doctor` as a top-level command."""
    app.command("doctor")(doctor)
