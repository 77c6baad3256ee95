"""Table tests for the twelfth-round rules: a typist's initials after a signer, 'NOK' as a label and never a place;
each next to a look-alike that must stay unmasked (all names invented)."""

import pytest

from corpus.deid.recognizers.en.cue_name_recognizer import CueNameRecognizer
from corpus.deid.recognizers.en.place_recognizer import PlaceRecognizer
from tests.corpus.deid.recognizer_cases import found

CASES = [
    # After a signer's label or a signing verb, the typists' initials slash-joined to the signer's name or initials.
    (CueNameRecognizer, "Transcribed by: kz/tt", ["kz/tt"]),
    (CueNameRecognizer, "Dictated by: JQ/tt on 3/4", ["JQ/tt"]),
    (CueNameRecognizer, "Dictated by Ann Quorvath/kz", ["Ann Quorvath/kz"]),
    (CueNameRecognizer, "Signed by: Quorvath/tt/bw", ["Quorvath/tt/bw"]),
]
LOOKALIKES = [
    # 'NOK' is the next-of-kin label, whatever GeoNames says.
    (PlaceRecognizer, "NOK: aware of plan. Nok aware."),
]


@pytest.mark.parametrize(("cls", "text", "expected"), CASES)
def test_round12_rule_when_identifier_planted_then_found(cls, text, expected):
    assert found(cls(), text) == expected


@pytest.mark.parametrize(("cls", "text"), LOOKALIKES)
def test_round12_rule_when_lookalike_then_nothing(cls, text):
    assert found(cls(), text) == []


def test_when_a_signer_is_followed_by_a_dose_or_a_word_then_only_the_signer_is_taken():
    assert found(CueNameRecognizer(), "Dictated by: JQ/d 2 weeks") == ["JQ"]
    assert found(CueNameRecognizer(), "Transcribed by: kz") == ["kz"]
