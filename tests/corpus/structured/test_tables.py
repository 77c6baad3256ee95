"""Streaming table de-identification: every column per policy, unknown columns reported, bad files isolated."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from corpus.dp.noise_store import SqliteNoiseStore
from corpus.structured.policy import TablePolicy
from corpus.structured.rules import RuleContext
from corpus.structured.tables import transform_table, transform_tables
from tests.corpus.structured.conftest import KEY

HEADER = ["patient_id", "mrn", "name", "ssn", "age", "zip", "visit_date", "birth_date", "icd10", "glucose", "note"]
ROWS = [
    ["P001", "MRN-7731", "John Smith", "123-45-6789", "47", "02139", "2024-03-05", "1977-02-01", "E11.9", "7.2",
     "Seen today, call back on 617-555-0199."],
    ["P002", "MRN-8812", "Ann Lee", "987-65-4321", "93", "03601", "2024-01-10", "1931-06-30", "I10", "5.1", "Stable."],
]


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([header, *rows])
    return path


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_when_policy_applied_then_every_identifier_column_is_handled(tmp_path, emr_policy, text_engine):
    src = write_csv(tmp_path / "visits.csv", HEADER, ROWS)
    ctx = RuleContext(key=KEY, text=text_engine)
    result = transform_table(src, tmp_path / "out" / "visits.csv", emr_policy, ctx)
    out = read_csv(tmp_path / "out" / "visits.csv")
    assert result.ok and result.records == 2
    assert "name" not in out[0] and "ssn" not in out[0]
    assert out[0]["patient_id"].startswith("PATIENT_") and "P001" not in out[0]["patient_id"]
    assert out[0]["mrn"].startswith("MEDICAL_RECORD_NUMBER_")
    assert [r["age"] for r in out] == ["40-49", "90+"]
    assert [r["zip"] for r in out] == ["021", "000"]  # 036 is a restricted HIPAA prefix
    assert out[0]["birth_date"] == "1977"
    shifted = dt.date.fromisoformat(out[0]["visit_date"])
    assert shifted != dt.date(2024, 3, 5) and abs((shifted - dt.date(2024, 3, 5)).days) <= 365
    assert [r["icd10"] for r in out] == ["E11.9", "I10"] and out[0]["glucose"] == "7.2"
    assert "617-555-0199" not in out[0]["note"]
    serialized = (tmp_path / "out" / "visits.csv").read_text()
    for original in ("John Smith", "123-45-6789", "MRN-7731", "P001", "02139"):
        assert original not in serialized


def test_when_column_is_missing_from_policy_then_it_is_dropped_and_reported(tmp_path, emr_policy, text_engine):
    src = write_csv(tmp_path / "v.csv", HEADER + ["hiv_status"], [r + ["positive"] for r in ROWS])
    report = transform_tables([src], tmp_path / "out", emr_policy, RuleContext(key=KEY, text=text_engine))
    assert report.files[0].unknown_dropped == ["hiv_status"]
    assert report.unknown_dropped() == ["hiv_status"]
    assert "hiv_status" not in read_csv(tmp_path / "out" / "v.csv")[0]


def test_when_same_patient_appears_in_two_files_then_pseudonyms_and_shifts_agree(tmp_path, emr_policy, text_engine):
    a = write_csv(tmp_path / "a.csv", HEADER, ROWS)
    b = write_csv(tmp_path / "b.csv", HEADER, [ROWS[0][:6] + ["2024-03-06"] + ROWS[0][7:]])
    ctx = RuleContext(key=KEY, text=text_engine)
    transform_tables([a, b], tmp_path / "out", emr_policy, ctx)
    out_a, out_b = read_csv(tmp_path / "out" / "a.csv"), read_csv(tmp_path / "out" / "b.csv")
    assert out_a[0]["patient_id"] == out_b[0]["patient_id"]
    assert out_a[0]["patient_id"] != out_a[1]["patient_id"]
    day_a, day_b = (dt.date.fromisoformat(r[0]["visit_date"]) for r in (out_a, out_b))
    assert (day_b - day_a).days == 1  # one shared per-patient offset keeps intervals


def test_when_key_differs_then_pseudonyms_differ(tmp_path, emr_policy, text_engine):
    src = write_csv(tmp_path / "a.csv", HEADER, ROWS)
    transform_table(src, tmp_path / "k1.csv", emr_policy, RuleContext(key=KEY, text=text_engine))
    transform_table(src, tmp_path / "k2.csv", emr_policy, RuleContext(key=b"another-key-0123456789abcdef", text=text_engine))
    assert read_csv(tmp_path / "k1.csv")[0]["patient_id"] != read_csv(tmp_path / "k2.csv")[0]["patient_id"]


def test_when_a_file_is_bad_then_it_gets_a_named_error_and_the_batch_goes_on(tmp_path, emr_policy, text_engine):
    good = write_csv(tmp_path / "good.csv", HEADER, ROWS)
    wrong = write_csv(tmp_path / "wrong.csv", ["pid", "age"], [["P1", "40"]])
    latin = tmp_path / "latin.csv"
    latin.write_bytes((",".join(HEADER) + "\n").encode() + "P3,M,J\xf6rg,1,2,3,2024-01-01,1990-01-01,X,1,n\n".encode("latin-1"))
    report = transform_tables([wrong, latin, good], tmp_path / "out", emr_policy, RuleContext(key=KEY, text=text_engine))
    codes = {Path(f.source).name: f.error_code for f in report.files}
    assert codes == {"wrong.csv": "table_schema", "latin.csv": "bad_encoding", "good.csv": None}
    assert "patient_id" in report.files[0].error and "pid" not in report.files[0].error.split(":")[-1]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["good.csv"]  # nothing half-written


def test_when_rows_are_ragged_then_they_are_skipped_and_reported(tmp_path, emr_policy, text_engine):
    src = tmp_path / "r.csv"
    src.write_text(",".join(HEADER) + "\n" + ",".join(ROWS[1]) + "\nP9,too,few\n", encoding="utf-8")
    result = transform_table(src, tmp_path / "o.csv", emr_policy, RuleContext(key=KEY, text=text_engine))
    assert result.records == 1 and len(result.skipped_records) == 1
    assert "expected 11" in result.skipped_records[0]["reason"]


def test_when_parquet_is_streamed_in_small_batches_then_rows_and_types_survive(tmp_path, emr_policy, text_engine):
    policy = emr_policy.model_copy(update={"batch_rows": 7})
    n = 40
    table = pa.table({
        "patient_id": [f"P{i % 5}" for i in range(n)], "age": list(range(55, 55 + n)),
        "visit_date": [dt.date(2024, 1, 1) + dt.timedelta(days=i) for i in range(n)],
        "icd10": ["E11"] * n, "glucose": [float(i) for i in range(n)],
    })
    pq.write_table(table, tmp_path / "t.parquet")
    policy = policy.model_copy(update={"missing": "ignore", "record_key": []})
    result = transform_table(tmp_path / "t.parquet", tmp_path / "o.parquet", policy, RuleContext(key=KEY))
    out = pq.read_table(tmp_path / "o.parquet")
    assert result.records == n and out.num_rows == n
    assert out.schema.field("glucose").type == pa.float64()  # kept columns keep their type
    assert out.schema.field("visit_date").type == pa.date32()  # shifted dates stay dates
    assert out.column("age").to_pylist()[-1] == "90+"
    assert set(result.missing) == {"mrn", "name", "ssn", "zip", "birth_date", "note"}


def test_when_noise_column_is_exported_twice_then_the_stored_values_return(tmp_path):
    from corpus.structured.policy import parse_policy

    policy: TablePolicy = parse_policy({
        "kind": "table", "name": "labs", "dataset": "labs-2024", "patient_key": "pid", "record_key": ["lab_id"],
        "columns": {"pid": "pseudonymise", "lab_id": "pseudonymise",
                    "value": {"action": "noise", "epsilon": 0.5, "lower": 0, "upper": 20, "decimals": 3}},
    })
    src = write_csv(tmp_path / "labs.csv", ["pid", "lab_id", "value"], [["P1", f"L{i}", str(i % 20)] for i in range(50)])
    store_path = tmp_path / "noise.sqlite3"
    first = transform_table(src, tmp_path / "e1.csv", policy, RuleContext(key=KEY, noise_store=SqliteNoiseStore(store_path), dataset="labs-2024"))
    again = transform_table(src, tmp_path / "e2.csv", policy, RuleContext(key=KEY, noise_store=SqliteNoiseStore(store_path), dataset="labs-2024"))
    assert first.fields["value"].noise_sampled == 50 and again.fields["value"].noise_reused == 50
    assert again.fields["value"].noise_sampled == 0
    v1 = [r["value"] for r in read_csv(tmp_path / "e1.csv")]
    assert v1 == [r["value"] for r in read_csv(tmp_path / "e2.csv")]
    assert v1 != [str(i % 20) for i in range(50)]


def test_when_encoding_is_declared_then_gb18030_tables_are_read(tmp_path):
    from corpus.structured.policy import parse_policy

    policy = parse_policy({"kind": "table", "name": "zh", "encoding": "gb18030", "patient_key": "患者编号",
                           "columns": {"患者编号": "pseudonymise", "诊断": "keep"}})
    src = tmp_path / "zh.csv"
    src.write_bytes("患者编号,诊断\nZ001,2型糖尿病\n".encode("gb18030"))
    result = transform_table(src, tmp_path / "o.csv", policy, RuleContext(key=KEY))
    assert result.ok and read_csv(tmp_path / "o.csv")[0]["诊断"] == "2型糖尿病"


@pytest.mark.parametrize("missing", ["error", "ignore"])
def test_when_patient_key_is_absent_then_the_file_fails_either_way(tmp_path, emr_policy, missing):
    src = write_csv(tmp_path / "x.csv", ["age"], [["40"]])
    report = transform_tables([src], tmp_path / "out", emr_policy.model_copy(update={"missing": missing}), RuleContext(key=KEY))
    assert report.files[0].error_code == "table_schema"
