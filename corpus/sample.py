"""A synthetic sample of every source kind (no real patient): notes in English and Chinese, an EMR table,
a FHIR bundle and a small DICOM series. Used by the demo, the tests and the benchmark.

`write_sample(root)` returns the PHI values it planted so a test can scan an export for them.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import random
from dataclasses import dataclass, field
from pathlib import Path

FIRST = ["Eleanor", "Marcus", "Priya", "Tobias", "Ingrid", "Desmond", "Lucia", "Rafael", "Margot", "Henrik",
         "Odette", "Casimir", "Yvonne", "Bartholomew", "Imelda", "Leopold"]
LAST = ["Whitcombe", "Haverford", "Okonkwo", "Lindqvist", "Castellanos", "Pemberton", "Abernathy", "Vasquez",
        "Thornbury", "Kowalczyk", "Ashdown", "Fairweather", "Blackwood", "Montague", "Stanhope", "Rutherford"]
ZH_NAMES = ["王建国", "李秀英", "张伟", "刘洋", "陈静", "杨帆", "赵磊", "黄丽"]
COMPLAINTS = ["chest pain radiating to the left arm", "shortness of breath on exertion", "productive cough for ten days",
              "intermittent palpitations", "lower back pain after lifting", "fever and dysuria", "persistent headache",
              "swelling of both ankles", "epigastric pain after meals", "dizziness when standing up",
              "a rash on the forearms", "fatigue and weight loss", "numbness in the right hand", "wheezing at night"]
FINDINGS = ["blood pressure {bp}/{dia} mmHg", "heart rate {hr} bpm", "temperature {t} C", "SpO2 {o2}% on room air",
            "BMI {bmi}", "respiratory rate {rr}", "HbA1c {a1c}%", "creatinine {cr} mg/dL", "LDL {ldl} mg/dL"]
PLANS = ["start lisinopril 10 mg daily", "order an echocardiogram", "chest X-ray and sputum culture",
         "increase metformin to 1000 mg twice daily", "physiotherapy twice weekly", "urine culture, start nitrofurantoin",
         "MRI of the lumbar spine", "Holter monitor for 48 hours", "refer to dermatology", "trial of a PPI for 8 weeks",
         "repeat labs in three months", "low-salt diet and daily weights", "nerve conduction study"]
ZH_COMPLAINTS = ["胸痛三天", "反复咳嗽两周", "头晕乏力", "腹痛伴恶心", "双下肢水肿", "发热伴咽痛", "心悸气短"]
ZH_PLANS = ["完善心电图检查", "予以抗感染治疗", "复查血常规", "低盐低脂饮食", "门诊随访", "调整降压药物"]


@dataclass
class Sample:
    """Where the sample was written and the PHI values planted in it."""

    root: Path
    notes: Path
    table: Path
    table_policy: Path
    fhir: Path
    dicom: Path
    phi: list[str] = field(default_factory=list)


def person(rng: random.Random) -> dict[str, str]:
    """A synthetic patient: name, MRN, phone, birth date."""
    first, last = rng.choice(FIRST), rng.choice(LAST)
    return {"name": f"{first} {last}", "first": first, "last": last, "mrn": f"{rng.randint(1000000, 9999999)}",
            "phone": f"617-555-{rng.randint(1000, 9999)}",
            "dob": f"{rng.randint(1, 12):02d}/{rng.randint(1, 28):02d}/{rng.randint(1935, 1995)}"}


def english_note(rng: random.Random, p: dict[str, str]) -> str:
    """A varied English clinic note mentioning the patient's identifiers."""
    vals = {"bp": rng.randint(100, 170), "dia": rng.randint(60, 100), "hr": rng.randint(50, 110),
            "t": round(rng.uniform(36.1, 39.2), 1), "o2": rng.randint(90, 100), "bmi": round(rng.uniform(18, 38), 1),
            "rr": rng.randint(12, 24), "a1c": round(rng.uniform(5, 10), 1), "cr": round(rng.uniform(0.6, 2.0), 2),
            "ldl": rng.randint(60, 190)}
    findings = ", ".join(f.format(**vals) for f in rng.sample(FINDINGS, 4))
    plans = "; ".join(rng.sample(PLANS, 3))
    day = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 360))
    return (f"Patient {p['name']} (MRN {p['mrn']}) was seen on {day:%m/%d/%Y} for {rng.choice(COMPLAINTS)} "
            f"and {rng.choice(COMPLAINTS)}. Date of birth {p['dob']}. Contact phone {p['phone']}.\n"
            f"Exam: {findings}. {rng.randint(2, 9)} days of symptoms, {rng.choice(['improving', 'worsening', 'stable'])}.\n"
            f"Plan: {plans}. Follow up in {rng.randint(1, 12)} weeks with Dr. {rng.choice(FIRST)} {rng.choice(LAST)}.")


def chinese_note(rng: random.Random, name: str, id_number: str, mobile: str) -> str:
    """A varied Chinese admission note with a resident ID and a mobile number."""
    day = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 360))
    return (f"患者{name}，{rng.choice(['男', '女'])}，{rng.randint(30, 85)}岁，身份证号{id_number}，电话{mobile}，"
            f"于{day.year}年{day.month}月{day.day}日因{rng.choice(ZH_COMPLAINTS)}入院。"
            f"查体：血压{rng.randint(100, 170)}/{rng.randint(60, 100)}mmHg，心率{rng.randint(55, 110)}次/分。"
            f"诊疗计划：{'，'.join(rng.sample(ZH_PLANS, 3))}。")


def write_notes(folder: Path, rng: random.Random, count: int = 12) -> list[str]:
    """English .txt notes, a JSONL file and Chinese notes; returns the PHI planted."""
    folder.mkdir(parents=True, exist_ok=True)
    phi: list[str] = []
    records = []
    for i in range(count):
        p = person(rng)
        phi += [p["name"], p["mrn"], p["phone"]]
        if i % 2 == 0:
            (folder / f"note_{i:03d}.txt").write_text(english_note(rng, p), encoding="utf-8")
        else:
            records.append({"note_id": f"N{i:05d}", "patient_id": p["mrn"], "note_type": "progress",
                            "text": english_note(rng, p)})
    for i, name in enumerate(ZH_NAMES[:4]):
        id_number = _cn_id(f"110101{rng.randint(1950, 1990)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(100, 999)}")
        mobile = f"139{rng.randint(10000000, 99999999)}"
        phi += [name, id_number, mobile]
        records.append({"note_id": f"Z{i:05d}", "patient_id": f"ZH{i:04d}", "note_type": "admission",
                        "text": chinese_note(rng, name, id_number, mobile)})
    with open(folder / "notes.jsonl", "w", encoding="utf-8") as fh:
        fh.writelines(json.dumps(rec, ensure_ascii=False) + "\n" for rec in records)
    return phi


def _cn_id(first17: str) -> str:
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(c) * w for c, w in zip(first17, weights)) % 11]
    return first17 + check


TABLE_POLICY = """kind: table
name: sample-visits
patient_key: patient_id
columns:
  patient_id: {action: pseudonymise, namespace: PATIENT}
  name: drop
  phone: drop
  age: {action: generalise, method: age_band}
  visit_date: {action: generalise, method: date_shift}
  department: keep
  icd10: keep
  chief_complaint: {action: free_text, language: auto, text_policy: tags}
"""


def write_table(folder: Path, rng: random.Random, rows: int = 10) -> tuple[Path, list[str]]:
    """A visits CSV and its policy; returns the policy path and the PHI planted."""
    folder.mkdir(parents=True, exist_ok=True)
    phi: list[str] = []
    lines = ["patient_id,name,phone,age,visit_date,department,icd10,chief_complaint"]
    for i in range(rows):
        p = person(rng)
        phi += [p["name"], p["phone"]]
        lines.append(f"{p['mrn']},{p['name']},{p['phone']},{rng.randint(20, 95)},2024-0{rng.randint(1, 9)}-1{i % 10},"
                     f"{rng.choice(['Cardiology', 'Respiratory', 'Nephrology'])},I{rng.randint(10, 50)},"
                     f"\"{rng.choice(COMPLAINTS)}; seen by Dr. {p['last']}\"")
    (folder / "visits.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    policy = folder.parent / "visits_policy.yaml"
    policy.write_text(TABLE_POLICY, encoding="utf-8")
    return policy, phi


def write_fhir(folder: Path, rng: random.Random) -> list[str]:
    """A Bundle with one patient's Patient, Encounter, Condition, Observation, MedicationRequest,
    DiagnosticReport and DocumentReference."""
    folder.mkdir(parents=True, exist_ok=True)
    p = person(rng)
    note = f"Discharge summary for {p['name']}, MRN {p['mrn']}. Admitted with pneumonia, treated with ceftriaxone."
    ref = {"reference": "Patient/pat-1"}
    resources = [
        {"resourceType": "Patient", "id": "pat-1", "identifier": [{"system": "urn:mrn", "value": p["mrn"]}],
         "name": [{"family": p["last"], "given": [p["first"]]}], "telecom": [{"system": "phone", "value": p["phone"]}],
         "gender": "female", "birthDate": "1961-04-12"},
        {"resourceType": "Encounter", "id": "enc-1", "status": "finished", "class": {"code": "IMP"}, "subject": ref,
         "period": {"start": "2024-03-01", "end": "2024-03-05"}},
        {"resourceType": "Condition", "id": "cond-1", "subject": ref, "code": {"text": "Community-acquired pneumonia"},
         "recordedDate": "2024-03-01", "note": [{"text": f"Reported by {p['name']} at admission."}]},
        {"resourceType": "Observation", "id": "obs-1", "status": "final", "code": {"text": "Body temperature"},
         "subject": ref, "effectiveDateTime": "2024-03-01", "valueQuantity": {"value": 38.4, "unit": "C"}},
        {"resourceType": "MedicationRequest", "id": "med-1", "status": "active", "intent": "order", "subject": ref,
         "medicationCodeableConcept": {"text": "Ceftriaxone 1 g IV"}, "authoredOn": "2024-03-01"},
        {"resourceType": "DiagnosticReport", "id": "rep-1", "status": "final", "code": {"text": "Chest X-ray"},
         "subject": ref, "conclusion": f"Right lower lobe consolidation. Discussed with {p['name']}."},
        {"resourceType": "DocumentReference", "id": "doc-1", "status": "current", "subject": ref,
         "content": [{"attachment": {"contentType": "text/plain",
                                     "data": base64.b64encode(note.encode()).decode()}}]},
    ]
    bundle = {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": r} for r in resources]}
    (folder / "bundle.json").write_text(json.dumps(bundle, indent=1), encoding="utf-8")
    return [p["name"], p["mrn"], p["phone"], p["last"]]


def write_dicom(folder: Path, rng: random.Random, instances: int = 4, size: int = 64) -> list[str]:
    """A small CT series of one patient (uncompressed, little endian)."""
    import numpy as np
    from pydicom.dataset import FileDataset, FileMetaDataset
    from pydicom.uid import CTImageStorage, ExplicitVRLittleEndian, generate_uid

    folder.mkdir(parents=True, exist_ok=True)
    p = person(rng)
    def uid() -> str:  # seeded, so a rerun writes byte-identical files (ingest sees duplicates)
        return generate_uid(entropy_srcs=[f"corpusbox-sample-{rng.getrandbits(64)}"])

    study, series = uid(), uid()
    for i in range(instances):
        meta = FileMetaDataset()
        meta.MediaStorageSOPClassUID = CTImageStorage
        meta.MediaStorageSOPInstanceUID = uid()
        meta.TransferSyntaxUID = ExplicitVRLittleEndian
        ds = FileDataset(str(folder / f"ct_{i:03d}.dcm"), {}, file_meta=meta, preamble=b"\0" * 128)
        ds.SOPClassUID, ds.SOPInstanceUID = CTImageStorage, meta.MediaStorageSOPInstanceUID
        ds.StudyInstanceUID, ds.SeriesInstanceUID = study, series
        ds.PatientName, ds.PatientID, ds.PatientBirthDate = p["name"].replace(" ", "^"), p["mrn"], "19610412"
        ds.InstitutionName, ds.ReferringPhysicianName = "Mercy General Hospital", "Dr^Pemberton"
        ds.StudyDate, ds.StudyTime, ds.Modality, ds.BodyPartExamined = "20240301", "101500", "CT", "CHEST"
        ds.StudyDescription, ds.SeriesDescription, ds.InstanceNumber = "CT CHEST", "AXIAL 5MM", i + 1
        ds.Rows = ds.Columns = size
        ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
        ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 12, 11, 0
        pixels = (np.random.default_rng(rng.randint(0, 2**31)).integers(0, 4096, (size, size))).astype(np.uint16)
        ds.PixelData = pixels.tobytes()
        ds.save_as(folder / f"ct_{i:03d}.dcm", enforce_file_format=True)
    return [p["mrn"], p["name"].replace(" ", "^")]


def write_sample(root: Path, seed: int = 7, notes: int = 12) -> Sample:
    """Every kind of sample under `root`; returns paths and planted PHI."""
    rng = random.Random(seed)
    phi = write_notes(root / "notes", rng, notes)
    policy, table_phi = write_table(root / "table", rng)
    fhir_phi = write_fhir(root / "fhir", rng)
    dicom_phi = write_dicom(root / "dicom", rng)
    return Sample(root, root / "notes", root / "table", policy, root / "fhir", root / "dicom",
                  phi + table_phi + fhir_phi + dicom_phi)
