"""Table tests for the seventh-round rules, written from nursing-note conventions rather than from any labelled
set: names before a contact verb or a credential, after 'report from', 'msg left for' and a case manager, in
brackets after a service, before a bracketed kinship word or as the owner of a relative ('Frank's wife'); and the
clinical look-alikes they must leave alone (all names invented)."""

import pytest

from corpus.deid.recognizers.en.age_recognizer import AgeRecognizer
from corpus.deid.recognizers.en.cue_name_recognizer import CueNameRecognizer
from corpus.deid.recognizers.en.date_recognizer import DateRecognizer
from corpus.deid.recognizers.en.hospital_recognizer import HospitalRecognizer
from corpus.deid.recognizers.en.phone_recognizer import PhoneRecognizer
from corpus.deid.recognizers.en.place_recognizer import PlaceRecognizer
from corpus.deid.recognizers.en.relative_name_recognizer import RelativeNameRecognizer
from corpus.deid.recognizers.en.street_address_recognizer import StreetAddressRecognizer
from tests.corpus.deid.recognizer_cases import found


CASES = [
    (CueNameRecognizer, "Plan per Haberstroh.", ["Haberstroh"]),
    (CueNameRecognizer, "PLAN PER HABERSTROH, NO CHANGES", ["HABERSTROH"]),
    (CueNameRecognizer, "Rec'd report from Kravetzky, pt resting.", ["Kravetzky"]),
    (CueNameRecognizer, "Case mgr Oluwaseun following for rehab.", ["Oluwaseun"]),
    (CueNameRecognizer, "Social work (Taddeucci) consulted.", ["Taddeucci"]),
    (CueNameRecognizer, "Esterhuizen NP in to see pt.", ["Esterhuizen"]),
    (CueNameRecognizer, "ROSE NP IN TO SEE PT", ["ROSE"]),
    (CueNameRecognizer, "dmitri rn covering for break; oluwaseun, np aware", ["dmitri", "oluwaseun"]),
    (CueNameRecognizer, "Bill from cardiology recommends holding BB.", ["Bill"]),
    (CueNameRecognizer, "K 3.2. Dmitri aware, repleted.", ["Dmitri"]),
    (CueNameRecognizer, "Emergency contact Grant, cell in chart.", ["Grant"]),
    (CueNameRecognizer, "Coverage: Mbeki", ["Mbeki"]),
    (CueNameRecognizer, "Plan discussed at length with Brown and family.", ["Brown"]),
    (CueNameRecognizer, "Msg left for Frank to call back.", ["Frank"]),
    (CueNameRecognizer, "Called Zamudio (ID fellow) re: abx.", ["Zamudio"]),
    (CueNameRecognizer, "Kravetzky from the blood bank called with results.", ["Kravetzky"]),
    (CueNameRecognizer, "PT'S CARDIOLOGIST IS MBEKI.", ["MBEKI"]),
    (CueNameRecognizer, "RN Marguerite covering. CALLED HO BREZHONI RE: BP", ["BREZHONI", "Marguerite"]),
    (CueNameRecognizer, "PER ATTENDING ROSE, CONT ABX.", ["ROSE"]),
    (CueNameRecognizer, "Call placed to Brezhoni, no answer.", ["Brezhoni"]),
    (CueNameRecognizer, "Brezhoni/Mbeki aware of hypotension.", ["Brezhoni", "Mbeki"]),
    (CueNameRecognizer, "MD'S LONG/WOOD AWARE", ["LONG", "WOOD"]),
    (CueNameRecognizer, "RN: Brezhoni\nMD: KRAVETZKY OPDAHL", ["Brezhoni", "KRAVETZKY OPDAHL"]),
    (CueNameRecognizer, "Called by Price from lab with critical K.", ["Price"]),
    (CueNameRecognizer, "Esterhuizen RNC", ["Esterhuizen"]),
    (CueNameRecognizer, "PT, ESTERHUIZEN BREZHONI, ADMITTED FROM ED", ["ESTERHUIZEN BREZHONI"]),
    (CueNameRecognizer, "PT (KNOWN AS KRAVETZKY) REFUSING MEDS. PT ANSWERS TO OLUWASEUN.", ["KRAVETZKY", "OLUWASEUN"]),
    (CueNameRecognizer, "Frank RN BSN", ["Frank"]),
    (CueNameRecognizer, "PAGED HILL RE: LOW UO. SPOKE WITH GREEN", ["GREEN", "HILL"]),
    (CueNameRecognizer, "LEFT MESSAGE WITH ESTERHUIZEN RE: MEETING", ["ESTERHUIZEN"]),
    (CueNameRecognizer, "Care assumed by Oluwaseun at 1900.", ["Oluwaseun"]),
    (CueNameRecognizer, "Kravetzky (PT) worked w/ pt.", ["Kravetzky"]),
    (CueNameRecognizer, "Mbeki is a 67 yo man admitted with CHF.", ["Mbeki"]),
    (CueNameRecognizer, "PER FAMILY (TADDEUCCI), PT WAS CONFUSED AT HOME", ["TADDEUCCI"]),
    (RelativeNameRecognizer, "Hill (daughter) updated by phone.", ["Hill"]),
    (RelativeNameRecognizer, "Brezhoni's wife called at 2200.", ["Brezhoni"]),
    (RelativeNameRecognizer, "Pt's significant other Opdahl at bedside.", ["Opdahl"]),
    (RelativeNameRecognizer, "DAUGHTER IN LAW TADDEUCCI CALLED. PT'S GODSON HOPE IS THE HCP.", ["HOPE", "TADDEUCCI"]),
    (RelativeNameRecognizer, "Kravetzky, the pt's daughter, visited. Caregiver Esterhuizen from home called.",
     ["Esterhuizen", "Kravetzky"]),
    (PlaceRecognizer, "MED FLIGHT FROM ASHWICK FALLS TO HERE.", ["ASHWICK FALLS"]),
    (PlaceRecognizer, "pt flown in from Mt. Kelsoby yesterday", ["Mt. Kelsoby"]),
    (PlaceRecognizer, "PT FLOWN IN FROM FORT WALLACEBY", ["FORT WALLACEBY"]),
    (PlaceRecognizer, "PT LIVES ALONE IN APT ON ESTERHUIZEN AVE", ["ESTERHUIZEN"]),
    (PlaceRecognizer, "RETIRED TEACHER AT HILL HIGH SCHOOL, GOES TO TADDEUCCI CHURCH", ["HILL", "TADDEUCCI"]),
    (HospitalRecognizer, "DIALYSIS AT BREZHONI DIALYSIS CENTER MWF", ["BREZHONI"]),
    (StreetAddressRecognizer, "pt lives at 12 brezhoni st with wife", ["12 brezhoni st"]),
    (AgeRecognizer, "Pt is ninety-two years old.", ["ninety-two"]),
    (AgeRecognizer, "ONE HUNDRED AND ONE YO F", ["ONE HUNDRED AND ONE"]),
    (PhoneRecognizer, "Beeper #4567, ext. 1234 for questions", ["1234", "4567"]),
    (DateRecognizer, "Admitted on the 14th for sepsis.", ["14th"]),
    (DateRecognizer, "Last BM 3-12. Appt 4-2 with cards", ["3-12", "4-2"]),
]

LOOKALIKES = [
    (CueNameRecognizer, "Insulin gtt titrated per fingersticks 1-2u/hr."),
    (CueNameRecognizer, "wife called overnoc for an update"),
    (CueNameRecognizer, "CHF, recently d/c'd from CCU after aggressive diuresis"),
    (CueNameRecognizer, "CHARGE RN aware. MICU RN following."),
    (CueNameRecognizer, "charge rn aware, float rn here, pacu rn called, night rn, the np, primary rn updated"),
    (CueNameRecognizer, "Renal following, cards aware. Family aware and in agreement."),
    (CueNameRecognizer, "Emergency contact information in chart."),
    (CueNameRecognizer, "PLAN PER PROTOCOL. PER NSG NOTE"),
    (CueNameRecognizer, "ett secured at the 23 cm mark. ADM FROM CATH LAB IN CRITICAL CONDITION"),
    (CueNameRecognizer, "RN staff aware. HO ON CALL. Resident physician notified, SW consult placed."),
    (CueNameRecognizer, "RLL PNX (PT HAD BEEN GETTING ABX). COARSE BREATHSOUNDS (PT IS A SMOKER)"),
    (CueNameRecognizer, "SPOKE WITH HOUSE OFFICER. PAGED WHITE TEAM. SEEN BY PAIN SERVICE. D/W BLOOD BANK"),
    (CueNameRecognizer, "HEPARIN/INTEGRILIN AWARE. N/V aware. A/O x3. MD AWARE OF BP/HR. PT/OT FOLLOWING. cards/renal aware"),
    (CueNameRecognizer, "RN: no changes. MD: aware. Nurse: pt resting. Pt called by daughter"),
    (CueNameRecognizer, "PT ALERT ORIENTED, FOLLOWS COMMANDS. PT VERY ANXIOUS, ATIVAN GIVEN. PT DENIES PAIN, SOB"),
    (CueNameRecognizer, "Pt is a 67 yo man. This is a 45 y/o woman. He was a 50 year old. Call from lab re: K"),
    (RelativeNameRecognizer, "Pt's wife called. Patient's son aware."),
    (RelativeNameRecognizer, "WIFE IS A CCU NURSE,SISTER AT BEDSIDE. FAMILY ALL IN, SON CALLED"),
    (RelativeNameRecognizer, "S/O: Pleasant, cooperative.\nS/O PLS SEE CAREVIEW"),
    (RelativeNameRecognizer, "Caregiver from home called. POA paperwork in chart. Lawyer called re: HCP."),
    (PlaceRecognizer, "transferred to the floor. Fluid in the lungs, north of the hilum"),
    (PlaceRecognizer, "HR 110 IN ST. PT ON PRESSURE SUPPORT. WENT BACK TO HIGH SCHOOL. WALKED IN THE PARK"),
    (HospitalRecognizer, "HD at the dialysis unit, goes to the cancer center next week"),
    (StreetAddressRecognizer, "home on 2 l nc, lives with 3 cats, home dose 40 mg po daily"),
    (AgeRecognizer, "ninety minutes later; pt is eighty-nine years old"),
    (PhoneRecognizer, "MAE, knee extension 5/5, paged at 2130"),
    (DateRecognizer, "on the 2nd attempt, to the 4th floor"),
    (DateRecognizer, "stopped 2-3 days ago, started 1-2 L NC, BM x 2-3"),
]


@pytest.mark.parametrize(("cls", "text", "expected"), CASES)
def test_round7_rule_when_identifier_planted_then_found(cls, text, expected):
    assert found(cls(), text) == sorted(expected)


@pytest.mark.parametrize(("cls", "text"), LOOKALIKES)
def test_round7_rule_when_clinical_lookalike_then_nothing(cls, text):
    assert found(cls(), text) == []


CLEAN_LINES = [
    "Pt on Levophed 0.1 mcg/kg/min, weaned to 0.05 overnight. Neo gtt off at 0300.",
    "Zosyn and Vanco started; Flagyl d/c'd. BS coarse bilat, sx for thick tan secretions via ETT.",
    "Swan in place, CO 4.2, CI 2.1, SVR 1100. Hickman site c/d/i, dsg changed.",
    "Pleurovac to -20 sx, no air leak noted. Pt placed on Kinair bed for skin.",
    "Ambu at bedside, suction set up. Wound VAC to sacrum at 125mmHg continuous.",
    "Renal following, Ophtho aware, OMFS notified, Podiatry consulted, Hospitalist aware.",
    "Lines: R IJ TLC, L radial A-line, PIV x2. Vent: AC 500 x 14, PEEP 5, FiO2 40%.",
    "CPAP 5/5 trial this am, RSBI 45. Trop 0.12, CK 340, MB 12.",
]


@pytest.fixture(scope="module")
def engine():
    from corpus.deid.engine import DeidEngine

    return DeidEngine.from_registry(languages=("en",))


@pytest.mark.parametrize("text", CLEAN_LINES + [t.upper() for t in CLEAN_LINES])
def test_engine_when_clinical_line_without_phi_then_nothing_found(engine, text):
    assert [text[f.start:f.end] for f in engine.analyze(text, "en")] == []
