"""`corpusbox dp`: differentially private releases and the per-dataset privacy-budget ledger."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from appliance.cli.common import JsonOpt, console, current_principal, get_box, output, print_table
from appliance.errors import CorpusBoxError

app = typer.Typer(help="Differential privacy: Laplace releases (OpenDP) charged to a per-dataset epsilon budget.",
                  no_args_is_help=True)
RELEASE_COLUMNS = ["id", "release_key", "kind", "epsilon", "sensitivity", "lower", "upper", "actor", "created_at"]


@app.command("budget")
def budget(
    ctx: typer.Context,
    dataset: Annotated[str, typer.Argument(help="Dataset name (the ledger key).")],
    total: Annotated[float, typer.Option("--total", help="Total epsilon this dataset may ever spend.")],
    as_json: JsonOpt = False,
) -> None:
    """Set a dataset's total privacy budget (epsilon)."""
    from corpus.dp import ledger

    view = ledger.set_budget(get_box(ctx), current_principal(ctx), dataset, total)
    output(view, as_json, lambda v: console.print(f"{v.dataset}: total epsilon {v.total_epsilon:g}, spent {v.spent_epsilon:.4g}"))


@app.command("release")
def release(
    ctx: typer.Context,
    dataset: Annotated[str, typer.Argument(help="Dataset whose budget pays for the release.")],
    kind: Annotated[str, typer.Option("--kind", help="count | histogram | sum | mean")],
    input_path: Annotated[Path, typer.Option("--input", help="CSV or Parquet table holding the cohort.")],
    epsilon: Annotated[float, typer.Option("--epsilon", help="Privacy loss of this release.")],
    column: Annotated[Optional[str], typer.Option("--column", help="Column to aggregate (not needed for count).")] = None,
    lower: Annotated[Optional[float], typer.Option("--lower", help="Clamp bound (sum, mean).")] = None,
    upper: Annotated[Optional[float], typer.Option("--upper", help="Clamp bound (sum, mean).")] = None,
    categories: Annotated[Optional[str], typer.Option("--categories", help="Comma-separated histogram categories.")] = None,
    where: Annotated[Optional[list[str]], typer.Option("--where", help="Cohort filter COLUMN=VALUE (repeatable).")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Release a count, histogram, bounded sum or bounded mean with Laplace noise; refuses over budget."""
    from corpus.dp import ledger
    from corpus.dp.aggregates import ReleaseSpec
    from corpus.dp.cohort import cohort_values, release_key

    filters = _filters(where or [])
    cats = tuple(c.strip() for c in categories.split(",")) if categories else ()
    spec = ReleaseSpec(kind, epsilon, lower, upper, cats)
    spec.validate()
    if kind != "count" and not column:
        raise CorpusBoxError(f"a {kind} release needs --column")
    query = {"kind": kind, "column": column, "where": filters, "epsilon": epsilon, "lower": lower, "upper": upper,
             "categories": list(cats), "input": input_path.name}
    values = cohort_values(input_path, column, filters)
    view = ledger.charged_release(get_box(ctx), current_principal(ctx), dataset, release_key(query, input_path),
                                  spec, values, query)
    output(view, as_json, _render_release)


@app.command("ledger")
def ledger_(
    ctx: typer.Context,
    dataset: Annotated[str, typer.Argument(help="Dataset name.")],
    as_json: JsonOpt = False,
) -> None:
    """Show a dataset's budget, what is spent, and every release charged to it."""
    from corpus.dp import ledger

    view = ledger.ledger(get_box(ctx), current_principal(ctx), dataset)

    def render(v) -> None:  # type: ignore[no-untyped-def]
        console.print(f"{v.dataset}: spent {v.spent_epsilon:.4g} of {v.total_epsilon:g} (remaining {v.remaining_epsilon:.4g})")
        print_table(v.releases, RELEASE_COLUMNS, title="releases", empty="no releases yet")

    output(view, as_json, render)


def _filters(items: list[str]) -> dict[str, str]:
    out = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise CorpusBoxError(f"--where {item!r} is not COLUMN=VALUE")
        out[name.strip()] = value.strip()
    return out


def _render_release(v) -> None:  # type: ignore[no-untyped-def]
    note = " (stored result of an earlier identical release; nothing charged)" if v.reused else ""
    console.print(f"{v.kind} = {v.result.get('value')}  [epsilon {v.epsilon:.4g}, Laplace scale {v.result.get('scale'):.4g}]{note}")
