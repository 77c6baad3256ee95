"""FHIR R4 de-identification: paths per policy, consistent references, invalid records isolated."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from corpus.dp.noise_store import MemoryNoiseStore
from corpus.structured.fhir import transform_fhir_files
from corpus.structured.policy import FhirPolicy, load_policy
from corpus.structured.rules import RuleContext
from tests.corpus.structured.conftest import KEY

EXAMPLE = Path(__file__).parents[3] / "corpus" / "policies" / "examples" / "fhir.yaml"


def patient(pid: str = "pat-1", name: str = "Smith") -> dict:
    return {
        "resourceType": "Patient", "id": pid,
        "text": {"status": "generated", "div": f'<div xmlns="http://www.w3.org/1999/xhtml">{name}, tel 617-555-0142</div>'},
        "identifier": [{"system": "urn:oid:2.16.840.1.113883.4.1", "value": f"MRN-{pid}"}],
        "name": [{"family": name, "given": ["John"]}], "telecom": [{"system": "phone", "value": "617-555-0142"}],
        "gender": "male", "birthDate": "1929-05-01",
        "address": [{"line": ["12 Elm St"], "city": "Springfield", "postalCode": "02139", "country": "US"}],
        "photo": [{"contentType": "image/png", "data": "AAAA"}],
    }


def observation(oid: str = "obs-1", pid: str = "pat-1", value: float = 6.3) -> dict:
    return {
        "resourceType": "Observation", "id": oid, "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": "2345-7", "display": "Glucose"}]},
        "subject": {"reference": f"Patient/{pid}"}, "effectiveDateTime": "2024-03-05T10:00:00Z",
        "valueQuantity": {"value": value, "unit": "mmol/L", "system": "http://unitsofmeasure.org", "code": "mmol/L"},
        "note": [{"text": "Patient called from 617-555-0142."}],
    }


def document(pid: str = "pat-1") -> dict:
    text = "Discharge summary. Contact 617-555-0142."
    return {
        "resourceType": "DocumentReference", "id": "doc-1", "status": "current", "subject": {"reference": f"Patient/{pid}"},
        "date": "2024-03-06T09:00:00Z",
        "content": [{"attachment": {"contentType": "text/plain", "data": base64.b64encode(text.encode()).decode(), "size": len(text)}}],
    }


@pytest.fixture
def policy() -> FhirPolicy:
    return load_policy(EXAMPLE)


@pytest.fixture
def ctx(text_engine) -> RuleContext:
    return RuleContext(key=KEY, text=text_engine, noise_store=MemoryNoiseStore(), dataset="fhir-example")


def run(tmp_path: Path, policy: FhirPolicy, ctx: RuleContext, files: dict[str, object]):
    paths = []
    for name, content in files.items():
        path = tmp_path / "in" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, list):
            path.write_text("".join(json.dumps(c) + "\n" if not isinstance(c, str) else c + "\n" for c in content))
        else:
            path.write_text(content if isinstance(content, str) else json.dumps(content))
        paths.append(path)
    return transform_fhir_files(paths, tmp_path / "out", policy, ctx)


def test_when_bundle_is_deidentified_then_every_identifier_path_is_handled(tmp_path, policy, ctx):
    bundle = {"resourceType": "Bundle", "type": "collection", "entry": [
        {"fullUrl": "urn:uuid:0b7e7a4a-9f0e-4d5c-8a34-1b2c3d4e5f60", "resource": patient()},
        {"resource": observation()}, {"resource": document()}]}
    report = run(tmp_path, policy, ctx, {"b.json": bundle})
    out = json.loads((tmp_path / "out" / "b.json").read_text())
    pat, obs, doc = (e["resource"] for e in out["entry"])
    assert report.files[0].ok and report.files[0].records == 3
    assert pat["id"] != "pat-1" and "name" not in pat and "telecom" not in pat and "photo" not in pat
    assert pat["identifier"][0]["value"].startswith("MEDICAL_RECORD_NUMBER_")
    assert pat["birthDate"] == "<=1935" and pat["address"] == [{"postalCode": "021", "country": "US"}]
    assert obs["subject"]["reference"] == f"Patient/{pat['id']}"  # references follow the Patient.id pseudonym
    assert obs["code"]["coding"][0]["code"] == "2345-7" and obs["valueQuantity"]["unit"] == "mmol/L"
    assert obs["effectiveDateTime"] != "2024-03-05T10:00:00Z"
    assert obs["valueQuantity"]["value"] != 6.3
    assert "617-555-0142" not in json.dumps(out)
    text = base64.b64decode(doc["content"][0]["attachment"]["data"]).decode()
    assert text.startswith("Discharge summary") and doc["content"][0]["attachment"]["size"] == len(text.encode())
    assert out["entry"][0]["fullUrl"].startswith("urn:uuid:") and "0b7e7a4a" not in out["entry"][0]["fullUrl"]


def test_when_paths_are_not_in_policy_then_they_are_dropped_and_reported(tmp_path, policy, ctx):
    res = patient()
    res["maritalStatus"] = {"text": "married"}
    report = run(tmp_path, policy, ctx, {"p.json": res})
    out = json.loads((tmp_path / "out" / "p.json").read_text())
    assert "maritalStatus" not in out
    assert "Patient.maritalStatus.text" in report.files[0].unknown_dropped
    assert "Patient.address.city" in report.files[0].unknown_dropped


def test_when_resources_of_one_patient_are_in_two_files_then_pseudonyms_agree(tmp_path, policy, ctx):
    run(tmp_path, policy, ctx, {"a.ndjson": [patient("p-9"), observation("o-1", "p-9")],
                                "b.ndjson": [observation("o-2", "p-9"), observation("o-3", "p-10")]})
    a = [json.loads(x) for x in (tmp_path / "out" / "a.ndjson").read_text().splitlines()]
    b = [json.loads(x) for x in (tmp_path / "out" / "b.ndjson").read_text().splitlines()]
    ref = f"Patient/{a[0]['id']}"
    assert a[1]["subject"]["reference"] == ref == b[0]["subject"]["reference"]
    assert b[1]["subject"]["reference"] != ref
    assert a[1]["effectiveDateTime"] == b[0]["effectiveDateTime"]  # same patient, same shift


def test_when_records_are_invalid_then_each_gets_a_named_error_and_the_rest_complete(tmp_path, policy, ctx):
    bad_status = observation("o-2")
    del bad_status["status"]
    bad_date = observation("o-3")
    bad_date["effectiveDateTime"] = "5 March 2024"
    lines = [observation("o-1"), "{not json", {"resourceType": "Medication", "id": "m"}, bad_status, bad_date,
             observation("o-4")]
    report = run(tmp_path, policy, ctx, {"obs.ndjson": lines, "broken.json": "{", "latin.json": "x"})
    by_name = {Path(f.source).name: f for f in report.files}
    ndjson = by_name["obs.ndjson"]
    assert ndjson.ok and ndjson.records == 2
    assert [s["line"] for s in ndjson.skipped_records] == [2, 3, 4, 5]
    assert {s["code"] for s in ndjson.skipped_records} == {"invalid_fhir"}
    assert "required element(s): status" in ndjson.skipped_records[2]["reason"]
    assert by_name["broken.json"].error_code == "invalid_fhir" and not by_name["broken.json"].ok
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["obs.ndjson"]


def test_when_observations_are_reexported_then_noisy_values_are_reused(tmp_path, policy, ctx):
    run(tmp_path / "1", policy, ctx, {"o.ndjson": [observation("o-1", value=6.3)]})
    run(tmp_path / "2", policy, ctx, {"o.ndjson": [observation("o-1", value=6.3)]})
    first = json.loads((tmp_path / "1" / "out" / "o.ndjson").read_text())
    second = json.loads((tmp_path / "2" / "out" / "o.ndjson").read_text())
    assert first["valueQuantity"]["value"] == second["valueQuantity"]["value"]
