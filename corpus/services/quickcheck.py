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
from corpus.deid.learned import file_sha256

if TYPE_CHECKING:
    from appliance.box import Box
    from corpus.deid.engine import DeidEngine


SITE_MODEL = ("deid", "site-model.crfsuite")


def site_model_file(box: Box) -> Path | None:
    """The box's site-trained tagger (`corpusbox deid train`), or None when it has none."""
    path = box.settings.path(*SITE_MODEL)
    return path if path.is_file() else None


def engine(languages: str = "en,zh", site_model: Path | None = None, ages: str = "over_89") -> DeidEngine:
    """The shipped English and Chinese recognizers (and the site's tagger when given); ``ages``: which are PHI."""
    from corpus.deid.engine import DeidEngine

    return DeidEngine.from_registry(languages=tuple(x.strip() for x in languages.split(",") if x.strip()),
                                    site_model=site_model, ages=ages)


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
                    patient: str = "", key: bytes = b"", ages: str = "over_89") -> Any:
    """De-identify one text (a file or stdin) for a quick check; returns the engine's result."""
    from corpus.deid.policy import DeidPolicy

    target = f"sha256:{hashlib.sha256(raw).hexdigest()}"
    authorize(box, principal, "deid.run", target)

    def work() -> Any:
        text = raw.decode("utf-8")
        return engine(site_model=site_model_file(box), ages=ages).deidentify(
            text, language, DeidPolicy.preset(policy), patient_key=patient, key=key)

    return _audited(box, principal, "deid.text", target, work,
                    lambda r: {"policy": policy, "language": language, "ages": ages, "bytes": len(raw),
                               "findings": len(r.findings)})


def detect_file(box: Box, principal: Principal, input_path: Path, sink: IO[str], language: str,
                ages: str = "over_89") -> Any:
    """Detect PHI in a JSONL file, one output line per input line; returns the batch statistics."""
    from corpus.deid.batch import detect_jsonl

    target = f"file:{input_path.name}"
    authorize(box, principal, "deid.run", target)

    def work() -> Any:
        with input_path.open("rb") as src:
            return detect_jsonl(engine(site_model=site_model_file(box), ages=ages), src, sink, language)

    return _audited(box, principal, "deid.detect", target, work,
                    lambda s: {"ages": ages, "lines": s.lines, "ok": s.ok, "errors": s.errors, "spans": s.spans})


def evaluate_gold(box: Box, principal: Principal, gold: Path, fmt: str, language: str | None, site: bool = True,
                  ages: str = "over_89") -> Any:
    """Token-level recall/precision of the engine (with the site's tagger unless ``site`` is False); returns the report.

    ``ages`` is both what the engine finds and which labelled ages count: under ``over_89`` a gold age under 90 is
    set aside (reported, never scored), under ``all`` every labelled age counts and the engine looks for every age.
    """
    from corpus.deid.ages import check_scope
    from corpus.deid.evaluation import evaluate_engine
    from corpus.deid.gold_readers import read_gold

    target = f"file:{gold.name}"
    authorize(box, principal, "deid.read", target)
    scope = check_scope(ages)

    model = site_model_file(box) if site else None  # looked up once: the audit names the model that was used

    def work() -> Any:
        return evaluate_engine(engine(site_model=model, ages=scope), read_gold(gold, fmt), language, scope)

    def details(report: Any) -> dict[str, Any]:
        summary = report.to_dict()
        return {"format": fmt, "site_model": file_sha256(model) if model else None, "ages": scope,
                **{k: summary[k] for k in ("documents", "recall", "precision", "f1")}}

    return _audited(box, principal, "deid.eval", target, work, details)


def train_site_model(box: Box, principal: Principal, gold: Path, fmt: str,
                     progress: Callable[[int], None] | None = None) -> Any:
    """Train the site's tagger on labelled notes and install it for every later run; returns the training report.

    The new model replaces the old one atomically; the audit event names both by SHA-256 (never a note's text).
    """
    from corpus.deid.gold_readers import read_gold
    from corpus.deid.learned import train

    target = f"file:{gold.name}"
    authorize(box, principal, "deid.run", target)
    old = site_model_file(box)
    previous = file_sha256(old) if old else None

    def work() -> Any:
        return train(read_gold(gold, fmt), box.settings.path(*SITE_MODEL), progress=progress)

    return _audited(box, principal, "deid.train", target, work,
                    lambda r: {"format": fmt, "documents": r.documents, "tokens": r.tokens, "phi_tokens": r.phi_tokens,
                               "seconds": r.seconds, "sha256": r.sha256, "previous_sha256": previous})


def remove_site_model(box: Box, principal: Principal) -> str | None:
    """Stop using the site's tagger (the rules alone run again); returns the removed model's SHA-256."""
    path = box.settings.path(*SITE_MODEL)
    authorize(box, principal, "deid.run", "site-model")
    if not path.is_file():
        return None
    digest = file_sha256(path)
    path.unlink()
    box.audit.record(principal.as_actor(), "deid.untrain", "site-model", "ok", {"sha256": digest})
    return digest
