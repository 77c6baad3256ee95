"""`corpusbox ha`: pair two boxes, re-join a repaired one, see the pair, switch over, test a failover."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from appliance.cli.common import JsonOpt, acting, console, output, print_table
from appliance.errors import CorpusBoxError

app = typer.Typer(help="Hot-standby pair: Patroni + etcd (with a witness), keepalived VIP, object replication.",
                  no_args_is_help=True)

MemberOpt = Annotated[str, typer.Option("--member", "-m", help="This box's name in the pair description.")]


def _render_pair(result: Any) -> None:
    console.print(f"box {result.member}: pair description {result.pair_file}")
    console.print(f"  shared credentials {result.credentials_file} (mode 0600)")
    for path in result.generated:
        console.print(f"  wrote {path}")
    for step in result.next_steps:
        console.print(f"next: {step}")


@app.command()
def init(
    ctx: typer.Context,
    pair: Annotated[Path, typer.Option("--pair", help="Pair description (TOML): boxes, witness, VIP.")],
    member: MemberOpt,
    as_json: JsonOpt = False,
) -> None:
    """First box: store the pair description, create shared credentials, generate this box's configs."""
    from appliance.ha import service

    if not pair.exists():
        raise CorpusBoxError(f"{pair}: no such file", hint="see docs/operators/ha.md for an example pair.toml")
    box, principal = acting(ctx, "ha.manage")
    output(service.init_pair(box, principal, pair.read_text(encoding="utf-8"), member), as_json, _render_pair)


@app.command()
def join(
    ctx: typer.Context,
    member: MemberOpt,
    rejoin: Annotated[bool, typer.Option("--rejoin", help="A repaired former primary: start it as the standby "
                                                          "(pg_rewind, else re-clone) and wait until in sync.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Second box (or a repaired one): generate its configs from the copied pair description."""
    from appliance.ha import service

    box, principal = acting(ctx, "ha.manage")
    if rejoin:
        output(service.rejoin(box, principal, member), as_json, lambda r: console.print(
            f"{r.member} re-joined as standby of {r.leader} ({r.method}) in {r.seconds:.0f} s"))
        return
    output(service.join_pair(box, principal, member), as_json, _render_pair)


@app.command()
def status(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """The pair: leader, synchronous standby, lag, etcd quorum, where the VIP is, waiting events."""
    from appliance.ha import service

    box, principal = acting(ctx, "ha.read")
    output(service.status(box, principal), as_json, _render_status)


def _render_status(st: Any) -> None:
    console.print(f"pair {st.scope}  this box: {st.member}  VIP {st.vip}{' (here)' if st.vip_here else ''}")
    print_table(st.members, ["name", "role", "state", "host", "lag", "timeline"], empty="no Patroni member answers")
    console.print("etcd: " + ", ".join(f"{k} {'ok' if v else 'DOWN'}" for k, v in st.etcd.items()))
    if st.pending_events:
        console.print(f"{st.pending_events} HA event(s) wait for the audit log (database unreachable)")
    for problem in st.problems:
        console.print(f"problem: {problem}")


@app.command()
def switchover(
    ctx: typer.Context,
    to: Annotated[str | None, typer.Option("--to", help="Box to promote (default: the standby).")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Planned switchover for maintenance: no commit is lost, writes pause for a few seconds."""
    from appliance.ha import service

    box, principal = acting(ctx, "ha.manage")
    output(service.switchover(box, principal, to), as_json,
           lambda r: console.print(f"primary moved {r['from']} -> {r['to']} in {r['seconds']:.1f} s"))


@app.command("failover-test")
def failover_test(
    ctx: typer.Context,
    stay: Annotated[bool, typer.Option("--stay", help="Leave the other box primary afterwards.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Switch over while committing through the VIP; report the write gap and check every commit."""
    from appliance.ha import service

    box, principal = acting(ctx, "ha.manage")
    report = service.failover_test(box, principal, switch_back=not stay)
    output(report, as_json, lambda r: console.print(
        f"{'PASSED' if r['passed'] else 'FAILED'}: writes paused {r['write_gap_s']:.1f} s, "
        f"{r['acked']} commits acknowledged, {r['missing_acked']} missing afterwards"))
    if not report["passed"]:
        raise typer.Exit(6)


@app.command(hidden=True)
def follow(ctx: typer.Context) -> None:
    """Run the role follower of this box (the supervisor's `ha-follower` service runs this)."""
    from appliance.cli.common import get_box
    from appliance.ha import runtime

    box = get_box(ctx)
    raise typer.Exit(runtime.main([str(box.home / "ha" / "follower.json")]))
