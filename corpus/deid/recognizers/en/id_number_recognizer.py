"""Identifiers: MRN, account, insurance/claim, licence, device/serial numbers, SSN, card and IBAN numbers."""

import re

from presidio_analyzer import EntityRecognizer, RecognizerResult

from corpus.deid import lexicons
from corpus.deid.recognizers.en.alternation import by_first_letter, first_characters, guarded
from corpus.deid.recognizers.en.place_recognizer import PlaceRecognizer

HAS_DIGIT = re.compile(r"\d").search  # every identifier form has a digit
STATE_CODE = PlaceRecognizer.STATE_CODE  # US state codes, as the place rule reads them after a town
# The words whose number a tail phrase or a mask may end ('visa ending 4471', 'ssn last 4 2290').
TAIL_LABELS = (r"ssn|social(?:[ \t]+security)?|card|credit[ \t]+card|debit(?:[ \t]+card)?|visa|mastercard|mc|amex|discover|"
               r"acc(?:oun)?t|acct|checking|savings|routing|member(?:[ \t]*id)?|policy|subscriber|medicaid|medicare|"
               r"(?:case|svc|service|ref)[ \t]*(?:#|no\.?|number)|"  # a case or service ending is a time without its '#'
               r"insurance|id|mrn|mbi|claim|auth|authorization|license|licence|dl|phone|cell|mobile")
# The type each tail label gives; every other label (cards, accounts) gives an account number.
TAIL_TYPES = {"ssn": "ID_NUMBER", "social": "ID_NUMBER", "id": "ID_NUMBER", "mrn": "MEDICAL_RECORD_NUMBER",
              "license": "LICENSE_NUMBER", "licence": "LICENSE_NUMBER", "dl": "LICENSE_NUMBER", "phone": "PHONE",
              "cell": "PHONE", "mobile": "PHONE", "member": "INSURANCE_NUMBER", "policy": "INSURANCE_NUMBER",
              "subscriber": "INSURANCE_NUMBER", "medicaid": "INSURANCE_NUMBER", "medicare": "INSURANCE_NUMBER",
              "insurance": "INSURANCE_NUMBER", "mbi": "INSURANCE_NUMBER",
              "claim": "INSURANCE_NUMBER", "auth": "INSURANCE_NUMBER", "authorization": "INSURANCE_NUMBER",
              "case": "ID_NUMBER", "ref": "ID_NUMBER", "svc": "ID_NUMBER", "service": "ID_NUMBER"}


class IdNumberRecognizer(EntityRecognizer):
    """Digit-bearing codes after an identifier word (typed by that word), plus SSN/card/IBAN shapes."""

    ENTITY = "ID_NUMBER"
    CONTEXT_TYPES = [
        # Vehicle identifiers (HIPAA's twelfth element) before the licence label that 'license plate' starts with.
        (r"(?:license\s+|licence\s+)?plate|vin|vehicle(?:\s+id)?", "ID_NUMBER"),
        (r"mrn|mr\s*#|medical\s+record(?:\s+(?:no|number))?|unit\s+(?:no|number)|hospital\s+(?:no|number)|chart", "MEDICAL_RECORD_NUMBER"),
        (r"acc(?:oun)?t|acct|billing|invoice|card", "ACCOUNT_NUMBER"),
        (r"insurance|policy|member(?:\s*id)?|subscriber|claim|medicare|medicaid|health\s*plan|group|grp|hicn|mbi|icn|"
         r"(?:prior\s+)?auth(?:orization)?|pre-?cert(?:ification)?", "INSURANCE_NUMBER"),
        (r"licen[cs]e|lic|dea|npi|driver'?s?|dl", "LICENSE_NUMBER"),
        # 'HILL-ROM BED ASSET TAG 004521', 'via ticket INC0087412', 'WORK ORDER WO-56112', 'CONSOLE CARD-2207'
        (r"serials?|s/n|sn|device|model|lot|pacemaker|implant|udi|recorder|transmitter|asset(?:\s+tag)?|tag|ticket|"
         r"work\s+order|console|controller|glucometer|barcode|imei|meid|rma", "DEVICE_ID"),
        # 'Surgical pathology SP-69-14402', 'req # SL-4471-0922', 'property # P-4471': laboratory and property numbers
        (r"ssn|social\s+security|id|identifier|bioid|accession|(?:ems|ambulance)\s+run|badge|incident|ref(?:erence)?|case|file|record|passport|"
         r"docket|inmate|warrant|pathology|cytology|specimen|req(?:uisition)?|property|match\s+run|(?:client|patient|access)\s+code|"
         r"autopsy|tracking|confirmation|receipt|airbill|waybill|trip|kits?|"
         r"no|number|#",
         "ID_NUMBER"),
    ]
    LABELS = "|".join(c for c, _ in CONTEXT_TYPES)
    CONTEXT_RE = guarded(re.compile(
        r"\b(?P<ctx>" + by_first_letter(LABELS) + r")\b\.?[ \t]*(?:#|no\.?|number|num)?[ \t:#=.-]*"
        r"(?:(?:is|was)[ \t]+(?:[:#][ \t]*)?)?"  # 'my driver's license number is F1628...'
        # 'License # NH 4821-77', 'driver's license ma s1234567': an issuing state's code before the number
        # (kept for a licence or a plate only, see analyze)
        r"(?P<id>(?P<st>(?:" + STATE_CODE + r")[ \t](?=[A-Za-z0-9-]*\d))?(?=[A-Za-z0-9-]*\d)[A-Za-z0-9][A-Za-z0-9-]{2,24})"
        r"(?![\w/.]\d)",
        re.I,
    ))
    # A labelled number written in groups, with or without a letter prefix ('medicaid id MA 4471 9902 18', 'claim no.
    # LO 7720 119', 'imei 35 492810 447102 6', 'RMA ID RM 4471093'): six digits at least, in two groups or after letters.
    SPACED_ID = re.compile(
        r"\b(?P<ctx>" + by_first_letter(LABELS) + r")\b\.?[ \t]*(?:#|no\.?|number|num)?"
        r"[ \t:#=.-]*(?P<id>(?:(?P<pre>[A-Za-z]{1,3})[ -]?)?\d{2,7}(?:[ -]\d{1,7}){0,4})(?![\w/.]\d)(?!\w)",
        re.I,
    )
    # Every place a label starts (zero-width, so a label inside another is found too): both rules above match only
    # there, so one scan serves them both, each keeping finditer's rule that matches do not overlap.
    LABEL_AT = re.compile(r"(?=[" + first_characters(CONTEXT_RE) + r"])\b(?=(?:" + by_first_letter(LABELS) + r")\b)",
                          re.I)
    LABEL_WORD = re.compile(LABELS, re.I)
    NOT_PREFIXES = frozenset({"pt", "no", "is", "of", "in", "at", "to", "on", "dob", "age", "x", "was", "for", "and", "or"})
    # Any word before '#' labels the code after it ('Grievance # GR-69-0311', 'DOC # W104471', 'CVS #2218',
    # 'confirmation # TR-88412'); the code must still be plausible, and counts, places and sizes are not labels.
    HASH_RE = re.compile(r"#[ \t]*(?P<id>(?=[A-Za-z0-9-]*\d)[A-Za-z0-9][A-Za-z0-9-]{2,24})(?![\w/.]\d)")
    HASH_LABEL = re.compile(r"(?<![\w#])(?P<w>[A-Za-z]{2,})\.?[ \t]*$")
    NOT_HASH_LABELS = frozenset({"room", "rm", "bed", "bay", "tooth", "teeth", "size", "gauge", "step", "page", "dose",
                                 "cycle", "day", "pod", "line", "drain", "tube", "lead", "fr", "french", "ett", "trach",
                                 "floor", "suite", "apt", "unit", "extension", "ext", "box", "exit", "route", "rte"})
    SIZE = re.compile(r"\d{1,3}[A-Za-z]{1,4}")  # 'with #20fr 3way foley', 'Intubated #8ETT': a size, not a code
    # A second code of the same kind after '/', ',' or 'and': 'serials 2207A441 / 2207A442'.
    # A side in brackets may come between: 'serials 2311C4417 (R) / 2311C4418 (L)'.
    NEXT_CODE = re.compile(r"[ \t]*(?:\([A-Za-z]{1,3}\)[ \t]*)?(?:/|,|&|and|or)[ \t]*"
                           r"(?P<id>[A-Za-z0-9][A-Za-z0-9-]{2,24})(?![\w/.]\d)", re.I)
    # A carrier's tracking number in spaced groups ('airbill 7730 4418 2291').
    SPACED_TRACKING = guarded(re.compile(r"\b(?i:airbill|waybill|tracking)(?:[ \t]*(?i:#|no\.?|number))?[ \t:#]*"
                                         r"(?P<id>\d{3,6}(?:[ ]\d{3,6}){1,4})(?![\w/.]\d)"))
    # A user name after its label ('Username: kquorvath', 'login id = jsmith2'): an account handle, digits or not.
    # In brackets after an access ('(user jdolan4)') the handle must hold a digit.
    USERNAME_RE = guarded(re.compile(r"\b(?:user[ \t]?(?:name|id)|log-?in(?:[ \t]id)?)[ \t]*[:=#][ \t]*(?P<id>[A-Za-z][\w.-]{2,31}"
                             r"(?<![.-]))|\((?i:user)[ \t]+(?P<id2>[A-Za-z][A-Za-z._-]{1,30}\d[\w.-]{0,8})\)", re.I))
    SHAPES = [
        # A social security number, or a Medicare claim number built on one ('012-34-5678A').
        (guarded(re.compile(r"(?<![\d-])\d{3}-\d{2}-\d{4}(?:[A-Za-z]\d?(?![\w-]))?(?![\d-])")), "ID_NUMBER"),
        # Card numbers: four groups of four, or one run of 13-19 digits (every card length; no clinical value is one).
        (guarded(re.compile(r"(?<![\d-])(?:\d{4}[ -]){3}\d{4}(?![\d-])|(?<![\d.])\d{13,19}(?![\d.])")), "ACCOUNT_NUMBER"),
        # IBAN, any case: country, check digits, then an account part with at least four digits ('FI02 WEAN THIS SHIFT'
        # is not one).
        (re.compile(r"\b[A-Z]{2}\d{2}(?=(?:[ A-Z]*\d){4})(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?\b", re.I), "ACCOUNT_NUMBER"),
        # A blood product's ISBT 128 donation number: facility letter and four digits, year, six-digit serial
        # ('W0412 69 123456'), with or without its spaces.
        (guarded(re.compile(r"(?<![\w-])[A-Z]\d{4}[ ]?\d{2}[ ]?\d{6}(?![\w-])", re.I)), "ID_NUMBER"),
        # '4-4412987', 'report 2019-0721883': a document number may carry a short prefix or a year before its dash
        (guarded(re.compile(r"(?<![\w#.-])#?(?:\d{1,4}-)?\d{7,12}(?!\w|\.\d|/\d)|(?<=-)\d{7,12}(?!\w|\.\d|/\d)")),
         "ID_NUMBER"),
    ]
    # The last digits of a number, after a tail phrase ('card ending 4471', 'SSN last 4 2290', 'member id ends in
    # 8812', 'last four of ssn 2290') or a mask ('visa ****4471'): found from the phrase or the mask, typed by the
    # label word before it (or in it), which must be there ('shift ending 0700' is a time).
    TAIL_RE = guarded(re.compile(
        r"(?<![A-Za-z])(?i:ending|ends|last[ \t]*(?:4|four|5|five|3|three))(?:[ \t]+(?i:digits?|#s?|nos?\.?|numbers?))?"
        r"(?:[ \t]+(?i:in|with|of|on|is|are|=)(?:[ \t]+(?i:the[ \t]+)?(?P<own>(?i:" + TAIL_LABELS + r")))?)?"
        r"[ \t]*\)?[ \t]*[:#=,(-]?[ \t]*(?:[*xX•]{2,}[ \t-]?)?(?P<id>\d{3,6}|(?=[A-Za-z]{0,3}\d)[A-Za-z0-9]{4})"
        r"(?![\w/.,]\d)(?!\w)"))
    MASKED_RE = re.compile(r"(?<![\w*])[*xX•]{2,}[ \t-]?(?P<id>\d{3,6})(?![\w/.,]\d)")
    TAIL_LABEL_BEFORE = re.compile(r"(?<![A-Za-z])(?P<w>(?i:" + TAIL_LABELS + r"))(?![A-Za-z])[^\n.;]{0,24}$")
    # Accession and case numbers: letters, a two-digit year, a serial of four or more digits ('S17-4482', 'GS22-10447',
    # 'SP-19-08817'), or letters and a long serial ('UC-00882104'); spine levels ('T10-12') and pressure ranges
    # ('MAP-75-100') have fewer. Found from the digits (a scan that opens on letters tries every word), then the one to
    # three letters before them are read.
    ACCESSION_TAIL = re.compile(r"(?=[-\d])(?<=[A-Za-z])(?:-?\d{2}-\d{4,7}|-\d{6,10})(?![\w-]|\.\d)")
    ACCESSION_HEAD = re.compile(r"(?<![\w.-])[A-Za-z]{1,3}$")

    def __init__(self, supported_language: str = "en", **kwargs):
        types = sorted({t for _, t in self.CONTEXT_TYPES})
        super().__init__(supported_entities=types + ["ACCOUNT_NUMBER"], supported_language=supported_language, **kwargs)

    def load(self) -> None:
        """Nothing to load."""

    def analyze(self, text, entities, nlp_artifacts=None):
        """Context-typed identifiers and shape-matched ones."""
        low = text.lower()
        out = [RecognizerResult(self.ENTITY, *m.span("id" if m["id"] else "id2"), 0.7)
               for m in self.USERNAME_RE.finditer(text)] if "user" in low or "log" in low else []
        if not HAS_DIGIT(text):
            return out  # every other identifier here has a digit
        if "bill" in low or "tracking" in low:
            out += [RecognizerResult(self.ENTITY, m.start("id"), m.end("id"), 0.7) for m in self.SPACED_TRACKING.finditer(text)]
        starts = [m.start() for m in self.LABEL_AT.finditer(text)]
        for m in self._matches_at(self.CONTEXT_RE, text, starts):
            if self._plausible(m["id"]):
                etype = self._type_of(m["ctx"])
                start = m.start("id")
                word = bool(m["st"]) and m["st"].strip().lower() in lexicons.stop_words()
                if m["st"] and (word or etype != "LICENSE_NUMBER" and not m["ctx"].lower().endswith(("plate", "vin"))):
                    # 'ID: IN 101' (Tmax on an infectious-disease line), 'license in 2019': no issuer. A code that
                    # is not a word ('Device ID SN-99381': Idaho's code is the label's 'ID') leaves the number.
                    if word or not self._plausible(text[m.end("st"):m.end("id")]):
                        continue
                    start = m.end("st")
                # A specific label ('medical record number is 7788123') outranks the phone rule's generic 'number'.
                score = 0.7 if etype == self.ENTITY else 0.8
                out.append(RecognizerResult(etype, start, m.end("id"), score))
                out += [RecognizerResult(etype, a, b, score) for a, b in self._next_codes(text, m["id"], m.end("id"))]
        if "#" in text:
            out += self._hash_labelled(text)
        out += self._spaced(text, starts)
        for rx, etype in self.SHAPES:
            out += [RecognizerResult(etype, m.start(), m.end(), 0.6) for m in rx.finditer(text)]
        out += self._tails(text, low)
        for m in self.ACCESSION_TAIL.finditer(text) if "-" in text else ():
            head = self.ACCESSION_HEAD.search(text, max(0, m.start() - 4), m.start())
            if head:
                out.append(RecognizerResult(self.ENTITY, head.start(), m.end(), 0.6))
        return out

    @staticmethod
    def _matches_at(rx: re.Pattern, text: str, starts: list[int]):
        """``rx.finditer(text)`` for a pattern whose matches can only begin at ``starts``: the same matches."""
        end = 0
        for pos in starts:
            if pos >= end and (m := rx.match(text, pos)):
                end = m.end()
                yield m

    def _spaced(self, text: str, starts: list[int]) -> list[RecognizerResult]:
        """Labelled numbers written in groups ('claim no. LO 7720 119'), typed by the label."""
        out = []
        for m in self._matches_at(self.SPACED_ID, text, starts):
            groups = re.findall(r"\d+", m["id"])
            pre = m["pre"]
            if pre and (pre.lower() in self.NOT_PREFIXES or self.LABEL_WORD.fullmatch(pre)):
                continue  # 'implant lot 4471-22': a second label, whose number is read (or not) on its own
            if sum(map(len, groups)) >= 6 and (len(groups) >= 2 or pre):
                out.append(RecognizerResult(self._type_of(m["ctx"]), m.start("id"), m.end("id"), 0.7))
        return out

    def _tails(self, text: str, low: str) -> list[RecognizerResult]:
        """The last digits of a labelled number after a tail phrase or a mask ('card ending 4471', 'visa ****4471')."""
        matches = [*(self.TAIL_RE.finditer(text) if "end" in low or "last" in low else ()),
                   *(self.MASKED_RE.finditer(text) if "**" in text or "xx" in low or "••" in text else ())]
        out = []
        for m in matches:
            label = m["own"] if m.re is self.TAIL_RE and m["own"] else None
            if label is None:
                before = self.TAIL_LABEL_BEFORE.search(text, max(0, m.start() - 32), m.start())
                label = before["w"] if before else None
            if label:
                etype = TAIL_TYPES.get(label.lower().split()[0], "ACCOUNT_NUMBER")
                out.append(RecognizerResult(etype, m.start("id"), m.end("id"), 0.7))
        return out

    def _hash_labelled(self, text: str) -> list[RecognizerResult]:
        """Codes after a word and '#', typed by the word when it is a known label."""
        out = []
        for m in self.HASH_RE.finditer(text):
            label = self.HASH_LABEL.search(text, max(0, m.start() - 30), m.start())
            word = label["w"].lower() if label else ""
            if (word and word not in self.NOT_HASH_LABELS and word not in lexicons.stop_words()
                    and self._plausible(m["id"]) and not self.SIZE.fullmatch(m["id"])):
                out.append(RecognizerResult(self._type_of(label["w"]), m.start("id"), m.end("id"), 0.7))
        return out

    def _next_codes(self, text: str, first: str, end: int) -> list[tuple[int, int]]:
        """Codes listed after a labelled one, each of the first's kind: digits, and letters where it has them."""
        out, letters = [], any(c.isalpha() for c in first)
        while (m := self.NEXT_CODE.match(text, end)) and self._plausible(m["id"]) and (
                any(c.isalpha() for c in m["id"]) == letters and abs(len(m["id"]) - len(first)) <= 2):
            out.append((m.start("id"), m.end("id")))
            end = m.end("id")
        return out

    def _type_of(self, ctx: str) -> str:
        for pattern, etype in self.CONTEXT_TYPES:
            if re.fullmatch(pattern, ctx, re.I):
                return etype
        return self.ENTITY

    @staticmethod
    def _plausible(value: str) -> bool:
        """At least 4 digits, or letters mixed with digits (rg17); not a dose or a time."""
        digits = sum(c.isdigit() for c in value)
        return (digits >= 4 or (digits >= 1 and any(c.isalpha() for c in value) and len(value) >= 4)) and not re.fullmatch(
            r"\d+(?:mg|ml|cc|mcg|hr|hrs|am|pm|x\d+)", value, re.I)
