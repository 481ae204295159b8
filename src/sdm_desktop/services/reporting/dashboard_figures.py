"""Home's figures as plain values (``Dashboard``), apart from the queries that count them
(``services/reporting/dashboard``), so the window can show figures it kept before the database layer is loaded."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sdm_desktop.services.core.vocab import LEVEL_NOT_SET, PPE_LEVELS
from sdm_desktop.services.reporting.periods import Period, Slot

NO_LEVEL = LEVEL_NOT_SET        # activities with no level: Engagement's level filter selects them too


@dataclass(frozen=True)
class Since:
    """What changed since the user last opened the app."""
    at: datetime                     # local time
    new_interactions: int
    new_assessments: int
    sessions_held: int


@dataclass
class Dashboard:
    period: Period
    today: date
    register: dict[str, int]
    by_type: list[tuple[str, int]]                  # live groups of each organisation type, in the types' order
    by_level: list[tuple[str, int]]                 # live groups marked for each level (a PPE_LEVELS code)
    slots: list[Slot]
    activities: dict[tuple[int, str], int]          # (slot, level code or NO_LEVEL): activities planned then
    overdue: int
    due_this_week: int
    quadrants: list[tuple[str, int]]                # (QUADRANTS code, stakeholders)
    latest_round: str | None
    previous_round: str | None
    moved: int                                      # moved on the grid between the two latest rounds
    trained: dict[tuple[int, bool], int]            # (slot, by the cascade): people trained then
    trained_in_period: int
    trained_by_cascade: int
    trained_ever: int
    letters: int                                    # letters written in the period
    retention_due: int                              # people whose retention review date has come
    responses: int                                  # consultation responses received in the period
    themes: list[tuple[str, int]] = field(default_factory=list)   # most-coded themes: answers coded with each
    theme_activities: list[int] = field(default_factory=list)     # the activity whose responses each theme opens
    since: Since | None = None

    def activities_in(self, slot: int, level: str | None = None) -> int:
        return sum(n for (s, code), n in self.activities.items() if s == slot and (level is None or code == level))

    @property
    def activity_levels(self) -> list[tuple[str, str]]:
        """The levels the activity chart stacks: the three, and "not set" only when some activity has none."""
        levels = [(code, text) for code, text in PPE_LEVELS]
        if any(code == NO_LEVEL and n for (_s, code), n in self.activities.items()):
            levels.append((NO_LEVEL, "Level not set"))
        return levels
