"""Table tests for the fourth-round address rules: street-type words, prefix street types, town + region + postcode,
block lines that run on into prose, 'the corner of' in lower case, '<Name> Republic', travel verbs."""

import pytest

from corpus.deid import lexicons
from corpus.deid.recognizers.en.address_block_recognizer import AddressBlockRecognizer
from corpus.deid.recognizers.en.place_recognizer import PlaceRecognizer
from corpus.deid.recognizers.en.street_address_recognizer import StreetAddressRecognizer


def found(rec, text):
    return [text[r.start:r.end].strip() for r in rec.analyze(text, rec.supported_entities)]


def covers(rec, text, expected):
    """Every non-space character of ``expected`` (first occurrence) lies inside some found span."""
    spans = [(r.start, r.end) for r in rec.analyze(text, rec.supported_entities)]
    at = text.index(expected)
    return all(c.isspace() or any(s <= i < e for s, e in spans) for i, c in enumerate(text[at:at + len(expected)], at))


CASES = [
    (AddressBlockRecognizer, "The restaurant is at 5521 119 Countess Close", ["5521 119 Countess Close"]),
    (AddressBlockRecognizer, "Our offices: 9543 1819 St. John Street Suite 056, Tubize", ["9543 1819 St. John Street Suite 056"]),
    (AddressBlockRecognizer, "She lives at 76556 29 Rue de Tanger now", ["76556 29 Rue de Tanger"]),
    (AddressBlockRecognizer, "The bus drops you off at 9383 ul. Chrzanowska 61 St.", ["9383 ul. Chrzanowska 61 St."]),
    (AddressBlockRecognizer, "28030 Edeby 55\n Apt. 297\n TYSTBERGA\n Sweden 99178", ["28030 Edeby 55", "TYSTBERGA"]),
    (AddressBlockRecognizer, "Meet me at 363 52 Huntly Street\n Suite 132\n BARMOLLOCH\n United Kingdom", ["BARMOLLOCH"]),
    (AddressBlockRecognizer, "send it to 05575 Feldstrasse 42 Suite 055\nPADASJOKI\n, PA\n 31842 for this card: 4393",
     ["PADASJOKI", "31842"]),
    (StreetAddressRecognizer, "I'll meet you there\nHellendoorn, OV 21072 after the concert.", ["Hellendoorn, OV 21072"]),
    (StreetAddressRecognizer, "lives in Caxias do Sul, RS 24893 with her son", ["Caxias do Sul, RS 24893"]),
    (StreetAddressRecognizer, "Address: the corner of ul. grochowa 80 and lahtinen road", [
        "the corner of ul. grochowa 80 and lahtinen road"]),
    (AddressBlockRecognizer, "Looking to support Factset in Bjert 6091 in its mission", ["6091"]),
    (AddressBlockRecognizer, "address: unit 4526 box 0671\ndpo ap 40902", ["unit 4526 box 0671", "dpo ap 40902"]),
    (AddressBlockRecognizer, "send it to uscgc aslakhanov\nfpo ae 44941?", ["uscgc aslakhanov", "fpo ae 44941"]),
    (AddressBlockRecognizer, "45818 P.O. Box 242\n Suite 787\n Kangerlussuaq\n Greenlander 54005", ["Kangerlussuaq"]),
    (AddressBlockRecognizer, "a taxi to Grubbenvorst, Netherlands 04020. Mora de Rubielos, Spain 16200, and", ["04020", "16200"]),
    (StreetAddressRecognizer, "my zip code is 880", ["880"]),
    (AddressBlockRecognizer, "to support us in København K 1421 and in Överturingen 840 24 in time", ["1421", "840 24"]),
    (PlaceRecognizer, "Who's coming to Czech Republic with me?", ["Czech Republic"]),
    (PlaceRecognizer, "her son flew to Kuopio last week", ["Kuopio"]),
    (PlaceRecognizer, "FLOWN IN FROM NANTUCKET LAST NIGHT", ["NANTUCKET"]),
    (PlaceRecognizer, "PT LIVES IN HINGHAM ALONE", ["HINGHAM"]),
    (PlaceRecognizer, "Mr. Leiva flew to LEPPEN on Tuesday morning.", ["LEPPEN"]),
    (PlaceRecognizer, "PT TRANSFERRED FROM CARNEY FOR CATH", ["CARNEY"]),
]
NEAR_MISSES = [
    (AddressBlockRecognizer, "neuro: a+o x 3 via daughter, russian speaking"),
    (AddressBlockRecognizer, "Given 2 Tylenol and 1 Colace this morning"),
    (AddressBlockRecognizer, "PT HAD 3 EPSIODES ST IN 130'S W/ DECREASE IN SBP. 2 PARK AVE"),
    (StreetAddressRecognizer, "redness at the corner of the mouth and nose; the corner of 2 and 3 o'clock"),
    (StreetAddressRecognizer, "Vent: AC, PS 10000 ml; TV 500, RR 14"),
    (AddressBlockRecognizer, "Esmolol started at 50mcg/kg/min at 0145, BP 120 80. HR 110 90. Lasix 100 20."),
    (AddressBlockRecognizer, "given 2 units, box 12. WBC 12,000. Na 140, Cr 1.2. Weight 80, Sodium 1.2000."),
    (PlaceRecognizer, "flew to the OR for repair; returned from CT at 1400"),
    (PlaceRecognizer, "lives in asisted living with wife."),
    (PlaceRecognizer, "pt transferred to MICU, returned from CATH LAB, sent to the PACU then went to TELEMETRY floor"),
    (PlaceRecognizer, "TRANSFERRED TO CHAIR. SENT TO FLOOR. RETURNED TO BED. TRANSFERRED TO HOUSE STAFF. D/C'D TO HOME"),
]


@pytest.mark.parametrize("cls,text,expected", CASES)
def test_when_address_shape_present_then_span_found(cls, text, expected):
    assert all(covers(cls(), text, e) for e in expected), found(cls(), text)


@pytest.mark.parametrize("cls,text", NEAR_MISSES)
def test_when_clinical_lookalike_then_no_address_found(cls, text):
    assert found(cls(), text) == []


def test_when_street_suffixes_loaded_then_us_and_british_forms_present():
    words = lexicons.street_suffixes()
    assert {"street", "close", "crossroad", "parade"} <= words and "the" not in words
