"""Table tests for the fifth-round precision rules: verbs and kinship compounds after a kinship word, verb-form
surnames before a facility word, swapped-letter typos after a place preposition, hospital wards ('to unit 4') and
IBAN shapes without digits; each with the PHI form that must still be found."""

import pytest

from corpus.deid import lexicons
from corpus.deid.recognizers.en.hospital_recognizer import HospitalRecognizer
from corpus.deid.recognizers.en.id_number_recognizer import IdNumberRecognizer
from corpus.deid.recognizers.en.place_recognizer import PlaceRecognizer
from corpus.deid.recognizers.en.relative_name_recognizer import RelativeNameRecognizer
from corpus.deid.recognizers.en.street_address_recognizer import StreetAddressRecognizer
from tests.corpus.deid.recognizer_cases import spans as found


CASES = [
    (RelativeNameRecognizer, "wife works at the bank, will visit tomorrow", []),
    (RelativeNameRecognizer, "SON KNOWS ABOUT THE PLAN", []),
    (RelativeNameRecognizer, "wife joan works at the bank", ["joan"]),
    (RelativeNameRecognizer, "SISTER AND SISTER-IN-LAWS VERY INVOLVED", []),
    (RelativeNameRecognizer, "SISTER-IN-LAW MARY CALLED", ["MARY"]),  # the name after the whole compound
    (HospitalRecognizer, "PT NEEDS NURSING HOME PLACEMENT", []),
    (HospitalRecognizer, "TRANSFERRED FROM BAYSIDE NURSING HOME", ["BAYSIDE"]),
    (HospitalRecognizer, "He went to Waters Hospital for rehab", ["Waters"]),
    (PlaceRecognizer, "pt lives at hoem with wife", []),
    (PlaceRecognizer, "pt lives at hingham with wife", ["hingham"]),
    (StreetAddressRecognizer, "transferred to unit 4 this am", []),
    (StreetAddressRecognizer, "back on the Unit 6 at noon", []),
    (StreetAddressRecognizer, "Unit 4\nBoston, MA 02114", ["Boston, MA 02114", "Unit 4", "MA 02114"]),
    (StreetAddressRecognizer, "lives at 22 Main St unit 4", ["22 Main St unit 4", "unit 4"]),
    (IdNumberRecognizer, "SLOW FI02 WEAN THIS SHIFT", []),
    (IdNumberRecognizer, "IBAN GB82 WEST 1234 5698 7654 32", ["GB82 WEST 1234 5698 7654 32"]),
]


@pytest.mark.parametrize(("rec_cls", "text", "expected"), CASES)
def test_when_precision_case_then_expected_spans(rec_cls, text, expected):
    assert found(rec_cls(), text) == expected


def test_when_neighbouring_letters_swapped_then_typo():
    assert lexicons.is_swapped_letters("hoem")
    assert not lexicons.is_swapped_letters("home")
    assert not lexicons.is_swapped_letters("anna")  # a first name is never taken as a typo
