"""Table tests for the twelfth-round rules: a typist's initials after a signer, 'NOK' as a label and never a place,
and the forms of registration, insurance and telephone-encounter lines; each next to a look-alike that must stay
unmasked (all names invented)."""

import pytest

from corpus.deid.recognizers.en.cue_name_recognizer import CueNameRecognizer
from corpus.deid.recognizers.en.date_recognizer import DateRecognizer
from corpus.deid.recognizers.en.id_number_recognizer import IdNumberRecognizer
from corpus.deid.recognizers.en.place_recognizer import PlaceRecognizer
from corpus.deid.recognizers.en.street_address_recognizer import StreetAddressRecognizer
from tests.corpus.deid.recognizer_cases import found

CASES = [
    # After a signer's label or a signing verb, the typists' initials slash-joined to the signer's name or initials.
    (CueNameRecognizer, "Transcribed by: kz/tt", ["kz/tt"]),
    (CueNameRecognizer, "Dictated by: JQ/tt on 3/4", ["JQ/tt"]),
    (CueNameRecognizer, "Dictated by Ann Quorvath/kz", ["Ann Quorvath/kz"]),
    (CueNameRecognizer, "Signed by: Quorvath/tt/bw", ["Quorvath/tt/bw"]),
    # Registration and insurance labels, and the people in telephone encounters.
    (CueNameRecognizer, "Guarantor: Quorvath, 45 Weir Lane", ["Quorvath"]),
    (CueNameRecognizer, "Subscriber: Ingrid Opdahl (spouse)", ["Ingrid Opdahl"]),
    (CueNameRecognizer, "Voicemail from Brezhoni Esterhuizen, case manager.", ["Brezhoni Esterhuizen"]),
    (CueNameRecognizer, "ins verified with mbeki from aetna", ["mbeki"]),
    (CueNameRecognizer, "Telephone note: caller Ingrid Opdahl, relationship son", ["Ingrid Opdahl"]),
    (CueNameRecognizer, "claim WC-2069-004471, adjuster Taddeucci", ["Taddeucci"]),
    # Triage and consent: a proxy's label before a comma, a witness, research and EMS roles.
    (CueNameRecognizer, "Consent from pt's HCP, Ingrid Opdahl, by phone.", ["Ingrid Opdahl"]),
    (CueNameRecognizer, "Consent witnessed by Taddeucci RN.", ["Taddeucci"]),
    (CueNameRecognizer, "Research coordinator Quorvath reviewed eligibility.", ["Quorvath"]),
    (CueNameRecognizer, "Arrived by ambulance, medic Quorvath gave report.", ["Quorvath"]),
    (CueNameRecognizer, "PT'S PRIEST QUORVATH VISITED; rabbi Opdahl called.", ["Opdahl", "QUORVATH"]),
    (IdNumberRecognizer, "BIBA; EMS run # 2069-04-1177.", ["2069-04-1177"]),
    (IdNumberRecognizer, "Officer Quorvath, badge 4471.", ["4471"]),
    # After 'asked to be called', 'goes by', 'aka' any word outside the allow-list, in any case, even one letter from
    # a common word.
    (CueNameRecognizer, "pt asked to be called tamsin.", ["tamsin"]),
    (CueNameRecognizer, "PT PREFERS TO BE CALLED TAMSIN.", ["TAMSIN"]),
    # Insurance identifiers: prior authorisations (a state's code is no prefix to drop here), HICN and MBI.
    (IdNumberRecognizer, "Prior auth # PA-7731902 approved", ["7731902", "PA-7731902"]),  # the shape rule, then the label
    (IdNumberRecognizer, "HICN 012345678A", ["012345678A"]),
    (IdNumberRecognizer, "MBI: 1EG4-TE5-MK73", ["1EG4-TE5-MK73"]),
    (IdNumberRecognizer, "precert 44718-B on file", ["44718-B"]),
    # A street with an abbreviated suffix after a place word, in mixed case; a lower-case street after a payer's label.
    (StreetAddressRecognizer, "Rx sent to Walgreens on Elm St in Lowell.", ["Elm St"]),
    (StreetAddressRecognizer, "She lives on Grant Ave with her son.", ["Grant Ave"]),
    (StreetAddressRecognizer, "guarantor: quorvath, 45 weir lane, brantwood", ["45 weir lane, brantwood"]),
    (StreetAddressRecognizer, "pharmacy: cvs #4471, 12 main st, tewksbury", ["12 main st, tewksbury"]),
]
DATE_CASES = [
    # A weekday written onto a numeric date is part of it; alone, or before a saturation, it stays.
    ("TEE W ?CARDIOVERSION FRIDAY 9/17.", ["FRIDAY 9/17"]),
    ("last dialysis Tues 3/12.", ["Tues 3/12"]),
    ("seen Monday, 3/4/2069", ["Monday, 3/4/2069"]),
    ("sat 9/17 on RA; HD on Mon, Wed, Fri; on Tuesday morning", ["9/17"]),
]
LOOKALIKES = [
    # 'NOK' is the next-of-kin label, whatever GeoNames says.
    (PlaceRecognizer, "NOK: aware of plan. Nok aware."),
    (CueNameRecognizer, "Insured: self. Guarantor: same. Caller states pt is confused. Verified with pharmacy."),
    (CueNameRecognizer, "Claims adjuster notified; billing contact is the front desk."),
    (IdNumberRecognizer, "authorized 2 units; PA-C present"),
    (IdNumberRecognizer, "NS to run at 100/hr; badge reader broken; incident of 2 falls."),
    (CueNameRecognizer, "Pt goes by wheelchair to OR; asked to be called back; goes by ambulance."),
    (CueNameRecognizer, "Priest at bedside; rabbi called; imam visited."),
    (CueNameRecognizer, "HCP, son, aware. NOK, wife, at bedside; hcp, which is on chart. Witnessed by pt and wife."),
    # Sinus tachycardia is no street ('RX SENT TO CVS ON ELM ST.' is one since the twentieth round: a street with no
    # house number is read in any case when its suffix ends the phrase).
    (StreetAddressRecognizer, "HR 110s, ST on monitor, in ST at times. PT ON NEO ST 110S."),
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


@pytest.mark.parametrize(("text", "expected"), DATE_CASES)
def test_round12_weekday_when_written_onto_a_date_then_taken_with_it(text, expected):
    assert found(DateRecognizer(), text) == expected
