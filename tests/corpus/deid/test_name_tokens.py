"""`case_counts`: the byte-level count of capitals and lower-case letters agrees with Python's per-character test."""

import pytest

from corpus.deid.recognizers.en.name_tokens import case_counts, upper_heavy


@pytest.mark.parametrize("text", [
    "", "PT RESTLESS OVERNIGHT, WIFE AT BEDSIDE.", "Seen by Dr. Quorvath at 0800; pt's wife Piet called.",
    "1234 ...", "Ünal, İnci and Ωmega met ÉMILE; straße", "mixed ᴀ ǅ ſ \u212a and 中文 text",
])
def test_when_letters_are_counted_then_the_counts_match_the_per_character_test(text):
    assert case_counts(text) == (sum(map(str.isupper, text)), sum(map(str.islower, text)))


def test_when_a_line_has_more_capitals_than_lower_case_letters_then_it_is_upper_heavy():
    assert upper_heavy("WIFE AT BEDSIDE, pt ok")
    assert not upper_heavy("Wife at bedside, PT ok")
    assert upper_heavy("ÉMILE ÜNAL ét")  # non-ASCII text is counted per character
