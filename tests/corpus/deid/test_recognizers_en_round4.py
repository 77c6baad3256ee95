"""Table tests for the fourth-round name and place rules: title + initial + surname, title + first name + any
surname, initials and state codes before facility words, the town before ', ST', 'lives in DC', a typo-like
sentence-initial word inside a name run; and the clinical look-alikes they must leave alone."""

import pytest

from corpus.deid.recognizers.en.age_recognizer import AgeRecognizer
from corpus.deid.recognizers.en.capitalised_name_recognizer import CapitalisedNameRecognizer
from corpus.deid.recognizers.en.date_recognizer import DateRecognizer
from corpus.deid.recognizers.en.cue_name_recognizer import CueNameRecognizer
from corpus.deid.recognizers.en.hospital_recognizer import HospitalRecognizer
from corpus.deid.recognizers.en.name_pair_recognizer import NamePairRecognizer
from corpus.deid.recognizers.en.phone_recognizer import PhoneRecognizer
from corpus.deid.recognizers.en.place_recognizer import PlaceRecognizer
from corpus.deid.recognizers.en.relative_name_recognizer import RelativeNameRecognizer
from corpus.deid.recognizers.en.signature_name_recognizer import SignatureNameRecognizer
from corpus.deid.recognizers.en.street_address_recognizer import StreetAddressRecognizer
from corpus.deid.recognizers.en.titled_name_recognizer import TitledNameRecognizer
from tests.corpus.deid.recognizer_cases import spans as found


CASES = [
    (TitledNameRecognizer, "NP R. Slater notified of the low BP", ["R. Slater"]),
    (TitledNameRecognizer, "Dr Ferdinand Halfpenny spoke with the family", ["Ferdinand Halfpenny"]),
    (TitledNameRecognizer, "DR. MARY CASTLE AWARE OF LABS", ["MARY CASTLE"]),
    (HospitalRecognizer, "TO MEET S. VELLANO NURSING AGENCY AT 9AM", ["S. VELLANO"]),
    (HospitalRecognizer, "Pt admitted from NH Hospital at 1900", ["NH"]),
    (PlaceRecognizer, "Brother called from Smallvale, FL this evening", ["Smallvale"]),
    (PlaceRecognizer, "old records from Annapolis, MD", ["Annapolis"]),
    (PlaceRecognizer, "her proxy is her sister who lives in DC.", ["DC"]),
    (CapitalisedNameRecognizer, "Very devoted family. Lopie Certusi cell# is on the board", ["Lopie", "Certusi"]),
    (CueNameRecognizer, "BP 80S. HO BROWN NOTIFIED. MD YOUNG AWARE.", ["BROWN", "YOUNG"]),
    (CueNameRecognizer, "covering md long aware. np hall notified.", ["long", "hall"]),
    (CueNameRecognizer, "She named him Frank. What's your last name? Baba. pt states her name is Lowanda.",
     ["Frank", "Baba", "Lowanda"]),
    (CueNameRecognizer, "PLAN PER CARDS (WOOD). case discussed with attending (rice).", ["WOOD", "rice"]),
    (DateRecognizer, "PMH: s/p TURP 99, appy 72, DVT 03, NSTEMI 02, breast cancer 94 s/p XRT 95",
     ["99", "72", "03", "02", "94", "95"]),
    (DateRecognizer, "MRI 4/1,4/2. cultures 6/1,6/3", ["4/1", "4/2", "6/1", "6/3"]),
    (DateRecognizer, "in the Navy from 1942-1946; at rehab 2002-2004; in 1998-99", ["1942-1946", "2002-2004", "1998-99"]),
    (NamePairRecognizer, "Mijail C Adomo\nAsc Partners; Csanád P Gere lives at home", ["Mijail C Adomo", "Csanád P Gere"]),
    (PhoneRecognizer, "Dreux Joly\n416 60 039 office\n28-64-66-98 office", ["416 60 039", "28-64-66-98"]),
    (CapitalisedNameRecognizer, "Unlike the Ronner novel, it is short; we met Torpy there", ["Ronner", "Torpy"]),
    (CapitalisedNameRecognizer, 'Vsevolod: "Who are you?"\nHeather:"I am his daughter".', ["Vsevolod", "Heather"]),
    (CapitalisedNameRecognizer, "Is that so? Usamov and Bowers were engineers. Rintanen began writing early.",
     ["Usamov", "Rintanen"]),
    (CapitalisedNameRecognizer, "Hi Victor, I am writing about my bill.", ["Victor"]),
    (SignatureNameRecognizer, "SMITH, JANE RN\nTillotson, Marjorie RN", ["SMITH, JANE", "Tillotson, Marjorie"]),
    (RelativeNameRecognizer, "HUSB BILL AT BEDSIDE. sis mary in. neice kathy called.", ["BILL", "mary", "kathy"]),
    (AgeRecognizer, "Age 93. Lives alone.", ["93"]),
    (AgeRecognizer, "pt is 95 and lives alone", ["95"]),
    (AgeRecognizer, "CCU NPN: see flowsheet\n\n96 s/p left hip fx", ["96"]),
    (HospitalRecognizer, "PT FROM BAYSIDE NURSING HOME. Hx at Grant Hosp.", ["BAYSIDE", "Grant"]),
    (HospitalRecognizer, "When: 1971-09-07\nWhere: Erwetegem Country Club.", ["Erwetegem"]),
    (HospitalRecognizer, "had a valve replaced at Holy Cross. PT FROM SACRED HEART.", ["Holy Cross", "SACRED HEART"]),
]
NEAR_MISSES = [
    (TitledNameRecognizer, "DR. WILLIAMS BY-STARTED PT ON LIDO", ["WILLIAMS"]),
    (TitledNameRecognizer, "pt on 2L NP. R. side weak. NP A. Aware.", []),
    (TitledNameRecognizer, "FAMILY WITH MS S. CARE. DAVID IS SPEAKING", ["S."]),
    (TitledNameRecognizer, "DR JOHN CALLED BACK. Dr. Anne Will see pt.", ["JOHN", "Anne"]),
    (HospitalRecognizer, "A:TIRED OF BEING IN HOSPITAL. ME HOSP", []),
    (PlaceRecognizer, "Management continues for urosepsis, MI, Diabetes. ABD SOFT, NT, ND. NEURO, PA 30/15", []),
    (StreetAddressRecognizer, "RATE DECREASED TO 50 BY DR MASCI", []),
    (CapitalisedNameRecognizer, "Alowed Tylenol for pain. Skin warm and dry.", []),
    (CueNameRecognizer, "MD AWARE. MD TEAM AWARE. HO IS AWARE. RN STAFF NOTIFIED. MD ON CALL NOTIFIED.", []),
    (CueNameRecognizer, "called him back. calls me every day. pt's name is on the board. your name? yes.", []),
    (CueNameRecognizer, "PT (BID) SCHEDULED. GI (EGD) TODAY. NEURO (CT HEAD) NEG. MICU (TEAM) AWARE.", []),
    (DateRecognizer, "ABG 7.35/40/80,3 NS. 1/2,3 tabs", []),
    (DateRecognizer, "PEG 20 french. trach 8. ICD 10 code. chemo cycle 12. cancer stage 4. DVT ppx 40 mg.", []),
    (DateRecognizer, "UO 2000-2500 cc. NPN 1900-0700. 2000-2200 slept. 1930-2000 agitated. 1900-2000 CC OUT", []),
    (NamePairRecognizer, "Given Lasix A Lot. Neuro A Ox3. Sodium K Low. Vitamin D Level", []),
    (PhoneRecognizer, "HR 60 80 100 office visit; 10-12 office visits", []),
    (CapitalisedNameRecognizer, "Pt given Lobetalol and Captoril, then Dobuta weaned; Bronch in am; Percocet given", []),
    (CapitalisedNameRecognizer, "Neuro and Resp stable. Levophed began at 0.1. Mag and K repleted.", []),
    (CapitalisedNameRecognizer, 'Pt: "I want to go home". Wife: "He is tired". Plan: "wean". Skin: "intact"', []),
    (SignatureNameRecognizer, "PT RESTING, JANE RN AWARE. LASIX GIVEN, K. LEE RN", ["JANE", "K. LEE"]),
    (AgeRecognizer, "pt is 95% on RA, pt was 98.6, he is 95/60; temp 99.1\n90 with PEEP 5", []),
    (HospitalRecognizer, "family praying to the Holy Spirit. DUE TO GOOD HEART FUNCTION", []),
    (HospitalRecognizer, "ADMITTED HOSPITAL DAY 3. AWAITING NURSING HOME. psych hospital. the outside hospital. CARDIAC REHAB", []),
]


@pytest.mark.parametrize("cls,text,expected", CASES)
def test_when_cue_and_name_shape_present_then_span_found(cls, text, expected):
    got = found(cls(), text)
    assert all(any(e in g for g in got) for e in expected), got


@pytest.mark.parametrize("cls,text,expected", NEAR_MISSES)
def test_when_clinical_lookalike_then_only_real_names_found(cls, text, expected):
    assert found(cls(), text) == expected
