"""Names in the language of death and remembrance: 'the late Price Hill', 'in memory of wood hill', 'HILL PASSED AWAY
AT HOME', 'per hospice, Grant died sat night'."""

import re

from presidio_analyzer import RecognizerResult

from corpus.deid import lexicons
from corpus.deid.recognizers.en.alternation import by_first_letter, guarded
from corpus.deid.recognizers.en.cue_patterns import NOT_NAMES, ROLE_WORDS, known_name
from corpus.deid.recognizers.en.name_tokens import bare, likely_name

_WORD = r"[A-Za-z][A-Za-z'’-]+"
# After these the next one or two name words are the person who died.
BEFORE = guarded(re.compile(
    r"(?<![A-Za-z])(?i:" + by_first_letter(r"the late|in (?:loving )?memory of|death of|passing of|funeral for|"
                                           r"memorial for|memorial service for|burial of|remains of")
    + r")[ \t]+(?P<a>" + _WORD + r")(?:[ \t]+(?P<b>" + _WORD + r"))?"))
# Before these the one or two name words before them are the person who died (found from the verb).
VERB = guarded(re.compile(r"(?<![A-Za-z])(?i:passed[ \t]+away|died|expired[ \t]+at[ \t]+home)(?![A-Za-z])"))
WORDS_BEFORE = re.compile(r"(?:(?<![A-Za-z'’-])(?P<a>" + _WORD + r")[ \t]+)?(?<![A-Za-z'’-])(?P<b>" + _WORD + r")[ \t]+$")
# Who someone was, not a name: 'Client Vukovich passed away', 'resident died'.
PERSON_NOUNS = frozenset({"client", "resident", "patient", "member", "donor", "decedent", "veteran", "inmate", "baby",
                          "infant", "child", "neighbor", "friend", "roommate", "husband", "wife", "spouse", "partner"})
HINTS = ("late", "memory", "death", "passing", "funeral", "memorial", "burial", "remains", "passed", "died", "expired")


def _name(token: str | None) -> bool:
    """A known name or a likely one, never a function, kinship, role or clinical word."""
    if not token:
        return False
    w = bare(token)
    return w not in NOT_NAMES and w not in ROLE_WORDS and w not in PERSON_NOUNS and w not in lexicons.stop_words() and (
        known_name(w) or likely_name(token))


def death_names(text: str, lowered: str, etype: str) -> list[RecognizerResult]:
    """One span per name after a phrase of death or remembrance, or before 'died' / 'passed away'."""
    if not any(h in lowered for h in HINTS):
        return []
    out = []
    for m in BEFORE.finditer(text):
        if _name(m["a"]):
            end = m.end("b") if _name(m["b"]) else m.end("a")
            out.append(RecognizerResult(etype, m.start("a"), end, 0.6))
    for v in VERB.finditer(text):
        m = WORDS_BEFORE.search(text, max(0, v.start() - 40), v.start())
        if m and _name(m["b"]):
            start = m.start("a") if _name(m["a"]) else m.start("b")
            out.append(RecognizerResult(etype, start, m.end("b"), 0.6))
    return out
