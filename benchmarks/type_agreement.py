"""How often the engine's entity type agrees with the gold label's kind, on the spans it finds.

Recall and precision do not look at types, but replacement does: a town typed PERSON gets a person's name as its
surrogate, a street typed PHONE a made-up number. For every engine span that overlaps a gold span, this compares
the coarse kind (name, place, date, phone, ...) of the engine's type with that of the gold label it overlaps most.

Run: .venv/bin/python benchmarks/type_agreement.py [--sets physionet synth]
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from corpus.deid.engine import DeidEngine  # noqa: E402
from corpus.deid.entities import category_of  # noqa: E402
from corpus.deid.gold_readers import read_physionet, read_presidio_json  # noqa: E402

DATA = Path(os.environ.get("CORPUSBOX_DEID_DATA", "/work/shared/datasets"))
# Gold labels of PhysioNet and presidio-research, by the engine's coarse categories.
GOLD_KIND = {"ptname": "NAME", "ptnameinitial": "NAME", "hcpname": "NAME", "relativeproxyname": "NAME",
             "person": "NAME", "location": "LOCATION", "gpe": "LOCATION", "street_address": "LOCATION",
             "zip_code": "LOCATION", "organization": "LOCATION", "date": "DATE", "dateyear": "DATE",
             "date_time": "DATE", "phone": "CONTACT", "phone_number": "CONTACT", "age": "AGE"}


def agreement(engine: DeidEngine, docs) -> tuple[int, int, Counter]:
    """(spans compared, spans whose kind agrees, Counter of (gold kind, engine kind) disagreements)."""
    compared, agreed, confused = 0, 0, Counter()
    for d in docs:
        for f in engine.analyze(d.text, "en"):
            overlapping = [g for g in d.spans if g.start < f.end and f.start < g.end]
            if not overlapping:
                continue
            g = max(overlapping, key=lambda g: min(g.end, f.end) - max(g.start, f.start))
            gold = GOLD_KIND.get(g.category.lower())
            if gold is None:
                continue  # identifiers, e-mail, URLs: kinds the two label sets split differently
            mine = category_of(f.entity_type)
            compared += 1
            agreed += mine == gold
            if mine != gold:
                confused[(gold, mine)] += 1
    return compared, agreed, confused


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sets", nargs="+", choices=("physionet", "synth"), default=["physionet", "synth"])
    args = ap.parse_args()
    engine = DeidEngine.from_registry(languages=("en",))
    sets = {"physionet": (read_physionet, DATA / "physionet-deid-dev" / "id.text"),
            "synth": (read_presidio_json, DATA / "presidio-synth" / "synth_dataset_v2.json")}
    for name in args.sets:
        reader, path = sets[name]
        if not path.exists():
            print(f"{path} absent (set CORPUSBOX_DEID_DATA)")
            continue
        compared, agreed, confused = agreement(engine, reader(path))
        print(f"{name}: {agreed}/{compared} spans typed as their gold label's kind ({agreed / compared:.4f}); "
              f"most common disagreements (gold -> engine): {confused.most_common(4)}")


if __name__ == "__main__":
    main()
