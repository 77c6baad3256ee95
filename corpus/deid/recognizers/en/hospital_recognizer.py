"""Hospital and facility names: 'CALVERT HOSPITAL', 'holy cross hosp', 'St. Mary's', 'Baltimore Rehab'."""

import re

from presidio_analyzer import RecognizerResult

from corpus.deid import lexicons
from corpus.deid.recognizers.en.alternation import by_first_letter, guarded, split_top_level
from corpus.deid.recognizers.en.base import RuleRecognizer
from corpus.deid.recognizers.en.name_tokens import TOKEN, bare, capitalised_in_mixed, is_initial

STATE_CODES = frozenset("AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ "
                        "NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT WA WV WI WY".split())

VERB_FORM = re.compile(r"(?:ed|ing|[^s]s)$")


# Keywords that are everyday words too ('family shelter', 'SENIOR VILLAGE', 'TO SNF'): where patients live or go after
# a stay, and the services that send staff home. The name before them must be an uncommon word, or a capitalised one
# in mixed case ('Haberstroh Gardens', 'Pine Village'; not 'GRANT VILLAGE', where capitals give no signal).
STRICT_KEYWORDS = (r"gardens|commons|village|housing|inn|shelter|ltac|ltach|snf|alf|counseling|counselling|"
                   r"home respiratory|behavioral health|behavioural health|physical therapy|"
                   r"senior apts|senior apartments|apts|apartments|home care|home health|vna|infusion|"
                   r"high school|elementary school|elementary|middle school|academy|college|correctional institution|"
                   r"correctional inst|correctional center|convalescent home|eye bank|parish|mills")


class HospitalRecognizer(RuleRecognizer):
    """Name words before a facility word, saint names, and well-known religious hospital name forms."""

    ENTITY = "HOSPITAL"
    KEYWORDS = (r"hospital|hospitals|hosp|hsp|medical cent(?:er|re)|med\.? ctr|medical ctr|memorial|regional|"
                r"rehab|rehabilitation|nursing home|nh|house|clinic|infirmary|health cent(?:er|re)|hospice|campus|"
                # written out word by word (not '(?:a|b) center'): alternatives that start with a letter are grouped
                # by it, which a leading group would defeat
                + "".join(f"{w} cent(?:er|re)|" for w in ("dialysis", "kidney", "cancer", "surgical", "surgery", "treatment",
                                                          "care", "breast", "diabetes", "wound", "vision", "imaging", "sleep",
                                                          "donor", "infusion", "birth", "recovery"))
                + r"dialysis unit|funeral home|funeral chapel|mortuary|assisted living|"
                + "".join(f"{w} institute|" for w in ("cancer", "heart", "eye", "diabetes", "research")) +
                r"manor|healthcare|health system|center|ctr|va|ew|er|ed|country club|pavilion|nursing cent(?:er|re)|"
                r"nursing agency|home care agency|home health agency|visiting nurse agency|" + STRICT_KEYWORDS)
    FACILITY = guarded(re.compile(r"(?<![A-Za-z])(?P<kw>" + by_first_letter(KEYWORDS) + r")(?![A-Za-z])", re.I))
    # The words a keyword can start with: other rules test a word against this set before running FACILITY there.
    FIRST_WORDS = frozenset(re.match(r"[a-z]+", alt)[0] for alt in split_top_level(KEYWORDS))
    NAME_WORDS = frozenset({"holy", "cross", "sacred", "heart", "general", "union", "mercy", "memorial", "saint", "st",
                            "good", "samaritan", "providence", "presbyterian", "baptist", "methodist", "adventist",
                            "lutheran", "county", "city", "university", "children's", "childrens", "community",
                            "regional", "north", "south", "east", "west", "central", "shore", "valley", "greater",
                            "medical", "hope", "grace", "trinity", "redeemer", "family", "spirit", "shrine"})
    # Generic facility words stay outside the span: 'CALVERT [HOSPITAL]' tags the identifying part only.
    WEAK_KW = frozenset({"center", "ctr", "house", "clinic", "campus", "manor", "healthcare", "va", "er", "ed", "ew", "nh"})
    KEEP_KW = frozenset({"memorial", "regional", "manor", "infirmary", "rehab"})
    STRICT_KW = frozenset(split_top_level(STRICT_KEYWORDS))
    # A saint's name, as hospitals are named ('St. Agatha's'); not the herb ('St. John's wort').
    SAINT = re.compile(r"(?<![A-Za-z0-9])(?:st|saint)\.?[ \t]+(?![A-Za-z]+(?:'s)?[ \t]+wort\b)(?P<n>[A-Za-z]+(?:'s)?)"
                       r"(?:[ \t]+(?P<i>[A-Z])\.)?", re.I)
    # 'at Holy Cross', 'from SACRED HEART', 'to Good Samaritan': religious hospital names without a facility word,
    # right after a place preposition ('praying to the Holy Spirit' has an article and is left alone).
    RELIGIOUS = re.compile(
        r"(?<![A-Za-z])(?P<n>(?:Holy|HOLY)[ \t]+(?:Cross|Family|Name|Spirit|Redeemer|Trinity|CROSS|FAMILY|"
        r"NAME|SPIRIT|REDEEMER|TRINITY)|(?:Sacred|SACRED)[ \t]+(?:Heart|HEART)|(?:Good|GOOD)[ \t]+(?:Samaritan|Shepherd|"
        r"SAMARITAN|SHEPHERD))\b")
    PLACE_PREP = guarded(re.compile(r"(?<![A-Za-z])(?i:at|to|from|in)[ \t]+$"))
    WORD_BEFORE = re.compile(r"(" + TOKEN + r")[ \t-]*$")
    # 'Mass General', 'LOWELL GENERAL': a capitalised word before General/Gen that is not a clinical phrase.
    GENERAL = guarded(re.compile(
        r"(?<![A-Za-z])(?P<n>[A-Z][A-Za-z]+)[ \t]+(?:General|GENERAL|Gen\.?|GEN\.?)(?![A-Za-z:])"
        r"(?![ \t]+(?i:anesthesia|surgery|surgical|medicine|medical|appearance|condition|health|ward|floor|care|"
        r"weakness|debility|malaise|practice|practitioner|population|public|body|vent|ventilator)\b)"
    ))
    # Words that describe rather than name a facility: 'outside hospital', 'Local Hospital'.
    GENERIC = frozenset({"outside", "other", "another", "local", "previous", "prior", "referring", "same", "different",
                         "this", "that", "the", "your", "his", "her", "their", "any", "nearby", "new", "old", "private",
                         "state", "area", "home", "rehab", "nursing", "acute", "chronic", "long", "term", "care",
                         "general", "community", "teaching", "psychiatric", "psych", "mental", "veterans", "surgeon"})

    # Who a service is for, before a facility word: never its name (census lists hold 'Student' as a surname;
    # 'Women's' stays a name word: 'Brigham and Women's Hospital').
    WHO_IT_SERVES = frozenset({"student", "students", "employee", "employees", "staff"})

    # Keywords that name a specific place ('Grant Hosp', 'Bayside Nursing Home'); 'rehab' and 'clinic' are left out
    # ('cardiac rehab', 'need rehab', 'pain clinic').
    NAMING_KW = frozenset({"hospital", "hosp", "hsp", "nursing home", "medical center", "medical centre", "med ctr",
                           "medical ctr", "infirmary", "country club"})
    NOT_NAMING = frozenset({"psych", "psychiatric", "mental", "rehab", "rehabilitation", "day", "field", "first", "second",
                            "last", "next", "nearest", "closest", "original", "current", "usual", "skilled", "good",
                            "nice", "big", "small", "large", "busy", "specialty", "tertiary", "university", "animal",
                            "women's", "childrens", "children", "pediatric", "cancer", "eye", "heart", "military",
                            "public", "city", "county", "district", "rural", "urban", "foreign", "old", "different",
                            "outpatient", "inpatient", "hospital", "admitting", "receiving", "sending", "transferring"})

    def analyze(self, text, entities, nlp_artifacts=None):
        """Facility names found by the word before a facility keyword, and 'St. X' forms."""
        out = []
        for m in self.FACILITY.finditer(text):
            kw = " ".join(m["kw"].lower().split())
            start = self._walk_back(text, m.start(), weak=kw in self.WEAK_KW, strict=kw in self.STRICT_KW)
            if start == m.start() and kw in self.NAMING_KW:
                start = self._common_word_name(text, m.start())
            if start < m.start():
                end = m.end() if m["kw"].lower() in self.KEEP_KW else len(text[: m.start()].rstrip(" \t-"))
                out.append(RecognizerResult(self.ENTITY, start, end, 0.7))
        for m in self.GENERAL.finditer(text):
            w = bare(m["n"])
            if w not in self.GENERIC and w not in lexicons.stop_words() and w not in lexicons.clinical_terms():
                out.append(RecognizerResult(self.ENTITY, m.start(), m.end(), 0.7))
        out += [RecognizerResult(self.ENTITY, m.start("n"), m.end("n"), 0.7) for m in self.RELIGIOUS.finditer(text)
                if self.PLACE_PREP.search(text, max(0, m.start() - 8), m.start())]
        for m in self.SAINT.finditer(text):
            w = bare(m["n"])
            if w in lexicons.first_names() or w not in lexicons.vocabulary():
                if w not in lexicons.clinical_terms() and w not in lexicons.stop_words():
                    out.append(RecognizerResult(self.ENTITY, m.start(), m.end(), 0.7))
        return out

    def _common_word_name(self, text: str, pos: int) -> int:
        """'BAYSIDE NURSING HOME', 'Grant Hosp': right before these keywords even a common word names the place."""
        w = self.WORD_BEFORE.search(text, max(0, pos - 40), pos)
        if not w or w.group(1).endswith(".") or "\n" in text[w.start() : pos]:
            return pos
        word = bare(w.group(1))
        if (len(word) < 3 or word in self.GENERIC or word in self.NOT_NAMING or word in lexicons.stop_words()
                or word in lexicons.clinical_terms() or word in lexicons.nationalities() or "'" in word):
            return pos
        if word in lexicons.vocabulary() and VERB_FORM.search(word):
            return pos  # 'NEEDS NURSING HOME', 'ADMITTED HOSPITAL DAY 3': verbs, not names
        return w.start()

    def _walk_back(self, text: str, pos: int, weak: bool, strict: bool = False) -> int:
        start = pos
        for _ in range(3):
            w = self.WORD_BEFORE.search(text, max(0, start - 40), start)
            if not w or w.group(1).endswith(".") and not is_initial(w.group(1)):
                break
            if start < pos and w.group(1).lower() in ("and", "&"):
                # 'Brigham and Women's Hospital': two capitalised name words joined by 'and' name one place
                v = self.WORD_BEFORE.search(text, max(0, w.start() - 40), w.start())
                if v and v.group(1)[:1].isupper() and self._name_word(text, v, weak) and text[start].isupper():
                    start = v.start()
                    continue
                break
            named = self._strict_name_word(text, w) if strict else self._name_word(text, w, weak)
            initial = is_initial(w.group(1)) and w.group(1).isupper() and text[w.start(1) - 1 : w.start(1)] != "/"
            if not named and not (start < pos and initial):
                break  # 'S. DOMINICO NURSING AGENCY': an initial before a name word belongs to it
            start = w.start()
        return start

    def _strict_name_word(self, text: str, m: re.Match) -> bool:
        """A name word before an everyday keyword: uncommon (no typo, no clinical or function word), or capitalised
        in mixed case and not a describing word ('Family Shelter', 'Senior Village')."""
        token = m.group(1)
        w = bare(token)
        if len(w) < 2 or w in lexicons.stop_words() or w in lexicons.drugs_and_clinical() or w in self.GENERIC or (
                w in self.NOT_NAMING or w in self.WHO_IT_SERVES or w in lexicons.nationalities() or w in self.NAME_WORDS
                or w in self.FIRST_WORDS or text[m.start(1) - 1 : m.start(1)] == "/"):
            return False  # nor a drug ('PROPOFOL INFUSION'), another keyword ('Village ALF') or the end of shorthand
        if capitalised_in_mixed(text, m.start(1), token):
            return True
        return w not in lexicons.vocabulary() and not lexicons.is_misspelling(w)

    def _name_word(self, text: str, m: re.Match, weak: bool) -> bool:
        token = m.group(1)
        w = bare(token)
        if w in lexicons.nationalities() and not weak and token[:1].isupper():
            return True  # 'Hebrew Rehab', 'Jewish Hospital'
        if not weak and token in STATE_CODES and w not in lexicons.stop_words():
            return True  # 'from MD Hospital': a US state code names the facility ('VA' is a federal system, left alone)
        if w in lexicons.stop_words() or w in lexicons.clinical_terms() or w in lexicons.nationalities():
            return False
        if w in self.WHO_IT_SERVES:
            return False  # 'student health center', 'Employee Health Clinic': whom it serves, not its name
        if "-" in w and all(p in lexicons.vocabulary() or p in lexicons.stop_words() for p in w.split("-") if p):
            return False  # 'Post-transplant clinic', 'Walk-in Center': a compound of common words names no place
        if not weak and w not in self.GENERIC and capitalised_in_mixed(text, m.start(1), token):
            return True  # 'Cape Cod Hospital', 'Good Shepherd Rehab' in mixed-case prose
        if w in self.NAME_WORDS or w in lexicons.places() and w not in lexicons.vocabulary():
            return True
        if w not in lexicons.vocabulary():
            return True
        if VERB_FORM.search(w) and not capitalised_in_mixed(text, m.start(1), token):
            return False  # 'NEEDS NURSING HOME': a common verb form that is also a surname names nothing in caps or lower case
        return lexicons.is_name_word(w) and (not weak or capitalised_in_mixed(text, m.start(1), token))
