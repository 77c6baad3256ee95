"""`corpusbox deid text|detect|eval`: the engine on one file, authorised and audited (never the text).

The engine itself (`corpus.deid`) works as a library with no box; these functions are what the
box's operators call, so who ran the de-identifier on which input (by SHA-256) is on record.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from appliance.services.auth import Principal, authorize

if TYPE_CHECKING:
    from appliance.box import Box
    from corpus.deid.engine import DeidEngine


def engine(languages: str = "en,zh") -> DeidEngine:
    """The shipped English and Chinese recognizers."""
    from corpus.deid.engine import DeidEngine

    return DeidEngine.from_registry(languages=tuple(x.strip() for x in languages.split(",") if x.strip()))


def _audited(box: Box, principal: Principal, action: str, target: str, work: Callable[[], Any],
             details: Callable[[Any], dict[str, Any]]) -> Any:
    """Run `work`; record the outcome (with `details` of its result, or the error's type) either way."""
    try:
        result = work()
    except Exception as exc:
        box.audit.record(principal.as_actor(), action, target, "failed", {"error": type(exc).__name__})
        raise
    box.audit.record(principal.as_actor(), action, target, "ok", details(result))
    return result


def deidentify_text(box: Box, principal: Principal, raw: bytes, language: str, policy: str,
                    patient: str = "", key: bytes = b"") -> Any:
    """De-identify one text (a file or stdin) for a quick check; returns the engine's result."""
    from corpus.deid.policy import DeidPolicy

    target = f"sha256:{hashlib.sha256(raw).hexdigest()}"
    authorize(box, principal, "deid.run", target)

    def work() -> Any:
        text = raw.decode("utf-8")
        return engine().deidentify(text, language, DeidPolicy.preset(policy), patient_key=patient, key=key)

    return _audited(box, principal, "deid.text", target, work,
                    lambda r: {"policy": policy, "language": language, "bytes": len(raw),
                               "findings": len(r.findings)})


def detect_file(box: Box, principal: Principal, input_path: Path, sink: IO[str], language: str) -> Any:
    """Detect PHI in a JSONL file, one output line per input line; returns the batch statistics."""
    from corpus.deid.batch import detect_jsonl

    target = f"file:{input_path.name}"
    authorize(box, principal, "deid.run", target)

    def work() -> Any:
        with input_path.open("rb") as src:
            return detect_jsonl(engine(), src, sink, language)

    return _audited(box, principal, "deid.detect", target, work,
                    lambda s: {"lines": s.lines, "ok": s.ok, "errors": s.errors, "spans": s.spans})


def evaluate_gold(box: Box, principal: Principal, gold: Path, fmt: str, language: str | None) -> Any:
    """Token-level recall/precision of the engine against a gold standard; returns the report."""
    from corpus.deid.evaluation import evaluate_engine
    from corpus.deid.gold_readers import read_gold

    target = f"file:{gold.name}"
    authorize(box, principal, "deid.read", target)

    def work() -> Any:
        return evaluate_engine(engine(), read_gold(gold, fmt), language)

    def details(report: Any) -> dict[str, Any]:
        summary = report.to_dict()
        return {"format": fmt, **{k: summary[k] for k in ("documents", "recall", "precision", "f1")}}

    return _audited(box, principal, "deid.eval", target, work, details)
