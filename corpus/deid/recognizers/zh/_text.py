"""Character classes and boundary helpers shared by the Chinese recognizers."""

from __future__ import annotations

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_CLASS = f"[{CJK}]"

# Characters that essentially never begin or sit inside a proper name, place or institution:
# function words, prepositions and motion verbs that stand before names ("转至", "就诊于", "来自").
BREAK_CHARS = frozenset(
    "于於在至到往赴从從经經送转轉的了与與及或是为為被曾已我你他她您们們其该該此后後前时時并並且而但就"
    "诊診入住做予给給请請让讓向对對把将將因又再也还還即遂乃均各每次个個患者叫说說诉訴问問答称稱跟随隨陪"
)


def is_cjk(char: str) -> bool:
    """True for a CJK ideograph."""
    code = ord(char)
    return 0x3400 <= code <= 0x4DBF or 0x4E00 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF


def walk_left(text: str, end: int, max_len: int, allowed_extra: str = "0123456789") -> int:
    """Start of the name-like run ending at end: CJK (not BREAK_CHARS) or allowed_extra chars."""
    start = end
    while start > 0 and end - start < max_len:
        char = text[start - 1]
        if char in BREAK_CHARS or not (is_cjk(char) or char in allowed_extra):
            break
        start -= 1
    return start


def trim_left(text: str, start: int, end: int) -> int:
    """Move start past leading BREAK_CHARS (context words such as 家住 / 来自 that a regex took)."""
    while start < end and text[start] in BREAK_CHARS:
        start += 1
    return start
