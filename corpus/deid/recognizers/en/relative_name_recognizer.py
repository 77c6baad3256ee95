"""Names after kinship words: 'daughter Suzette', 'son, bill,', 'Sons Smokey, Morris and Roger'."""

import re

from presidio_analyzer import RecognizerResult

from corpus.deid import lexicons
from corpus.deid.recognizers.en.alternation import by_first_letter, guarded
from corpus.deid.recognizers.en.base import RuleRecognizer
from corpus.deid.recognizers.en.name_tokens import (
    KINSHIP_WORDS,
    TOKEN,
    TOKEN_RE,
    bare,
    capitalised_in_mixed,
    extend_name,
    first_word,
    is_initial,
    likely_name,
    name_like,
    name_or_unknown,
    probable_name,
    second_name_end,
    subject_word,
    trim_span,
)
from corpus.deid.recognizers.en.role_words import ROLE_TITLES
from corpus.deid.recognizers.en.shorthand_name_recognizer import known_or_uncommon

# A relative right after a kinship word is no name ('wife, son at bedside').
KIN_WORDS = KINSHIP_WORDS | {"spouse", "partner"}
# '& Sons', 'and Daughters': a firm's name goes on after the relation word.
FIRM_KIN_BEFORE = re.compile(r"(?:&|\band)[ \t]*$", re.I)
FIRM_KIN = re.compile(r"(?:Sons?|SONS?|Daughters?|DAUGHTERS?|Brothers|BROTHERS)\b")
# Not a name after 'S/O' or before "'S WIFE": the patient, the family, staff, other relations.
NOT_PARTNER = frozenset({"pt", "patient", "pts", "family", "fam", "staff", "team", "md", "rn", "np", "ho", "all", "both",
                         "visitor", "visitors", "friend", "friends", "sitter", "neighbor", "neighbour", "roommate",
                         "landlord", "landlady", "sponsor", "caregiver", "companion", "coworker", "boss", "employer",
                         "guardian", "lawyer", "attorney", "doctor", "nurse", "dr"})


# What a relative named right after the relation did: 'DTR EMBER CALLED', 'SISTER ORIEL AT BS', 'wife marigold + 2 sons',
# 'sister ember at 978-555-0101', 'DTR EMBER, POA ON FILE', 'WIFE MARIGOLD AND SON AT BS', 'dtr ember (hcp)',
# 'w/ dtr ember & son', 'his sister oriel - she', 'dtr ember lives in'.
RELATIVE_DID = re.compile(
    r"[ \t]*[,(][ \t]*(?i:poa|hcp|proxy|nok|guardian)\b|[ \t]+[+&][ \t]|[ \t]+-[ \t]+(?i:she|he)\b"
    r"|[ \t]+(?i:called|phoned|asked|asking|visited|visiting|can'?t|cannot|wants|wanted|states|stated|says|said|"
    r"requests|requested|here|at[ \t]+(?:the[ \t]+)?(?:bs|bedside)|in[ \t]+to[ \t]+visit|on[ \t]+(?:the[ \t]+)?phone|"
    r"helping|helps|comes|came|coming|will|from|at[ \t]+\(?\d{3}|lives|lived|works|has|had|also|"
    r"and[ \t]+(?:son|sons|daughter|dtr|husband|wife|kids|grandson|granddaughter))\b")
TITLE_AND_SPACE = re.compile(r"[A-Za-z]+\.?[ \t]+")
BRACKETED_NAME = re.compile(r"[ \t]*\([ \t]*(?P<n>[A-Za-z][A-Za-z'’-]{2,})[ \t]*\)")

class RelativeNameRecognizer(RuleRecognizer):
    """Name-like words right after a relative/proxy word (any case), and names listed with them."""

    ENTITY = "RELATIVE_NAME"
    KIN = guarded(re.compile(
        r"\b(?:" + by_first_letter(r"mother of (?:the )?baby|father of (?:the )?baby|support person|"
                                   r"grandmother|grandfather|grandparents?|parents?|siblings?|sibs?|mob|fob|doula|"
                                   r"son[ -]in[ -]law|daughter[ -]in[ -]law|mother[ -]in[ -]law|father[ -]in[ -]law|"
                                   r"brother[ -]in[ -]law|sister[ -]in[ -]law|wife|husband|husb|hubby|spouse|widow|widower|sons?|daughters?|dtrs?|dau|sisters?|sis|brothers?|bro|mother|father|mom|dad|"
        r"nieces?|neices?|nephews?|"
        r"children|kids|grandsons?|grand\s?daughters?|grandaughters?|grandchild(?:ren)?|grand-?(?:niece|neice|nephew)s?|"
        r"great-?grand(?:sons?|daughters?|child(?:ren)?|mother|father)|step(?:mother|father|brother|sister|mom|dad)|aunt|uncle|cousin|friend|fiancee?|partner|"
        r"girlfriend|boyfriend|proxy|spokesperson|guardian|in-law|stepdaughter|stepson|step\s(?:daughter|son)|"
        r"neighbou?r|roommate|name is|named|hcp is|contact is|significant other|god(?:son|daughter|mother|father)|"
        r"grandma|grandpa|granny|nana|nanna|auntie|aunty|gramma|grampa|companion|caregiver|landlord|landlady|lawyer|attorney|poa|co-?worker|sponsor|"
        # in-law abbreviations and the misspellings charted in a hurry
        r"dil|sil|mil|fil|daugther|daughtr|daugter|girlfreind|boyfreind|nefew|nephew") + r")\b"
        r"(?:[ \t]+of[ \t]+\d{1,2}\+?[ \t]*(?i:yrs?|years?))?"  # 'wife of 40 years, Rose, at bedside'
        r"(?:[ \t]*\(\?\))?[ \t]*(?:[,:\-–]+|\(|is\b|was\b)?[ \t\-:,]*(?=[A-Za-z])",
        re.I,
    ))
    # 'ann (wife)', 'JOHN SMITH (SON)', 'Kathy - daughter': the name comes before the kinship word.
    KIN_AFTER = re.compile(
        r"[ \t]*(?:\([ \t]*|-[ \t]+|,[ \t]*|[ \t](?:is|was)[ \t]+(?=my|our|his|her))"
        r"(?:(?:the[ \t]+)?(?:his|her|my|our|pt'?s|patient'?s)[ \t]+)?(?:wife|husband|spouse|son|daughter|dtr|"
        r"sister|brother|mother|father|niece|nephew|grandson|granddaughter|friend|partner|fiancee?|hcp|proxy|"
        # 'Long is my daughter', '"Cherish, my worker at DMH"': a person the patient names in speech
        r"health ?care proxy|nok|girlfriend|boyfriend|caseworker|case worker|worker|neighbou?r|landlord|landlady)\b",
        re.I,
    )
    # "Frank's wife called": the person whose relative is named.
    # Matched from the "'s wife" (cheap) and the owner read backwards.
    OWNER = re.compile(r"(?<=[A-Za-z])['’]s[ \t]+(?:" + by_first_letter(r"wife|husband|spouse|son|daughter|dtr|sister|brother|"
                       r"mother|father|niece|nephew|family|fiancee?|partner|girlfriend|boyfriend") + r")\b", re.I)
    OWNER_WORD = re.compile(r"(?<![A-Za-z'’])[A-Za-z][A-Za-z-]*[A-Za-z]$")
    WORD_BEFORE = re.compile(r"(" + TOKEN + r")[ \t]*$")
    # Lower-case or upper-case verbs (and 'age') that follow a kinship subject and are also census surnames ('wife
    # works at', 'brother, age 44').
    NOT_A_NAME = re.compile(r"(?:works|worked|needs|needed|lives|wants|stays|calls|visits|says|knows|feels|helps|cares|"
                            r"born|died|old|age|aged|"
                            r"WORKS|WORKED|NEEDS|NEEDED|LIVES|WANTS|STAYS|CALLS|VISITS|SAYS|KNOWS|FEELS|HELPS|CARES|BORN|DIED|OLD|"
                            r"AGE|AGED)\b")
    IN_LAW = re.compile(r"in-laws?\b", re.I)
    # 'S/O Mbeki at bedside', 'S/O ROSE IN TO VISIT': a significant other, when a presence phrase follows the name
    # (a bare 'S/O' opens the Subjective/Objective section: 'S/O: PT RESTLESS AT BEDSIDE').
    SIGNIFICANT_OTHER = re.compile(
        r"(?<![A-Za-z/])(?i:s/o)[ \t]+(?P<n>[A-Za-z][A-Za-z'’-]+(?:[ \t]+[A-Za-z][A-Za-z'’-]+)?)[ \t]+(?=(?i:at[ \t]+(?:the[ \t]+)?"
        r"bedside|in[ \t]+to[ \t]+visit|visiting|visited|present|here|called|phoned|aware|updated)\b)")
    # The next relative in a list; a bracketed age may follow each ('children: brown (12) and long (9)', 'SONS ROSE + LONG').
    MORE = re.compile(r"(?:[ \t]*\([ \t]*\d{1,3}[ \t]*(?:y/?o|yo|yrs?|years?)?[ \t]*\))?[ \t]*(?:,|and|&|\+)[ \t]*(?=" + TOKEN + ")",
                      re.I)

    def analyze(self, text, entities, nlp_artifacts=None):
        """Each name run after a kinship word, plus 'X, Y and Z' lists."""
        out = []
        for m in self.KIN.finditer(text):
            pos = m.end()
            firm = FIRM_KIN_BEFORE.search(text, max(0, m.start() - 6), m.start())  # '& Sons', 'and Daughters'
            if text[pos - 1 : pos] == "-" and self.IN_LAW.match(text, pos):
                continue  # 'sister-in-laws': a kinship compound, not a name
            for _ in range(4):
                word = first_word(text, pos)
                if word in KIN_WORDS and pos > m.end() and (kin := TITLE_AND_SPACE.match(text, pos)):
                    pos = kin.end()  # 'SISTER Hope AND BIL Rose IN': the list's next relative, then the name
                    word = first_word(text, pos)
                if word in KIN_WORDS:
                    break  # 'wife, son at bedside', 'hcp is son': another relative, not a name ('Son' is a surname)
                if word in ROLE_TITLES:
                    title = TITLE_AND_SPACE.match(text, pos)
                    if not title:
                        break
                    pos = title.end()  # 'wife rose and pastor page': the title is no name, the word after it is
                if self.NOT_A_NAME.match(text, pos):
                    break  # 'wife works at ...', 'brother, age 44', 'brother dmitri joan, age 44': the sentence goes on
                if pos > m.end() and not self._listed_name(text, pos):
                    break  # 'NIECE Brezhoni, FORM ON CHART': after the first name a list holds names only
                end = extend_name(text, pos, max_tokens=3, first_strict=False)
                if end <= pos and not (firm and FIRM_KIN.match(text, m.start())):
                    end = self._capitalised_word_end(text, pos)  # not 'Kirk & Sons Funeral Home'
                    if end <= pos and not firm:
                        end = self._word_before_verb(text, pos)  # not 'long & sons construction wants'
                if end <= pos:
                    break
                first = text[pos:end].strip()
                if " " not in first and self._partner_word(first):  # 'FOSTER MOTHER HILL HOPE', 'mother hope long'
                    end = second_name_end(text, end, first, self._partner_word)
                s, e = trim_span(text, pos, end)
                if e - s == 1 and text[s].islower():
                    break  # 'proxy o patient': a lone lower-case letter is a typo ('of'), not an initial
                out.append(RecognizerResult(self.ENTITY, s, e, 0.8))
                other = BRACKETED_NAME.match(text, end)  # 'DTR Vukovich (Taddeucci)': her other surname
                if other and name_like(other["n"], strict=False) and first_word(text, other.start("n")) not in KIN_WORDS:
                    out.append(RecognizerResult(self.ENTITY, other.start("n"), other.end("n"), 0.7))
                more = self.MORE.match(text, end)
                if not more:
                    break
                pos = more.end()
        for m in self.SIGNIFICANT_OTHER.finditer(text) if "/" in text else ():
            words = m["n"].split()
            if all(self._partner_word(w) for w in words):
                out.append(RecognizerResult(self.ENTITY, m.start("n"), m.end("n"), 0.7))
        for o in self.OWNER.finditer(text):
            m = self.OWNER_WORD.search(text, max(0, o.start() - 40), o.start())
            if not m:
                continue
            if likely_name(m.group()) or m.group().isupper() and self._partner_word(m.group()) and (
                    lexicons.is_name_word(bare(m.group()))):
                # "HILL'S WIFE CALLED": in capitals a known name before "'S WIFE" is the owner's name
                out.append(RecognizerResult("PERSON", m.start(), m.end(), 0.7))
        for m in self.KIN_AFTER.finditer(text):
            start = self._walk_back(text, m.start(), paren="(" in m.group())
            if start < m.start():
                out.append(RecognizerResult(self.ENTITY, start, m.start(), 0.7))
        return out

    @staticmethod
    def _capitalised_word_end(text: str, pos: int) -> int:
        """'Daughter Oriel states', 'pt's friend Marigold to check daily': in mixed-case prose a capitalised word right
        after the relation is her name even when it is also a word; never a function, clinical or relation word."""
        m = TOKEN_RE.match(text, pos)
        if not m or not capitalised_in_mixed(text, pos, m.group()) or not m.group()[1:].islower():
            return pos
        w = bare(m.group())
        if len(w) < 3 or w in lexicons.stop_words() or w in lexicons.drugs_and_clinical() or w in KIN_WORDS or (
                w in ROLE_TITLES):
            return pos
        return m.end() - 1 if m.group().endswith(".") else m.end()

    @staticmethod
    def _word_before_verb(text: str, pos: int) -> int:
        """'DTR EMBER CALLED', 'wife marigold + 2 sons', 'dtr oriel at bs': in any case, one word between the relation
        and what the relative did is her name, even when it is also a word; never a function, clinical, relation or
        role word, nor an adverb or a participle ('SON ALSO CALLED', 'WIFE FINALLY CALLED', 'son updated at bs')."""
        m = TOKEN_RE.match(text, pos)
        if not m or not subject_word(m.group()):
            return pos
        if RELATIVE_DID.match(text, m.end()):
            return m.end()
        # 'DTR EMBER HILL CALLED': her surname, a known name or an uncommon word, may come between
        s = TOKEN_RE.match(text, m.end() + 1) if text[m.end() : m.end() + 1] in " \t" else None
        if s and RELATIVE_DID.match(text, s.end()) and subject_word(s.group()) and known_or_uncommon(s.group()):
            return s.end()
        return pos

    @staticmethod
    def _listed_name(text: str, pos: int) -> bool:
        """The next item of a relatives' list: a probable name or a known name word ('SONS ROSE + LONG'), not a common
        word ('NIECE X, FORM ON CHART')."""
        m = TOKEN_RE.match(text, pos)
        w = bare(m.group()) if m else ""
        return bool(m) and (probable_name(m.group()) and len(w) > 2 or w in lexicons.first_names()  # not ', ph 508-...'
                            or w in lexicons.frequent_surnames())

    @staticmethod
    def _partner_word(tok: str) -> bool:
        """A word of a significant other's name: a known name or a word outside the allow-list; no kin, role or
        clinical word ('S/O PT AT BEDSIDE', 'S/O WIFE HERE')."""
        w = bare(tok)
        if len(w) < 2 or w in KIN_WORDS or w in lexicons.stop_words() or w in lexicons.clinical_terms() or (
                w in lexicons.drugs_and_clinical() or w in NOT_PARTNER):
            return False
        return name_or_unknown(w)

    @staticmethod
    def _bracketed_name(w: str) -> bool:
        return len(w) > 1 and not (w in KIN_WORDS or w in lexicons.stop_words() or w in lexicons.clinical_terms()
                                   or w in lexicons.drugs_and_clinical() or w in NOT_PARTNER)

    def _walk_back(self, text: str, pos: int, paren: bool = False) -> int:
        """Start of the name run that ends at ``pos``; the last word must be a probable name.

        Before a kinship word in brackets ('Piet (son)') a title-case word is a name even when it is also an English
        word, unless it is a function, clinical or kinship word ('Family (son)', 'Dr (son)')."""
        start = pos
        for i in range(3):
            w = self.WORD_BEFORE.search(text, max(0, start - 40), start)
            if not w or "\n" in text[w.start() : pos]:
                break
            tok = w.group(1)
            if tok.endswith(".") and not is_initial(tok) or i == 0 and not (
                    probable_name(tok) or tok.istitle() and lexicons.is_name_word(bare(tok))
                    or paren and tok.istitle() and self._bracketed_name(bare(tok))):
                break  # 'Hill (daughter)': a title-case surname that is also a word counts before a kinship word
            if i and not (name_like(tok, strict=False) or is_initial(tok)):
                break
            start = w.start()
        return start
