"""Towns, states, countries and unknown place words after movement/residence words."""

import re

from presidio_analyzer import RecognizerResult

from corpus.deid import lexicons
from corpus.deid.recognizers.en.address_block_recognizer import CONTACT_LABELS
from corpus.deid.recognizers.en.alternation import by_first_letter, guarded
from corpus.deid.recognizers.en.base import RuleRecognizer
from corpus.deid.recognizers.en.name_tokens import (
    DEVICE_AFTER,
    WORD_BODY,
    bare,
    capitalised_in_mixed,
    case_counts,
    name_or_unknown,
    named_instrument,
)
from corpus.deid.recognizers.en.role_words import CAP_AFTER, CREDENTIALS, ROLE_TITLES, STAFF_ABBREVIATIONS

# '7 North', '4 WEST', 'Bed 9 West': a ward named by its floor and wing, not a town called West.
WARD_WING = frozenset({"north", "south", "east", "west"})
WARD_FLOOR_BEFORE = re.compile(r"(?<![\w./-])\d{1,2}[A-Za-z]?[ \t]+$")
# A contact label right before a number labels the number ('Tel 617-555-0199'), whatever towns share its name.
NUMBER_AFTER = re.compile(r"[ \t]*[:.#]?[ \t]*[(+]?\d")
# Kinship words that GeoNames also lists as towns ('Son' in 'Social- Son David in to visit').
KIN = frozenset({"son", "sons", "daughter", "wife", "mother", "father", "sister", "brother", "aunt", "uncle"})

# Destinations that are not names even when they are surnames or towns: 'transferred to house staff', 'sent to hall'.
TRANSFER_GENERIC = frozenset({"house", "hall", "ward", "bay", "office", "service", "care", "medicine", "surgery",
                              "chair", "bed", "floor", "unit", "room", "home", "rehab", "hospital", "hospice", "nursing",
                              "street", "church", "court", "jail", "prison", "school", "work", "shelter", "camp", "station",
                              "long", "short", "green", "white", "black", "brown", "young", "early", "late", "bank"})

# Common words that GeoNames holds as towns and that end facility names: after a capitalised word they are the
# kind of place ('Youth Center', 'Grace Church', 'Union Station'), not a town ('lives in Center, TX' still is).
# 'Group' is left out: a firm's whole name is labelled ('The Vanguard Group').
FACILITY_NOUNS = frozenset({"center", "centre", "hall", "station", "church", "park"})
NAME_WORD_BEFORE = re.compile(r"[A-Z][A-Za-z'’.-]*[ \t]$")

# A kind of institution rather than its name when a facility word follows: 'SENT TO STATE PRISON', 'to county jail'.
TRANSFER_KINDS = frozenset({"state", "county", "federal", "city", "community", "general"})
FACILITY_AFTER_KIND = re.compile(r"[ \t]+(?i:prison|jail|hospital|court|facility|home|shelter|school|psych|lab|laboratory|"
                                 r"correctional|detention|penitentiary|institution|hosp)\b")


# Town-name prefixes that are whole words and never start a clinical phrase ('Port Orrin', 'Fort Wallaceby').
TOWN_PREFIXES = frozenset({"port", "fort", "mount", "lake", "saint", "glen", "cape"})


# Words between a name and SCHOOL / PROGRAM / GROUP that describe the place ('MBEKI ELEMENTARY SCHOOL').
SCHOOL_KINDS = ("HIGH", "MEDICAL", "DAY", "JUNIOR", "GRAMMAR", "ELEMENTARY", "MIDDLE", "SENIOR", "PRIMARY", "COMMUNITY",
                "ADULT", "PUBLIC")
_SCHOOL_KIND = "|".join(SCHOOL_KINDS)


# Businesses and services a town or an owner names ('Brantwood Savings Bank', 'at Hope Labs').
_TRADES = ("Visiting Nurses|Visiting Nurse|Cardiology|Cardiology Assoc|Cardiology Associates|Pediatrics|"
           "Primary Care|Savings Bank|Bank|Auto Body|Public Works|Youth Hockey|Labs|Laboratories|Mutual|"
           "Insurance|Dental|Rx|Specialty Rx|Sand & Gravel|Construction|Landscaping|Plumbing|Trucking|Motors|Dairy|"
           "Bakery|Salon|Fitness|Weight Loss Center|Millwork|Marathon|Orthopaedics|Senior Living|Medical Supply")

# Words that end a named place or organisation in upper- or lower-case notes, and the words that lead to one.
NAMED_LEAD = ("ON|AT|FROM|TO|IN|NEAR|OFF|OF|ATTENDS|ATTENDED|THROUGH|THRU|VIA|WITH|BY|OUTSIDE|BEHIND|ACROSS|AROUND|"
              "PER|W/|CALLED|CALL")
# After these leads a charted business name takes the stricter word test ('PER HILL APOTHECARY', 'W/ HILL AMBULANCE';
# not 'W/ VA MAIL-OUT PHARMACY', 'CALLED CAMPUS POLICE').
LOOSE_LEADS = frozenset({"per", "w/", "called", "call", ";"})
NAMED_TYPE = ("STREET|AVENUE|AVE|ROAD|RD|BLVD|BOULEVARD|DRIVE|LANE|PARK|COLLEGE|UNIVERSITY|SCHOOL|HIGH SCHOOL|ELEMENTARY|"
              "ACADEMY|CHURCH|TEMPLE|SYNAGOGUE|CORP|CORPORATION|INC|COMPANY|GROUP|MEDICAL GROUP|DAY PROGRAM|PROGRAM|"
              "ADULT DAY|DAY HEALTH|HOME HEALTH|NURSING HOME|HOSPICE|REHAB|COUNCIL|PROBATE COURT|DISTRICT COURT|"
              "HOUSING AUTHORITY|ELDER SERVICES|SENIOR CENTER|HEALTH CENTER|VNA|PHARMACY|URGENT CARE|SURGICAL CENTER|"
              "SURGERY CENTER|MEDICAL CENTER|REGIONAL|ASSOCIATES|MANUFACTURING|PARAMEDICS|FIRE RESCUE|FIRE DEPARTMENT|"
              "FIRE DEPT|AMBULANCE|MEDFLIGHT|POLICE|STATE PRISON|PRISON|JAIL|SHELTER|DETOX|MENTAL HEALTH|RECOVERY CENTER|"
              "FUNERAL HOME|FUNERAL CHAPEL|FUNERAL SERVICE|MORTUARY|CEMETERY|OPTICAL|ORTHODONTICS|DENTAL LAB|"
              "FAMILY DENTISTRY|DENTISTRY|HEARING|ORTHOTICS|DIAGNOSTICS|IMAGING|NEUROLOGY|ORTHOPEDICS|FAMILY PRACTICE|"
              "WOUND CENTER|HOME CARE|ROOFING|FARMS|ORCHARDS|STABLES|GROWERS|CAB|TAXI|TAVERN|PUB|BAR|DINER|"
              "ASSISTED LIVING|HOME INFUSION|O\\+P|O&P|BREAST CENTER|DIABETES CENTER|DONOR CENTER|MEDICAL SUPPLY|"
              "HOME MEDICAL|HOMECARE|PACKAGE STORE|CAFE|PAVILION|NURSING CENTER|INFUSION CLINIC|APOTHECARY|"
              "DRUG STORE|DRUGSTORE|SKILLED NURSING|CHIROPRACTIC|FAMILY MEDICINE|INTERNAL MEDICINE|FLORIST|FLOWERS|"
              "SURGICAL ASSOC|SURGICAL ASSOCIATES|HARDWARE|" + _TRADES.upper())
# In mixed case a capitalised name is found by its capitals unless it is a common word ('the Brown Pharmacy',
# 'on Grant St'): after these type words a first name or frequent surname names the place.
TITLE_TYPE = ("Street|St|Avenue|Ave|Road|Rd|Lane|Pharmacy|Urgent Care|Nursing Home|Hospice|Rehab|Home Health|"
              "Adult Day|Day Program|School|Church|Elementary|Academy|Manufacturing|Associates|Shelter|Senior Center|"
              "Park|College|University|Corp|Medical Group|Funeral Home|Funeral Chapel|Mortuary|Cemetery|Optical|"
              "Orthodontics|Dental Lab|Family Dentistry|Dentistry|Hearing|Orthotics|Diagnostics|Imaging|Neurology|"
              "Orthopedics|Family Practice|Wound Center|Home Care|Roofing|Farms|Orchards|Stables|Growers|Cab|Taxi|"
              "Tavern|Pub|Bar|Diner|Ambulance|Paramedics|Fire Rescue|Funeral Service|Apothecary|Drug Store|Chiropractic|"
              "Family Medicine|Skilled Nursing|Florist|Flowers|Surgical Associates|Hardware|" + _TRADES)
TITLE_TYPES = frozenset(TITLE_TYPE.split("|"))
# 'PORT ORRIN PD', 'kettleby fd', 'Lowell Police', 'KETTLEBY FIRE': a town's police or fire service names the town.
TOWN_SERVICE_HINTS = (" PD", " pd", " FD", " fd", "P.D.", "olice", "OLICE", "ire", "IRE")
# Found from the service word (a scan from a word pattern at every position costs ~10x more), then read backwards.
TOWN_SERVICE = re.compile(r"(?<=[ \t])(?:PD|pd|FD|fd|P\.D\.|F\.D\.|(?i:police|fire(?:[ \t]+(?:dept|department|rescue))?))\b")
TOWN_BEFORE_SERVICE = re.compile(r"(?<![\w'’-])(?P<t>[A-Za-z][A-Za-z'’-]+(?:[ \t]+[A-Za-z][A-Za-z'’-]+)?)[ \t]+$")
# The town after a named business and a comma, ending its clause: 'Hill Hearing, Ashwick Falls.'
TOWN_AFTER_COMMA = re.compile(r",[ \t]*(?P<t>[A-Za-z][A-Za-z'’-]+(?:[ \t]+[A-Za-z][A-Za-z'’-]+)?)(?=[ \t]*(?:[.;,)\n]|$))")
# Types that only a business carries: in lower case a first name or frequent surname before one names it too
# ('at wood optical', 'outside tamsin's tavern').
TRADE_TYPES = frozenset("PHARMACY|OPTICAL|ORTHODONTICS|DENTAL LAB|FAMILY DENTISTRY|DENTISTRY|HEARING|ORTHOTICS|"
                        "DIAGNOSTICS|ROOFING|FARMS|ORCHARDS|STABLES|GROWERS|CAB|TAXI|TAVERN|PUB|BAR|DINER|APOTHECARY|"
                        "DRUG STORE|DRUGSTORE|CHIROPRACTIC|FLORIST|FLOWERS|HARDWARE|AMBULANCE".split("|"))
# A town's second word that is a common word ('ASHWICK FALLS ORTHOPEDICS', 'from port orrin'), and words that say
# what kind of place follows a name ('TADDEUCCI BAPTIST CHURCH', 'WOOD CARDIAC REHAB').
TOWN_WORD_AFTER = frozenset({"falls", "springs", "heights", "beach", "city", "village", "harbor", "harbour", "hills",
                             "junction", "lake", "lakes", "mills", "point", "ridge", "valley", "bay", "creek", "grove"})
KIND_WORDS = frozenset({"baptist", "methodist", "lutheran", "catholic", "congregational", "presbyterian", "episcopal",
                        "pentecostal", "evangelical", "orthodox", "unitarian", "cardiac", "pulmonary", "physical",
                        "community", "family"})
DESCRIPTOR_AFTER = TOWN_WORD_AFTER | KIND_WORDS
NAMED_TYPES = frozenset(t.replace("\\", "") for t in NAMED_TYPE.split("|"))  # as written: 'O+P'


# 'ON ESTERHUIZEN AVE', 'AT MBEKI HIGH SCHOOL', 'VNA: KETTLEBY HOME HEALTH', 'at the Brown Pharmacy', '(Young
# Roofing)': one or two words
# before a type word, matched in any case in one scan; _named_place then asks that the words and the type share one
# case (mixed-case names are otherwise found by their capitals; an upper-case 'ST' is sinus tachycardia).
NAMED = guarded(re.compile(
    r"(?:(?P<lead>(?<![A-Za-z])(?:" + by_first_letter(NAMED_LEAD) + r")|[:;])[ \t]+|\()(?:the[ \t]+)?"
    r"(?P<n>(?!(?:" + NAMED_LEAD + r"|THE)\b)[A-Za-z][A-Za-z'’-]+(?:[ \t]+(?:&[ \t]+)?(?!(?:" + _SCHOOL_KIND + r")\b)"
    r"[A-Za-z][A-Za-z'’-]+)?)[ \t]+"
    r"(?P<type>" + by_first_letter(NAMED_TYPE + "|" + TITLE_TYPE.upper()) + r")(?![A-Za-z])",
    re.I,
))


class PlaceRecognizer(RuleRecognizer):
    """Gazetteer places (GeoNames) that are not common words; unknown words after 'to/from/in/at'."""

    ENTITY = "LOCATION"
    WORD = guarded(re.compile(r"(?<![\w'])[A-Za-z][A-Za-z'’]*(?![\w])"))
    # An eponym that GeoNames lists as a town ('Dix-Hallpike', 'Hollister 2-piece') is one only after a place word.
    COMPOUND = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)+")
    PLACE_PREP_BEFORE = guarded(re.compile(r"\b(?i:in|from|to|at|near|of)[ \t]+$"))
    IN_FROM = re.compile(r"(?<![A-Za-z])(?i:in|from)[ \t]+$")
    OWNER_BEFORE = re.compile(r"(?<![A-Za-z])(?i:dtr|daughter|son|wife|husband|sister|brother|mother|father|mom|dad|niece|"
                              r"nephew|aunt|uncle|cousin|sibs?|siblings|friend|family|dr|pcp|hosp|hospital|pharmacy|drug|"
                              r"clinic|court|church|parish|school|college|university|store|market|diner|program|shelter|"
                              r"agency|office)(?![A-Za-z])")
    MOVE = guarded(re.compile(
        r"\b(?:transfer(?:red|ed|ring)?|trans|tx'?d|sent|taken|brought|admit(?:ted)?|adm|arrived|came|went|return(?:ed|ing)?|"
        r"discharged?|d/c'?d|go(?:ing)?|moved?|fl(?:ew|y|ying|ies)|drove|relocated|(?:e|im)migrated|lives?|living|resides?|flown|med ?flight|transported|presented|seen|"
        r"followed|accepted|screened|visiting|vacation(?:ing)?|referred|w/u|meet|called|shelter|based|located|originally|born|"
        r"raised|grew up|stay(?:s|ed|ing)?|travel(?:l?ed|l?ing)?|trip|arrived|driv(?:e|es|ing)|coming|heading|headed|"
        r"commutes?|at home|farm|neighbou?r)\b[^.\n;]{0,30}$",
        re.I,
    ))
    # 'REFERRAL FAXED TO X REHAB IN KETTLEBY', 'ELDER SERVICES OF BRANTWOOD', 'VNA FROM KETTLEBY', 'RETIRED TEACHER
    # FROM KETTLEBY', 'THE CITY OF X', 'CABG AT X IN 2004': a place of care, an agency or a town word before the
    # preposition, or a procedure before 'at' ('svg to dlad' is a graft); short acronyms after it are care levels
    # ('rehab in SNF', 'VNA IN AM').
    FACILITY = guarded(re.compile(r"\b(?:rehab|nursing home|hospital|hospice|clinic|center|centre|services|council|court|agency|"
                          r"funeral home|mortuary|church|assisted living|"
                          r"retired|faxed|city|town|village|county|stationed|office|detox|vna|home care|home health)\b[^.\n;]{0,30}$", re.I))
    PROCEDURE = guarded(re.compile(r"\b(?:cabg|cath|surgery|ptca|pci|angioplasty|avr|mvr)\b[^.\n;]{0,30}$", re.I))
    # Hospital acronyms: GH, MGH, BWH, UMMC, GBMC (a short all-letter code ending in H, MC or HC).
    FACILITY_ACRONYM = re.compile(r"^(?:[a-z]{0,3}h|[a-z]{1,3}mc|[a-z]{1,2}hc)$")
    CLAUSE_END = re.compile(r"[ \t]*(?:$|[.,;:\n)(]|(?i:alone|with|w/|and|since|for|where|who|near|until|but|area)\b)")
    # ... also a home outside a town, and a visitor from one ('A FARM OUTSIDE KETTLEBY', 'NEIGHBOR X FROM KETTLEBY').
    RESIDENCE = guarded(re.compile(r"\b(?i:lives?|living|resides?|resided|moved|originally|is from|was from|farm|ranch|"
                           r"cabin|neighbou?r|visiting)[ \t]+(?:[A-Za-z]+[ \t]+)?(?i:in|at|from|to|outside|near)[ \t]+$"))
    # 'Czech Republic', 'the Dominican Republic': a capitalised word before Republic names a country.
    REPUBLIC = guarded(re.compile(r"\b[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+)?[ \t]+Republic\b"))
    # US state codes: after a town and a comma ('Tampa, FL', 'SALEM, NH') or after a residence phrase ('lives in DC').
    STATE_CODE = (r"(?:A[LKZR]|C[AOT]|D[EC]|FL|GA|HI|I[DLNA]|K[SY]|LA|M[EDAINSOT]|N[EVHJMYCD]|O[HKR]|PA|RI|S[CD]|T[NX]|UT|"
                  r"V[TA]|W[AVIY])")
    # ', CO 4.2' / ', PA 30' after a vital or lab is a value (cardiac output, PA pressure), not a state; a ZIP may follow.
    COMMA_STATE = re.compile(r",[ \t]*" + STATE_CODE + r"(?![\w/-])(?![ \t]*(?:\d{1,4}(?!\d)|\.\d))")
    TOWN_BEFORE = re.compile(r"(?<![A-Za-z'’.-])(?P<t>[A-Za-z][A-Za-z'’.-]+)$")
    RESIDENCE_STATE = guarded(re.compile(
        r"\b(?i:lives?|living|resides?|resided|moved|relocated|originally|home)[ \t]+(?:[a-z]+[ \t]+)?"
        r"(?i:in|to|from|near)[ \t]+(?P<s>" + STATE_CODE + r")(?![\w/-])"))
    # 'Admission Date:', 'Discharge Date:': a capitalised common word before a colon, at the start of a line or of a
    # column (after two spaces or a tab), with at most two words before it, is a form's field label.
    FIELD_COLON = re.compile(r"[ \t]*:(?![:\d])")
    FIELD_HEAD = re.compile(r"(?:^|\n|[ ]{2}|\t)[ \t]*(?:[A-Za-z]+[ \t])?(?:[A-Za-z]+[ \t])?$")
    UNIVERSITY = re.compile(r"(?:\b(?:u|univ|university)\.?(?:[ \t]+of)?[ \t]+)$", re.I)
    # Chained prepositions count as one ('FLOWN IN FROM NANTUCKET' names the word after 'FROM'); a ward number typed
    # onto the name is part of it ('ADMITTED TO FINARD7'), one after a space is not ('to Reisman 4').
    # 'FROM PORT ORRIN', 'IN ASHWICK FALLS': a town-name prefix before, or a town-type word after, the unknown word.
    # The word may carry a period ('to Conn. for'); a span never ends on it, so a sentence keeps its full stop.
    PREP = guarded(re.compile(
        r"\b(?:(?:to|from|at|in|into|by|of|outside)[ \t]+(?:the[ \t]+)?)+(?:(?P<pre>(?:" + by_first_letter(r"port|fort|ft|mount|mt|lake|"
        r"north|south|east|west|new|saint|st|glen|cape|point") + r")\.?)[ \t]+)?(?P<w>" + WORD_BODY + r"(?:\.(?!\d))?)"
        r"(?P<post>[ \t]+(?:" + by_first_letter(r"falls|springs|heights|beach|city|village|harbou?r|hills?|junction|lakes?|"
        r"mills?|point|ridge|valley|bay|creek|grove|island|landing|plains|rapids|crossing") + r")\b)?"
        r"(?:(?<=[A-Za-z])(?P<n>\d{1,2})(?![\w/]|\.\d))?",
        re.I,
    ))
    # 'TRANSFERRED FROM CARNEY', 'return to Spaulding': after a transfer verb even a common word that is a frequent
    # surname or a gazetteer place names a facility or town.
    TRANSFER = guarded(re.compile(
        r"\b(?i:transfer(?:red|ed)?|tx'?d|sent|admitted|discharged|d/c'?d|return(?:ed|ing)?|arrived|flown|transported|"
        r"accepted)[ \t]+(?i:back[ \t]+)?(?i:to|from)[ \t]+(?i:the[ \t]+)?(?P<w>[A-Za-z][A-Za-z'’]+)\b(?![-/])"))

    def load(self) -> None:
        """Load the gazetteer once."""
        lexicons.places()

    def analyze(self, text, entities, nlp_artifacts=None):
        """Gazetteer hits anywhere; unknown words after a movement word (with a ward number)."""
        places, common = lexicons.places(), lexicons.vocabulary()
        stop, clinical = lexicons.stop_words(), lexicons.clinical_terms()
        out = []
        words = list(self.WORD.finditer(text))
        phrase_end, heads = 0, lexicons.place_phrase_heads()
        for i, m in enumerate(words):
            w = m.group().lower()
            end = self._phrase_end(text, words, i) if m.start() >= phrase_end and w in heads else 0
            if end:
                out.append(RecognizerResult(self.ENTITY, m.start(), end, 0.65))
                phrase_end = end
            elif w in places and len(w) > 2 and w not in stop and w not in clinical and w not in KIN and (
                    w not in lexicons.nationalities()) and (
                    w not in common or capitalised_in_mixed(text, m.start(), m.group()) and not self._field_label(
                        text, m)) and not self._lower_typo(m.group()) and not (
                    w in CONTACT_LABELS and NUMBER_AFTER.match(text, m.end())) and not (  # 'Tel 617-...'
                    w in FACILITY_NOUNS and NAME_WORD_BEFORE.search(text, max(0, m.start() - 30), m.start())) and not (
                    w in ROLE_TITLES and CAP_AFTER.match(text, m.end())) and not (  # 'Officer Long': a title, no town
                    w in WARD_WING and WARD_FLOOR_BEFORE.search(text, max(0, m.start() - 6), m.start())) and (
                    not self._eponym(text, m, w) or self.PLACE_PREP_BEFORE.search(text, max(0, m.start() - 8), m.start())
                    and not DEVICE_AFTER.match(text, m.end())):  # 'to Kingston' is a town, 'TO GERI CHAIR' a seat
                uni = self.UNIVERSITY.search(text, max(0, m.start() - 16), m.start())
                # A common word is a town by the gazetteer alone: a rule that read its context types it first
                # ('tech Rose' is a name) when the two disagree.
                score = 0.55 if w in common else 0.6
                out.append(RecognizerResult(self.ENTITY, uni.start() if uni else m.start(), m.end(), score))
        out += self._after_preposition(text)
        out += self._state_codes(text)
        for m in self.TRANSFER.finditer(text):
            w = m["w"].lower()
            if len(w) > 3 and w not in stop and w not in clinical and w not in KIN and w not in lexicons.nationalities() and (
                    w in lexicons.frequent_surnames() or w in places) and w not in TRANSFER_GENERIC and not (
                    w in TRANSFER_KINDS and FACILITY_AFTER_KIND.match(text, m.end("w"))) and not named_instrument(
                    text, m.start("w"), m.end("w"), w):  # 'TRANSFER TO GERI CHAIR'
                out.append(RecognizerResult(self.ENTITY, m.start("w"), m.end("w"), 0.55))
        for m in NAMED.finditer(text):
            if self._named_place(m, common):
                words = m["n"].split()
                kind_word = len(words) == 2 and bare(words[1]) in KIND_WORDS  # 'TADDEUCCI [BAPTIST] CHURCH'
                end = m.start("n") + len(words[0]) if kind_word else m.end("n")
                out.append(RecognizerResult(self.ENTITY, m.start("n"), end, 0.55))
                town = TOWN_AFTER_COMMA.match(text, m.end())
                if town and self._town_words(town["t"].split(), common):
                    out.append(RecognizerResult(self.ENTITY, town.start("t"), town.end("t"), 0.55))
        for service in TOWN_SERVICE.finditer(text) if any(k in text for k in TOWN_SERVICE_HINTS) else ():
            m = TOWN_BEFORE_SERVICE.search(text, max(0, service.start() - 40), service.start())
            start = self._service_town(m, common) if m else None
            if start is not None and service.group().lower() == "fire" and not self._fire_town(text, start, m.end("t")):
                continue  # 'kitchen fire', 'HOUSE FIRE': what burned, not whose fire service
            if start is not None:
                out.append(RecognizerResult(self.ENTITY, start, m.end("t"), 0.55))
        if "Republic" in text:
            out += [RecognizerResult(self.ENTITY, m.start(), m.end(), 0.6) for m in self.REPUBLIC.finditer(text)]
        return out

    def _eponym(self, text: str, m: re.Match, w: str) -> bool:
        """The word, or the hyphenated compound it starts ('Hill-Rom'), is an eponym or brand, or a scale read with its
        score ('GLASGOW 14', 'ALLEN TEST')."""
        if named_instrument(text, m.start(), m.end(), w):
            return True
        compound = self.COMPOUND.match(text, m.start()) if text[m.end() : m.end() + 1] == "-" else None
        return bool(compound) and compound.group().lower() in lexicons.eponyms()

    def _service_town(self, m: re.Match, common: frozenset[str]) -> int | None:
        """Start of the town before 'PD'/'FD'/'police': its last one or two words, each a place or outside the word
        list ('HX OF PD', 'MILD PD', 'house fire department' name no town)."""
        words = list(re.finditer(r"\S+", m["t"]))
        for first in range(len(words)):
            ws = [w.group() for w in words[first:]]
            if bare(ws[0]) in TRANSFER_KINDS:
                continue  # 'STATE POLICE', 'county fire department': a kind of service, not a town
            if self._town_words(ws, common):
                return m.start("t") + words[first].start()
        return None

    @staticmethod
    def _fire_town(text: str, start: int, end: int) -> bool:
        """Before a bare 'Fire': a town outside the word list, or a gazetteer town in title case in mixed text."""
        words = text[start:end].split()
        return all(bare(w) not in lexicons.vocabulary() or w.istitle() and capitalised_in_mixed(text, start, words[0])
                   for w in words) or (len(words) == 2 and bare(words[0]) in TOWN_PREFIXES)

    @staticmethod
    def _town_words(words: list[str], common: frozenset[str]) -> bool:
        """'Kettleby', 'Port Orrin', 'ASHWICK FALLS', 'Lowell': the words of a town written after a business."""
        ws = [bare(w) for w in words]
        if any(len(w) < 2 or w in lexicons.stop_words() or w in lexicons.clinical_terms() for w in ws):
            return False  # ', then home', ', 2 refills'
        return all(w in lexicons.places() or w not in common or w in (TOWN_PREFIXES if i == 0 else TOWN_WORD_AFTER)
                   for i, w in enumerate(ws))

    @staticmethod
    def _known_name(tok: str) -> bool:
        w = bare(tok)
        return w in lexicons.first_names() or w in lexicons.frequent_surnames()

    def _named_place(self, m: re.Match, common: frozenset[str]) -> bool:
        """Upper case: known names or unknown words. Lower case: words outside the allow-list. Title case (the name is
        found by its capitals unless it is a common word): first names or frequent surnames before a TITLE_TYPE word.
        Only a title-case 'St' is a street: an upper-case 'ST' is sinus tachycardia ('IN ST')."""
        words, kind = [w for w in m["n"].split() if w != "&"], m["type"]  # 'Brown & Wood Funeral Home'
        if len(words) == 2 and bare(words[1]) in DESCRIPTOR_AFTER and (m["n"].isupper() or m["n"].islower()):
            words = words[:1]  # 'ASHWICK FALLS ORTHOPEDICS', 'MBEKI BAPTIST CHURCH': a town's word, a kind of place
        if words[-1].upper() in SCHOOL_KINDS:
            return False
        typed = kind.upper() in NAMED_TYPES
        if (m["lead"] or "").lower() in LOOSE_LEADS and not all(
                len(bare(w)) > 2 and "-" not in w and (bare(w) not in common or self._known_name(w)) for w in words):
            return False
        if typed and m["n"].isupper() and kind.isupper():
            return all(map(self._naming_word, words))
        if typed and m["n"].islower() and kind.islower():
            trade = kind.upper() in TRADE_TYPES
            return all((w not in common or trade and self._known_name(w)) and self._naming_word(w) for w in words)
        if all(w.istitle() for w in words) and kind in TITLE_TYPES:
            return all(self._known_name(w) and self._naming_word(w) for w in words)
        return False

    def _care_place(self, text: str, m: re.Match) -> bool:
        """A place of care, an agency or a town word before the preposition ('REHAB IN KETTLEBY'), or a procedure before
        'at' ('CABG AT X'); a short upper-case word after it is a care level, not a town ('rehab in SNF')."""
        if m["w"].isupper() and len(bare(m["w"])) < 5:
            return False
        before = max(0, m.start() - 40)
        return bool(self.FACILITY.search(text, before, m.start()) or (
            m.group()[:3].lower() == "at " and self.PROCEDURE.search(text, before, m.start())))

    def _field_label(self, text: str, m: re.Match) -> bool:
        """'Discharge Date: 04/07/2069': the word is a field label, not a place named 'Date'."""
        return bool(self.FIELD_COLON.match(text, m.end()) and self.FIELD_HEAD.search(text, max(0, m.start() - 40), m.start()))

    @staticmethod
    def _lower_typo(tok: str) -> bool:
        """'tema notified': two swapped letters of a common word that GeoNames also lists, in lower case (a town in
        lower-case prose is still found after a movement or residence word)."""
        return tok.islower() and not lexicons.is_name_word(tok) and lexicons.is_swapped_letters(tok)

    @staticmethod
    def _naming_word(tok: str) -> bool:
        """A known name, or a word outside the allow-list that is no typo; never a stop word or clinical term."""
        w = bare(tok)
        if len(w) < 2 or w in lexicons.stop_words() or w in lexicons.clinical_terms() or w in lexicons.nationalities():
            return False
        return name_or_unknown(w)

    def _state_codes(self, text: str) -> list[RecognizerResult]:
        """The town before ', FL' ('Smallville, NH'; a state alone is not PHI) and 'lives in DC'."""
        out = [RecognizerResult(self.ENTITY, m.start("s"), m.end("s"), 0.6) for m in self.RESIDENCE_STATE.finditer(text)]
        for c in self.COMMA_STATE.finditer(text):
            m = self.TOWN_BEFORE.search(text, max(0, c.start() - 40), c.start())
            if not m:
                continue
            t = bare(m["t"])
            if m["t"].islower() and t in lexicons.vocabulary() and self._mixed_line(text, m.start("t")):
                continue  # 'at this point, MS is...': a lower-case common word before ', MS' (mental status)
            if len(t) < 4 or t in lexicons.clinical_terms() or t in lexicons.stop_words() or t in lexicons.nationalities():
                continue
            title_case = m["t"][:1].isupper() and not m["t"].isupper()  # 'urosepsis, MI' is a diagnosis list
            if t in lexicons.places() or title_case and t not in lexicons.vocabulary() and not lexicons.is_misspelling(t):
                out.append(RecognizerResult(self.ENTITY, m.start("t"), m.end("t"), 0.6))
        return out

    @staticmethod
    def _phrase_end(text: str, words: list[re.Match], i: int) -> int:
        """End of a multi-word gazetteer place starting at word ``i`` ('New York', 'FALL RIVER'), else 0."""
        phrases, common = lexicons.place_phrases(), lexicons.vocabulary()
        best = 0
        for j in (i + 1, i + 2):  # the phrase's last word; words hold no space or hyphen, so a slice is the phrase
            if j >= len(words) or text[words[j - 1].end() : words[j].start()] not in (" ", "-"):
                break
            if text[words[i].start() : words[j].end()].lower().replace("-", " ") not in phrases:
                continue
            # 'new hope' in lower-case prose is not a town; 'New Hope', 'NEW HOPE' or 'fall river' may be.
            toks = [words[k].group() for k in range(i, j + 1)]
            if any(t[0].isupper() for t in toks) or any(t.lower() not in common for t in toks):
                best = words[j].end()
        return best

    @staticmethod
    def _mixed_line(text: str, pos: int) -> bool:
        """The line around ``pos`` is mostly lower case (an upper-case word there stands out as a name)."""
        start, end = text.rfind("\n", 0, pos) + 1, text.find("\n", pos)
        line = text[start : end if end >= 0 else len(text)]
        upper, lower = case_counts(line)
        return lower > 2 * upper

    def _clause_town(self, text: str, m: re.Match, w: str) -> bool:
        """'DTR ROSE IN BRANTWOOD.', 'PHARMACY IN KETTLEBY;': an unknown word of five letters or more, no typo, stem,
        compound or brand ('IN A-FIB', 'from bedrest', 'FROM MEDTRONIC'), that ends its clause right after 'in' or 'from'."""
        if not (len(w) > 4 and w.isalpha() and self.IN_FROM.search(text, max(0, m.start("w") - 6), m.start("w"))
                and self.CLAUSE_END.match(text, m.end("w") - m["w"].endswith("."))) or lexicons.is_misspelling(w) or (
                lexicons.is_clinical_typo_or_stem(w) or w in lexicons.eponyms()):
            return False
        # lower case holds more typos than a one-edit test finds ('from hemrroids', 'from bedrest'): a person or a
        # place of business must come before it
        return not m["w"].islower() or bool(self.OWNER_BEFORE.search(text, max(0, m.start() - 40), m.start()))

    def _after_preposition(self, text: str) -> list[RecognizerResult]:
        """Unknown words after a movement word + to/from/in/at, and hospital acronyms after a preposition."""
        common, stop, clinical = lexicons.vocabulary(), lexicons.stop_words(), lexicons.clinical_terms()
        out = []
        for m in self.PREP.finditer(text):
            w = bare(m["w"])
            if len(w) < 2 or w in common or w in stop or w in clinical or w in lexicons.nationalities():
                continue
            if DEVICE_AFTER.match(text, m.end("w")):
                continue  # 'TRANSFER TO GERI CHAIR': a seat, not a town
            if (w in CREDENTIALS or w in STAFF_ABBREVIATIONS) and (
                    CAP_AFTER.match(text, m.end("w")) or m["w"].islower() and not m["post"]):
                continue  # 'referral from SW Hill', 'report from RN Mbeki', 'filed by sw joan': a role, not a place
            proper = capitalised_in_mixed(text, m.start("w"), m["w"]) or (  # 'arrived at Hasle' is not a typo of 'hassle'
                len(w) > 4 and m["w"].isupper() and self._mixed_line(text, m.start("w")))  # 'flew to LEPPEN on Tuesday'
            # 'LIVES IN HINGHAM': right after a residence phrase a word one edit from a common word is still a town.
            home = len(w) > 4 and self.RESIDENCE.search(text, max(0, m.start("w") - 30), m.start("w")) and self.CLAUSE_END.match(
                text, m.end("w"))  # 'lives in asisted living' is a typo: the town ends the clause
            # 'IN PORT ORRIN', 'FROM ASHWICK FALLS': a town-name word before or after names a town (no typo, no verb
            # needed); the short prefixes (St, Mt, Ft, New, North...) also start clinical phrases ('ST ELEV').
            town = bool(m["pre"] and m["pre"].lower() in TOWN_PREFIXES or m["post"])
            if lexicons.is_misspelling(w) and not lexicons.is_name_word(w) and not proper and not town and (
                    not home or lexicons.is_clinical_typo_or_stem(w)):
                continue
            if m["w"].islower() and len(w) < 5 and lexicons.is_swapped_letters(w) and not lexicons.is_name_word(w):
                continue  # 'lives at hoem': too short for the misspelling test, a swapped 'home' (lower case only: 'at USNS')
            acronym = self.FACILITY_ACRONYM.match(w) and (m["w"].isupper() or not m["w"][0].isupper())
            if acronym or town or self.MOVE.search(text, max(0, m.start() - 40), m.start()) or self._care_place(text, m) or (
                    self._clause_town(text, m, w)):
                end = m.end("n") if m["n"] else m.end("post") if m["post"] else m.end("w") - m["w"].endswith(".")
                out.append(RecognizerResult(self.ENTITY, m.start("pre") if m["pre"] else m.start("w"), end, 0.55))
        return out
