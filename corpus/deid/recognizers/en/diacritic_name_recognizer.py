"""Proper nouns written with letters English words do not use: 'Szczepańska', 'TROMSØ', 'ΛΕΥΚΩΣΙΑ'."""

import re
import unicodedata

from presidio_analyzer import RecognizerResult

from corpus.deid import lexicons
from corpus.deid.recognizers.en.base import RuleRecognizer

WORD = re.compile(r"(?<![\w'’])[^\W\d_]+(?:['’-][^\W\d_]+)*")
# Scripts handled elsewhere (CJK by the Chinese recognizers) or never names (symbols).
FAR_SCRIPTS = re.compile(r"[\u2e80-\uffff]")


def ascii_fold(word: str) -> str:
    """'Červinková' -> 'cervinkova' (accents removed, lower case)."""
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c)).lower()


class DiacriticNameRecognizer(RuleRecognizer):
    """A capitalised word with accented Latin letters, or a Greek/Cyrillic word, that is not an English loanword."""

    ENTITY = "PERSON"
    ALSO = ("LOCATION",)
    type_from_lexicons = True  # PERSON or LOCATION by the gazetteer, as the capitalised-word rule types its words

    def load(self) -> None:
        """Load the lexicons once."""
        lexicons.vocabulary()
        lexicons.places()

    def analyze(self, text, entities, nlp_artifacts=None):
        """One span per non-English proper noun."""
        if text.isascii():
            return []
        out = []
        for m in WORD.finditer(text):
            word = m.group()
            # A typographic apostrophe is punctuation, not a foreign letter: 'I’m', 'don’t', 'O’Brien' are words
            # for the ASCII rules, as 'I'm' is (language models and word processors write it).
            plain = word.replace("’", "'")
            if plain.isascii() or FAR_SCRIPTS.search(word) or len(word) < 3:
                continue
            folded = ascii_fold(plain)
            w = folded[:-2] if folded.endswith("'s") else folded
            latin = w.isascii()
            if latin and (not word[0].isupper() or w in lexicons.vocabulary() or w in lexicons.stop_words()):
                continue  # 'café', 'naïve', 'über'
            etype = "LOCATION" if w in lexicons.places() else self.ENTITY
            end = m.end() - 2 if word.endswith(("'s", "’s")) else m.end()
            out.append(RecognizerResult(etype, m.start(), end, 0.6))
        return out
