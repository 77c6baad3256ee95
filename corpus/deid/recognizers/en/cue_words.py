"""Word tests of the cue rules: is the word after (or before) a cue a name in that frame?"""

import re

from corpus.deid import lexicons
from corpus.deid.recognizers.en.cue_patterns import (
    NAME_PLACEHOLDERS,
    NOT_NAMES,
    PERSON_NOUNS,
    ROLE_NEXT,
    ROLE_WORDS,
    SERVICE_NEXT,
    known_name,
)
from corpus.deid.recognizers.en.name_tokens import (
    TOKEN_RE,
    bare,
    extend_name,
    is_initial,
    name_like,
    probable_name,
)
from corpus.deid.recognizers.en.role_words import CREDENTIALS


# After a lower-case common word that is a known name, what makes it a person met: a place or a time ('@ 0700', 'at
# the lab', 'in cath lab', 're: billing').
LOWER_ANCHOR = re.compile(r"[ \t]*(?:@|(?:at|in)[ \t]+(?:the[ \t]+)?[a-z]|re:)")


def apposed_name(tok: str) -> bool:
    """A name word before an age apposition: an unknown word, a first name or a frequent surname; not a person
    noun ('a pleasant lady, a 90 y/o'), a role ('a nurse, a 45 y/o') or a habit ('ex-smoker, a 45 yo')."""
    w = bare(tok)
    if w in NOT_NAMES or w in ROLE_WORDS or w in PERSON_NOUNS or w in lexicons.clinical_terms():
        return False
    return probable_name(tok) and not lexicons.is_misspelling(w) or w in lexicons.frequent_surnames()


def addressee_word(tok: str) -> bool:
    """A word of 'Dear ...': a name, an initial or a title; not 'Dear colleague', 'Dear Sir or Madam', 'Dear all'."""
    w = bare(tok)
    if w in ("dr", "mr", "mrs", "ms", "miss", "prof", "doctor") or is_initial(tok):
        return True
    if w in NOT_NAMES or w in ROLE_WORDS or w in lexicons.stop_words() or w in lexicons.clinical_terms():
        return False
    return w in lexicons.first_names() or w in lexicons.surnames() or w not in lexicons.vocabulary()


def header_word(tok: str, loose: bool = False) -> bool:
    """A word of a 'Surname, First' header: a known name or an unknown word that is no drug or clinical term, and
    (unless ``loose``) no typo."""
    w = bare(tok)
    if len(w) < 2 or w in NOT_NAMES or w in lexicons.stop_words() or w in lexicons.drugs_and_clinical():
        return False
    return lexicons.is_name_word(w) or name_like(tok, strict=True) and (loose or not lexicons.is_misspelling(w))


def lower_name(text: str, pos: int) -> bool:
    """A lower-case word at ``pos`` that can only be a name: outside the allow-list and no typo ('brezhoni'), or a
    first name that is no common word ('dmitri'); never a kinship, role or clinical word."""
    m = TOKEN_RE.match(text, pos)
    if not m:
        return False
    w = bare(m.group())
    if len(w) < 3 or w in NOT_NAMES or w in ROLE_WORDS or w in CREDENTIALS or w in lexicons.stop_words() or (
            w in lexicons.drugs_and_clinical() or w in lexicons.nationalities() or w in lexicons.vocabulary()):
        return False
    return w in lexicons.first_names() or not lexicons.is_misspelling(w) and name_like(m.group(), strict=False)


def called_name(w: str) -> bool:
    """After 'asked to be called', 'goes by', 'aka': a known name, or (in any case) a word outside the allow-list
    that is no drug or clinical word ('pt asked to be called tamsin.'; not 'goes by wheelchair'). The frame is
    strong enough that a word one letter from a common one is still taken ('tamsin' is 'tamsin', not a typo)."""
    return known_name(w) or len(w) >= 3 and w.isalpha() and w not in lexicons.drugs_and_clinical() and (
        w not in lexicons.stop_words() and w not in NOT_NAMES and w not in lexicons.vocabulary())


def labelled_common_word(text: str, start: int) -> int:
    """After a name label ('Name:', 'Patient name:'), a capitalised common word that is no stop word, clinical
    term or placeholder is the name's first word ('Name: Kamila ...'); the run goes on as after any label."""
    m = TOKEN_RE.match(text, start)
    w = bare(m.group()) if m else ""
    if not m or not m.group()[:1].isupper() or len(w) < 2 or w in NAME_PLACEHOLDERS or w in NOT_NAMES or (
            w in lexicons.stop_words() or w in lexicons.clinical_terms()):
        return start
    return extend_name(text, m.end(), max_tokens=3, first_strict=False, prev=m.group(), rest_strict=False)


def name_after_verb(text: str, pos: int, unknown_ok: bool) -> int:
    """End of 'Kathy', 'Jane Smith', 'ARDIS' after a verb; a common word must be a capitalised first name."""
    m = TOKEN_RE.match(text, pos)
    if not m:
        return pos
    tok, w = m.group(), bare(m.group())
    if len(w) < 3 or w in NOT_NAMES or w in lexicons.stop_words() or w in lexicons.clinical_terms():
        return pos
    first = w in lexicons.first_names()
    if w in lexicons.vocabulary() or w in lexicons.eponyms():
        # 'per Jane', 'spoke with Jones': a capitalised common word counts only as a known name.
        # 'spoke with Case Management', 'PAGED HOUSE OFFICER': a service or role word after it names no one.
        surname = unknown_ok and w in lexicons.surnames() and not SERVICE_NEXT.match(text, m.end()) and (
            not tok.isupper() or w in lexicons.frequent_surnames() and w not in ROLE_WORDS
            and not ROLE_NEXT.match(text, m.end()))
        if tok.islower() and unknown_ok and known_name(w) and LOWER_ANCHOR.match(text, m.end()):
            return m.end()  # 'spoke to long at the lab', 'signed out to young @ 0700': where or when the person was
        if not tok[0].isupper() or not (first or surname):
            return pos
    elif not first and (lexicons.is_misspelling(w) or not name_like(tok, strict=False)):
        return pos
    elif not unknown_ok and not lexicons.is_name_word(w) and (len(w) < 5 or tok.islower()):
        return pos  # 'per NSG', 'per fingersticks': a short or lower-case unknown word; 'per Haberstroh' is a name
    if tok.endswith("."):
        return m.end()
    return extend_name(text, m.end(), max_tokens=2, first_strict=True, prev=tok)
