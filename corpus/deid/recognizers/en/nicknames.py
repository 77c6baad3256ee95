"""Names given in quotes: 'goes by "Buzz"', 'prefers to be called "Bud"', 'who he calls "Bunny"'."""

import re

from presidio_analyzer import RecognizerResult

from corpus.deid import lexicons
from corpus.deid.recognizers.en.alternation import guarded
from corpus.deid.recognizers.en.cue_patterns import NOT_NAMES, ROLE_WORDS
from corpus.deid.recognizers.en.name_tokens import bare

_QUOTE = r"[\"“‘']"
_NAME = r"(?P<n>[A-Za-z][A-Za-z'’.-]*(?:[ \t]+[A-Za-z][A-Za-z'’.-]*)?)"
# A frame that gives a name and nothing else ('goes by', 'known as'): the quoted word is the name, common or not.
NAMING = guarded(re.compile(
    r"(?<![A-Za-z])(?i:(?:prefers|likes|asked|asks|wants)[ \t]+to[ \t]+be[ \t]+(?:called|addressed[ \t]+as)|goes[ \t]+by|"
    r"go[ \t]+by|went[ \t]+by|known[ \t]+as|nicknamed|nickname[ \t]+is|aka|a\.k\.a\.|answers[ \t]+to|"
    r"calls?[ \t]+(?:him|her|them|me)(?:self)?)[ \t]*:?[ \t]*" + _QUOTE + _NAME + r"[\"”’']"))
# A frame that may also quote a thing ('prefers "quiet"', 'she calls "the shakes"'): a name word only.
PREFERS = guarded(re.compile(
    r"(?<![A-Za-z])(?i:prefers|likes|wants|(?:he|she|they|family|wife|husband|mom|dad)[ \t]+calls?[ \t]+(?:him|her|pt)?)"
    r"[ \t]*" + _QUOTE + _NAME + r"[\"”’']"))


def _word_ok(word: str) -> bool:
    """A word a name can hold: no stop, drug, clinical, role or not-a-name word."""
    w = bare(word)
    return len(w) > 1 and w not in lexicons.stop_words() and w not in lexicons.drugs_and_clinical() and (
        w not in NOT_NAMES and w not in ROLE_WORDS)


def quoted_nicknames(text: str, entity: str) -> list[RecognizerResult]:
    """The quoted name after a naming frame, and after 'prefers' or 'she calls' when it is a first name, an unknown
    word or in title case within mixed-case text."""
    if not any(q in text for q in "\"“‘'"):
        return []
    out = [RecognizerResult(entity, m.start("n"), m.end("n"), 0.7) for m in NAMING.finditer(text)
           if all(map(_word_ok, m["n"].split()))]
    for m in PREFERS.finditer(text):
        first = m["n"].split()[0]
        w = bare(first)
        if _word_ok(first) and (w in lexicons.first_names() or w not in lexicons.vocabulary()
                                or first.istitle() and any(c.islower() for c in text[max(0, m.start() - 200) : m.start()])):
            out.append(RecognizerResult(entity, m.start("n"), m.end("n"), 0.7))
    return out
