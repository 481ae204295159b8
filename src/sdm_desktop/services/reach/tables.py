"""The reach report as rows of text for files (suppressed) and for the screen (real counts, marked)."""

from __future__ import annotations

from sdm_desktop.services.reach.assemble import ReachReport
from sdm_desktop.services.reach.figures import ReachDimension, ReachRow
from sdm_desktop.services.reach.suppression import HIDDEN, count_text, is_small, screen_text

HEADERS = ["Category", "People engaged", "Per cent", "Population per cent", "Difference (points)",
           "Under-represented"]


def percent_text(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}%"


def difference_text(value: float | None) -> str:
    return "" if value is None else f"{value:+.1f}"


def row_texts(report: ReachReport, dimension: ReachDimension, row: ReachRow, for_file: bool) -> list[str]:
    hidden = row.category in report.hidden(dimension)
    count = count_text(row.count, hidden) if for_file else screen_text(row.count, hidden)
    shown = not (for_file and hidden)
    flag = f"Yes (by more than {report.margin:g} points)" if row.under else ""
    return [row.category, count, percent_text(row.percent) if shown else HIDDEN,
            percent_text(row.population), difference_text(row.difference) if shown else "", flag]


def total_text(n: int, for_file: bool) -> str:
    if for_file and is_small(n):
        return HIDDEN
    return f"{n:,}"


def summary_lines(report: ReachReport, for_file: bool) -> list[str]:
    e = report.engaged
    lines = [f"People engaged: {total_text(report.total, for_file)} ({total_text(report.people, for_file)} named "
             f"people and {total_text(e.attended_anonymously, for_file)} counted anonymously at "
             f"{e.anonymous_events:,} events)."]
    lines.append(f"Named people engaged through interactions: {total_text(e.through.get('interactions', 0), for_file)}"
                 f"; through activities: {total_text(e.through.get('activities', 0), for_file)}; through training: "
                 f"{total_text(e.through.get('training', 0), for_file)}.")
    if report.filter.activities_only:
        lines.append("Training attendance is not counted: the report is narrowed to a plan, activity type or level.")
    if not report.population:
        lines.append("No population profile is loaded: import one (dimension,category,percent) or type it in the "
                     "Reach view to compare.")
    under = report.under_represented()
    if under:
        listed = "; ".join(f"{label}: {category}" for label, category in under)
        lines.append(f"Under-represented by more than {report.margin:g} percentage points: {listed}.")
    return lines
