"""Faster regex alternations with the same matches: alternatives that start with a letter grouped by that letter."""

from __future__ import annotations

import re
from re import _constants as _c
from re import _parser

_LITERAL_START = re.compile(r"[A-Za-z0-9#/]")


def split_top_level(alternation: str) -> list[str]:
    """'a|b(?:c|d)|e' -> ['a', 'b(?:c|d)', 'e']: split at '|' outside groups and character classes."""
    out, cur, depth, in_class, escaped = [], [], 0, False, False
    for ch in alternation:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch in "()":
            depth += 1 if ch == "(" else -1
        elif ch == "|" and depth == 0:
            out.append("".join(cur))
            cur = []
            continue
        cur.append(ch)
    return out + ["".join(cur)]


def by_first_letter(alternation: str, ignore_case: bool = True) -> str:
    """'ca|cabg|cva|(?:x)y|mi' -> 'c(?:a|abg|va)|(?:x)y|m(?:i)'.

    Python's re tries every alternative at every position; grouped, it tests the first letter once per group.
    Only runs of alternatives that start with a literal are grouped, in their order, so the first alternative
    that can match at a position is the same one as before: same matches, same groups. ``ignore_case`` must
    match the pattern's flags (with it, 'M' and 'm' share a group).
    """
    parts: list[str] = []
    run: dict[str, list[str]] = {}

    def flush() -> None:
        parts.extend(f"{re.escape(k)}(?:{'|'.join(v)})" for k, v in run.items())
        run.clear()

    for alt in split_top_level(alternation):
        if not _LITERAL_START.match(alt) or alt[1:2] in ("?", "*", "+", "{"):  # 'n?stemi' starts with n or s
            flush()
            parts.append(alt)
            continue
        key = alt[0].lower() if ignore_case else alt[0]
        run.setdefault(key, []).append(alt[1:])
    flush()
    return "|".join(parts)


def starting_with(chars: str, pattern: str, flags: int = 0) -> re.Pattern:
    """``pattern`` compiled behind a look-ahead for ``chars``, written by hand.

    For a look-ahead that also decides what matches ('A-Z' plus non-ASCII before a word: capitalised words only).
    For speed alone use ``guarded``, which reads the characters a match can start with from the pattern itself.
    """
    return re.compile(f"(?=[{chars}])(?:{pattern})", flags)


_NON_ASCII = "\\u0080-\\U0010ffff"
_GLOBAL_FLAGS = re.compile(r"^\(\?[aiLmsux]+\)")
_CATEGORIES = {
    _c.CATEGORY_DIGIT: "0123456789",
    _c.CATEGORY_WORD: "0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    _c.CATEGORY_SPACE: " \t\n\r\f\v\x1c\x1d\x1e\x1f",
}
_CLASS_ESCAPE = frozenset("\\]^-[")


def _class_items(items, ignore_case: bool) -> tuple[set[str], bool] | None:
    """ASCII characters of a parsed character class, and whether non-ASCII ones can match; None when unknown."""
    chars: set[str] = set()
    folds_to_ascii = False
    non_ascii = ignore_case  # case folding reaches 'K' (Kelvin), 'ſ', 'İ': any non-ASCII character may match
    for op, av in items:
        if op is _c.LITERAL and av < 128:
            chars.add(chr(av))
        elif op is _c.LITERAL:
            non_ascii = True
            folds_to_ascii |= ignore_case  # 'K' (Kelvin) matches 'k' and 'K'
        elif op is _c.RANGE:
            chars.update(chr(o) for o in range(av[0], min(av[1], 127) + 1))
            non_ascii |= av[1] >= 128
            folds_to_ascii |= ignore_case and av[1] >= 128
        elif op is _c.CATEGORY and av in _CATEGORIES:
            chars.update(_CATEGORIES[av])
            non_ascii = True  # str patterns: \d, \w and \s match Unicode digits, letters and spaces
        else:  # a negated class, or a category with no short list
            return None
    if ignore_case:
        chars |= {c.swapcase() for c in chars}
    if folds_to_ascii:  # a non-ASCII letter that case-folds to an ASCII one: any ASCII letter, to be safe
        chars.update("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
    return chars, non_ascii


def _first(items, flags: int) -> tuple[set[str], bool, bool] | None:
    """(ASCII first characters, non-ASCII possible, can match empty) of a parsed sequence; None when unknown."""
    chars: set[str] = set()
    non_ascii = False
    for op, av in items:
        ignore_case = bool(flags & re.IGNORECASE)
        if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):  # zero-width: the next item starts the match
            continue
        if op is _c.LITERAL:
            found = _class_items([(op, av)], ignore_case)
            return chars | found[0], non_ascii or found[1], False
        if op is _c.IN:
            found = _class_items(av, ignore_case)
            return None if found is None else (chars | found[0], non_ascii or found[1], False)
        if op is _c.SUBPATTERN:
            found = _first(av[3], (flags | av[1]) & ~av[2])
        elif op is _c.ATOMIC_GROUP:
            found = _first(av, flags)
        elif op is _c.BRANCH:
            parts = [_first(branch, flags) for branch in av[1]]
            if any(p is None for p in parts):
                return None
            found = (set().union(*(p[0] for p in parts)), any(p[1] for p in parts), any(p[2] for p in parts))
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            found = _first(av[2], flags)
            if found is not None and av[0] == 0:
                found = (found[0], found[1], True)
        else:  # '.', a back-reference, a conditional group: anything may come first
            return None
        if found is None:
            return None
        chars |= found[0]
        non_ascii |= found[1]
        if not found[2]:
            return chars, non_ascii, False
    return chars, non_ascii, True


def first_characters(rx: re.Pattern) -> str | None:
    """A character class holding every character a match of ``rx`` can start with ('Aa\\u0080-...'), or None.

    None when a match can be empty or start with anything ('.', a negated class, a back-reference).
    Non-ASCII characters are kept whole ('\\u0080-\\U0010ffff') whenever one can match: a short, safe superset.
    """
    parsed = _parser.parse(rx.pattern, rx.flags)
    found = _first(parsed.data, parsed.state.flags)
    if found is None or found[2]:
        return None
    chars, non_ascii, _ = found
    body = "".join("\\" + c if c in _CLASS_ESCAPE else re.escape(c) for c in sorted(chars))
    return body + (_NON_ASCII if non_ascii else "")


def guarded(rx: re.Pattern) -> re.Pattern:
    """``rx`` behind a look-ahead for the characters its matches start with: same matches, found faster.

    For patterns that open with a zero-width test ('\\b', a look-behind) and a word alternation: the regex engine
    runs that test and the alternation at every position; the look-ahead turns most positions away with one
    character test ('\\b(?:corner|...)' scans 3x faster). Patterns that open with a literal or with '^' are found
    fast already and are better left as they are (measured: see docs/deid.md, twelfth round).
    """
    chars = first_characters(rx)
    if chars is None:
        raise ValueError(f"no first-character guard for {rx.pattern[:40]!r}: a match can be empty or start anywhere")
    body = _GLOBAL_FLAGS.sub("", rx.pattern, count=1)
    return re.compile(f"(?=[{chars}])(?:{body})", rx.flags)
