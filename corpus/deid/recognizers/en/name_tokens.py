"""Shared helpers for the English name and place recognizers: token tests over the lexicons."""

from __future__ import annotations

import re
from functools import lru_cache

from corpus.deid import lexicons
from corpus.deid.recognizers.en.role_words import ROLE_TITLES

# A whole word (never the front of a longer one: 'quartermain2' is not 'quartermai'); WORD_BODY may touch digits.
WORD_BODY = r"(?<![A-Za-z0-9])[A-Za-z](?:[A-Za-z'’]*[A-Za-z])?(?:-[A-Za-z]+)*(?![A-Za-z])"
TOKEN = WORD_BODY + r"(?![0-9])\.?"
TOKEN_RE = re.compile(TOKEN)
# A plain vowel: the shorthand that passes for a word outside the word lists often has none ('pls', 'npo').
VOWEL = re.compile(r"[aeiouy]").search
# Kinship words (and their note shorthand) that census lists also hold as names ('Son', 'Sis', 'Dau'): never taken as
# the name itself. Each recognizer adds the few further relation words its own cue set needs.
KINSHIP_WORDS = frozenset({"son", "sons", "daughter", "daughters", "dtr", "dau", "wife", "husband", "mother", "mom",
                           "father", "dad", "sister", "sis", "brother", "bro", "aunt", "uncle", "niece", "nephew", "cousin",
                           "grandson", "granddaughter", "friend", "family",
                           "dil", "sil", "bil", "mil", "fil"})  # the in-laws, as charted in a hurry
# Surnames that also name a clinical scale: 'MODIFIED RANKIN 4', 'MORSE FALL SCORE 45', 'Ballard score 30' read a score,
# not a person, when a score (or the scale's word) follows; alone they stay names.
SCALE_NAMES = frozenset({"rankin", "ballard", "morse", "norton", "waterlow", "katz", "lawton", "caprini", "ranson",
                         "fisher", "bishop", "apgar", "allen", "glasgow", "sheehan", "wagner", "simpson", "hoffmann",
                         "hoffman", "killip", "gleason", "breslow", "hunt", "greenfield", "vanderbilt", "denver", "miranda",
                         "phalen", "tinel", "waddell", "finkelstein", "lachman", "mcmurray", "murphy", "mcburney",
                         "brudzinski", "trousseau", "chvostek", "spurling", "tokyo", "karnofsky",
                         "forrest", "ottawa", "cameron", "hoover", "ashworth", "bruce", "levine", "blake", "petersen",
                         "stanford", "pringle", "kocher", "roux", "camino", "carpentier", "cypher"})
# ... and a sign, test, grade or syndrome: 'ALLEN TEST', "HOFFMANN'S SIGN", 'HOFFMANN +', 'GLASGOW COMA', 'WAGNER GR 3'.
SCALE_AFTER = re.compile(r"(?:['’][sS])?[ \t]*(?:(?i:fall|motor|stroke|coma)[ \t]+)?(?:(?i:scores?|scale|index|grade|gr|criteria|"
                         r"tests?|signs?|syndrome|class|classification|stage|level|maneuver|filter|forms?|rights|point|drains?|"
                         r"protocol|rules?|lesions?|hernia|defect|rings?|bolt|type|incision|retractor|stent|en|"
                         r"ii|iii|iv)\b|[:=]?[ \t]*\d|[+-](?![\w-]))")
PARTICLES = frozenset({"van", "von", "de", "del", "della", "la", "le", "da", "di", "o", "mc", "mac", "st", "du", "ter"})


@lru_cache(maxsize=65536)
def bare(token: str) -> str:
    """Lower-case token without a trailing period or possessive."""
    w = token.rstrip(".").lower()
    return w[:-2] if w.endswith(("'s", "’s")) else w


def first_word(text: str, pos: int) -> str:
    """The bare word that starts at ``pos`` ('' when none): what a cue is followed by."""
    m = TOKEN_RE.match(text, pos)
    return bare(m.group()) if m else ""


def is_initial(token: str) -> bool:
    """A single letter, with or without a period."""
    return len(token.rstrip(".")) == 1 and token[0].isalpha()


CONTRACTION_END = re.compile(r"['’](?:t|ll|re|ve|d|m)$")


@lru_cache(maxsize=65536)  # a pure function of the token and the fixed lexicons
def name_like(token: str, strict: bool) -> bool:
    """Could this token be part of a name?

    strict=False (name context): known names and unknown words qualify, stop words and clinical terms do not.
    strict=True (continuation): as above, but common English words that are also names do not.
    Hyphenated words are judged by their parts ('in-law', 'called-update' are not names).
    """
    w = bare(token)
    stop, clinical = lexicons.stop_words(), lexicons.clinical_terms()
    if not w or w in stop or w in clinical or w in lexicons.nationalities():
        return False
    if ("'" in w or "’" in w) and CONTRACTION_END.search(w):
        return False  # "my ride Vukovich can't make it": a verb's contraction ends the name
    if len(w) == 1:
        return True
    parts = [p for p in w.split("-") if p] or [w]
    if len(parts) > 1 and all(p in stop or p in clinical for p in parts):
        return False
    vocab, first, last = lexicons.vocabulary(), lexicons.first_names(), lexicons.surnames()
    known = any((p in first or p in last) and p not in stop for p in parts)
    common = w in vocab or all(p in vocab or p in stop for p in parts)
    return not common or (known and not strict)


@lru_cache(maxsize=65536)
def probable_name(token: str) -> bool:
    """Stricter test for weak contexts: an unknown word, or a known first name that is not a stop word."""
    w = bare(token)
    if name_like(token, strict=True):
        return len(w) > 1
    return w in lexicons.first_names() and w not in lexicons.stop_words() and w not in lexicons.clinical_terms()


def name_or_unknown(word: str) -> bool:
    """After a strong cue: a known first name or surname, or a word outside the allow-list that is no typo."""
    return lexicons.is_name_word(word) or word not in lexicons.vocabulary() and not lexicons.is_misspelling(word)


def likely_name(token: str) -> bool:
    """A probable name that is no typo ('Brezhoni', 'Dmitri'), or a title-case word that is a known name ('Hill')."""
    w = bare(token)
    return probable_name(token) and not lexicons.is_misspelling(w) or token.istitle() and lexicons.is_name_word(w)


# Labels of a contact field that may follow a name on a form line ('Nurse: Hill   Ph: 413-...').
CONTACT_LABELS = frozenset({"ph", "tel", "fax", "cell", "pager", "pgr", "ext", "email", "phone", "mobile", "beeper"})


def extend_name(text: str, pos: int, max_tokens: int = 3, first_strict: bool = False, prev: str = "",
                rest_strict: bool = True) -> int:
    """End offset of a run of name-like tokens starting at ``pos`` (``pos`` when none); ``prev`` is the name word before.

    After the first token the run goes on only through words that are not common English (``rest_strict``), unless
    the cue is strong enough that any known name continues it ('Dictated by: Long Hope, MD').
    """
    end, count, strict = pos, 0, first_strict
    for _ in range(max_tokens):
        m = re.compile(r"[ \t]*(" + TOKEN + ")").match(text, end)
        if not m:
            break
        tok = m.group(1)
        if count and bare(tok) in CONTACT_LABELS:
            break  # 'Nurse: Hill   ph: 413-...': the next field's label, not a second name
        if not (name_like(tok, strict) or (bare(tok) in PARTICLES and count and _next_name_like(text, m.end()))
                or bool(prev) and surname_after_first(prev, tok) or count >= 1 and _surname_after_initial(prev, tok)):
            break
        if is_initial(tok) and not tok.endswith(".") and (
                count and not _next_name_like(text, m.end()) or text[m.end() : m.end() + 1] == "/"):
            break  # 'PER DR MBEKI W/ LITTLE EFFECT': 'w/' is 'with', no initial
        end, count, strict, prev = m.end(), count + 1, rest_strict, tok
    return end


def _surname_after_initial(prev: str, tok: str) -> bool:
    """'Frank R. Marsh', 'ROSE Q. FRANK': after a name and a middle initial with its period, a first name or frequent
    surname (common word or not) in the case of the initial's line; never a stop or clinical word."""
    w = bare(tok)
    if not (is_initial(prev) and prev.endswith(".")) or len(w) < 3 or w in lexicons.stop_words() or (
            w in lexicons.clinical_terms()):
        return False
    return w in lexicons.frequent_surnames() or w in lexicons.first_names()


def second_name_end(text: str, pos: int, first: str, accept) -> int:
    """End of a second name word right after ``first`` (which ends at ``pos``), else ``pos``.

    After a strong cue ('RESEARCH COORDINATOR LONG PRICE', 'foster mother hill hope') the word after the first name
    continues it when it is written in the same case, is a first name, a frequent surname or an unknown word, and
    ``accept`` (the cue's own word test) takes it; a verb ('wife joan works', 'SON JOHN GAVE'), 'Will' or a clinical
    word ends the name.
    """
    m = TOKEN_RE.match(text, pos + 1) if text[pos : pos + 1] in (" ", "\t") else None
    if not m or m.end() < len(text) and text[m.end()] in "/-'’":
        return pos
    tok = m.group()
    same_case = tok.isupper() == first.isupper() and tok.islower() == first.islower() and (
        tok[:1].isupper() == first[:1].isupper())
    w = bare(tok)
    ok = same_case and len(tok) > 2 and accept(tok) and (
        w in lexicons.first_names() or w in lexicons.frequent_surnames() or probable_name(tok))
    return (m.end() - 1 if tok.endswith(".") else m.end()) if ok else pos  # the sentence keeps its full stop


def surname_after_first(first: str, token: str) -> bool:
    """'John BAKER', 'Mary Bell': a frequent surname that is also a common word, right after a known first name.

    Both words must be capitalised (or both upper case); stop words and clinical terms never qualify.
    """
    f, w = bare(first), bare(token)
    if len(f) < 2 or f not in lexicons.first_names() or not token[:1].isupper() or not first[:1].isupper():
        return False
    if first.isupper() != token.isupper() and len(f) > 1:
        return False
    return (w in lexicons.frequent_surnames() and w not in lexicons.stop_words() and w not in lexicons.clinical_terms()
            and w not in lexicons.nationalities() and w not in lexicons.eponyms())


def _next_name_like(text: str, pos: int) -> bool:
    m = re.compile(r"[ \t]*(" + TOKEN + ")").match(text, pos)
    return bool(m) and name_like(m.group(1), strict=False)


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a trailing period (sentence end) and surrounding spaces from a span."""
    while end > start and text[end - 1] in " \t.,":
        end -= 1
    if end - start > 3 and text[end - 2 : end].lower() in ("'s", "’s"):
        end -= 2
    while start < end and text[start] in " \t":
        start += 1
    if end < len(text) and text[end] == "." and end - start == 1:
        end += 1
    return start, end


_ASCII_UPPER = bytes(range(ord("A"), ord("Z") + 1))
_ASCII_LOWER = bytes(range(ord("a"), ord("z") + 1))


def case_counts(text: str) -> tuple[int, int]:
    """(capitals, lower-case letters) in ``text``; ASCII text is counted on its bytes (~8x faster than per character)."""
    if text.isascii():
        raw = text.encode("ascii")
        return len(raw) - len(raw.translate(None, _ASCII_UPPER)), len(raw) - len(raw.translate(None, _ASCII_LOWER))
    return sum(map(str.isupper, text)), sum(map(str.islower, text))


def upper_heavy(text: str) -> bool:
    """More capitals than lower-case letters: an ALL-CAPS line or note, where case says nothing about names."""
    upper, lower = case_counts(text)
    return upper > lower


def capitalised_in_mixed(text: str, start: int, token: str) -> bool:
    """'Harbor' mid-sentence in a mixed-case text reads as a proper noun; 'HARBOR' or a sentence start does not."""
    if not token[:1].isupper() or token.isupper() or not any(c.islower() for c in text[max(0, start - 200) : start]):
        return False
    before = text[max(0, start - 3) : start]
    stripped = before.rstrip(" \t")
    return bool(stripped) and stripped[-1] not in ".!?:\n\"'(" and "\n" not in before[len(stripped):]


# A gauge may come with the needle's length: '20G Huber', '20g 3/4" Huber', '22 ga 1 inch Huber'.
SIZE_BEFORE = re.compile(r"\d[ \t]*(?i:fr|french|g|ga|gauge)\.?[ \t]+"
                         r"(?:\d+(?:[./]\d+)?[ \t]*(?:\"|”|(?i:in|inch|inches|cm|mm)\b)[ \t]*)?$")
# Equipment named after a word that is also a name: 'GERI CHAIR', 'geri-chair', 'Huber needle', 'Broda chair'.
DEVICE_AFTER = re.compile(r"[ \t-]*(?i:chairs?|recliners?|needles?)\b")


def named_instrument(text: str, start: int, end: int, word: str) -> bool:
    """``word`` (lower case, at ``start:end``) is an eponym or brand, a scale read with its score or sign ('MODIFIED
    RANKIN 4', 'ALLEN TEST'), a device after its French or gauge size ('19 Fr Blake', '20G Huber') or before its
    kind ('geri chair'): no name."""
    return word in lexicons.eponyms() or word in SCALE_NAMES and bool(SCALE_AFTER.match(text, end)) or bool(
        SIZE_BEFORE.search(text, max(0, start - 28), start)) or bool(DEVICE_AFTER.match(text, end))


# Words that stand between a relation or 'pt' and a verb and name no one ('WIFE AGAIN CALLED', 'DTR HCP CALLED').
NOT_SUBJECTS = frozenset({"again", "also", "just", "never", "twice", "today", "tonight", "yesterday", "back", "still",
                          "already", "now", "then", "nurse", "hcp", "poa", "proxy", "who", "too", "finally", "herself",
                          "himself", "both", "all", "had", "has", "have", "was", "were", "is", "and", "not",
                          # how the relative was: 'WIFE UPSET AT BS', 'son present at bedside'
                          "upset", "tearful", "anxious", "present", "asleep", "awake", "aware", "home", "angry",
                          "happy", "calm", "sad", "distraught", "supportive", "available", "unavailable", "here",
                          "there", "alone", "sleeps", "sits", "remains", "stays"})
# Relations and roles ('SON', 'partner', 'sitter') stand where a name would.
SUBJECT_ROLES = KINSHIP_WORDS | ROLE_TITLES | {"spouse", "partner"}


def subject_word(token: str) -> bool:
    """A word a person's name may be between 'pt' or a relation and what the person did: no function, clinical,
    relation or role word, adverb, participle, adjective in -able or state ('SON ALSO CALLED', 'pt tearfully states')."""
    w = bare(token)
    return not (len(w) < 3 or not w.isalpha() or w.endswith(("ly", "ed", "ing", "able", "ible")) or w in NOT_SUBJECTS
                or w in lexicons.stop_words() or w in lexicons.drugs_and_clinical() or w in SUBJECT_ROLES)
