"""Ages over 89 (HIPAA Safe Harbor)."""

import re

from presidio_analyzer import RecognizerResult

from corpus.deid.recognizers.en.base import RuleRecognizer

HAS_DIGIT = re.compile(r"\d").search  # faster than a per-character any() on long notes

class AgeRecognizer(RuleRecognizer):
    """Ages 90 and above written as '98 yo', '92 year old', 'aged 95', 'age: 91'."""

    ENTITY = "AGE"
    AFTER = re.compile(
        r"(?<![\d.])(?P<age>9\d|1[0-2]\d)\s*(?:-|\s)?\s*(?:yo\b|y/o|y\.o\.?|yrs?\b|years?\b|year-old|yr-old|-?y\.?o\b|m\b|f\b|male|female|man|woman)",
        re.I,
    )
    # 'Age 93.' ends a sentence; '93.5' is a measurement.
    BEFORE = re.compile(r"\b(?:age[ds]?|aged|年龄)\s*(?:of|is|was|:)?\s*(?P<age>9\d|1[0-2]\d)(?!\d|\.\d)", re.I)
    # 'pt is 95', 'she was 102' (not '95%', '98.6', '95/60' or '95 bpm').
    SUBJECT = re.compile(
        r"\b(?:pt|patient|she|he)\s+(?:is|was|turned|turns)\s+(?P<age>9\d|1[0-2]\d)(?!\d|\.\d|\s*[%/-]|\s*(?:bpm|kg|lbs?|mm|cm|deg|degrees|mg|ml|cc|on|percent|sat)\b)", re.I)
    # A note opening on the age: '96 s/p left hip fx', '93 h/o CHF'.
    LINE_START = re.compile(r"(?m)^[ \t]*(?P<age>9\d|1[0-2]\d)[ \t]+(?:s/p|h/o)(?![\w/])", re.I)

    # 'ninety-two years old', 'one hundred and one yo': an age over 89 in words.
    WORDS = re.compile(
        r"(?<![A-Za-z-])(?P<age>(?i:ninety(?:[ -](?:one|two|three|four|five|six|seven|eight|nine))?|(?:one )?hundred"
        r"(?:(?: and)?[ -](?:one|two|three|four|five|six|seven|eight|nine|ten))?))[ \t-]*"
        r"(?i:years?[ -]old|year-old|yo\b|y/o|yrs?[ -]old)")

    def analyze(self, text, entities, nlp_artifacts=None):
        """Spans of the age number only."""
        out = [RecognizerResult(self.ENTITY, m.start("age"), m.end("age"), 0.85) for m in self.WORDS.finditer(text)]
        if not HAS_DIGIT(text):
            return out
        for rx in (self.AFTER, self.BEFORE, self.SUBJECT, self.LINE_START):
            out += [RecognizerResult(self.ENTITY, m.start("age"), m.end("age"), 0.85) for m in rx.finditer(text)]
        return out
