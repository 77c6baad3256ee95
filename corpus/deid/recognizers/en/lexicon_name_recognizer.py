"""Known first names and surnames that are not common English or clinical words (any case)."""

import re

from presidio_analyzer import EntityRecognizer, RecognizerResult

from corpus.deid import lexicons


class LexiconNameRecognizer(EntityRecognizer):
    """Census/Faker names outside the allow-list, e.g. 'Suzette', 'SWACKHAMER', 'nicholson'."""

    ENTITY = "PERSON"
    WORD = re.compile(r"(?<![\w'])[A-Za-z][A-Za-z'’]*[A-Za-z](?:-[A-Za-z]+)*(?![\w])")

    def __init__(self, supported_language: str = "en", **kwargs):
        super().__init__(supported_entities=[self.ENTITY], supported_language=supported_language, **kwargs)

    def load(self) -> None:
        """Load the lexicons once."""
        lexicons.vocabulary()
        lexicons.surnames()

    def analyze(self, text, entities, nlp_artifacts=None):
        """Every token that is a known name and not an allowed word."""
        first, last, common = lexicons.first_names(), lexicons.surnames(), lexicons.vocabulary()
        stop = lexicons.stop_words()
        out = []
        for m in self.WORD.finditer(text):
            w = m.group().lower()
            if w.endswith(("'s", "’s")):
                w = w[:-2]
            parts = w.split("-")
            if all((p in first or p in last) and p not in common and p not in stop for p in parts):
                out.append(RecognizerResult(self.ENTITY, m.start(), m.end(), 0.6))
        return out
