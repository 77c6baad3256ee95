"""Patients named in pager and secure-chat shorthand: 'FYI rm 9 Hill, unwitnessed fall', 'BED 2 GRANT HR 140S',
'pls see Brezhoni in 12', '78M ROSE COMING TO 6W', 'family of Price to sicu', 'cb Grant x4412'."""

import re

from presidio_analyzer import RecognizerResult

from corpus.deid import lexicons
from corpus.deid.recognizers.en.alternation import guarded
from corpus.deid.recognizers.en.cue_patterns import known_name
from corpus.deid.recognizers.en.name_tokens import KINSHIP_WORDS, bare, subject_word
from corpus.deid.recognizers.en.role_words import ROLE_TITLES, UPPER_ROLE_ABBREVIATIONS
from corpus.deid.recognizers.en.shorthand_name_recognizer import uncommon_word

_WORD = r"(?P<n>[A-Za-z][A-Za-z'’-]+)"
# Where a pager message puts the patient: after a room, bed or chair number, after 'pls see', after an age and sex.
FRAMES = guarded(re.compile(
    r"(?<![A-Za-z])(?:(?i:rm|room|bed|chair|bay|stretcher)[ \t]*#?\d{1,3}[A-Za-z]?[ \t]*[-:]?"
    r"|(?i:pls|please|plz)[ \t]+(?i:see|eval|check[ \t]+on|assess)"
    r"|(?<![\w/.])\d{1,3}[ \t]?(?:[MF]|[mf]|(?i:yo[ \t]?[mf]))(?![A-Za-z]))[ \t]+" + _WORD))
# What follows the name in such a message: a stop, where the patient is, what came next, or a vital sign's number.
AFTER = re.compile(
    r"[ \t]*(?:[,(:;]|\.(?![A-Za-z\d])|$)|[ \t]+(?:(?i:w/)|(?i:in|bed|rm|room|with|coming|admitted|woke|states|tmrw|tomorrow|"
    r"today|tonight|re|asap)\b|(?i:hr|bp|sbp|k|temp|rr|spo2|sats?|bg|fsbg|glucose)[ \t]*[\d.])", re.M)
# Words these frames hold that name no one ('rm 9 call light', 'pls see above', '78M W/ CHF').
NOT_PATIENTS = frozenset({"pt", "pts", "patient", "above", "below", "note", "notes", "chart", "md", "np", "rn", "team",
                          "orders", "order", "attached", "mar", "labs", "today", "tonight", "asap", "now", "again",
                          "call", "light", "window", "door", "sitter", "empty", "clean", "dirty", "blocked", "open",
                          "closed", "isolation", "iso", "contact", "droplet", "airborne", "admit", "admission",
                          "discharge", "transfer", "new", "old", "same", "next", "last", "first", "second", "this",
                          "that", "who", "hx", "pmh", "s/p", "yo", "male", "female", "man", "woman", "north", "south",
                          "east", "west", "ready", "available", "vacant", "occupied", "pending", "assigned", "held",
                          # where a bed stands: 'HALL BED 2', 'overflow rm 3'
                          "hall", "hallway", "corridor", "overflow", "extra", "surge", "temp", "temporary", "swing"})


def _patient_word(word: str) -> bool:
    """A known name or a word outside the allow-list, never a function, clinical, relation or role word."""
    w = bare(word)
    if len(w) < 2 or w in NOT_PATIENTS or w in lexicons.stop_words() or w in lexicons.drugs_and_clinical() or (
            w in KINSHIP_WORDS or w in ROLE_TITLES or w in UPPER_ROLE_ABBREVIATIONS):
        return False
    return known_name(w) or len(w) > 4 and uncommon_word(word)


# Frames that say more by what follows the name: 'overhead page for family of Price to sicu', 'cb Grant x4412',
# 'PT FRANK 95 YO'; each with its own continuation.
FAMILY_OF = guarded(re.compile(r"(?<![A-Za-z])(?i:family[ \t]+of)[ \t]+" + _WORD
                               + r"(?=[ \t]*(?:[,(.;]|$|(?i:to|in|at|asked|asking|here|called|updated|aware)\b))", re.M))
CALL_BACK = guarded(re.compile(r"(?<![A-Za-z])(?i:cb|call[ \t]?back)[ \t]+" + _WORD
                               + r"(?=[ \t]+(?:(?i:x|ext\.?)[ \t]*\d{3,5}\b|@[ \t]*\d))"))
PATIENT_AGE = guarded(re.compile(r"(?<![A-Za-z])(?i:pt|patient)[ \t]+" + _WORD
                                 + r"(?=[ \t]*,?[ \t]+\d{1,3}[ \t]*(?i:yo|y/o|y\.o\.|yrs?[ \t]+old|years?[ \t]+old)\b)"))

# 'Brezhoni bed 2 k 3.2 pls replete', 'FYI Hill in 4 left unit', 'CALLED BY DR ROSE RE: GRANT BED 6': the patient named
# before the bed or room, at a line's start or after 'fyi', 're' or 'on' (not 'in 2 hrs').
# Found from the bed or room (rarer), the name read backwards.
WHERE = guarded(re.compile(r"[ \t]+(?i:bed|rm|room|in)[ \t]*#?\d{1,3}[A-Za-z]?\b"
                           r"(?![ \t]*(?i:hrs?|hours?|mins?|minutes|days?|d|h|wks?|weeks?|mos?|months?|am|pm)\b)"))
NAME_BEFORE_WHERE = re.compile(r"(?:^[ \t]*|(?<![A-Za-z])(?i:fyi|re:?|on)[ \t]+)" + _WORD + r"$", re.M)

# 'BROWN + LONG USED HOYER', 'hope and bill responded': two known names joined, then what the two of them did.
# Found from the joiner ('+', '&', 'and': rarer than the verbs), the first name read backwards.
JOINER = re.compile(r"[+&]|(?<![A-Za-z])(?i:and)(?![A-Za-z'’-])")
PAIR_SECOND = re.compile(
    r"[ \t]*(?P<b>[A-Za-z][A-Za-z'’-]+)[ \t]+(?i:used|responded|searched|lifted|turned|repositioned|held|restrained|"
    r"assisted|helped|called|notified|paged|updated|witnessed|drew|checked|verified|signed|co-?signed|transported|"
    r"counted)\b")
PAIR_FIRST = re.compile(r"(?<![A-Za-z'’])(?P<a>[A-Za-z][A-Za-z'’-]+)[ \t]*$")


def _pairs(text: str) -> list[RecognizerResult]:
    """Both names of each joined pair before what they did, when each is a known name in the word test of a subject."""
    out = []
    for j in JOINER.finditer(text):
        b = PAIR_SECOND.match(text, j.end())
        a = PAIR_FIRST.search(text, max(0, j.start() - 40), j.start()) if b else None
        if a and all(known_name(bare(w)) and subject_word(w) for w in (a["a"], b["b"])):
            out += [RecognizerResult("PERSON", a.start("a"), a.end("a"), 0.6),
                    RecognizerResult("PERSON", b.start("b"), b.end("b"), 0.6)]
    return out


def pager_names(text: str, lowered: str, entity: str) -> list[RecognizerResult]:
    """The patient's name after a room, bed or chair number, after 'pls see' and after an age and sex, when the
    message goes on as pages do ('rm 9 Hill, unwitnessed fall'; not 'rm 9 call light'); after 'family of', before a
    call-back extension, before the patient's age and before the bed or room; two joined names before what they did."""
    found = [m for m in FRAMES.finditer(text) if AFTER.match(text, m.end("n"))]
    hinted = ((FAMILY_OF, ("family",)), (CALL_BACK, ("cb ", "call")), (PATIENT_AGE, ("yo", "y/o", "y.o", "old")))
    for rx, hints in hinted:
        found += rx.finditer(text) if any(h in lowered for h in hints) else ()
    found += [m for w in WHERE.finditer(text)
              if (m := NAME_BEFORE_WHERE.search(text, max(0, w.start() - 40), w.start()))]
    return _pairs(text) + [RecognizerResult(entity, m.start("n"), m.end("n"), 0.6) for m in found if _patient_word(m["n"])]
