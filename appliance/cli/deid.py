"""`corpusbox deid`: de-identify text, detect PHI in JSONL batches, evaluate against gold standards."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from appliance.cli.common import acting, age_scope
from appliance.errors import CorpusBoxError

app = typer.Typer(help="PHI detection and de-identification of clinical text (English and Chinese).", no_args_is_help=True)


@app.command("text")
def text_cmd(
    ctx: typer.Context,
    path: Annotated[Optional[Path], typer.Argument(help="Text file; stdin when omitted")] = None,
    language: Annotated[str, typer.Option("--language", "-l", help="en, zh or auto")] = "auto",
    policy: Annotated[str, typer.Option(help="tags, surrogates, hmac or redact")] = "tags",
    patient: Annotated[str, typer.Option(help="Patient key for consistent surrogates and date shifts")] = "",
    key_file: Annotated[Optional[Path], typer.Option(help="File holding the de-identification key")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print findings as JSON")] = False,
    ages: Annotated[str, typer.Option(help="Which ages are PHI: over-89 (HIPAA) or all")] = "over-89",
) -> None:
    """De-identify one file (or stdin) and print the result, for quick checks."""
    from corpus.deid.anonymize import MissingKeyError
    from corpus.services.quickcheck import deidentify_text

    box, principal = acting(ctx, "deid.run", service_account_ok=False)
    scope = age_scope(ages)
    if path is not None and not path.is_file():
        raise CorpusBoxError(f"input file not found: {path}", hint="give a text file, or pipe the text to stdin")
    raw = path.read_bytes() if path else sys.stdin.buffer.read()
    key = key_file.read_bytes().strip() if key_file else b""
    try:
        result = deidentify_text(box, principal, raw, language, policy, patient, key, ages=scope)
    except UnicodeDecodeError as exc:
        raise CorpusBoxError(f"{path or 'stdin'}: not UTF-8 text", hint="convert it with iconv first") from exc
    except MissingKeyError as exc:
        raise CorpusBoxError(str(exc), hint="pass --key-file, or use --policy tags/redact") from exc
    except ValueError as exc:
        raise CorpusBoxError(str(exc), hint="--policy is one of tags, surrogates, hmac, redact") from exc
    if as_json:
        from appliance.cli.common import emit_json

        emit_json({"text": result.text, "findings": [f.to_dict() for f in result.findings]})
    else:
        typer.echo(result.text, nl=False)


@app.command("detect")
def detect_cmd(
    ctx: typer.Context,
    input: Annotated[Path, typer.Option("--input", "-i", help="JSONL: {id, text, language} per line")],
    output: Annotated[Path, typer.Option("--output", "-o", help="JSONL: {id, spans} per input line")],
    language: Annotated[str, typer.Option(help="Language for lines without one: en, zh or auto")] = "auto",
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON")] = False,
    ages: Annotated[str, typer.Option(help="Which ages are PHI: over-89 (HIPAA) or all")] = "over-89",
) -> None:
    """Detect PHI in a JSONL file; writes exactly one output line per input line."""
    from corpus.services.quickcheck import detect_file

    box, principal = acting(ctx, "deid.run", service_account_ok=False)
    scope = age_scope(ages)
    if not input.is_file():
        raise CorpusBoxError(f"input file not found: {input}", hint="--input takes a JSONL file of {id, text, language}")
    with output.open("w", encoding="utf-8") as sink:
        stats = detect_file(box, principal, input, sink, language, ages=scope)
    summary = {"lines": stats.lines, "ok": stats.ok, "errors": stats.errors, "spans": stats.spans, "output": str(output)}
    if as_json:
        from appliance.cli.common import emit_json

        emit_json(summary)
    else:
        typer.echo(f"{stats.lines} lines: {stats.ok} ok, {stats.errors} errors, {stats.spans} spans -> {output}")


@app.command("eval")
def eval_cmd(
    ctx: typer.Context,
    gold: Annotated[Path, typer.Argument(help="Gold file (PhysioNet id.text, presidio JSON, i2b2 XML file or folder)")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="physionet, presidio or i2b2")] = "physionet",
    language: Annotated[Optional[str], typer.Option(help="Override each document's language")] = None,
    rules_only: Annotated[bool, typer.Option("--rules-only", help="Leave the site-trained tagger out")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON")] = False,
    ages: Annotated[str, typer.Option(
        help="over-89: find ages over 89 and set labelled younger ages aside (HIPAA); all: find and count every age",
    )] = "over-89",
) -> None:
    """Token-level recall, precision and F1 of the engine against a gold standard.

    Labels that are not PHI here (professions, titles, nationalities, and with HIPAA's scope ages under 90) are
    left out of both figures and listed under the table.
    """
    from corpus.services.quickcheck import evaluate_gold

    box, principal = acting(ctx, "deid.read", service_account_ok=False)
    scope = age_scope(ages)
    if not gold.exists():
        raise CorpusBoxError(f"gold file not found: {gold}")
    try:
        report = evaluate_gold(box, principal, gold, fmt, language, site=not rules_only, ages=scope)
    except (ValueError, KeyError, OSError) as exc:
        raise CorpusBoxError(f"cannot read {gold} as {fmt}: {type(exc).__name__}", hint="check --format") from exc
    if as_json:
        from appliance.cli.common import emit_json

        emit_json(report.to_dict())
    else:
        typer.echo(report.to_table())


@app.command("train")
def train_cmd(
    ctx: typer.Context,
    gold: Annotated[Optional[Path], typer.Argument(help="The site's labelled notes (same formats as `deid eval`)")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="physionet, presidio or i2b2")] = "physionet",
    remove: Annotated[bool, typer.Option("--remove", help="Remove the site-trained tagger (rules only again)")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the training report as JSON")] = False,
) -> None:
    """Train a tagger on the site's own labelled English notes; every later run uses it under the rules.

    Score it first on notes it did not learn from: train on one part, then `deid eval` another part (and compare
    with `--rules-only`). The model holds weights learned from PHI notes: it never leaves the box.
    """
    from corpus.services.quickcheck import remove_site_model, train_site_model

    box, principal = acting(ctx, "deid.run", service_account_ok=False)
    if remove:
        digest = remove_site_model(box, principal)
        typer.echo(f"removed site model sha256:{digest}" if digest else "no site model to remove")
        return
    if gold is None or not gold.exists():
        raise CorpusBoxError(f"gold file not found: {gold}", hint="give labelled notes, e.g. `deid train id.text`")
    from appliance.cli.common import progress_bar

    with progress_bar("reading labelled notes", quiet=as_json) as tick:
        try:
            report = train_site_model(box, principal, gold, fmt, progress=tick)
        except (KeyError, OSError, UnicodeDecodeError) as exc:
            raise CorpusBoxError(f"cannot read {gold} as {fmt}: {type(exc).__name__}", hint="check --format") from exc
        except ValueError as exc:
            raise CorpusBoxError(f"{gold}: {exc}", hint="label PHI spans in English notes first") from exc
    summary = {"model": str(report.path), "sha256": report.sha256, "documents": report.documents,
               "tokens": report.tokens, "phi_tokens": report.phi_tokens, "seconds": report.seconds,
               "labels": report.labels}
    if as_json:
        from appliance.cli.common import emit_json

        emit_json(summary)
    else:
        typer.echo(f"trained on {report.documents} notes ({report.phi_tokens} PHI tokens of {report.tokens}) in "
                   f"{report.seconds} s -> {report.path} (sha256:{report.sha256[:16]}); later runs use it")
