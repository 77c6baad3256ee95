"""Towns, states, countries and unknown place words after movement/residence words."""

import re

from presidio_analyzer import EntityRecognizer, RecognizerResult

from corpus.deid import lexicons
from corpus.deid.recognizers.en.name_tokens import TOKEN, bare


class PlaceRecognizer(EntityRecognizer):
    """Gazetteer places (GeoNames) that are not common words; unknown words after 'to/from/in/at'."""

    ENTITY = "LOCATION"
    WORD = re.compile(r"(?<![\w'])[A-Za-z][A-Za-z.'’]*(?:[ -][A-Z][A-Za-z]+)?(?![\w])")
    AFTER_MOVE = re.compile(
        r"\b(?:transfer(?:red|ed|ring)?|trans|tx'?d|sent|taken|brought|admit(?:ted)?|adm|arrived|came|went|return(?:ed|ing)?|"
        r"discharged?|d/c'?d|go(?:ing)?|moved?|lives?|living|resides?|flown|med ?flight|transported|presented|seen|"
        r"followed|accepted|screened|visiting|vacation)\b[^.\n;]{0,25}?\b(?:to|from|at|in|into|by)[ \t]+(?:the[ \t]+)?"
        r"(?P<w>" + TOKEN + r")(?:[ \t]+(?P<n>\d{1,2})(?![\d/.]))?",
        re.I,
    )

    def __init__(self, supported_language: str = "en", **kwargs):
        super().__init__(supported_entities=[self.ENTITY], supported_language=supported_language, **kwargs)

    def load(self) -> None:
        """Load the gazetteer once."""
        lexicons.places()

    def analyze(self, text, entities, nlp_artifacts=None):
        """Gazetteer hits anywhere; unknown words after a movement word (with a ward number)."""
        places, common = lexicons.places(), lexicons.vocabulary()
        out = []
        for m in self.WORD.finditer(text):
            w = m.group().lower().rstrip(".")
            first = w.split()[0].split("-")[0]
            if w in places and w not in common:
                out.append(RecognizerResult(self.ENTITY, m.start(), m.end(), 0.6))
            elif first in places and first not in common and len(first) > 3:
                out.append(RecognizerResult(self.ENTITY, m.start(), m.start() + len(first), 0.6))
        for m in self.AFTER_MOVE.finditer(text):
            w = bare(m["w"])
            if (len(w) > 1 and w not in common and w not in lexicons.stop_words()
                    and w not in lexicons.clinical_terms()):
                out.append(RecognizerResult(self.ENTITY, m.start("w"), m.end("n") if m["n"] else m.end("w"), 0.55))
        return out
