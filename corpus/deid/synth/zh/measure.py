"""Measure the Chinese recognizers on generated sets: ``python -m corpus.deid.synth.zh.measure --split holdout``.

Prints token-level recall and precision per entity type (corpus.deid.evaluation scorer) and the
throughput of the Chinese engine on one core.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter

from corpus.deid.synth.zh import SPLITS, generate


def _gold_docs(records: list[dict]):
    from corpus.deid.gold_readers import GoldDoc, GoldSpan

    return [
        GoldDoc(
            doc_id=str(i),
            text=r["full_text"],
            spans=[GoldSpan(s["start_position"], s["end_position"], s["entity_type"], s["entity_type"]) for s in r["spans"]],
            group=r["metadata"]["patient"],
            language="zh",
        )
        for i, r in enumerate(records)
    ]


def measure(split: str, n: int, seed: int) -> tuple[dict, float, Counter]:
    """(report dict, docs per second, top false-positive tokens) of the registry's zh engine."""
    from corpus.deid.engine import DeidEngine
    from corpus.deid.evaluation import evaluate

    engine = DeidEngine.from_registry(languages=("zh",))
    docs = _gold_docs(generate(split, n, seed))
    engine.analyze(docs[0].text, "zh")  # warm-up: lexicons and regexes load lazily
    started = time.perf_counter()
    found = {d.doc_id: [(f.start, f.end, f.entity_type) for f in engine.analyze(d.text, "zh")] for d in docs}
    seconds = time.perf_counter() - started
    report = evaluate(docs, lambda d: found[d.doc_id])
    return report.to_dict(max_misses=200), len(docs) / seconds, report.false_positives


def main(argv: list[str] | None = None) -> int:
    """Print the scores of one split."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--split", choices=SPLITS, default="holdout")
    parser.add_argument("--n", type=int, default=500)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--show-misses", action="store_true", help="print missed tokens (synthetic PHI only)")
    args = parser.parse_args(argv)
    report, docs_per_s, fps = measure(args.split, args.n, args.seed)
    misses = report.pop("misses", [])
    print(json.dumps(report, ensure_ascii=False, indent=1))
    print(f"throughput: {docs_per_s:.1f} docs/s (one process, one core)")
    if args.show_misses:
        print("misses:", misses)
        print("top false positives:", fps.most_common(60))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
