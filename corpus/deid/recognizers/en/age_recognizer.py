"""Ages over 89 (HIPAA Safe Harbor); every age when the site's scope is ``all`` (see ``corpus.deid.ages``)."""

import re

from presidio_analyzer import RecognizerResult

from corpus.deid.recognizers.en.alternation import by_first_letter, guarded
from corpus.deid.recognizers.en.base import RuleRecognizer

HAS_DIGIT = re.compile(r"\d").search  # faster than a per-character any() on long notes

class AgeRecognizer(RuleRecognizer):
    """Ages 90 and above written as '98 yo', '92 year old', 'aged 95', 'age: 91'; younger ages when ``every_age``."""

    ENTITY = "AGE"
    AFTER = guarded(re.compile(r"(?<![\d.])(?<![A-Za-z]-)(?P<age>9\d|1[0-2]\d)\s*(?:-|\s)?\s*(?:yo\b|y/o|y\.o\.?|yrs?\b|years?\b|year-old|yr-old|-?y\.?o\b|m\b|f\b|male|female|man|woman)",
        re.I,
    ))
    # 'Age 93.' ends a sentence; '93.5' is a measurement.
    BEFORE = re.compile(r"\b(?:age[ds]?|aged|年龄)\s*(?:of|is|was|:)?\s*(?P<age>9\d|1[0-2]\d)(?!\d|\.\d)", re.I)
    # 'pt is 95', 'she was 102' (not '95%', '98.6', '95/60' or '95 bpm').
    SUBJECT = guarded(re.compile(
        r"\b(?:pt|patient|she|he|donor|client|resident|decedent|veteran|member)\s+(?:is|was|turned|turns)\s+(?P<age>9\d|1[0-2]\d)(?!\d|\.\d|\s*[%/-]|\s*(?:bpm|kg|lbs?|mm|cm|deg|degrees|mg|ml|cc|on|percent|sat)\b)", re.I))
    # 'Wife (Rose, 91) is primary caregiver': a name, a comma and an age over 89 in brackets.
    NAME_AGE_PAREN = guarded(re.compile(r"\([ \t]*[A-Za-z][A-Za-z'’.-]*(?:[ \t]+[A-Za-z][A-Za-z'’.-]*)?[ \t]*,[ \t]*"
                                        r"(?P<age>9\d|1[0-2]\d)[ \t]*(?:y/?o|yrs?)?[ \t]*\)"))
    # A note opening on the age: '96 s/p left hip fx', '93 h/o CHF'.
    LINE_START = re.compile(r"(?m)^[ \t]*(?P<age>9\d|1[0-2]\d)[ \t]+(?:s/p|h/o)(?![\w/])", re.I)

    # 'ninety-two years old', 'one hundred and one yo': an age over 89 in words.
    WORDS = guarded(re.compile(
        r"(?<![A-Za-z-])(?P<age>(?i:ninety(?:[ -](?:one|two|three|four|five|six|seven|eight|nine))?|(?:one )?hundred"
        r"(?:(?: and)?[ -](?:one|two|three|four|five|six|seven|eight|nine|ten))?))[ \t-]*"
        r"(?i:years?[ -]old|year-old|yo\b|y/o|yrs?[ -]old)"))

    # Every age (scope 'all'): only where the words say it is an age, since a bare '45 years' is mostly a duration
    # ('smoked for 30 years') and '16 F' a catheter: '67 yo', '67-year-old', '67 years of age', 'a 45 M with',
    # '45F,', 'aged 67', 'age: 67', '6 month old', 'in his 60s', 'sixty-seven year old'.
    _NUM = r"(?P<age>1[0-2]\d|[1-9]?\d)(?!\d|[.,]\d)"
    _ANY = r"(?<![\d.,/:])" + _NUM
    _OLD = r"(?:years?|yrs?|months?|mos?|weeks?|wks?|days?)[ -]old\b|years?\s+of\s+age\b|year-old|yr-old|month-old"
    _SEX = r"male|female|man|woman|gentleman|lady|boy|girl"
    YOUNG_AFTER = guarded(re.compile(
        _ANY + r"\s*(?:-|\s)?\s*(?:yo\b|y/o|y\.o\.?|-?y\.?o\b|" + _OLD
        + r"|(?:years?|yrs?)\b(?=,?\s*(?:" + _SEX + r")\b)|(?:" + _SEX + r")\b"
        r"|[mf]\b(?=\s*(?:with|w/|who|s/p|h/o|presents|presenting|pmh|hx|pt|patient|c/o)\b|\s*[,;.]|[ \t]*$))",
        re.I | re.M))
    YOUNG_BEFORE = re.compile(r"\b(?:age[ds]?|aged)\s*(?:of|is|was|:|=)?\s*" + _NUM, re.I)
    # 'just turned 60', "I'll turn 23.", 'when he was 78.', "I'm 45,", 'his mother is 93 and' (any scope: 'turned 93'
    # is over 89 too); a number that goes on ('turned 90 degrees', 'turn 2 hours', 'she is 5 days post-op') is not.
    _KIN = r"mother|father|mom|dad|wife|husband|spouse|partner|sister|brother|son|daughter|grand(?:mother|father)"
    # Both are judged from the number (found first, cheaply) back to the words before it.
    VERB_BEFORE = guarded(re.compile(
        r"\b(?:" + by_first_letter(r"turned|turns|turning|turn|when\s+(?:he|she|i|they)\s+(?:was|were)|i\s+am|i'm|he's|"
                                   r"she's|(?:pt|patient|he|she|" + _KIN + r")\s+(?:is|was|turned|turns|will\s+be|will\s+turn)|"
                                   # 'Pt's mother Eulalie Long, 93, at bs': a relative's name (one or two
                                   # words), then the age between commas
                                   r"(?:" + _KIN + r"|grandma|grandpa|aunt|uncle)\s+[a-z][a-z'’-]+(?:\s+[a-z][a-z'’-]+)?\s*,")
        + r")\s+$", re.I))
    # 'Pt 94, SOI 3 / ROM 4': the patient's age between 'pt' and a comma (not a prothrombin time: 'PT 94, PTT 150').
    PT_AGE = guarded(re.compile(r"(?<![A-Za-z])(?i:pt|patient)[ \t]+(?P<age>9\d|1[01]\d)(?:[ \t]*,(?![ \t]*(?i:ptt|inr)\b)"
                                r"|[ \t]+(?=(?i:took|takes|lives|fell|states|says|reports|has|had|was|is|walks|uses)\b))"))
    VERB_AFTER = re.compile(r"[ \t]*(?:[.,;!?)]|$|(?:in|on|last|this|next|today|yesterday|and|but|years?|yrs?)\b)",
                            re.I | re.M)
    # A family history's ages: 'Father alive at 94.', 'mother died at age 97', 'dx'd at 91' (over 89 in any scope;
    # every age with 'all'); not a clock time ('died at 0930') or a dose ('at 90 mg').
    EVENT_BEFORE = guarded(re.compile(
        r"\b(?:" + by_first_letter(r"died|dies|deceased|passed(?:[ \t]+away)?|alive|living|diagnosed|dx'?d|dx")
        + r")[ \t]+(?:at|@)[ \t]+(?:age[ \t]+)?$", re.I))
    EVENT_NOT_AFTER = re.compile(r"[ \t]*(?:%|mg|kg|lbs?|mm|cm|ml|cc|units?|am|pm|hrs?|minutes|min)\b|:\d", re.I)
    OLD_NUMBER = guarded(re.compile(r"(?<![\d.,/:])(?P<age>9\d|1[0-2]\d)(?!\d|[.,]\d)"))
    ANY_NUMBER = guarded(re.compile(_ANY))
    _TENS = r"twenty|thirty|forty|fifty|sixty|seventy|eighty"
    DECADE = re.compile(
        r"\bin\s+(?:his|her|their)\s+(?:(?:early|mid|late)[ -]?)?(?P<age>[1-8]0'?s|(?:twent|thirt|fort|fift|sixt|sevent"
        r"|eight)ies)\b", re.I)
    YOUNG_WORDS = guarded(re.compile(
        r"(?<![A-Za-z-])(?P<age>(?i:(?:" + _TENS + r")(?:[ -](?:one|two|three|four|five|six|seven|eight|nine))?"
        r"|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen"
        r"|seventeen|eighteen|nineteen))[ \t-]*(?i:years?[ -]old|year-old|yo\b|y/o|yrs?[ -]old|months?[ -]old)"))

    def __init__(self, supported_language: str = "en", every_age: bool = False, **kwargs) -> None:
        super().__init__(supported_language=supported_language, **kwargs)
        self.every_age = every_age

    def analyze(self, text, entities, nlp_artifacts=None):
        """Spans of the age number only."""
        words = (self.WORDS, self.YOUNG_WORDS, self.DECADE) if self.every_age else (self.WORDS,)
        out = [RecognizerResult(self.ENTITY, m.start("age"), m.end("age"), 0.85)
               for rx in words for m in rx.finditer(text)]
        if not HAS_DIGIT(text):
            return out
        numbers = (self.AFTER, self.BEFORE, self.SUBJECT, self.LINE_START, self.NAME_AGE_PAREN, self.PT_AGE)
        if self.every_age:
            numbers += (self.YOUNG_AFTER, self.YOUNG_BEFORE)
        for rx in numbers:
            out += [RecognizerResult(self.ENTITY, m.start("age"), m.end("age"), 0.85) for m in rx.finditer(text)]
        for m in (self.ANY_NUMBER if self.every_age else self.OLD_NUMBER).finditer(text):
            start, end = m.span()
            if (self.VERB_BEFORE.search(text, max(0, start - 40), start) and self.VERB_AFTER.match(text, end)
                    or self.EVENT_BEFORE.search(text, max(0, start - 40), start)
                    and not self.EVENT_NOT_AFTER.match(text, end)):
                out.append(RecognizerResult(self.ENTITY, start, end, 0.85))
        return out
