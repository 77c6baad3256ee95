"""Telephone, fax and pager numbers."""

import re

from presidio_analyzer import EntityRecognizer, RecognizerResult

from corpus.deid.recognizers.en.alternation import by_first_letter, guarded

HAS_DIGIT = re.compile(r"\d").search  # faster than a per-character any() on long notes

class PhoneRecognizer(EntityRecognizer):
    """North-American style numbers anywhere; short pager/extension numbers after a phone word."""

    ENTITY = "PHONE"
    FULL_PATTERN = guarded(re.compile(r"(?<![\w/.])(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-]?)\d{3}[\s.-]\d{4}(?:\s?(?:x|ext\.?)\s?\d{1,5})?(?![\w/]|\.\d)"
        r"|(?<![\w/.])\d{3}[\s-]\d{4}(?![\w/-]|\.\w)"  # 'son Piet, 555-0188.' ends a sentence
        r"|(?<![\w/])\+\d{1,3}[\s.-]?\d{2,4}(?:[\s.-]\d{2,5}){1,4}(?![\w/])",
        re.I,
    ))
    # International grammar: optional +CC and (0), digit groups split by single spaces, dots or dashes, extension.
    GROUPED = guarded(re.compile(r"(?<![\w.+/-])(?P<num>(?:\+\d{1,3}[ .-]?(?:\(0\)[ ]?)?)?(?:\(\d{1,4}\)[ ]?)?\d{1,5}(?:[ .-]\d{1,6}){1,5}"
        r"(?:[ ]?(?:x|ext\.?)[ ]?\d{1,5})?)(?![\w/]|\.\d|-\d)",
        re.I,
    ))
    CUE_BEFORE = guarded(re.compile(r"\b(?:call(?:ed)?|phone|tel|telephone|mobile|cell|desk|fax|office|number|no|reach|contact|"
                            r"answering|messages?|registered|text|sms|pager|page|home|work|dial|ring)\b[^\n\d]{0,25}$", re.I))
    CUE_AFTER = re.compile(r"^[ \t]*[-(]?[ \t]*(?:office|fax|mobile|cell|home|work|desk|phone|tel)\b", re.I)
    # '416 60 039 office', '28-64-66-98 office': digit groups labelled as a phone right after them.
    LABELLED_AFTER = guarded(re.compile(r"(?<![\w.+/-])(?P<num>\d{2,5}(?:[ .-]\d{2,5}){1,4})[ \t]*[-–]?[ \t]*(?i:office|fax|mobile|cell|desk|pager)\b"
        r"(?=[ \t]*(?:$|[\n,;)\\]))"))
    CLOCK_RANGE = re.compile(r"[0-2]\d[0-5]\d[ -][0-2]\d[0-5]\d")
    ISO_DATE = re.compile(r"(?:19|20)\d\d-\d\d-\d\d")
    CONTEXT = ["phone", "telephone", "tel", "cell", "mobile", "home", "work", "office", "fax", "pager",
               "beeper", "page", "pg", "call", "contact", "number", "#"]
    CONTEXT_PATTERN = guarded(re.compile(
        r"\b(?:" + by_first_letter(r"phone|telephone|tel|cell|mobile|home|work|office|fax|pager|beeper|beep|pg|page|call(?:ed)?|contact|"
        r"number|no\.?|ph|h|w|c") + r")\b[\s:#=-]*(?:number|no\.?|num)?[\s:#=-]*(?:at\s+|is\s+)?"
        r"(?P<num>\+?\(?\d[\d\s().-]{3,14}\d\)?)(?![\w/]|\.\d)",
        re.I,
    ))

    # 'Beeper #4567', 'ext. 1234': after a pager or extension word even four digits are a number, never a clock time.
    # 'x4-5532', 'ext 4-5532': a hospital extension written with its exchange digit (never 'x4-5 days').
    EXTENSION = guarded(re.compile(r"\b(?i:pager|beeper|bpr|pgr|ext\.?|extension)[ \t:#=-]*(?i:(?:number|no\.?|num)[ \t:#=-]*)?"
                           r"(?P<num>\d{4,6}|\d-\d{4})(?![\w/]|\.\d)|(?<![A-Za-z0-9])[xX](?:[ \t]?(?P<x>\d-\d{4})|"
                           # 'page at x5512', 'PATH NOTIFIED AT X2218': four or five digits typed onto the x
                           r"(?P<x4>\d{4,5}))(?![\w/-]|\.\d)"))

    SHORT_EXTENSION = re.compile(r"(?<![\w./+-])\d-\d{4}(?![\w/-]|\.\d)")

    def __init__(self, supported_language: str = "en", **kwargs):
        super().__init__(supported_entities=[self.ENTITY], supported_language=supported_language,
                         context=self.CONTEXT, **kwargs)
        self.handles_context = True

    def load(self) -> None:
        """Nothing to load."""

    def analyze(self, text, entities, nlp_artifacts=None):
        """Strong number shapes score 0.85; short numbers need a phone word just before them."""
        if not HAS_DIGIT(text):
            return []
        out = [RecognizerResult(self.ENTITY, m.start(), m.end(), 0.85) for m in self.FULL_PATTERN.finditer(text)
               if not self._range(text, m.start(), m.end()) and not (
                   len(m.group()) == 8 and self.VALUE_LABEL.search(text, max(0, m.start() - 12), m.start()))]
        out += self._grouped(text)
        out += [RecognizerResult(self.ENTITY, m.start("num"), m.end("num"), 0.75) for m in self.LABELLED_AFTER.finditer(text)
                if 7 <= sum(c.isdigit() for c in m["num"]) <= 15 and not self._range(text, m.start("num"), m.end("num"))]
        for m in self.EXTENSION.finditer(text):
            # 'x4-5532' is one token with its 'x': the span takes the letter so no part of the token is left.
            start, end = (m.start("num"), m.end("num")) if m["num"] else (m.start(), m.end())
            out.append(RecognizerResult(self.ENTITY, start, end, 0.75))
        # 'Please page Mbeki (renal fellow, 4-5512)': an extension with its exchange digit a few words after a phone word
        for m in self.SHORT_EXTENSION.finditer(text) if "-" in text else ():
            if self.CUE_BEFORE.search(text, max(0, m.start() - 40), m.start()) and not self.UNIT_AFTER.match(text, m.end()):
                out.append(RecognizerResult(self.ENTITY, m.start(), m.end(), 0.7))
        for m in self.CONTEXT_PATTERN.finditer(text):
            digits = sum(c.isdigit() for c in m["num"])
            end = m.end("num")
            if m["num"].endswith(")") and m["num"].count("(") < m["num"].count(")"):
                end -= 1  # '(cell 978.555.0117)': the bracket closes the sentence's aside, not an area code
            if 4 <= digits <= 15 and self._not_time_or_value(m["num"]) and not self._range(text, m.start("num"), end):
                out.append(RecognizerResult(self.ENTITY, m.start("num"), end, 0.75))
        return out

    def _grouped(self, text: str) -> list[RecognizerResult]:
        """International and grouped numbers: 8-15 digits, led by + / 0 / (area), or next to a phone word."""
        out = []
        for m in self.GROUPED.finditer(text):
            num = m["num"]
            digits = sum(c.isdigit() for c in num)
            if not 8 <= digits <= 15 or self.ISO_DATE.search(num) or self.CLOCK_RANGE.fullmatch(num):
                continue
            led = num[0] in "+(" or num[0] == "0"
            cue = self.CUE_BEFORE.search(text, max(0, m.start() - 40), m.start()) or self.CUE_AFTER.match(text, m.end())
            if led or cue:
                out.append(RecognizerResult(self.ENTITY, m.start("num"), m.end("num"), 0.8))
        return out

    RANGE = re.compile(r"(\d{2,4})-(\d{2,5})")
    # 'SVR 954-1183', 'HR 100-1112.': a seven-digit shape right after a haemodynamic, vital-sign or lab label is a
    # range of values.
    VALUE_LABEL = guarded(re.compile(r"\b(?i:svri?|pvri?|co|ci|cvp|pap|pcwp|wedge|plts?|platelets|wbc|glucose|bs|uo|u/o|i/o|hr|"
                             r"rr|s?bp|map|"
                             r"totals?|range)[ \t:=]*$"))
    UNIT_AFTER = re.compile(r"\s*(?:cc|ml|mls|cyu|mg|mcg|units?|u|/hr|cc/hr|ml/hr|mmhg|cal|kcal|-?peep|%)\b", re.I)

    def _range(self, text: str, start: int, end: int) -> bool:
        """'SVR 900-1300', 'voiding 575-1000 cc', 'a/c 600-12-peep': a value range or setting, not a number to call."""
        m = self.RANGE.fullmatch(text[start:end])
        if not m:
            return False
        lo, hi = int(m[1]), int(m[2])
        after = text[end : end + 8]
        return bool(self.UNIT_AFTER.match(after)) or after.startswith("-") or len(m[2]) < 4 or (
            lo < hi and m[2].endswith("00") and len(m[1]) < len(m[2]))

    @staticmethod
    def _not_time_or_value(num: str) -> bool:
        """Reject clock times, ranges of them and small quantities that follow words like 'call'."""
        core = num.strip("() ")
        return not re.fullmatch(r"[0-2]?\d[0-5]\d", core) and not re.fullmatch(r"\d{1,3}", core) and not (
            PhoneRecognizer.CLOCK_RANGE.fullmatch(core))  # 'calls only b/w 0800-2100': hours, not a number
