"""Table tests for the eighth-round precision rules: clinical shorthand that collides with a rare short surname,
a ward number apart from its ward's name, misspelt drugs in use, ranges of amounts after 'on', clock times after
'aprox' and 'due', a swapped-letter typo that GeoNames lists, and 'MS.' / 'MR.' as findings; each next to the
identifier it must still find (all names invented)."""

import pytest

from corpus.deid.engine import DeidEngine
from corpus.deid.recognizers.en.capitalised_name_recognizer import CapitalisedNameRecognizer
from corpus.deid.recognizers.en.cue_name_recognizer import CueNameRecognizer
from corpus.deid.recognizers.en.date_recognizer import DateRecognizer
from corpus.deid.recognizers.en.id_number_recognizer import IdNumberRecognizer
from corpus.deid.recognizers.en.lexicon_name_recognizer import LexiconNameRecognizer
from corpus.deid.recognizers.en.phone_recognizer import PhoneRecognizer
from corpus.deid.recognizers.en.place_recognizer import PlaceRecognizer
from corpus.deid.recognizers.en.relative_name_recognizer import RelativeNameRecognizer
from corpus.deid.recognizers.en.titled_name_recognizer import TitledNameRecognizer
from tests.corpus.deid.recognizer_cases import found


CASES = [
    # Short names that stay names: first names, frequent surnames, and any name capitalised in mixed-case prose.
    (LexiconNameRecognizer, "SPOKE WITH SUZETTE, KIM AND WU AT BEDSIDE", ["KIM", "SUZETTE", "WU"]),
    (LexiconNameRecognizer, "Spoke with Dopp from case management.", ["Dopp"]),
    (PlaceRecognizer, "plan: transfer to denholm6 when bed available", ["denholm6"]),
    (CapitalisedNameRecognizer, "Family meeting with Haberstroh at 2pm.", ["Haberstroh"]),
    (CapitalisedNameRecognizer, "Daughter Oluwaseun Kravetzky visited.", ["Kravetzky", "Oluwaseun"]),
    (DateRecognizer, "foley placed on 7-14, draining well", ["7-14"]),
    (DateRecognizer, "last BM on 3-12 per family", ["3-12"]),
    (DateRecognizer, "CABG in 2004, MI 1998", ["1998", "2004"]),
    (PlaceRecognizer, "sister lives in hingham, visits weekly", ["hingham"]),
    (TitledNameRecognizer, "Spoke with Ms. Haberstroh about the plan.", ["Haberstroh"]),
    (TitledNameRecognizer, "FAMILY IN MS. ROSE ROOM", ["ROSE"]),
    # Lower-case notes: a word that can only be a name after a contact label, a role or a service.
    (CueNameRecognizer, "emergency contact brezhoni, cell in chart", ["brezhoni"]),
    (CueNameRecognizer, "hcp is dmitri kravetzky", ["dmitri kravetzky"]),
    (CueNameRecognizer, "night float brezhoni aware.", ["brezhoni"]),
    (CueNameRecognizer, "anesthesia (mbeki) intubated pt.", ["mbeki"]),
    (CueNameRecognizer, "family (brezhoni, taddeucci) in to visit.", ["brezhoni", "taddeucci"]),
    (CueNameRecognizer, "FAMILY (GRANT AND WOOD) IN TO VISIT", ["GRANT", "WOOD"]),
    (CueNameRecognizer, "Visitors: Dmitri, Oluwaseun and Brezhoni", ["Brezhoni", "Dmitri", "Oluwaseun"]),
    (RelativeNameRecognizer, "WIFE, SON BILL AT BEDSIDE", ["BILL"]),
    # Upper-case notes: towns by their town words, a movement verb, schools and programmes, roles before a verb.
    (PlaceRecognizer, "PT'S DAUGHTER LIVES IN PORT ORRIN, WILL VISIT.", ["PORT ORRIN"]),
    (PlaceRecognizer, "PT FROM ASHWICK FALLS, LIVES ALONE.", ["ASHWICK FALLS"]),
    (PlaceRecognizer, "FAMILY DRIVING UP FROM BRANTWOOD TOMORROW.", ["BRANTWOOD"]),
    (PlaceRecognizer, "PT FELL AT HOME IN KETTLEBY ON 3/14.", ["KETTLEBY"]),
    (PlaceRecognizer, "PT WORKS AT BREZHONI ELEMENTARY SCHOOL.", ["BREZHONI"]),
    (PlaceRecognizer, "PT ATTENDS ESTERHUIZEN DAY PROGRAM.", ["ESTERHUIZEN"]),
    (CueNameRecognizer, "FAMILY MTG W/ ESTERHUIZEN TOMORROW.", ["ESTERHUIZEN"]),
    (CueNameRecognizer, "RN HILL COVERING.", ["HILL"]),
    (CueNameRecognizer, "CALLED HO BROWN RE: BP", ["BROWN"]),
    (CueNameRecognizer, "MBEKI, OPDAHL MRN 1234567", ["MBEKI, OPDAHL"]),
    (CueNameRecognizer, "Haberstroh, Dmitri J  DOB 3/4/51", ["Haberstroh, Dmitri J"]),
    (DateRecognizer, "Pt has lived here since 2001.", ["2001"]),
    (DateRecognizer, "CXR done 5/10, vent settings unchanged", ["5/10"]),
    # Letters and discharge summaries: addressee, closing, signer, 'First Last is a 58 yo'.
    (CueNameRecognizer, "Dear Tamsin,", ["Tamsin"]),
    (CueNameRecognizer, "DEAR MBEKI,", ["MBEKI"]),
    (CueNameRecognizer, "With best regards,\nHope Long", ["Hope Long"]),
    (CueNameRecognizer, "Electronically signed by Wood Hill on 04/12/2069", ["Wood Hill"]),
    (CueNameRecognizer, "dictated by: long hope, m.d.", ["long hope"]),
    (CueNameRecognizer, "Dictated By: Kravetzky, MD   Transcribed by: Frank", ["Frank", "Kravetzky"]),
    (CueNameRecognizer, "Taddeucci Esterhuizen is a 58 yo man seen for chest pain.", ["Taddeucci Esterhuizen"]),
    (PhoneRecognizer, "call x4-5532 with results", ["x4-5532"]),
    (PhoneRecognizer, "ext 4-5532", ["4-5532"]),
    (IdNumberRecognizer, "license plate 7ABC123 noted by security", ["7ABC123"]),
    (IdNumberRecognizer, "VIN 1HGCM82633A004352 on the report", ["1HGCM82633A004352"]),
    (TitledNameRecognizer, "Rev. Frank visited with family.", ["Frank"]),
]

LOOKALIKES = [
    (LexiconNameRecognizer, "groins d+i, pulses dopp to 1+ bilat"),
    (LexiconNameRecognizer, "DID HAVE SOME SERO SANG DRAINAGE ON LEFT LEG"),
    (LexiconNameRecognizer, "Also needs RUA peripheral line DC'd."),
    (CapitalisedNameRecognizer, "Pt on Milnerone at .35mcg, heparin at 700u/hr."),
    (CapitalisedNameRecognizer, "Tolerating tapering Levofed doses."),
    (CapitalisedNameRecognizer, "Sedated with IV Fentenly @ 50mcg."),
    (CapitalisedNameRecognizer, "Neo weaned off. Started on Imdur, NTG gtt dc'd."),
    (DateRecognizer, "hands edematous and elevated on 1-2 pillows."),
    (DateRecognizer, "SATS WNL ON 2-4L NP, DROPPING OFF O2"),
    (DateRecognizer, "loose stools x 3-4 episodes overnight"),
    (DateRecognizer, "extubated at aprox 2030 with stable ABG"),
    (DateRecognizer, "ptt 44.3, f/u due 2030."),
    (PlaceRecognizer, "unable to sleep, tema notified and aware"),
    (TitledNameRecognizer, "Monitor for changes in MS. Aspiration precautions."),
    (TitledNameRecognizer, "A: NO IMPROVEMENT IN MS. TOLERATING EXTUBATION."),
    (TitledNameRecognizer, "Echo with mild MR. Plan to diurese."),
    (CueNameRecognizer, "emergency contact info in chart"),
    (CueNameRecognizer, "hcp is son, aware of plan"),
    (CueNameRecognizer, "anesthesia (fiberoptic) used for intubation"),
    (CueNameRecognizer, "team (ortho and renal) aware"),
    (CueNameRecognizer, "visitors: wife and son"),
    (CueNameRecognizer, "interpreter line used, pt aware"),
    (RelativeNameRecognizer, "family (wife, son) at bedside"),
    (RelativeNameRecognizer, "hcp is son, aware of plan"),
    (PlaceRecognizer, "EKG WITH ST ELEV IN V2, NEW ONSET"),
    (PlaceRecognizer, "pt at home in afib, d/c home in am"),
    (PlaceRecognizer, "PT ATTENDS ADULT DAY PROGRAM, CARDIAC REHAB PROGRAM"),
    (CueNameRecognizer, "MTG W/ SW AND CM RE: DISPO"),
    (CueNameRecognizer, "rn staff covering; MD ORDERS RE: LASIX; HO AWARE RE: BP"),
    (CueNameRecognizer, "Lasix, heparin 1234567"),
    (CueNameRecognizer, "K, Mg MRN pending"),
    (DateRecognizer, "NPO since 2000, pt aware"),
    (CueNameRecognizer, "Dear colleague,"),
    (CueNameRecognizer, "Dear all,"),
    (CueNameRecognizer, "best regards, and thanks for the referral"),
    (CueNameRecognizer, "consent signed by hsb. No source of bleeding"),
    (CueNameRecognizer, "signed by pt and witness"),
    (CueNameRecognizer, "The patient is a 58 yo man"),
    (PhoneRecognizer, "lasix x4-5 doses, then x2-3 more"),
    (CueNameRecognizer, "UO 200 cc: clear yellow urine"),
    (DateRecognizer, "SIMV/PS, 40%, 600X4, & 5/10 W SATS UPPER 90S"),
    (DateRecognizer, "SETTINGS-40%, TV 400'S, RR 14-19, & 5/10. SATS OK"),
    (TitledNameRecognizer, "seen by NP. Will cont to monitor; PA. Line placed"),
]


@pytest.mark.parametrize("text", ["Sis Taddeucci called", "Companion Zamudio at bedside"])
def test_capitalised_when_kinship_word_starts_the_sentence_then_only_the_name(text):
    assert found(CapitalisedNameRecognizer(), text) == [text.split()[1]]


@pytest.mark.parametrize(("cls", "text", "expected"), CASES)
def test_round8_rule_when_identifier_planted_then_still_found(cls, text, expected):
    assert found(cls(), text) == expected


@pytest.mark.parametrize(("cls", "text"), LOOKALIKES)
def test_round8_rule_when_clinical_lookalike_then_nothing(cls, text):
    assert found(cls(), text) == []


@pytest.fixture(scope="module")
def engine():
    return DeidEngine.from_registry(languages=("en",))


@pytest.mark.parametrize("text", [
    "Transfer to Denholm 6 (telemetry bed) in am.",
    "TRANSFERRED FROM QUARTERMAIN 3 TODAY FOR INTUBATION",
])
def test_engine_when_ward_number_follows_name_then_only_the_name_is_masked(engine, text):
    spans = [text[f.start:f.end] for f in engine.analyze(text, "en")]
    assert spans and all(not any(c.isdigit() for c in s) for s in spans), spans
