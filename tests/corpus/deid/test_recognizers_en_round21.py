"""Tests for the twenty-first-round rules: the last stop's leftovers and the misses of twenty new probe genres (sets M
and N: administrative forms, hospital operations and ward logs); all names, numbers and places invented."""

import pytest

from corpus.deid.engine import DeidEngine
from tests.corpus.deid.recognizer_cases import engine_spans as spans


@pytest.fixture(scope="module")
def engine():
    return DeidEngine.from_registry(languages=("en",))


TAILS_FOUND = [
    ("Visa card ending 4471 declined.", "4471"),
    ("SSN last 4 2290 verified w/ pt.", "2290"),
    ("member id ends in 8812, plan active", "8812"),
    ("acct ending in -3390 set up for autopay", "3390"),
    ("card ****4471 on file for copays", "4471"),
    ("MC ENDING 4471, EXP 09/27", "4471"),
    ("ssn (last4) 2290", "2290"),
    ("last 4 of card 4471", "4471"),
    ("policy number ending with 0042", "0042"),
    ("cb to cell ending 2291 only", "2291"),
    ("LAST 4 OF MRN (2290) USED TO VERIFY", "2290"),
    ("SVC # ENDING 4410", "4410"),
    ("MBI ends in 7QK2", "7QK2"),
]
TAILS_LEFT = [
    ("shift ending 0700, report given", "0700"),
    ("last 3 bp 120/70, 118/64", "120"),
    ("infusion ending 1430, line flushed", "1430"),
    ("last 4 hrs 2200 cc out", "2200"),
    ("service ending 1500, pt to floor", "1500"),
    ("case ending 1430", "1430"),
]


@pytest.mark.parametrize(("text", "span"), TAILS_FOUND)
def test_engine_finds_the_last_digits_of_a_labelled_number(engine, text, span):
    assert span in spans(engine, text)


@pytest.mark.parametrize(("text", "span"), TAILS_LEFT)
def test_engine_reads_a_time_or_a_value_after_a_tail_word_with_no_label_as_no_identifier(engine, text, span):
    assert not any(span in s for s in spans(engine, text))


BRANDS_FOUND = [
    ("PT TRANSFERRED FROM SUMMIT CARDIAC TO ICU", "SUMMIT"),
    ("recd supplies from lighthouse home care", "lighthouse"),
    ("referred by Willow Creek wound ctr, f/u 2 wk", "Willow Creek"),
    ("ride home w/ open door senior van", "open door"),
    ("ADMIT FROM HARBOR LIGHT RESIDENTIAL ON 7/2", "HARBOR LIGHT"),
    ("attends bright paths day hab m-f", "bright paths"),
    ("cornerstone pharmacy to deliver", "cornerstone"),
    ("MAPLE GROVE SNF ACCEPTED", "MAPLE GROVE"),
    ("spoke w/ evergreen health plan re auth", "evergreen"),
    ("BLUE RIDGE HYPERBARIC CALLED", "BLUE RIDGE"),
    ("care from lakeshore specialty rx;", "lakeshore"),
    ("SUPPLIES FROM SUMMIT MOBILITY", "SUMMIT"),
    ("visits at safe harbor family center", "safe harbor"),
]
BRANDS_LEFT = [
    ("has good home care support at home", "good"),
    ("new pharmacy is on file", "new"),
    ("pt at lake home this wknd", "lake"),
    ("s/p open heart surgery", "open"),
    ("bright red blood per rectum", "bright"),
    ("has home dme in place", "home"),
    ("good nutrition counseling given", "good"),
]


@pytest.mark.parametrize(("text", "span"), BRANDS_FOUND)
def test_engine_finds_a_firm_named_with_everyday_words_in_any_case(engine, text, span):
    assert span in spans(engine, text)


@pytest.mark.parametrize(("text", "word"), BRANDS_LEFT)
def test_engine_reads_a_describing_word_before_a_trade_word_as_no_name(engine, text, word):
    assert not any(word in s.split() for s in spans(engine, text))


NICKNAMES_FOUND = [
    ('agent = husband "Buddy" (see HCP form)', "Buddy"),
    ('Belongings released to grandson "Jojo" Hill w/ photo ID', "Jojo"),
    ('Belongings released to grandson "Jojo" Hill w/ photo ID', "Hill"),
    ('Pt (listed as "Biscuit" on team roster) sprained ankle', "Biscuit"),
    ('FINALIZED NAME "LILY" MARGUERITE; DECREE ON FILE', "MARGUERITE"),
    ('abn signed by pts dtr "cissy" wood on 5/12', "cissy"),
    ('nephew "junior" brown hired as pca', "junior"),
    ('RM 18 (HILL, "BUDDY") FREQ PVCS', "BUDDY"),
]
NICKNAMES_LEFT = [
    ('pt "confused" per family', "confused"),
    ('son "fine" with plan', "fine"),
    ('feels anxious ("jittery") today', "jittery"),
    ('per pt, "don\'t let them put me on machines."', "don"),
    ('wife "upset" at bs', "upset"),
]


@pytest.mark.parametrize(("text", "span"), NICKNAMES_FOUND)
def test_engine_finds_a_quoted_nickname_after_a_person_and_the_surname_after_it(engine, text, span):
    assert span in spans(engine, text)


@pytest.mark.parametrize(("text", "word"), NICKNAMES_LEFT)
def test_engine_reads_a_quoted_word_or_speech_after_a_person_as_no_name(engine, text, word):
    assert not any(word in s for s in spans(engine, text))


@pytest.mark.parametrize(("text", "span"), [
    ("eeg set for the 19th am.", "19th"),
    ("SURGERY ON THE 14TH PM", "14TH"),
])
def test_engine_finds_an_ordinal_day_before_am_or_pm(engine, text, span):
    assert span in spans(engine, text)


def test_engine_reads_an_ordinal_before_a_noun_as_no_day(engine):
    assert not spans(engine, "the 2nd attempt was successful")


@pytest.mark.parametrize(("text", "names"), [
    ("NOTIFY AIDES ROSE/BROWN/WOOD OF CHANGE", ["ROSE", "BROWN", "WOOD"]),
    ("SECURITY HILL/PRICE/GRANT RESPONDED", ["HILL", "PRICE", "GRANT"]),
    ("DECON: HILL/PRICE/LONG", ["HILL", "PRICE", "LONG"]),
    ("hill/price/long on tonight", ["hill", "price", "long"]),
])
def test_engine_finds_slash_joined_names_after_a_crew_word_or_before_a_duty_word(engine, text, names):
    found = spans(engine, text)
    assert all(n in found for n in names)


@pytest.mark.parametrize("text", ["staff: day/eve/night", "PT/OT/SLP following", "meds: lasix/coreg held",
                                  "aides: am/pm"])
def test_engine_reads_slash_joined_shifts_roles_or_drugs_as_no_names(engine, text):
    assert not spans(engine, text)


@pytest.mark.parametrize(("text", "span"), [
    ("ic hill, ops price, pio grant", "price"),
    ("circ wood, scrub hope", "wood"),
    ("midwife hope to ob bill", "hope"),
    ("ESCORT HILL, RN AT BS", "HILL"),
])
def test_engine_finds_a_name_after_an_operations_or_birth_role(engine, text, span):
    assert span in spans(engine, text)


@pytest.mark.parametrize("text", ["L rad AL and R IJ cordis", "R RAD ART LINE PLACED", "CPM ON 0-90", "circ intact",
                                  "escort pt to mri", "No change in neuro exam-unresponsive"])
def test_engine_reads_a_radial_line_a_machine_or_an_exam_after_such_a_word_as_no_name(engine, text):
    assert not spans(engine, text)


@pytest.mark.parametrize(("text", "span"), [
    ("RELEASE OF THE LATE PRICE HILL TO FUNERAL HOME", "PRICE HILL"),
    ("in memory of wood hill", "wood hill"),
    ("FAMILY AWARE OF DEATH OF HILL ROSE", "HILL ROSE"),
    ("per hospice, hill died sat night", "hill"),
    ("HILL PASSED AWAY AT HOME", "HILL"),
])
def test_engine_finds_a_name_in_the_language_of_death(engine, text, span):
    assert span in spans(engine, text)


@pytest.mark.parametrize("text", ["she died peacefully", "death of her husband", "in the late afternoon",
                                  "the late evening meds given", "Pt passed away peacefully", "dog died last wk"])
def test_engine_reads_death_words_with_no_name_as_no_name(engine, text):
    assert not spans(engine, text)


@pytest.mark.parametrize(("text", "names"), [
    ("present: Young; Grant; interpreter Page", ["Young", "Grant"]),
    ("PRESENT: HILL; PRICE; LONG", ["HILL", "PRICE", "LONG"]),
    ("rph: grant", ["grant"]),
    ("Visitors: Kevin; Tamsin", ["Kevin", "Tamsin"]),
])
def test_engine_finds_names_listed_with_semicolons_after_a_people_label(engine, text, names):
    found = spans(engine, text)
    assert all(n in found for n in names)


@pytest.mark.parametrize(("text", "word"), [
    ("witnessed by CRA Zamudio; KARNOFSKY 80, ECOG 1", "KARNOFSKY"),
    ("Karnofsky 30, PPS 30%", "Karnofsky"),
    ("Present: pt, wife, son", "wife"),
    ("Caller: Hill, long wait on hold", "long"),
])
def test_engine_reads_a_scale_or_a_clause_after_a_listed_name_as_no_name(engine, text, word):
    assert not any(word in s for s in spans(engine, text))


@pytest.mark.parametrize(("text", "span"), [
    ("medicaid id MA 4471 9902 18; pa", "MA 4471 9902 18"),
    ("claim no. LO 7720 119; adjuster", "LO 7720 119"),
    ("Member ID on card XJH 449 012 771;", "XJH 449 012 771"),
    ("imei 35 492810 447102 6) found", "35 492810 447102 6"),
    ("RMA ID RM 4471093 valid", "RM 4471093"),
    ("TAG BARCODE 4471-0082-19 scanned", "4471-0082-19"),
    ("ICN 2225071334520", "2225071334520"),
])
def test_engine_finds_a_labelled_number_written_in_groups(engine, text, span):
    assert span in spans(engine, text)


@pytest.mark.parametrize(("text", "word"), [
    ("acct bal 120 50", "120"),
    ("policy 2 of 3 pages", "2"),
    ("Left TKA implant lot 4471-22", "lot"),
])
def test_engine_reads_amounts_page_counts_or_a_second_label_as_no_grouped_number(engine, text, word):
    assert not any(word in s.split() for s in spans(engine, text))


@pytest.mark.parametrize(("text", "age"), [
    ("Donor is 90, md aware", "90"),
    ("Pt 94 took double dose", "94"),
    ("PT 94 IS HARD OF HEARING", "94"),
])
def test_engine_finds_an_age_over_89_after_a_donor_or_between_pt_and_a_verb(engine, text, age):
    assert age in spans(engine, text)


@pytest.mark.parametrize("text", ["PT 94, PTT 150", "PT 94 SEC", "pt 95% on RA"])
def test_engine_reads_a_prothrombin_time_or_a_saturation_as_no_age(engine, text):
    assert not any(s.startswith("9") for s in spans(engine, text))


@pytest.mark.parametrize(("text", "days"), [
    ("seen at urgent care (1/4-1/6) and sent home", ["1/4", "1/6"]),
    ("from 3/4-3/9 on hold", ["3/4", "3/9"]),
])
def test_engine_finds_both_days_of_a_range_in_one_month_that_starts_like_a_fraction(engine, text, days):
    found = spans(engine, text)
    assert all(d in found for d in days)


@pytest.mark.parametrize("text", ["cxs up 1/3-1/2.", "wean 1/2-1/3 as tolerated", "ate 1/4-1/2 of tray"])
def test_engine_reads_a_range_of_fractions_as_no_dates(engine, text):
    assert not spans(engine, text)


@pytest.mark.parametrize(("text", "name"), [
    ("Nurse: Hill   ph: 413-555-0108", "Hill"),
    ("adoptions   worker: Brezhoni  Fax 413-555-0109", "Brezhoni"),
])
def test_engine_ends_a_labelled_name_before_the_next_contact_field(engine, text, name):
    found = spans(engine, text)
    assert name in found and not any(name + " " in s for s in found)


@pytest.mark.parametrize(("text", "name"), [("PAGED NP PRICE X2 FOR BP", "PRICE"), ("called rn hill x3, no answer", "hill")])
def test_engine_finds_a_known_name_after_a_title_before_a_glued_count(engine, text, name):
    assert name in spans(engine, text)


@pytest.mark.parametrize("text", ["RN STAFF X2 TO BEDSIDE", "paged md x2"])
def test_engine_reads_staff_or_a_title_before_a_count_as_no_name(engine, text):
    assert not spans(engine, text)
