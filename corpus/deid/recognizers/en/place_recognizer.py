"""Towns, states, countries and unknown place words after movement/residence words."""

import re

from presidio_analyzer import EntityRecognizer, RecognizerResult

from corpus.deid import lexicons
from corpus.deid.recognizers.en.name_tokens import TOKEN, bare


class PlaceRecognizer(EntityRecognizer):
    """Gazetteer places (GeoNames) that are not common words; unknown words after 'to/from/in/at'."""

    ENTITY = "LOCATION"
    WORD = re.compile(r"(?<![\w'])[A-Za-z][A-Za-z'’]*(?![\w])")
    MOVE = re.compile(
        r"\b(?:transfer(?:red|ed|ring)?|trans|tx'?d|sent|taken|brought|admit(?:ted)?|adm|arrived|came|went|return(?:ed|ing)?|"
        r"discharged?|d/c'?d|go(?:ing)?|moved?|lives?|living|resides?|flown|med ?flight|transported|presented|seen|"
        r"followed|accepted|screened|visiting|vacation(?:ing)?|referred|w/u|meet|called|shelter)\b[^.\n;]{0,30}$",
        re.I,
    )
    PREP = re.compile(
        r"\b(?:to|from|at|in|into|by|of)[ \t]+(?:the[ \t]+)?(?P<w>" + TOKEN + r")(?:[ \t]+(?P<n>\d{1,2})(?![\d/.]))?", re.I
    )

    def __init__(self, supported_language: str = "en", **kwargs):
        super().__init__(supported_entities=[self.ENTITY], supported_language=supported_language, **kwargs)

    @staticmethod
    def _capitalised_in_mixed(text: str, m: re.Match) -> bool:
        """'Harbor' in a mixed-case note reads as a name; 'HARBOR' in an all-caps note does not."""
        word = m.group()
        if not word[0].isupper() or word.isupper():
            return False
        before = text[max(0, m.start() - 3) : m.start()].strip()
        return bool(before) and before[-1] not in ".!?:\n"

    def load(self) -> None:
        """Load the gazetteer once."""
        lexicons.places()

    def analyze(self, text, entities, nlp_artifacts=None):
        """Gazetteer hits anywhere; unknown words after a movement word (with a ward number)."""
        places, common = lexicons.places(), lexicons.vocabulary()
        stop, clinical = lexicons.stop_words(), lexicons.clinical_terms()
        out = []
        words = list(self.WORD.finditer(text))
        for i, m in enumerate(words):
            w = m.group().lower()
            nxt = words[i + 1] if i + 1 < len(words) else None
            if nxt and text[m.end() : nxt.start()] in (" ", "-") and f"{w} {nxt.group().lower()}" in places:
                out.append(RecognizerResult(self.ENTITY, m.start(), nxt.end(), 0.65))
            elif w in places and len(w) > 2 and w not in stop and w not in clinical and (
                    w not in common or self._capitalised_in_mixed(text, m)):
                out.append(RecognizerResult(self.ENTITY, m.start(), m.end(), 0.6))
        for m in self.PREP.finditer(text):
            w = bare(m["w"])
            if len(w) < 2 or w in common or w in lexicons.stop_words() or w in lexicons.clinical_terms():
                continue
            short_caps = m["w"].isupper() and len(w) <= 4
            if short_caps or self.MOVE.search(text, max(0, m.start() - 40), m.start()):
                out.append(RecognizerResult(self.ENTITY, m.start("w"), m.end("n") if m["n"] else m.end("w"), 0.55))
        return out
