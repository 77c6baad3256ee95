"""Known first names and surnames that are not common English or clinical words (any case)."""

import re
from functools import lru_cache

from presidio_analyzer import RecognizerResult

from corpus.deid.recognizers.en.alternation import guarded
from corpus.deid import lexicons
from corpus.deid.recognizers.en.base import RuleRecognizer
from corpus.deid.recognizers.en.name_tokens import capitalised_in_mixed, case_counts, named_instrument
from corpus.deid.recognizers.en.role_words import credential_at


@lru_cache(maxsize=None)
def _nameish() -> frozenset[str]:
    """Known first names and surnames that are neither common nor function words: one set test per token."""
    return frozenset((lexicons.first_names() | lexicons.surnames()) - lexicons.vocabulary() - lexicons.stop_words())


@lru_cache(maxsize=None)
def _skip() -> frozenset[str]:
    return lexicons.eponyms() | lexicons.nationalities()


class LexiconNameRecognizer(RuleRecognizer):
    """Census/Faker names outside the allow-list, e.g. 'Suzette', 'SWACKHAMER', 'nicholson'."""

    ENTITY = "PERSON"
    WORD = guarded(re.compile(r"(?<![\w'])[A-Za-z][A-Za-z'’]*[A-Za-z](?:-[A-Za-z]+)*(?![\w])"))

    def load(self) -> None:
        """Load the lexicons once."""
        lexicons.vocabulary()
        lexicons.surnames()
        lexicons.frequent_surnames()  # the typo test reads it on the first unknown word
        _nameish()
        _skip()

    def analyze(self, text, entities, nlp_artifacts=None):
        """Every token that is a known name and not an allowed word."""
        first, nameish, skip = lexicons.first_names(), _nameish(), _skip()
        out = []
        for m in self.WORD.finditer(text):
            w, end = m.group().lower(), m.end()
            if w.endswith(("'s", "’s")):
                w, end = w[:-2], end - 2  # "Whitfield's": the name, not its possessive ending
            if w in skip or w not in nameish and ("-" not in w or not all(p in nameish for p in w.split("-"))):
                continue
            if w not in first and lexicons.is_misspelling(w) and not capitalised_in_mixed(text, m.start(), m.group()):
                continue
            if len(w) <= 4 and w not in first and w not in lexicons.frequent_surnames() and not capitalised_in_mixed(
                    text, m.start(), m.group()):
                continue  # 'dopp', 'SERO', 'RUA': a rare short surname is far likelier a clinical shorthand or a split word
            if named_instrument(text, m.start(), end, w):
                continue  # 'MODIFIED RANKIN 4', 'MORSE FALL SCORE 45': a scale's reading
            if text[end : end + 1] == "." and credential_at(text, m.start()):
                continue  # 'Au.D.', 'Ph.D.': a dotted credential, not the surname Au
            if len(w) == 2 and m.group().isupper() and self._mixed_before(text, m.start()):
                continue  # 'from the VA', 'to GI': a two-capital acronym in mixed-case prose, not a surname
            out.append(RecognizerResult(self.ENTITY, m.start(), end, 0.6))
        return out

    @staticmethod
    def _mixed_before(text: str, pos: int) -> bool:
        """The text just before ``pos`` has lower-case letters (so case carries a signal)."""
        before = text[max(0, pos - 80) : pos]
        upper, lower = case_counts(before)
        return lower > upper
