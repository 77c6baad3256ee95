"""Table tests for the English recognizers: expected spans and near misses."""

import pytest

from corpus.deid.recognizers.en.age_recognizer import AgeRecognizer
from corpus.deid.recognizers.en.date_recognizer import DateRecognizer
from corpus.deid.recognizers.en.email_recognizer import EmailRecognizer
from corpus.deid.recognizers.en.hospital_recognizer import HospitalRecognizer
from corpus.deid.recognizers.en.id_number_recognizer import IdNumberRecognizer
from corpus.deid.recognizers.en.phone_recognizer import PhoneRecognizer
from corpus.deid.recognizers.en.relative_name_recognizer import RelativeNameRecognizer
from corpus.deid.recognizers.en.signature_name_recognizer import SignatureNameRecognizer
from corpus.deid.recognizers.en.street_address_recognizer import StreetAddressRecognizer
from corpus.deid.recognizers.en.titled_name_recognizer import TitledNameRecognizer
from tests.corpus.deid.recognizer_cases import spans as found


CASES = [
    (DateRecognizer, "found on 7/22 by husband", ["7/22"]),
    (DateRecognizer, "admitted 22-Jul-2019 and 3-24-17", ["22-Jul-2019", "3-24-17"]),
    (DateRecognizer, "stated it was July 29th.", ["July 29th"]),
    (DateRecognizer, "s/p cabg '92, MI 1992", ["'92", "1992"]),
    (AgeRecognizer, "98 yo gentleman", ["98"]),
    (PhoneRecognizer, "cell# 410-322-1419, pager 54321", ["410-322-1419", "54321"]),
    (EmailRecognizer, "mail jane.doe@example.org now", ["jane.doe@example.org"]),
    (TitledNameRecognizer, "per Dr. Sarah O'Driscoll today", ["Sarah O'Driscoll"]),
    (TitledNameRecognizer, "MR. EDWIN PRZYBYLO is 83", ["EDWIN PRZYBYLO"]),
    (SignatureNameRecognizer, "Ilene Macdonald RN", ["Ilene Macdonald"]),
    (RelativeNameRecognizer, "social: daughter Suzette called", ["Suzette"]),
    (HospitalRecognizer, "transfer from Calvert Hospital today", ["Calvert"]),
    (IdNumberRecognizer, "MRN: 8336652 on file", ["8336652"]),
    (StreetAddressRecognizer, "lives at 19 Clover St. in town", ["19 Clover St."]),
]
NEAR_MISSES = [
    (DateRecognizer, "on PSV 10/5 with 1/2 NS at 1900 hrs"),
    (DateRecognizer, "dec. u/o and decreased BP"),
    (AgeRecognizer, "58 yo woman, sats 95"),
    (PhoneRecognizer, "ABG 7.36/42/91/25/-1 and BP 120/80"),
    (TitledNameRecognizer, "on 4L NP crackles; Dr. aware"),
    (RelativeNameRecognizer, "daughter called and visited"),
    (SignatureNameRecognizer, "O2 at 2L NP with sats 96%"),
]


@pytest.mark.parametrize("cls,text,expected", CASES)
def test_when_phi_present_then_span_found(cls, text, expected):
    assert found(cls(), text) == expected or set(expected) <= set(found(cls(), text))


@pytest.mark.parametrize("cls,text", NEAR_MISSES)
def test_when_clinical_lookalike_then_nothing_found(cls, text):
    assert found(cls(), text) == []
