"""Tests for the sixteenth-round rules, written from twenty outpatient, report and clinic note genres (all names,
numbers and places invented)."""

import pytest

from corpus.deid.engine import DeidEngine
from corpus.deid.recognizers.en.cue_name_recognizer import CueNameRecognizer
from corpus.deid.recognizers.en.id_number_recognizer import IdNumberRecognizer
from corpus.deid.recognizers.en.organization_recognizer import OrganizationRecognizer
from tests.corpus.deid.recognizer_cases import found


@pytest.fixture(scope="module")
def engine():
    return DeidEngine.from_registry(languages=("en",))


def typed(engine, text: str) -> list[tuple[str, str]]:
    """(text, entity type) of every merged finding."""
    return [(text[f.start : f.end], f.entity_type) for f in engine.analyze(text, "en")]


@pytest.mark.parametrize(("text", "expected"), [
    # an uncommon word before a business word names it in capitals too; a specialty only in mixed case
    ("OK TO RETURN TO WORK AT DELGADO TRUCKING BUT NO CDL.", ["DELGADO TRUCKING"]),
    ("EMPLOYER MARCOTTE CONSTRUCTION.", ["MARCOTTE CONSTRUCTION"]),
    ("LINE COOK AT SAL'S PIZZERIA IN TOWN", ["SAL'S PIZZERIA"]),
    ("bx sent to Crestline Pathology.", ["Crestline Pathology"]),
    ("copy to PCP at Fairhaven Family Medicine.", ["Fairhaven Family Medicine"]),
    ("barista at Copperline Coffee, irregular meals", ["Copperline Coffee"]),
    # capitals give no case signal for plain words, specialties or drugs
    ("SUPPORT GROUP MEETS; BLOOD FROM BLOOD BANK; NEEDS ELDER SERVICES.", []),
    ("PROPOFOL INFUSION TITRATED. KETTLEBY INFUSION. Heparin Infusion started.", []),
    ("tewkes bank", []),
])
def test_organization_when_a_business_or_specialty_word_follows_an_uncommon_word_then_found(text, expected):
    assert found(OrganizationRecognizer(), text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Specimen jar A to path (acc GS22-10447).", ["GS22-10447"]),
    ("their #SP-19-08817 (2 blocks)", ["SP-19-08817"]),
    ("correlated with prior S17-4482 per pathology", ["S17-4482"]),
    ("Autopsy A19-22: decedent", ["A19-22"]),
    ("VISIT #: UC-00882104", ["00882104", "UC-00882104"]),  # the shape and the '#' label (the merge unites them)
    ("VAERS report 2019-0721883 filed", ["2019-0721883"]),
    ("tracking 1Z44X7190332 arrived", ["1Z44X7190332"]),
    ("medical examiner certificate 5512034.", ["5512034"]),
    # spine levels, pressure ranges and decimals are no case numbers
    ("L4-5 disc, T10-12 fx, C5-6; bp-89-100/50, MAP-75-100, wt 1234567.5", []),
])
def test_id_numbers_when_an_accession_shape_or_a_new_label_then_found(text, expected):
    assert found(IdNumberRecognizer(), text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a credential after a comma anchors a known name; an inverted 'Surname, First' before it joins
    ("neuropsych by Frank, PhD on 4/18/23.", ["Frank"]),
    ("referral to Bill, RD for MNT", ["Bill"]),
    ("copy to PCP Hill Grant, DO.", ["Hill Grant"]),
    ("seen by Kravetzky, Dmitri NP today", ["Dmitri", "Kravetzky", "Kravetzky, Dmitri"]),
    # not a common word in capitals, nor a clinical abbreviation before 'pt' or 'ms'
    ("BP LOW, MD AWARE. pain, ms 4mg given; Right DP, PT, and left PT present.", []),
    # new role titles, and a known name after a title when it ends the clause
    ("GI CLINIC: SEEN W/ FELLOW BROWN; ORTHO ON CALL BILL.", ["BILL", "BROWN"]),
    ("ADEQUACY AT BEDSIDE BY CYTOTECH YOUNG.", ["YOUNG"]),
    ("read by neuroradiologist Grant: small lesion", ["Grant"]),
    ("RISK MANAGER ROSE GRANT NOTIFIED", ["ROSE GRANT"]),
    ("RN WELL. RT SIDE. NURSE AWARE. FELLOW AWARE. PCP AWARE. IP JOINT SWELLING.", []),
    # new contact verbs and a number's extension after 'contact X at'
    ("will clarify with Taddeucci; drug screen collected by Marguerite.", ["Marguerite", "Taddeucci"]),
    ("CONTACT BREZHONI AT EXT 4417.", ["BREZHONI"]),
    ("CAUSED BY INFECTION. CONFIRMED WITH PHARMACY. APPROVED BY INSURANCE. confirmed by CXR.", []),
])
def test_cue_when_credentials_titles_and_verbs_of_clinic_notes_then_names_found(text, expected):
    assert found(CueNameRecognizer(), text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # scores and counts out of a total are no dates; a real date beside them still is
    ("BPP 8/8, ADLs 4/6, IADLs 1/8. Clock draw 2/4. HERCEPTIN MAINT #12/17 on 7/22.", [("7/22", "DATE")]),
    ("adenocarcinoma in 3/12 cores; blood cultures 10/1", [("10/1", "DATE")]),
    # an isotope's mass is no age; eponyms and brands are no names
    ("Tc-99m sestamibi; Lexiscan given; Entresto; Golytely prep; seen by neuropsych today.", []),
    ("Sonographer: Frank, RDCS", [("Frank", "CLINICIAN_NAME")]),
])
def test_engine_when_report_scores_isotopes_and_brands_then_no_phi(engine, text, expected):
    assert typed(engine, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # 'May' and short month names alone are dates after a time word and before the clause ends; 'may' the verb is not
    ("Falls x3 since May; Repatha if LDL > 70 by May. Spells since FEB; keeping diary.",
     [("May", "DATE"), ("May", "DATE"), ("FEB", "DATE")]),
    ("may need lasix; dose dec. overnight; lot #s in MAR.", []),
    # an age over 89 after a name in brackets
    ("Caregiver: wife (Rose Opdahl, 91) at home. (HR 80, 95)", [("Rose Opdahl", "RELATIVE_NAME"), ("91", "AGE")]),
    # a salutation with the letter going on after the comma; not 'Dear colleague'
    ("DEAR HILL, THANK YOU FOR ASKING ME TO SEE HIM. Dear colleague, thank you.", [("HILL", "PERSON")]),
    # a credential or role in brackets after the name, a medical assistant after 'by'
    ("Kravetzky (RPFT) notes poor effort; link sent by MA Frank; pt joined.",
     [("Kravetzky", "CLINICIAN_NAME"), ("Frank", "CLINICIAN_NAME")]),
    # a known name ending the clause after 'by'; not a common word in capitals
    ("PDMP RE-RUN BY DMITRI. FibroScan 6.2 kPa by Price.", [("DMITRI", "PERSON"), ("Price", "CLINICIAN_NAME")]),
    ("DONE BY HAND. GIVEN BY MOUTH; TAKEN BY FAMILY. by Foley. caused by Infection.", []),
])
def test_engine_when_second_batch_conventions_then_found_and_lookalikes_kept(engine, text, expected):
    assert typed(engine, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("DEATH REGISTERED BY Grant, unit secretary; CERTIFICATE PENDING", [("Grant", "PERSON")]),
    ("DECEDENT: MBEKI ZAMUDIO, DOB 11/3/1929", [("MBEKI ZAMUDIO", "PATIENT_NAME"), ("11/3/1929", "DATE")]),
    ("PROGRAM DIRECTOR ZAMUDIO REPORTS WANDERING; funeral director Hope picked up.",
     [("ZAMUDIO", "PERSON"), ("Hope", "CLINICIAN_NAME")]),
    ("first assistant: none. with assistant present. ASSISTANT AWARE", []),
])
def test_engine_when_death_and_report_roles_then_names_found(engine, text, expected):
    assert typed(engine, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # nursing-note titles, services with the name in brackets, and the role after the name
    ("REPORT GIVEN TO CN Kravetzky. WOULD LIKE FR Mbeki CALLED",
     [("Kravetzky", "CLINICIAN_NAME"), ("Mbeki", "CLINICIAN_NAME")]),
    ("1:1 sitter requested from staffing (Hill) - none avail", [("Hill", "CLINICIAN_NAME")]),
    ("circuit changed by Brezhoni (dialysis); mbeki (nm) notified; Frank, night float, aware",
     [("Brezhoni", "CLINICIAN_NAME"), ("mbeki", "CLINICIAN_NAME"), ("Frank", "CLINICIAN_NAME")]),
    ("crew: Taddeucci (EMT-P), Mbeki (EMT-B)", [("Taddeucci", "CLINICIAN_NAME"), ("Mbeki", "CLINICIAN_NAME")]),
    # in-law abbreviations and hurried spellings of kin; 'bil' stays bilateral
    ("DIL Price CALLED; pt's daughtr Page aware; w/ girlfreind Hill",
     [("Price", "RELATIVE_NAME"), ("Page", "RELATIVE_NAME"), ("Hill", "RELATIVE_NAME")]),
    ("BS bil RH. bil dp pulses. NA AWARE. NA 135. RENAL FAILURE. follow renal fxn.", []),
    # a cue typed onto a capitalised name; initials signing a line
    ("ekg done, drGrant@bs; wifeBettina in to visit", [("Grant", "CLINICIAN_NAME"), ("Bettina", "RELATIVE_NAME")]),
    ("call light in reach. KT RN\nPressure dsg. --MB/RN\nBED LOW. ICU RN\nPT TO OR. OR RN",
     [("KT", "CLINICIAN_NAME"), ("MB", "CLINICIAN_NAME")]),
    # hours, sedation scores, the herb and a Medicare number built on an SSN
    ("CALLS ONLY B/W 0800-2100. CPOT 5/8, BPS 7/12; ntg sl x1 -> 2/10.", []),
    ("KEYS & MEDICARE CARD (012-34-5678A) GIVEN", [("012-34-5678A", "ID_NUMBER")]),
])
def test_engine_when_nursing_conventions_of_the_seventh_and_eighth_batches_then_found(engine, text, expected):
    assert typed(engine, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # the second of a titled or related pair joined by '+'; a name's possessive before a thing of theirs
    ("SECURITY SUPERVISOR Esterhuizen, OFFICERS Mbeki + Brezhoni RESPONDED.",
     [("Esterhuizen", "CLINICIAN_NAME"), ("Mbeki", "CLINICIAN_NAME"), ("Brezhoni", "CLINICIAN_NAME")]),
    ("FAMILY MTG: PRESENT WIFE HILL, SONS ROSE + LONG.",
     [("HILL", "RELATIVE_NAME"), ("ROSE", "RELATIVE_NAME"), ("LONG", "RELATIVE_NAME")]),
    ("NIGHT INTERN BROWN'S SIGN-OUT REVIEWED. Grant's flight delayed.", [("BROWN", "PERSON"), ("Grant", "PERSON")]),
    ("PT'S HOME. DOCTOR'S OFFICE. DAUGHTER'S HOME. NEIGHBOR'S HOUSE. PATIENT'S REQUEST. WIFE'S CAR.", []),
])
def test_engine_when_pairs_and_possessives_of_nursing_notes_then_found(engine, text, expected):
    assert typed(engine, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a relation before a bracketed name makes it a relative; a service 'on call' before one a clinician
    ("D/C TO DAUGHTER'S (BREZHONI) HOME; MET W/ PT'S DTRS (WOOD & HOPE) IN FAMILY RM.",
     [("BREZHONI", "RELATIVE_NAME"), ("WOOD", "RELATIVE_NAME"), ("HOPE", "RELATIVE_NAME")]),
    ("CHAPLAIN ON CALL (MBEKI) PAGED X2; HO HILL AT BS @ 0225.", [("MBEKI", "CLINICIAN_NAME"), ("HILL", "CLINICIAN_NAME")]),
    ("SON (HIS) CAR. SONS (BOTH) HERE.", []),
    # a pager number after 'PGR'; a month-day after filled, due or 'by phone', not a range of days or hours
    ("INTERPRETER PAGED (PGR 3317) FOR MTG", [("3317", "PHONE")]),
    ("LAST FILLED 11-30. SITE CHANGE DUE 7-24. WILL F/U BY PHONE 1-9. ABX DUE 1-2 DAYS. K DUE 2-3 HRS",
     [("11-30", "DATE"), ("7-24", "DATE"), ("1-9", "DATE")]),
])
def test_engine_when_relatives_pagers_and_due_dates_of_nursing_notes_then_found(engine, text, expected):
    assert typed(engine, text) == expected
