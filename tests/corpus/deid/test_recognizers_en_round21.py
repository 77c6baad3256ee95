"""Tests for the twenty-first-round rules: the last stop's leftovers and the misses of twenty new probe genres (sets M
and N: administrative forms, hospital operations and ward logs); all names, numbers and places invented."""

import pytest

from corpus.deid.engine import DeidEngine
from tests.corpus.deid.recognizer_cases import engine_spans as spans


@pytest.fixture(scope="module")
def engine():
    return DeidEngine.from_registry(languages=("en",))


TAILS_FOUND = [
    ("Visa card ending 4471 declined.", "4471"),
    ("SSN last 4 2290 verified w/ pt.", "2290"),
    ("member id ends in 8812, plan active", "8812"),
    ("acct ending in -3390 set up for autopay", "3390"),
    ("card ****4471 on file for copays", "4471"),
    ("MC ENDING 4471, EXP 09/27", "4471"),
    ("ssn (last4) 2290", "2290"),
    ("last 4 of card 4471", "4471"),
    ("policy number ending with 0042", "0042"),
    ("cb to cell ending 2291 only", "2291"),
]
TAILS_LEFT = [
    ("shift ending 0700, report given", "0700"),
    ("last 3 bp 120/70, 118/64", "120"),
    ("infusion ending 1430, line flushed", "1430"),
    ("last 4 hrs 2200 cc out", "2200"),
]


@pytest.mark.parametrize(("text", "span"), TAILS_FOUND)
def test_engine_finds_the_last_digits_of_a_labelled_number(engine, text, span):
    assert span in spans(engine, text)


@pytest.mark.parametrize(("text", "span"), TAILS_LEFT)
def test_engine_reads_a_time_or_a_value_after_a_tail_word_with_no_label_as_no_identifier(engine, text, span):
    assert not any(span in s for s in spans(engine, text))
