"""Date shifting keeps a weekday written before the date in step with it (left alone it would give the shift away)."""

import datetime as dt

import pytest

from corpus.deid.dates import shift_date_text


@pytest.mark.parametrize(("text", "days", "expected"), [
    ("FRIDAY 9/17", 3, "MONDAY 9/20"),
    ("Tues 3/12", 1, "Weds 3/13"),
    ("Monday, 3/4/2069", -1, "Sunday, 3/3/2069"),
    ("wed 3/12", 7, "wed 3/19"),
    ("Fri. 9/17", 2, "Sun. 9/19"),
    ("Thursday 1/1/2069", 365, "Friday 1/1/2070"),
])
def test_when_a_weekday_is_written_onto_a_date_then_both_move_together(text, days, expected):
    assert shift_date_text(text, days) == expected


def test_when_the_date_has_a_year_then_the_shifted_weekday_is_the_calendars():
    # 2069-03-04 is a Monday; any shift lands the weekday on the shifted date's own weekday.
    for days in (-10, 1, 45, 400):
        new = dt.date(2069, 3, 4) + dt.timedelta(days=days)
        assert shift_date_text("Monday 3/4/2069", days) == f"{new.strftime('%A')} {new.month}/{new.day}/{new.year}"


def test_when_the_rest_is_no_date_then_nothing_is_shifted():
    assert shift_date_text("Friday morning", 3) is None
    assert shift_date_text("Monurday 3/4", 3) is None
