"""Tests for the fifteenth-round rules: facility names typed as one place, and the rules written from ten more note
genres' lines (all names invented)."""

import pytest

from corpus.deid.engine import DeidEngine
from corpus.deid.recognizers.en.capitalised_name_recognizer import CapitalisedNameRecognizer
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
