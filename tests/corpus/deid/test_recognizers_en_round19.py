"""Tests for the nineteenth-round rules, written from the misses of twenty new probe genres (outpatient, administrative
and ward notes); all names, numbers and places invented."""

import pytest

from corpus.deid.engine import DeidEngine
from tests.corpus.deid.recognizer_cases import engine_spans as spans


@pytest.fixture(scope="module")
def engine():
    return DeidEngine.from_registry(languages=("en",))


@pytest.mark.parametrize(("text", "expected"), [
    # a lower-case credential names the one word between it and a preposition, a common word included
    ("wound vac changed by wood rn, 125mmhg cont.", ["wood"]),
    ("pt bedded on 7 west, report given to hill rn @ 2210.", ["hill"]),
    ("assumed care @ 2300 from brown, rn. pt resting quietly.", ["brown"]),
    ("metformin held x48h post contrast per wood, pharmd.", ["wood"]),
    ("stress test supervised by hill, np.", ["hill"]),
    # which nurse, not who
    ("report given to day rn at 0700.", []),
    ("flushed by iv rn, + blood return.", []),
    ("ok to eat per renal md.", []),
    ("comfort kit opened per on-call rn, pt comfortable.", []),
])
def test_engine_when_a_lower_case_credential_follows_one_word_then_that_word_is_a_name(engine, text, expected):
    assert spans(engine, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a role title, one word, then what the person did: the word is a name even when it is a common word
    ("RN HILL WITNESSED OR CONSENT.", ["HILL"]),
    ("tech wood drew labs at 0600.", ["wood"]),
    ("CM PAGE FAXED REFERRAL TO REHAB.", ["PAGE"]),
    ("cards fellow page notified.", ["page"]),
    ("perfusionist hill checked balloon @ 0200.", ["hill"]),
    ("PHARMACIST PRICE REVIEWED VANCO DOSING.", ["PRICE"]),
    ("BED TECH LONG PICKED UP BROKEN BED.", ["LONG"]),
    # a thing handled, a page placed, an on-call list
    ("RN page placed to MD re: K 5.9.", []),
    ("ANESTHESIA LINE PLACED, TRANSDUCED.", []),
    ("BIOMED PUMP CHECKED, OK TO USE.", []),
    ("ON CALL LIST UPDATED FOR WEEKEND.", []),
])
def test_engine_when_a_role_title_and_one_word_come_before_a_staff_verb_then_the_word_is_a_name(engine, text, expected):
    assert spans(engine, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a naming frame gives the quoted word as a name, a common word included
    ('Pt goes by "Buzz"; dad coaches hockey.', ["Buzz"]),
    ('PT GOES BY "CHIP". AOX3.', ["CHIP"]),
    ('pt prefers to be called "bud".', ["bud"]),
    ('nicknamed "Tuck" by his team.', ["Tuck"]),
    # after 'prefers' or 'he calls', a name word only
    ('PT PREFERS "SUNNY".', ["SUNNY"]),
    ('lives with his wife, who he calls "Bunny".', ["Bunny"]),
    ('Pt prefers "quiet" at night, lights dimmed.', []),
    ('pt states "ok" and goes by "the book".', []),
    ('PT CALLS IT "THE SHAKES".', []),
])
def test_engine_when_a_name_is_given_in_quotes_then_the_quoted_name_is_found(engine, text, expected):
    assert spans(engine, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # grades, questionnaire scores and counts out of a total
    ("Heart RRR, 2/6 SEM at LUSB.", []),
    ("MURMUR 2/6, RADIAL 2/4, DP 1/4 BILAT.", []),
    ("PHQ-9 11/27, GAD-7 9/21; f/u 4 wks.", []),
    ("compliance 4/7 nights, missed 2/7 doses last wk.", []),
    ("TOCO: CTX Q4-6 MIN, PT RATES 3/10.", []),
    # the same shapes where they are dates
    ("angina 3/10 since admission on 2/27.", ["2/27"]),
    ("Seen in clinic 3/10 by Dr. Hill.", ["3/10", "Hill"]),
    ("PT 2/4 eval done, cont POC.", ["2/4"]),
])
def test_engine_when_a_grade_or_count_looks_like_a_date_then_it_is_kept(engine, text, expected):
    assert spans(engine, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # an unknown word ending its clause after 'in' or 'from' is a town, in capitals too
    ("LIVED W/ DTR PAGE IN KETTLEBY. DTR CANNOT PROVIDE 24H CARE.", ["PAGE", "KETTLEBY"]),
    ("PCP DR BREZHONI IN KETTLEBY, CARDIOLOGIST VUKOVICH AT MARBLEHEAD HEART.",
     ["BREZHONI", "KETTLEBY", "VUKOVICH", "MARBLEHEAD"]),
    ("Sister Bettina in Brantwood updated by Dr Hill.", ["Bettina", "Brantwood", "Hill"]),
    # and the next town of a list
    ("sw set up conference call w/ sibs in tewksbury, kettleby and haiti.", ["tewksbury", "kettleby", "haiti"]),
    # a rhythm, a typo, a vendor and bed rest are no towns
    ("CARDIAC: REMAINS IN A-FIB, RATE CONTROLLED.", []),
    ("she has only noted bleeding from hemrroids.", []),
    ("c/o lower back ache from bedrest, better w/ tylenol.", []),
    ("BIV ICD INTERROGATED BY REP FROM MEDTRONIC, NO SHOCKS.", []),
])
def test_engine_when_an_unknown_word_ends_its_clause_after_in_or_from_then_it_is_a_town(engine, text, expected):
    assert spans(engine, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # an uncommon word after 'PT': the patient or the physical therapist
    ("ED HOLDING 3: PT MBEKI (ED RM 4) ASSIGNED 17A.", ["MBEKI"]),
    ("dangled at eob w/ pt esterhuizen, c/o dizziness.", ["esterhuizen"]),
    ("PAIN CLINIC NOTE: PT Oluwaseun, MRN 00412278.", ["Oluwaseun", "00412278"]),
    # clinical prose outside the word list, and typos
    ("U/O DROP OFF SLIGHTLY, PT MENTATING, DENIES C/O.", []),
    ("During bronch pt desaturated to 90%.", []),
    ("Right DP, PT, and left PT dopplerable.", []),
    ("PT IS HARD OF HEARING. PT DEINES ANY PAIN.", []),
])
def test_engine_when_an_uncommon_word_follows_pt_then_it_is_a_name(engine, text, expected):
    assert spans(engine, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # roles of the house: supervisor, housekeeping, couriers, floats, transport, tutors
    ("TELE-SITTER CAM PER SUP BREZHONI.", ["BREZHONI"]),
    ("EVS Dmitri cleaned rm 12 w/ bleach.", ["Dmitri"]),
    ("STAFFING SENDING FLOAT TADDEUCCI FROM 6 SOUTH.", ["TADDEUCCI"]),
    ("specimen picked up by courier haberstroh @ 1400.", ["haberstroh"]),
    # how, not who
    ("Transferred from jail by transport van; officer at bedside.", []),
    ("SUP AWARE, FLOAT POOL EMPTY.", []),
])
def test_engine_when_a_house_role_comes_before_a_name_then_the_name_is_found(engine, text, expected):
    assert spans(engine, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a town's or an owner's business or service
    ("ARRIVED VIA KETTLEBY FIRE, MEDIC AT BS.", ["KETTLEBY"]),
    ("F/U AT KETTLEBY CARDIOLOGY ASSOC 8/2.", ["KETTLEBY", "8/2"]),
    ("WORKS AT BRANTWOOD SAND & GRAVEL.", ["BRANTWOOD"]),
    ("car repaired at kettleby auto body.", ["kettleby"]),
    ("labs drawn at Hope Labs on Tuesday.", ["Hope"]),
    # a service or a game, not a business
    ("F/U AT RENAL CARDIOLOGY.", []),
    ("SMOKE INHALATION FROM HOUSE FIRE.", []),
    ("kitchen fire at home, burns to hands.", []),
])
def test_engine_when_a_town_or_owner_names_a_business_then_the_name_is_found(engine, text, expected):
    assert spans(engine, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a known name ending the clause after a role title, in lower case and after the weaker titles too
    ("picc placed by iv rn hill.", ["hill"]),
    ("ekg done by tech wood, no changes.", ["wood"]),
    ("TRANSPLANT LISTED, MELD 24. SW PRICE.", ["PRICE"]),
    # a pool, a list and a side are not people
    ("1 MORE RN FROM FLOAT POOL @ 1900.", []),
    ("not on visitor list, security called.", []),
    ("RT SIDE WEAK, LT SIDE STRONG.", []),
])
def test_engine_when_a_known_name_ends_the_clause_after_a_role_then_it_is_found(engine, text, expected):
    assert spans(engine, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a physician assistant before a name
    ("PA Young saw pt, agrees w/ plan.", ["Young"]),
    ("per pa long. cxr neg.", ["long"]),
    # the pulmonary artery
    ("RT IJ PA LINE INSERTED, PA NUMBERS STABLE.", []),
    ("Pa line placed by team.", []),
])
def test_engine_when_pa_is_a_physician_assistant_then_the_name_after_it_is_found(engine, text, expected):
    assert spans(engine, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # after 'spoke to', 'signed out to': a lower-case known name with a place or time after it
    ("spoke to long at the lab re: hemolyzed sample.", ["long"]),
    ("signed out to young @ 0700, pt sleeping.", ["young"]),
    ("spoke to hope in cath lab control room.", ["hope"]),
    # a family, a service
    ("spoke to family at bedside.", []),
    ("spoke with pharmacy re: dosing.", []),
])
def test_engine_when_a_lower_case_known_name_is_met_somewhere_then_it_is_found(engine, text, expected):
    assert spans(engine, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a login in brackets, a second serial after a side, a spaced tracking number, a receipt
    ("Break-the-glass access (user jdolan4) to chart flagged.", ["jdolan4"]),
    ("Fit bilat Oticon, serials 2311C4417 (R) / 2311C4418 (L).", ["2311C4417", "2311C4418"]),
    ("samples shipped on dry ice, airbill 7730 4418 2291.", ["7730 4418 2291"]),
    ("pt paid cash, receipt RC-88014.", ["RC-88014"]),
    # a user in brackets with no digit, brands and manoeuvres
    ("note cosigned (user pending).", []),
    ("HEIMLICH VALVE TO CHEST TUBE, BARBEAU TYPE A.", []),
])
def test_engine_when_a_login_tracking_or_listed_serial_then_it_is_an_identifier(engine, text, expected):
    assert spans(engine, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a phone label after a relative's name, a review nurse, days of a week
    ("ride home = neighbor Clover Opdahl, ph 508-555-0144.", ["Clover Opdahl", "508-555-0144"]),
    ("AUTH FOR 2 NIGHTS, UR RN Esterhuizen WANTS CLINICALS.", ["Esterhuizen"]),
    ("green veg ~ 3/7 days; diary 6/7 days complete.", []),
    # a two-letter first name in a relatives' list stays
    ("SONS ROSE, AL AND LONG AT BEDSIDE.", ["ROSE", "AL", "LONG"]),
])
def test_engine_when_a_label_or_review_word_sits_by_a_name_then_only_the_name_is_masked(engine, text, expected):
    assert spans(engine, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a half or three quarters as a day: heading findings, or after an event word with no amount after it
    ("DM foot exam 3/4: monofilament intact.", ["3/4"]),
    ("foley placed 3/4, draining well.", ["3/4"]),
    # amounts
    ("ate 1/2 of meal.", []),
    ("given for 1/2 hr.", []),
    ("seen for 3/4 inch laceration.", []),
    ("took 1/2 tab at hs.", []),
])
def test_engine_when_a_fraction_shaped_day_heads_findings_or_follows_an_event_then_it_is_a_date(engine, text, expected):
    assert spans(engine, text) == expected
