"""CLI-free entry point: ``python -m corpus.deid.synth.zh --split holdout --n 500 --seed 7 --out f.json``."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from corpus.deid.synth.zh import SPLITS, generate


def main(argv: list[str] | None = None) -> int:
    """Write a presidio-research JSON file of synthetic Chinese clinical documents."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--split", choices=SPLITS, default="holdout")
    parser.add_argument("--n", type=int, default=500)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    records = generate(args.split, args.n, args.seed)
    args.out.write_text(json.dumps(records, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"wrote {len(records)} {args.split} documents to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
