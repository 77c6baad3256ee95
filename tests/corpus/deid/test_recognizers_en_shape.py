"""Table tests for the shape-based English recognizers (name pairs, capitalised proper nouns, address blocks,
grouped phones, ventilator/pain pairs) and the clinical near misses they must leave alone."""

import pytest

from corpus.deid.recognizers.en.address_block_recognizer import AddressBlockRecognizer
from corpus.deid.recognizers.en.capitalised_name_recognizer import CapitalisedNameRecognizer
from corpus.deid.recognizers.en.date_recognizer import DateRecognizer
from corpus.deid.recognizers.en.hospital_recognizer import HospitalRecognizer
from corpus.deid.recognizers.en.lexicon_name_recognizer import LexiconNameRecognizer
from corpus.deid.recognizers.en.name_pair_recognizer import NamePairRecognizer
from corpus.deid.recognizers.en.phone_recognizer import PhoneRecognizer
from corpus.deid.recognizers.en.place_recognizer import PlaceRecognizer
from corpus.deid.recognizers.en.relative_name_recognizer import RelativeNameRecognizer
from corpus.deid.recognizers.en.signature_name_recognizer import SignatureNameRecognizer
from corpus.deid.recognizers.en.titled_name_recognizer import TitledNameRecognizer
from tests.corpus.deid.recognizer_cases import spans as found


CASES = [
    (NamePairRecognizer, "will consult with patty hoeller re skin care", ["patty hoeller"]),
    (NamePairRecognizer, "SEE THAT CASE MANAGEMENT CONTACTS KAREN ANN YANULIS", ["KAREN ANN", "ANN YANULIS"]),
    (NamePairRecognizer, "FREQUENT PVC'S. W. MAROTTA AWARE.", ["W. MAROTTA"]),
    (NamePairRecognizer, "social: bob visited during the evening", ["bob"]),
    (CapitalisedNameRecognizer, "Directed By: Johannes Varvio and friends", ["Johannes", "Varvio"]),
    (CapitalisedNameRecognizer, "Have you been to a Ravil Yefimov concert before?", ["Ravil", "Yefimov"]),
    (CapitalisedNameRecognizer, "the corner shop where Šárka Ottová works", ["Šárka", "Ottová"]),
    (AddressBlockRecognizer, "The address is 6750 Koskikatu 25 Apt. 864\nArtilleros\n, CO\n 64677", [
        "6750 Koskikatu 25 Apt. 864", "Artilleros", "CO", "64677"]),
    (AddressBlockRecognizer, "Billing: 3482 Via Franscini 71 Suite 838", ["3482 Via Franscini 71 Suite 838"]),
    (AddressBlockRecognizer, "new address is PSC 6293, Box 8158\nAPO AP 04336", ["PSC 6293, Box 8158", "APO AP 04336"]),
    (AddressBlockRecognizer, "She moved to Tallinn, Estonia 62488 last year", ["62488"]),
    (PhoneRecognizer, "Please call me at 0494 92 82 32 today", ["0494 92 82 32"]),
    (PhoneRecognizer, "Desk: +41 (0)96 471 07 95", ["+41 (0)96 471 07 95"]),
    (PhoneRecognizer, "Mobile: 03.93.92.16.85", ["03.93.92.16.85"]),
    (DateRecognizer, "When: 2000-04-16 11:34:35", ["2000-04-16 11:34:35"]),
    (DateRecognizer, "Title VII of the Civil Rights Act of 2001", ["2001"]),
    (DateRecognizer, "trach planned for 8/14. would use pressors", ["8/14"]),
    (HospitalRecognizer, "NO RECORDED URINE OUTPUT FROM HRBOR HOSP.", ["HRBOR"]),
    (HospitalRecognizer, "plan is to go to Baltimore Rehab today", ["Baltimore Rehab"]),
    (PlaceRecognizer, "pt is followed at gh by dr healey", ["gh"]),
    (PlaceRecognizer, "insulin per U Maryland scale", ["U Maryland"]),
    (TitledNameRecognizer, "spoke with Dr. Foley about the plan", ["Foley"]),
    (SignatureNameRecognizer, "EDWARD C. JONES, RRT", ["EDWARD C. JONES"]),
]
NEAR_MISSES = [
    # blood gases, doses, lab values, ventilator settings, pain scores, ICD codes, ranges, clock times
    (DateRecognizer, "ABG 7.35/66/55 ON 10/5 BIPAP 65% 02"),
    (DateRecognizer, "Pulm: On weaning trial 5/5, VTs 400s"),
    (DateRecognizer, "Pt c/o midsternal chest pressure 6/10. EKG"),
    (DateRecognizer, "would take in >2000cc and DUMPED 2000+ today"),
    (DateRecognizer, "bp 120-140's/70's. no am labs"),
    (PhoneRecognizer, "blood gas 91/42/7.36/25/-1, K 4.2, ICD-10 I25.10"),
    (PhoneRecognizer, "vented a/c 600-12-peep 5, SVR in the 900-1300, voiding 575-1000 cyu"),
    (PhoneRecognizer, "MICU NPN 0700-1930: heparin 1000 units, lasix 40 mg, BP 120 80"),
    (PhoneRecognizer, "heparin 1050U/HR, ptt 61.4, inr 1.3, plt 245 000"),
    (TitledNameRecognizer, "A/P: MS STILL SEEMS FAR FROM BASELINE; MS/COMFORT: ok"),
    (TitledNameRecognizer, "3+ MR / EF <10% and PA numbers 58-65/30"),
    (TitledNameRecognizer, "SKIN-duoderm on back D&I,drs. on rt. fa"),
    (RelativeNameRecognizer, "social: son-in-law will be here; daughter called-update given"),
    (SignatureNameRecognizer, "ENALAPRIL 2.5MG, ASSYMPTOMATIC, PA P'S 50'S; hernia of some kind, MD's notified"),
    (LexiconNameRecognizer, "liquid stoool, bowell sounds, CREAN APPLIED, stabel dose, ZOLL PACER, mallory weiss tear"),
    (HospitalRecognizer, "P: CON'T REHAB/PT and poss rehab when ready; red center of wound"),
    (PlaceRecognizer, "CONT IN AF RATE 60'S. FOLEY TO GD. OGT TO LCS. PA CATH TO RIJ."),
    (NamePairRecognizer, "social: son called; will consult wound care; MIN. SVO2 60"),
    (CapitalisedNameRecognizer, "Given Combivent and Flovent inhalers. Skin- Warm and dry. A-line D/C'd. 3 PIVs"),
    (CapitalisedNameRecognizer, "PT ARRIVED TO MICU AT 0130 ALERT AND ORIENTED X3. ON DOPA."),
    (AddressBlockRecognizer, "HEPARIN AT 1050U/HR, OFF X 1 HR AND DOWN TO 800U; Wedge 16, CVP 23."),
    (AddressBlockRecognizer, "During 1971, the company invested heavily"),
]


@pytest.mark.parametrize("cls,text,expected", CASES)
def test_when_phi_shape_present_then_span_found(cls, text, expected):
    got = found(cls(), text)
    assert all(any(e in g or g == e for g in got) for e in expected), got


@pytest.mark.parametrize("cls,text", NEAR_MISSES)
def test_when_clinical_lookalike_then_nothing_found(cls, text):
    assert found(cls(), text) == []
