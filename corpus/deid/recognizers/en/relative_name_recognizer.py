"""Names after kinship words: 'daughter Suzette', 'son, bill,', 'Sons Smokey, Morris and Roger'."""

import re

from presidio_analyzer import EntityRecognizer, RecognizerResult

from corpus.deid.recognizers.en.name_tokens import TOKEN, extend_name, trim_span


class RelativeNameRecognizer(EntityRecognizer):
    """Name-like words right after a relative/proxy word (any case), and names listed with them."""

    ENTITY = "RELATIVE_NAME"
    KIN = re.compile(
        r"\b(?:wife|husband|spouse|sons?|daughters?|dtrs?|dau|sisters?|brothers?|mother|father|mom|dad|nieces?|nephews?|"
        r"grandsons?|grand\s?daughters?|grandaughters?|grandchild(?:ren)?|aunt|uncle|cousin|friend|fiancee?|partner|"
        r"girlfriend|boyfriend|proxy|spokesperson|guardian|in-law|stepdaughter|stepson|step\s(?:daughter|son)|"
        r"neighbou?r|roommate|name is|named|hcp is|contact is)\b"
        r"(?:[ \t]*\(\?\))?[ \t]*(?:[,:\-–]+|\(|is\b|was\b)?[ \t\-:,]*(?=[A-Za-z])",
        re.I,
    )
    MORE = re.compile(r"[ \t]*(?:,|and|&)[ \t]*(?=" + TOKEN + ")", re.I)

    def __init__(self, supported_language: str = "en", **kwargs):
        super().__init__(supported_entities=[self.ENTITY], supported_language=supported_language, **kwargs)

    def load(self) -> None:
        """Nothing to load."""

    def analyze(self, text, entities, nlp_artifacts=None):
        """Each name run after a kinship word, plus 'X, Y and Z' lists."""
        out = []
        for m in self.KIN.finditer(text):
            pos = m.end()
            for _ in range(4):
                end = extend_name(text, pos, max_tokens=3, first_strict=False)
                if end <= pos:
                    break
                s, e = trim_span(text, pos, end)
                out.append(RecognizerResult(self.ENTITY, s, e, 0.8))
                more = self.MORE.match(text, end)
                if not more:
                    break
                pos = more.end()
        return out
