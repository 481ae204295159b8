"""The power/interest (Mendelow) grid's quadrants and their names: plain values, read by Home before the database
layer is loaded (``services/analysis/grid`` has the rest of the grid)."""

from __future__ import annotations

HIGH_FROM = 3
QUADRANTS = [
    ("manage_closely", "Manage closely"),
    ("keep_satisfied", "Keep satisfied"),
    ("keep_informed", "Keep informed"),
    ("monitor", "Monitor"),
]


def mendelow_quadrant(influence: int, interest: int) -> str:
    high_power, high_interest = influence >= HIGH_FROM, interest >= HIGH_FROM
    if high_power:
        return "manage_closely" if high_interest else "keep_satisfied"
    return "keep_informed" if high_interest else "monitor"


def stakeholders(count: int) -> str:
    """'1 stakeholder', '2,000 stakeholders'."""
    return f"{count:,} stakeholder{'' if count == 1 else 's'}"


def quadrant_label(code: str) -> str:
    return dict(QUADRANTS)[code]
