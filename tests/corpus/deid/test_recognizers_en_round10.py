"""Table tests for the tenth-round rules, written from the conventions of date-shifted research extracts and
discharge summaries (i2b2-style letters): years moved decades ahead, form headers, subject lines, dictation
initials, a licence with its issuing state; each next to a clinical look-alike that must stay unmasked (all names invented)."""

import pytest

from corpus.deid.engine import DeidEngine
from corpus.deid.recognizers.en.address_block_recognizer import AddressBlockRecognizer
from corpus.deid.recognizers.en.cue_name_recognizer import CueNameRecognizer
from corpus.deid.recognizers.en.date_recognizer import DateRecognizer
from corpus.deid.recognizers.en.hospital_recognizer import HospitalRecognizer
from corpus.deid.recognizers.en.id_number_recognizer import IdNumberRecognizer
from corpus.deid.recognizers.en.place_recognizer import PlaceRecognizer
from corpus.deid.recognizers.en.relative_name_recognizer import RelativeNameRecognizer
from corpus.deid.recognizers.en.signature_name_recognizer import SignatureNameRecognizer
from tests.corpus.deid.recognizer_cases import found

CASES = [
    # Years 2060-2099 cannot be clock times (minutes stop at 59): shifted corpora write them alone.
    (DateRecognizer, "Colonoscopy in 2078 was normal.", ["2078"]),
    (DateRecognizer, "s/p CABG in 2075, PCI 2079.", ["2075", "2079"]),
    (DateRecognizer, "Mammogram (2081): negative. On insulin since 2069.", ["2069", "2081"]),
    (DateRecognizer, "Quit smoking in mid-2080.", ["2080"]),
    (DateRecognizer, "Hospitalized 2071-2073 for TB.", ["2071-2073"]),
    (DateRecognizer, "HE WAS ADMITTED TO HALLORAN MEMORIAL HOSPITAL IN 2067.", ["2067"]),
    # A history list's year before a colon: no clock time has minutes of 60 or more.
    (DateRecognizer, "PSH:\n2075: CABG\n1975: appendectomy", ["1975", "2075"]),
    # A form's header before a date is no place; the date after it is still found.
    (DateRecognizer, "Admission Date: 04/02/2069   Discharge Date: 04/07/2069", ["04/02/2069", "04/07/2069"]),
    # A name after a label keeps its credential out of the list of names that may follow.
    (CueNameRecognizer, "Referring physician: Brezhoni, M.D.", ["Brezhoni"]),
    (CueNameRecognizer, "Visitors: Dmitri, Oluwaseun and Brezhoni", ["Brezhoni", "Dmitri", "Oluwaseun"]),
    # A letter's subject line in capitals: 'Surname, First' after 'RE:' alone on its line.
    (CueNameRecognizer, "RE: MBEKI, ESTERHUIZEN\nSEEN IN CLINIC TODAY.", ["MBEKI, ESTERHUIZEN"]),
    (CueNameRecognizer, "RE: HILL, HOPE", ["HILL, HOPE"]),
    # A significant other after 'S/O' when a presence phrase follows, in any case.
    (RelativeNameRecognizer, "S/O Mbeki at bedside.", ["Mbeki"]),
    (RelativeNameRecognizer, "S/O MBEKI AT BEDSIDE.", ["MBEKI"]),
    (RelativeNameRecognizer, "S/O Hill Young in to visit.", ["Hill Young"]),
    # After a name label, the first name after the comma, even a common word in capitals.
    (CueNameRecognizer, "NAME: PRICE, YOUNG", ["PRICE", "YOUNG"]),
    (CueNameRecognizer, "NAME: PRICE, RN", ["PRICE"]),
    (CueNameRecognizer, "Patient name: Mbeki, Dmitri J.  DOB 3/4/51", ["Dmitri J", "Mbeki"]),
    # In capitals, a known name before "'S WIFE" is the owner's name.
    (RelativeNameRecognizer, "HILL'S WIFE CALLED.", ["HILL"]),
    (RelativeNameRecognizer, "BROWN'S DAUGHTER AT BEDSIDE", ["BROWN"]),
    # Dictation initials alone on the last lines of a letter: the author's and the typists'.
    (SignatureNameRecognizer, "Sincerely,\nXavier Quinn, MD\n\nXQ/ks\n", ["XQ", "Xavier Quinn", "ks"]),
    (SignatureNameRecognizer, "cc: file\nJMR/blt/dw\n", ["JMR", "blt", "dw"]),
    # Two name words joined by 'and' before a facility word name one place.
    (HospitalRecognizer, "She was seen at Brigham and Women's Hospital last year.", ["Brigham and Women's"]),
    # The town a visiting-nurse agency comes from.
    (PlaceRecognizer, "VNA FROM KETTLEBY TO FOLLOW AT HOME.", ["KETTLEBY"]),
    (PlaceRecognizer, "vna from kettleby to follow at home.", ["kettleby"]),
    # A licence number with its issuing state's code.
    (IdNumberRecognizer, "License # NH 4821-77", ["NH 4821-77"]),
    (IdNumberRecognizer, "driver's license MA S12345678", ["MA S12345678"]),
    (IdNumberRecognizer, "driver's license # nh 4821-77 on file.", ["nh 4821-77"]),
    (IdNumberRecognizer, "license plate NY 4KX-228", ["NY 4KX-228"]),
]

LOOKALIKES = [
    # Clock times and amounts stay numbers.
    (DateRecognizer, "at 2045 pt agitated. 1900-2000 shift. BW 2085 grams. UO 2075 cc. UO 2060-2080 cc."),
    (DateRecognizer, "2045: pt restless\n1930: pt restless\nat 2000: vss"),
    # 'Date' is a GeoNames place, but a capitalised field label before a colon is none.
    (PlaceRecognizer, "Admission Date: 04/02/2069   Discharge Date: 04/07/2069\nRecord Date: 2069-04-07"),
    # 'RE:' before clinical words is 'regarding', not a letter's subject.
    (CueNameRecognizer, "RE: BP, HR\nRE: LASIX, K\nRE: PAIN, NAUSEA\nCALLED HO RE: BP, WILL RECHECK"),
    # 'S/O' opening the Subjective/Objective section, or before the patient, family or a finding.
    (RelativeNameRecognizer, "S/O: PT RESTLESS AT BEDSIDE\nS/O PT AT BEDSIDE\nS/O FAMILY AT BEDSIDE\nS/O NEURO INTACT, AWARE"),
    # The patient, staff or another relation before "'S WIFE" is no name.
    (RelativeNameRecognizer, "PT'S WIFE CALLED. NEIGHBOR'S SON CALLED. FRIEND'S WIFE VISITED. MD'S WIFE."),
    # Roles, routes and tubes on their own line are no initials.
    (SignatureNameRecognizer, "IV/po\nMD/rn\nHR/bp\nNG/og\n"),
    # 'ID: TM 101' is an infectious-disease line with a Tmax, not an identifier with an issuer.
    (IdNumberRecognizer, "ID: TM 101, DOWN TO 98.8 THIS AFTERNOON. ID: IN 101. License in 2019 renewed."),
    # A care level after the agency: 'VNA IN AM'.
    (PlaceRecognizer, "VNA IN AM. VNA TO FOLLOW."),
    # A lower-case common word before a four-digit year is prose, not a town and its postcode.
    (AddressBlockRecognizer, "Influenza vaccine fall 2080. Tetanus booster spring 2079."),
    # 'and' between a clinical word and a facility word joins nothing.
    (HospitalRecognizer, "sent to rehab and nursing home"),
]


@pytest.mark.parametrize(("cls", "text", "expected"), CASES)
def test_round10_rule_when_identifier_planted_then_found(cls, text, expected):
    assert found(cls(), text) == expected


@pytest.mark.parametrize(("cls", "text"), LOOKALIKES)
def test_round10_rule_when_clinical_lookalike_then_nothing(cls, text):
    assert found(cls(), text) == []


def test_place_when_a_town_ends_a_sentence_before_a_colon_then_still_found():
    # only a label at a line's or a column's start is refused; 'moved to Reading:' in prose keeps its town
    assert "Reading" in found(PlaceRecognizer(), "She moved to Reading: 3 years ago.")


def test_address_when_capitalised_town_before_four_digit_postcode_then_found():
    assert found(AddressBlockRecognizer(), "Lives in Bjert 6091 with wife.") == ["6091"]


@pytest.fixture(scope="module")
def engine():
    return DeidEngine.from_registry(languages=("en",))


def test_engine_when_shifted_discharge_summary_then_every_identifier_masked(engine):
    text = ("Record date: 2081-03-14\nAdmission Date: 02/17/2080   Discharge Date: 02/21/2080\n"
            "Ms. Villegas was admitted to Brigham and Women's Hospital in 2079; CHF dx 2074.\n"
            "Referring physician: Okonkwo, M.D.\n\nMAK/tgr\n")
    spans = {text[f.start : f.end] for f in engine.analyze(text, "en")}
    for phi in ("2081-03-14", "02/17/2080", "02/21/2080", "Villegas", "Brigham and Women's", "2079", "2074", "Okonkwo",
                "MAK", "tgr"):
        assert phi in spans, phi
    assert not spans & {"Date", "M.D", "Admission", "Discharge", "Record"}
