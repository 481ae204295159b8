"""The reach report written as a Word document (the bundled, editable template filled in by the letters engine's
sandboxed worker, then the charts put in as pictures with their text as alt text) or as an .xlsx workbook
(the exporting helpers: formula-like cells neutralised). Counts under 5 are suppressed in both."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from sdm_desktop import paths
from sdm_desktop.errors import UserError
from sdm_desktop.letters.render import render_docx
from sdm_desktop.services.core.charts import ChartPng, put_charts_in_docx
from sdm_desktop.services.exporting.tables import Table, write_table
from sdm_desktop.services.reach.assemble import ReachReport
from sdm_desktop.services.reach.suppression import NOTE
from sdm_desktop.services.reach.tables import HEADERS, row_texts, summary_lines

TEMPLATE_NAME = "reach_report.docx"
CHART_MARK = "[[chart {n}]]"
CHART_WIDTH_CM = 16


def default_template() -> Path:
    return paths.templates_dir() / TEMPLATE_NAME


def _d(value) -> str:
    return value.strftime("%d %b %Y")


def document_context(report: ReachReport, charts: bool) -> dict:
    f = report.filter
    dimensions = []
    for n, dimension in enumerate(report.dimensions):
        rows = [dict(zip(("category", "count", "percent", "population", "difference", "flag"),
                         row_texts(report, dimension, row, True), strict=True)) for row in dimension.rows]
        dimensions.append({"label": dimension.label, "rows": rows,
                           "chart": CHART_MARK.format(n=n) if charts and dimension.known else "",
                           "base": _base_text(dimension)})
    c = report.coverage
    return {
        "title": "Reach report: who we heard from",
        "period": f.description(), "period_from": _d(f.date_from), "period_to": _d(f.date_to),
        "generated_on": _d(report.made_on), "margin": f"{report.margin:g}",
        "summary": summary_lines(report, True), "suppression_note": NOTE, "dimensions": dimensions,
        "coverage_available": c.available, "districts": ", ".join(c.districts),
        "quintiles": [{"quintile": q.quintile, "lsoas": q.lsoas, "with_group": q.with_group,
                       "without_group": q.without_group, "seldom_heard": q.seldom_heard_groups} for q in c.quintiles],
        "gaps": [{"code": g.code, "name": g.name, "district": g.district, "rank": g.rank or ""}
                 for g in c.uncovered_core20],
        "gaps_note": (f"{c.uncovered_core20_total:,} of the most deprived 20% of neighbourhoods (quintile 1) in the "
                      f"area have no active group in the register" + (f"; the first {len(c.uncovered_core20)} by "
                      "IMD rank are listed." if c.uncovered_core20_total > len(c.uncovered_core20) else ".")),
    }


def _base_text(dimension) -> str:
    if dimension.key == "plus group":
        return "Percentages are of everyone engaged (one person may be in several PLUS groups)"
    if not dimension.known:
        return "No one engaged in the period has an answer recorded for this, so there are no percentages"
    return f"Percentages are of the {dimension.known:,} people whose answer is known"


def write_reach_docx(report: ReachReport, output: Path, chart_png: ChartPng | None = None,
                     template: Path | None = None) -> Path:
    template = Path(template) if template else default_template()
    if not template.is_file():
        raise UserError(f"The report template {template} is missing.")
    context = document_context(report, chart_png is not None)
    handle, temp = tempfile.mkstemp(prefix=".reach-", suffix=".docx", dir=output.parent)
    os.close(handle)
    try:
        render_docx(template, context, Path(temp))
        if chart_png is not None:
            charts = [report.chart(d, for_file=True) for d in report.dimensions]
            put_charts_in_docx(Path(temp), {CHART_MARK.format(n=n): chart for n, chart in enumerate(charts)},
                               chart_png, CHART_WIDTH_CM)
        os.replace(temp, output)
    finally:
        Path(temp).unlink(missing_ok=True)
    return output


def reach_table(report: ReachReport) -> Table:
    """One sheet: the summary, each dimension's rows, the coverage by quintile and the note on suppression."""
    headers = ["Section", *HEADERS]
    rows: list[list[object]] = [["Report", f"Reach report: {report.filter.description()}", "", "", "", "", ""]]
    rows += [["Summary", line, "", "", "", "", ""] for line in summary_lines(report, True)]
    for dimension in report.dimensions:
        rows += [[dimension.label, *row_texts(report, dimension, row, True)] for row in dimension.rows]
    for q in report.coverage.quintiles:
        rows.append(["Coverage by IMD quintile", f"Quintile {q.quintile}: {q.lsoas:,} LSOAs in the area",
                     f"{q.with_group:,} with an active group", f"{q.without_group:,} without", "",
                     f"{q.seldom_heard_groups:,} seldom-heard groups", ""])
    for g in report.coverage.uncovered_core20:
        rows.append(["Quintile 1 LSOA with no active group", f"{g.code} {g.name}", g.district,
                     f"IMD rank {g.rank}" if g.rank else "", "", "", ""])
    rows.append(["Note", NOTE, "", "", "", "", ""])
    return Table(headers, rows, len(rows), "Reach")


def write_reach_xlsx(report: ReachReport, output: Path) -> Path:
    write_table(reach_table(report), output)
    return output
