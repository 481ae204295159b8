"""Dates as people type them into a date field: 1/1/27, 01/01/2027, 1.1.2027, 2027-01-01, 1 Jan 2027,
today, +7. The day comes first, as in the UK. Anything else is refused with a reason, never read as
another date."""

from __future__ import annotations

import re
from datetime import date, time, timedelta

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")
WORDS = {"today": 0, "now": 0, "tomorrow": 1, "yesterday": -1}
EXAMPLE = "type it as dd/mm/yyyy, e.g. 19/01/2027, or today, or +7"
MAX_DAYS_AWAY = 36500
ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
NUMBERS = re.compile(r"^(\d{1,2})\s*[/.\- ]\s*(\d{1,2})(?:\s*[/.\- ]\s*(\d{2}|\d{4}))?$")
EIGHT_DIGITS = re.compile(r"^\d{8}$")
IN_WORDS = re.compile(r"^(?:[a-z]+,?\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?(?:\s+(\d{2}|\d{4}))?$")
FROM_TODAY = re.compile(r"^([+-])\s*(\d{1,6})\s*([dw]?)$")


class DateTextError(ValueError):
    """The text is not a date; the message says why, in words for the person who typed it."""


def format_date(value: date) -> str:
    """How a date field shows a date: 01/01/2027."""
    return f"{value:%d/%m/%Y}"


def long_date(value: date) -> str:
    """Friday 1 January 2027: the same date, in words, to confirm what was read."""
    return f"{value:%A} {value.day} {value:%B %Y}"


def parse_typed_date(text: str | None, today: date) -> date | None:
    """The date the text means (None for blank); raises DateTextError if it means none."""
    value = " ".join((text or "").strip().lower().split())
    if not value:
        return None
    if value in WORDS:
        return today + timedelta(days=WORDS[value])
    if match := FROM_TODAY.match(value):
        return _from_today(today, match)
    if match := ISO.match(value):
        return _make(int(match[1]), int(match[2]), int(match[3]))
    if EIGHT_DIGITS.match(value):
        return _eight_digits(value)
    if match := NUMBERS.match(value):
        return _make(_year(match[3], today), int(match[2]), int(match[1]))
    if match := IN_WORDS.match(value):
        return _make(_year(match[3], today), _month(match[2]), int(match[1]))
    raise DateTextError(f"“{text.strip()}” is not a date: {EXAMPLE}")


def _from_today(today: date, match: re.Match) -> date:
    days = int(match[2]) * (7 if match[3] == "w" else 1)
    if days > MAX_DAYS_AWAY:
        raise DateTextError(f"{match[0]} days is too far from today: {EXAMPLE}")
    return today + timedelta(days=days if match[1] == "+" else -days)


def _eight_digits(value: str) -> date:
    """20270101 (year first) or 01012027 (day first, as the field shows dates)."""
    if 1900 <= int(value[:4]) <= 2199:
        try:
            return date(int(value[:4]), int(value[4:6]), int(value[6:]))
        except ValueError:
            pass
    return _make(int(value[4:]), int(value[2:4]), int(value[:2]))


def _year(text: str | None, today: date) -> int:
    """A missing year is this year; 27 is 2027 (up to 50 years ahead, else last century: 70 is 1970)."""
    if text is None:
        return today.year
    if len(text) == 4:
        return int(text)
    year = 2000 + int(text)
    return year if year <= today.year + 50 else year - 100


def _month(word: str) -> int:
    for number, name in enumerate(MONTHS, start=1):
        if len(word) >= 3 and name.startswith(word):
            return number
    raise DateTextError(f"“{word}” is not a month: {EXAMPLE}")


def _make(year: int, month: int, day: int) -> date:
    if not 1 <= month <= 12:
        raise DateTextError(f"There is no month {month}: {EXAMPLE}")
    if not 1 <= day <= 31:
        raise DateTextError(f"There is no day {day} in a month: {EXAMPLE}")
    if not 1 <= year <= 9999:
        raise DateTextError(f"{year} is not a year: {EXAMPLE}")
    try:
        return date(year, month, day)
    except ValueError:
        raise DateTextError(f"There is no {day} {MONTHS[month - 1].capitalize()} {year}") from None


TIME = re.compile(r"^(\d{1,2})(?:[:.h ]?(\d{2}))?\s*(am|pm)?$")


def parse_typed_time(text: str | None) -> time:
    """10:00, 10.30, 1030, 10, 2pm, 2:30 pm -> the time of day; raises DateTextError otherwise."""
    value = " ".join((text or "").strip().lower().split())
    match = TIME.match(value)
    if match is None:
        raise DateTextError(f"“{(text or '').strip()}” is not a time: type it as hh:mm, e.g. 14:30")
    hour, minute, half = int(match[1]), int(match[2] or 0), match[3]
    if half and not 1 <= hour <= 12:
        raise DateTextError(f"There is no {hour} {half}: type it as hh:mm, e.g. 14:30")
    if half:
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        raise DateTextError(f"There is no {hour:02d}:{minute:02d} in a day: type it as hh:mm, e.g. 14:30")
    return time(hour, minute)
