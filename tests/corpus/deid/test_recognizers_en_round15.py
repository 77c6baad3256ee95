"""Tests for the fifteenth-round rules: facility names typed as one place, and the rules written from ten more note
genres' lines (all names invented)."""

import pytest

from corpus.deid.engine import DeidEngine
from corpus.deid.recognizers.en.capitalised_name_recognizer import CapitalisedNameRecognizer
from corpus.deid.recognizers.en.id_number_recognizer import IdNumberRecognizer
from corpus.deid.recognizers.en.organization_recognizer import OrganizationRecognizer
from corpus.deid.recognizers.en.place_recognizer import PlaceRecognizer
from tests.corpus.deid.recognizer_cases import found


@pytest.fixture(scope="module")
def engine():
    return DeidEngine.from_registry(languages=("en",))


def typed(engine, text: str) -> list[tuple[str, str]]:
    """(text, entity type) of every merged finding."""
    return [(text[f.start : f.end], f.entity_type) for f in engine.analyze(text, "en")]


@pytest.mark.parametrize(("text", "name"), [
    ("Dialysis at Brezhoni Kidney Center MWF.", "Brezhoni"),
    ("Seen at Opdahl Heart Institute last week.", "Opdahl"),
])
def test_engine_when_a_facility_is_named_then_one_hospital_span_and_no_person_in_it(engine, text, name):
    assert typed(engine, text) == [(name, "HOSPITAL")]


def test_capitalised_run_when_a_facility_keyword_follows_then_the_keyword_does_not_join_the_name():
    rec = CapitalisedNameRecognizer()
    assert found(rec, "Dialysis at Brezhoni Kidney Center MWF.") == ["Brezhoni"]
    # a facility word that is also a name still joins one
    assert found(rec, "Dr. Gregory House saw him.") == ["Gregory", "House"]


@pytest.mark.parametrize(("text", "expected"), [
    ("Referred to the Youth Center in Lowell.", ["Lowell"]),
    ("Meets her sponsor at Grace Church on Sundays.", ["Grace"]),
    ("Moved to Center, TX last year.", ["Center"]),
])
def test_place_when_a_facility_noun_follows_a_capitalised_word_then_it_is_no_town(text, expected):
    assert [t for t in found(PlaceRecognizer(), text) if t != "TX"] == expected


def test_engine_when_a_role_title_precedes_a_common_word_town_then_the_name_type_wins(engine):
    assert ("Rose", "CLINICIAN_NAME") in typed(engine, "Dialysis access cannulated by tech Rose today.")
    assert typed(engine, "She lives in Hope with her son.") == [("Hope", "LOCATION")]


@pytest.mark.parametrize(("text", "expected"), [
    # any word before '#' labels a plausible code after it
    ("GRIEVANCE # GR-69-0311 FILED RE: DELAYED INSULIN.", ["GR-69-0311"]),
    ("inmate rose, doc # w104471, seen at sick call", ["w104471"]),
    ("Ride booked, confirmation # TR-88412.", ["TR-88412"]),
    ("buprenorphine filled at CVS #2218.", ["2218"]),
    ("Send-out to the reference lab, order # MML-4471902; TAT 7-10 days.", ["4471902", "MML-4471902"]),
    # a client code; codes listed after a labelled one
    ("Anonymous test, client code QX-4471; result given in person.", ["QX-4471"]),
    ("fit bilateral aids; serials 2207A441 / 2207A442.", ["2207A441", "2207A442"]),
    # sizes, counts and rooms after '#' are no codes; a list does not run on into a value of another kind
    ("Replaced foley with #20fr 3way foley; Intubated #8ETT 22cm lip.", []),
    ("room # 4471, bed #12, tooth #30, ETT # 7.5", []),
    ("MRN 4471902, 55 y/o", ["4471902"]),
])
def test_id_numbers_when_labelled_by_a_hash_or_listed_then_found(text, expected):
    assert found(IdNumberRecognizer(), text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("GLASSES RX GIVEN; PT PLANS TO FILL IT AT MBEKI OPTICAL.", ["MBEKI"]),
    ("glasses rx given; pt plans to fill it at wood optical.", ["wood"]),
    ("corneal abrasion from a bungee cord at work (long roofing) on 3/12.", ["long"]),
    ("MANDIBLE FX AFTER ASSAULT OUTSIDE YOUNG'S TAVERN.", ["YOUNG'S"]),
    ("Ortho brackets placed at Hope Orthodontics.", ["Hope"]),
    # the town after a named business and a comma
    ("PHONAK TRIAL THROUGH JOAN HEARING, BRANTWOOD.", ["BRANTWOOD", "JOAN"]),
    ("faxed from mbeki diagnostics, port orrin, specimen id qd4471902k.", ["mbeki", "port orrin"]),
    # a town's common second word before a practice's type
    ("REFERRED TO ASHWICK FALLS ORTHOPEDICS FOR THE KNEE.", ["ASHWICK FALLS"]),
    # common words before a trade word in lower case, and what follows a business that is no town
    ("meets friends at the sports bar, daily.", []),
    ("Went to Price Pharmacy, then home.", ["Price"]),
])
def test_place_when_a_business_is_named_before_its_trade_then_found(text, expected):
    assert found(PlaceRecognizer(), text) == expected


def test_organization_when_an_uncommon_name_precedes_a_new_trade_word_then_found():
    assert found(OrganizationRecognizer(), "Ostomy supplies from Kravetzky Medical, acct # 440197.") == ["Kravetzky Medical"]
    assert found(OrganizationRecognizer(), "Results faxed from Opdahl Diagnostics today.") == ["Opdahl Diagnostics"]
    assert found(OrganizationRecognizer(), "Referred to Pediatric Dentistry for sealants.") == []
