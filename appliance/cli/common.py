"""What every CLI command shares: the Box, the signed-in operator, JSON and table output, errors."""

from __future__ import annotations

import dataclasses
import getpass
import json
import os
import sys
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Callable, Iterable, Sequence, TextIO

import typer
from rich.console import Console
from rich.table import Table

from appliance.box import Box
from appliance.config import load_settings
from appliance.errors import AuthenticationError, CorpusBoxError
from appliance.services.auth import Principal

JsonOpt = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON instead of a table.")]

# markup=False: user data (names, paths, TOML section headers) must never be read as Rich markup.
console = Console(highlight=False, markup=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False, markup=False, soft_wrap=True)


@dataclasses.dataclass
class CliState:
    """Per-invocation state kept on the root Typer context."""

    config: str | None = None
    box: Box | None = None
    principal: Principal | None = None


def _state(ctx: typer.Context) -> CliState:
    root = ctx.find_root()
    if not isinstance(root.obj, CliState):
        root.obj = CliState()
    return root.obj


def get_box(ctx: typer.Context) -> Box:
    """The Box for this invocation, built from the configuration once."""
    state = _state(ctx)
    if state.box is None:
        state.box = Box(load_settings(state.config))
        ctx.find_root().call_on_close(state.box.close)
    return state.box


def session_file(box: Box) -> Path:
    """Where `corpusbox login` keeps this OS user's session token (mode 0600)."""
    return box.home / "sessions" / f"{getpass.getuser()}.token"


def save_session(box: Box, token: str) -> Path:
    from appliance.security.secrets import write_private

    path = session_file(box)
    write_private(path, token.encode())
    return path


def current_principal(ctx: typer.Context, service_account_ok: bool = False) -> Principal:
    """The operator of this invocation: CORPUSBOX_TOKEN, else the login session.

    With `service_account_ok`, an OS user who owns the data root may act without signing in
    (systemd starting the box, provisioning); such actions are audited as `os:<user>`.
    """
    from appliance.services import tokens

    state = _state(ctx)
    if state.principal is not None:
        return state.principal
    box = get_box(ctx)
    presented = os.environ.get("CORPUSBOX_TOKEN")
    path = session_file(box)
    if not presented and path.exists():
        presented = path.read_text().strip()
    if presented:
        box.require_schema()
        state.principal = tokens.resolve(box, presented)
        return state.principal
    if service_account_ok and _owns_home(box.home):
        state.principal = Principal(f"os:{getpass.getuser()}", "admin", scopes=("cli",))
        return state.principal
    raise AuthenticationError(
        "not signed in", hint="run `corpusbox login NAME`, or set CORPUSBOX_TOKEN to an API token"
    )


def acting(ctx: typer.Context, permission: str, service_account_ok: bool = True) -> tuple[Box, Principal]:
    """The Box and the operator, after checking the operator may do `permission` (refusals audited).

    With `service_account_ok` (box-level commands: up, down, status, doctor, profile, telemetry)
    the OS user owning the data root may act without signing in, as `os:<user>`.
    """
    from appliance.services.boxops import authorize_local

    box = get_box(ctx)
    principal = current_principal(ctx, service_account_ok=service_account_ok)
    authorize_local(box, principal, permission)
    return box, principal


def _owns_home(home: Path) -> bool:
    try:
        return not home.exists() or home.stat().st_uid == os.geteuid()
    except OSError:
        return False


def age_scope(value: str) -> str:
    """An ``--ages`` option as the engine's age scope (``over_89`` or ``all``), or a usage error that says which."""
    from corpus.deid.ages import check_scope

    try:
        return check_scope(value)
    except ValueError as exc:
        raise CorpusBoxError(str(exc), hint="--ages over-89 (HIPAA Safe Harbor, the default) or --ages all") from exc


def read_password(prompt: str, from_stdin: bool, confirm: bool = False) -> str:
    """A password from stdin (scripts), CORPUSBOX_PASSWORD, or an interactive prompt."""
    if from_stdin:
        value = sys.stdin.readline().rstrip("\n")
    elif os.environ.get("CORPUSBOX_PASSWORD"):
        value = os.environ["CORPUSBOX_PASSWORD"]
    else:
        value = typer.prompt(prompt, hide_input=True, confirmation_prompt=confirm)
    if not value:
        raise CorpusBoxError("empty password", hint="type a password, or pipe one with --password-stdin")
    return value


# ----- output -------------------------------------------------------------------------------
def to_plain(value: Any) -> Any:
    """Dataclasses, pydantic models, paths, enums and datetimes as JSON-ready data."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if hasattr(value, "model_dump"):
        return to_plain(value.model_dump(mode="json"))
    if isinstance(value, dict):
        return {str(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [to_plain(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Path):
        return str(value)
    return value


_json_stream: TextIO | None = None


def reserve_stdout_for_json() -> None:
    """With --json, stdout carries only the JSON document: anything else goes to stderr.

    Libraries print to stdout on their own (DeepSpeed logs its accelerator choice there on import),
    which would break `corpusbox ... --json | jq`. File descriptor 1 is pointed at stderr, so even
    C-level writes and child processes stay off it; the JSON goes to a saved copy of the real stdout.
    """
    global _json_stream
    if _json_stream is not None:
        return
    sys.stdout.flush()
    saved = os.dup(1)
    os.dup2(2, 1)
    _json_stream = os.fdopen(saved, "w", encoding="utf-8")


def emit_json(data: Any) -> None:
    """Print data as JSON on stdout."""
    text = json.dumps(to_plain(data), indent=2, ensure_ascii=False, default=str)
    if _json_stream is not None:
        _json_stream.write(text + "\n")
        _json_stream.flush()
    else:
        typer.echo(text)


def fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value) or "-"
    if isinstance(value, dict) and "Mode" in value:  # an object-lock retention rule
        days = value.get("Days") or value.get("Years", 0) * 365
        return f"{str(value['Mode']).lower()} {days}d"
    return str(value)


def print_table(rows: Iterable[Any], columns: Sequence[str], title: str | None = None,
                empty: str = "nothing to show") -> None:
    """Rows (dicts or dataclasses) as a table readable without colour."""
    plain = [r if isinstance(r, dict) else to_plain(r) for r in rows]
    if not plain:
        console.print(empty)
        return
    table = Table(title=title, show_lines=False, header_style="bold")
    for col in columns:
        table.add_column(col.replace("_", " "))
    for row in plain:
        table.add_row(*[fmt(_raw(row, col)) for col in columns])
    console.print(table)


def _raw(row: dict[str, Any], col: str) -> Any:
    value = row.get(col)
    if isinstance(value, str) and len(value) >= 19 and value[4:5] == "-" and value[10:11] == "T":
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return value
    return value


def output(data: Any, as_json: bool, render: Callable[[Any], None]) -> None:
    """JSON when asked, else the command's own human rendering."""
    if as_json:
        emit_json(data)
    else:
        render(data)


class progress_bar:
    """A rich progress bar on stderr fed by (done, total, ...) callbacks; silent for --json."""

    def __init__(self, label: str, quiet: bool = False) -> None:
        self.label, self.quiet = label, quiet
        self._progress: Any = None
        self._task: Any = None

    def __enter__(self) -> Any:
        if self.quiet:
            return lambda *args: None
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self._progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                  TimeElapsedColumn(), TimeRemainingColumn(), console=err_console, transient=False)
        self._progress.start()
        self._task = self._progress.add_task(self.label, total=None)
        return self.advance

    def advance(self, done: int, total: int | None = None, *_: Any) -> None:
        """(done, total) from a batch; a single count (total unknown) from work that cannot know its size."""
        self._progress.update(self._task, completed=done, total=total)

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()
