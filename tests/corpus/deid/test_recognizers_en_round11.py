"""Table tests for the eleventh-round rules, written from the label set of i2b2-style extracts (device and bio
identifiers, user names, employers, histories shifted into the 2040s and 2050s); each next to a look-alike that
must stay unmasked (all names invented)."""

import pytest

from corpus.deid.recognizers.en.age_recognizer import AgeRecognizer
from corpus.deid.recognizers.en.cue_name_recognizer import CueNameRecognizer
from corpus.deid.recognizers.en.date_recognizer import DateRecognizer
from corpus.deid.recognizers.en.id_number_recognizer import IdNumberRecognizer
from corpus.deid.recognizers.en.organization_recognizer import OrganizationRecognizer
from corpus.deid.recognizers.en.phone_recognizer import PhoneRecognizer
from corpus.deid.recognizers.en.relative_name_recognizer import RelativeNameRecognizer
from corpus.deid.recognizers.en.street_address_recognizer import StreetAddressRecognizer
from corpus.deid.recognizers.en.url_recognizer import UrlRecognizer
from tests.corpus.deid.recognizer_cases import found

CASES = [
    # 'ID' before the number is the label's, not Idaho's code: the number is still an identifier.
    (IdNumberRecognizer, "Device ID SN-99381", ["SN-99381"]),
    (IdNumberRecognizer, "pacemaker ID PX-44710 interrogated", ["PX-44710"]),
    (IdNumberRecognizer, "BIOID: 4472-AB", ["4472-AB"]),
    # A user name after its label has no digit to find it by.
    (IdNumberRecognizer, "Username: kquorvath", ["kquorvath"]),
    (IdNumberRecognizer, "login id = jsmith2.", ["jsmith2"]),
    (IdNumberRecognizer, "USER ID: MBEKIK", ["MBEKIK"]),
    # An employer of common words, all capitalised mid-sentence.
    (OrganizationRecognizer, "He is employed by General Electric.", ["General Electric"]),
    (OrganizationRecognizer, "She used to work for Chemical Abstracts Service.", ["Chemical Abstracts Service"]),
    # 2040-2059 after a word no clock time follows.
    (DateRecognizer, "She emigrated from Haiti in 2051.", ["2051"]),
    (DateRecognizer, "In 2045 she had a stroke.", ["2045"]),
    (DateRecognizer, "Knee replaced in the summer of 2047; MI in early 2053.", ["2047", "2053"]),
    (DateRecognizer, "Quit smoking mid-2044.", ["2044"]),
    # A local number that ends a sentence.
    (PhoneRecognizer, "Emergency contact: son Piet, 555-0188.", ["555-0188"]),
    # A title-case word before a kinship word in brackets, even one that is also an English word.
    (RelativeNameRecognizer, "Spoke with Piet (son) by phone.", ["Piet"]),
    (RelativeNameRecognizer, "Emergency contact: Piet (son)", ["Piet"]),
    # After a relative's label the kinship word is the relation, the name follows it.
    (CueNameRecognizer, "HCP: daughter Tamsin Quorvath", ["Tamsin Quorvath"]),
    # A header's 'Surname, Initial.' before a bracketed record number.
    (CueNameRecognizer, "Quorvath, I. (MRN 77201934) seen 4/7/69.", ["Quorvath, I."]),
    # A family history's ages over 89.
    (AgeRecognizer, "FAMILY HISTORY: Mother died at 67 of MI. Father alive at 94.", ["94"]),
    (AgeRecognizer, "grandmother died at age 101", ["101"]),
    # A full stop ends an employer's name.
    (OrganizationRecognizer, "Retired from Raytheon. Two sons.", ["Raytheon"]),
    # A signature's 'SURNAME, FIRST' before its date.
    (CueNameRecognizer, "Signed electronically by TADDEUCCI, MARGUERITE on WED 2071-10-15 9:41 AM",
     ["MARGUERITE", "TADDEUCCI"]),
    # ... but a credential after the comma is none ('Signed by HILL, MD on 3/2').
    (CueNameRecognizer, "Signed by HILL, MD on 3/2", ["HILL"]),
    # A transcription system's document number with its prefix.
    (IdNumberRecognizer, "ESCRIPTION DOCUMENT: 4-4412987 KGHSten Tel", ["4-4412987"]),
    (IdNumberRecognizer, "Accession #: RAD-2069-0041887", ["0041887", "RAD-2069-0041887"]),  # label and shape
    # A social-media handle after its platform.
    (UrlRecognizer, "Facebook: ingrid.quorvath.5", ["ingrid.quorvath.5"]),
    (UrlRecognizer, "Daughter posts on twitter @iquorvath daily.", ["iquorvath"]),
    (UrlRecognizer, "Skype: iquorvath", ["iquorvath"]),
    # A street named without a house number, mid-sentence in mixed case.
    (StreetAddressRecognizer, "Pt lives in Section 8 housing on Orchard Terrace with her cat.", ["Orchard Terrace"]),
    (StreetAddressRecognizer, "She walked down Main Street to the pharmacy.", ["Main Street"]),
    # A sentence opening on a known first name before a reporting verb.
    (CueNameRecognizer, "Marguerite reports that her sugars have been 150-200.", ["Marguerite"]),
    (CueNameRecognizer, "Seen today. Emily Opdahl states she is tired.", ["Emily Opdahl"]),
]

LOOKALIKES = [
    # An infectious-disease line's Tmax after a state-code word stays a number.
    (IdNumberRecognizer, "ID: IN 101"),
    (IdNumberRecognizer, "Tmax 101.2 ID: MA 101"),
    # 'log in' and 'user' without a label's colon are verbs and nouns.
    (IdNumberRecognizer, "He will log in later: fine."),
    (IdNumberRecognizer, "Pt is an IV drug user: heroin."),
    # Common capitalised words after a work phrase that are clinical, or one word only, are no employer.
    (OrganizationRecognizer, "works at Rehab Center"),
    (OrganizationRecognizer, "He works at Night."),
    # Clock times of 2040-2059 after 'at', 'from', 'until', and amounts with a unit.
    (DateRecognizer, "at 2045 pt restless"),
    (DateRecognizer, "from 2045 to 0700 slept"),
    (DateRecognizer, "in 2045 hrs"),
    (DateRecognizer, "Pt placed in 2050 cc bag"),
    # A vital sign's range after its label, with a sentence's full stop.
    (PhoneRecognizer, "HR 100-1112."),
    (PhoneRecognizer, "SVR 954-1183."),
    # A function or kinship word before the bracket is no name.
    (RelativeNameRecognizer, "Discussed with Family (son)"),
    # The kinship word after a relative's label is not itself a name.
    (CueNameRecognizer, "NOK: son"),
    # A header's pair of words with no full stop after the single letter stays unread.
    (CueNameRecognizer, "PT, A (MRN 77201934)"),
    # A clock time or a dose after 'died at' / 'alive at'.
    (AgeRecognizer, "Pt died at 0930 on the unit."),
    (AgeRecognizer, "Stayed alive at 90 mg of morphine per hour."),
    # A platform named in prose, or followed by a plain word, holds no handle.
    (UrlRecognizer, "Pt active on facebook, shares pictures."),
    (UrlRecognizer, "Skype: call at 3pm"),
    # A street suffix at a sentence's start, or after function words only ('THE PT LIVES ON ORCHARD TERRACE.' is a
    # street since the twentieth round: an unnumbered street after a place word is read in any case).
    (StreetAddressRecognizer, "Main Street clinic closed."),
    (StreetAddressRecognizer, "THE PT LIVES ON THE TERRACE."),
    (StreetAddressRecognizer, "Lives on The Drive."),
    # The patient, the family or a service before a reporting verb.
    (CueNameRecognizer, "Pt reports pain. Family states agreement. Dermatology notes a rash."),
    (CueNameRecognizer, "Will reports back to team."),
]


@pytest.mark.parametrize(("cls", "text", "expected"), CASES)
def test_round11_rule_when_identifier_planted_then_found(cls, text, expected):
    assert found(cls(), text) == expected


@pytest.mark.parametrize(("cls", "text"), LOOKALIKES)
def test_round11_rule_when_lookalike_then_nothing(cls, text):
    assert found(cls(), text) == []
