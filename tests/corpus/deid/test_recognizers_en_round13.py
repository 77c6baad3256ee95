"""Table tests for the thirteenth-round rules, written from pharmacy, discharge-instruction, paediatric and therapy
lines: where an address's tail ends, phone numbers in brackets and with a '+', names after calling verbs and role
titles, and a weekday written onto a month-name date; each next to a look-alike that must stay (all names invented)."""

import pytest

from corpus.deid.anonymize import apply_policy
from corpus.deid.engine import DeidEngine
from corpus.deid.policy import DeidPolicy
from corpus.deid.recognizers.en.address_block_recognizer import AddressBlockRecognizer
from corpus.deid.recognizers.en.capitalised_name_recognizer import CapitalisedNameRecognizer
from corpus.deid.recognizers.en.cue_name_recognizer import CueNameRecognizer
from corpus.deid.recognizers.en.date_recognizer import DateRecognizer
from corpus.deid.recognizers.en.id_number_recognizer import IdNumberRecognizer
from corpus.deid.recognizers.en.organization_recognizer import OrganizationRecognizer
from corpus.deid.recognizers.en.phone_recognizer import PhoneRecognizer
from corpus.deid.recognizers.en.relative_name_recognizer import RelativeNameRecognizer
from corpus.deid.recognizers.en.place_recognizer import PlaceRecognizer
from corpus.deid.recognizers.en.street_address_recognizer import StreetAddressRecognizer
from corpus.deid.recognizers.en.titled_name_recognizer import TitledNameRecognizer
from tests.corpus.deid.recognizer_cases import found

CASES = [
    # An address line's tail stops at the phone label or area code after it.
    (AddressBlockRecognizer, "Pharmacy: Walgreens, 112 Broad St, Lynn MA 01902, ph (781) 555-0143",
     ["01902", "112 Broad St, Lynn MA 01902", "Lynn MA 01902"]),
    (AddressBlockRecognizer, "Clinic: 45 Pearl St Suite 300, Tel 617-555-0199", ["45 Pearl St Suite 300"]),
    # A bracket that closes the sentence's aside is not part of the number; a '+' and a six-digit group are.
    (PhoneRecognizer, "the health care proxy (cell 978.555.0117).", ["978.555.0117"]),
    (PhoneRecognizer, "Mobile: +44 7700 900123 (daughter in UK)", ["+44 7700 900123"]),
    (PhoneRecognizer, "mum mobile 07700 900123", ["07700 900123"]),
    # Between a calling verb and a number: one or two words that are names or unknown words.
    (CueNameRecognizer, "If you have questions call Grant at (617) 555-0166.", ["Grant"]),
    (CueNameRecognizer, "if you have questions call rose at 617-555-0166", ["rose"]),
    (CueNameRecognizer, "Please contact Ingrid Opdahl at 978-555-0190 to schedule.", ["Ingrid Opdahl"]),
    # Role titles of therapy and paediatric notes, and the second name word after a role title in the same case.
    (CueNameRecognizer, "RESEARCH COORDINATOR LONG PRICE REVIEWED ELIGIBILITY.", ["LONG PRICE"]),
    (CueNameRecognizer, "speech therapist quattlebaum mbeki saw pt", ["quattlebaum mbeki"]),
    (CueNameRecognizer, "Cotreat with OT Mbeki; pt tolerated well.", ["Mbeki"]),
    (CueNameRecognizer, "Babysitter Frank brought pt in.", ["Frank"]),
    (CueNameRecognizer, "Guardian ad litem Quorvath requested records.", ["Quorvath"]),
    # Occupational, veterans' and legal lines: ranks as titles, employers by trade word, label or owner, dockets.
    (TitledNameRecognizer, "Sgt. Brown from his unit visited today; Det. Zamudio requested a level.", ["Brown", "Zamudio"]),
    (TitledNameRecognizer, "Deputy Long brought pt in.", ["Long"]),
    (OrganizationRecognizer, "Injured at work at Kravetzky Logistics warehouse.", ["Kravetzky Logistics"]),
    (OrganizationRecognizer, "Employer: Long Construction; supervisor notified.", ["Long Construction"]),
    (OrganizationRecognizer, "EMPLOYER: LONG CONSTRUCTION; SUPERVISOR NOTIFIED.", ["LONG CONSTRUCTION"]),
    (OrganizationRecognizer, "Works as a line cook at Price's Diner on Route 9.", ["Price's Diner"]),
    (CueNameRecognizer, "Employer notified; supervisor Wood Bill aware.", ["Wood Bill"]),
    (CueNameRecognizer, "Note faxed to HR, attn Bill.", ["Bill"]),
    (IdNumberRecognizer, "Restraining order on file, docket 2069-RO-0441.", ["2069-RO-0441"]),
    # A town after a place preposition keeps the sentence's full stop out of its span.
    (PlaceRecognizer, "Son is stationed at Fort Brezhoni.", ["Fort", "Fort Brezhoni"]),
    # 'managed by' as a cue; a second name word in the same case after a kinship word.
    (CueNameRecognizer, "Coumadin managed by Brown at the anticoagulation clinic.", ["Brown"]),
    (RelativeNameRecognizer, "FOSTER MOTHER HILL HOPE HAS CUSTODY.", ["HILL HOPE"]),
    (RelativeNameRecognizer, "lives with mother hope long and grandmother.", ["hope long"]),
    # After a name label a capitalised common word is the name ('kamila' is in the English word list); a kinship
    # word may carry how long the relation has lasted.
    (CueNameRecognizer, "Name: Kamila Opdahl", ["Kamila Opdahl"]),
    (RelativeNameRecognizer, "Partner of 20 yrs, Brown, at bedside.", ["Brown"]),
    (RelativeNameRecognizer, "HUSBAND OF 50 YEARS, MBEKI, AT BEDSIDE.", ["MBEKI"]),
    # Death documentation: a funeral home in any case; a lower-case street with its whole suffix word before a town.
    (PlaceRecognizer, "BODY RELEASED TO ESTERHUIZEN FUNERAL HOME, KETTLEBY.", ["ESTERHUIZEN", "KETTLEBY"]),  # and its town
    (StreetAddressRecognizer, "card sent to the family at 45 weir lane, tewksbury.", ["45 weir lane, tewksbury"]),
    # A role title that census lists hold as a surname opens no name run; later in a run it is a surname.
    (CapitalisedNameRecognizer, "Sitter Zamudio at bedside for safety.", ["Zamudio"]),
    (CapitalisedNameRecognizer, "Visitors: Rose Sitter and her son.", ["Rose", "Sitter"]),
    # A town between a street line and a state code with its ZIP, without a comma.
    (StreetAddressRecognizer, "WALGREENS, 112 BROAD ST, ASHWICK FALLS MA 01902", ["112 BROAD ST, ASHWICK FALLS", "MA 01902"]),
    # A lower-case street line with a unit after it needs no cue word.
    (StreetAddressRecognizer, "follow up at 45 pearl st suite 300, tel 617-555-0199", ["45 pearl st", "suite 300"]),
]
LOOKALIKES = [
    # A contact label before a number is no town, whatever GeoNames lists.
    (PlaceRecognizer, "Tel 617-555-0199. Mobile: +44 7700 900123."),
    # Services, pronouns, kin and times between a calling verb and 'at'.
    (CueNameRecognizer, "Call the clinic at 617-555-0100. Call us at 555-0100. called pharmacy at 10am. "
                        "called daughter at 617-555-0101. paged covering at 4471. call 911."),
    # After a role title's name, a verb or 'Will' ends the name; 'OT ie', 'OT eval', 'OT TO FOLLOW' hold none.
    (CueNameRecognizer, "Weakness with OT ie unable to hold a spoon. OT eval today. OT TO FOLLOW."),
    # A prescriber's identifier label after the name is no second name.
    (TitledNameRecognizer, "NPI 1497758544, DEA BH4471823"),
    # Ranks that are also clinical abbreviations, with no name after them; chest physiotherapy is no captain.
    (TitledNameRecognizer, "Lt arm swollen; lt hip pain; Col CA hx; CPT 99213; ON-CPT GIVEN-NTS FOR SPUTUM."),
    # A trade word after common words, a possessive that is no owner, an employer label that holds no name.
    (OrganizationRecognizer, "Referred to Social Services. Patient's Services. Employer: retired. Employer: Self."),
    (IdNumberRecognizer, "no warrant found; docket reviewed."),
    # State agencies and benefits in social-work notes.
    (CapitalisedNameRecognizer, "Referral to DMH and DCF; applied for SSDI and MassHealth."),
    (CueNameRecognizer, "DM managed by diet; pain managed by PCA; managed by cardiology; HTN managed by pcp."),
    (CueNameRecognizer, "Name: Unknown. NAME: SAME. Name: Patient declined. Name of medication: Lasix."),
    (RelativeNameRecognizer, "wife of 40 years at bedside. son of 2 yrs old."),
    (StreetAddressRecognizer, "gave 2 units, road trip. 3 lane road, heavy. 20 min drive, ok."),
    (PlaceRecognizer, "NEOB notified. Funeral home notified. TO FUNERAL HOME."),
    # A weekday or saturation alone is no date.
    (DateRecognizer, "HD on Tuesday; sat 94% on RA."),
]


@pytest.mark.parametrize(("cls", "text", "expected"), CASES)
def test_round13_rule_when_identifier_planted_then_found(cls, text, expected):
    assert found(cls(), text) == expected


@pytest.mark.parametrize(("cls", "text"), LOOKALIKES)
def test_round13_rule_when_lookalike_then_nothing(cls, text):
    assert found(cls(), text) == []


def test_when_a_role_title_name_is_followed_by_a_verb_or_will_then_only_the_name_is_taken():
    assert found(CueNameRecognizer(), "RN Kim Will call back; nurse Rose Hill at bedside.") == ["Kim", "Rose Hill"]


def test_when_a_relative_name_is_followed_by_a_verb_or_will_then_only_the_name_is_taken():
    assert found(RelativeNameRecognizer(), "SON JOHN WILL VISIT. wife Rose said so. Daughter Mary May come.") == [
        "JOHN", "Mary", "Rose"]


def test_when_a_prescriber_is_followed_by_npi_then_only_the_name_is_taken():
    assert found(TitledNameRecognizer(), "Prescriber: Dr. Brezhoni, NPI 1497758544, DEA BH4471823") == ["Brezhoni"]
    assert found(TitledNameRecognizer(), "Dr. Ferullo, Saeed") == ["Ferullo", "Saeed"]  # a second name still joins


def test_when_a_town_is_named_like_a_contact_label_then_it_is_still_a_place():
    assert found(PlaceRecognizer(), "Lives in Mobile, AL. Moved to Tel Aviv in 2010.") == ["Aviv", "Mobile", "Tel Aviv"]


@pytest.mark.parametrize(("text", "expected", "not_taken"), [
    ("Your next appointment: Tuesday, March 4 with the NP.", ["Tuesday, March 4"], "March 4"),
    ("seen Wednesday March 6th and on Mon 4 Mar 2069", ["Mon 4 Mar 2069", "Wednesday March 6th"], "March 6th"),
    ("sat March 4 on RA", ["March 4"], "sat March 4"),
])
def test_round13_weekday_when_written_onto_a_month_name_date_then_taken_with_it(text, expected, not_taken):
    spans = found(DateRecognizer(), text)
    assert set(expected) <= set(spans) and not_taken not in spans


@pytest.fixture(scope="module")
def engine():
    return DeidEngine.from_registry(languages=("en",))


def test_engine_when_an_address_is_followed_by_its_phone_then_each_keeps_its_type_and_the_label_stays(engine):
    text = "Pharmacy: Walgreens, 112 Broad St, Lynn MA 01902, ph (781) 555-0143. Proxy (cell 978.555.0117)."
    findings = engine.analyze(text, "en")
    assert [(text[f.start : f.end], f.entity_type) for f in findings if f.entity_type in ("LOCATION", "PHONE")] == [
        ("112 Broad St, Lynn MA 01902", "LOCATION"), ("(781) 555-0143", "PHONE"), ("978.555.0117", "PHONE")]
    tagged, _ = apply_policy(text, findings, DeidPolicy.preset("tags"))
    assert tagged == "Pharmacy: Walgreens, [LOCATION], ph [PHONE]. Proxy (cell [PHONE])."
