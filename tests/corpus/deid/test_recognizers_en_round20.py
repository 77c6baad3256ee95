"""Tests for the twentieth-round rules, written from the misses of twenty new probe genres (sets I and J: community
and ward notes, pages and secure chat); all names, numbers and places invented."""

import pytest

from corpus.deid.engine import DeidEngine
from tests.corpus.deid.recognizer_cases import engine_spans as spans


@pytest.fixture(scope="module")
def engine():
    return DeidEngine.from_registry(languages=("en",))

STREETS_FOUND = [
    ("LIVES OFF QUARRY RD W/ DTR", "QUARRY RD"),
    ("job site on summer st in dracut on 7/21", "summer st"),
    ("PT DIRECTED TO MAIN ST DOOR", "MAIN ST"),
    ("MOB LIVES W/ HER MOTHER OFF WYMAN ST. CAR SEAT CHECK", "WYMAN ST"),
    ("pt moved to dtr's on old county rd in town", "old county rd"),
    ("RX SENT TO CVS ON ELM ST.", "ELM ST"),
    ("MVA ON ROUTE 1A LAST WK", "ROUTE 1A"),
    ("lives off rte 2, key under mat", "rte 2"),
    ("stuck on Route 9, eta 1300.", "Route 9"),
    ("neighbor on birch st says she fell", "birch st"),
    ("lives off mill rd, kids check daily", "mill rd"),
    ("corner of mill rd and depot st, yellow house", "depot st"),
    ("OFF PINE HILL RD.", "PINE HILL RD"),
    ("pt lives on taddeucci terrace with her cat.", "taddeucci terrace"),
    ("0930 Kim - Elm St by church, insulin.", "Elm St"),
    ("2) Wood, Water St apt over barber, foley", "Water St"),
    ("found by police near Elm and Main.", "Elm and Main"),
    ("lost near elm and main. lights out 2305.", "elm and main"),
    ("Lives alone near Elm and Water, 2nd fl.", "Elm and Water"),
]
STREETS_LEFT = [
    ("PT ON NEO ST 110S", "NEO ST"),
    ("remains on tele st.", "tele st"),
    ("fell on icy road.", "icy road"),
    ("HR 90S AT REST ST IN 120S WITH ACTIVITY", "REST ST"),
    ("med route 2 mg po", "route 2"),
    ("remains on tele st w/ pvcs", "tele st"),
    ("on lasix, st elevation resolved", "lasix"),
    ("Tele strip, Sinus St 110s.", "Sinus"),
    ("PT VERY RESTLESS AT TIMES AND UNABLE TO GET COMFORTABLE.", "TIMES"),
    ("near front and back of the unit.", "front"),
    ("pain at hip and knee.", "hip"),
]


@pytest.mark.parametrize(("text", "span"), STREETS_FOUND)
def test_engine_finds_a_street_with_no_house_number_in_any_case(engine, text, span):
    assert span in spans(engine, text)


@pytest.mark.parametrize(("text", "span"), STREETS_LEFT)
def test_engine_reads_a_rhythm_a_road_description_or_a_dose_route_as_no_street(engine, text, span):
    assert not any(span.split()[0] in s for s in spans(engine, text))


@pytest.mark.parametrize(("text", "expected"), [
    # after an agent word and a role title, a known name that goes on into a preposition
    ("CALLED TO BEDSIDE @ 0312 BY RN HILL FOR UNRESPONSIVE PT.", ["HILL"]),
    ("picc pulled by rn price at home, tip intact.", ["price"]),
    ("tx to stepdown. rpt to rn wood on 6w.", ["wood"]),
    ("SPOKE TO CM PRICE AT THE VNA RE: RECERT.", ["PRICE"]),
    # which nurse, or what the title did, not who
    ("CALLED TO BEDSIDE BY RN STAFF FOR PT.", []),
    ("handed off to day rn at 0700.", []),
    ("lines checked by rn on admission.", []),
])
def test_engine_when_an_agent_word_and_a_title_come_before_a_known_name_then_it_is_a_name(engine, text, expected):
    assert spans(engine, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # one word between a relation and what the relative did is her name, in any case, even when it is also a word
    ("1115 DTR EMBER CALLED, STUCK IN TRAFFIC.", ["EMBER"]),
    ("dtr ember called re d/c time.", ["ember"]),
    ("FAMILY IN WAITING RM - WIFE MARIGOLD + 2 SONS.", ["MARIGOLD"]),
    ("nursemaid's elbow, mom oriel at bs.", ["oriel"]),
    # how the relative was, an adverb, a role, or a firm's name
    ("SON ALSO CALLED.", []),
    ("wife finally called back.", []),
    ("dtr hcp called.", []),
    ("WIFE UPSET AT BS.", []),
    ("son updated at bs.", []),
    ("hr contact at the & sons construction wants a note.", []),
])
def test_engine_when_one_word_stands_between_a_relation_and_its_verb_then_it_is_her_name(engine, text, expected):
    assert spans(engine, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a half or three quarters is a day before a clock time, before the date it runs to, or after a past verb
    ("r- bcx x2 3/4 1320 pending.", ["3/4"]),
    ("3/4 2200 waiting rm closed, family sent home.", ["3/4"]),
    ("pt auth for PT, 3/4 - 4/4, 3x/wk.", ["3/4", "4/4"]),
    ("HOME, DNR/DNI, MOLST SIGNED 3/4.", ["3/4"]),
    ("derm saw 3/4 for rash, bx sent.", ["3/4"]),
    # amounts, ranges of fractions and scores stay
    ("ate 3/4 of tray.", []),
    ("crackles 1/3-1/2 up bilat.", []),
    ("given 1/2 1000 ml bolus.", []),
    ("strength 4/5, pain 3/10.", []),
    # after a test or a common word that takes no amount, before a stop, a preposition or a bracket
    ("home safety eval 3/4 at pt's home.", ["3/4"]),
    ("S/P TF TAVR 3/4 (26MM SAPIEN).", ["3/4"]),
    ("LKW PER WIFE: 3/4 @ 2200.", ["3/4"]),
    ("fall down stairs 3/4 at home.", ["3/4"]),
    ("continues on IVF D5 1/2 at 75/hr.", []),
    ("PT TOOK 1/2.", []),
    ("given lasix 1/2.", []),
    ("transfer to quartermain 2/3.", ["quartermain"]),
])
def test_engine_when_a_fraction_shaped_day_has_a_time_a_range_or_a_past_verb_then_it_is_a_date(engine, text, expected):
    assert spans(engine, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # the patient after a room, bed or chair number, after 'pls see', after an age and sex, as pages put it
    ("FYI rm 9 Hill, unwitnessed fall, no head strike.", ["Hill"]),
    ("BED 2 GRANT HR 140S AFIB RVR, ON TELE.", ["GRANT"]),
    ("pls see brezhoni in 12, bp 84/50 after lasix.", ["brezhoni"]),
    ("78M ROSE COMING TO 6W-14, CHF EXAC.", ["ROSE"]),
    ("S- 54F Grant w/ urosepsis, bp 92/58.", ["Grant"]),
    ("CHAIR 1 YOUNG, CHAIR 3 GRANT, CHAIR 5 ROSE.", ["YOUNG", "GRANT", "ROSE"]),
    # what else those frames hold
    ("rm 9 call light on, answered.", []),
    ("BED 2 PT WOKE, BACK ASLEEP.", []),
    ("pls see above.", []),
    ("78M W/ CHF, 54F HTN, DM.", []),
    ("BED 12 READY. BED 9 WEST.", []),
    ("2 heavy pts (rm 8 ciwa, rm 9 1:1).", []),
    # after 'family of', before a call-back extension, before the patient's age
    ("overhead page for family of Price to sicu front desk", ["Price"]),
    ("cb Grant x4412 re night staffing.", ["Grant", "x4412"]),
    ("PT FRANK 95 YO, ALONE OFF QUARRY RD.", ["FRANK", "95", "QUARRY RD"]),
    ("family of 4, lives in a shelter.", []),
    ("pt mentating 80 yo baseline.", []),
    # before the bed or room, at a line's start or after 'fyi', 're' or 'on'
    ("Brezhoni bed 2 k 3.2 pls replete 40 po.", ["Brezhoni"]),
    ("FYI Hill in 4 left unit, security aware.", ["Hill"]),
    ("CALLED BY DR ROSE RE: GRANT BED 6, OK TO D/C ART LINE.", ["ROSE", "GRANT"]),
    ("RE: LABS IN 2 HRS.", []),
    ("HALL BED 2: PT WAITING FOR A BED UPSTAIRS.", []),
    ("ON TELE IN 12.", []),
    # two known names joined, then what the two of them did
    ("ASSIST RM 14 @ 0215, BROWN + LONG USED HOYER TO LIFT PT.", ["BROWN", "LONG"]),
    ("hope and bill responded to the rrt.", ["hope", "bill"]),
    ("PT AND OT ASSISTED.", []),
    ("WIFE AND SON CALLED.", []),
    ("BLOOD AND URINE CHECKED.", []),
])
def test_engine_when_a_page_names_a_patient_after_a_room_a_request_or_an_age_then_it_is_found(engine, text, expected):
    assert spans(engine, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # more of what a relative named right after the relation does, and her surname between
    ("sister ember at 978-555-0101.", ["ember", "978-555-0101"]),
    ("DTR EMBER, POA ON FILE.", ["EMBER"]),
    ("pt's dtr ember helping w/ meds.", ["ember"]),
    ("SISTER ORIEL FROM KETTLEBY.", ["ORIEL", "KETTLEBY"]),
    ("WIFE MARIGOLD AND SON AT BS.", ["MARIGOLD"]),
    ("DTR EMBER HILL CALLED.", ["EMBER HILL"]),
    ("mom reachable at 603-555-0122.", ["603-555-0122"]),
    ("SON WILL CALL BACK.", []),
    ("wife home and son at bs.", []),
    ("barrier: dtr ember lives in kettleby.", ["ember", "kettleby"]),
    ("w/ dtr ember & son at bs.", ["ember"]),
    ("his sister oriel - she drives him.", ["oriel"]),
    ("dtr ember (hcp) 508-555-0162.", ["ember", "508-555-0162"]),
    ("wife lives in town.", []),
    ("son also has copd.", []),
    ("son & dtr at bs.", []),
])
def test_engine_when_a_relative_is_named_before_more_of_what_she_did_then_it_is_found(engine, text, expected):
    assert spans(engine, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # one known name or uncommon word between 'pt' and what the patient said or did
    ("Pt Marguerite states ate ham at her daughter's.", ["Marguerite"]),
    ("PT LONG REFUSED MASK AFTER 0400.", ["LONG"]),
    ("PT HILL NOT HOME; DOOR TAG LEFT.", ["HILL"]),
    ("pt oluwaseun asks for a ride home.", ["oluwaseun"]),
    # an adverb, a relation, a role or a state
    ("pt also states pain 5/10.", []),
    ("PT FAMILY ASKS FOR UPDATE.", []),
    ("pt tearfully states she is scared.", []),
    ("pt wife states he slept.", []),
    ("PT STILL REFUSES.", []),
])
def test_engine_when_one_word_stands_between_pt_and_what_the_patient_did_then_it_is_a_name(engine, text, expected):
    assert spans(engine, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # an age over 89 after a relative's two-word name, or between 'pt' and a comma
    ("Pt's mother Eulalie Long, 94, lives w/ pt.", ["Eulalie Long", "94"]),
    ("Pt 94, SOI 3 / ROM 4.", ["94"]),
    # a prothrombin time and a heart rate
    ("PT 94, PTT 150, INR 9.", []),
    ("HR 94, BP 120/60.", []),
])
def test_engine_when_an_age_over_89_follows_a_relatives_name_or_pt_and_a_comma_then_it_is_found(engine, text, expected):
    assert spans(engine, text) == expected
