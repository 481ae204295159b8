"""Reading the values survey tools write: dates and times in their several styles, numbers, yes/no consent."""

from __future__ import annotations

import re
from datetime import datetime

DAY_FIRST = ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y", "%d/%m/%y %H:%M:%S", "%d/%m/%y %H:%M",
             "%d/%m/%y", "%d-%m-%Y %H:%M:%S", "%d-%m-%Y")
MONTH_FIRST = ("%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %I:%M %p", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M", "%m/%d/%Y",
               "%m/%d/%y %H:%M:%S", "%m/%d/%y %H:%M", "%m/%d/%y")
YEAR_FIRST = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %I:%M:%S %p",
              "%Y/%m/%d %H:%M", "%Y/%m/%d")
ZONE = re.compile(r"\s+(GMT|UTC|BST)([+-]\d{1,2}(:?\d\d)?)?$", re.IGNORECASE)
NUMBER = re.compile(r"^[+-]?(\d{1,15}(\.\d{1,6})?|\.\d{1,6})$")
YES = ("yes", "y", "true", "1", "agree", "i agree", "i consent", "happy", "ok")
NO = ("no", "n", "false", "0", "disagree", "i do not", "i don't", "do not", "don't", "not")


def parse_datetime(text: str, month_first: bool = False) -> datetime | None:
    """A date or date-time as Forms, SmartSurvey, SurveyMonkey (month first) or Google Forms write it."""
    text = ZONE.sub("", text.strip().replace("T", " ", 1) if text[:4].isdigit() else text.strip())
    text = re.sub(r"\.\d+$", "", text)                     # fractions of a second
    if not text or len(text) > 40 or not text[0].isdigit():
        return None
    styles = YEAR_FIRST + (MONTH_FIRST + DAY_FIRST if month_first else DAY_FIRST + MONTH_FIRST)
    for style in styles:
        try:
            return datetime.strptime(text.upper() if "%p" in style else text, style)
        except ValueError:
            continue
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
