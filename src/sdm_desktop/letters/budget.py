"""What one letter may make: characters built, items looked through, seconds taken; and size estimates.

The sandbox checks each value as it is made, but some values are small to make and huge to print:
``{% set a1 = [a0, a0] %}`` … ``{% set a40 = [a39, a39] %}`` is 41 lists of two items, yet printing
``a40`` (or ``a40|tojson``, ``'%s' % a40``) writes 2**40 of them. ``rendered_size`` says about how long
a value's text would be *without* building it (shared pieces are counted once per piece, then
multiplied), so such a value is refused before it is printed. A letter's budget (``LetterBudget``)
adds up everything the template builds, what the estimates looked through and the time taken, so many
values that are each allowed cannot add up to gigabytes or minutes either.
"""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field

from jinja2.exceptions import SecurityError

MAX_MADE = 20_000_000         # characters (or items) made by operators, filters and calls in one letter
MAX_LOOKED_THROUGH = 5_000_000  # items looked through to estimate sizes in one letter
MAX_DEPTH = 100               # lists in lists in lists…: more is never a letter
LETTER_SECONDS = 5.0          # one letter (the compiled template's own work, not reading or writing files)

_CONTAINERS = (list, tuple, set, frozenset, dict)
_NOTHING = object()


class TemplateTooBig(SecurityError):
    """The template asked for more than any letter needs; the message says what."""


def refuse(what: str):
    raise TemplateTooBig(f"the template asks for something far too big for a letter ({what})")


@dataclass
class LetterBudget:
    made: int = 0
    looked_through: int = 0
    deadline: float = field(default_factory=lambda: time.monotonic() + LETTER_SECONDS)

    def charge_made(self, size: int) -> None:
        self.made += size
        if self.made > MAX_MADE:
            refuse(f"more than {MAX_MADE:,} characters of text made in one letter")

    def charge_looked_through(self, items: int) -> None:
        self.looked_through += items
        if self.looked_through > MAX_LOOKED_THROUGH:
            refuse(f"more than {MAX_LOOKED_THROUGH:,} items of lists and tables looked through in one letter")

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            refuse(f"more than {LETTER_SECONDS:g} seconds of work for one letter")


_CURRENT = threading.local()


def current() -> LetterBudget:
    """The budget of the letter being filled in on this thread (a fresh one outside any letter)."""
    budget = getattr(_CURRENT, "budget", None)
    if budget is None:
        budget = _CURRENT.budget = LetterBudget()
    return budget


@contextmanager
def letter_budget():
    """A fresh budget for one letter (one template render), restored afterwards."""
    previous = getattr(_CURRENT, "budget", None)
    _CURRENT.budget = LetterBudget()
    try:
        yield _CURRENT.budget
    finally:
        _CURRENT.budget = previous


def rendered_size(value, limit: int) -> int:
    """About how many characters ``str(value)`` or its JSON would take, worked out without building it;
    the count stops soon after it passes ``limit``. Each distinct list or table is looked through once."""
    known: dict[int, int] = {}
    looked = [0]

    def size(item, depth: int) -> int:
        if isinstance(item, str):
            return len(item) + 2
        if isinstance(item, int):
            return item.bit_length() // 3 + 1
        if isinstance(item, range):
            return 2 + 3 * len(item)
        if not isinstance(item, _CONTAINERS):
            return 8
        if id(item) in known:
            return known[id(item)]
        if depth > MAX_DEPTH:
            refuse(f"lists or tables nested more than {MAX_DEPTH} deep")
        total = 2 + 3 * len(item)
        if total <= limit:
            pairs = item.items() if isinstance(item, dict) else ((piece, _NOTHING) for piece in item)
            for key, piece in pairs:
                looked[0] += 1
                total += size(key, depth + 1) + (0 if piece is _NOTHING else size(piece, depth + 1))
                if total > limit:
                    break
        known[id(item)] = total
        return total

    try:
        return size(value, 0)
    finally:
        current().charge_looked_through(looked[0])


def check_printable(value, limit: int, what: str):
    """``value`` itself when its text would fit in ``limit`` characters; refused otherwise. Only lists and
    tables are looked at (a text's length is checked where it is made)."""
    if isinstance(value, _CONTAINERS):
        estimate = rendered_size(value, limit)
        if estimate > limit:
            refuse(f"{what} would be more than {limit:,} characters")
    return value
