"""by_first_letter: grouped alternations find exactly what the plain alternation finds."""

import re

import pytest

from corpus.deid.recognizers.en.alternation import by_first_letter, split_top_level

TEXT = ("s/p CABG 99, MI in 98 and 02; colectomy 05; NSTEMI 07, stemi 08; ca 99; Cabbage 12. "
        "Wife Mary, sis Ann; dtrs Jo and Bo; step son Al; MRN 12345 acct# A1234 s/n 99-X1; dr's note")


@pytest.mark.parametrize("alternation", [
    r"MI|CABG|CVA|ca|cabg|stent(?:ed)?|\w+(?:ectomy|otomy)|n?stemi|chemo",
    r"wife|husband|sons?|sisters?|sis|dtrs?|dau|step\s(?:daughter|son)|(?:my|his) name",
    r"mrn|mr\s*#|acc(?:oun)?t|acct|s/n|sn|#|no|number",
    r"drs?|dr's|doctors?|mr|mrs|ms|[dm]x|d\|x",
])
def test_when_grouped_then_same_matches_and_groups(alternation):
    for flags in (re.I, 0):
        plain = re.compile(rf"\b(?P<w>{alternation})\b[ \t]*(?P<n>\w+)?", flags)
        grouped = re.compile(rf"\b(?P<w>{by_first_letter(alternation, ignore_case=bool(flags))})\b[ \t]*(?P<n>\w+)?", flags)
        assert [(m.span(), m.groupdict()) for m in grouped.finditer(TEXT)] == \
            [(m.span(), m.groupdict()) for m in plain.finditer(TEXT)]


def test_when_first_letters_repeat_then_one_group_per_letter():
    assert by_first_letter("ca|cabg|mi|cva") == "c(?:a|abg|va)|m(?:i)"


def test_when_alternative_starts_with_group_or_quantified_letter_then_kept_in_place():
    assert by_first_letter("ca|(?:x)y|cva|n?stemi|nose") == "c(?:a)|(?:x)y|c(?:va)|n?stemi|n(?:ose)"


def test_when_case_matters_then_letters_are_not_merged():
    assert by_first_letter("MI|mr", ignore_case=False) == "M(?:I)|m(?:r)"


def test_when_splitting_then_groups_classes_and_escapes_stay_whole():
    assert split_top_level(r"a(?:b|c)|[|]d|e\|f|g") == ["a(?:b|c)", "[|]d", r"e\|f", "g"]
