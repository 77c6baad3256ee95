"""Table tests for the ninth-round rules, written from the conventions of note genres the earlier probes lacked:
social work and discharge planning (roles before a name, '(liaison)', people present or visiting, more relatives,
towns after an agency or a street line, agencies and courts named by their town), holidays, procedure notes and
reports (care-team labels, 'performed by', 'with X assisting', pharmacies), admission histories (a name between
commas after a role, towns after a town word or a procedure), neonatal notes (baby boy X, MOB, parents) and
common-word names in a strong frame ('MR HILL IS A 72 YO'); each
next to a clinical look-alike that must stay unmasked (all names invented)."""

import pytest

from corpus.deid.engine import DeidEngine
from corpus.deid.recognizers.en.capitalised_name_recognizer import CapitalisedNameRecognizer
from corpus.deid.recognizers.en.cue_name_recognizer import CueNameRecognizer
from corpus.deid.recognizers.en.date_recognizer import DateRecognizer
from corpus.deid.recognizers.en.place_recognizer import PlaceRecognizer
from corpus.deid.recognizers.en.relative_name_recognizer import RelativeNameRecognizer
from corpus.deid.recognizers.en.street_address_recognizer import StreetAddressRecognizer
from tests.corpus.deid.recognizer_cases import found

CASES = [
    # A role title before the name, in any case.
    (CueNameRecognizer, "Chaplain Young visited and prayed with family.", ["Young"]),
    (CueNameRecognizer, "INTERPRETER BREZHONI PRESENT FOR THE MEETING.", ["BREZHONI"]),
    (CueNameRecognizer, "ct'd w/ pt's guardian, atty kravetzky, re: placement.", ["kravetzky"]),
    (CueNameRecognizer, "Plan d/w CM Price and family.", ["Price"]),
    (CueNameRecognizer, "referral sent; intake nurse Oluwaseun to see pt.", ["Oluwaseun"]),
    (CueNameRecognizer, "Case manager Haberstroh aware of admission.", ["Haberstroh"]),
    # A role in brackets after the name; a person present or visiting at the start of a clause.
    (CueNameRecognizer, "Screened for rehab by Opdahl (liaison) on 12/3.", ["Opdahl"]),
    (CueNameRecognizer, "Mbeki present for the family meeting.", ["Mbeki"]),
    (CueNameRecognizer, "Dmitri visited this evening.", ["Dmitri"]),
    # More relatives.
    (RelativeNameRecognizer, "Pt's grandniece Oluwaseun visits daily.", ["Oluwaseun"]),
    (RelativeNameRecognizer, "GRANDNEPHEW TADDEUCCI CALLED", ["TADDEUCCI"]),
    (RelativeNameRecognizer, "stepmother zamudio at bedside", ["zamudio"]),
    # A town after an agency or a place of care, in upper or lower case.
    (PlaceRecognizer, "REFERRAL FAXED TO ESTERHUIZEN REHAB IN KETTLEBY, BED OFFER PENDING", ["ESTERHUIZEN", "KETTLEBY"]),
    (PlaceRecognizer, "spoke with dmitri at elder services of brantwood; aware", ["brantwood"]),
    (PlaceRecognizer, "PT IS A RETIRED TEACHER FROM KETTLEBY; WIFE AT HOME.", ["KETTLEBY"]),
    # Agencies, programmes and courts named by their town or founder.
    (PlaceRecognizer, "VNA: KETTLEBY HOME HEALTH, CONTACT IN CHART", ["KETTLEBY"]),
    (PlaceRecognizer, "pt attends esterhuizen adult day health three days a week.", ["esterhuizen"]),
    (PlaceRecognizer, "MEALS ON WHEELS THROUGH THE BRANTWOOD COUNCIL ON AGING.", ["BRANTWOOD"]),
    (PlaceRecognizer, "guardianship hearing at kettleby probate court on 12/14.", ["kettleby"]),
    # The town after a street line.
    (StreetAddressRecognizer, "LIVES AT 12 KEVIN ROAD, ASHWICK FALLS, 2ND FLOOR WALK-UP.", ["12 KEVIN ROAD, ASHWICK FALLS"]),
    (StreetAddressRecognizer, "lives at 12 brezhoni road, port orrin, 2nd floor walk-up.", ["12 brezhoni road, port orrin"]),
    (StreetAddressRecognizer, "lives at 12 page road, kettleby.", ["12 page road, kettleby"]),
    (StreetAddressRecognizer, "home address: 45 hope rd, apt 3, brantwood.", ["45 hope rd, apt 3, brantwood", "apt 3"]),
    # Holidays name a calendar day.
    (DateRecognizer, "Home for Christmas, readmitted 12/28.", ["12/28", "Christmas"]),
    (DateRecognizer, "PT WANTS TO BE HOME BY THANKSGIVING", ["THANKSGIVING"]),
    (DateRecognizer, "fell on new year's eve; ed visit on memorial day", ["memorial day", "new year's eve"]),
    # Procedure notes and reports: care-team labels, 'X by' verbs, helpers, lists after a verb, pharmacies.
    (CueNameRecognizer, "Scrub: Oluwaseun   Circulator: Dmitri", ["Dmitri", "Oluwaseun"]),
    (CueNameRecognizer, "SONOGRAPHER: BROWN", ["BROWN"]),
    (CueNameRecognizer, "tech: rose, rrt", ["rose"]),
    (CueNameRecognizer, "Anesthesia: Esterhuizen/Brezhoni", ["Brezhoni", "Esterhuizen"]),
    (CueNameRecognizer, "Findings reviewed with Haberstroh, MD.", ["Haberstroh"]),
    (CueNameRecognizer, "Procedure performed by Frank Page with Bill assisting.", ["Bill", "Frank Page"]),
    (CueNameRecognizer, "Timeout performed with Quattlebaum, Esterhuizen and Haberstroh.",
     ["Esterhuizen", "Haberstroh", "Quattlebaum"]),
    (CueNameRecognizer, "ABG DRAWN BY BROWN (RT).", ["BROWN"]),
    (CueNameRecognizer, "Extubated by RT Mbeki per protocol.", ["Mbeki"]),
    (PlaceRecognizer, "Pt picks up meds at the Brown Pharmacy on Grant St.", ["Brown", "Grant"]),
    (PlaceRecognizer, "PT SEEN AT HABERSTROH URGENT CARE ON 3/2.", ["HABERSTROH"]),
    # Admission histories and transfers: a name between commas after a role, sponsors, towns after a town word or
    # a procedure, services and employers named by their town.
    (CueNameRecognizer, "Per her PCP, Brown, pt has been declining.", ["Brown"]),
    (CueNameRecognizer, "PMD: Quattlebaum Mbeki (617-555-0142)", ["Quattlebaum Mbeki"]),
    (RelativeNameRecognizer, "PT'S SPONSOR HABERSTROH VISITED.", ["HABERSTROH"]),
    (PlaceRecognizer, "pt works as a bus driver for the city of kettleby, retired", ["kettleby"]),
    (PlaceRecognizer, "PT SERVED IN THE NAVY, STATIONED AT KETTLEBY FOR 4 YEARS.", ["KETTLEBY"]),
    (PlaceRecognizer, "pt had a cabg at esterhuizen in 2004.", ["esterhuizen"]),
    (PlaceRecognizer, "pt was intubated in the field by brantwood paramedics.", ["brantwood"]),
    (PlaceRecognizer, "FLOWN IN BY WOOD MEDFLIGHT FROM DRACUT TODAY", ["DRACUT", "WOOD"]),
    (PlaceRecognizer, "Retired machinist, worked at Grant Manufacturing for 30 years.", ["Grant"]),
    (PlaceRecognizer, "Pt found down outside Price St station.", ["Price"]),
    # Neonatal and obstetric notes: the infant after 'baby boy' or 'twin A', parents, MOB / FOB, siblings, doulas.
    (CueNameRecognizer, "BABY BOY HILL IS A 32 WK PREEMIE, DOL 4.", ["HILL"]),
    (CueNameRecognizer, "twin a (hope) tolerating feeds 20 cc q3h.", ["hope"]),
    (CueNameRecognizer, "Mom plans to breastfeed; lactation consultant Frank following.", ["Frank"]),
    (RelativeNameRecognizer, "MOB ESTERHUIZEN CALLED FOR UPDATE AT 0300.", ["ESTERHUIZEN"]),
    (RelativeNameRecognizer, "Parents (Brown and Wood) updated by Dr. Long.", ["Brown", "Wood"]),
    (RelativeNameRecognizer, "infant's grandmother, kravetzky, visited with mom.", ["kravetzky"]),
    (RelativeNameRecognizer, "Mother of baby: Esterhuizen Zamudio, G2P1.", ["Esterhuizen Zamudio"]),
    (RelativeNameRecognizer, "sibling taddeucci (age 4) visited with dad.", ["taddeucci"]),
    # A common-word name in a strong frame: title + 'is a 72 yo', 'patient A B transferred', 'asked to be called'.
    (CueNameRecognizer, "MR HILL IS A 72 YO MAN WITH CHF.", ["HILL"]),
    (CueNameRecognizer, "PATIENT WOOD HOPE TRANSFERRED TO FLOOR.", ["WOOD HOPE"]),
    (CueNameRecognizer, "pt prefers to be called long.", ["long"]),
    (CueNameRecognizer, "PT ASKED TO BE CALLED PRICE.", ["PRICE"]),
    (CueNameRecognizer, "BROWN IS A 67 YO MAN ADMITTED WITH CHF.", ["BROWN"]),
    (CueNameRecognizer, "Hill (PT) worked w/ pt.", ["Hill"]),
    (CueNameRecognizer, "HILL FROM CARDIOLOGY RECOMMENDS HOLDING BB.", ["HILL"]),
    (CueNameRecognizer, 'PT STATES "I\'M HABERSTROH".', ["HABERSTROH"]),
    # Sign-offs: a dash or tilde before a name at the end of a line, 'X/RN', 'X, R.N.'.
    (CueNameRecognizer, "Will continue to monitor. - Brezhoni", ["Brezhoni"]),
    (CueNameRecognizer, "WILL UPDATE ONCOMING RN. -YOUNG GRANT", ["YOUNG GRANT"]),
    (CueNameRecognizer, "Care plan reviewed. ~Frank", ["Frank"]),
    (CueNameRecognizer, "Cont to monitor closely. Esterhuizen/RN", ["Esterhuizen"]),
    (CueNameRecognizer, "Family updated. Haberstroh, R.N.", ["Haberstroh"]),
    # Psychiatry, substance use and home care: officers, workers, sitters, PCAs, pastors; 'psychiatrist is X'.
    (CueNameRecognizer, "pt's probation officer kravetzky aware of admission.", ["kravetzky"]),
    (CueNameRecognizer, "DCF worker Price to visit tomorrow.", ["Price"]),
    (CueNameRecognizer, "SITTER DMITRI AT BEDSIDE FOR SAFETY.", ["DMITRI"]),
    (CueNameRecognizer, "Pt's outpatient psychiatrist is Brezhoni at Kettleby Mental Health.", ["Brezhoni"]),
    (PlaceRecognizer, "PT WAS AT ESTERHUIZEN DETOX IN KETTLEBY LAST MONTH.", ["ESTERHUIZEN", "KETTLEBY"]),
    (PlaceRecognizer, "PT SENT TO KETTLEBY STATE PRISON. TRANSFERRED FROM STATE COLLEGE.", ["KETTLEBY", "STATE",
                                                                                      "STATE COLLEGE"]),
]

LOOKALIKES = [
    (CueNameRecognizer, "Nurse aware of plan. Nurse manager notified. Nurse to nurse report given."),
    (CueNameRecognizer, "NURSE MGR AWARE OF INCIDENT. NURSE PRACTITIONER IN TO SEE PT."),
    (CueNameRecognizer, "Stage 2 ulcer 3 cm wide. ETT 22 cm at lip. CM aware of dispo. CM to follow up."),
    (CueNameRecognizer, "Edema present. BS present x4. Pulses present bilat. DP present. PT present."),
    (CueNameRecognizer, "Family visited. Wife visited today. OT visited. Chaplain visited. Daughters visited."),
    (CueNameRecognizer, "Interpreter present for exam. Interpreter services called. Portuguese interpreter used."),
    (CueNameRecognizer, "Atty present for meeting. Liaison to screen. Social worker following. Case manager aware."),
    (CueNameRecognizer, "HCP FORM ON CHART. HCP paperwork done."),
    (RelativeNameRecognizer, "Pt's grandnephew visited. Stepmother at bedside. Great-grandson born today."),
    (PlaceRecognizer, "Pt at rehab in SNF level. Seen in hospital in Afib. Referred to hospice in CMO status."),
    (PlaceRecognizer, "referral to vna for home services. set up with home health. followed by hospice."),
    (PlaceRecognizer, "pt attends day program. vna to see pt at home. on the home health list."),
    (PlaceRecognizer, "PT ATTENDS ADULT DAY HEALTH; REFERRAL TO THE HOSPICE; ON HOME HEALTH"),
    (DateRecognizer, "Pt in labor day 2 of induction; new year of school"),
    (CueNameRecognizer, "Tech: good quality study. Assistant: none. Reader: none. Consultant: cardiology. Therapist: PT."),
    (CueNameRecognizer, "Tech: difficult IV access. RT: sx'd for thick secretions. PCP: none. Scrub: chlorhexidine."),
    (CueNameRecognizer, "Results reviewed with pt and family. Read by radiology. Performed by IR. Drawn by lab."),
    (CueNameRecognizer, "PLACED BY HOUSE OFFICER. DONE BY NIGHT RN. Placed by Anesthesia. Read by Radiology."),
    (CueNameRecognizer, "Turned with suction assisting. Bathed with RT assisting. OOB with PT assisting."),
    (CueNameRecognizer, "Anesthesia: MAC/local. Anesthesia: GETA. ANESTHESIA: GA/ETT."),
    (CueNameRecognizer, "Lung sounds (RT) clear. Pain in leg (RT). Extubated by RT per protocol."),
    (CueNameRecognizer, "Spoke with Case Management and Social Work. TIMEOUT PERFORMED WITH TEAM, RN AND MD."),
    (CueNameRecognizer, "Spoke with pt and wife. Met with family and SW. Spoke with Pharmacy and Nutrition."),
    (PlaceRecognizer, "Seen at Urgent Care. Meds from the Hospital Pharmacy. Filled at the Outpatient Pharmacy."),
    (PlaceRecognizer, "s/p cabg, svg to dlad, lima to lad. Cath at bedside. Surgery at 0800."),
    (PlaceRecognizer, "Pt's city of residence unknown. Stationed at bedside. Office in am."),
    (PlaceRecognizer, "BROUGHT BY EMS PARAMEDICS. BROUGHT IN BY LOCAL POLICE. STAYS AT HOMELESS SHELTER."),
    (PlaceRecognizer, "brought in by police. transferred from the shelter. arrived via ambulance from home."),
    (CueNameRecognizer, "Per her PCP, who is aware, no changes. Seen by PCP, cardiology, and renal."),
    (CueNameRecognizer, "Case manager, SW, and PT following. Discussed with the therapist, PT, and family."),
    (RelativeNameRecognizer, "Her sponsor visited. Sponsor aware."),
    (CueNameRecognizer, "Pt on baby aspirin. Twin A tolerating feeds. Baby boy doing well. NNP aware. Doula present."),
    (CueNameRecognizer, "BABY BOY TOLERATING FEEDS WELL. TWIN A IN ISOLETTE. twin a/b both on cpap."),
    (RelativeNameRecognizer, "MOB aware of plan. FOB at bedside. Parents updated. Sibs x3, all well. Grandmother visited."),
    (RelativeNameRecognizer, "Pt's parents deceased. no sibs. mob notified. Mother of baby aware. Support person at bedside."),
    (CueNameRecognizer, "PT MORE ALERT, FOLLOWS COMMANDS. PT STILL CONFUSED, REORIENTED. PATIENT CARE ASSUMED AT 0700."),
    (CueNameRecognizer, "pt rose early, was oob to chair. PT WILL BE TRANSFERRED. pt tolerating well, no c/o."),
    (CueNameRecognizer, "pt known as a fall risk. goes by wheelchair to xray. Pt known as frequent flyer in ED."),
    (CueNameRecognizer, "ECHO: MR IS A 2+ JET. MILD MR IS A NEW FINDING."),
    (CueNameRecognizer, "PT HARD OF HEARING, USES AIDS. PATIENT GOOD SPIRITS, ADMITTED FROM HOME."),
    (CueNameRecognizer, "U/O REMAINS LOW MD AWARE. STRONG NP COUGH. Strong cough (PT). Good effort (OT)."),
    (CueNameRecognizer, "CALL FROM RENAL RE: HD. Consult from Cardiology pending. WORD FROM CARDIOLOGY: CATH IN AM."),
    (CueNameRecognizer, 'Pt states "I\'m tired". "I\'M SORRY," PT STATES. "I am in pain." "I\'m Catholic."'),
    (CueNameRecognizer, "Plan:\n- lasix\n- afeb\n- Neuro\n- cont abx"),
    (CueNameRecognizer, "PLAN:\n- CONT GTTS\n- WEAN\n- HOPE"),
    (CueNameRecognizer, "Will monitor. - stable. Goals met. - Will. vent settings unchanged. - peep. monitor lytes. -Mg"),
    (CueNameRecognizer, "BP 120/80 - HOLD. MD/RN aware. ICU/RN to follow."),
    (CueNameRecognizer, "Police officer at bedside. Case worker to follow. Sitter at bedside. PCA to assist with bath."),
    (CueNameRecognizer, "SITTER ORDERED FOR SAFETY. PCA ASSISTED WITH ADLS. Psychiatrist is aware. Therapist is following."),
    (PlaceRecognizer, "Pt in detox for 3 days. Referred to mental health. AT RECOVERY CENTER FOR 2 WKS."),
    (PlaceRecognizer, "PT SENT TO STATE PRISON IN 1999. pt was sent to county jail. transferred to state hospital."),
]


@pytest.mark.parametrize(("cls", "text", "expected"), CASES)
def test_round9_rule_when_identifier_planted_then_found(cls, text, expected):
    assert found(cls(), text) == expected


@pytest.mark.parametrize(("cls", "text"), LOOKALIKES)
def test_round9_rule_when_clinical_lookalike_then_nothing(cls, text):
    assert found(cls(), text) == []


@pytest.mark.parametrize("text", [
    "Lives at 12 Main St, with wife.",
    "12 oak rd, apt 3. lives at 4 elm st, no stairs.",
    "LIVES AT 12 MAIN ST, ALONE.",
    "LIVES AT 5 OAK ST, 3RD FLOOR.",
    "home address: 45 oak rd, apt 3, and lives with wife.",
])
def test_street_when_clause_follows_the_comma_then_it_is_not_a_town(text):
    assert all("," not in s for s in found(StreetAddressRecognizer(), text))


def test_place_when_common_surname_is_capitalised_before_a_place_word_then_found():
    # 'Park' and 'College' are gazetteer words the capitalised-place rule also takes; the names are what matters here
    found_ = found(PlaceRecognizer(), "Pt was found at Brown Park by police; is a student at Price College.")
    assert {"Brown", "Price"} <= set(found_)


@pytest.fixture(scope="module")
def engine():
    return DeidEngine.from_registry(languages=("en",))


@pytest.mark.parametrize("text", ["SW: Hope Young, LICSW, pager 4-7721", "Joan Page RN BSN, CCRN"])
def test_engine_when_credentials_follow_a_name_then_they_stay(engine, text):
    masked = " ".join(text[f.start:f.end] for f in engine.analyze(text, "en"))
    assert not any(c in masked for c in ("LICSW", "BSN", "CCRN")), masked


@pytest.mark.parametrize(("text", "expected"), [
    ("Dear Tamsin,", ["Tamsin"]),
    ("Dear Sir or Madam,", []),
    ("Hi Kevin, thanks.", ["Kevin"]),
])
def test_engine_when_a_letter_opens_then_only_the_addressee_is_masked(engine, text, expected):
    assert sorted({text[f.start:f.end] for f in engine.analyze(text, "en")}) == expected


def test_capitalised_rule_does_not_take_a_credential_for_a_name():
    assert found(CapitalisedNameRecognizer(), "Seen by Oluwaseun Mbeki, LICSW, this am.") == ["Mbeki", "Oluwaseun"]
