"""Tests for the seventeenth-round rules, written from twenty ICU, ward and cross-cover nursing genres (all names,
numbers and places invented)."""

import pytest

from corpus.deid.engine import DeidEngine
from corpus.deid.recognizers.en.cue_name_recognizer import CueNameRecognizer
from corpus.deid.recognizers.en.shorthand_name_recognizer import ShorthandNameRecognizer
from tests.corpus.deid.recognizer_cases import engine_spans as spans
from tests.corpus.deid.recognizer_cases import found


@pytest.fixture(scope="module")
def cue():
    return CueNameRecognizer()


@pytest.fixture(scope="module")
def engine():
    return DeidEngine.from_registry(languages=("en",))


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


@pytest.mark.parametrize(("text", "expected"), [
    # scales and devices named after people, read with their score; the same names stay names in a name's frame
    ("BRADEN 14, TURN Q2. MODIFIED RANKIN 4, BARTHEL 25. GCS 14", []),
    ("Modified Rankin 4, Barthel 25, Morse fall score 45, Ballard score 30.", []),
    ("SENGSTAKEN-BLAKEMORE TUBE PLACED. BLAKEMORE DEFLATED 0600.", []),
    ("seen by Dr Rankin. MR RANKIN IS A 72 YO MAN. wife Ballard at bs.", ["Rankin", "RANKIN", "Ballard"]),
    # strength out of five after a limb word and a gestation in sevenths are no dates; a clock time after 'called'
    ("R ARM 2/5, GRIP 4/5 BILAT, LE STRENGTH 3/5. 31 2/7 WK GA.", []),
    ("seen on 2/5 by ortho; born 1945", ["2/5", "1945"]),
    ("pt's wife Vukovich called 1945 from home", ["Vukovich"]),
])
def test_engine_when_a_scale_strength_gestation_or_clock_reading_then_no_phi(engine, text, expected):
    assert spans(engine, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # which nurse, not who; a doctor after a role, not a drive; a ward, not an address unit; a role, not a place
    ("DAY RN Kravetzky GIVEN REPORT @ 0700 AT BS.", ["Kravetzky"]),
    ("Report given to Kathy Day RN at 0700.", ["Kathy Day"]),
    ("NOT GIVEN D/T PLT 38 PER ATTG DR Esterhuizen.", ["Esterhuizen"]),
    ("left msg, to call back unit 6W.", []),
    ("lives at 12 Elm St, Unit 6W, Lowell; apt 6w", ["12 Elm St, Unit 6W, Lowell", "apt 6w"]),
    ("declined shelter referral from SW Taddeucci.", ["Taddeucci"]),
    # relatives: a common word is no listed name, an in-law is no name, the relation before the name is stepped over
    ("HCP IS NIECE Brezhoni, FORM ON CHART.", ["Brezhoni"]),
    ("SONS ROSE + LONG IN TO VISIT", ["ROSE", "LONG"]),
    ("SOCIAL: DTR Esterhuizen AND SIL IN @ 2300", ["Esterhuizen"]),
    ("PT'S SISTER YOUNG AND BIL GRANT IN, ASKING ABOUT LIST.", ["YOUNG", "GRANT"]),
    ("HCP NEPHEW Wood CONSENTED BY PHONE", ["Wood"]),
    # shorthand of the callback log is no name
    ("SBAR CALLED TO PA Brezhoni RE: CALF. CALLED BY Esterhuizen, RECVD BY Quattlebaum RN", ["Brezhoni", "Esterhuizen",
                                                                                             "Quattlebaum"]),
])
def test_engine_when_ward_shorthand_stands_next_to_a_name_then_only_the_name_found(engine, text, expected):
    assert spans(engine, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # equipment numbers after an asset, ticket, work-order, console or controller label are device identifiers
    ("HILL-ROM BED ASSET TAG 004521.", ["004521"]),
    ("ordered via ticket INC0087412, delivered", ["INC0087412"]),
    ("WORK ORDER WO-56112 ENTERED. BACKUP CONTROLLER HM3-C-11087 AT BS.", ["WO-56112", "HM3-C-11087"]),
    ("Glucometer GM-7N-04 failed QC; wheelchair (tag WC-4410); CONSOLE CARD-2207 FLOWS 4.1L.",
     ["GM-7N-04", "WC-4410", "CARD-2207"]),
    # readings and counts after the same words are not
    ("glucometer 110 at 0600; PT PULLED AT TAG 2X; CONTROLLER 5 AMP", []),
])
def test_engine_when_equipment_carries_a_labelled_number_then_found(engine, text, expected):
    assert spans(engine, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # an uncommon name (or a capitalised one in mixed case) before where patients live or are sent; the keyword
    # stays outside the span
    ("PT WAS AT Haberstroh GARDENS SNF", ["Haberstroh"]),
    ("SUPPORTED APT THROUGH MBEKI HOUSING", ["MBEKI"]),
    ("HX HOME VENT VIA Esterhuizen HOME RESPIRATORY", ["Esterhuizen"]),
    ("2ND CHOICE Brantwood LTAC. D/C HOME W/ F/U Kettleby COUNSELING.", ["Brantwood", "Kettleby"]),
    ("Accepted at Fairhollow Behavioral Health pending insurance.", ["Fairhollow Behavioral Health"]),  # a firm's name
    # everyday words before the same keywords name nothing
    ("D/C TO SNF. NEEDS SNF. REHAB VS SNF. SCREENED FOR LTAC. at the family shelter. HOMELESS SHELTER. senior housing. "
     "outpt physical therapy. SENIOR APTS.", []),
])
def test_engine_when_a_residence_or_home_service_keyword_follows_a_name_then_the_name_found(engine, text, expected):
    assert spans(engine, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a clause opening on an uncommon name, then the patient's state
    ("Brezhoni TREMULOUS, DIAPHORETIC, PICKING AT AIR", ["Brezhoni"]),
    ("ESTERHUIZEN RESTLESS OVERNIGHT. HR 110.", ["ESTERHUIZEN"]),
    ("Pt restless. Neuro alert. Pateint confused. SLEEPING WELL. Resp tolerating. Family asking.", []),
    # a month-day with a hyphen after a test, an operation or an illness, or as the next date of a list
    ("DVT R LE PER DUPLEX 7-21, L BKA 7-19, HAD UTI 6-30, HX DTS 2-03", ["7-21", "7-19", "6-30", "2-03"]),
    ("PT MISSED VISITS 6/12 AND 6-26. HX OD 12/03 & 4-05", ["6/12", "6-26", "12/03", "4-05"]),
    ("on 2-4L, x 3-4 episodes, 1-2 tabs, HR 70-80, RR 12-20, PEEP 5-10, CAGE 4/4", []),
])
def test_engine_when_a_patient_opens_a_clause_or_a_dated_event_then_found(engine, text, expected):
    assert spans(engine, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # services before a bracket, one or two name words in it; a role or service after the name; more titles
    ("SEEN BY MFM (Haberstroh) AND ANESTHESIA (Brezhoni Taddeucci)", ["Haberstroh", "Brezhoni Taddeucci"]),
    ("SEEN BY PAIN SERVICE (Brown Wood), RECOMMENDS TORADOL", ["Brown Wood"]),
    ("eGFR 38 - nephrology (Haberstroh) ok'd contrast", ["Haberstroh"]),
    ("SHEATH PULLED @ 2015 BY Esterhuizen (CATH LAB RN). STARTED BY Kravetzky (RENAL).", ["Esterhuizen", "Kravetzky"]),
    ("@ 0600 Brezhoni FROM RT IN FOR VEST. EVAL BY Opdahl FROM SW.", ["Brezhoni", "Opdahl"]),
    ("PRECEPTOR Zamudio, SN Vukovich. TRAVELER Mbeki ARRIVED. PER CNS Quattlebaum, ORIENTEE OK.",
     ["Zamudio", "Vukovich", "Mbeki", "Quattlebaum"]),
    # what brackets after the same words usually hold
    ("AMB W/ PT (ROLLING WALKER). NEURO (PUPILS EQUAL); ANESTHESIA (EPIDURAL PLACED); RENAL (FOLLOWING)", []),
    ("SN 13C40771 LOCKED. STUDENT NURSE IN.", ["13C40771"]),
])
def test_engine_when_a_service_or_role_stands_next_to_a_name_then_found(engine, text, expected):
    assert spans(engine, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # scales, tests and signs named after people, read with what follows them; the same names stay names elsewhere
    ("MADDREY DF 34. GLASGOW 14 (E4V4M6). ALLEN TEST POS. HOFFMANN + R. ROMBERG NOT TESTED.", []),
    ("SHEEHAN'S SYNDROME. WAGNER GR 3. SIMPSON GRADE 1. IVC filter (Cook Celect). ACCU-CHEK 212.", []),
    ("seen by Dr Allen. MR GLASGOW IS A 72 YO. wife Simpson at bs. moved from Glasgow.",
     ["Allen", "GLASGOW", "Simpson", "Glasgow"]),
])
def test_engine_when_an_eponym_is_read_with_its_score_or_sign_then_no_name(engine, text, expected):
    assert spans(engine, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # an uncommon name ending the clause after 'by' (a known one already did)
    ("band applied by Brezhoni; 2nd specimen by Zamudio per BB policy.", ["Brezhoni", "Zamudio"]),
    ("INCIDENT REPORT FILED BY MBEKI. REATTEMPT @ 0900 BY Esterhuizen, SUCCESSFUL.", ["Esterhuizen", "MBEKI"]),
    # methods, carriers, roles, words broken by a line end and hospital acronyms after 'by'
    ("confirmed by carevue. by afterno\non it cleared. arrived by medflight. INR BY FINGERSTICK, FOUND BY AIDE.", []),
])
def test_shorthand_when_an_uncommon_name_ends_the_clause_after_by_then_found(text, expected):
    assert found(ShorthandNameRecognizer(), text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("0915 LM FOR Kravetzky @ 978-555-0161 TO CALL", ["Kravetzky", "978-555-0161"]),
    ("CNA Esterhuizen/Quattlebaum ASSISTED W/ HOYER. Anesthesia CRNA Brezhoni/Dr Mbeki.",
     ["Esterhuizen", "Quattlebaum", "Brezhoni", "Mbeki"]),
    ("AM LABS DRAWN BY PHLEB HILL @ 0530: LAVENDER, GOLD TOP.", ["HILL"]),
    ("HOME INFUSION: CEDARLINE INFUSION TO DELIVER VANCO", ["CEDARLINE"]),
    ("PROPOFOL INFUSION @ 20. heparin infusion. HOME INFUSION. VNA TO SEE. needs home care. PT/OT EVALS.", []),
])
def test_engine_when_a_phone_log_staff_pair_or_home_service_names_someone_then_found(engine, text, expected):
    assert spans(engine, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # form labels before 'SURNAME, FIRST'; square brackets as round ones; more services and titles
    ("ALIAS ON FILE: Esterhuizen, Quattlebaum (MAIDEN). MERGED MRN", ["Esterhuizen", "Quattlebaum"]),
    ("RESPONSIBLE PARTY: Brezhoni Zamudio (SON)", ["Brezhoni Zamudio"]),
    ("PULM FELLOW [Esterhuizen] NOTIFIED. WOCN (Opdahl) ROUNDED.", ["Esterhuizen", "Opdahl"]),
    ("PALLIATIVE (TADDEUCCI) FOLLOWING. ANES (Kravetzky) AWARE. MBEKI (INTENSIVIST) AT BS.",
     ["TADDEUCCI", "Kravetzky", "MBEKI"]),
    ("PHARMD KRAVETZKY ADJUSTED. RT Haberstroh TO CHECK. CALLED ON-CALL Vukovich. REG CLERK Opdahl: NEW PHONE",
     ["KRAVETZKY", "Haberstroh", "Vukovich", "Opdahl"]),
    ("RT ARM 4/5, RT SIDE, RT IJ, RT FEM SHEATH, RT AWARE, UNABLE TO GET RT DP. [CONSULT] [PENDING]", []),
    # an event's day after its verb; ranges after other verbs are no dates
    ("DEMOGRAPHICS UPDATED 7-22 BY CLERK. OSH: ADMITTED 7-18 WITH CAP, INTUBATED 7-19.", ["7-22", "7-18", "7-19"]),
    ("INCREASED 5-10, WEANED 2-4, TITRATED 10-20 MCG, VOMITED 2-3 TIMES, INCREASED 10-15, DECREASED 12-14", []),
])
def test_engine_when_labels_brackets_titles_and_event_verbs_of_the_third_batch_then_found(engine, text, expected):
    assert spans(engine, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # scales and signs named after people and places, read with their sign, form or numeral
    ("DENVER II NORMAL. WONG-BAKER 4 FACES. Vanderbilt forms sent home. Miranda rights read.", []),
    ("PHALEN'S +, TINEL'S SIGN. no Greenfield filter. WADDELL SIGNS 0/5", []),
    ("moved from Denver. wife Miranda at bs.", ["Denver", "Miranda"]),
    # schools named after someone; licence and member numbers; a building after a street
    ("4th grade at Quattlebaum Elementary; PT FROM Brezhoni ACADEMY; COMMUNITY COLLEGE; HIGH SCHOOL",
     ["Quattlebaum", "Brezhoni"]),
    ("ID CHECKED (DL S123-4567-8901). member XYK440918273. MEMBER OF CHURCH", ["S123-4567-8901", "XYK440918273"]),
    ("EXPOSURE AT 1200 RIVER RD BLDG 4, LOWELL", ["1200 RIVER RD BLDG 4, LOWELL"]),
])
def test_engine_when_eponym_scales_schools_and_numbers_of_the_third_batch_then_read_right(engine, text, expected):
    assert spans(engine, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # ward shorthand is no name after 'by' or before a credential; a course's day and an arrival time are no dates
    ("SUN DAY SHIFT: NO ROUNDS BY ATTG, FELLOW IN", []),
    ("SAT NOC RN Hope -> SUN DAY RN Young: PT WEANED", ["Hope", "Young"]),
    ("VERBAL SIGNOUT BY FLOAT RN Wood: PT ON HEPARIN", ["Wood"]),
    ("WOUND CARE RN Brezhoni IN", ["Brezhoni"]),
    ("FATHER EN ROUTE, ETA 2000. LEVAQUIN DAY 5/7. TEE FRIDAY 9/17. scheduled today 11/19.", ["FRIDAY 9/17", "11/19"]),
    # an uncommon name closing the text after 'by'; a role in brackets after a name
    ("MICU SIGNOUT GIVEN BY Brezhoni", ["Brezhoni"]),
    ("SIGNOUT FROM KRAVETZKY (FRI HO) TO BREZHONI (SAT HO): F/U AM K", ["KRAVETZKY", "BREZHONI"]),
    ("FR Opdahl FROM Taddeucci PARISH VISITED. WORKED AT Mbeki MILLS. PAPER MILLS. #8 BIVONA.",
     ["Opdahl", "Taddeucci", "Mbeki MILLS"]),  # the place rule reads 'Mbeki Mills' as a village's name
])
def test_engine_when_the_charting_style_batch_lines_then_found_and_shorthand_kept(engine, text, expected):
    assert spans(engine, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # eponyms of manoeuvres, classes, rules, drains and rings read with what follows them, or after a French size
    ("Kocher maneuver. Pringle maneuver 12 min. TOKYO GRADE II. FORREST CLASS IIA. OTTAWA RULES NEG.", []),
    ("CAMERON LESIONS. Roux-en-Y. Camino bolt. Carpentier ring 30. LEVINE SIGN. BRUCE PROTOCOL. Kerley B lines.", []),
    ("Drains: 19 Fr Blake to bulb. 20G Huber needle. Pfannenstiel incision. SCHATZKI RING.", []),
    ("seen by Dr Blake. moved to Tokyo. wife Cameron at bs. MR LEVINE IS 72. FR Opdahl VISITED.",
     ["Blake", "Tokyo", "Cameron", "LEVINE", "Opdahl"]),
    # extensions typed onto an x; OR team labels and titles; brackets after health services; a stress test's day
    ("page Rose (ortho PA) at x5512. PATH NOTIFIED AT X2218. NS x 1000 ml. x4 doses", ["Rose", "x5512", "X2218"]),
    ("SURG: Marguerite. ASSIST: Oluwaseun. SURGEON X, ASST PRICE, ANES BROWN, PERFUSION HOPE.",
     ["Marguerite", "Oluwaseun", "PRICE", "BROWN", "HOPE"]),
    ("EMPLOYEE HEALTH (Taddeucci) NOTIFIED. INFECTION CONTROL (HILL) D/C'D. ELDER SVCS (Mbeki).",
     ["Taddeucci", "HILL", "Mbeki"]),
    ("stress mibi 11-01: small fixed defect", ["11-01"]),
])
def test_engine_when_the_narrative_and_prose_batch_lines_then_read_right(engine, text, expected):
    assert spans(engine, text) == expected
