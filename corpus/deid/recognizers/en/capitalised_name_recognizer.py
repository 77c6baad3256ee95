"""Proper nouns in mixed-case prose: capitalised words that are not on the allow-list ('Krisztián Szöllösy')."""

import re

from presidio_analyzer import EntityRecognizer, RecognizerResult

from corpus.deid import lexicons
from corpus.deid.recognizers.en.name_tokens import bare

WORD = re.compile(r"(?<![\w'’@./#-])[^\W\d_](?:[^\W\d_]|['’-](?=[^\W\d_]))*(?![\w@]|\.\w)")
SENTENCE_END = re.compile(r"(?:^|[.!?:;\n\"“(\[•*>=]|[-–]\s|\w[-–])[\s\"“'‘(]*$")
INNER_CAPS = re.compile(r"^(?!(?:Mc|Mac|O['’]|D['’]|De|Di|Da|La|Le|Van|Von)[A-Z])(?:[A-Z]?[a-z]+[A-Z]|[A-Z]{2,}[a-z])")
KIN = frozenset({"son", "sons", "daughter", "daughters", "wife", "husband", "mother", "father", "sister", "brother",
                 "niece", "nephew", "grandson", "granddaughter", "family", "friend", "proxy"})
CONTRACTION = re.compile(r"['’](?:t|s|ll|re|ve|d|m)$", re.I)
HEADING_AFTER = re.compile(r"^[ \t]*:")


class CapitalisedNameRecognizer(EntityRecognizer):
    """Runs of capitalised words in mixed-case text where a word is unknown or a known, non-common name.

    Philter-style: a capitalised word that is not common English or clinical vocabulary is taken as PHI.
    Mid-sentence capitalised known names count even when they are common words ('Producer James Sparks').
    A sentence-initial word counts only when it is unknown and followed by another such word, or a known
    non-common name. ALL-CAPS text is left to the cue-based recognizers (there case carries no signal).
    """

    ENTITY = "PERSON"

    def __init__(self, supported_language: str = "en", **kwargs):
        super().__init__(supported_entities=[self.ENTITY, "LOCATION"], supported_language=supported_language, **kwargs)

    def load(self) -> None:
        """Load the lexicons once."""
        lexicons.vocabulary()
        lexicons.places()

    def analyze(self, text, entities, nlp_artifacts=None):
        """One span per run of capitalised proper-noun words."""
        if sum(c.islower() for c in text) < sum(c.isupper() for c in text):
            return []
        words = [m for m in WORD.finditer(text) if m.group()[0].isupper() and not self._all_caps_line(text, m)]
        out, run = [], []
        for m in words:
            if run and text[run[-1].end() : m.start()] not in (" ", "-", " - ", " de ", " van ", " von ", " da "):
                out += self._emit(text, run)
                run = []
            run.append(m)
        out += self._emit(text, run)
        return out

    @staticmethod
    def _all_caps_line(text: str, m: re.Match) -> bool:
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.end())
        line = text[start : end if end >= 0 else len(text)]
        return sum(c.islower() for c in line) < sum(c.isupper() for c in line)

    def _emit(self, text: str, run: list[re.Match]) -> list[RecognizerResult]:
        if not run:
            return []
        kinds = [self._kind(text, m, i == 0) for i, m in enumerate(run)]
        for i in range(len(run) - 1):
            a, b = bare(run[i].group()), bare(run[i + 1].group())
            if kinds[i] == kinds[i + 1] == "weak" and a in lexicons.first_names() and b in lexicons.surnames():
                kinds[i] = kinds[i + 1] = "strong"
        strong = [k == "strong" for k in kinds]
        if not any(strong):
            return []
        keep = [k == "strong" or (k == "weak" and any(strong)) for k in kinds]
        out = []
        for m, k in zip(run, keep):
            if k:
                w = bare(m.group())
                etype = "LOCATION" if w in lexicons.places() else self.ENTITY
                out.append(RecognizerResult(etype, m.start(), m.end(), 0.6))
        return out

    def _kind(self, text: str, m: re.Match, first_in_run: bool) -> str:
        """'strong' (PHI on its own), 'weak' (PHI next to a strong word) or 'none'."""
        tok = m.group()
        w = bare(tok)
        if (len(w) < 2 or w in lexicons.stop_words() or w in lexicons.clinical_terms() or w in lexicons.nationalities()
                or tok.isupper() and len(w) <= 4 or HEADING_AFTER.match(text, m.end())
                or INNER_CAPS.match(tok) or CONTRACTION.search(tok) or not self._parts_ok(w)):
            return "none"
        initial = first_in_run and bool(SENTENCE_END.search(text, max(0, m.start() - 6), m.start()))
        vocab = lexicons.vocabulary()
        known = lexicons.is_name_word(w) or w in lexicons.places()
        if w in KIN:
            return "none"
        if w not in vocab and not lexicons.is_misspelling(w) and w not in lexicons.eponyms():
            short_or_acronym = len(w) < 3 or tok.isupper()
            return "weak" if (initial or short_or_acronym) and not known else "strong"
        if known and w not in vocab:
            return "strong"
        return "weak" if known or (w not in vocab and not initial) else "none"

    @staticmethod
    def _parts_ok(w: str) -> bool:
        """Hyphenated words are names only when no part is a letter, a clinical term or a common word ('A-line')."""
        if "-" not in w:
            return True
        vocab = lexicons.vocabulary()
        return all(len(p) > 1 and p not in vocab and p not in lexicons.stop_words() or lexicons.is_name_word(p)
                   for p in w.split("-"))
