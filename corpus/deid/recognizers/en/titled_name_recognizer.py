"""Names after a title: Dr. Vasquez, DR O'ROURKE, Mrs. Nicholson, per NP Carol, Drs Ferullo and Saeed."""

import re

from presidio_analyzer import RecognizerResult

from corpus.deid import lexicons
from corpus.deid.recognizers.en.address_block_recognizer import CONTACT_LABELS
from corpus.deid.recognizers.en.alternation import by_first_letter, guarded
from corpus.deid.recognizers.en.base import RuleRecognizer
from corpus.deid.recognizers.en.name_tokens import (
    TOKEN,
    bare,
    capitalised_in_mixed,
    extend_name,
    name_like,
    probable_name,
    trim_span,
)
from corpus.deid.recognizers.en.role_words import CREDENTIALS, ROLE_TITLES


class TitledNameRecognizer(RuleRecognizer):
    """Takes the word after a title as a name, then any name-like words that follow."""

    ENTITY = "PERSON"
    ALSO = ("CLINICIAN_NAME", "PATIENT_NAME")
    TITLE = guarded(re.compile(
        r"(?<![A-Za-z])(?P<title>" + by_first_letter(r"drs?|dr's|doctors?|mr|mrs|ms|miss|mister|np|pa|prof|professor|nurse|attending|resident|fellow|intern|rev|reverend|ven|chaplain|rabbi|pastor|imam|deacon|"
                                            r"sgt|cpl|pvt|pfc|spc|lt|capt|maj|col|cmdr|det|sheriff|deputy|trooper") + r")"
        r"(?:\.|(?=\s|/|\())[ \t/(]*(?=[A-Za-z])",
        re.I,
    ))
    ROLE = {"mr": "PATIENT_NAME", "mrs": "PATIENT_NAME", "ms": "PATIENT_NAME", "miss": "PATIENT_NAME",
            "mister": "PATIENT_NAME"}
    # Military and police ranks ('Sgt. Haberstroh', 'Det. Long'): loose, since several are also clinical ('lt arm').
    # 'CPT' is left out: chest physiotherapy in ICU notes ('ON-CPT GIVEN-NTS FOR SPUTUM') and procedure codes.
    RANKS = frozenset({"sgt", "cpl", "pvt", "pfc", "spc", "lt", "capt", "maj", "col", "cmdr", "det", "sheriff", "deputy",
                       "trooper"})
    LOOSE_TITLES = frozenset({"np", "pa", "rev", "reverend", "chaplain", "rabbi", "pastor", "imam", "deacon", "nurse",
                              "attending", "resident", "fellow", "intern"}) | RANKS
    # Whole words, never abbreviations: a period after one ends a sentence.
    WORD_TITLES = frozenset({"doctor", "doctors", "mister", "miss", "professor", "nurse", "attending", "resident",
                             "fellow", "intern", "reverend", "chaplain", "rabbi", "pastor", "imam", "deacon"})
    # Abbreviations that are titles and nothing else.
    ONLY_TITLES = frozenset({"rev", "prof", "dr", "drs", "mrs", "sgt", "cpl", "pvt", "pfc", "spc", "capt", "cmdr", "det",
                             "maj"})
    # Without a period these are also clinical abbreviations (mental status, mitral regurgitation, dressings).
    AMBIGUOUS_BARE = frozenset({"ms", "mr", "pa", "np", "miss"})
    NOT_A_NAME = frozenset({"aware", "notified", "order", "orders", "office", "note", "team", "called", "paged",
                            "service", "here", "made", "updated", "informed", "in", "at", "to", "and", "fyi", "pls", "thx"})
    # Identifier and contact labels that follow a prescriber's name on its line ('Dr. Brezhoni, NPI 14977...').
    FIELD_LABELS = frozenset({"npi", "dea", "upin", "mrn", "lic", "license", "licence", "dob", "ssn"}) | CONTACT_LABELS
    WORD = re.compile(r"[A-Za-z]*")
    FINDING_BEFORE = guarded(re.compile(r"(?i:\b(?:in|on|of|mild|mod|moderate|severe|trace|[1-4]\+))[ \t]+$"))
    PAIR = re.compile(r"(?P<a>" + TOKEN + r")[ \t]*(?:,|and|&)[ \t]*(?P<b>" + TOKEN + ")", re.I)
    NAME_LIST = re.compile(TOKEN + r"(?:[ \t]*,[ \t]*" + TOKEN + r"){0,2}[ \t]*(?:,[ \t]*)?(?:and|&)[ \t]*" + TOKEN, re.I)
    AND_NAME = re.compile(r"\s*(?:,|and|&|/)\s*(?:drs?\.?\s*)?(?=" + TOKEN + ")", re.I)

    def analyze(self, text, entities, nlp_artifacts=None):
        """One result per name run after a title."""
        out = []
        for m in self.TITLE.finditer(text):
            title = re.sub(r"'s$", "", m["title"].lower())
            entity = "PERSON" if title in self.RANKS else self.ROLE.get(title, "CLINICIAN_NAME")
            start = m.end()
            # Bare 'drs'/'DRS.rt' also abbreviate dressings: then the name test is the loose one.
            bare_title = "." not in m.group() and title in self.AMBIGUOUS_BARE or title == "drs" and (
                "." not in m.group() or not m.group().endswith((" ", "\t")))
            if bare_title and "/" in m.group():
                continue
            if title in self.WORD_TITLES and "." in m.group():
                continue  # 'by EP fellow. VVI paced': after a whole word the period ends the sentence
            if title in ("ms", "mr") and self._finding_not_title(text, m):
                continue
            end = self._name_after(text, start, title in self.LOOSE_TITLES or bare_title, title in self.ONLY_TITLES)
            listed: list[tuple[int, int]] = []
            if end <= start and title in ("drs", "doctors"):
                end = self._plural_pair(text, start)
                if end <= start:
                    listed = self._plural_list(text, start)
            if end <= start and not listed:
                continue
            spans = [(start, end)] if end > start else listed
            if not listed and (title in ("drs", "doctors") or title.startswith("dr")):
                spans += self._and_names(text, end)
            for a, b in spans:
                s, e = trim_span(text, a, b)
                if e > s:
                    out.append(RecognizerResult(entity, s, e, 0.85))
        return out

    def _finding_not_title(self, text: str, m: re.Match) -> bool:
        """'changes in MS. Aspiration precautions', 'mild MR. Plan': mental status or mitral regurgitation ending a
        sentence, when the next word is common English and no name."""
        if not self.FINDING_BEFORE.search(text, max(0, m.start() - 12), m.start()):
            return False
        nxt = re.match(TOKEN, text[m.end() :])
        w = nxt.group().rstrip(".").lower() if nxt else ""
        return w in lexicons.vocabulary() and not lexicons.is_name_word(w)

    def _name_after(self, text: str, start: int, loose: bool, only_title: bool = False) -> int:
        first = re.match(TOKEN, text[start:])
        if not first:
            return start
        word = first.group().rstrip(".").lower()
        if word in self.NOT_A_NAME or word in lexicons.stop_words():
            return start
        if word in lexicons.clinical_terms() and not lexicons.is_name_word(word):
            return start  # 'MEDTRONIC AZURE XT DR MRI': a model's 'DR' before an abbreviation ('Dr. Foley' stays)
        # The period of a title that abbreviates nothing else is no sentence end: 'Rev. Frank' in mixed-case prose is
        # capitalised as a name ('PA. Line placed' is not).
        tok = first.group()
        proper = capitalised_in_mixed(text, start, tok) or only_title and tok[:1].isupper() and not tok.isupper() and any(
            c.islower() for c in text[max(0, start - 200) : start])
        # 'NP R. Slater': a capital initial with a period, then a name word.
        initial = re.fullmatch(r"[A-Z]\.", first.group()) and extend_name(text, start + first.end(), 1) > start + first.end()
        if loose and not initial and not probable_name(first.group()) and not (proper and lexicons.is_name_word(word)):
            return start
        if loose and not initial and word in lexicons.vocabulary() and not proper:
            return start
        end = extend_name(text, start + first.end(), max_tokens=3, first_strict=True, prev=first.group())
        if end == start + first.end() and (initial or word in lexicons.first_names()):
            end = self._surname_after_first(text, end, first.group(), frequent_only=bool(initial))
        return end

    def _plural_pair(self, text: str, start: int) -> int:
        """'DRS JOSEPH AND ROBBINSON': after a plural title two joined name words, one of them not common English."""
        m = self.PAIR.match(text, start)
        if not m:
            return start
        words = [bare(m["a"]), bare(m["b"])]
        if not all(name_like(m[g], strict=False) for g in "ab") or any(w in self.NOT_A_NAME for w in words):
            return start
        if all(w in lexicons.vocabulary() for w in words) or not any(lexicons.is_name_word(w) for w in words):
            return start
        return m.end("a")

    def _plural_list(self, text: str, start: int) -> list[tuple[int, int]]:
        """'DRS HILL, ROSE AND LONG', 'DRS BELL & KING': after a plural title, two to four joined words that are all
        first names or frequent surnames (common words all, so the pair test passed them by); 'DRS DRY AND INTACT'
        are dressings."""
        m = self.NAME_LIST.match(text, start)
        if not m:
            return []
        words = [t for t in re.finditer(TOKEN, m.group()) if t.group().lower() != "and"]
        ok = all(((w := bare(t.group())) in lexicons.first_names() or w in lexicons.frequent_surnames())
                 and w not in self.NOT_A_NAME and w not in lexicons.stop_words() and w not in lexicons.clinical_terms()
                 for t in words)
        return [(start + t.start(), start + t.end()) for t in words] if ok and len(words) >= 2 else []

    def _surname_after_first(self, text: str, pos: int, first: str, frequent_only: bool) -> int:
        """'Dr Ferdinand Halfpenny', 'NP R. Slater': after a title and a first name or initial, a capitalised word.

        After a first name the word must be in the same case; after an initial it must be a frequent surname.
        """
        m = re.compile(r"[ \t]+(" + TOKEN + ")").match(text, pos)
        tok = m.group(1) if m else ""
        if not tok[:1].isupper() or len(tok) < 3 or not frequent_only and tok.isupper() != first.isupper():
            return pos
        w = tok.rstrip(".").lower()
        if w in self.NOT_A_NAME or "-" in w or not name_like(tok, strict=False) and w not in lexicons.vocabulary():
            return pos
        if w in lexicons.stop_words() or w in lexicons.clinical_terms() or w in lexicons.nationalities():
            return pos
        return m.end() if not frequent_only or w in lexicons.frequent_surnames() else pos

    def _and_names(self, text: str, end: int) -> list[tuple[int, int]]:
        """'Drs Griffin and Swackhamer', 'Dr. Ferullo, Saeed': further names joined by and/comma."""
        spans = []
        while True:
            m = self.AND_NAME.match(text, end)
            word = self.WORD.match(text, m.end())[0].lower() if m else ""
            if not m or word in self.FIELD_LABELS or word in ROLE_TITLES or word in CREDENTIALS or word in self.NOT_A_NAME:
                # 'Dr. Brezhoni, NPI 1497758544': the next field of the line, not a second name; 'Dr. Mbeki and
                # Deputy Superintendent Opdahl': another person's title (the role rules take the name after it);
                # 'Dr. Quattlebaum, DMD': the doctor's credential
                return spans
            nxt = extend_name(text, m.end(), max_tokens=3, first_strict=False)
            if nxt <= m.end():
                return spans
            spans.append((m.end(), nxt))
            end = nxt
