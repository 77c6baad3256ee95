"""Table tests for cue-based English name, place and date rules (synthetic text only)."""

import pytest

from corpus.deid.recognizers.en.address_block_recognizer import AddressBlockRecognizer
from corpus.deid.recognizers.en.capitalised_name_recognizer import CapitalisedNameRecognizer
from corpus.deid.recognizers.en.cue_name_recognizer import CueNameRecognizer
from corpus.deid.recognizers.en.diacritic_name_recognizer import DiacriticNameRecognizer
from corpus.deid.recognizers.en.date_recognizer import DateRecognizer
from corpus.deid.recognizers.en.hospital_recognizer import HospitalRecognizer
from corpus.deid.recognizers.en.name_pair_recognizer import NamePairRecognizer
from corpus.deid.recognizers.en.place_recognizer import PlaceRecognizer
from corpus.deid.recognizers.en.relative_name_recognizer import RelativeNameRecognizer
from corpus.deid.recognizers.en.signature_name_recognizer import SignatureNameRecognizer
from corpus.deid.recognizers.en.street_address_recognizer import StreetAddressRecognizer
from corpus.deid.recognizers.en.titled_name_recognizer import TitledNameRecognizer
from tests.corpus.deid.recognizer_cases import spans as found


CASES = [
    (CueNameRecognizer, "Spoke with Kathy from case management.", ["Kathy"]),
    (CueNameRecognizer, "Per Jane in the cath lab, no bleeding.", ["Jane"]),
    (CueNameRecognizer, "NOK: MARY SMITH (DAUGHTER)", ["MARY SMITH"]),
    (CueNameRecognizer, "seen by Ardis this am", ["Ardis"]),
    (TitledNameRecognizer, "DR JOHN BAKER AWARE OF K 3.2", ["JOHN BAKER"]),
    (TitledNameRecognizer, "DR BELL/HILL AWARE.", ["BELL", "HILL"]),
    (NamePairRecognizer, "Name: ROBERT FROST", ["ROBERT FROST"]),
    (NamePairRecognizer, "Smith, Robert MRN on file", ["Smith, Robert"]),
    (RelativeNameRecognizer, "ann (wife) in at 1900.", ["ann"]),
    (PlaceRecognizer, "FAMILY FROM NEW YORK ARRIVED.", ["NEW YORK"]),
    (PlaceRecognizer, "The Princess Royal arrived at Hasle this morning.", ["Hasle"]),
    (HospitalRecognizer, "Pt was at Mass General last month.", ["Mass General"]),
    (HospitalRecognizer, "Discharged to Hebrew Rehab today.", ["Hebrew Rehab"]),
    (HospitalRecognizer, "transferred from Cape Cod Hospital s/p fall", ["Cape Cod"]),
    (DateRecognizer, "7/14-7/16 pt on vanco.", ["7/14", "7/16"]),
    (DateRecognizer, "trach placed 7-14.", ["7-14"]),
    (DateRecognizer, "ADM 7.14.03", ["7.14.03"]),
    (DateRecognizer, "born 1920 in town", ["1920"]),
    (CueNameRecognizer, "spoke with Jones MD re: plan", ["Jones"]),
    (CueNameRecognizer, "PT (Sue) in to eval.", ["Sue"]),
    (CueNameRecognizer, "Report called to Beth on 7 west.", ["Beth"]),
    (CueNameRecognizer, "Spoke with Kathy (CM) re: dispo; Mark Ellis, case manager, aware.", ["Kathy", "Mark Ellis"]),
    (TitledNameRecognizer, "Rabbi Cohen visited.", ["Cohen"]),
    (SignatureNameRecognizer, "Sanders NP in to see pt.", ["Sanders"]),
    (DiacriticNameRecognizer, "Wisława Szczepańska's case was heard", ["Wisława", "Szczepańska"]),
    (DiacriticNameRecognizer, "sister lives in TROMSØ now", ["TROMSØ"]),
    (CapitalisedNameRecognizer, "The Tomomi is here. Tomomi is from the north.", ["Tomomi"]),
    (CapitalisedNameRecognizer, "the verses from Faina D. Yefremova's book", ["Faina", "D", "Yefremova"]),
    (StreetAddressRecognizer, "ZIP: 394 13", ["394 13"]),
    (CapitalisedNameRecognizer, "Remember me, Kelly? We met. Anna is from Leeds.", ["Kelly", "Anna"]),
    (CapitalisedNameRecognizer, "our founders: Monjeau, Graves and Reed.", ["Monjeau", "Graves", "Reed"]),
    (AddressBlockRecognizer, "Megan lives on Via Tasso 129 street.", ["Via Tasso 129 street"]),
    (StreetAddressRecognizer, "it is the corner of Dalbraut 99 and Frederikke Coves",
     ["the corner of Dalbraut 99 and Frederikke Coves"]),
    (StreetAddressRecognizer, "The restaurant is at 17151 2450 Crown St", ["17151 2450 Crown St"]),
]
NEAR_MISSES = [
    (CueNameRecognizer, "eyes taped shut per opthamology recommendations"),
    (CueNameRecognizer, "insulin titrated per fingersticks; wife called overnoc for an update"),
    (RelativeNameRecognizer, "decision maker (son) called and notified"),
    (RelativeNameRecognizer, "history of changes w/ beta blochers. (wife said he tried)"),
    (HospitalRecognizer, "pt received general ventilator maintenance"),
    (HospitalRecognizer, "SKIN INTACT GENERAL BODY EDEMA"),
    (TitledNameRecognizer, "SKIN-duoderm on back-D&I,drs.rt.fa"),
    (DateRecognizer, "could not tolerate cpap of 5-10cmh20; crackles 1/3-1/2 up"),
    (DateRecognizer, "overbreathing vent by 2-6, assist of 1-2"),
    (PlaceRecognizer, "a new hope for the family"),
    (CueNameRecognizer, "I SPOKE WITH HOUSE STAFF REGARDING SITE"),
    (CueNameRecognizer, "O2 at 2L (NP); Lasix given (MD aware); ASSYMPTOMATIC, PA P'S 50'S; pn, HO notified"),
    (TitledNameRecognizer, "Will stop pressors after Rabbi sees pt."),
    (SignatureNameRecognizer, "O2 at 2L NP, sats 96%"),
    (PlaceRecognizer, "Social- Son visited. Spanish/English speaking."),
    (DiacriticNameRecognizer, "a café with naïve décor; 患者张三 in the note"),
    (StreetAddressRecognizer, "redness at the corner of the mouth and nose"),
    (CapitalisedNameRecognizer, "Don't stop. It's fine; 5 units PBC's given."),
    (CapitalisedNameRecognizer, "Given Lasix, Heparin and Insulin. Sat is 92%, Will?"),
]


@pytest.mark.parametrize("cls,text,expected", CASES)
def test_when_cue_present_then_span_found(cls, text, expected):
    assert set(expected) <= set(found(cls(), text))


@pytest.mark.parametrize("cls,text", NEAR_MISSES)
def test_when_clinical_lookalike_then_nothing_found(cls, text):
    assert found(cls(), text) == []
