"""Names after a contact verb or a form label: 'spoke with Kathy', 'per Jane', 'NOK: MARY SMITH'."""

import re

from presidio_analyzer import RecognizerResult

from corpus.deid import lexicons
from corpus.deid.recognizers.en.base import RuleRecognizer
from corpus.deid.recognizers.en.cue_lists import CueLists
from corpus.deid.recognizers.en.cue_patterns import (
    AND_BEFORE_KIN,
    APPOSITION_HINTS,
    BRACKET_KIN,
    CARE_TEAM,
    HEADER_HINTS,
    NOT_NAMES,
    SIGNER_HINTS,
    SIGNER_LABELS,
    SIX_DIGITS,
    TWO_LETTERS,
    WEAK_TITLES,
    known_name,
    role_name,
)
from corpus.deid.recognizers.en.cue_words import (
    apposed_name,
    called_name,
    header_word,
    labelled_common_word,
    lower_name,
    name_after_verb,
)
from corpus.deid.recognizers.en.death_names import death_names
from corpus.deid.recognizers.en.letter_names import letter_names
from corpus.deid.recognizers.en.nicknames import quoted_nicknames
from corpus.deid.recognizers.en.pager_names import pager_names
from corpus.deid.recognizers.en.name_tokens import (
    KINSHIP_WORDS,
    TOKEN_RE,
    VOWEL,
    bare,
    capitalised_in_mixed,
    extend_name,
    first_word,
    is_initial,
    likely_name,
    name_like,
    probable_name,
    second_name_end,
)
from corpus.deid.recognizers.en.role_words import (
    CLAUSE_TITLES,
    CREDENTIALS,
    STAFF_NOUNS,
    STAFF_VERB,
    UPPER_ROLE_ABBREVIATIONS,
    VEHICLES,
)

# Form labels a 'SURNAME, FIRST' follows: 'ALIAS ON FILE: Opdahl, Tamsin', 'SUBSCRIBER: Mbeki, Dmitri J'.
INVERTED_LABELS = frozenset({"alias", "alias on file", "aka", "subscriber", "insured", "guarantor", "policyholder",
                             "policy holder", "responsible party", "decedent"})



# A count glued after the name ends its clause: 'PAGED NP PRICE X2', 'called rn hill x3'.
COUNT_AFTER = re.compile(r"[ \t]+[xX]\d{1,2}(?![\w/.])")


class CueNameRecognizer(CueLists, RuleRecognizer):
    """A first name or unknown word after a contact verb, and the name after a form label with a colon."""

    ENTITY = "PERSON"
    ALSO = ("PATIENT_NAME", "RELATIVE_NAME", "CLINICIAN_NAME")

    def load(self) -> None:
        """Load the lexicons once."""
        lexicons.first_names()
        lexicons.vocabulary()

    def analyze(self, text, entities, nlp_artifacts=None):
        """One span per name found after a cue."""
        out = []
        for m in self.VERB.finditer(text):
            end = name_after_verb(text, m.end(), unknown_ok=bool(self.PEOPLE_VERB.match(m.group())))
            if end == m.end() and self.CALLED.search(text, max(0, m.end() - 28), m.end()) and called_name(
                    first_word(text, m.end())):
                end = TOKEN_RE.match(text, m.end()).end()  # 'pt prefers to be called long', 'GOES BY HOPE'
            if end > m.end():
                out.append(self._result(text, self.ENTITY, m.end(), end))
                # 'timeout performed with Hill, Bill and Wood', 'spoke with Dmitri and Tamsin': the names listed after it
                out += [self._result(text, self.ENTITY, a, b) for a, b in self._listed_names(text, end)]
        for m in self.PAREN_NAME.finditer(text):
            w = m["n"].lower()
            if w in lexicons.first_names() and w not in NOT_NAMES and w not in lexicons.stop_words() and (
                    w not in lexicons.vocabulary() or not m["n"].isupper()) and w not in lexicons.clinical_terms():
                out.append(RecognizerResult(self.ENTITY, m.start("n"), m.end("n"), 0.6))
        lowered = text.lower()
        out += self._role_names(text, lowered)
        for rx in (self.ROLE_AFTER, self.CREDENTIAL_AFTER, self.FROM_SERVICE, self.COMMA_CREDENTIAL):
            for m in rx.finditer(text) if rx is not self.COMMA_CREDENTIAL or "," in text else ():
                found = self._named_before(text, rx, m.start("c") if rx is self.COMMA_CREDENTIAL else m.start())
                if found is not None:
                    out.append(found)
        for m in self.LABEL.finditer(text):
            label = " ".join(m["label"].lower().split())
            if label in CARE_TEAM and text[m.end()].islower() and first_word(text, m.end()) in lexicons.vocabulary() and (
                    not self.NAME_ENDS.match(text, TOKEN_RE.match(text, m.end()).end())):
                continue  # 'Tech: good quality study': a lower-case common word that goes on into a phrase ('tech: rose')
            etype = self.LABEL_TYPES.get(label, "PATIENT_NAME" if "name" in label else self.ENTITY)
            start = m.end()
            # 'NOK: son Piet', 'HCP: daughter, Rose Quorvath': the relation, then the name; 'Visitors: wife, son and
            # daughter': relations only
            while etype == "RELATIVE_NAME" and (kin := self.KIN_FIRST.match(text, start)) and bare(kin["k"]) in KINSHIP_WORDS:
                start = kin.end()
                conj = AND_BEFORE_KIN.match(text, start)
                start = conj.end() if conj and first_word(text, conj.end()) in KINSHIP_WORDS else start
            # After a signer's or a named role's label every known name continues the run ('Dictated by: Long Hope').
            end = extend_name(text, start, max_tokens=4, first_strict=False, rest_strict=etype == self.ENTITY)
            if end == start and "name" in label:
                end = labelled_common_word(text, start)  # 'Name: Kamila Červinková' ('kamila' is in SCOWL)
            if end > start and label in SIGNER_LABELS:
                end = self._with_typists(text, end)
            if end > start:
                out.append(self._result(text, etype, start, end))
                first = self._inverted_first(text, end, etype) if "name" in label or label in INVERTED_LABELS else []
                if first:  # 'NAME: PRICE, YOUNG': after a name label, the word after the comma is the first name
                    out += first
                    continue
                out += [self._result(text, etype, a, b) for a, b in self._listed_names(text, end)]
        signers = any(w in lowered for w in SIGNER_HINTS)
        for m in self.SIGNED.finditer(text) if signers else ():
            if first_word(text, m.end()) in NOT_NAMES:
                continue  # 'consent signed by hsb', 'signed by pt and witness'
            end = extend_name(text, m.end(), max_tokens=4, first_strict=False, rest_strict=False)
            if end > m.end():
                end = self._with_typists(text, end)
            if end > m.end():
                out.append(self._result(text, "CLINICIAN_NAME", m.end(), end))
                out += self._inverted_first(text, end, "CLINICIAN_NAME")  # 'Signed by TADDEUCCI, MARGUERITE on WED'
        out += letter_names(text, lowered, self.ENTITY, self._result)
        out += quoted_nicknames(text, self.ENTITY)
        out += pager_names(text, lowered, "PATIENT_NAME")
        out += death_names(text, lowered, self.ENTITY)
        for m in self.CALL_AT.finditer(text):
            if all(role_name(w) for w in m["n"].split()):
                out.append(self._result(text, self.ENTITY, m.start("n"), m.end("n")))
        for m in self.NAME_AGE.finditer(text) if self.AGE_HINT.search(text) else ():
            tok, w = m["n"], bare(m["n"])
            if w in NOT_NAMES or w in lexicons.stop_words():
                continue
            if likely_name(tok):
                # 'Taddeucci Esterhuizen is a 58 yo man': a first word that is also a name opens the span
                f = m["f"]
                two = f and bare(f) not in NOT_NAMES and bare(f) not in lexicons.stop_words() and (
                    likely_name(f) or bare(f) in lexicons.first_names() and f[:1].isupper() == tok[:1].isupper())
                out.append(RecognizerResult("PATIENT_NAME", m.start("f") if two else m.start("n"), m.end("n"), 0.7))
            elif known_name(w):  # 'MR HILL IS A 72 YO MAN', 'BROWN IS A 67 YO MAN': the frame leaves no other reading
                out.append(RecognizerResult("PATIENT_NAME", m.start("n"), m.end("n"), 0.7))
        for m in self.NAME_VERB.finditer(text) if any(v in lowered for v in self.REPORT_VERBS) else ():
            w = bare(m["n"])
            if not known_name(w) or w not in lexicons.first_names() or m["n"].isupper() and w in lexicons.vocabulary():
                continue  # in capitals a first name that is also a word ('HOPE STATES') has no case to tell it by
            s = m["s"]
            two = s and name_like(s, strict=True) and s.isupper() == m["n"].isupper()
            out.append(RecognizerResult("PERSON", m.start("n"), m.end("s") if two else m.end("n"), 0.65))
        for v in self.STATE_WORD.finditer(text):
            m = self.SUBJECT_BEFORE.search(text, max(0, v.start() - 40), v.start())
            if m and probable_name(m["n"]) and bare(m["n"]) not in NOT_NAMES and not lexicons.is_misspelling(bare(m["n"])):
                out.append(RecognizerResult("PATIENT_NAME", m.start("n"), m.end("n"), 0.65))
        for m in self.PT_NAME.finditer(text):
            if all(probable_name(t) and bare(t) not in NOT_NAMES and not lexicons.is_misspelling(bare(t))
                   and bare(t) not in lexicons.drugs_and_clinical() or not t.islower() and known_name(bare(t))
                   for t in (m["a"], m["b"])):  # 'PATIENT WOOD HOPE TRANSFERRED'; not 'pt rose early, ...'
                out.append(RecognizerResult("PATIENT_NAME", m.start("a"), m.end("b"), 0.7))
        for age in self.AGE_APPOSITION.finditer(text) if ", a" in lowered else ():
            m = self.APPOSED_WORDS.search(text, max(0, age.start() - 60), age.start())
            if not m:
                continue
            names = [g for g in "ab" if m[g] and apposed_name(m[g])]
            if names and names[-1] == ("b" if m["b"] else "a"):  # the word before the comma is a name
                out.append(RecognizerResult("PATIENT_NAME", m.start(names[0]), m.end(names[-1]), 0.65))
        id_label = any(k in lowered for k in HEADER_HINTS)
        header = "," in text and (id_label or SIX_DIGITS(text))
        matches = [*(self.HEADER_NAME.finditer(text) if header else ()),
                   *(self.HEADER_FIRST_LAST.finditer(text) if ":" in text and id_label else ()),
                   *(self.RE_LINE.finditer(text) if "," in text and ":" in text else ()),
                   *(self.AGE_SEX_HEADER.finditer(text) if "," in text else ())]
        for m in matches:
            groups = [g for g in "abc" if g in m.re.groupindex and m[g]]
            # 'Quorvath, I. (MRN 77201934)': the first name may be an initial with its full stop
            # between a header label and an identifier label a word outside the allow-list is a name even when it
            # looks like a typo ('RE: TAMSIN OLUWASEUN, DOB ...')
            loose = m.re is self.HEADER_FIRST_LAST
            if all(is_initial(m[g]) and (g == "c" or m[g].endswith(".")) or header_word(m[g], loose) for g in groups):
                out.append(RecognizerResult("PATIENT_NAME", m.start("a"), m.end(groups[-1]), 0.7))
        out += self._signatures(text)
        out += self._infants(text, lowered)
        for m in self.KIN_LABEL.finditer(text):
            start = m.end()
            if (kin := self.KIN_FIRST.match(text, start)) and bare(kin["k"]) in KINSHIP_WORDS:
                start = kin.end()  # 'HCP NEPHEW Wood', 'emergency contact: dtr Rose': the relation, then the name
            if text[start : start + 1].islower() and not lower_name(text, start) or first_word(text, start) in NOT_NAMES:
                continue  # lower case: 'hcp is son', 'emergency contact info in chart'; 'HCP FORM ON CHART'
            end = extend_name(text, start, max_tokens=3, first_strict=False)
            if end > start:
                out.append(self._result(text, "RELATIVE_NAME", start, end))
        return [r for r in out if r.end > r.start]

    def _signatures(self, text: str) -> list[RecognizerResult]:
        """'. - Brezhoni', '-Price Young', '~FRANK' at the end of a line: after a sentence any known name signs ('. -
        HILL'); a dash opening a line may be a bullet ('- HOPE'), so there only a word outside the allow-list does."""
        out = []
        for m in self.DASH_SIGNATURE.finditer(text):
            line_start = text.rfind("\n", 0, m.start()) + 1
            bullet = not text[line_start : m.start()].strip()
            if not bullet and not self.AFTER_SENTENCE.search(text, max(line_start, m.start() - 6), m.start()):
                continue  # 'BP 120/80 - HOLD', 'x-ray': a dash inside a sentence
            if all(role_name(w) and (bare(w) not in lexicons.vocabulary() if bullet else (
                    known_name(bare(w)) or likely_name(w))) for w in m["n"].split()):
                out.append(RecognizerResult("CLINICIAN_NAME", m.start("n"), m.end("n"), 0.6))
        return out

    def _infants(self, text: str, lowered: str) -> list[RecognizerResult]:
        """'Baby boy Hill', 'Twin A (Kravetzky)': the name after baby boy / girl or twin A / B (only in notes that say so)."""
        if "baby" not in lowered and "infant" not in lowered and "twin" not in lowered:
            return []
        out = []
        for m in self.BABY.finditer(text):
            end = extend_name(text, m.end(), max_tokens=3, first_strict=False)
            if end > m.end() and role_name(TOKEN_RE.match(text, m.end()).group()):
                out.append(self._result(text, "PATIENT_NAME", m.end(), end))
        return out

    @staticmethod
    def _separator_start(text: str, pos: int) -> int:
        """Start of the spaces, or of the comma or slash and spaces, that end just before ``pos`` ('Smith , RN' -> the
        comma)."""
        p = pos
        while p and text[p - 1] in " \t":
            p -= 1
        return p - 1 if p and text[p - 1] in ",/" else p  # 'Smith, RN', 'Frank/RN'

    def _named_before(self, text: str, rx: re.Pattern, pos: int) -> RecognizerResult | None:
        """The clinician named right before a role ('Kathy (CM)'), a credential ('Hill RN', 'Frank, PhD') or a service
        ('Bill from cardiology'), if any."""
        end = pos if rx is self.ROLE_AFTER else self._separator_start(text, pos)
        credential = rx is self.CREDENTIAL_AFTER or rx is self.COMMA_CREDENTIAL
        # A bare credential needs an uncommon name ('STRONG NP COUGH'); after a comma a known one will do, but
        # not a common word in capitals ('BP LOW, MD AWARE').
        comma = credential and text[end] == ","
        start = self._name_before(text, end, known_ok=rx is not self.CREDENTIAL_AFTER or comma, caps_words=not comma)
        if start < end and credential:
            start = self._inverted_surname(text, start)  # 'LONG, PRICE MD', 'Tamsin, Oluwaseun M.D.'
        return self._result(text, "CLINICIAN_NAME", start, end) if start < end else None

    def _plus_next(self, text: str, end: int) -> list[RecognizerResult]:
        """The second of a titled pair joined by '+' or '&' ('CREW VUKOVICH + KRAVETZKY'), if it is a name."""
        nxt = self.PLUS_NEXT.match(text, end)
        if nxt and role_name(nxt["n"]) and (probable_name(nxt["n"]) or not nxt["n"].islower() and (
                known_name(bare(nxt["n"])))):
            return [RecognizerResult("CLINICIAN_NAME", nxt.start("n"), nxt.end("n"), 0.6)]
        return []

    def _inverted_surname(self, text: str, start: int) -> int:
        """Start of 'Surname, ' right before a first name at ``start`` (a known or uncommon name, no common word in
        capitals), else ``start``."""
        comma = self.COMMA_BEFORE.search(text, max(0, start - 4), start)
        if not comma:
            return start
        before = self._name_before(text, comma.start(), known_ok=True, caps_words=False)
        return before if before < comma.start() and " " not in text[before : comma.start()].strip() else start

    def _name_before(self, text: str, pos: int, known_ok: bool = False, caps_words: bool = True) -> int:
        """Start of one or two name words ending at ``pos``: the last must be a probable (not common) name, or with
        ``known_ok`` a capitalised first name or frequent surname ('Hill (PT)', 'HILL FROM CARDIOLOGY'; not before a
        bare credential: 'STRONG NP COUGH', 'U/O REMAINS LOW MD AWARE'), in capitals a common word only with
        ``caps_words``."""
        start = pos
        for i in range(2):
            w = self.WORD_BEFORE.search(text, max(0, start - 40), start)
            if not w or "\n" in text[w.start() : pos] or w.group(1).endswith(".") or not TWO_LETTERS(w.group(1)):
                break  # 'd/c'd from CCU': a one-letter piece is shorthand, not a name
            tok = w.group(1)
            w_ = bare(tok)
            first = i == 0 and (probable_name(tok) or known_ok and not tok.islower() and known_name(w_) and (
                caps_words or not tok.isupper() or w_ not in lexicons.vocabulary()))
            if not (first if i == 0 else name_like(tok, strict=False)) or w_ in NOT_NAMES or (
                    lexicons.is_misspelling(w_) and not lexicons.is_name_word(w_)):
                break
            start = w.start()
        return start

    def _role_names(self, text: str, lowered: str) -> list[RecognizerResult]:
        """'HO BROWN NOTIFIED' (looked up from the verb) and 'CARDS (WOOD)' (from the bracket): fast anchors first."""
        hits = []
        for v in self.CONTACT_VERB.finditer(text):
            m = self.ROLE_NAME_BEFORE.search(text, max(0, v.start() - 40), v.start())
            if m:
                hits.append(m)
            elif (m := self.CLAUSE_NAME_BEFORE.search(text, max(0, v.start() - 40), v.start())) and probable_name(m["n"]) \
                    and not (m["n"].isupper() and bare(m["n"]) in UPPER_ROLE_ABBREVIATIONS):
                if v.group().lower() in ("present", "visited") and not (len(m["n"]) > 2 and likely_name(m["n"])):
                    continue  # 'DP present', 'Abd present': a finding; 'Mbeki present', 'Dmitri visited' are people
                hits.append(m)
        pairs = []
        for m in self.SLASH_PAIR.finditer(text):
            if not (self.SLASH_VERB_AFTER.match(text, m.end()) or self.SLASH_ROLE_BEFORE.search(
                    text, max(0, m.start() - 20), m.start())):
                continue
            parts = [(p.start() + m.start(), p.group()) for p in re.finditer(r"[^/]+", m["l"])]
            if all(role_name(t) and bare(t) not in lexicons.drugs_and_clinical() for _, t in parts):
                pairs += [RecognizerResult("CLINICIAN_NAME", a, a + len(t), 0.6) for a, t in parts]
        for m in self.ROLE_TITLE.finditer(text):
            tok = m["n"]
            if bare(tok) in CREDENTIALS or bare(tok) in VEHICLES:
                continue  # 'TRANSPORT VAN': how, not who
            if (verb := STAFF_VERB.match(text, m.end("n"))) and self._staff_name(tok, verb.group()) and (
                    m.group().strip().lower() not in ("on call", "on-call")):  # 'ON CALL LIST UPDATED'
                pairs.append(RecognizerResult("CLINICIAN_NAME", m.start("n"), m.end("n"), 0.6))
            elif probable_name(tok) and not lexicons.is_misspelling(bare(tok)) or capitalised_in_mixed(
                    text, m.start("n"), tok) and lexicons.is_name_word(bare(tok)):
                end = second_name_end(text, m.end("n"), tok, role_name) if role_name(tok) else 0
                if end > m.end("n"):
                    pairs.append(RecognizerResult("CLINICIAN_NAME", m.start("n"), end, 0.6))
                else:
                    hits.append(m)
                pairs += self._plus_next(text, max(end, m.end("n")))  # 'OFFICERS MBEKI + BREZHONI'
            elif known_name(bare(tok)) and bare(tok) not in STAFF_NOUNS and self._name_ends(text, m) and (
                    bare(m.group().split()[0]) not in WEAK_TITLES - CLAUSE_TITLES):
                hits.append(m)  # 'FELLOW BROWN;', 'infusion RN BROWN.', 'tech hill.': a known name ending the clause
        hits += list(self.ASSISTING.finditer(text)) if "assist" in lowered else []
        appositions = self.APPOSITION.finditer(text) if any(h in lowered for h in APPOSITION_HINTS) else ()
        hits += [m for m in appositions  # not 'Case manager, SW, and PT'
                 if all(len(w) > 2 and role_name(w) for w in m["n"].split())]
        for p in self.PAREN_WORD.finditer(text):
            service = self.SERVICE_BEFORE.search(text, max(0, p.start() - 14), p.start())
            if not service:
                continue
            kin = service.group().strip().lower().replace("’", "'").removesuffix("'s").rstrip("'") in BRACKET_KIN
            if not p["n2"] and not kin:
                hits.append(p)
                continue
            groups = [g for g in ("n", "n2", "n3") if p[g]]
            if all(role_name(w) for g in groups for w in p[g].split()):
                etype = "RELATIVE_NAME" if kin else "CLINICIAN_NAME"
                pairs += [RecognizerResult(etype, p.start(g), p.end(g), 0.6) for g in groups]
        return pairs + [RecognizerResult("CLINICIAN_NAME", m.start("n"), m.end("n"), 0.6)
                        for m in hits if self._bracket_name(m["n"])]

    def _name_ends(self, text: str, m: re.Match) -> bool:
        """The word after a role title ends its clause ('tech hill.', 'PAGED NP PRICE X2') or, after an agent word, goes
        on into a preposition ('BY RN HILL FOR UNRESPONSIVE PT')."""
        return bool(self.CLAUSE_END.match(text, m.end("n")) or COUNT_AFTER.match(text, m.end("n")) or (
            self.PREPOSITION_AFTER.match(text, m.end("n"))) and (
            self.AGENT_BEFORE.search(text, max(0, m.start() - 12), m.start())))

    @staticmethod
    def _staff_name(tok: str, verb: str) -> bool:
        """The word between a role title and what the person did: a known name, or 'page' unless the page was the
        thing placed or sent ('RN page placed')."""
        w = bare(tok)
        if w == "page":
            return verb.strip().lower() not in ("placed", "sent", "returned call", "called back")
        if w in STAFF_NOUNS:
            return False  # 'ANESTHESIA LINE PLACED', 'BIOMED PUMP CHECKED': a thing the staff handled
        return known_name(w) or role_name(tok) and (lexicons.is_name_word(w) or bool(VOWEL(w)))  # 'rn pls call'

    @staticmethod
    def _bracket_name(words: str) -> bool:
        """One name word, or two ('(Brezhoni Taddeucci)', '(Brown Wood)') of which one is no common word or both are
        in title case ('PT (ROLLING WALKER)' is a device)."""
        parts = words.split()
        return all(map(role_name, parts)) and (len(parts) == 1 or any(bare(p) not in lexicons.vocabulary() for p in parts)
                                               or all(p[:1].isupper() and p[1:].islower() for p in parts))
