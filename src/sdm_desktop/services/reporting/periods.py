"""Home's reporting periods (this quarter, the last 12 months, or the user's own) and the bars a period is cut
into: months, or years when a period is longer than two years."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sdm_desktop.errors import UserError

MOST_MONTH_BARS = 24
LONGEST_PERIOD_DAYS = 366 * 20
THIS_QUARTER, LAST_12_MONTHS, CUSTOM = "quarter", "12 months", "custom"
PERIOD_CHOICES = [(THIS_QUARTER, "This quarter"), (LAST_12_MONTHS, "Last 12 months"), (CUSTOM, "Custom…")]


@dataclass(frozen=True)
class Period:
    first: date
    last: date

    @property
    def text(self) -> str:
        return f"{self.first:%d %b %Y} to {self.last:%d %b %Y}"


@dataclass(frozen=True)
class Slot:
    """One bar of a chart over time: its first and last day and its label."""
    first: date
    last: date
    label: str


def check_period(date_from: date, date_to: date) -> None:
    if date_to < date_from:
        raise UserError(f"The period ends ({date_to}) before it starts ({date_from}).")
    if (date_to - date_from).days > LONGEST_PERIOD_DAYS or date_from.year < 1900:
        raise UserError(f"The period {date_from} to {date_to} is not a plausible reporting period (at most 20 years, "
                        "from 1900).")


def _month_start(day: date, back: int = 0) -> date:
    n = day.year * 12 + day.month - 1 - back
    return date(n // 12, n % 12 + 1, 1)


def _month_end(first: date) -> date:
    return _month_start(first, -1) - timedelta(days=1)


def this_quarter(today: date) -> Period:
    first = date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
    return Period(first, _month_end(_month_start(first, -2)))


def last_12_months(today: date) -> Period:
    """This month and the eleven before it, whole months."""
    return Period(_month_start(today, 11), _month_end(_month_start(today)))


def custom(first: date, last: date) -> Period:
    check_period(first, last)
    return Period(first, last)


def period_for(choice: str, today: date) -> Period:
    return this_quarter(today) if choice == THIS_QUARTER else last_12_months(today)


def slots(period: Period) -> list[Slot]:
    """The period's months (cut to the period at either end), or its years when it spans over two years."""
    months = (period.last.year - period.first.year) * 12 + period.last.month - period.first.month + 1
    out = []
    if months > MOST_MONTH_BARS:
        for year in range(period.first.year, period.last.year + 1):
            out.append(Slot(max(period.first, date(year, 1, 1)), min(period.last, date(year, 12, 31)), str(year)))
        return out
    start, one_year = _month_start(period.first), period.first.year == period.last.year
    for n in range(months):
        first = _month_start(start, -n)
        label = f"{first:%b}" if one_year else f"{first:%b %y}"
        out.append(Slot(max(period.first, first), min(period.last, _month_end(first)), label))
    return out


def slot_index(slots_: list[Slot], day: date) -> int | None:
    """Which slot a day falls in (None: outside them all)."""
    for n, slot in enumerate(slots_):
        if slot.first <= day <= slot.last:
            return n
    return None
