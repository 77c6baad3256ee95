"""Tests for the seventeenth-round rules, written from twenty ICU, ward and cross-cover nursing genres (all names,
numbers and places invented)."""

import pytest

from corpus.deid.recognizers.en.cue_name_recognizer import CueNameRecognizer
from tests.corpus.deid.recognizer_cases import found


@pytest.fixture(scope="module")
def cue():
    return CueNameRecognizer()


@pytest.mark.parametrize(("text", "expected"), [
    # short ward titles before a name: night float, resident, attending, pharmacy, biomed, wound nurse, unit clerk
    ("WEAN PER PROTOCOL. NF BREZHONI WANTS ABG AFTER 2 HRS CPAP.", ["BREZHONI"]),
    ("UPDATED BY RES Kravetzky. WENT HOME.", ["Kravetzky"]),
    ("PARENTS UPDATED BY ATTG Opdahl.", ["Opdahl"]),
    ("PHARM Zamudio CALLED: VANC TROUGH 31", ["Zamudio"]),
    ("BIOMED Haberstroh IN @ 1030 TO CHECK BED SCALE", ["Haberstroh"]),
    ("G-TUBE SITE RED. WOC Esterhuizen CONSULTED.", ["Esterhuizen"]),
    ("CRISIS TEAM CLINICIAN Vukovich EVALUATED", ["Vukovich"]),
    ("GAVE SBAR TO CROSS-COVER Taddeucci RE: HGB", ["Taddeucci"]),
    # a title does not swallow the title after it: the name after the second one is found
    ("COBEDDING DISCUSSED W/ CHARGE RN Quattlebaum.", ["Quattlebaum"]),
    ("PTT >150 CALLED BY LAB TECH Mbeki, GTT HELD", ["Mbeki"]),
    ("MEDS RECONCILED W/ PHARM D HILL. PT ALSO GETS MAIL ORDER", ["HILL"]),
    # ward words after these titles name no one
    ("NF AWARE, LAB DRAWN, PHARM TO REDOSE, CHARGE RN NOTIFIED, RES TEAM IN, WOC RN CONSULTED.", []),
    ("lab hct 27, lab values pending, charge nurse aware, endo following", []),
])
def test_cue_when_a_short_ward_title_comes_before_a_name_then_found(cue, text, expected):
    assert found(cue, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a service before a bracketed name, a bracketed role after one
    ("L FOOT COOL. VASC SURG (Brezhoni) AWARE.", ["Brezhoni"]),
    ("MICRO (Esterhuizen) CALLED: C DIFF TOXIN POSITIVE.", ["Esterhuizen"]),
    ("HEPATOLOGY (Kravetzky) FOLLOWING, MELD 31.", ["Kravetzky"]),
    ("TRACH CHANGED BY ENT (Opdahl) @ 1100", ["Opdahl"]),
    ("WOUND VAC CHANGED BY Haberstroh (WOUND RN), 125MMHG", ["Haberstroh"]),
    ("TICKET PUT IN, Zamudio (BIOMED) TO PICK UP TOMORROW.", ["Zamudio"]),
    # what such brackets usually hold is no name
    ("VASC SURG (CONSULT) AWARE. MICRO (BLOOD CX) CALLED. ENT (FLEX SCOPE) DONE. RIGHT (WOUND RN AWARE)", []),
])
def test_cue_when_a_bracket_holds_a_name_after_a_service_or_a_role_after_a_name_then_found(cue, text, expected):
    assert found(cue, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("CRITICAL VALUE: HGB 6.4 RECEIVED FROM Vukovich (HEME LAB) 0235", ["Vukovich"]),
    ("CRIT INR 7.8 RECVD FROM Taddeucci @ LAB", ["Taddeucci"]),
    ("NF EVENT NOTE: PAGED BY KRAVETZKY FOR AGITATION.", ["KRAVETZKY"]),
    ("ASSESSMENT DONE BY Brezhoni @ 2000.", ["Brezhoni"]),
    ("PER SBAR FROM Esterhuizen (ED RN) PT HAS SITTER", ["Esterhuizen"]),
    # units, shorthand and methods after the same verbs
    ("RECEIVED FROM PACU. received from OR. C.I. 2.07 (done by thermodilution). PAGED BY LAB.", []),
])
def test_cue_when_a_callback_or_handoff_verb_comes_before_a_name_then_found(cue, text, expected):
    assert found(cue, text) == expected
