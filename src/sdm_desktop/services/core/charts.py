"""A bar chart as plain data, drawn by ``ui/common/charts`` on screen or as a PNG (services never import Qt:
a report is handed a function that turns a ``BarChart`` into PNG bytes)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None                 # None: not shown (e.g. suppressed); the bar's note says why
    marker: float | None = None         # a reference value drawn across the bar (e.g. the population's share)
    note: str = ""                      # shown after the value, e.g. "<5" or "‡"
    flagged: bool = False               # drawn with a pattern as well as colour (e.g. under-represented)


@dataclass(frozen=True)
class BarChart:
    title: str
    bars: list[Bar] = field(default_factory=list)
    unit: str = "%"
    maximum: float | None = None        # the scale's end; None: from the values
    horizontal: bool = True
    value_name: str = "Engaged"
    marker_name: str = "Population"
    flag_name: str = "Under-represented"

    def description(self) -> str:
        """The chart as text (its accessible description and alt text in documents)."""
        parts = []
        for bar in self.bars:
            value = "not shown" if bar.value is None else f"{bar.value:.1f}{self.unit}"
            text = f"{bar.label}: {self.value_name.lower()} {value}{(' ' + bar.note) if bar.note else ''}"
            if bar.marker is not None:
                text += f", {self.marker_name.lower()} {bar.marker:.1f}{self.unit}"
            if bar.flagged:
                text += f" ({self.flag_name.lower()})"
            parts.append(text)
        return f"{self.title}. " + "; ".join(parts) + "." if parts else f"{self.title}: no figures."


ChartPng = Callable[[BarChart], bytes]
