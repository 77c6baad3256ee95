"""Cached Chinese lexicons: surnames and divisions (data/zh), common words and name characters (jieba)."""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "zh"
NAME_TAGS = frozenset({"nr", "nrfg", "nrt"})


@lru_cache(maxsize=None)
def words(name: str) -> frozenset[str]:
    """One word a line from data/zh/<name>.txt."""
    path = DATA_DIR / f"{name}.txt"
    return frozenset(w.strip() for w in path.read_text(encoding="utf-8").splitlines() if w.strip())


def alternation(items: frozenset[str] | set[str]) -> str:
    """A regex alternation of literal words, longest first so the regex prefers full forms."""
    import re

    return "|".join(re.escape(w) for w in sorted(items, key=lambda w: (-len(w), w)))


def _jieba_dict() -> Path:
    import jieba

    return Path(jieba.__file__).parent / "dict.txt"


@lru_cache(maxsize=1)
def _jieba_entries() -> tuple[dict[str, int], Counter, dict[str, int]]:
    """Common non-name words (freq >= 20) and given-name character counts from jieba's dictionary."""
    common: dict[str, int] = {}
    wordlike_names: dict[str, int] = {}
    name_chars: Counter = Counter()
    with _jieba_dict().open(encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if len(parts) < 3:
                continue
            word, freq, tag = parts[0], int(parts[1]), parts[2]
            if tag in NAME_TAGS:
                if len(word) == 3:
                    name_chars.update(word[1:])
                # jieba tags many ordinary words as names (安静, 文明); very frequent ones are words.
                if len(word) == 2 and freq >= 1000:
                    wordlike_names[word] = freq
                continue
            if 2 <= len(word) <= 4 and freq >= 20:
                common[word] = freq
    return common, name_chars, wordlike_names


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Frequent words (jieba, not person names) of 2-4 characters plus data/zh/clinical_terms.txt."""
    return frozenset(_jieba_entries()[0]) | words("clinical_terms")


@lru_cache(maxsize=1)
def wordlike_names() -> frozenset[str]:
    """Two-character words jieba tags as names but that are mostly ordinary words (安静, 文明, 高峰)."""
    return frozenset(_jieba_entries()[2])


def name_char_count(char: str) -> int:
    """How many three-character person names in jieba's dictionary use char as a given-name char."""
    return _jieba_entries()[1].get(char, 0)


@lru_cache(maxsize=1)
def name_chars() -> frozenset[str]:
    """Characters that often appear in given names (seen in >= 3 three-character person names)."""
    import opencc

    counts = _jieba_entries()[1]
    chars = {c for c, n in counts.items() if n >= 3}
    conv = opencc.OpenCC("s2t")
    chars |= {conv.convert(c) for c in chars}
    return frozenset(chars)


@lru_cache(maxsize=4)
def _converter(config: str):
    import opencc

    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    """Traditional -> Simplified (OpenCC t2s), used to look labels up in Simplified tables."""
    return _converter("t2s").convert(text)


def variant_pattern(word: str) -> str:
    """Regex for word in Simplified, Traditional or mixed script: each differing char becomes a class."""
    import re

    out = []
    for char in word:
        forms = {char, _converter("s2t").convert(char), _converter("s2tw").convert(char), _converter("t2s").convert(char)}
        forms = sorted(f for f in forms if len(f) == 1)
        out.append(re.escape(forms[0]) if len(forms) == 1 else "[" + "".join(forms) + "]")
    return "".join(out)


def variant_alternation(items) -> str:
    """Alternation of variant_pattern()s, longest first."""
    return "|".join(variant_pattern(w) for w in sorted(set(items), key=lambda w: (-len(w), w)))


@lru_cache(maxsize=8192)
def _simplified_char(char: str) -> str:
    converted = _converter("t2s").convert(char)
    return converted if len(converted) == 1 else char


def simplify_chars(text: str) -> str:
    """Traditional -> Simplified one character at a time, so offsets stay those of the input."""
    if text.isascii():
        return text
    return "".join(_simplified_char(c) if ord(c) >= 0x3400 else c for c in text)
