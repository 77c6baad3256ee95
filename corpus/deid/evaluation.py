"""Token-level scoring of PHI detection against gold standards (recall first)."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Iterable

from corpus.deid.ages import AgeScope, is_scoped_out
from corpus.deid.gold_readers import GoldDoc

# A token is an alphanumeric run; each CJK character is a token of its own.
TOKEN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[^\W_\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
IGNORED = "__ignored__"
UNDER_90 = "AGE under 90"  # a labelled age that HIPAA's scope does not count as PHI


@dataclass
class CategoryScore:
    """Counts for one category."""

    gold: int = 0
    caught: int = 0
    predicted: int = 0
    true_positive: int = 0

    @property
    def recall(self) -> float:
        return self.caught / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.true_positive / self.predicted if self.predicted else 1.0


@dataclass
class EvalReport:
    """Overall and per-category token scores; ``misses`` lists (doc_id, token, category) of leaks."""

    overall: CategoryScore = field(default_factory=CategoryScore)
    by_gold_category: dict[str, CategoryScore] = field(default_factory=dict)
    by_entity_type: dict[str, CategoryScore] = field(default_factory=dict)
    by_predicted_type: dict[str, CategoryScore] = field(default_factory=dict)
    misses: list[tuple[str, str, str]] = field(default_factory=list)
    false_positives: Counter = field(default_factory=Counter)
    set_aside: Counter = field(default_factory=Counter)  # gold tokens of labels that are not PHI here, by label
    documents: int = 0
    ages: str = "over_89"

    @property
    def f1(self) -> float:
        p, r = self.overall.precision, self.overall.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self, max_misses: int = 0) -> dict:
        """JSON-ready summary (miss texts only when ``max_misses`` > 0: they are PHI)."""
        def cat(d: dict[str, CategoryScore]) -> dict:
            return {k: {"gold_tokens": v.gold, "caught": v.caught, "recall": round(v.recall, 4)}
                    for k, v in sorted(d.items())}
        o = self.overall
        out = {
            "documents": self.documents, "gold_tokens": o.gold, "caught_tokens": o.caught,
            "predicted_tokens": o.predicted, "true_positive_tokens": o.true_positive,
            "recall": round(o.recall, 4), "precision": round(o.precision, 4), "f1": round(self.f1, 4),
            "age_scope": self.ages, "set_aside_tokens": dict(sorted(self.set_aside.items())),
            "by_gold_category": cat(self.by_gold_category), "by_entity_type": cat(self.by_entity_type),
            "precision_by_predicted_type": {
                k: {"predicted_tokens": v.predicted, "precision": round(v.precision, 4)}
                for k, v in sorted(self.by_predicted_type.items())},
        }
        if max_misses:
            out["misses"] = self.misses[:max_misses]
        return out

    def to_table(self) -> str:
        """Plain-text table for terminals and docs."""
        o = self.overall
        lines = [f"documents {self.documents}  gold tokens {o.gold}  predicted tokens {o.predicted}",
                 f"recall {o.recall:.4f}  precision {o.precision:.4f}  F1 {self.f1:.4f}", "",
                 f"{'gold category':<24}{'tokens':>8}{'caught':>8}{'recall':>8}"]
        for name, s in sorted(self.by_gold_category.items()):
            lines.append(f"{name:<24}{s.gold:>8}{s.caught:>8}{s.recall:>8.3f}")
        lines += ["", f"{'predicted type':<24}{'tokens':>8}{'PHI':>8}{'prec.':>8}"]
        for name, s in sorted(self.by_predicted_type.items()):
            lines.append(f"{name:<24}{s.predicted:>8}{s.true_positive:>8}{s.precision:>8.3f}")
        if self.set_aside:
            lines += ["", "not counted (labels that are not PHI here; their tokens are left out of both figures):"]
            lines += [f"  {name:<22}{n:>8} tokens" for name, n in sorted(self.set_aside.items())]
            if self.set_aside.get(UNDER_90):
                lines.append("  ages under 90 are not PHI under HIPAA Safe Harbor;"
                             " `--ages all` finds and counts every age")
        return "\n".join(lines)

    def to_json(self) -> str:
        """JSON text of ``to_dict``."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)


def _char_labels(n: int, spans: Iterable[tuple[int, int, str]]) -> list[str | None]:
    labels: list[str | None] = [None] * n
    for start, end, label in spans:
        for i in range(max(0, start), min(n, end)):
            if labels[i] is None or labels[i] == IGNORED:
                labels[i] = label
    return labels


def _gold_category(doc: GoldDoc, span, ages: AgeScope) -> str:
    if span.entity_type == "AGE" and is_scoped_out(doc.text[span.start:span.end], ages):
        return UNDER_90
    return span.category


def score_document(doc: GoldDoc, predicted: Iterable[tuple[int, int, str]], report: EvalReport) -> None:
    """Add one document's token counts to ``report`` (gold ages under 90 set aside unless its scope is ``all``)."""
    categories = [(s, _gold_category(doc, s, report.ages)) for s in doc.spans]
    gold = _char_labels(len(doc.text), ((s.start, s.end, c) for s, c in categories))
    types = {c: (s.entity_type if c != UNDER_90 else None) or IGNORED for s, c in categories}
    pred = _char_labels(len(doc.text), predicted)
    report.documents += 1
    for m in TOKEN_RE.finditer(doc.text):
        g = next((gold[i] for i in range(m.start(), m.end()) if gold[i] is not None), None)
        etype = types.get(g) if g else None
        if etype == IGNORED:
            report.set_aside[g] += 1
            continue
        covered = [pred[i] for i in range(m.start(), m.end())]
        any_pred = next((p for p in covered if p is not None), None)
        if g is not None:
            caught = all(p is not None for p in covered)
            for s in (report.overall, report.by_gold_category.setdefault(g, CategoryScore()),
                      report.by_entity_type.setdefault(etype or "OTHER", CategoryScore())):
                s.gold += 1
                s.caught += caught
            if not caught:
                report.misses.append((doc.doc_id, m.group(), g))
        if any_pred is not None:
            ps = report.by_predicted_type.setdefault(any_pred, CategoryScore())
            for s in (report.overall, ps):
                s.predicted += 1
                s.true_positive += g is not None
            if g is None:
                report.false_positives[m.group().lower()] += 1


def evaluate(
    docs: Iterable[GoldDoc], detect: Callable[[GoldDoc], Iterable[tuple[int, int, str]]], ages: AgeScope = "over_89"
) -> EvalReport:
    """Score ``detect(doc) -> [(start, end, entity_type)]`` over ``docs``; ``ages`` says which gold ages count."""
    report = EvalReport(ages=ages)
    for doc in docs:
        score_document(doc, list(detect(doc)), report)
    return report


def evaluate_engine(engine, docs: Iterable[GoldDoc], language: str | None = None,
                    ages: AgeScope = "over_89") -> EvalReport:
    """Score a ``DeidEngine`` (each doc's own language unless ``language`` is given) in the engine's age scope."""
    def detect(doc: GoldDoc):
        return [(f.start, f.end, f.entity_type) for f in engine.analyze(doc.text, language or doc.language)]
    return evaluate(docs, detect, ages)


def split_by_group(docs: list[GoldDoc]) -> tuple[list[GoldDoc], list[GoldDoc]]:
    """Deterministic patient-level halves: (tuning, held_out), alternating over sorted patient ids."""
    groups = sorted({d.group for d in docs}, key=lambda g: (len(g), g))
    tuning = {g for i, g in enumerate(groups) if i % 2 == 0}
    return [d for d in docs if d.group in tuning], [d for d in docs if d.group not in tuning]
