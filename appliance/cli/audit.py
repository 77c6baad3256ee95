"""`corpusbox audit`: read, follow and verify the hash-chained audit log."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from appliance.cli.common import JsonOpt, console, current_principal, emit_json, get_box, output, print_table

app = typer.Typer(help="The audit log: list, tail, verify, checkpoint.", no_args_is_help=True)
COLUMNS = ["seq", "ts", "actor", "role", "action", "target", "outcome"]


def _line(ev: object) -> str:
    e = ev.__dict__
    details = json.dumps(e["details"], ensure_ascii=False) if e["details"] else ""
    return f"{e['seq']:>6} {e['ts'][:19]} {e['actor']:<14} {e['action']:<18} {e['target']:<28} {e['outcome']:<7} {details}"


@app.command("list")
def list_(
    ctx: typer.Context,
    actor: Annotated[str | None, typer.Option("--actor")] = None,
    action: Annotated[str | None, typer.Option("--action", help="Exact, or with * wildcards (user.*).")] = None,
    outcome: Annotated[str | None, typer.Option("--outcome", help="ok, refused or failed.")] = None,
    since: Annotated[str | None, typer.Option("--since", help="ISO date/time (UTC).")] = None,
    until: Annotated[str | None, typer.Option("--until", help="ISO date/time (UTC).")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n")] = 100,
    as_json: JsonOpt = False,
) -> None:
    """List events, newest last, with filters."""
    from appliance.services import audit

    events = audit.list_events(get_box(ctx), current_principal(ctx), actor=actor, action=action, outcome=outcome,
                               since=since, until=until, limit=limit, newest_first=True)
    events.reverse()
    output(events, as_json, lambda ev: print_table(ev, COLUMNS + ["details"], title="audit events"))


@app.command("tail")
def tail(
    ctx: typer.Context,
    lines: Annotated[int, typer.Option("--lines", "-n", help="How many recent events first.")] = 20,
    follow: Annotated[bool, typer.Option("--follow/--no-follow", "-f", help="Keep following new events.")] = True,
    as_json: JsonOpt = False,
) -> None:
    """Show the latest events and follow the log as it grows (Ctrl-C to stop)."""
    from appliance.services import audit

    box, actor = get_box(ctx), current_principal(ctx)
    if not follow:
        events = list(reversed(audit.list_events(box, actor, limit=lines, newest_first=True)))
        for ev in events:
            typer.echo(json.dumps(ev.__dict__, ensure_ascii=False) if as_json else _line(ev))
        return
    try:
        for ev in audit.follow(box, actor, lines):
            typer.echo(json.dumps(ev.__dict__, ensure_ascii=False) if as_json else _line(ev))
    except KeyboardInterrupt:
        pass


@app.command("verify")
def verify(
    ctx: typer.Context,
    as_json: JsonOpt = False,
    bucket: Annotated[bool, typer.Option("--bucket/--no-bucket", help="Also check heads in the audit bucket.")] = True,
) -> None:
    """Verify the hash chain and every signed head; names the first bad event. Exit 6 on failure."""
    from appliance.services import audit

    report = audit.verify(get_box(ctx), current_principal(ctx), use_bucket=bucket)
    if as_json:
        emit_json(report.to_dict())
    elif report.ok:
        console.print(f"audit chain OK: {report.events_checked} events, {report.heads_checked} signed heads, "
                      f"head {report.last_hash[:16]}… at event {report.last_seq}")
    else:
        bad = report.first_bad
        console.print(f"audit chain BROKEN: first bad event {bad.seq} ({bad.kind}): {bad.message}")
        for p in report.problems[1:10]:
            console.print(f"  also event {p.seq} ({p.kind}): {p.message}")
    if not report.ok:
        raise typer.Exit(6)


@app.command("checkpoint")
def checkpoint(ctx: typer.Context) -> None:
    """Sign the chain head now and copy it to the audit bucket."""
    from appliance.services import audit

    head = audit.checkpoint(get_box(ctx), current_principal(ctx))
    console.print(f"signed head at event {head.seq}" if head else "nothing to sign")


@app.command("ship")
def ship(
    ctx: typer.Context,
    output: Annotated[str | None, typer.Option("--output", "-o", help="JSON-lines file (default: audit.ship_to).")]
    = None,
    follow: Annotated[bool, typer.Option("--follow/--once", help="Keep shipping new events.")] = False,
) -> None:
    """Append events not yet shipped to a JSON-lines file for the hospital's SIEM (resumable)."""
    import signal
    from pathlib import Path

    from appliance.audit.shipper import ship_forever, ship_once
    from appliance.cli.common import acting
    from appliance.errors import CorpusBoxError

    box, _ = acting(ctx, "audit.read")
    target = output or box.settings.audit.ship_to
    if not target:
        raise CorpusBoxError("no output file", hint="pass --output FILE or set audit.ship_to")
    path = Path(target)
    if not follow:
        console.print(f"shipped {ship_once(box.audit, path)} events to {path}")
        return
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(1))
    try:
        ship_forever(box.audit, path, should_stop=lambda: bool(stopping))
    except KeyboardInterrupt:
        pass
