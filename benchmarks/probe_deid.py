"""Convention probe for the English engine: invented names, towns and numbers in everyday nursing-note lines.

The labelled dev sets say how the engine does on the notes they hold; this says which *contexts* it covers. Each
line of benchmarks/deid_contexts/*.txt is a charting convention ('Paged {N} re: low UO'); every line is filled
from three name pools (unknown surnames, names that are also English words, first names) and written in mixed,
upper and lower case. A PHI token counts as found when every character of it is inside a detected span (the
token rule of docs/deid.md). Missed tokens and spans outside the marked PHI are printed per line.

It is a development tool, not a score to report as accuracy: the rules were written with these lines in view.
What it is good for is showing that a rule written from a convention, not from a dev-set note, covers the
convention in every case and with names it has never seen.

Run: .venv/bin/python benchmarks/probe_deid.py [--cases mixed,upper,lower] [--quiet] [FILE ...]
"""

from __future__ import annotations

import argparse
import itertools
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from corpus.deid.engine import DeidEngine  # noqa: E402

CONTEXTS = Path(__file__).resolve().parent / "deid_contexts"
# Invented or uncommon surnames, surnames that are English words, and first names from several cultures.
POOLS = {
    "unknown": ["Kravetzky", "Opdahl", "Brezhoni", "Taddeucci", "Haberstroh", "Zamudio", "Quattlebaum",
                "Esterhuizen", "Mbeki", "Vukovich"],
    "word": ["Rose", "Hope", "Bill", "Frank", "Wood", "Brown", "Young", "Hill", "Grant", "Price", "Page", "Long"],
    "first": ["Marguerite", "Dmitri", "Tamsin", "Oluwaseun", "Bettina", "Rafferty", "Joan", "Kevin"],
}
TOWNS = ["Marblehead", "Tewksbury", "Dracut", "Kettleby", "Ashwick Falls", "Port Orrin", "Haverhill", "Brantwood",
         "Salisbury", "Lowell"]
SLOT = re.compile(r"\{([^}]*)\}")


def fill(template: str, names: list[str], towns: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """The line with every {..} filled in, and the character ranges of the PHI it now holds."""
    names, towns = iter(names), iter(towns)
    text, gold, pos = "", [], 0
    for m in SLOT.finditer(template):
        text += template[pos : m.start()]
        value = " ".join(next(names) if w == "N" else next(towns) if w == "T" else w for w in m[1].split(" "))
        gold.append((len(text), len(text) + len(value)))
        text += value
        pos = m.end()
    return text + template[pos:], gold


def probe(engine: DeidEngine, lines: list[str], cases: list[str], seed: int = 1, quiet: bool = False) -> tuple[int, int, int]:
    """(PHI tokens, missed, spans outside PHI) over every line x pool x case."""
    rng = random.Random(seed)
    total = missed = extra = 0
    for template, case, pool in itertools.product(lines, cases, POOLS.values()):
        text, gold = fill(template, rng.sample(pool, len(pool)), rng.sample(TOWNS, len(TOWNS)))
        text = text.upper() if case == "upper" else text.lower() if case == "lower" else text
        found = engine.analyze(text, "en")
        covered = {i for f in found for i in range(f.start, f.end)}
        for a, b in gold:
            for tok in re.finditer(r"\w+", text[a:b]):
                total += 1
                if not all(i in covered for i in range(a + tok.start(), a + tok.end())):
                    missed += 1
                    if not quiet:
                        print(f"MISS  {tok.group()!r:<16} | {text}")
        for f in found:
            if not any(a < f.end and f.start < b for a, b in gold):
                extra += 1
                if not quiet:
                    print(f"EXTRA {text[f.start:f.end]!r:<16} | {text}")
    return total, missed, extra


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path, help="context files (default: every file in deid_contexts/)")
    ap.add_argument("--cases", default="mixed,upper,lower", help="comma-separated: mixed, upper, lower")
    ap.add_argument("--quiet", action="store_true", help="totals only")
    args = ap.parse_args()
    engine = DeidEngine.from_registry(languages=("en",))
    cases = [c for c in args.cases.split(",") if c]
    grand = [0, 0, 0]
    for path in args.files or sorted(CONTEXTS.glob("*.txt")):
        lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
        total, missed, extra = probe(engine, lines, cases, quiet=args.quiet)
        grand = [grand[0] + total, grand[1] + missed, grand[2] + extra]
        print(f"{path.stem:<14} PHI tokens {total:>4}  found {1 - missed / max(total, 1):.3f}  spans outside PHI {extra}")
    print(f"{'all':<14} PHI tokens {grand[0]:>4}  found {1 - grand[1] / max(grand[0], 1):.3f}  spans outside PHI {grand[2]}")


if __name__ == "__main__":
    main()
