"""Home's charts as plain data (``services/core/charts.BarChart``), one bar per record set a link can open: each
chart's bars are in the order of the keys ``Dashboard`` holds them by (types, levels, slots, quadrants)."""

from __future__ import annotations

from sdm_desktop.services.analysis.quadrants import quadrant_label
from sdm_desktop.services.core.charts import Bar, BarChart
from sdm_desktop.services.core.vocab import PPE_LEVELS
from sdm_desktop.services.reporting.dashboard_figures import Dashboard


def groups_by_type(d: Dashboard) -> BarChart:
    return BarChart("Groups by type", [Bar(name, float(n)) for name, n in d.by_type], unit="", value_name="Groups")


def groups_by_level(d: Dashboard) -> BarChart:
    names = dict(PPE_LEVELS)
    return BarChart("Groups by level of engagement", [Bar(names[code], float(n)) for code, n in d.by_level],
                    unit="", value_name="Groups")


def activities_by_month(d: Dashboard) -> BarChart:
    """Activities planned in each month of the period, stacked by level of engagement."""
    levels = d.activity_levels
    bars = [Bar(slot.label, float(d.activities_in(n)),
                parts=tuple(float(d.activities.get((n, code), 0)) for code, _t in levels))
            for n, slot in enumerate(d.slots)]
    return BarChart(f"Engagement activities by {_unit(d)} and level", bars, unit="", horizontal=False,
                    value_name="Activities", series=tuple(text for _c, text in levels))


def quadrants(d: Dashboard) -> BarChart:
    return BarChart("Analysis grid: stakeholders in each quadrant",
                    [Bar(quadrant_label(code), float(n)) for code, n in d.quadrants], unit="",
                    value_name="Stakeholders")


def training_reach(d: Dashboard) -> BarChart:
    """People trained in each month, by the programme's own trainers or by trainers it trained (the cascade)."""
    bars = []
    for n, slot in enumerate(d.slots):
        direct, cascade = d.trained.get((n, False), 0), d.trained.get((n, True), 0)
        bars.append(Bar(slot.label, float(direct + cascade), parts=(float(direct), float(cascade))))
    return BarChart(f"People trained by {_unit(d)}", bars, unit="", horizontal=False, value_name="Trained",
                    series=("By the programme", "By the cascade"))


def consultation_themes(d: Dashboard) -> BarChart:
    return BarChart("Consultation themes: answers coded with each", [Bar(name, float(n)) for name, n in d.themes],
                    unit="", value_name="Answers")


def _unit(d: Dashboard) -> str:
    return "year" if d.slots and d.slots[0].label.isdigit() else "month"
