"""Small-number suppression for every file the app writes: a count from 1 to 4 is shown as "<5" (and its share
with it), and where only one count of a dimension would be hidden, the next smallest is hidden too, so it
cannot be worked out from the total. On screen the real count is shown, marked."""

from __future__ import annotations

from collections.abc import Iterable

THRESHOLD = 5
HIDDEN = "<5"
SCREEN_MARK = "‡"
NOTE = ("Counts from 1 to 4 are shown as “<5”, with their percentages, to protect the people counted; where only "
        "one count in a list would be hidden, the next smallest is hidden too, so it cannot be worked out from "
        "the total.")


def is_small(count: int) -> bool:
    return 0 < count < THRESHOLD


def hidden_categories(counts: Iterable[tuple[str, int]], complementary: bool = True) -> set[str]:
    """The categories whose counts a file must not show. ``complementary``: the categories add up to a total
    that is shown (not PLUS groups, where one person may be in several)."""
    pairs = list(counts)
    hidden = {c for c, n in pairs if is_small(n)}
    if complementary and len(hidden) == 1:
        shown = sorted(((n, c) for c, n in pairs if c not in hidden and n > 0))
        if shown:
            hidden.add(shown[0][1])
    return hidden


def count_text(count: int, hidden: bool) -> str:
    return HIDDEN if hidden else f"{count:,}"


def screen_text(count: int, hidden: bool) -> str:
    """The real count, marked when a file would hide it."""
    return f"{count:,} {SCREEN_MARK}" if hidden else f"{count:,}"
