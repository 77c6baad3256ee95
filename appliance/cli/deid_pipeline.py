"""`corpusbox deid run` and `corpusbox deid review`: de-identification at scale and its review queue.

Wired into the `deid` sub-app by `register_into(deid_app)`.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from appliance.cli.common import JsonOpt, console, current_principal, get_box, output, print_table
from appliance.errors import CorpusBoxError

review_app = typer.Typer(help="Review sampled documents and low-confidence findings; estimate residual risk.",
                         no_args_is_help=True)


def register_into(deid_app: typer.Typer) -> None:
    """Add `run` and the `review` group to the deid sub-app (once)."""
    if any(c.name == "run" for c in deid_app.registered_commands):
        return
    deid_app.command("run")(run)
    deid_app.add_typer(review_app, name="review")


def run(
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(help="Source whose quarantined files to de-identify.")],
    workers: Annotated[int | None, typer.Option("--workers", help="Ray workers (default: one per core).")] = None,
    address: Annotated[str | None, typer.Option("--address", help="Ray cluster address (default: a local runtime).")] = None,
    local: Annotated[bool, typer.Option("--local", help="Run in this process without Ray (small jobs).")] = False,
    as_json: JsonOpt = False,
) -> None:
    """De-identify a source on Ray; findings (never text) go to the database; rerun resumes."""
    from appliance.cli.common import progress_bar
    from corpus.services.deid import run_deid

    box, principal = get_box(ctx), current_principal(ctx)
    with progress_bar(f"deid {source}", quiet=as_json) as advance:
        report = run_deid(box, principal, source, workers=workers, address=address,
                          executor="local" if local else "ray", progress=advance)
    output(report, as_json, _render_run)


def _render_run(r: Any) -> None:
    console.print(f"deid {r.source} (run {r.run_id}, policy {r.policy_version}): {r.parts} parts "
                  f"({r.parts_done_before} done before), {r.documents} documents, {r.findings} findings, "
                  f"{r.failed_parts} failed parts, {r.seconds:.1f}s on {r.workers} {r.executor} worker(s)")
    if r.findings_by_type:
        print_table([{"entity_type": k, "count": v} for k, v in sorted(r.findings_by_type.items())],
                    ["entity_type", "count"])
    if r.errors:
        print_table(r.errors, ["input", "part", "code", "error"], title="errors")


@review_app.command("queue")
def queue(
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(help="Source name.")],
    sample_rate: Annotated[float, typer.Option("--sample-rate", help="Share of documents sampled for review.")] = 0.05,
    threshold: Annotated[float, typer.Option("--threshold", help="Findings scored below this are queued.")] = 0.6,
    as_json: JsonOpt = False,
) -> None:
    """Queue sampled documents and low-confidence findings."""
    from corpus.services import review

    added = review.build_queue(get_box(ctx), current_principal(ctx), source, sample_rate, threshold)
    output(added, as_json, lambda a: console.print(f"queued {a['sample']} sampled documents, "
                                                   f"{a['low_confidence']} low-confidence findings"))


@review_app.command("list")
def list_(
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(help="Source name.")],
    status: Annotated[str, typer.Option("--status", help="open | confirmed | corrected")] = "open",
    limit: Annotated[int, typer.Option("--limit")] = 20,
    reveal: Annotated[bool, typer.Option("--reveal", help="Show the original PHI next to it (deid.review; audited).")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Items in the queue with their de-identified text."""
    from corpus.services import review

    items = review.list_items(get_box(ctx), current_principal(ctx), source, status, limit, reveal)
    output(items, as_json, _render_items)


def _render_items(items: list[dict[str, Any]]) -> None:
    if not items:
        console.print("the queue is empty")
    for it in items:
        f = it.get("finding")
        head = f"#{it['id']} {it['reason']}"
        if f:
            head += f": {f['entity_type']} [{f['start']}:{f['end']}] score {f['score']:.2f} ({f['recognizer']})"
        console.print(head)
        if "original_span" in it:
            console.print(f"  original: {it['original_span']}")
        console.print("  " + (it.get("text") or "")[:600].replace("\n", "\n  "))


@review_app.command("decide")
def decide(
    ctx: typer.Context,
    item: Annotated[int, typer.Argument(help="Review item id.")],
    verdict: Annotated[str, typer.Argument(help="ok | false_positive | missed")],
    term: Annotated[list[str] | None, typer.Option("--term", help="TYPE=TEXT (missed PHI, or the false-positive text).")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Confirm or correct an item; corrections feed the allow/deny lists (a new policy version)."""
    from corpus.services import review

    terms = []
    for t in term or []:
        if "=" not in t:
            raise CorpusBoxError(f"--term {t!r} is not TYPE=TEXT", hint="e.g. --term PERSON='J. Doe'")
        etype, text = t.split("=", 1)
        terms.append((etype.strip().upper(), text))
    result = review.decide(get_box(ctx), current_principal(ctx), item, verdict, terms)
    output(result, as_json, lambda r: console.print(f"#{r['id']} {r['status']} ({r['verdict']}); "
                                                    f"{r['list_entries']} list entries"))


@review_app.command("estimate")
def estimate(ctx: typer.Context, source: Annotated[str, typer.Argument(help="Source name.")],
             as_json: JsonOpt = False) -> None:
    """Record the residual-risk estimate: misses per 1,000 reviewed documents."""
    from corpus.services import review

    stats = review.estimate(get_box(ctx), current_principal(ctx), source)
    output(stats, as_json, lambda s: console.print(
        f"{s['documents_reviewed']} documents reviewed, {s['misses']} misses, "
        f"{s['misses_per_1000'] if s['misses_per_1000'] is not None else '-'} per 1,000; {s['open_items']} open"))
