"""End-to-end: the registry's Chinese engine on a fresh holdout set must keep recall >= 0.99."""

import pytest

from corpus.deid.engine import DeidEngine
from corpus.deid.evaluation import evaluate
from corpus.deid.gold_readers import GoldDoc, GoldSpan
from corpus.deid.registry_loader import build_recognizers
from corpus.deid.synth.zh import generate


def _docs(records):
    return [
        GoldDoc(
            doc_id=str(i),
            text=r["full_text"],
            spans=[GoldSpan(s["start_position"], s["end_position"], s["entity_type"], s["entity_type"]) for s in r["spans"]],
            language="zh",
        )
        for i, r in enumerate(records)
    ]


@pytest.fixture(scope="module")
def engine():
    return DeidEngine.from_registry(languages=("zh",))


def test_registry_loads_every_chinese_recognizer():
    names = {type(r).__name__ for r in build_recognizers(("zh",))["zh"]}
    assert {"CnResidentIdRecognizer", "CnPersonNameRecognizer", "CnAddressRecognizer", "CnDateRecognizer"} <= names


def test_when_fresh_holdout_set_then_recall_at_least_099(engine):
    docs = _docs(generate("holdout", 80, seed=20261123))
    report = evaluate(docs, lambda d: [(f.start, f.end, f.entity_type) for f in engine.analyze(d.text, "zh")])
    assert report.overall.recall >= 0.99, report.to_table()
    assert report.overall.precision >= 0.85, report.to_table()


def test_when_hand_written_notes_then_recall_at_least_095(engine):
    docs = _docs(generate("hand", 0))
    report = evaluate(docs, lambda d: [(f.start, f.end, f.entity_type) for f in engine.analyze(d.text, "zh")])
    assert report.overall.recall >= 0.95, report.to_table()
