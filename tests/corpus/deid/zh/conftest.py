"""Shared helpers for the Chinese recognizer tests."""

from __future__ import annotations

import pytest


def _found(recognizer, text: str) -> list[tuple[str, str]]:
    return [(r.entity_type, text[r.start : r.end]) for r in recognizer.analyze(text)]


@pytest.fixture
def found():
    """found(recognizer, text) -> [(entity_type, matched text)]."""
    return _found


@pytest.fixture
def texts():
    """texts(recognizer, text) -> set of matched substrings."""
    return lambda recognizer, text: {t for _, t in _found(recognizer, text)}
