"""Top-level commands: init, login, logout, whoami, up, down, status, demo."""

from __future__ import annotations

import time
from typing import Annotated

import typer

from appliance.errors import CorpusBoxError

from appliance.cli.common import (
    JsonOpt, console, current_principal, emit_json, get_box, output, print_table, read_password, save_session,
    session_file,
)


def register(app: typer.Typer) -> None:
    """Add these commands to the root app."""
    for command in (init, login, logout, whoami, up, down, status, demo):
        app.command(name=command.__name__)(command)


def init(
    ctx: typer.Context,
    admin: Annotated[str, typer.Option("--admin", help="Name of the first admin.")] = "admin",
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="Read the password from stdin.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Initialise the data root: keys, database schema and the first admin (signed in afterwards)."""
    from appliance.services import boxops, tokens, users

    box = get_box(ctx)
    password = read_password(f"Password for {admin}", password_stdin, confirm=not password_stdin)
    result = boxops.init_box(box, admin, password)
    user = users.verify_password(box, admin, password)
    save_session(box, tokens.create_session(box, user))
    output(result, as_json, lambda r: console.print(
        f"initialised {r.home}\n  config    {r.config_file}{' (created)' if r.created_config else ''}\n"
        f"  database  {r.database} (schema {r.revision})\n  signing key {r.key_id}\n"
        f"  admin     {r.admin} (signed in)\nnext: `corpusbox up` starts the services"))


def login(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Your user name.")],
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="Read the password from stdin.")] = False,
) -> None:
    """Sign in; the session is kept for this OS user until it expires or `corpusbox logout`."""
    from appliance.services import tokens, users

    box = get_box(ctx)
    box.require_schema()
    password = read_password("Password", password_stdin)
    user = users.verify_password(box, name, password)
    path = save_session(box, tokens.create_session(box, user))
    console.print(f"signed in as {user.name} ({user.role}); session kept in {path}")


def logout(ctx: typer.Context) -> None:
    """Sign out: revoke this OS user's session."""
    from appliance.services import tokens

    box = get_box(ctx)
    path = session_file(box)
    if not path.exists():
        console.print("not signed in")
        return
    principal = current_principal(ctx)
    if principal.token_id:
        tokens.revoke_token(box, principal, principal.token_id)
    path.unlink(missing_ok=True)
    console.print(f"signed out {principal.user}")


def whoami(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Show the operator this invocation acts as."""
    principal = current_principal(ctx)
    output(principal, as_json, lambda p: console.print(f"{p.user} ({p.role}), token {p.token_id or '-'}"))


def _service_rows(result: list) -> None:  # type: ignore[type-arg]
    print_table(result, ["name", "state", "pid", "port", "message"], title="services")


def up(
    ctx: typer.Context,
    foreground: Annotated[bool, typer.Option("--foreground", help="Stay in the foreground and restart "
                                             "services that die (for systemd).")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Start the box's services and create the bucket layout."""
    from appliance.services import boxops

    box = get_box(ctx)
    result = boxops.up(box, current_principal(ctx, service_account_ok=True))
    output(result, as_json, _service_rows)
    if foreground:
        _watch(ctx)


def _watch(ctx: typer.Context) -> None:
    import signal

    from appliance.services import boxops

    box = get_box(ctx)
    actor = current_principal(ctx, service_account_ok=True)
    stopping = False

    def _stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    while not stopping:
        for st in box.supervisor.statuses():
            if st.state in ("stopped", "stale"):
                console.print(f"{st.name} is {st.state}; restarting")
                box.supervisor.start(st.name)
        box.audit.maybe_sign()
        for _ in range(50):
            if stopping:
                break
            time.sleep(0.1)
    boxops.down(box, actor)


def down(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Stop the box's services (bounded in time: stragglers are killed)."""
    from appliance.services import boxops

    result = boxops.down(get_box(ctx), current_principal(ctx, service_account_ok=True))
    output(result, as_json, _service_rows)


def status(
    ctx: typer.Context,
    as_json: JsonOpt = False,
    usage: Annotated[bool, typer.Option("--usage/--no-usage", help="Count objects per bucket.")] = True,
) -> None:
    """Health of services, database, buckets and the audit log."""
    from appliance.services import boxops

    result = boxops.status(get_box(ctx), current_principal(ctx, service_account_ok=True), usage)
    if as_json:
        emit_json(result)
        return
    console.print(f"box {result.box_name} at {result.home}")
    _service_rows(result.services)
    db = result.database
    console.print(f"database {db['url']}: " + (f"schema {db.get('revision')}" if db.get("reachable")
                                               else f"UNREACHABLE ({db.get('error')})"))
    print_table(result.storage, ["bucket", "versioning", "object_lock", "encryption", "objects", "bytes", "error"],
                title="buckets")
    d = result.disk
    if "free_bytes" in d:
        console.print(f"data root {d['path']}: {d['free_bytes'] / 2**30:.1f} GiB free of "
                      f"{d['total_bytes'] / 2**30:.1f} GiB ({d['free_percent']}%)")
    if result.audit:
        a = result.audit
        console.print(f"audit: {a['events']} events, last signed head at event {a['signed_head_seq']} "
                      f"({a['signed_at'] or 'never'}), copied to bucket: {'yes' if a['head_in_bucket'] else 'no'}")


def _quiet_libraries() -> None:
    """Keep the demo's output to its own stage lines: no library progress bars or deprecation notes."""
    import logging
    import os
    import warnings
    from pathlib import Path

    for name, value in (("HF_HUB_DISABLE_PROGRESS_BARS", "1"), ("TRANSFORMERS_VERBOSITY", "error"),
                        ("TQDM_DISABLE", "1"), ("RAY_DEDUP_LOGS", "1")):
        os.environ.setdefault(name, value)
    if not any(Path("/dev").glob("nvidia[0-9]*")):  # else DeepSpeed warns on stdout that it fell back to CPU
        os.environ.setdefault("DS_ACCELERATOR", "cpu")
    for logger in ("torchao", "torch.utils._pytree", "DeepSpeed"):
        logging.getLogger(logger).setLevel(logging.ERROR)
    warnings.filterwarnings("ignore", category=FutureWarning)
    warnings.filterwarnings("ignore", category=DeprecationWarning)


def demo(
    ctx: typer.Context,
    keep_running: Annotated[bool, typer.Option("--keep-running/--stop",
                                               help="Leave the services running afterwards.")] = True,
    as_json: JsonOpt = False,
) -> None:
    """Run the main job end to end on the embedded defaults and say what to try next."""
    from appliance.services import demo as demo_service

    _quiet_libraries()
    box = get_box(ctx)
    try:
        principal = current_principal(ctx)
    except CorpusBoxError:
        principal = None  # a fresh box: the demo bootstraps an admin and signs in as it
    report = demo_service.run_demo(box, principal, keep_running=keep_running,
                                   say=None if as_json else console.print)
    if report.session_token:
        save_session(box, report.session_token)
        report.session_token = None
    if as_json:
        emit_json(report)
