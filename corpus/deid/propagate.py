"""Document-level consistency: a word found as a name or place once is PHI wherever else it appears in the note."""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import TYPE_CHECKING

from corpus.deid import lexicons
from corpus.deid.recognizers.en.name_tokens import capitalised_in_mixed

if TYPE_CHECKING:
    from corpus.deid.engine import Finding

PROPAGATED_TYPES = frozenset({"PERSON", "PATIENT_NAME", "CLINICIAN_NAME", "RELATIVE_NAME", "LOCATION", "HOSPITAL"})
WORD = re.compile(r"(?<![\w'’])[^\W\d_]+(?:['’-][^\W\d_]+)*")
SCORE = 0.5
MAX_FIND_WORK = 20_000_000  # seeds x characters searched with str.find before a single word scan is cheaper
MAX_RUN_BACK = 200
WORD_CHAR = re.compile(r"[\w'’]")
RUN_CHAR = re.compile(r"[\w'’-]")


def _seed_ok(word: str) -> bool:
    """Words worth propagating: 3+ letters, not a stop word, clinical term, nationality word or eponym ('Mr. Crea' is
    repeated: shorthand that is also a name is a seed)."""
    return (len(word) >= 3 and word not in lexicons.stop_words() and word not in lexicons.clinical_terms()
            and word not in lexicons.nationalities()
            and (word not in lexicons.eponyms() or word in lexicons.shorthand_names()))


NAME_TYPES = frozenset({"PERSON", "PATIENT_NAME", "CLINICIAN_NAME", "RELATIVE_NAME"})
# 'j. tillotson', 'W. MAROTTA', 'K.ABERNATHY': one letter (with a period, or a capital without) before a name.
INITIAL_BEFORE = re.compile(r"(?:(?<![\w.'’/])[A-Za-z]\.[ \t]?|(?<![\w.'’/-])[B-HJ-Z][ \t])$")
# 'HARTWELL/OBUYA', '(kessler, obuya)', 'Quist and Obuya': a word joined to a name, outside the allow-list.
SLASH_AFTER = re.compile(r"(?:/[ \t]?|,[ \t]*|[ \t]+(?:and|&)[ \t]+)([^\W\d_]{3,})(?![\w/'’-])")


# 'Reguengos de Monsaraz', 'Chiclana de la Frontera', 'Maika van de Noort': particles between two found words.
PARTICLES = re.compile(r"[ \t]+(?:(?:de|del|della|dei|di|da|do|dos|das|du|des|la|le|van|von|der|den|ten|ter|al|el|bin|ibn)"
                       r"[ \t]+){1,2}")


def adjacent_findings(text: str, findings: list["Finding"]) -> list["Finding"]:
    """Initials right before a name, unknown words joined to a name or a place by '/', ',' or 'and' ('(Hartwell/Obuya)',
    'in Tewksbury, Kettleby and ...') and name particles between two found names or places."""
    from corpus.deid.engine import Finding

    out = []
    for a, b in zip(findings, findings[1:]):
        if a.entity_type in PROPAGATED_TYPES and b.entity_type in PROPAGATED_TYPES and PARTICLES.fullmatch(text, a.end, b.start):
            gap = text[a.end : b.start]
            start = a.end + len(gap) - len(gap.lstrip())
            out.append(Finding(start, start + len(gap.strip()), a.entity_type, SCORE, "adjacency"))
    for f in findings:
        if f.entity_type == "LOCATION" and text[f.start : f.start + 1].isalpha():
            # 'sibs in tewksbury, kettleby and ...': the next town of a list, no drug and no typo even after '/'
            if m := _joined_word(text, f.end, lexicons.drugs_and_clinical(), slash_ok=False):
                out.append(Finding(m.start(1), m.end(1), f.entity_type, SCORE, "adjacency"))
            continue
        if f.entity_type not in NAME_TYPES or not text[f.start : f.start + 1].isalpha():
            continue
        m = INITIAL_BEFORE.search(text, max(0, f.start - 3), f.start)
        if m:
            out.append(Finding(m.start(), m.start() + len(m.group().rstrip(" \t")), f.entity_type, SCORE, "adjacency"))
        if m := _joined_word(text, f.end, lexicons.clinical_terms(), slash_ok=True):
            out.append(Finding(m.start(1), m.end(1), f.entity_type, SCORE, "adjacency"))
    return out


def _joined_word(text: str, end: int, excluded: frozenset[str], slash_ok: bool) -> re.Match | None:
    """The word joined by '/', ',' or 'and' right after ``end`` when it is outside the allow-list and ``excluded`` and
    no typo or stem; after a slash ('HARTWELL/OBUYA') a typo-like word still counts when ``slash_ok``."""
    m = SLASH_AFTER.match(text, end)
    if not m:
        return None
    w = m[1].lower()
    if w in lexicons.vocabulary() or w in excluded or not _seed_ok(w):
        return None
    if slash_ok and m.group().startswith("/"):
        return m
    return None if lexicons.is_misspelling(w) or lexicons.is_clinical_typo_or_stem(w) else m


class _LongRun(Exception):
    """A hyphenated run too long to rescan for every mention: read the whole note word by word instead."""


def _token_at(text: str, pos: int) -> re.Match | None:
    """The ``WORD`` token a left-to-right scan of ``text`` finds starting at ``pos``, or None."""
    if pos and WORD_CHAR.match(text, pos - 1):
        return None  # a letter, digit or apostrophe before: inside a token, or no token starts here
    if pos and text[pos - 1] == "-":  # 'smith-jones' is one token: rescan from the start of the hyphenated run
        start = pos - 1
        while start and RUN_CHAR.match(text, start - 1):
            start -= 1
            if pos - start > MAX_RUN_BACK:
                raise _LongRun
        for m in WORD.finditer(text, start):
            if m.end() > pos:  # the first token reaching past pos: it starts there, or pos is inside it
                return m if m.start() == pos else None
        return None
    return WORD.match(text, pos)


def _occurrences(text: str, seeds: dict[str, tuple[str, bool]]) -> list[re.Match]:
    """The note's words (``WORD`` tokens) that may be seeds: found from the seeds, not by reading every word.

    A seed is a whole token lower-cased (its "'s" dropped), so each of its occurrences starts where the seed is
    found in the lower-cased note; the token there is read back and compared by the caller. Lower-casing keeps
    offsets unless a character lower-cases to two ('İ'): then every word is read, as before; so it is when the seeds
    times the note's length pass MAX_FIND_WORK (a 50 MB note with thousands of names: one scan per seed would not
    end) or a mention sits in a hyphenated run longer than MAX_RUN_BACK.
    """
    lowered = text.lower()
    if len(lowered) != len(text) or len(seeds) * len(text) > MAX_FIND_WORK:
        return list(WORD.finditer(text))  # one pass over every word: linear whatever the note holds
    found = {}
    try:
        for w in seeds:
            pos = lowered.find(w)
            while pos >= 0:
                if pos not in found and (m := _token_at(text, pos)):
                    found[pos] = m
                pos = lowered.find(w, pos + 1)
    except _LongRun:
        return list(WORD.finditer(text))
    return [found[p] for p in sorted(found)]


def propagate_findings(text: str, findings: list["Finding"]) -> list["Finding"]:
    """New findings for other occurrences of words already found as names or places in ``text``.

    A word that is also common English ('Rose', 'Hope') spreads only to capitalised occurrences in
    mixed-case prose; a word outside the allow-list spreads to every occurrence, in any case.
    """
    from corpus.deid.engine import Finding, merge_findings

    adjacent = adjacent_findings(text, findings)
    if adjacent:
        findings = merge_findings(findings + adjacent)
    seeds: dict[str, tuple[str, bool]] = {}
    for f in findings:
        if f.entity_type not in PROPAGATED_TYPES:
            continue
        place = f.entity_type in ("LOCATION", "HOSPITAL")
        for m in WORD.finditer(text, f.start, f.end):
            w = m.group().lower()
            w = w[:-2] if w.endswith(("'s", "’s")) else w
            if place and len(w) <= 4 and m.group().isupper():
                continue  # 'RVAD', 'MCIU': short upper-case codes found as places are often clinical acronyms
            if _seed_ok(w):
                seeds.setdefault(w, (f.entity_type, w in lexicons.vocabulary()))
    if not seeds:
        return adjacent
    starts = [f.start for f in findings]
    out = []
    for m in _occurrences(text, seeds):
        w = m.group().lower()
        w = w[:-2] if w.endswith(("'s", "’s")) else w
        seed = seeds.get(w)
        if not seed:
            continue
        i = bisect_right(starts, m.start()) - 1
        if i >= 0 and findings[i].end >= m.start() + len(w):
            continue  # already covered
        etype, common = seed
        if common and not capitalised_in_mixed(text, m.start(), m.group()):
            continue
        out.append(Finding(m.start(), m.start() + len(w), etype, SCORE, "propagation"))
    return adjacent + out
