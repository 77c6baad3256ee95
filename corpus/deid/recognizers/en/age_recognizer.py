"""Ages over 89 (HIPAA Safe Harbor)."""

import re

from presidio_analyzer import EntityRecognizer, RecognizerResult


class AgeRecognizer(EntityRecognizer):
    """Ages 90 and above written as '98 yo', '92 year old', 'aged 95', 'age: 91'."""

    ENTITY = "AGE"
    AFTER = re.compile(
        r"(?<![\d.])(?P<age>9\d|1[0-2]\d)\s*(?:-|\s)?\s*(?:yo\b|y/o|y\.o\.?|yrs?\b|years?\b|year-old|yr-old|-?y\.?o\b|m\b|f\b|male|female|man|woman)",
        re.I,
    )
    BEFORE = re.compile(r"\b(?:age[ds]?|aged|年龄)\s*(?:of|is|was|:)?\s*(?P<age>9\d|1[0-2]\d)(?![\d.])", re.I)

    def __init__(self, supported_language: str = "en", **kwargs):
        super().__init__(supported_entities=[self.ENTITY], supported_language=supported_language, **kwargs)

    def load(self) -> None:
        """Nothing to load."""

    def analyze(self, text, entities, nlp_artifacts=None):
        """Spans of the age number only."""
        if not any(c.isdigit() for c in text):
            return []
        out = []
        for rx in (self.AFTER, self.BEFORE):
            out += [RecognizerResult(self.ENTITY, m.start("age"), m.end("age"), 0.85) for m in rx.finditer(text)]
        return out
