"""Document-level propagation of names and places found once."""

import pytest

from corpus.deid.engine import Finding
from corpus.deid.propagate import WORD, _occurrences, propagate_findings


def spans(text, findings):
    return [text[f.start:f.end] for f in findings]


def test_when_rare_name_found_once_then_other_mentions_masked_in_any_case():
    text = "Dr. Quartermain saw pt. QUARTERMAIN aware; quartermain to call."
    seed = [Finding(4, 15, "CLINICIAN_NAME", 0.85)]
    assert spans(text, propagate_findings(text, seed)) == ["QUARTERMAIN", "quartermain"]


def test_when_common_word_name_then_only_capitalised_prose_mentions_masked():
    text = "Dr. Rose saw pt. BP rose to 150 and Rose was paged."
    seed = [Finding(4, 8, "CLINICIAN_NAME", 0.85)]
    assert spans(text, propagate_findings(text, seed)) == ["Rose"]


def test_when_clinical_or_short_place_code_then_not_propagated():
    text = "blood pump of RVAD. Flow on RVAD drops. Son visited."
    seed = [Finding(14, 18, "LOCATION", 0.55)]
    assert propagate_findings(text, seed) == []


def _name_at(text, word, etype="CLINICIAN_NAME"):
    i = text.index(word)
    return Finding(i, i + len(word), etype, 0.8)


def test_when_initial_before_found_name_then_initial_masked():
    text = "GIVEN CARAFATE-W. MAROTTA AWARE. signed j. tillotson, rn"
    seeds = [_name_at(text, "MAROTTA"), _name_at(text, "tillotson")]
    assert {"W.", "j."} <= set(spans(text, propagate_findings(text, seeds)))


def test_when_unknown_word_slash_joined_to_name_then_masked_but_not_drug_or_kin():
    text = "MICU team (Hartwell/Obuya) aware. Hartwell/lasix. Ann/daughter visited."
    seeds = [_name_at(text, "Hartwell"), _name_at(text, "Ann", "RELATIVE_NAME")]
    found = spans(text, propagate_findings(text, seeds))
    assert "Obuya" in found and "lasix" not in found and "daughter" not in found


def test_when_article_or_pronoun_before_name_then_not_taken_as_initial():
    text = "I Smith came; a Smith called; 2L NP Jones aware"
    seeds = [_name_at(text, "Smith"), _name_at(text, "Jones")]
    found = spans(text, propagate_findings(text, seeds))
    assert not any(len(f.strip(". ")) == 1 for f in found), found


def test_when_particle_between_two_found_places_then_particle_masked():
    text = "flew to Reguengos de Monsaraz; born in Chiclana de la Frontera; de facto Boston"
    seeds = [_name_at(text, w, "LOCATION") for w in ("Reguengos", "Monsaraz", "Chiclana", "Frontera", "Boston")]
    found = spans(text, propagate_findings(text, seeds))
    assert "de" in found and "de la" in found and "de facto" not in found


def test_when_unknown_word_listed_after_name_then_masked_but_not_typos_or_drugs():
    text = "md's aware (kessler, obuya). Smith, lasix given. jones, pateint stable"
    seeds = [_name_at(text, w) for w in ("kessler", "Smith", "jones")]
    found = spans(text, propagate_findings(text, seeds))
    assert "obuya" in found and "lasix" not in found and "pateint" not in found


@pytest.mark.parametrize("text", [
    "Quorvath called. quorvath's wife; QUORVATH-SMITH and smith-quorvath; 1a-quorvath; o'quorvath; xquorvath",
    "İnci Quorvath and quorvath",  # 'İ' lower-cases to two characters: every word is read instead
    "Quorvath's Quorvath’s quorvath-jones's 'quorvath' _quorvath quorvath2 -quorvath",
])
def test_when_seeds_are_found_from_the_text_then_the_same_words_come_back_as_a_scan_of_every_word(text):
    seeds = {"quorvath": ("PERSON", False), "smith-quorvath": ("PERSON", False), "jones": ("PERSON", False)}
    every_word = [m.span() for m in WORD.finditer(text)]
    if len(text.lower()) != len(text):
        assert [m.span() for m in _occurrences(text, seeds)] == every_word
        return
    assert [m.span() for m in _occurrences(text, seeds)] == [
        s for s in every_word if any(text[s[0]:s[1]].lower().startswith(w) for w in seeds)]


def test_when_the_note_is_long_or_a_run_is_long_then_every_word_is_read_and_the_answer_is_the_same():
    seeds = {"quorvath": ("PERSON", False)}
    long_run = "-".join(["quorvath"] * 100) + " Quorvath saw pt."  # every mention behind a long hyphenated run
    many_seeds = {f"name{i}": ("PERSON", False) for i in range(50)} | seeds
    big = "Quorvath seen. " * 30_000  # 450,000 characters x 51 seeds: past the find budget
    for text, s in ((long_run, seeds), (big, many_seeds)):
        every_word = [m.span() for m in WORD.finditer(text)]
        got = [m.span() for m in _occurrences(text, s)]
        assert got == every_word or got == [sp for sp in every_word if text[sp[0]:sp[1]].lower().startswith("quorvath")]
        assert [m.span() for m in _occurrences(text, s) if m.group().lower() == "quorvath"] == [
            sp for sp in every_word if text[sp[0]:sp[1]].lower() == "quorvath"]
