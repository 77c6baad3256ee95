"""Names that ward shorthand leaves without a cue word before them: 'drGrant@bs', 'KT RN', "BROWN'S SIGN-OUT",
'PDMP RE-RUN BY DMITRI.'."""

import re

from presidio_analyzer import RecognizerResult

from corpus.deid import lexicons
from corpus.deid.recognizers.en.alternation import guarded
from corpus.deid.recognizers.en.base import RuleRecognizer
from corpus.deid.recognizers.en.cue_patterns import NOT_NAMES, PERSON_NOUNS, ROLE_WORDS, known_name, role_name
from corpus.deid.recognizers.en.name_tokens import (
    KINSHIP_WORDS,
    VOWEL,
    bare,
    capitalised_in_mixed,
    probable_name,
    subject_word,
    trim_span,
)
from corpus.deid.recognizers.en.role_words import CREDENTIALS


# 'GBMC', 'BIDMC', 'MGH': a hospital's acronym (ends in H or MC), a place rather than a person
UNIT_ACRONYM = re.compile(r"[A-Z]{2,4}(?:MC|H)$").match
# What ends the clause after an uncommon name: punctuation or a next word, never the line end (a word broken there).
# The word that opens the next clause after a name ('BY DMITRI INSTEAD', 'by Page on 7/22'); both 'by' rules read it.
_NEXT_CLAUSE = r"[ \t]+(?i:instead|on|at|in|for|re|per|from|and)\b"
BY_END_MARK = re.compile(r"[ \t]*(?:[.;:)&@]|,[ \t]|\Z|\n(?![ \t]*[a-z]))|" + _NEXT_CLAUSE)
# What a family calls its own in speech ('"NANA SAYS ..."'): a relation, not a name.
FAMILY_CALLS = frozenset({"nana", "nanna", "grandma", "grandpa", "granny", "gramma", "grampa", "mommy", "mama", "momma",
                          "daddy", "papa", "auntie", "aunty", "mom", "dad"})
# Endings of the verbs and adjectives that clinical prose makes outside any word list ('PT MENTATING', 'pt
# desaturated', 'PT HYPOVOLEMIC', 'PT dopplerable'): no uncommon name ends so.
WORD_SUFFIX = re.compile(r"(?:ed|ing|ic|able|ible|ates|ive|ous|ful|less|ness|ly|emia|osis|itis|ized|ised|up)$")
# How a patient travels, not who brought them: 'arrived by medflight.'
CARRIERS = frozenset({"medflight", "lifeflight", "ambulance", "helicopter", "stretcher", "wheelchair", "taxi", "cab"})


def uncommon_word(token: str) -> bool:
    """A known name, or a word outside the allow-list with a vowel and no verb's or adjective's ending that is no
    typo, stem, drug, clinical word or brand ('PT AMBULTED', 'PT MENTATING', 'PT NPO' are not names)."""
    w = bare(token)
    if not w.isalpha() or w in lexicons.vocabulary() or w in lexicons.drugs_and_clinical() or w in NOT_NAMES:
        return False
    if lexicons.is_misspelling(w) or lexicons.is_swapped_letters(w) or w in lexicons.eponyms():
        return False  # 'PT DEINES ANY PAIN': a census surname, and a typo of 'denies' (frequent names are no typos)
    if lexicons.is_name_word(w):
        return True
    return bool(VOWEL(w)) and not WORD_SUFFIX.search(w) and not lexicons.is_clinical_typo_or_stem(w)


def known_or_uncommon(token: str) -> bool:
    """A census first name or frequent surname (common words too: 'LONG', 'Hope'), or an uncommon word."""
    return known_name(bare(token)) or uncommon_word(token)


class ShorthandNameRecognizer(RuleRecognizer):
    """A cue typed onto a name, initials signing a line, a name's possessive, a known name ending a clause after 'by'.

    Each rule is found from its rarest part and reads backwards: a scan that opened on the name would try every word.
    """

    ENTITY = "PERSON"
    ALSO = ("RELATIVE_NAME", "CLINICIAN_NAME")
    # 'drGrant@bs', 'dtrPricecalled', 'wifeBettina in': a lower-case cue typed onto a capitalised name (the case
    # change is the word break; 'DRHILL' in capitals has none and is left). Found from the case change.
    CASE_CHANGE = re.compile(r"[a-z](?=[A-Z][a-z]{2})")
    GLUED_CUE = re.compile(r"(?<![A-Za-z])(?:dr|dtr|wife|son|brother|sister|husband|mother|father|daughter|ho|md|from)$")
    GLUED_NAME = re.compile(r"[A-Z][a-z]+")
    GLUED_TYPES = {"dr": "CLINICIAN_NAME", "ho": "CLINICIAN_NAME", "md": "CLINICIAN_NAME", "from": "PERSON"}
    # 'call light in reach. KT RN', 'Pressure dsg. --MB/RN', '-TR, RN': a nurse's initials signing the line. Found from
    # the credential at the line's end.
    SIGNING_CREDENTIAL = re.compile(r"(?m)(?:RN|R\.N\.|LPN|NP|MD)[ \t]*$")
    INITIALS_BEFORE = re.compile(r"(?:[.!?;][ \t]+|[-–~]{1,2}[ \t]*)(?P<n>[A-Z]{2,3})[ \t]*[,/]?[ \t]*$")
    # "TAMSIN'S HOME #", "NIGHT INTERN BROWN'S SIGN-OUT", "Grant's flight": a name's possessive before a thing of theirs.
    # Found from the "'s".
    OWNED = re.compile(r"['’][sS][ \t]+(?i:home|house|apartment|apt|office|note|sign-?out|request|wishes|wake|funeral|"
                       r"flight|phone|cell|number|#|car|going|recs|recommendations?)(?![A-Za-z])")
    OWNER_WORD = re.compile(r"(?<![A-Za-z'’-])[A-Za-z][A-Za-z-]+$")
    # 'HST scored by Page.', 'PULLED FROM PYXIS BY DMITRI INSTEAD': a name right after 'by', ending the clause.
    BY_NAME_END = guarded(re.compile(r"(?<![A-Za-z])(?i:by)[ \t]+(?P<n>[A-Za-z][A-Za-z'’-]+)(?![A-Za-z'’-])"
                                     r"(?=[ \t]*(?:[.;:)&@]|,[ \t]|$|\n)|" + _NEXT_CLAUSE + ")", re.M))

    # Quoted speech: '"Brezhoni keeps knocking"', '"TELL Price I'M COMING"', '"is bill here yet?"': an uncommon name
    # (or a first name) as the quote's subject before a verb, or after a verb of address. Found from the quote mark.
    QUOTE_SUBJECT = re.compile(r"[\"“][ \t]*(?P<n>[A-Za-z][A-Za-z'’-]+)[ \t]+(?i:is|was|has|had|keeps|kept|told|said|says|"
                               r"put|pushed|called|will|would|can|could|did|does|wants|took|gave|brought|came|comes|knows|"
                               r"knew|lets|let)\b")
    QUOTE_ADDRESS = re.compile(r"[\"“][^\"”\n]{0,30}?(?<![A-Za-z])(?i:tell|call|ask|get|is|where'?s|where[ \t]+is|want|"
                               r"need|see)[ \t]+(?P<n>[A-Za-z][A-Za-z'’-]+)(?=[ \t]*(?:[\"”?!,.]|[ \t](?i:i|i'm|here|"
                               r"first|to|not|that|yet|now|back)\b))")
    # A sign-out list of patients by bay or chair: 'BAY 5 Brezhoni (TKA, ...)', 'chair 11 hill, marguerite - late'.
    BAY_NAME = guarded(re.compile(r"(?<![A-Za-z])(?i:bay|chair)[ \t]*#?\d{1,2}[A-Za-z]?[ \t]*[:-]?[ \t]+"
                                  r"(?P<n>[A-Za-z][A-Za-z'’-]+)(?=[ \t]*[(,-])"))

    # 'PT MBEKI (MRN ...)', 'W/ PT ESTERHUIZEN, C/O DIZZINESS', 'pt oluwaseun working on ue strength': an uncommon word
    # after 'PT' (the patient or the physical therapist, a person either way).
    PT_WORD = guarded(re.compile(r"(?<![A-Za-z/])(?i:pt)[ \t]+(?P<n>[A-Za-z][a-z'’]{4,}|[A-Z][A-Z'’]{4,})(?![A-Za-z'’/-])"))
    # 'Pt Marguerite states ate ham', 'PT LONG REFUSED MASK', 'pt price moved to dtr's': one word between 'pt' and
    # what the patient said or did is the name, a known name or an uncommon word ('pt also states', 'PT FAMILY ASKS').
    PT_SUBJECT = guarded(re.compile(
        r"(?<![A-Za-z/])(?i:pt|patient)[ \t]+(?P<n>[A-Za-z][A-Za-z'’-]+)(?=[ \t]+(?i:states|stated|says|said|reports|"
        r"reported|refuses|refused|asks|asked|asking|denies|denied|wants|wanted|requests|requested|agrees|agreed|"
        r"declines|declined|ran|moved|arrived|returned|waiting|not[ \t]+home|no[ \t]+show)\b)"))

    def load(self) -> None:
        """Load the lexicons once."""
        lexicons.first_names()
        lexicons.vocabulary()

    def analyze(self, text, entities, nlp_artifacts=None):
        """One span per name each rule finds."""
        out = self._glued(text) + self._signing_initials(text)
        if "'" in text or "’" in text:
            out += self._owners(text)
        if '"' in text or "“" in text:
            out += [RecognizerResult(self.ENTITY, m.start("n"), m.end("n"), 0.6)
                    for rx in (self.QUOTE_SUBJECT, self.QUOTE_ADDRESS) for m in rx.finditer(text) if self._quoted(m["n"])]
        out += [RecognizerResult("PATIENT_NAME", m.start("n"), m.end("n"), 0.6)
                for m in self.BAY_NAME.finditer(text) if self._quoted(m["n"])]
        out += [RecognizerResult(self.ENTITY, m.start("n"), m.end("n"), 0.6)
                for m in self.PT_WORD.finditer(text) if uncommon_word(m["n"])]
        out += [RecognizerResult("PATIENT_NAME", m.start("n"), m.end("n"), 0.6) for m in self.PT_SUBJECT.finditer(text)
                if subject_word(m["n"]) and known_or_uncommon(m["n"])]
        if "by " in text.lower():
            out += [RecognizerResult("CLINICIAN_NAME", *trim_span(text, m.start("n"), m.end("n")), 0.75)
                    for m in self.BY_NAME_END.finditer(text) if self._by_name(text, m)]
        return out

    def _glued(self, text: str) -> list[RecognizerResult]:
        out = []
        for c in self.CASE_CHANGE.finditer(text):
            cue = self.GLUED_CUE.search(text, max(0, c.end() - 8), c.end())
            name = self.GLUED_NAME.match(text, c.end())
            w = bare(name.group())
            if cue and w not in lexicons.clinical_terms() and w not in lexicons.stop_words():
                etype = self.GLUED_TYPES.get(cue.group(), "RELATIVE_NAME")
                out.append(RecognizerResult(etype, name.start(), name.end(), 0.6))
        return out

    def _signing_initials(self, text: str) -> list[RecognizerResult]:
        out = []
        for c in self.SIGNING_CREDENTIAL.finditer(text):
            m = self.INITIALS_BEFORE.search(text, max(0, c.start() - 10), c.start())
            w = m["n"].lower() if m else ""
            if m and w not in lexicons.drugs_and_clinical() and w not in lexicons.stop_words() and w not in CREDENTIALS \
                    and w not in ROLE_WORDS and (len(w) == 2 or w not in lexicons.vocabulary()):
                out.append(RecognizerResult("CLINICIAN_NAME", m.start("n"), m.end("n"), 0.6))
        return out

    def _owners(self, text: str) -> list[RecognizerResult]:
        """A known or uncommon name before "'s home", "'S SIGN-OUT" (not PT'S, DOCTOR'S, DAUGHTER'S)."""
        out = []
        for o in self.OWNED.finditer(text):
            m = self.OWNER_WORD.search(text, max(0, o.start() - 30), o.start())
            if not m:
                continue
            tok, w = m.group(), bare(m.group())
            if role_name(tok) and w not in KINSHIP_WORDS and w not in PERSON_NOUNS and (
                    probable_name(tok) and not lexicons.is_misspelling(w) or known_name(w)):
                out.append(RecognizerResult(self.ENTITY, m.start(), m.end(), 0.6))
        return out

    @staticmethod
    def _quoted(tok: str) -> bool:
        """A name in a frame with no title: an uncommon word that is no typo, drug or clinical word, or a first name
        that is no common word ('"Brezhoni keeps knocking"', '"is bill here"'; not '"Lasix is ...", '"he is ..."')."""
        w = bare(tok)
        if len(w) < 3 or w in NOT_NAMES or w in KINSHIP_WORDS or w in FAMILY_CALLS or w in ROLE_WORDS or w in PERSON_NOUNS or (
                w in lexicons.stop_words() or w in lexicons.drugs_and_clinical()):
            return False
        return probable_name(tok) and not lexicons.is_misspelling(w) or w in lexicons.first_names() and (
            w not in lexicons.vocabulary())

    @staticmethod
    def _by_name(text: str, m: re.Match) -> bool:
        """'scored by Page.', 'PDMP RE-RUN BY DMITRI.': a known name ending the clause after 'by', capitalised in
        mixed case or, in capitals, no common word ('DONE BY HAND.', 'BY MOUTH;' are not names)."""
        tok = m["n"]
        w = bare(tok)
        if w in lexicons.eponyms() or w in NOT_NAMES or w in KINSHIP_WORDS or w in CARRIERS or w in ROLE_WORDS:
            return False
        if len(w) > 3 and probable_name(tok) and not lexicons.is_misspelling(w) and w not in lexicons.drugs_and_clinical() and (
                not UNIT_ACRONYM(tok) and BY_END_MARK.match(text, m.end("n"))):
            return True  # 'FILED BY MBEKI.', 'applied by Brezhoni;': an uncommon name in any case (not a word broken by
            # a line end, 'by afterno|on', nor a hospital's acronym, 'W/U BY GBMC FOR')
        if not known_name(w):
            return False
        return capitalised_in_mixed(text, m.start("n"), tok) or tok.isupper() and w not in lexicons.vocabulary()
