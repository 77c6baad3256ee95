"""Known first names and surnames that are not common English or clinical words (any case)."""

import re

from presidio_analyzer import EntityRecognizer, RecognizerResult

from corpus.deid import lexicons
from corpus.deid.recognizers.en.name_tokens import capitalised_in_mixed


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
        stop, skip = lexicons.stop_words(), lexicons.eponyms() | lexicons.nationalities()
        out = []
        for m in self.WORD.finditer(text):
            w = m.group().lower()
            if w.endswith(("'s", "’s")):
                w = w[:-2]
            parts = w.split("-")
            if w in skip or not all((p in first or p in last) and p not in common and p not in stop for p in parts):
                continue
            if w not in first and lexicons.is_misspelling(w) and not capitalised_in_mixed(text, m.start(), m.group()):
                continue
            out.append(RecognizerResult(self.ENTITY, m.start(), m.end(), 0.6))
        return out
