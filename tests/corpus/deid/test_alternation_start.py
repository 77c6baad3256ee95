"""`starting_with`: a first-character look-ahead changes how fast a pattern is found, never what it finds."""

import re

from corpus.deid.recognizers.en import address_block_recognizer as block
from corpus.deid.recognizers.en.alternation import starting_with
from corpus.deid.recognizers.en.date_recognizer import DateRecognizer
from corpus.deid.recognizers.en.phone_recognizer import PhoneRecognizer

TEXT = ("Seen 3/14/2069 and 2069-03-14 (ISO), '98 CABG; call (617) 555-0199 x22 or +44 20 7946 0958; "
        "pager 4567, x4-5567; BP 120/80 at 2045; born 1931; 12.3.04; 2041-2043; mid-2044; lives at 12 Weir Lane, "
        "PO Box 44, Friedhofstrasse 33, via 20g IV 2 mg")


def test_when_a_pattern_is_started_with_its_first_characters_then_it_finds_the_same_spans_and_groups():
    iso = r"(?<![\d/.])(?:19|20)\d\d([-/.])(?:0?[1-9]|1[0-2])\1(?:0?[1-9]|[12]\d|3[01])(?!\d)"
    plain, fast = re.compile(iso), starting_with(r"\d", iso)
    assert [m.span() for m in fast.finditer(TEXT)] == [m.span() for m in plain.finditer(TEXT)] == [(19, 29)]
    assert fast.search(TEXT).group(1) == "-"  # the look-ahead adds no group: back-references still hold


def test_when_the_shipped_number_patterns_run_then_they_match_as_their_plain_forms():
    for rx in (DateRecognizer.NUMERIC, DateRecognizer.YEAR, DateRecognizer.ISO, DateRecognizer.APOSTROPHE_YEAR,
               PhoneRecognizer.FULL_PATTERN, PhoneRecognizer.GROUPED, PhoneRecognizer.EXTENSION,
               block.NUMBER_FIRST, block.HOUSE_NUMBER, block.PO_BOX):
        inner = re.match(r"\(\?=\[[^\]]*\]\)\(\?:(.*)\)$", rx.pattern, re.S)[1]
        plain = re.compile(inner, rx.flags)
        assert [m.span() for m in rx.finditer(TEXT)] == [m.span() for m in plain.finditer(TEXT)], rx.pattern[:40]
