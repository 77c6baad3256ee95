"""Document-level propagation of names and places found once."""

from corpus.deid.engine import Finding
from corpus.deid.propagate import propagate_findings


def spans(text, findings):
    return [text[f.start:f.end] for f in findings]


def test_when_rare_name_found_once_then_other_mentions_masked_in_any_case():
    text = "Dr. Quartermain saw pt. QUARTERMAIN aware; quartermain to call."
    seed = [Finding(4, 15, "CLINICIAN_NAME", 0.85)]
    assert spans(text, propagate_findings(text, seed)) == ["QUARTERMAIN", "quartermain"]


def test_when_common_word_name_then_only_capitalised_prose_mentions_masked():
    text = "Dr. Rose saw pt. BP rose to 150 and Rose was paged."
    seed = [Finding(4, 8, "CLINICIAN_NAME", 0.85)]
    assert spans(text, propagate_findings(text, seed)) == ["Rose"]


def test_when_clinical_or_short_place_code_then_not_propagated():
    text = "blood pump of RVAD. Flow on RVAD drops. Son visited."
    seed = [Finding(14, 18, "LOCATION", 0.55)]
    assert propagate_findings(text, seed) == []
