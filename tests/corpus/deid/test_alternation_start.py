"""`starting_with`: a first-character look-ahead changes how fast a pattern is found, never what it finds."""

import re
from pathlib import Path

import pytest

from corpus.deid.recognizers.en import address_block_recognizer as block
from corpus.deid.recognizers.en.alternation import first_characters, guarded, starting_with
from corpus.deid.recognizers.en.capitalised_name_recognizer import CAP_WORD
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


def _shipped_guarded_patterns():
    """Every pattern the English recognizers compile behind a first-character look-ahead, with its plain form."""
    import importlib
    import inspect
    import pkgutil

    import corpus.deid.recognizers.en as package

    found = {}
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        values = list(vars(module).values())
        for _, cls in inspect.getmembers(module, inspect.isclass):
            values += list(vars(cls).values()) if cls.__module__ == module.__name__ else []
        for rx in values:
            inner = re.match(r"\(\?=\[[^\]]*\]\)\(\?:(.*)\)$", rx.pattern, re.S) if isinstance(rx, re.Pattern) else None
            if inner and rx is not CAP_WORD:  # its look-ahead is a filter: capitalised words only
                found[rx.pattern] = (rx, re.compile(inner[1], rx.flags))
    return list(found.values())


NON_ASCII = "\\u0080-\\U0010ffff"
# Every invented probe line, plus case-folded and non-ASCII forms: 'K' (Kelvin sign) matches 'k' under IGNORECASE.
PROBE_TEXT = "\n".join(p.read_text(encoding="utf-8") for p in sorted(
    (Path(__file__).resolve().parents[3] / "benchmarks" / "deid_contexts").glob("*.txt")))
FOLDED = "\u212aIN: son Piet; CORNER OF Elm; ſigned by Dr Ünal; İnfant boy; 98 ÿ ½ ² ٣ 2045"


def test_when_a_shipped_pattern_is_guarded_then_it_matches_every_probe_line_as_its_plain_form():
    pairs = _shipped_guarded_patterns()
    assert len(pairs) > 60  # the round-12 guards and the number patterns' look-aheads
    for text in (PROBE_TEXT, PROBE_TEXT.upper(), PROBE_TEXT.lower(), FOLDED):
        for fast, plain in pairs:
            got = [(m.span(), m.groups()) for m in fast.finditer(text)]
            assert got == [(m.span(), m.groups()) for m in plain.finditer(text)], plain.pattern[:60]


def test_when_first_characters_are_read_from_a_pattern_then_they_cover_every_way_it_can_start():
    assert first_characters(re.compile(r"\b(?:corner|the)\s", re.I)) == "CTct" + NON_ASCII
    assert first_characters(re.compile(r"(?<![\w/])(?:x\s*)?\d+")) == "0123456789x" + NON_ASCII
    assert first_characters(re.compile(r"(?:(?i:dr)|Mr)\.?")) == "DMd" + NON_ASCII
    assert first_characters(re.compile(r"[A-C]-?\d")) == "ABC"
    assert first_characters(re.compile(r"(?m)^[ \t]*-")) == "\\\t\\ \\-"  # re.escape keeps the tab itself


def test_when_a_match_can_be_empty_or_start_anywhere_then_no_guard_is_offered():
    for pattern in (r"a*", r"(?:x|)y?", r".x", r"[^a]b", r"(a?)\1b", r"\Wx"):
        assert first_characters(re.compile(pattern)) is None, pattern
    with pytest.raises(ValueError, match="no first-character guard"):
        guarded(re.compile(r"\s*x?"))


def test_when_a_pattern_is_guarded_then_its_flags_and_groups_stay():
    rx = guarded(re.compile(r"(?m)^(?P<w>corner)\b", re.I))
    assert rx.flags & re.I and rx.flags & re.M
    assert [m["w"] for m in rx.finditer("x\nCorner\ncorner")] == ["Corner", "corner"]
    assert guarded(re.compile(r"\bkin\b", re.I)).search("next of \u212aIN")  # the Kelvin sign folds to 'k'
    assert guarded(re.compile("\u212ain", re.I)).search("next of kin")  # and back: the Kelvin sign matches 'k'
