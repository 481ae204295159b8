"""Dates as people type them (issue 16, defect 2): what they typed, or a clear refusal, never another date."""

from __future__ import annotations

from datetime import date

import pytest

from sdm_desktop.services.core.dates import DateTextError, parse_typed_date

TODAY = date(2026, 12, 7)


@pytest.mark.parametrize("typed", ["1/1/27", "01/01/2027", "1.1.2027", "2027-01-01", "1-1-2027", "01012027",
                                   " 1 / 1 / 2027 ", "1 Jan 2027", "1 January 27", "Friday 1 January 2027",
                                   "20270101"])
def test_every_usual_way_of_writing_1_january_2027(typed):
    assert parse_typed_date(typed, TODAY) == date(2027, 1, 1)


def test_the_day_comes_first_as_in_the_uk():
    assert parse_typed_date("20/03/2027", TODAY) == date(2027, 3, 20)
    assert parse_typed_date("03/04/2027", TODAY) == date(2027, 4, 3)


@pytest.mark.parametrize("typed, expected", [
    ("today", TODAY), ("Today", TODAY), ("tomorrow", date(2026, 12, 8)), ("yesterday", date(2026, 12, 6)),
    ("+7", date(2026, 12, 14)), ("-1", date(2026, 12, 6)), ("+2w", date(2026, 12, 21)),
    ("14/2", date(2026, 2, 14)),
])
def test_words_and_days_from_today(typed, expected):
    assert parse_typed_date(typed, TODAY) == expected


def test_blank_is_no_date():
    assert parse_typed_date("   ", TODAY) is None


@pytest.mark.parametrize("typed, says", [
    ("31/02/2027", "31 February 2027"), ("32/1/2027", "no day 32"), ("1/13/2027", "no month 13"),
    ("next week", "not a date"), ("2027", "not a date"), ("1/1/2027/5", "not a date"), ("+99999", "too far"),
    ("0/1/2027", "no day 0"),
])
def test_anything_else_is_refused_with_a_reason(typed, says):
    with pytest.raises(DateTextError) as caught:
        parse_typed_date(typed, TODAY)
    assert says in str(caught.value)


@pytest.mark.parametrize("typed, expected", [("10:00", (10, 0)), ("9.30", (9, 30)), ("1430", (14, 30)),
                                             ("10", (10, 0)), ("2pm", (14, 0)), ("12 am", (0, 0)),
                                             ("2:30 pm", (14, 30))])
def test_times_as_people_type_them(typed, expected):
    from sdm_desktop.services.core.dates import parse_typed_time
    assert (parse_typed_time(typed).hour, parse_typed_time(typed).minute) == expected


@pytest.mark.parametrize("typed", ["25:00", "10:75", "13pm", "noonish", ""])
def test_other_times_are_refused(typed):
    from sdm_desktop.services.core.dates import parse_typed_time
    with pytest.raises(DateTextError):
        parse_typed_time(typed)
