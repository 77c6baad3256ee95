"""Synthetic clinical-style notes (no real patients) for tests, benchmarks and the EWC experiment.

Two styles give two distinct "snapshots": style "a" is emergency triage notes, style "b" is
outpatient follow-up letters; both carry a department label for the triage task metric.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

DEPARTMENTS = {
    "cardiology": ["chest pain radiating to the left arm", "palpitations and an irregular pulse",
                   "elevated troponin", "ST elevation on the ECG", "ankle swelling and orthopnoea"],
    "pulmonology": ["shortness of breath", "productive cough with fever", "wheeze on auscultation",
                    "low oxygen saturation", "crackles at both lung bases"],
    "neurology": ["sudden weakness of the right arm", "slurred speech", "a severe headache with neck stiffness",
                  "a first seizure", "facial droop and confusion"],
    "gastroenterology": ["epigastric pain after meals", "black tarry stools", "vomiting and abdominal distension",
                         "jaundice and dark urine", "right lower quadrant tenderness"],
}
STYLE_A = ["Arrived by ambulance with {s}. Vitals taken at triage. {s2} noted on examination.",
           "Walk-in patient reporting {s} since this morning; also {s2}. Triage nurse escalated.",
           "Presents to the emergency department with {s}. History of {s2}. Observations repeated hourly."]
STYLE_B = ["Follow-up letter: the patient was reviewed in clinic for {s}. Previously {s2}. Plan to review in six weeks.",
           "Outpatient review. Since the last visit, {s} has improved; {s2} remains. Medication unchanged.",
           "Dear colleague, thank you for referring this patient with {s}. We also discussed {s2}. Kind regards."]


def make_documents(n: int, seed: int = 0, style: str = "a") -> list[dict[str, Any]]:
    """`n` labelled notes split 80/10/10 into train / validation / test."""
    rng = random.Random(f"{seed}-{style}")
    templates = STYLE_A if style == "a" else STYLE_B
    docs = []
    for i in range(n):
        dept = rng.choice(sorted(DEPARTMENTS))
        s, s2 = rng.sample(DEPARTMENTS[dept], 2)
        age = rng.randint(18, 90)
        text = f"{rng.choice(['Male', 'Female'])}, {age} years. " + rng.choice(templates).format(s=s, s2=s2)
        split = "train" if i % 10 < 8 else ("validation" if i % 10 == 8 else "test")
        docs.append({"id": f"{style}-{seed}-{i:05d}", "patient": f"p{i:05d}", "source": f"synthetic-{style}",
                     "kind": dept, "language": "en", "text": text, "fields": {"department": dept}, "split": split})
    return docs


def write_jsonl(path: Path, docs: list[dict[str, Any]]) -> Path:
    """Write documents as JSONL (the development data source)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    return path
