"""Age scope: HIPAA's ages over 89 by default, every age when a site asks; the evaluator counts what the scope says.

Every note here is invented.
"""

from __future__ import annotations

import pytest

from corpus.deid.ages import age_value, check_scope, is_scoped_out
from corpus.deid.engine import DeidEngine
from corpus.deid.evaluation import UNDER_90, evaluate_engine
from corpus.deid.gold_readers import read_gold
from tests.corpus.deid.site_notes import write_i2b2


@pytest.fixture(scope="module")
def hipaa() -> DeidEngine:
    return DeidEngine.from_registry()


@pytest.fixture(scope="module")
def every() -> DeidEngine:
    return DeidEngine.from_registry(ages="all")


def _ages(engine: DeidEngine, text: str, language: str = "en") -> list[str]:
    return [text[f.start:f.end] for f in engine.analyze(text, language) if f.entity_type == "AGE"]


@pytest.mark.parametrize("text, value", [
    ("79", 79), ("79yo", 79), ("60s", 60), ("mid-90s", 90), ("sixty-seven", 67), ("ninety", 90), ("nineties", 90),
    ("one hundred and two", 102), ("九十五岁", 95), ("一百零二歲", 102), ("九旬", 90), ("十八岁", 18), ("三岁", 3),
    ("期颐", None), ("old", None),
])
def test_when_a_labelled_age_is_read_then_its_value_is_known(text: str, value: int | None) -> None:
    assert age_value(text) == value


def test_when_the_value_is_unknown_then_the_label_counts_under_either_scope() -> None:
    assert not is_scoped_out("期颐", "over_89") and is_scoped_out("67", "over_89") and not is_scoped_out("67", "all")
    assert not is_scoped_out("93", "over_89")


def test_when_a_scope_is_misspelt_then_the_error_names_the_choices() -> None:
    assert check_scope("over-89") == "over_89" and check_scope("ALL") == "all"
    with pytest.raises(ValueError, match="over_89 .* or all"):
        check_scope("adults")


@pytest.mark.parametrize("text, age", [
    ("A 67 yo M with CP.", "67"), ("67-year-old female presents", "67"), ("She is 45 years of age.", "45"),
    ("Age: 34", "34"), ("aged 67", "67"), ("a 45 M with hx of DM", "45"), ("45F, s/p fall", "45"),
    ("in his 60s", "60s"), ("in her early seventies", "seventies"), ("sixty-seven year old man", "sixty-seven"),
    ("6 month old infant", "6"), ("My brother just turned 60", "60"), ("I'll turn 23.", "23"),
    ("Written when he was 78.", "78"), ("I'm 45, and tired", "45"), ("PT IS A 69 Y/O F W/ PMHX", "69"),
])
def test_when_every_age_is_phi_then_younger_ages_are_found_and_hipaa_leaves_them(
        hipaa: DeidEngine, every: DeidEngine, text: str, age: str) -> None:
    assert _ages(every, text) == [age]
    assert _ages(hipaa, text) == []


@pytest.mark.parametrize("text", [
    "smoked for 30 years", "16 F foley placed", "BP in the 80s", "sats in the low 90s", "turned 90 degrees",
    "turn 2 hours later", "I'm 5 minutes away", "pt turned 3 times in bed", "20 pack years", "5 years ago",
    "Tmax 38.5, HR 110", "gestation 1,200 g",
])
def test_when_a_number_is_not_an_age_then_no_scope_takes_it(hipaa: DeidEngine, every: DeidEngine, text: str) -> None:
    assert _ages(every, text) == [] and _ages(hipaa, text) == []


@pytest.mark.parametrize("text, age", [("just turned 93 last week", "93"), ("turned 95", "95"), ("92 yo", "92")])
def test_when_an_age_is_over_89_then_both_scopes_find_it(hipaa: DeidEngine, every: DeidEngine, text: str, age: str) -> None:
    assert _ages(hipaa, text) == [age] and _ages(every, text) == [age]


@pytest.mark.parametrize("text, ages", [
    ("患者，男，45岁，因胸痛入院。", ["45岁"]), ("年龄：67", ["67"]), ("三岁时患麻疹，现年六十七岁。", ["三岁", "六十七岁"]),
    ("患者4天前发热，每日3次。", []), ("體溫38.5度", []),
])
def test_when_chinese_ages_then_every_age_scope_finds_them_and_hipaa_only_the_old(
        hipaa: DeidEngine, every: DeidEngine, text: str, ages: list[str]) -> None:
    assert _ages(every, text, "zh") == ages
    assert _ages(hipaa, text, "zh") == []
    assert _ages(hipaa, "患者，女，93岁。", "zh") == ["93岁"]


def _i2b2(tmp_path):
    text = "Mr Quorvath is a 67 yo carpenter; his mother is 93 and lives in Ashgrove."
    tags = [("AGE", "67"), ("PROFESSION", "carpenter"), ("AGE", "93"), ("PATIENT", "Quorvath"), ("CITY", "Ashgrove")]
    return read_gold(write_i2b2(text, tags, tmp_path / "note.xml"), "i2b2")


def test_when_gold_labels_every_age_then_hipaa_scope_sets_young_ones_aside_and_all_counts_them(
        tmp_path, hipaa: DeidEngine, every: DeidEngine) -> None:
    docs = _i2b2(tmp_path)
    kept = evaluate_engine(hipaa, docs)
    assert kept.set_aside == {UNDER_90: 1, "PROFESSION": 1}
    assert kept.by_gold_category["AGE"].gold == 1 and kept.by_gold_category["AGE"].recall == 1.0
    assert "ages under 90 are not PHI" in kept.to_table() and kept.to_dict()["set_aside_tokens"][UNDER_90] == 1
    # the HIPAA engine scored as if every age counted: the young age is a miss, which is what 'all' is for
    strict = evaluate_engine(hipaa, docs, ages="all")
    assert strict.by_gold_category["AGE"].gold == 2 and strict.by_gold_category["AGE"].caught == 1
    counted = evaluate_engine(every, docs, ages="all")
    assert counted.set_aside == {"PROFESSION": 1} and counted.by_gold_category["AGE"].recall == 1.0
