"""Names given in quotes: 'goes by "Buzz"', 'prefers to be called "Bud"', 'who he calls "Bunny"'."""

import re

from presidio_analyzer import RecognizerResult

from corpus.deid import lexicons
from corpus.deid.recognizers.en.alternation import guarded
from corpus.deid.recognizers.en.cue_patterns import NOT_NAMES, ROLE_WORDS, known_name
from corpus.deid.recognizers.en.name_tokens import KINSHIP_WORDS, TOKEN_RE, bare, likely_name

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

# A quoted word after a person ('son "Bud"', 'pt "Jojo"', 'listed as "Biscuit"', 'N ("bubba")'): found from the quote,
# then the person word before it is read.
QUOTED = re.compile(_QUOTE + r"(?P<n>[A-Za-z][A-Za-z'’-]*(?:[ \t]+[A-Za-z][A-Za-z'’-]*)?)[\"”’'](?![A-Za-z])")
PERSON_BEFORE = re.compile(r"(?<![A-Za-z])(?P<p>[A-Za-z]+(?:[ \t]+(?i:as|to))?)(?:['’]s)?[ \t]*[(,:]?[ \t]*$")
PERSON_WORDS = KINSHIP_WORDS - {"family"} | {"pt", "patient", "client", "resident", "child", "baby", "infant", "boy",
                                             "girl", "boyfriend", "girlfriend", "partner", "grandma", "grandpa",
                                             "granddad", "stepfather", "stepmother", "named", "name", "calls",
                                             "listed as", "registered as", "answers to", "known as"}
IN_BRACKET = re.compile(r"\([ \t]*$|\([^()\n]{1,40},[ \t]*$")  # '("Dutch")', '(Hill, "BUDDY")': a nickname in brackets


def _mixed_before(text: str, pos: int) -> bool:
    """Lower-case letters in the 200 characters before ``pos``: a title-case word there is written as a name."""
    return any(c.islower() for c in text[max(0, pos - 200) : pos])


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
                                or first.istitle() and _mixed_before(text, m.start())):
            out.append(RecognizerResult(entity, m.start("n"), m.end("n"), 0.7))
    return out + _person_quoted(text, entity)


def _person_quoted(text: str, entity: str) -> list[RecognizerResult]:
    """A quoted first name, unknown word or mixed-case title word right after a person word or in brackets, and the
    surname after it ('finalized name "Lily" Hill')."""
    out = []
    for m in QUOTED.finditer(text):
        words = m["n"].split()
        before = PERSON_BEFORE.search(text, max(0, m.start() - 24), m.start())
        person = before is not None and " ".join(before["p"].lower().split()) in PERSON_WORDS
        if not (person or IN_BRACKET.search(text, max(0, m.start() - 42), m.start()) and text[m.end():m.end() + 1] == ")"):
            continue
        surname = TOKEN_RE.match(text, m.end() + 1) if text[m.end():m.end() + 1] == " " else None
        surname = surname if surname and (likely_name(surname.group()) or known_name(bare(surname.group()))) else None
        mixed = _mixed_before(text, m.start())
        if all(map(_word_ok, words)) and all(bare(w) in lexicons.first_names() or bare(w) not in lexicons.vocabulary()
                                             or mixed and w.istitle() or surname for w in words):
            out.append(RecognizerResult(entity, m.start("n"), m.end("n"), 0.65))
            if surname:
                out.append(RecognizerResult(entity, surname.start(), surname.end(), 0.6))
    return out
