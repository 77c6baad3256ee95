"""DICOM de-identification throughput in MB/s on one core: header profile alone, and with OCR.

Run: taskset -c 0 .venv/bin/python benchmarks/bench_dicom.py [--instances 40] [--json out.json]
Generates 512x512 16-bit CT-like instances (0.5 MB of pixels each, every third with a burned-in
name) plus the files pydicom ships, and de-identifies them with burned_in=off and burned_in=redact.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # tesseract's OpenMP

import numpy as np  # noqa: E402

from corpus.dicom.deidentify import DicomDeidentifier, deidentify_dicom_files  # noqa: E402
from corpus.structured.policy import DicomPolicy  # noqa: E402
from tests.corpus.dicom.conftest import burned_in_pixels, make_instance  # noqa: E402

KEY = b"bench-key-0123456789abcdef012345"


def generate(folder: Path, count: int) -> list[Path]:
    paths = []
    rng = np.random.default_rng(3)
    for i in range(count):
        base = rng.integers(0, 1200, (512, 512)).astype(np.uint16)
        if i % 3 == 0:
            text = np.zeros((512, 512), dtype=np.uint16)
            text[:256] = burned_in_pixels(f"DOE^JOHN {1950 + i}")[:, :512]
            base = np.maximum(base, text)
        ds = make_instance(patient_id=f"PID-{i // 10}", pixels=base)
        path = folder / f"img{i:04d}.dcm"
        ds.save_as(path, enforce_file_format=True)
        paths.append(path)
    return paths


def run(paths: list[Path], out: Path, burned_in: str) -> dict:
    policy = DicomPolicy(kind="dicom", name="bench", burned_in=burned_in)
    deid = DicomDeidentifier(policy, KEY)
    size = sum(p.stat().st_size for p in paths)
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        report = deidentify_dicom_files(paths, out, deid)
    elapsed = time.perf_counter() - start
    return {"burned_in": burned_in, "files": len(paths), "failed": len(report.failed), "mb": round(size / 1e6, 1),
            "seconds": round(elapsed, 2), "mb_per_s": round(size / 1e6 / elapsed, 2),
            "files_per_s": round(len(paths) / elapsed, 1)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--instances", type=int, default=40)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    from pydicom.data import get_testdata_files

    with tempfile.TemporaryDirectory() as tmp:
        generated = generate(Path(tmp), args.instances)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            shipped = [Path(p) for p in get_testdata_files("*.dcm")]
        results = []
        for name, paths in (("generated", generated), ("pydicom", shipped)):
            for mode in ("off", "redact"):
                r = run(paths, Path(tmp) / f"out-{name}-{mode}", mode)
                results.append({"set": name, **r})
                print(f"{name:9} burned_in={mode:6} {r['files']:3} files {r['mb']:6} MB {r['seconds']:7.2f} s "
                      f"{r['mb_per_s']:7.2f} MB/s {r['files_per_s']:6} files/s ({r['failed']} rejected)")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
