"""Reading the values survey tools write: dates and times in their several styles, numbers, yes/no consent."""

from __future__ import annotations

import re
from datetime import datetime

TIME = r"(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*([AaPp][Mm])?)?"
YEAR_FIRST = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})" + TIME + r"$")
YEAR_LAST = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})" + TIME + r"$")
ZONE = re.compile(r"\s+(GMT|UTC|BST|Z)([+-]\d{1,2}(:?\d\d)?)?$", re.IGNORECASE)
NUMBER = re.compile(r"^[+-]?(\d{1,15}(\.\d{1,6})?|\.\d{1,6})$")
YES = ("yes", "y", "true", "1", "agree", "i agree", "i consent", "happy", "ok")
NO = ("no", "n", "false", "0", "disagree", "i do not", "i don't", "do not", "don't", "not")


def parse_datetime(text: str, month_first: bool = False) -> datetime | None:
    """A date or date-time as Forms, SmartSurvey, SurveyMonkey (month first) or Google Forms write it:
    2026-03-05 10:22:31, 05/03/2026 10:22, 03/05/2026 10:22:31 AM, 2026/03/05 10:22:31 pm GMT."""
    text = ZONE.sub("", text.strip())
    if len(text) > 40:
        return None
    if match := YEAR_FIRST.match(text):
        year, month, day = (int(v) for v in match.groups()[:3])
    elif match := YEAR_LAST.match(text):
        first, second, year = (int(v) for v in match.groups()[:3])
        year += 2000 if year < 100 else 0
        month, day = (first, second) if month_first else (second, first)
        if month > 12 >= day:                              # the other way round after all
            month, day = day, month
    else:
        return None
    hour, minute, second, half = match.groups()[3:]
    hour = int(hour or 0)
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half.lower() == "pm" else 0)
    try:
        return datetime(year, month, day, hour, int(minute or 0), int(second or 0))
    except ValueError:
        return None


def parse_number(text: str) -> float | None:
    """A rating or number answer ("4", "-2.5"); anything else is None."""
    text = text.strip()
    return float(text) if NUMBER.match(text) else None


def parse_consent(text: str) -> bool | None:
    """The answer to "May we quote you?": True, False, or None when it says neither."""
    words = text.strip().lower().rstrip(".!")
    if not words:
        return None
    if words.startswith(NO) and not words.startswith(("not sure",)):
        first = words.split()[0].strip(",;")
        if first in NO or words.startswith(("i do not", "i don't", "do not", "don't")):
            return False
    first = words.split()[0].strip(",;")
    if first in YES or words.startswith(YES[4:]):
        return True
    return None
