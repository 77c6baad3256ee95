"""Structured de-identification throughput: rows/s for a generated 1M-row table, one core.

Run: taskset -c 0 .venv/bin/python benchmarks/bench_structured.py [--rows 1000000] [--json out.json]
Generates a synthetic EMR visit table (CSV and Parquet) in a temporary directory, applies a policy
with pseudonyms, generalisations, date shifts, kept codes and dropped names, and optionally a
per-record DP noise column (OpenDP, stored values), and reports rows/s per format.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import pyarrow as pa  # noqa: E402
import pyarrow.csv as pacsv  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402

from corpus.dp.noise_store import MemoryNoiseStore  # noqa: E402
from corpus.structured.policy import parse_policy  # noqa: E402
from corpus.structured.rules import RuleContext  # noqa: E402
from corpus.structured.tables import transform_table  # noqa: E402

COLUMNS = {
    "patient_id": {"action": "pseudonymise", "namespace": "PATIENT"},
    "visit_id": {"action": "pseudonymise", "namespace": "VISIT"},
    "name": "drop",
    "age": {"action": "generalise", "method": "age_band"},
    "zip": {"action": "generalise", "method": "zip3"},
    "visit_date": {"action": "generalise", "method": "date_shift"},
    "icd10": "keep",
    "glucose": "keep",
}


def make_table(rows: int, seed: int = 7) -> pa.Table:
    """A synthetic visit table; 1 patient per ~8 visits so pseudonym caching is realistic."""
    rng = np.random.default_rng(seed)
    patients = rng.integers(0, max(rows // 8, 1), rows)
    days = rng.integers(0, 3650, rows)
    dates = (np.datetime64("2015-01-01") + days).astype(str)
    return pa.table({
        "patient_id": pa.array([f"P{p:07d}" for p in patients]),
        "visit_id": pa.array([f"V{i:09d}" for i in range(rows)]),
        "name": pa.array(["Jane Roe"] * rows),
        "age": pa.array(rng.integers(0, 105, rows).astype(str)),
        "zip": pa.array([f"{z:05d}" for z in rng.integers(1000, 99999, rows)]),
        "visit_date": pa.array(dates),
        "icd10": pa.array(rng.choice(["E11.9", "I10", "J45.909", "K21.9"], rows)),
        "glucose": pa.array(np.round(rng.normal(6.0, 1.5, rows), 1).astype(str)),
    })


def bench(path: Path, policy, noise: bool) -> dict:
    ctx = RuleContext(key=b"bench-key-0123456789abcdef012345", noise_store=MemoryNoiseStore() if noise else None,
                      dataset="bench" if noise else None)
    start = time.perf_counter()
    result = transform_table(path, path.with_name("out_" + path.name), policy, ctx)
    elapsed = time.perf_counter() - start
    return {"file": path.name, "rows": result.records, "seconds": round(elapsed, 2),
            "rows_per_s": round(result.records / elapsed), "noise": noise,
            "mb": round(path.stat().st_size / 1e6, 1)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    pa.set_cpu_count(1)
    pa.set_io_thread_count(1)
    table = make_table(args.rows)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        csv_path, pq_path = Path(tmp) / "visits.csv", Path(tmp) / "visits.parquet"
        pacsv.write_csv(table, csv_path)
        pq.write_table(table, pq_path)
        for path, fmt in ((csv_path, "csv"), (pq_path, "parquet")):
            policy = parse_policy({"kind": "table", "name": "bench", "format": fmt, "patient_key": "patient_id",
                                   "columns": COLUMNS})
            results.append(bench(path, policy, noise=False))
        noisy = {**COLUMNS, "glucose": {"action": "noise", "epsilon": 1.0, "lower": 0, "upper": 40, "decimals": 1}}
        policy = parse_policy({"kind": "table", "name": "bench", "format": "parquet", "dataset": "bench",
                               "patient_key": "patient_id", "record_key": ["visit_id"], "columns": noisy})
        results.append(bench(pq_path, policy, noise=True))
    for r in results:
        print(f"{r['file']:16} noise={r['noise']!s:5} {r['rows']:>9} rows {r['seconds']:>7.2f} s {r['rows_per_s']:>9} rows/s")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
