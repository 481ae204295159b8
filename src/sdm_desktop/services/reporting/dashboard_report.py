"""``sdm-desktop report home``: every figure Home shows for a period, one a row (section, figure, value), as CSV
or XLSX, from the same queries as the Home view."""

from __future__ import annotations

from pathlib import Path

from sdm_desktop.progress import Progress
from sdm_desktop.services.analysis.quadrants import quadrant_label
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.core.registry import Option
from sdm_desktop.services.core.vocab import PPE_LEVELS
from sdm_desktop.services.exporting.tables import Table, write_table
from sdm_desktop.services.reporting.dashboard import dashboard
from sdm_desktop.services.reporting.dashboard_figures import Dashboard
from sdm_desktop.services.reporting.kinds import PERIOD_FROM, PERIOD_TO, ReportKind
from sdm_desktop.services.reporting.periods import custom

TABLE_OUTPUT = Option(("-o", "--output"), "output", "the file to write", metavar="FILE.csv|FILE.xlsx", required=True)
HEADERS = ["Section", "Figure", "Value"]


def dashboard_rows(d: Dashboard) -> list[list[object]]:
    """Every figure, in Home's order."""
    levels = dict(PPE_LEVELS)
    register = [("organisations", "Groups and organisations"), ("people", "People"),
                ("patient_reps", "Patient representatives")]
    rows: list[list[object]] = [["Register", name, d.register.get(key, 0)] for key, name in register]
    rows += [["Groups by type", name, n] for name, n in d.by_type]
    rows += [["Groups by level of engagement", levels[code], n] for code, n in d.by_level]
    for n, slot in enumerate(d.slots):
        rows += [["Engagement activities", f"{slot.label} ({slot.first} to {slot.last}), {text}",
                  d.activities.get((n, code), 0)] for code, text in d.activity_levels]
    rows += [["Follow-up actions", "Overdue", d.overdue], ["Follow-up actions", "Due in the next 7 days",
                                                          d.due_this_week]]
    rows += [["Analysis grid", quadrant_label(code), n] for code, n in d.quadrants]
    if d.previous_round:
        rows.append(["Analysis grid", f"Moved on the grid from {d.previous_round} to {d.latest_round}", d.moved])
    for n, slot in enumerate(d.slots):
        rows += [["People trained", f"{slot.label} ({slot.first} to {slot.last}), {how}",
                  d.trained.get((n, by_cascade), 0)]
                 for by_cascade, how in ((False, "by the programme"), (True, "by the cascade"))]
    rows += [["People trained", "In the period", d.trained_in_period],
             ["People trained", "In the period, by the cascade", d.trained_by_cascade],
             ["People trained", "Since the programme began", d.trained_ever],
             ["Letters", "Written in the period", d.letters],
             ["Data protection", "People due a retention review", d.retention_due],
             ["Consultation", "Responses received in the period", d.responses]]
    rows += [["Consultation themes", name, n] for name, n in d.themes]
    return rows


def dashboard_table(d: Dashboard) -> Table:
    rows = dashboard_rows(d)
    return Table(HEADERS, rows, len(rows), "Home")


def report_home(ctx: AppContext, options, progress: Progress) -> str:
    period = custom(options.date_from, options.date_to)
    table = dashboard_table(dashboard(ctx, period))
    output = Path(options.output)
    write_table(table, output, progress)
    return f"Home's figures for {period.text} written to {output}: {table.total:,} rows."


REPORT_KINDS = (
    ReportKind("home", "every figure Home shows for a period (register, groups by type and level, activities per "
               "month and level, follow-ups, the grid, training, letters, retention, consultation) as .csv or .xlsx",
               report_home, (PERIOD_FROM, PERIOD_TO, TABLE_OUTPUT)),
)
