"""Names before a credential: 'Ilene Macdonald RN', 'DAN A. FORMAN-LYONS, RRT', 'J. Yi, MD'."""

import re

from presidio_analyzer import RecognizerResult

from corpus.deid import lexicons
from corpus.deid.lexicons import is_name_word
from corpus.deid.recognizers.en.alternation import guarded
from corpus.deid.recognizers.en.base import RuleRecognizer
from corpus.deid.recognizers.en.name_tokens import (
    TOKEN,
    bare,
    capitalised_in_mixed,
    is_initial,
    name_like,
    probable_name,
)
from corpus.deid.recognizers.en.cue_patterns import role_name
from corpus.deid.recognizers.en.role_words import CREDENTIALS

LETTERS = re.compile(r"[A-Za-z]+")
# Letters that are never someone's initials on an 'XQ/ks' line: credentials, roles, tubes.
NOT_INITIALS = CREDENTIALS | frozenset("sn rt cnm do dds ot pt ng og ngt ogt peg gt jt".split())
# Which nurse, not who: 'DAY RN Hill', 'CHARGE RN AWARE', 'ONCOMING RN' (a title-case 'Kathy Day RN' is still a name).
SHIFT_WORDS = frozenset("day days night nights eve evening evenings noc charge float primary oncoming offgoing off-going "
                        "relief agency traveler traveller resource staff new covering triage sending receiving "
                        "accepting wound care infusion dialysis transport flight on-call oncall backup cross-cover ur".split())


class SignatureNameRecognizer(RuleRecognizer):
    """Walks back from RN/RRT/MD/NP/... over up to four name-like words on the same line."""

    ENTITY = "CLINICIAN_NAME"
    CREDENTIAL = guarded(re.compile(
        r"(?P<sep>,\s*|[ \t]+)(?P<cred>RN|R\.N\.|RRT|MD|M\.D\.|NP|PA-C|PA|LPN|CRNA|LICSW|MSW|CNA|SN|RT|CRTT|CRT|APRN|CNM|BSN|MSN|LCSW|"
        r"RPh|PharmD|CCRN|DNP|FNP|ANP|EMT)(?![A-Za-z]|['’]s)"
    ))
    # Also clinical abbreviations: 'CRT' is capillary refill time, 'EMT' a crew; these need a name-shaped line.
    WEAK = frozenset({"NP", "PA", "RT", "SN", "MD", "CRT", "EMT"})
    # 'Bernard Foley CRT' alone on its line: a first name and a capitalised surname, even one that is a clinical word.
    LINE_END = re.compile(r"[ \t.,]*(?:\n|$)")
    SIGNATURE_LINE = re.compile(r"(?:^|\n)[ \t]*(?P<f>[A-Z][a-z]+|[A-Z]{2,})[ \t]+(?P<s>[A-Z][a-z]{2,}|[A-Z]{3,})[ \t]*$")
    PA_ORGAN = re.compile(r"[ \t]*(?i:line|cath|catheter|pressures?|port|sats?|systolic|diastolic|mean|numbers|tracing|"
                          r"wedge|waveform|gram)\b")
    WORD_BEFORE = re.compile(r"(" + TOKEN + r")[ \t]*-?$")
    # Dictation initials closing a letter or summary: the author in capitals, the typist(s) in lower case.
    INITIALS_LINE = re.compile(r"(?m)^[ \t]*[A-Z]{2,4}/(?:[a-z]{2,4}(?:/[a-z]{2,4})?|[A-Z]{2,4}(?:/[A-Z]{2,4})?)[ \t]*$")
    SURNAME_COMMA = re.compile(r"(?<![\w,])(" + TOKEN + r"),[ \t]*$")
    # 'changed by wood rn', 'report to hill rn', 'from page, rn': in lower case a credential names the one word between
    # it and a preposition (upper case is read above, from the credential alone).
    PREP_CREDENTIAL = guarded(re.compile(
        r"(?<![A-Za-z/])(?i:by|to|from|per|w/|with|and|relieved|covered)[ \t]+(?P<n>[a-z][a-z'’-]+),?[ \t]+"
        r"(?P<c>rn|md|np|lpn|rrt|crna|cnm|cna|rph|pharmd|licsw|lcsw|msw|dpm|pa-c)(?![A-Za-z])"))

    def analyze(self, text, entities, nlp_artifacts=None):
        """The name run just before each credential."""
        out = []
        for m in self.CREDENTIAL.finditer(text):
            if m["cred"] == "PA" and self.PA_ORGAN.match(text, m.end()):
                continue  # 'New PA line', 'PA pressures': the pulmonary artery, not a physician assistant
            start, pos = m.start(), m.start()
            for _ in range(4):
                w = self.WORD_BEFORE.search(text, max(0, pos - 40), pos)
                tok = w.group(1) if w else ""
                strong = "," in m["sep"] or m["cred"] not in self.WEAK
                last = pos == m.start()
                if not w or not (self._name_word(tok, strong, last) or last and self._lone_name(tok)):
                    break
                if last and bare(tok) in SHIFT_WORDS and not capitalised_in_mixed(text, w.start(1), tok):
                    break
                start = pos = w.start()
            start = self._inverted_surname(text, start, m.start())
            if len(text[start : m.start()].split()) <= 1:  # at most one name word found: try a whole signature line
                start = min(start, self._signature_line(text, m))
            words = len(text[start : m.start()].split())
            if m["cred"] in self.WEAK and "," not in m["sep"] and words < 2 and not self._lone_name(text[start : m.start()]):
                continue
            if start < m.start():
                out.append(RecognizerResult(self.ENTITY, start, m.start(), 0.8))
        if "/" in text:
            out += self._dictation_initials(text)
        return out + [RecognizerResult(self.ENTITY, m.start("n"), m.end("n"), 0.8)
                      for m in self.PREP_CREDENTIAL.finditer(text) if self._lower_name(m["n"])]

    @staticmethod
    def _lower_name(token: str) -> bool:
        """A lower-case word before 'rn'/'md' that can be a name: a known name or an unknown word, no shift, clinical
        or drug word ('to day rn', 'by iv rn', 'per renal md' are not)."""
        w = bare(token)
        return w not in SHIFT_WORDS and w not in lexicons.drugs_and_clinical() and role_name(token)

    @staticmethod
    def _initials(m: re.Match) -> bool:
        """Letters that can be someone's initials: no credential, clinical abbreviation or word."""
        w = m.group().lower()
        return not (w in NOT_INITIALS or w in lexicons.clinical_terms() or w in lexicons.stop_words()
                    or w in lexicons.drugs_and_clinical())

    def _dictation_initials(self, text: str) -> list[RecognizerResult]:
        """'XQ/ks', 'JMR/blt/dw' alone on a line at a letter's end: the author's and the typists' initials."""
        out = []
        for m in self.INITIALS_LINE.finditer(text):
            groups = list(LETTERS.finditer(text, m.start(), m.end()))
            if not all(map(self._initials, groups)):
                continue  # 'MD/rn', 'IV/po', 'HR/bp': roles and abbreviations, not people
            out += [RecognizerResult(self.ENTITY, g.start(), g.end(), 0.6) for g in groups]
        return out

    def _inverted_surname(self, text: str, start: int, cred: int) -> int:
        """'SMITH, JANE RN': one known or unknown name word and a comma before a one- or two-word signature."""
        if start == cred or len(text[start:cred].split()) > 2:
            return start
        w = self.SURNAME_COMMA.search(text, max(0, start - 30), start)
        if not w:
            return start
        tok = bare(w.group(1))
        if len(tok) < 2 or tok in lexicons.stop_words() or tok in lexicons.clinical_terms():
            return start
        if is_name_word(tok) or tok not in lexicons.vocabulary() and not lexicons.is_misspelling(tok):
            return w.start(1)
        return start

    def _signature_line(self, text: str, cred: re.Match) -> int:
        """Start of a 'First Surname CRED' line ending at the credential, else the credential's start."""
        if not self.LINE_END.match(text, cred.end()):
            return cred.start()
        m = self.SIGNATURE_LINE.search(text, max(0, cred.start() - 60), cred.start())
        if not m or m["f"].isupper() != m["s"].isupper():
            return cred.start()
        first, surname = bare(m["f"]), bare(m["s"])
        if first not in lexicons.first_names() or first in lexicons.stop_words() or first in lexicons.clinical_terms():
            return cred.start()
        return cred.start() if surname in lexicons.stop_words() else m.start("f")

    @staticmethod
    def _lone_name(token: str) -> bool:
        """'Sanders NP', 'Jones MD': one capitalised known name before a weak credential ('2L NP' is not)."""
        w = bare(token.strip())
        return (token[:1].isupper() and len(w) > 2 and is_name_word(w) and w not in lexicons.clinical_terms()
                and w not in lexicons.stop_words() and (w not in lexicons.vocabulary() or not token.strip().isupper()))

    @staticmethod
    def _name_word(tok: str, strong: bool, last: bool) -> bool:
        """A name word before a credential; a sentence-final word or a misspelt word does not count."""
        if is_initial(tok):
            return tok.endswith(".") or not last
        if tok.endswith(".") and last:
            return False
        if lexicons.is_misspelling(bare(tok)) and not is_name_word(bare(tok)):
            return False
        return probable_name(tok) or (strong and name_like(tok, strict=False))
