"""Companies and employers: 'Allstate Insurance Group', 'Civic Impulse LLC', 'works for Rapid Cycle Solutions',
'HUSBAND CEO OF IBM', 'Hawkins, Richardson and Santana'."""

import itertools
import re

from presidio_analyzer import RecognizerResult

from corpus.deid.recognizers.en.alternation import guarded
from corpus.deid import lexicons
from corpus.deid.recognizers.en.base import RuleRecognizer
from corpus.deid.recognizers.en.brand_names import brand_names
from corpus.deid.recognizers.en.name_tokens import bare, capitalised_in_mixed

CAP_WORD = r"(?:[A-Z0-9][^\W_]*(?:[-'’&][^\W_]+)*\.?)"
# A legal-form word names a company after any capitalised words; a trade word only after an uncommon one.
LEGAL_FORM = r"(?:Inc\.?|LLC|L\.L\.C\.|Ltd\.?|Corp\.?|Corporation|Incorporated|GmbH|PLC|LLP)"
# Words that end a business's name after an uncommon word ('Delgado Trucking', 'Tewkes Bank'), in any case but lower.
BUSINESS_WORDS = ("Group", "Associates", "Partners", "Technologies", "Technology", "Solutions", "Systems", "Software",
                  "Industries", "Enterprises", "Consulting", "Capital", "Insurance", "Holdings", "Ventures", "Analytics",
                  "Biosciences", "Bioscience", "Pharmaceuticals", "Markets", "Media", "Networks", "Global", "Labs",
                  "Laboratories", "Bank", "Construction", "Logistics", "Manufacturing", "Hardware", "Landscaping",
                  "Plumbing", "Roofing", "Trucking", "Transport", "Transportation", "Motors", "Realty", "Farms", "Bakery",
                  "Diner", "Restaurant", "Cafe", "Salon", "Staffing", "Builders", "Contractors", "Distributors",
                  "Distributor", "Foods", "Auto", "Electric", "Supply", "Services", "Pharmacy", "Ambulance", "Pub",
                  "Tavern", "Bar", "Optical", "Orthodontics", "Dentistry", "Hearing", "Orthotics", "Diagnostics",
                  "Orchards", "Stables", "Growers", "Cab", "Taxi", "Medical", "Freight", "Coffee", "Pizzeria",
                  "Distribution", "Plastics", "Mutual", "Brewing", "Lumber", "Printing", "Paving", "Masonry", "Towing",
                  "Fitness", "Cleaners", "Kennels", "Veterinary", "Drug", "Drugs", "Apothecary", "Florist", "Flowers")
# A practice's or service's specialty after a place or a name ('Crestline Pathology', 'Fairhaven Family Medicine',
# 'Kettleby Endoscopy Center'): mixed case only, where ICU capitals ('PROPOFOL INFUSION') give no case signal.
SPECIALTY_WORDS = ("Pathology", "Imaging", "Radiology", "Infusion", "Endoscopy", "Therapy", "Medicine", "Cardiology",
                   "Orthopedics", "Orthopaedics", "Dermatology", "Urology", "Oncology", "Association", "Health")
# As written in a name: title case, or capitals for a business ('DELGADO TRUCKING'); never lower case.
CASED_TRADE_WORD = "(?:" + "|".join(BUSINESS_WORDS + SPECIALTY_WORDS + tuple(w.upper() for w in BUSINESS_WORDS)) + ")"
SPECIALTY = frozenset(w.lower() for w in SPECIALTY_WORDS)

# Lower-case pieces every match of a rule contains: a substring test in C skips the regex on most notes.
# (A specialty names a practice only capitalised in mixed case: SPECIALTY_WORDS are tested on the note as written.)
SUFFIX_HINTS = ("inc", "llc", "l.l.c", "ltd", "corp", "gmbh", "plc", "llp", *(w.lower() for w in BUSINESS_WORDS))
# Trade words that name a shop only after an owner's possessive ("Kravetzky's Drug").
OWNED_ONLY = frozenset({"drug", "drugs"})
POSSESSIVE = re.compile(r"['’]s$", re.I)
EMPLOYER_HINTS = ("work", "job", "employ", "retired", "ceo", "cfo", "coo", "cto", "president", "founder", "owner",
                  "chairman", "director", "vp")


class OrganizationRecognizer(RuleRecognizer):
    """Capitalised words before a legal form or trade word, an employer after a work phrase, surname-triple firms."""

    ENTITY = "ORGANIZATION"
    # A name of up to four words, then its legal form or trade word, ending where the search's ``endpos`` is set (at
    # a suffix word's end).
    SUFFIXED_AT_END = re.compile(
        r"(?<![\w'’-])(?P<n>" + CAP_WORD + r"(?:[ \t]+(?:" + CAP_WORD + r"|and|of|&)){0,3})[ \t]*,?[ \t]+"
        r"(?P<s>" + LEGAL_FORM + r"|" + CASED_TRADE_WORD + r")(?![\w'’-])\Z"
    )
    EMPLOYER = guarded(re.compile(
        r"\b(?i:(?:work(?:s|ed|ing)?|job|jobs)[ \t]+(?:for|at)|employed[ \t]+(?:by|at|with)|employee[ \t]+of|"
        r"retired[ \t]+from|(?:ceo|cfo|coo|cto|president|founder|owner|chairman|director|vp)[ \t]+(?:of|at)|"
        r"employer[ \t]*:)"
        r"[ \t]+(?i:the[ \t]+)?(?P<o>" + CAP_WORD + r"(?:[ \t]+(?:" + CAP_WORD + r"|&|and)){0,3})"
    ))
    SUFFIX_WORD = guarded(re.compile(r"(?<![\w'’-])(?:" + LEGAL_FORM + "|" + CASED_TRADE_WORD + r")(?![\w'’-])"))
    FIRM = guarded(re.compile(r"(?<![\w'’-])(?P<a>[A-Z][a-z]+),[ \t]+(?P<b>[A-Z][a-z]+),?[ \t]+(?:and|&)[ \t]+(?P<c>[A-Z][a-z]+)\b"))

    def load(self) -> None:
        """Load the lexicons once."""
        lexicons.vocabulary()

    def analyze(self, text, entities, nlp_artifacts=None):
        """One span per organisation name (each rule only runs when a word it needs is in the text)."""
        out = []
        lowered = text.lower()
        hinted = any(w in lowered for w in SUFFIX_HINTS) or any(w in text for w in SPECIALTY_WORDS)
        # From each legal-form or trade word back to the name before it (a scan from the name would try every word).
        suffixes = list(self.SUFFIX_WORD.finditer(text)) if hinted else []
        for suffix, nxt in zip(suffixes, suffixes[1:] + [None]):
            if nxt and not text[suffix.end() : nxt.start()].strip(" \t,"):
                continue  # 'Quimbly Holdings LLC': the name ends at the last of the two
            m = self.SUFFIXED_AT_END.search(text, max(0, suffix.start() - 160), suffix.end())
            start = self._name_start(text, m) if m else None
            if start is not None:
                out.append(RecognizerResult(self.ENTITY, start, m.end(), 0.7))
        for m in self.EMPLOYER.finditer(text) if any(w in lowered for w in EMPLOYER_HINTS) else ():
            end = self._employer_end(text, m)
            if end:
                out.append(RecognizerResult(self.ENTITY, m.start("o"), end, 0.6))
        for m in self.FIRM.finditer(text) if ", " in text and (" and " in text or "&" in text) else ():
            if all(self._surname(m[g]) for g in "abc"):
                out.append(RecognizerResult(self.ENTITY, m.start(), m.end(), 0.6))
        return out + brand_names(text, lowered, self.ENTITY)

    @staticmethod
    def _plain(word: str) -> bool:
        """A common, clinical or function word or a nationality (it cannot name a company by itself: 'Irish Pub')."""
        w = bare(word)
        return (w in lexicons.vocabulary() or w in lexicons.stop_words() or w in lexicons.clinical_terms() or w.isdigit()
                or w in lexicons.nationalities())

    def _name_start(self, text: str, m: re.Match) -> int | None:
        """Start of the company name before the suffix: trailing capitalised words, a trade word needs an odd one."""
        words = list(re.finditer(CAP_WORD + r"|and|of|&", m["n"]))
        ends = [i for i, w in enumerate(words) if w.group().endswith(".") and len(w.group()) > 4]
        words = words[ends[-1] + 1 :] if ends else words  # 'TITRATED. KETTLEBY INFUSION.': a sentence ended there
        while words and not words[0].group()[:1].isupper() and not words[0].group()[:1].isdigit():
            words.pop(0)  # never start on 'and' / 'of'
        if not words or text[m.start("s")].islower():
            return None
        if m["s"].lower() in OWNED_ONLY and not self._owner(words[-1].group()):
            return None  # 'POST-ACCIDENT DRUG SCREEN', 'IV Drugs': only "Price's Drug" is a shop
        legal = re.fullmatch(LEGAL_FORM, m["s"]) is not None
        # An uncommon word, or a possessive one ("Price's Diner", "Joe's Hardware"), makes the trade word a name.
        odd = [w for w in words if w.group()[:1].isupper() and (not self._plain(w.group()) or self._owner(w.group()))]
        if not legal and not odd:
            return None  # 'Support Group', 'Blood Bank', 'Social Work Associates'
        if m["n"].isupper() and m["s"].isupper() and not legal:
            # Capitals give no case signal: only odd words right before a business word ('AT DELGADO TRUCKING')
            tail = list(itertools.takewhile(lambda w: w in odd and len(w.group()) > 2, reversed(words)))
            return m.start("n") + tail[-1].start() if tail and m["s"].lower() not in SPECIALTY else None
        return m.start("n") + words[0].start()

    def _employer_end(self, text: str, m: re.Match) -> int:
        """End of the employer's name after a work phrase, or 0 when the words are not a proper name."""
        words = list(re.finditer(CAP_WORD, m["o"]))
        # 'Retired from Raytheon. Two sons': a full stop ends the name unless it closes an abbreviation ('Co.')
        cut = next((i for i, w in enumerate(words) if w.group().endswith(".") and len(w.group()) > 4
                    and not re.fullmatch(LEGAL_FORM, w.group())), None)
        words = words[: cut + 1] if cut is not None else words
        first = words[0].group().rstrip(".")
        caps = [w.group() for w in words]
        label = m.group().lower().startswith("employer")
        if label:
            # 'Employer: Long Construction': after the label any capitalised name of two words or an uncommon word
            # ('Employer: Self', 'Employer: retired' stay)
            ok = first[:1].isupper() and (any(not self._plain(w) for w in caps) or len(caps) >= 2 and all(
                w[:1].isupper() for w in caps) and not any(bare(w) in lexicons.clinical_terms() for w in caps))
        elif first.isupper() and len(first) <= 5 and first.isalpha():
            ok = not self._plain(first) and len(first) >= 2  # 'CEO OF IBM', 'retired from GM'
        else:
            # 'employed by Raytheon'; common words only when two or more are all capitalised mid-sentence
            # ('employed by General Electric', 'works for Home Depot'), never a clinical term ('works at Rehab').
            ok = capitalised_in_mixed(text, m.start("o"), first) and (
                any(not self._plain(w) for w in caps)
                or len(caps) >= 2 and all(w[:1].isupper() for w in caps)
                and not any(bare(w) in lexicons.clinical_terms() for w in caps))
        if not ok:
            return 0
        if first.isupper() and not any(c.islower() for c in m["o"]) and not label:
            return m.start("o") + len(first)
        last = max((w for w in words if w.group()[:1].isupper() or w.group()[:1].isdigit()), key=lambda w: w.end())
        return m.start("o") + len(last.group().rstrip(".")) + last.start()

    def _owner(self, word: str) -> bool:
        """"Price's", "Joe's": a name's possessive (not "Patient's")."""
        stem = POSSESSIVE.sub("", word)
        return stem != word and (lexicons.is_name_word(stem.lower()) or not self._plain(stem))

    @staticmethod
    def _surname(word: str) -> bool:
        """A frequent surname, or a rarer one that is not also a common word; never a clinical or function word."""
        w = word.lower()
        if w in lexicons.clinical_terms() or w in lexicons.stop_words():
            return False
        return w in lexicons.frequent_surnames() or w in lexicons.surnames() and w not in lexicons.vocabulary()
