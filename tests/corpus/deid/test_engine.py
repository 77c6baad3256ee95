"""Engine, policies, operators and dates."""

from pathlib import Path

import pytest

from corpus.deid.anonymize import MissingKeyError, date_offset_days
from corpus.deid.dates import shift_date_text
from corpus.deid.engine import DeidEngine, Finding, merge_findings
from corpus.deid.entities import tag_for
from corpus.deid.policy import DeidPolicy
from corpus.deid.registry_loader import REGISTRY_DIR, load_registry_file


@pytest.fixture(scope="module")
def engine():
    return DeidEngine.from_registry(languages=("en",))


def test_when_registry_loaded_then_every_entry_validates():
    for path in REGISTRY_DIR.glob("*.yaml"):
        assert load_registry_file(path).recognizers


def test_when_note_analyzed_then_name_date_phone_found(engine):
    text = "Seen by Dr. Vasquez on 7/22; daughter Suzette cell 410-322-1419."
    got = {text[f.start:f.end] for f in engine.analyze(text, "en")}
    assert {"Vasquez", "7/22", "Suzette", "410-322-1419"} <= got


def test_when_tags_policy_then_typed_tags(engine):
    out = engine.deidentify("Mr. Nicholson seen 7/22", "en").text
    assert out == "Mr. [PATIENT_NAME] seen [DATE]"
    assert tag_for("PATIENT_NAME", "zh") == "[患者姓名]"


def test_when_surrogates_then_consistent_per_patient(engine):
    pol = DeidPolicy.preset("surrogates")
    a = engine.deidentify("Mr. Nicholson seen 7/22/2019", "en", pol, patient_key="p1", key=b"k").text
    b = engine.deidentify("Mr. Nicholson seen 7/22/2019", "en", pol, patient_key="p1", key=b"k").text
    c = engine.deidentify("Mr. Nicholson seen 7/22/2019", "en", pol, patient_key="p2", key=b"k").text
    assert a == b and a != c and "Nicholson" not in a


def test_when_keyed_policy_without_key_then_error(engine):
    with pytest.raises(MissingKeyError):
        engine.deidentify("Mr. Nicholson", "en", DeidPolicy.preset("hmac"))


def test_when_dates_shifted_then_intervals_kept():
    d = date_offset_days(b"k", "p1", 365)
    assert d != 0 and abs(d) <= 365
    assert shift_date_text("2019年3月5日", 1) == "2019年3月6日"
    assert shift_date_text("7/22/2019", 10) == "8/1/2019"
    assert shift_date_text("22-Jul-2019", -22) == "30-Jun-2019"
    assert shift_date_text("not a date", 3) is None


def test_when_findings_overlap_then_union_kept():
    merged = merge_findings([Finding(0, 5, "PERSON", 0.6), Finding(3, 9, "CLINICIAN_NAME", 0.9)])
    assert merged == [Finding(0, 9, "CLINICIAN_NAME", 0.9, "")]


def test_when_overlapping_findings_differ_in_length_then_the_union_takes_the_longer_ones_type():
    # an address that a phone rule touches at its end stays a place, whatever the phone rule's score
    merged = merge_findings([Finding(0, 27, "LOCATION", 0.65, "A"), Finding(20, 34, "PHONE", 0.85, "P")])
    assert merged == [Finding(0, 34, "LOCATION", 0.65, "A")]


def test_when_equal_findings_disagree_then_the_type_most_recognizers_agree_on_wins():
    # 'in Hampton': the gazetteer and a preposition rule say LOCATION, the name list PERSON; a capitalised-word rule
    # that only repeats a lexicon (echo) has no vote, and one recognizer's two rules count once
    found = [Finding(3, 10, "PERSON", 0.6, "Names"), Finding(3, 10, "LOCATION", 0.6, "Places"),
             Finding(3, 10, "HOSPITAL", 0.55, "Facilities"), Finding(3, 10, "PERSON", 0.6, "Caps"),
             Finding(3, 10, "PERSON", 0.5, "Names")]
    assert merge_findings(found, echo=frozenset({"Caps"}))[0].entity_type == "LOCATION"
    assert merge_findings(found)[0].entity_type == "PERSON"  # with the echo voting, names and places tie: score
    # one recognizer against another at the same score: the one whose two rules both found the word
    pair = [Finding(8, 15, "PERSON", 0.6, "Names"), Finding(8, 15, "LOCATION", 0.6, "Places"),
            Finding(8, 15, "LOCATION", 0.55, "Places")]
    assert merge_findings(pair)[0].entity_type == "LOCATION"


def test_when_text_empty_or_huge_then_no_crash(engine):
    assert engine.analyze("", "en") == []
    big = ("pt stable, seen by Dr. Vasquez. " * 8000)
    assert len(engine.analyze(big, "en")) >= 7000


def test_when_custom_registry_then_only_listed_recognizers(tmp_path: Path):
    (tmp_path / "x.yaml").write_text(
        "recognizers:\n  - class: corpus.deid.recognizers.en.email_recognizer.EmailRecognizer\n    languages: [en]\n"
    )
    e = DeidEngine.from_registry(languages=("en",), registry_dir=tmp_path)
    assert [f.entity_type for f in e.analyze("a@b.org on 7/22", "en")] == ["EMAIL"]


@pytest.mark.parametrize(("text", "value", "etype"), [
    ("Pt's medical record number is 7788123.", "7788123", "MEDICAL_RECORD_NUMBER"),
    ("Please block card no 4735110554588", "4735110554588", "ACCOUNT_NUMBER"),
    ("her phone number is 6175551212", "6175551212", "PHONE"),
])
def test_when_specific_id_label_then_its_type_outranks_a_generic_number(engine, text, value, etype):
    got = {(text[f.start:f.end], f.entity_type) for f in engine.analyze(text, "en")}
    assert (value, etype) in got
