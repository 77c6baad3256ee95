"""The `corpusbox` command: a root app with one sub-app per noun."""

from __future__ import annotations

import importlib
import os
import sys
import traceback
from typing import Annotated, Any

import click
import typer
from typer.core import TyperGroup

from appliance.errors import CorpusBoxError, ServiceUnavailable


class CorpusBoxGroup(TyperGroup):
    """Turns CorpusBox errors into a clear message and an exit status instead of a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CorpusBoxError as exc:
            _print_error(exc)
            raise typer.Exit(exc.exit_code) from None
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException, typer.Exit):
            raise
        except KeyboardInterrupt:
            typer.echo("interrupted", err=True)
            raise typer.Exit(130) from None
        except BrokenPipeError:
            # The reader went away (`corpusbox report ... | head`): stop quietly, as a SIGPIPE'd tool does.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(141) from None
        except Exception as exc:  # noqa: BLE001 - last line of defence for the operator's screen
            mapped = _map_dependency_error(exc)
            if mapped is not None:
                _print_error(mapped)
                raise typer.Exit(mapped.exit_code) from None
            if os.environ.get("CORPUSBOX_DEBUG"):
                raise
            _print_internal(exc)
            raise typer.Exit(70) from None


def _print_error(exc: CorpusBoxError) -> None:
    typer.echo(f"error: {exc.message}", err=True)
    if exc.hint:
        typer.echo(f"hint: {exc.hint}", err=True)


def _map_dependency_error(exc: Exception) -> CorpusBoxError | None:
    from sqlalchemy.exc import OperationalError

    if isinstance(exc, OperationalError):
        return ServiceUnavailable(f"the database is not reachable: {exc.orig}",
                                  hint="start it, or check database.url (`corpusbox config show`)")
    return None


def _print_internal(exc: Exception) -> None:
    from pathlib import Path

    log = Path(os.environ.get("TMPDIR", "/tmp")) / f"corpusbox-error-{os.getpid()}.log"
    try:
        log.write_text("".join(traceback.format_exception(exc)))
        where = f"; details in {log}"
    except OSError:
        where = ""
    typer.echo(f"internal error: {type(exc).__name__}{where}", err=True)
    typer.echo("hint: this is a bug; please report it with the details file (it holds no data)", err=True)


app = typer.Typer(
    name="corpusbox",
    cls=CorpusBoxGroup,
    help="CorpusBox: de-identify clinical records, fine-tune and serve models, prove it to auditors.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.callback()
def root(
    ctx: typer.Context,
    config: Annotated[str | None, typer.Option("--config", "-c", help="Configuration file (TOML).",
                                               envvar="CORPUSBOX_CONFIG")] = None,
) -> None:
    """CorpusBox command line."""
    from appliance.cli.common import CliState

    ctx.obj = CliState(config=config)


# Sub-apps, one per noun: (name, module). A module that is not installed is skipped.
SUBCOMMANDS: list[tuple[str, str]] = [
    ("config", "appliance.cli.config"),
    ("db", "appliance.cli.db"),
    ("user", "appliance.cli.user"),
    ("token", "appliance.cli.tokens"),
    ("audit", "appliance.cli.audit"),
    ("storage", "appliance.cli.storage"),
    ("profile", "appliance.cli.profile"),
    ("telemetry", "appliance.cli.telemetry"),
    ("deid", "appliance.cli.deid"),
    ("dp", "appliance.cli.dp"),
    ("source", "appliance.cli.source"),
    ("snapshot", "appliance.cli.snapshot"),
    ("train", "appliance.cli.train"),
    ("models", "appliance.cli.models"),
    ("serve", "appliance.cli.serve"),
    ("report", "appliance.cli.report"),
    ("ha", "appliance.cli.ha"),
]
# Modules whose commands sit at the top level (`corpusbox up`, `corpusbox doctor`, ...).
TOP_LEVEL: list[str] = [
    "appliance.cli.box",
    "appliance.cli.doctor",
    "appliance.cli.ingest",
    "appliance.cli.console",
]


def _load(module_name: str) -> Any | None:
    try:
        return importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and module_name.startswith(exc.name):
            return None
        raise


def _register() -> None:
    for name, module_name in SUBCOMMANDS:
        module = _load(module_name)
        if module is not None:
            app.add_typer(module.app, name=name)
    for module_name in TOP_LEVEL:
        module = _load(module_name)
        if module is not None:
            module.register(app)
    # The corpus pipeline adds `deid run` and `deid review` to the engine's `deid` commands.
    deid, pipeline = _load("appliance.cli.deid"), _load("appliance.cli.deid_pipeline")
    if deid is not None and pipeline is not None:
        pipeline.register_into(deid.app)


_register()


def run() -> None:
    """Console-script entry point."""
    if "--json" in sys.argv[1:]:
        from appliance.cli.common import reserve_stdout_for_json

        reserve_stdout_for_json()
    app()


if __name__ == "__main__":
    run()
