"""Days written like fractions: '3/4' and '1/2' are a half or three quarters, or the 4th of March and the 2nd of
January. The date recognizer asks here once a fraction-shaped span has passed its score, dose and strength tests."""

import re

from corpus.deid import lexicons

FRACTIONS = {"1/2", "1/3", "1/4", "2/3", "3/4"}
FRACTION_HEADING = re.compile(r":[ \t]+[A-Za-z]")
FRACTION_DAY_AFTER = re.compile(r"[ \t]*(?:[,;.)(]|$|\n|(?i:for|at|@|w/|with|by|per|and)\b)", re.M)
# 'bcx x2 3/4 1320 pending', 'SAT 3/4 0700 CENSUS': a clock time right after a half or three quarters makes it a
# day; 'auth for X, 3/4 - 4/4': so does a date it runs to.
FRACTION_TIME_AFTER = re.compile(r"[ \t]+(?:@[ \t]*)?[0-2]\d[0-5]\d\b"
                                 r"(?![ \t]*(?:[/.:-]\d|(?i:mg|ml|cc|mcg|units?|g|kg|hrs?|mins?)\b))")
FRACTION_RANGE_AFTER = re.compile(r"[ \t]*-[ \t]*(?P<d>(?:1[0-2]|0?[1-9])/(?:3[01]|[12]\d|0?[1-9]))(?![\d/])")
# 'ate 3/4.', 'D5 1/2 at 75/hr', 'cxs up 1/3-1/2.': an amount, after what takes or measures it, or after a number.
AMOUNT_BEFORE = re.compile(r"(?:(?<![A-Za-z])(?i:ate|eaten|eats|took|taken|takes|taking|finished|consumed|drank|drinks|"
                           r"tolerated|tolerating|intake|given|gave|give|used|using|about|approx|approximately|only|x|"
                           r"up|way|of|and|or|to|than|over|under|remaining|left|last|cups?|tabs?|tablets?|glass|bottle|"
                           r"bowl|plate|tray|meals?|breakfast|lunch|dinner|supper|pain|score|strength)|~|\w*\d\w*)"
                           r"[ \t]*$")
WORD_BEFORE = re.compile(r"(?<![A-Za-z'’])(?P<w>[A-Za-z][A-Za-z'’]*)[ \t]*$")
# 'MOLST SIGNED 3/4.', 'derm saw 3/4 for rash', 'e2 drawn 3/4.': a past event's verb before it.
FRACTION_VERB_BEFORE = re.compile(r"(?<![A-Za-z])(?i:signed|saw|drawn|collected|obtained|sent|faxed|called|"
                                  r"received|d/c|dc)[ \t]+$")


def dated_fraction(text: str, m: re.Match, event_before: re.Pattern) -> bool:
    """'DM foot exam 3/4: monofilament ...', 'foley placed 3/4, draining': a half or three quarters is a day when
    a colon heads what was found then, a clock time or a date it runs to follows, or when an event word or a past
    verb comes right before and no amount follows ('for 1/2 hr')."""
    if FRACTION_HEADING.match(text, m.end()) or FRACTION_TIME_AFTER.match(text, m.end()):
        return True
    if (r := FRACTION_RANGE_AFTER.match(text, m.end())) and r["d"] not in FRACTIONS:
        return True
    if not FRACTION_DAY_AFTER.match(text, m.end()):
        return False
    if event_before.search(text, max(0, m.start() - 20), m.start()) or FRACTION_VERB_BEFORE.search(
            text, max(0, m.start() - 12), m.start()):
        return True
    # 'fall down stairs 3/4 at home', 'app rec'd 3/4, household of 4': after a common word that takes or measures
    # no amount and is no drug or clinical word ('lasix 1/2.'; 'transfer to quartermain 2/3.': an unknown word, a
    # ward's name, may be its floor)
    if AMOUNT_BEFORE.search(text, max(0, m.start() - 24), m.start()):
        return False
    w = WORD_BEFORE.search(text, max(0, m.start() - 24), m.start())
    return bool(w) and w["w"].lower() in lexicons.vocabulary() and w["w"].lower() not in lexicons.drugs_and_clinical()
