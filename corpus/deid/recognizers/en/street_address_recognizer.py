"""Street addresses and ZIP codes: '19 Clover St.', '4133 Main Avenue Apt. 2', 'Baltimore, MD 21201'."""

import itertools
import re

from presidio_analyzer import RecognizerResult

from corpus.deid import lexicons
from corpus.deid.recognizers.en.alternation import guarded
from corpus.deid.recognizers.en.base import RuleRecognizer
from corpus.deid.recognizers.en.name_tokens import bare, capitalised_in_mixed
from corpus.deid.recognizers.en.place_recognizer import TOWN_PREFIXES

HAS_DIGIT = re.compile(r"\d").search  # faster than a per-character any() on long notes
# 'HR 90S AT REST ST IN 120S': a number and a preposition start a clause, never a street line.
NUMBER_THEN_PREPOSITION = re.compile(r"[\d ]+[A-Za-z]?[ \t]+(?i:at|in|on|with|to|of|for|by|from)\b")
# The unit words UNIT and UNIT_TAIL read before a number: never part of a town after a street line.
UNIT_WORDS = frozenset({"apt", "apartment", "suite", "ste", "unit"})
# Street suffixes no clinical phrase ends on ('2 hour drive', 'in place' do): after one, a landform suffix word names
# the street ('22 harbor ln', '45 mill st'); a road word does not ('3 lane road').
CLEAR_SUFFIXES = frozenset({"st", "street", "ln", "lane", "rd", "road", "ave", "avenue", "blvd", "terrace"})
ROAD_WORDS = CLEAR_SUFFIXES | frozenset({"way", "drive", "dr", "court", "ct", "place", "pl", "circle", "cir", "trail",
                                         "route", "rte", "highway", "hwy", "pike", "loop", "boulevard", "parkway"})
# Pieces every ROUTE match holds (lower case).
ROUTE_HINTS = ("route", "rte", "hwy", "highway", "interstate", "i-")
# Pieces every RURAL_ROUTE match holds, in any case a note is written in: substring tests in C skip its scan.
RURAL_HINTS = ("ural", "URAL", "ounty", "OUNTY", "arket", "ARKET")

class StreetAddressRecognizer(RuleRecognizer):
    """House number + street words + street suffix (+ unit), and state + ZIP tails."""

    ENTITY = "LOCATION"
    SUFFIX = (r"st|street|ave|avenue|rd|road|blvd|boulevard|dr|drive|ln|lane|court|ter|terrace|"
              r"pkwy|parkway|hwy|highway|cir|circle|square|trl|trail|pike|loop|crossing|plaza|"
              r"alley|ridge|heights|hts|mews|crescent|gardens|grove|hill|vista|"
              r"expressway|freeway|turnpike|route|rte|station|junction|fort|harbor|port|spring|springs|shore|shores|way")
    STREET = guarded(re.compile(r"\b(?:\d{1,6}[ \t]+)?\d{1,6}[A-Za-z]?(?:[ \t]+[NSEW]\.?|[ \t]+(?:North|South|East|West))?(?:[ \t]+[A-Z][A-Za-z'-]*){1,4}?[ \t]+(?=[A-Z])(?i:"
        + SUFFIX + r")\b\.?(?:,?[ \t]*(?i:apt|apartment|suite|ste|unit|#|room|rm|fl|floor|bldg|building)\.?[ \t]*#?[A-Za-z0-9-]+)?"))
    # A lower-case street line: a house number, one or two words, a suffix (each form below adds its own context).
    _LOWER_LINE = r"\d{1,6}[ \t]+[a-z][a-z'-]*(?:[ \t]+[a-z][a-z'-]*)?[ \t]+"
    _LOWER_SUFFIX = r"(?:st|street|ave|avenue|rd|road|blvd|dr|drive|ln|lane|ct|court|way|terrace|pl|place|cir|circle)\b\.?"
    # Lower-case notes: 'lives at 12 brezhoni st', 'home address: 45 vukovich rd', 'found down at 45 weir lane' (only
    # after a residence, payer, pharmacy or scene word; a store's number may stand between: 'pharmacy: cvs #4471, 12
    # main st').
    LOWER_STREET = guarded(re.compile(
        r"\b(?:lives|living|resides|address|home|moved|located|guarantor|subscriber|pharmacy|scene|found|outside|near)\b"
        r"(?:[^.\n\d]|#\d{1,6}){0,20}?"
        r"(?P<a>" + _LOWER_LINE + _LOWER_SUFFIX + ")"))
    # '45 pearl st suite 300', '8 weir lane, apt 2': without a cue word, a lower-case street line with a unit after it.
    LOWER_STREET_UNIT = guarded(re.compile(
        r"(?<![\w.,/-])(?P<a>" + _LOWER_LINE + _LOWER_SUFFIX + r")(?=,?[ \t]*(?:apt|apartment|suite|ste|unit|#)\.?[ \t]*#?\d)"))
    # '45 weir lane, tewksbury', '12 ocean ave, kettleby': a lower-case street line with a suffix that names only a
    # street, then a town after a comma ('2 hour drive, ...', 'in place, ...' are why 'drive', 'place', 'way', 'court'
    # are left out here, and 'dr', 'pl' with them; 'st' is in: a sinus rhythm's words are clinical terms, which the
    # street filter refuses: 'hr 110 sinus st, bp').
    LOWER_STREET_TOWN = guarded(re.compile(
        r"(?<![\w.,/-])(?P<a>" + _LOWER_LINE + r"(?:street|st|avenue|ave|road|rd|lane|ln|terrace|boulevard|blvd|circle))"
        r"(?=,[ \t]*[a-z]{3,})"))
    # '12 KEVIN ROAD, ASHWICK FALLS,', '12 page rd, kettleby.': the town after a street line, up to the next comma
    # (or to a state code and ZIP: '112 BROAD ST, ASHWICK FALLS MA 01902').
    TOWN_TAIL = re.compile(r",[ \t]*(?P<t>[A-Za-z](?:[A-Za-z'’.-]*[A-Za-z])?(?:[ \t]+[A-Za-z](?:[A-Za-z'’.-]*[A-Za-z])?){0,2})"
                           r"(?=[ \t]*(?:[,.;:\n]|$)|[ \t]+[A-Z]{2}[ \t]+\d{5}\b)")
    UNIT_TAIL = re.compile(r",[ \t]*(?i:apt|apartment|suite|ste|unit|#)\.?[ \t]*#?[A-Za-z0-9-]*\d[A-Za-z0-9-]*")
    # ('unit 6W', 'unit 7N': a ward named by its floor and wing, not an address unit)
    UNIT = guarded(re.compile(r"\b(?:apt|apartment|suite|ste|unit(?![ \t]*\d{1,2}[NSEW]\b))\.?[ \t]*#?[A-Za-z0-9-]*\d"
                              r"[A-Za-z0-9-]*", re.I))
    # 'transferred to unit 4', 'back on the unit 6': a hospital ward after a place preposition, not an address unit.
    WARD_BEFORE = guarded(re.compile(r"\b(?i:to|on|from|in|at|onto|off)[ \t]+(?:(?i:the|our|this|that)[ \t]+)?$"))
    # 'lives on Orchard Terrace', 'walked down Main Street': a street named without a house number, in mixed case,
    # mid-sentence, with its whole suffix word (never 'Dr', 'St': a doctor, a saint).
    NAMED_SUFFIXES = ("Street", "Avenue", "Road", "Lane", "Drive", "Terrace", "Boulevard", "Court", "Place", "Parkway",
                      "Circle", "Highway", "Turnpike")
    NAMED_STREET = guarded(re.compile(r"(?<![\w'’-])(?P<n>[A-Z][a-z'’-]+(?:[ \t]+[A-Z][a-z'’-]+){0,2})[ \t]+(?:"
                              + "|".join(NAMED_SUFFIXES) + r")\b"))
    # 'Rx sent to Walgreens on Elm St', 'office off Route Ave.': an abbreviated suffix only after a place word, in mixed
    # case ('ON ELM ST', 'in ST' stay: sinus tachycardia).
    ABBREVIATED_SUFFIXES = ("St", "Ave", "Rd", "Blvd", "Ln", "Pkwy", "Hwy")
    NAMED_ABBREVIATED = guarded(re.compile(r"\b(?:on|at|off|near|down|along)[ \t]+(?P<n>[A-Z][a-z'’-]+(?:[ \t]+[A-Z][a-z'’-]+){0,2})"
                                           r"[ \t]+(?:" + "|".join(ABBREVIATED_SUFFIXES) + r")\b\.?"))
    # 'LIVES OFF QUARRY RD', 'job site on summer st in dracut', 'DIRECTED TO MAIN ST DOOR': a street with no house
    # number in any case, after a place word, when its suffix ends the phrase ('ON NEO ST 110S' is a sinus rate).
    # Found from the suffix (rarer than the place words), the name read backwards.
    UNNUMBERED_SUFFIX = guarded(re.compile(
        r"(?<=[ \t])(?P<s>(?i:st|ave|rd|blvd|ln|pkwy|hwy|street|avenue|road|lane|boulevard|terrace|turnpike))\b"
        r"(?:\.|(?![ \t]*(?:[\d/+-]|(?i:elevations?|depressions?|changes?|segments?|seg|waves?|abnormal\w*|"
        r"t|and[ \t]+t)\b)|(?<=[sS][tT])[ \t]*(?i:w/|with)\b))"))
    UNNUMBERED_NAME_BEFORE = re.compile(
        r"\b(?i:on|off|near|along|down|at|to|toward|towards|past|onto|behind|across|via|and|corner[ \t]+of)[ \t]+"
        r"(?P<n>[A-Za-z][A-Za-z'’-]+(?:[ \t]+[A-Za-z][A-Za-z'’-]+)?)[ \t]+$")
    # Words before a suffix that say which road, not its name ('on icy road'), or that make 'ST' a heart rhythm.
    NOT_STREET_NAMES = frozenset({"icy", "dirt", "gravel", "wet", "back", "country", "busy", "slippery", "rural",
                                  "paved", "private", "side", "wrong", "open", "tele", "monitor", "rest",
                                  "rhythm", "sinus", "neo", "levo", "dopa", "low", "high", "dark", "long", "new", "old"})
    # 'MVA ON ROUTE 9', 'lives off Rte 2', 'traffic at Rte 2 exit': a numbered road after a place word.
    ROUTE = guarded(re.compile(
        r"\b(?i:on|off|near|along|down|at|to|toward|towards|past|onto|via|from|exit(?:ed)?|took|take)[ \t]+"
        r"(?P<r>(?i:route|rte|hwy|highway|interstate)[ \t]*#?[ \t]*\d{1,3}[A-Za-z]?|I-\d{1,3})\b"
        r"(?![ \t]*(?i:mg|ml|mcg|units?|%)\b)"))
    # '0930 Kim - Elm St by church', '2) Wood, Water St apt over barber': in mixed case, a title-case street with an
    # abbreviated suffix and no place word before it, when no capital or number follows ('St. Louis', 'Rd 2').
    BARE_ABBREVIATED = guarded(re.compile(r"(?<![\w'’.-])(?<!\d[ \t])(?P<n>[A-Z][a-z'’-]+(?:[ \t]+[A-Z][a-z'’-]+){0,2})"
                                          r"[ \t]+(?:" + "|".join(ABBREVIATED_SUFFIXES) + r")\b\.?(?![ \t]*[A-Z0-9])"))
    # 'found near Elm and Main', 'lost near elm and main.': two streets of a crossing, in any case, when both words are
    # place names (one is enough in title case within mixed text: 'near Elm and Water') and neither is a position or a
    # function or clinical word ('near front and back', 'AT TIMES AND UNABLE', 'at hip and knee').
    CROSSING = guarded(re.compile(r"\b(?i:near|at|corner[ \t]+of)[ \t]+(?P<a>[A-Za-z][a-z]+|[A-Z]+)[ \t]+(?:and|AND|&)"
                                  r"[ \t]+(?P<b>[A-Za-z][a-z]+|[A-Z]+)(?=[ \t]*(?:[,.;:)(]|$|\n|(?i:in|for|at|to|w/|with|"
                                  r"when|where|on)\b))", re.M))
    POSITIONS = frozenset({"front", "back", "side", "left", "center", "centre", "high", "low", "middle", "upper",
                           "lower", "north", "south", "east", "west", "bottom", "top", "inside", "outside", "home",
                           "station", "desk", "bed", "park", "lot", "school", "church", "work", "store", "mall",
                           "times", "rest", "night", "day", "first", "last"})
    # 'Rural Route 2', '4471 County Road 12', 'RR #3' is left out (a respiratory rate): numbered rural roads.
    RURAL_ROUTE = guarded(re.compile(r"\b(?:\d{1,6}[ \t]+)?(?:rural[ \t]+(?:route|rte)|county[ \t]+(?:road|rd)|"
                                     r"farm[ \t]+to[ \t]+market[ \t]+(?:road|rd))[ \t]*#?[ \t]*\d{1,4}\b", re.I))
    # 'CELEXA 10 STARTED PER DR', 'LASIX 40 IV GIVEN PER DR.': a doctor after 'per'/'by', not a Drive.
    # 'PLT 38 PER ATTG DR X': a role word may stand between.
    DOCTOR_NOT_DRIVE = re.compile(r"(?i:\b(?:per|by|to|with|w/|from|called|paged|notified)[ \t]+(?:[a-z]+[ \t]+)?dr\.?)$")
    PO_BOX = re.compile(r"\bp\.?\s?o\.?\s?box[ \t]+\d+", re.I)
    STATE_ZIP = guarded(re.compile(r"\b(?:A[LKZR]|C[AOT]|D[EC]|FL|GA|HI|I[DLNA]|K[SY]|LA|M[EDAINSOT]|N[EVHJMYCD]|O[HKR]|PA|RI|S[CD]|T[NX]|UT|V[TA]|W[AVIY])[ \t]+\d{5}(?:-\d{4})?\b"))
    # 'Hellendoorn, OV 21072', 'Caxias do Sul, RS 24893': a town, a comma, a two-letter region code and a postcode.
    # Found from the ', XX 12345' tail, then the town words are read backwards (fast on long upper-case notes).
    REGION_ZIP = re.compile(r",[ \t]*[A-Z]{2}[ \t]+\d{5}(?:-\d{4})?\b(?![ \t]*(?:(?i:ml|mg|cc|mcg|units?|u)\b|%|/))")
    TOWN_BEFORE = re.compile(
        r"(?<![\w-])[A-ZÀ-Þ][^\W\d_]{2,}(?:[ \t]+(?:[A-ZÀ-Þ][^\W\d_]+|d[aeiou]s?|la|le|del|sur|upon|on)){0,3}$")
    # 'zip code is 880': a labelled 3-digit ZIP prefix is still a ZIP (HIPAA keeps only some 3-digit prefixes).
    ZIP_CONTEXT = guarded(re.compile(r"\b(?:zip|postal|postcode|post code|zip code)\b\D{0,5}(?P<z>\d{3,6}(?:-\d{3,4})?)\b", re.I))
    # 'ZIP: 394 13', 'Postcode: 7412 SL', 'post code SW1A 1AA': a labelled postcode with a space or letters.
    ZIP_LABEL = guarded(re.compile(
        r"\b(?i:zip(?: code)?|postal code|postcode|post code)[ \t]*[:#]?[ \t]*"
        r"(?P<z>\d{3,6}(?:[ -](?:\d{2,4}|[A-Z]{2}))?|[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[A-Z]{2}|[A-Z]\d[A-Z][ \t]?\d[A-Z]\d)(?![\w-])"
    ))
    # 'the corner of Dalbraut 99 and Frederikke Coves': both streets, each starting with a capital or a number.
    CORNER = guarded(re.compile(
        r"(?i:\b(?:the[ \t]+)?corner[ \t]+of)[ \t]+(?=[A-Z0-9])[^\n,;?!()]{2,50}?[ \t]+(?:and|&)[ \t]+"
        r"(?=[A-Z0-9])[\w'’.-]+(?:[ \t]+[A-Z][\w'’-]*){0,3}"
        # or, in any case, when the first street has a house number: 'the corner of ul. grochowa 80 and lahtinen road'
        r"|(?i:\b(?:the[ \t]+)?corner[ \t]+of)[ \t]+[^\W\d_][^\n,;?!()\d]{1,40}?[ \t]\d{1,5}[ \t]+(?:and|&)[ \t]+"
        r"[^\W\d_][\w'’.-]*(?:[ \t]+[^\W\d_][\w'’-]*){0,2}"
    ))

    def analyze(self, text, entities, nlp_artifacts=None):
        """Street lines, unit numbers, PO boxes and ZIP codes."""
        lowered = text.lower()
        out = [RecognizerResult(self.ENTITY, m.start(), m.end(), 0.65) for m in self.CORNER.finditer(text)] \
            if "corner" in lowered else []
        stop = lexicons.stop_words()
        abbreviated = any(s in text for s in self.ABBREVIATED_SUFFIXES)
        named = [*(self.NAMED_STREET.finditer(text) if any(s in text for s in self.NAMED_SUFFIXES) else ()),
                 *(self.NAMED_ABBREVIATED.finditer(text) if abbreviated else ()),
                 *(m for m in (self.BARE_ABBREVIATED.finditer(text) if abbreviated else ())
                   if self._street_words(m["n"]))]
        out += [RecognizerResult(self.ENTITY, m.start("n"), m.end(), 0.6) for m in named
                if capitalised_in_mixed(text, m.start("n"), m["n"].split()[0])
                and not all(bare(w) in stop for w in m["n"].split())]
        out += self._unnumbered_streets(text, lowered)
        if not HAS_DIGIT(text):
            return out  # the other rules all need a number
        out += [RecognizerResult(self.ENTITY, m.start("r"), m.end("r"), 0.6)
                for m in (self.ROUTE.finditer(text) if any(k in lowered for k in ROUTE_HINTS) else ())]
        # '50 BY DR MASCI' is a rate and a doctor, not a street: a street name has a word that is not a function word.
        streets = [(m.start(), m.end()) for m in self.STREET.finditer(text)
                   if not all(w.lower() in stop for w in re.findall(r"[A-Za-z']+", m.group())[:-1])
                   and not self.DOCTOR_NOT_DRIVE.search(m.group())
                   and not NUMBER_THEN_PREPOSITION.match(m.group())]
        for m in itertools.chain(self.LOWER_STREET.finditer(text), self.LOWER_STREET_UNIT.finditer(text),
                                 self.LOWER_STREET_TOWN.finditer(text)):
            *words, suffix = re.findall(r"[a-z'-]+", m["a"])
            # A suffix word names the street before a clear suffix ('22 harbor ln', '45 mill st'), not before a weak one
            suffix_ok = suffix in CLEAR_SUFFIXES
            if not all(w in stop or w in lexicons.clinical_terms() or w in lexicons.street_suffixes() and (
                    not suffix_ok or w in ROAD_WORDS) for w in words):  # '3 lane road' is a highway's width
                streets.append((m.start("a"), m.end("a")))
        if any(k in text for k in RURAL_HINTS):
            streets += [(m.start(), m.end()) for m in self.RURAL_ROUTE.finditer(text)]
        out += [RecognizerResult(self.ENTITY, a, self._town_after(text, b), 0.7) for a, b in streets]
        for z in self.REGION_ZIP.finditer(text):
            town = self.TOWN_BEFORE.search(text, max(0, z.start() - 60), z.start())
            if town:
                out.append(RecognizerResult(self.ENTITY, town.start(), z.end(), 0.7))
        out += [RecognizerResult(self.ENTITY, m.start(), m.end(), 0.6) for m in self.UNIT.finditer(text)
                if not self.WARD_BEFORE.search(text, max(0, m.start() - 20), m.start())]
        for rx, score in ((self.PO_BOX, 0.8), (self.STATE_ZIP, 0.8)):
            out += [RecognizerResult(self.ENTITY, m.start(), m.end(), score) for m in rx.finditer(text)]
        out += [RecognizerResult(self.ENTITY, m.start("z"), m.end("z"), 0.7) for m in self.ZIP_CONTEXT.finditer(text)]
        out += [RecognizerResult(self.ENTITY, m.start("z"), m.end("z"), 0.7) for m in self.ZIP_LABEL.finditer(text)]
        return out

    def _unnumbered_streets(self, text: str, lowered: str) -> list[RecognizerResult]:
        """Streets with no house number in any case ('OFF QUARRY RD'; not 'on icy road', 'on tele st.') and the two
        streets of a crossing ('near Elm and Main')."""
        out = []
        for s in self.UNNUMBERED_SUFFIX.finditer(text):
            m = self.UNNUMBERED_NAME_BEFORE.search(text, max(0, s.start() - 60), s.start())
            if m and self._street_words(m["n"]):
                out.append(RecognizerResult(self.ENTITY, m.start("n"), s.end("s"), 0.6))
        places = lexicons.places()
        for m in self.CROSSING.finditer(text) if " and " in lowered or "&" in text else ():
            a, b = bare(m["a"]), bare(m["b"])
            titled = capitalised_in_mixed(text, m.start("a"), m["a"]) and m["b"].istitle()
            placed = a in places and b in places or titled and (a in places or b in places)
            if placed and not (a in self.POSITIONS or b in self.POSITIONS) and (
                    self._street_words(m["a"]) and self._street_words(m["b"])):
                out.append(RecognizerResult(self.ENTITY, m.start("a"), m.end("b"), 0.6))
        return out

    def _street_words(self, name: str) -> bool:
        """No word of a street's name a function word, a clinical term, a road word or, last, one that describes a
        road or makes 'ST' a rhythm."""
        words = [bare(w) for w in name.split()]
        stop, clinical = lexicons.stop_words(), lexicons.clinical_terms()
        return words[-1] not in self.NOT_STREET_NAMES and not any(w in stop or w in clinical or w in ROAD_WORDS
                                                                   for w in words)

    def _town_after(self, text: str, end: int) -> int:
        """End of the town that follows a street line after a comma, else ``end``: every word a name or a place word,
        one of them outside the allow-list or in the gazetteer (not 'apt 3', 'with wife', 'no stairs', 'St.')."""
        unit = self.UNIT_TAIL.match(text, end)  # '45 hope rd, apt 3, brantwood': the town comes after the unit
        m = self.TOWN_TAIL.match(text, unit.end() if unit else end)
        if not m:
            return end
        words = [bare(w) for w in m["t"].split()]
        stop, clinical, places, common = (lexicons.stop_words(), lexicons.clinical_terms(), lexicons.places(),
                                          lexicons.vocabulary())
        if words[0] in lexicons.street_suffixes() and words[0] not in TOWN_PREFIXES or any(
                w in stop or w in clinical or w in UNIT_WORDS for w in words):
            return end
        if any(w in places or lexicons.is_name_word(w) or w not in common and not lexicons.is_misspelling(w) for w in words):
            return m.end("t")
        return end
