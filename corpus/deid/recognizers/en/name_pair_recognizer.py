"""Names recognised by their shape rather than a cue word: 'pat rixford', 'W. MAROTTA', 'bob visited', 'Suzette and Ank'."""

import re
from functools import lru_cache

from presidio_analyzer import RecognizerResult

from corpus.deid import lexicons
from corpus.deid.recognizers.en.base import RuleRecognizer
from corpus.deid.recognizers.en.name_tokens import KINSHIP_WORDS, bare, surname_after_first, trim_span
from corpus.deid.recognizers.en.role_words import UPPER_ROLE_ABBREVIATIONS

WORD = re.compile(r"(?<![\w'’/])[^\W\d_](?:[^\W\d_]|['’-](?=[^\W\d_]))*(?!\d)\.?")
# Words that are first names in the census lists but, in notes, are kinship, units or exclamations.
NOT_NAMES = frozenset({"son", "sons", "daughter", "wife", "husband", "mother", "father", "sister", "brother", "min",
                       "max", "page", "sang", "jesus", "god", "lord", "christ", "sat", "sun", "mon", "wed", "fri",
                       "tue", "thu", "pt", "md", "rn", "np", "pa", "tele", "neuro", "cardio", "pulm", "ms", "pm", "am",
                       "aide", "center", "centre"}) | KINSHIP_WORDS  # 'GUARDIAN: Niece, Patricia WAITE': the relation, then the name
AND_AFTER = re.compile(r"[ \t]+(?:and|&)[ \t]+")
CONTRACTION = re.compile(r"(.+)['’](?:t|s|ll|re|ve|d|m)$")
ACTION = re.compile(
    r"[ \t]+(?:called|visited|phoned|came|spoke|updated|aware|notified|informed|paged|here|in[ \t]+to[ \t]+visit|"
    r"at[ \t]+(?:the[ \t]+)?bedside|states|stated|asked|wants|from[ \t]+(?:social|case|physical|nutrition|pt|ot|admitting|pharmacy|the))\b",
    re.I,
)


@lru_cache(maxsize=65536)  # a pure function of the token and the fixed lexicons
def _word_class(token: str) -> str:
    """'first' (known first name), 'rare' (known name, not a common word), 'unknown', 'common' or 'stop'."""
    w = bare(token)
    c = CONTRACTION.match(w)
    if c and (c[1] in lexicons.vocabulary() or c[1] in lexicons.stop_words() or c[1] + "'" in lexicons.stop_words()):
        return "common"
    if (not w or w in NOT_NAMES or w in lexicons.stop_words() or w in lexicons.clinical_terms() or w in lexicons.nationalities()
            or w in lexicons.eponyms()):
        return "stop"
    vocab = lexicons.vocabulary()
    if w in lexicons.first_names():
        return "first"
    if "-" in w:
        parts = [p for p in w.split("-") if p]
        if parts and all(p in vocab or p in lexicons.stop_words() for p in parts):
            return "common"
    if w in vocab:
        return "common"
    return "rare" if w in lexicons.surnames() else "unknown"


class NamePairRecognizer(RuleRecognizer):
    """First name + surname-like word, initial + surname, first name + visiting verb, and 'X and Y' pairs."""

    ENTITY = "PERSON"

    def load(self) -> None:
        """Load the lexicons once."""
        lexicons.vocabulary()
        lexicons.first_names()

    def analyze(self, text, entities, nlp_artifacts=None):
        """Spans for each name-shaped word pair (same line, single spacing or an initial between)."""
        words = list(WORD.finditer(text))
        out: list[RecognizerResult] = []
        for i, m in enumerate(words):
            tok = m.group()
            if len(bare(tok)) > 1:
                cls = _word_class(tok)
                if cls == "stop" or cls == "common" and not tok[:1].isupper():
                    continue  # no rule starts at a function word or a lower-case common word (_pair_at gives None)
            span = self._pair_at(text, words, i)
            if span:
                s, e = trim_span(text, *span)
                if e > s:
                    out.append(RecognizerResult(self.ENTITY, s, e, 0.7))
        return out

    def _pair_at(self, text: str, words: list[re.Match], i: int) -> tuple[int, int] | None:
        m = words[i]
        tok = m.group()
        nxt = words[i + 1] if i + 1 < len(words) else None
        gap = text[m.end() : nxt.start()] if nxt else ""
        if len(bare(tok)) == 1:
            if tok.endswith(".") and tok[0].isupper() and nxt and gap in (" ", "") and self._surname_like(nxt.group()):
                return m.start(), nxt.end()
            return None
        cls = _word_class(tok)
        if cls in ("unknown", "rare") and self._initial_between(text, words, i):
            return m.start(), words[i + 2].end()  # 'Mijail C Adomo', 'Csanád P Gere'
        if cls != "first":
            return self._inverted(tok, m, nxt, gap) if cls != "stop" else None
        if nxt and gap in (" ", "\t"):
            second = nxt
            if len(bare(nxt.group())) == 1 and i + 2 < len(words) and text[nxt.end() : words[i + 2].start()] == " ":
                second = words[i + 2]
            if self._second_ok(tok, second.group()):
                return m.start(), second.end()
        if ACTION.match(text, m.end()) and bare(tok) not in lexicons.vocabulary():
            return m.start(), m.end()
        if ACTION.match(text, m.end()) and self._line_start(text, m.start()) and not (
                tok.isupper() and bare(tok) in UPPER_ROLE_ABBREVIATIONS):
            return m.start(), m.end()
        joined = AND_AFTER.match(text, m.end())
        if joined and nxt and bare(tok) not in lexicons.vocabulary() and _word_class(nxt.group()) in ("first", "rare", "unknown"):
            return nxt.start(), nxt.end()
        return None

    def _initial_between(self, text: str, words: list[re.Match], i: int) -> bool:
        """Title-case name word, a capital initial (no period), title-case surname-like word, single-spaced."""
        if i + 2 >= len(words):
            return False
        a, b, c = (words[j].group() for j in (i, i + 1, i + 2))
        if not (a[:1].isupper() and a[1:].islower() and c[:1].isupper() and c[1:].islower() and len(a) > 2):
            return False
        if len(b) != 1 or not b.isupper() or b == "I":
            return False
        gaps = text[words[i].end() : words[i + 1].start()], text[words[i + 1].end() : words[i + 2].start()]
        if gaps != (" ", " ") or len(c) < 3:
            return False
        return _word_class(c) in ("rare", "first", "unknown") or lexicons.is_name_word(bare(c)) and _word_class(c) != "stop"

    @staticmethod
    def _inverted(tok: str, m: re.Match, nxt: re.Match | None, gap: str) -> tuple[int, int] | None:
        """'Smith, Robert' / 'BAKER, MARY': a capitalised surname, a comma, a first name that is not a common word."""
        if not nxt or gap != ", " or not tok[:1].isupper() or bare(tok) not in lexicons.surnames():
            return None
        first = nxt.group()
        if _word_class(first) != "first" or bare(first) in lexicons.vocabulary() or not first[:1].isupper():
            return None
        return (m.start(), nxt.end()) if tok.isupper() == first.isupper() else None

    @staticmethod
    def _surname_like(token: str) -> bool:
        cls = _word_class(token)
        w = bare(token)
        return cls in ("rare", "first") or (cls == "unknown" and len(w) > 2 and not lexicons.is_misspelling(w))

    @staticmethod
    def _second_ok(first: str, second: str) -> bool:
        cls = _word_class(second)
        if cls in ("rare", "unknown"):
            return len(bare(second)) > 2
        if cls == "first":
            return bare(second) not in lexicons.vocabulary() or bare(first) not in lexicons.vocabulary()
        if cls != "common" or bare(first) in lexicons.vocabulary():
            return False
        mixed_case = lexicons.is_name_word(bare(second)) and second[:1].isupper() and not second.isupper()
        return mixed_case or surname_after_first(first, second)

    @staticmethod
    def _line_start(text: str, start: int) -> bool:
        """First word of a line or after a 'social:' style heading."""
        before = text[max(0, start - 30) : start]
        return bool(re.search(r"(?:^|\n|[:;\-]|>)[ \t]*$", before)) or start == 0
