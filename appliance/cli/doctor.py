"""`corpusbox doctor`: the hardware preflight (no sign-in needed: it runs before any user exists)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from appliance.cli.common import JsonOpt, console, emit_json, get_box

_STYLE = {"pass": "green", "warn": "yellow", "fail": "bold red", "skip": "dim"}


def render_report(report) -> None:  # noqa: ANN001 - DoctorReport, imported lazily
    """The report as a table, then the advice for every row that is not a pass."""
    console.print(f"profile: [bold]{report.profile}[/] ({report.profile_source})")
    console.print(f"GPU: {escape(report.nvidia_driver)}")
    table = Table(header_style="bold")
    for col in ("check", "status", "observed", "expected"):
        table.add_column(col)
    for r in report.rows:
        table.add_row(r.name, f"[{_STYLE[r.status]}]{r.status.upper()}[/]", escape(r.observed),
                      escape(r.expected))
    console.print(table)
    for r in report.rows:
        if r.status in ("fail", "warn") and r.advice:
            console.print(f"[{_STYLE[r.status]}]{r.status.upper()}[/] {r.name}: {escape(r.advice)}")
    counts = {s: sum(1 for r in report.rows if r.status == s) for s in _STYLE}
    summary = ", ".join(f"{n} {s}" for s, n in counts.items())
    console.print(f"[{_STYLE[report.status]}]{report.status.upper()}[/]: {summary} ({report.elapsed_s:.2f} s)")


def doctor(
    ctx: typer.Context,
    profile: Annotated[str | None, typer.Option("--profile", "-p",
                       help="Profile name or YAML path; default: hardware.profile, else auto-detect.")] = None,
    deep: Annotated[bool, typer.Option("--deep", help="Also run `dcgmi diag -r 1` (about a minute).")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Check this machine against its hardware profile; exit status 1 when any check fails."""
    from appliance.hardware import api

    report = api.doctor(get_box(ctx).settings, profile=profile, deep=deep)
    if as_json:
        emit_json(report)
    else:
        render_report(report)
    if report.status == "fail":
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add `doctor` as a top-level command."""
    app.command("doctor")(doctor)
