"""Cached word lists used by the English recognizers (see data/README.md for sources)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data" / "en"


def _read(name: str) -> frozenset[str]:
    words: set[str] = set()
    raw = (DATA / name).read_bytes()
    if name.endswith(".gz"):
        import gzip

        raw = gzip.decompress(raw)
    for line in raw.decode("utf-8").splitlines():
        if line and not line.startswith("#"):
            words.update(line.lower().split())
    return frozenset(words)


@lru_cache(maxsize=None)
def first_names() -> frozenset[str]:
    """US Census and Faker en_US first names, lower case."""
    return _read("first_names.txt")


@lru_cache(maxsize=None)
def surnames() -> frozenset[str]:
    """The 60,000 most frequent US Census surnames plus Faker's, lower case."""
    return _read("surnames.txt")


@lru_cache(maxsize=None)
def frequent_surnames() -> frozenset[str]:
    """The 10,000 most frequent US Census surnames: never dismissed as misspellings."""
    return _read("frequent_surnames.txt")


@lru_cache(maxsize=None)
def clinical_terms() -> frozenset[str]:
    """Hand-written clinical abbreviations and words that are never names."""
    return _read("clinical_terms.txt")


@lru_cache(maxsize=None)
def vocabulary() -> frozenset[str]:
    """Common English (SCOWL size-70 lower-case words), drug names and clinical terms: the allow-list of non-names."""
    return _read("vocabulary.txt.gz") | _read("drugs.txt.gz") | clinical_terms()


@lru_cache(maxsize=None)
def places() -> frozenset[str]:
    """City (population >= 15k), US state and country names from GeoNames, lower case, and every word of longer names.

    Words of multi-word names ('Harbor', 'Cross', but also 'New') are kept on purpose: recall first; the
    recognizers only take a common word as a place when it is capitalised in mixed-case prose.
    """
    return _read("places.txt")


@lru_cache(maxsize=None)
def place_phrases() -> frozenset[str]:
    """Multi-word GeoNames place names ('new york', 'salt lake city'), lower case, single-spaced."""
    lines = (DATA / "places.txt").read_text(encoding="utf-8").lower().splitlines()
    return frozenset(" ".join(line.split()) for line in lines if " " in line.strip() and not line.startswith("#"))


@lru_cache(maxsize=None)
def place_phrase_heads() -> frozenset[str]:
    """First words of the multi-word place names (a fast pre-check)."""
    return frozenset(p.split()[0] for p in place_phrases())


@lru_cache(maxsize=None)
def street_suffixes() -> frozenset[str]:
    """Street-type words ('Street', 'Close', 'Crossroad'): USPS suffixes via Faker en_US, plus British forms."""
    return _read("street_suffixes.txt")


@lru_cache(maxsize=None)
def intl_street_types() -> frozenset[str]:
    """Non-English street types via Faker's locales: prefix words ('rue', 'ul.') and, with a leading '-', suffixes ('-gasse')."""
    return _read("intl_street_types.txt")


@lru_cache(maxsize=None)
def stop_words() -> frozenset[str]:
    """spaCy's English stop words plus words that follow kinship terms but are not names."""
    from spacy.lang.en.stop_words import STOP_WORDS

    extra = {"called", "visited", "phoned", "updated", "aware", "present", "spoke", "states", "stated",
             "came", "went", "left", "arrived", "visiting", "notified", "informed", "given", "wants",
             "feels", "reports", "lives", "here", "bedside", "today", "tonight", "yesterday", "tomorrow",
             "also", "both", "members", "member", "family", "asked", "discussed", "update", "updates",
             "law", "proxy", "spokesperson", "hcp", "contact", "phone", "number", "home", "work", "cell",
             "said", "says", "trached", "intubated", "extubated", "brought", "feel", "felt", "thinks", "thought",
             "agrees", "agreed", "requests", "requested", "declined", "refused", "signed", "consented", "self"}
    return frozenset(STOP_WORDS) | extra


@lru_cache(maxsize=None)
def eponyms() -> frozenset[str]:
    """Eponyms, device and brand words that are also surnames, and chart shorthand that is also a name: not names
    without a name context."""
    return _read("eponyms.txt") | shorthand_names()


@lru_cache(maxsize=None)
def shorthand_names() -> frozenset[str]:
    """Chart shorthand that is also a name ('NG', 'Crea'): a name found in context is still repeated across the note."""
    return _read("shorthand_names.txt")


@lru_cache(maxsize=None)
def nationalities() -> frozenset[str]:
    """Languages, nationalities and religions: not PHI targets, never taken as names or places."""
    return _read("nationalities.txt")


_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_ASCII = frozenset(_LETTERS)


def _typo_candidate(w: str, min_len: int) -> bool:
    """A lower-case word the typo tests may judge: long enough, letters only, not common, not a frequent name."""
    return len(w) >= min_len and w.isalpha() and w not in vocabulary() and w not in first_names() and (
        w not in frequent_surnames())


@lru_cache(maxsize=65536)
def is_misspelling(word: str) -> bool:
    """A word (not a common first name or surname) one edit (drop, swap, change, add a letter) away from a common word of 4+ letters."""
    w = word.lower()
    vocab = vocabulary()
    if not _typo_candidate(w, 5):
        return False
    foreign = [i for i, ch in enumerate(w) if ch not in _ASCII]
    if foreign:  # the allow-list is plain a-z: one edit must remove or replace the only other letter ('Kónya')
        if len(foreign) > 1:
            return False
        i = foreign[0]
        return not vocab.isdisjoint([w[:i] + w[i + 1 :], *(w[:i] + c + w[i + 1 :] for c in _LETTERS)])
    splits = [(w[:i], w[i:]) for i in range(len(w) + 1)]
    edits = [a + b[1:] for a, b in splits if b]
    edits += [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    edits += [a + c + b[1:] for a, b in splits if b for c in _LETTERS]
    edits += [a + c + b for a, b in splits for c in _LETTERS]
    return not vocab.isdisjoint(edits)  # every edit of a 5+ letter word has 4+ letters; isdisjoint stops at the first hit


@lru_cache(maxsize=65536)
def is_swapped_letters(word: str) -> bool:
    """'hoem', 'teh', 'wlak': two neighbouring letters swapped in a common word (the typo even short words get)."""
    w = word.lower()
    vocab = vocabulary()
    if not _typo_candidate(w, 3):
        return False
    return any(w[i] != w[i + 1] and w[:i] + w[i + 1] + w[i] + w[i + 2 :] in vocab for i in range(len(w) - 1))


@lru_cache(maxsize=None)
def drugs_and_clinical() -> frozenset[str]:
    """Drug names and hand-written clinical terms (the part of the allow-list that typos in notes come from)."""
    return _read("drugs.txt.gz") | clinical_terms()


@lru_cache(maxsize=None)
def sorted_vocabulary() -> list[str]:
    """The allow-list sorted, for prefix look-ups (sorting it takes ~0.1 s: load it with the other lexicons)."""
    return sorted(vocabulary())


@lru_cache(maxsize=65536)
def is_word_start(word: str) -> bool:
    """'Dobuta', 'Bronch', 'Phenobarb': four or more letters that begin a longer allow-list word (one bisection)."""
    from bisect import bisect_left

    w = word.lower()
    words = sorted_vocabulary()
    i = bisect_left(words, w)
    return len(w) >= 4 and i < len(words) and words[i].startswith(w) and words[i] != w


@lru_cache(maxsize=65536)
def is_clinical_typo_or_stem(word: str) -> bool:
    """'Lobetalol', 'Captoril' (one edit from a drug or clinical term) or 'Dobuta', 'Bronch' (the start of a longer word)."""
    if is_word_start(word):
        return True
    w = word.lower()
    target = drugs_and_clinical()
    splits = [(w[:i], w[i:]) for i in range(len(w) + 1)]
    edits = {a + b[1:] for a, b in splits if b} | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    edits |= {a + c + b[1:] for a, b in splits if b for c in _LETTERS} | {a + c + b for a, b in splits for c in _LETTERS}
    return not target.isdisjoint(edits)


def is_common(word: str) -> bool:
    """True for words in the allow-list (common English or clinical)."""
    return word.lower() in vocabulary()


def is_name_word(word: str) -> bool:
    """True when the word is a known first name or surname."""
    w = word.lower()
    return w in first_names() or w in surnames()
