"""Corpus pipeline throughput and memory: ingest -> de-id (Ray) -> snapshot on synthetic notes, and DICOM.

Each case runs on a fresh box (own SQLite DB and buckets) against one SeaweedFS:
  notes/s end to end for N notes with 1 and 2 Ray workers (the scaling ratio), peak RSS of the driver
  and of the Ray workers at N/10 and N notes (flat memory), and DICOM MB/s through the same path.

    .venv/bin/python benchmarks/bench_pipeline.py --notes 100000 --json benchmarks/results/pipeline.json

The driver's peak RSS (`ru_maxrss`) is a process-lifetime high-water mark, so a case run after another
reports the larger of the two: for the flat-memory figure run each size in its own process
(`--sizes large --workers 2 --dicom 0`, then `--sizes small ...`). Each case also reports the
driver's sampled peak RSS per stage (ingest, deid, snapshot).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any, Self

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import psutil

from appliance.box import Box
from appliance.config import load_settings
from appliance.services import boxops, tokens, users
from corpus.sample import english_note, person, write_dicom
from corpus.services import deid, ingest, snapshots, sources
from tests.harness.objectstore import SeaweedServer


class RssSampler:
    """Peak RSS of this process and of each descendant (Ray's raylet and workers) every 0.5 s."""

    def __init__(self) -> None:
        self.peaks: dict[int, tuple[str, int]] = {}
        self.driver_stages: dict[str, int] = {}  # the driver's sampled peak RSS per stage
        self.stage = "start"
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _loop(self) -> None:
        me = psutil.Process()
        while not self._stop.wait(0.5):
            for proc in [me, *me.children(recursive=True)]:
                try:
                    name, rss = " ".join(proc.cmdline()[:3])[-80:], proc.memory_info().rss
                except psutil.Error:
                    continue
                if rss > self.peaks.get(proc.pid, ("", 0))[1]:
                    self.peaks[proc.pid] = (name, rss)
                if proc.pid == me.pid:
                    self.driver_stages[self.stage] = max(self.driver_stages.get(self.stage, 0), rss)

    def enter(self, stage: str) -> None:
        """Attribute the driver's RSS to `stage` from now on (its current RSS counts for both)."""
        rss = psutil.Process().memory_info().rss
        self.driver_stages[self.stage] = max(self.driver_stages.get(self.stage, 0), rss)
        self.stage = stage
        self.driver_stages[stage] = max(self.driver_stages.get(stage, 0), rss)

    def workers_peak(self) -> int:
        return max((rss for name, rss in self.peaks.values() if "default_worker" in name or "ray::" in name), default=0)


def make_box(root: Path, server: SeaweedServer) -> tuple[Box, Any]:
    access, secret = server.credentials
    home = root / f"home-{uuid.uuid4().hex[:6]}"
    home.mkdir(parents=True)
    cfg = home / "corpusbox.toml"
    cfg.write_text(f'[database]\nurl = "sqlite:///{home / "meta.sqlite3"}"\n[storage]\nbackend = "s3"\n'
                   f'endpoint_url = "{server.endpoint}"\naccess_key = "{access}"\nsecret_key = "{secret}"\n'
                   f'bucket_prefix = "b{uuid.uuid4().hex[:8]}-"\n[supervisor]\nservices = []\n')
    box = Box(load_settings(env={**os.environ, "CORPUSBOX_HOME": str(home), "CORPUSBOX_CONFIG": str(cfg)}))
    boxops.init_box(box, "admin", "bench-password-123")
    box.ensure_buckets()
    admin = tokens.resolve(box, tokens.create_session(box, users.verify_password(box, "admin", "bench-password-123")))
    return box, admin


def write_notes(folder: Path, count: int, per_file: int, seed: int = 5) -> int:
    rng = random.Random(seed)
    folder.mkdir(parents=True)
    size = 0
    for f in range(0, count, per_file):
        with open(folder / f"notes_{f // per_file:05d}.jsonl", "w", encoding="utf-8") as fh:
            for _ in range(min(per_file, count - f)):
                p = person(rng)
                line = json.dumps({"patient_id": p["mrn"], "text": english_note(rng, p)}) + "\n"
                size += len(line)
                fh.write(line)
    return size


def run_case(root: Path, server: SeaweedServer, kind: str, data: Path, workers: int,
             policy: Path | None = None) -> dict[str, Any]:
    box, admin = make_box(root, server)
    try:
        sources.add_source(box, admin, "bench", str(data), kind, policy)
        with RssSampler() as rss:
            t0 = time.monotonic()
            rss.enter("ingest")
            ing = ingest.ingest(box, admin, "bench")
            t1 = time.monotonic()
            rss.enter("deid")
            run = deid.run_deid(box, admin, "bench", workers=workers)
            t2 = time.monotonic()
            rss.enter("snapshot")
            manifest = snapshots.create_snapshot(box, admin, "bench", ["bench"])
            t3 = time.monotonic()
            rss.enter("end")
        return {"kind": kind, "workers": workers, "documents": ing.documents, "bytes": ing.bytes,
                "ingest_s": round(t1 - t0, 2), "deid_s": round(t2 - t1, 2), "snapshot_s": round(t3 - t2, 2),
                "total_s": round(t3 - t0, 2), "docs_per_s": round(ing.documents / (t3 - t0), 1),
                "deid_docs_per_s": round(run.documents / (t2 - t1), 1),
                "mb_per_s": round(ing.bytes / 1e6 / (t3 - t0), 2), "failed_parts": run.failed_parts,
                "snapshot_documents": sum(manifest.counts.values()),
                "driver_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
                "driver_rss_now_mb": round(psutil.Process().memory_info().rss / 2**20, 1),
                "worker_peak_rss_mb": round(rss.workers_peak() / 2**20, 1),
                "driver_stage_peak_rss_mb": {k: round(v / 2**20, 1) for k, v in rss.driver_stages.items()}}
    finally:
        box.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--notes", type=int, default=100_000)
    ap.add_argument("--per-file", type=int, default=1000)
    ap.add_argument("--workers", default="1,2")
    ap.add_argument("--dicom", type=int, default=100, help="DICOM instances (512x512, 16-bit)")
    ap.add_argument("--sizes", default="small,large", help="note cases to run: small (N/10), large (N), or both")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    server = SeaweedServer().start()
    results: dict[str, Any] = {"machine": f"{platform.node()} {os.cpu_count()} cores", "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                               "command": " ".join(sys.argv), "load_before": os.getloadavg(), "cases": []}
    try:
        with tempfile.TemporaryDirectory(prefix="bench-pipeline-") as tmp:
            root = Path(tmp)
            small, large = root / "small", root / "large"
            sizes = args.sizes.split(",")
            cases = [(f"notes-{n}", d, c) for n, d, c in (("small", small, args.notes // 10),
                                                           ("large", large, args.notes)) if n in sizes]
            for label, data, count in cases:
                write_notes(data, count, args.per_file)
            for label, data, _ in cases:
                for w in (int(x) for x in args.workers.split(",")):
                    if label == "notes-small" and len(cases) > 1 and w != max(map(int, args.workers.split(","))):
                        continue
                    case = {"case": label, **run_case(root, server, "notes", data, w)}
                    print(json.dumps(case), flush=True)
                    results["cases"].append(case)
            if args.dicom:
                dicom = root / "dicom"
                write_dicom(dicom, random.Random(3), instances=args.dicom, size=512)
                no_ocr = root / "dicom-no-ocr.yaml"
                no_ocr.write_text("kind: dicom\nname: dicom-no-ocr\nburned_in: 'off'\n", encoding="utf-8")
                for label, policy in (("dicom-ocr", None), ("dicom-no-ocr", no_ocr)):
                    w = max(int(x) for x in args.workers.split(","))
                    case = {"case": label, **run_case(root, server, "dicom", dicom, w, policy)}
                    print(json.dumps(case), flush=True)
                    results["cases"].append(case)
    finally:
        server.stop()
    results["load_after"] = os.getloadavg()
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=1))
    print(json.dumps({k: v for k, v in results.items() if k != "cases"}))


if __name__ == "__main__":
    main()
