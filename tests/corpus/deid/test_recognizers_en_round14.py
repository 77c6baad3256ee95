"""Table tests for the fourteenth-round rules, written from device, laboratory, emergency, public-health, clinic
letter, dialysis, oncology, nursing-home and social-history lines, and from a language model's answer: laboratory,
property and blood-unit numbers, a letter's subject written first name first, role titles and credentials,
pharmacies, ambulance firms and institutes, lower-case street lines at a scene or with an abbreviated suffix, and
contractions with a typographic apostrophe; each next to a look-alike that must stay (all names invented)."""

import pytest

from corpus.deid.recognizers.en.cue_name_recognizer import CueNameRecognizer
from corpus.deid.recognizers.en.diacritic_name_recognizer import DiacriticNameRecognizer
from corpus.deid.recognizers.en.hospital_recognizer import HospitalRecognizer
from corpus.deid.recognizers.en.id_number_recognizer import IdNumberRecognizer
from corpus.deid.recognizers.en.organization_recognizer import OrganizationRecognizer
from corpus.deid.recognizers.en.relative_name_recognizer import RelativeNameRecognizer
from corpus.deid.recognizers.en.street_address_recognizer import StreetAddressRecognizer
from tests.corpus.deid.recognizer_cases import found

CASES = [
    # Laboratory, requisition and property numbers after their label; a blood unit's ISBT 128 number by its shape.
    (IdNumberRecognizer, "Surgical pathology SP-69-14402 received from OR 7.", ["SP-69-14402"]),
    (IdNumberRecognizer, "cytology c69-2231 reviewed with dr. opdahl", ["c69-2231"]),
    (IdNumberRecognizer, "Culture sent to the state lab, req # SL-4471-0922.", ["SL-4471-0922"]),
    (IdNumberRecognizer, "Wallet given to security, property # P-4471.", ["P-4471"]),
    (IdNumberRecognizer, "Holter placed, recorder # H-20114; CGM transmitter 8G4KQ2.", ["8G4KQ2", "H-20114"]),
    (IdNumberRecognizer, "BLOOD BANK: UNIT # W0412 69 123456 TRANSFUSED.", ["W0412 69 123456"]),
    # A letter's subject or a header written first name first, before an identifier label.
    (CueNameRecognizer, "Re: Grant Wood, DOB 4/11/1957, MRN 0041877", ["Grant Wood"]),
    (CueNameRecognizer, "RE: TAMSIN OLUWASEUN, DOB 4/11/1957", ["TAMSIN OLUWASEUN"]),
    (CueNameRecognizer, "Patient: Kravetzky Brezhoni MRN 0041877", ["Kravetzky Brezhoni"]),
    # Role titles of outpatient and emergency notes; a referral's thanks.
    (CueNameRecognizer, "Chiropractor Zamudio has been seeing her weekly.", ["Zamudio"]),
    (CueNameRecognizer, "dog bite: neighbour's dog, owner brezhoni esterhuizen of pearl st", ["brezhoni esterhuizen"]),
    (CueNameRecognizer, "exposed to coworker Mbeki at the plant", ["Mbeki"]),
    (CueNameRecognizer, "Thank you for referring Kravetzky Brezhoni, a 54 y/o woman.", ["Kravetzky Brezhoni"]),
    (CueNameRecognizer, "hearing aids fitted by Opdahl, Au.D.", ["Opdahl"]),
    # A pharmacy or an ambulance firm named after an uncommon or possessive name.
    (OrganizationRecognizer, "Flu vaccine given at Frank's Pharmacy, Tewksbury.", ["Frank's Pharmacy"]),
    (OrganizationRecognizer, "Transferred by Kravetzky Ambulance from the ED.", ["Kravetzky Ambulance"]),
    # Lower-case street lines: at a scene, and with an abbreviated suffix before a town.
    (StreetAddressRecognizer, "biba; found down at 45 weir lane by neighbour", ["45 weir lane"]),
    (StreetAddressRecognizer, "scene: 12 ocean ave, kettleby; pt on the floor", ["12 ocean ave, kettleby"]),
    # Dialysis, transplant and oncology lines: a donor match run, technicians, a study monitor, a PharmD, institutes.
    (IdNumberRecognizer, "Deceased donor kidney; match run MR-2069-0412.", ["MR-2069-0412"]),
    (CueNameRecognizer, "dialysis access cannulated by tech quattlebaum", ["quattlebaum"]),
    (CueNameRecognizer, "STUDY MONITOR MBEKI FROM THE SPONSOR VISITED.", ["MBEKI"]),
    (CueNameRecognizer, "POST-TRANSPLANT CLINIC WITH ESTERHUIZEN, PHARMD, ON 4/2.", ["ESTERHUIZEN"]),
    (HospitalRecognizer, "Second opinion at Kravetzky Cancer Institute in Lowell.", ["Kravetzky"]),
    (HospitalRecognizer, "Dialysis at Brezhoni Kidney Center MWF.", ["Brezhoni"]),
    (RelativeNameRecognizer, "living donor: sons bill and frank, both o+", ["bill", "frank"]),
    # Nursing-home roles: director and assistant director of nursing, administrator, aides; a credential after a name.
    (CueNameRecognizer, "DON Brezhoni called with report; ADON Taddeucci to fax the MAR.", ["Brezhoni", "Taddeucci"]),
    (CueNameRecognizer, "ADMINISTRATOR MBEKI VUKOVICH NOTIFIED OF THE FALL.", ["MBEKI VUKOVICH"]),
    (CueNameRecognizer, "belongings inventoried by quattlebaum, cna", ["quattlebaum"]),
    # Social histories: children listed after the word; a pub after a possessive name.
    (RelativeNameRecognizer, "HAS 3 CHILDREN: LONG, PAGE AND BILL, ALL LOCAL.", ["BILL", "LONG", "PAGE"]),
    (OrganizationRecognizer, "Drinks 2-3 beers a night at Page's Pub on weekends.", ["Page's Pub"]),
    # School and sports notes: coaches, principals, directors, classmates, teachers and trainers as role titles.
    (CueNameRecognizer, "COACH QUATTLEBAUM HABERSTROH CALLED RE: CLEARANCE.", ["QUATTLEBAUM HABERSTROH"]),
    (CueNameRecognizer, "Bullied by classmate Brezhoni; principal Haberstroh Mbeki involved.",
     ["Brezhoni", "Haberstroh Mbeki"]),
    (CueNameRecognizer, "athletic trainer opdahl pulled him from the game", ["opdahl"]),
    # A typographic apostrophe does not hide an accented name or its possessive.
    (DiacriticNameRecognizer, "José’s wife called; seen by Dr Červinková’s team.", ["José", "Červinková"]),
]
LOOKALIKES = [
    # Labels with no number, counts and lot numbers' cousins that are not identifiers.
    (IdNumberRecognizer, "specimen 2 sent; pathology pending; req # 12; Shingrix #2; property of the hospital."),
    # A letter's subject that is no name, before an identifier label.
    (CueNameRecognizer, "Re: Annual visit, DOB 4/11/1957. RE: CHEST PAIN DOB 4/11. Patient: Follow up MRN 1234567"),
    # Role words with no name after them.
    (CueNameRecognizer, "Owner of the dog unknown. crew member at bedside. Thank you for referring this patient."),
    # A pharmacy or ambulance after common words.
    (OrganizationRecognizer, "Sent to Hospital Pharmacy. Called Private Ambulance. Outpatient Pharmacy notified."),
    # Numbers at a scene that are no street; a drive, a place and 'st' are no street before a town.
    (StreetAddressRecognizer, "found at 3 am on the floor; scene: 2 cars, 1 lane closed. 20 min drive, ok. 2 st, bed."),
    # A run of fluids is no match run; a tech with no name after the title.
    (IdNumberRecognizer, "NS run 1000 ml over 8 hrs; match run pending."),
    (CueNameRecognizer, "tech support called; Tech: good quality study; study monitor alarms."),
    (CueNameRecognizer, "don gloves and gown. DON MASK. pt, CNA at bedside. LPN to give meds. administrator on call aware."),
    (CueNameRecognizer, "principal diagnosis: CHF. Director of nursing aware. coach class. teacher aware. PRINCIPAL PROBLEM."),
    # Whom a service is for is not its name.
    (HospitalRecognizer, "student health center sent records. Employee Health Clinic. STAFF HEALTH CENTER."),
    # Contractions with a typographic apostrophe (as language models and word processors write them) are words.
    (DiacriticNameRecognizer, "I’m sorry for your pain. Don’t worry, we’re here; I’ll call, you’re ok, they’ve left."),
    # A compound of common words before a facility word names no place.
    (HospitalRecognizer, "Post-transplant clinic on 4/2. Follow-up clinic in 2 wks. Walk-in clinic."),
    # After a relative's name and a comma, a lower-case common word goes on with the sentence.
    (RelativeNameRecognizer, "living donor work-up: brother, age 44, blood type o+."),
    (RelativeNameRecognizer, "children at bedside. Children's Hospital. 2 children, ages 4 and 6. kids are grown."),
    (OrganizationRecognizer, "Drinks at the Local Pub. Irish Pub. Village Tavern."),
]


@pytest.mark.parametrize(("cls", "text", "expected"), CASES)
def test_round14_rule_when_identifier_planted_then_found(cls, text, expected):
    assert found(cls(), text) == expected


@pytest.mark.parametrize(("cls", "text"), LOOKALIKES)
def test_round14_rule_when_lookalike_then_nothing(cls, text):
    assert found(cls(), text) == []
