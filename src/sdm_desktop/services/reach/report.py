"""`sdm-desktop report reach`: the reach report for a period as a Word document (with charts) or a workbook."""

from __future__ import annotations

from pathlib import Path

from sdm_desktop.errors import UserError
from sdm_desktop.progress import Progress
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.core.registry import Option
from sdm_desktop.services.core.vocab import codes
from sdm_desktop.services.engagement.plans import METHODS
from sdm_desktop.services.reach.assemble import DEFAULT_MARGIN, build_reach
from sdm_desktop.services.reach.documents import write_reach_docx, write_reach_xlsx
from sdm_desktop.services.reach.engaged import ReachFilter
from sdm_desktop.services.reporting.kinds import PERIOD_FROM, PERIOD_TO, TEMPLATE, ReportKind

OUTPUT = Option(("-o", "--output"), "output", "the file to write: a Word document (.docx) or a workbook (.xlsx)",
                metavar="FILE.docx|FILE.xlsx", required=True)
PLAN = Option(("--plan",), "plan", "only the activities of this engagement plan (its title)", metavar="NAME")
LEVEL = Option(("--level",), "level", "only activities at this level of patient and public engagement",
               choices=("individual", "service", "community"))
ACTIVITY_TYPE = Option(("--activity-type",), "activity_type", "only activities of this type",
                       choices=tuple(codes(METHODS)))
MARGIN = Option(("--margin",), "margin", f"flag a group as under-represented when its share is more than this many "
                f"percentage points below the population's (default {DEFAULT_MARGIN:g})", metavar="POINTS")


def margin_of(text) -> float:
    if text is None or text == "":
        return DEFAULT_MARGIN
    try:
        value = float(text)
    except ValueError:
        raise UserError(f"--margin {text!r} is not a number of percentage points (e.g. 5).") from None
    if not 0 <= value <= 100:
        raise UserError(f"--margin {text} is not from 0 to 100 percentage points.")
    return value


def check_output(output: Path) -> str:
    suffix = output.suffix.lower()
    if suffix not in (".docx", ".xlsx"):
        raise UserError(f"Cannot write the reach report to {output.name}: the file name must end in .docx or .xlsx.")
    if output.is_dir():
        raise UserError(f"Cannot write {output}: that is a folder; give a file name ending in {suffix}.")
    if not output.parent.is_dir():
        raise UserError(f"Cannot write the report to {output}: the folder {output.parent} does not exist.")
    return suffix


def report_reach(ctx: AppContext, options, progress: Progress) -> str:
    output = Path(options.output)
    suffix = check_output(output)
    if options.template and suffix != ".docx":
        raise UserError("--template applies to a Word report (.docx) only.")
    reach_filter = ReachFilter(options.date_from, options.date_to, options.plan or None, options.level or None,
                               options.activity_type or None)
    report = build_reach(ctx, reach_filter, margin_of(options.margin), progress)
    if suffix == ".docx":
        write_reach_docx(report, output, getattr(options, "chart_png", None),
                         Path(options.template) if options.template else None)
    else:
        write_reach_xlsx(report, output)
    under = len(report.under_represented())
    return (f"Reach report written to {output}: {report.total:,} people engaged, {len(report.dimensions)} "
            f"dimensions, {under} under-represented group{'s' if under != 1 else ''} flagged; counts under 5 "
            "are suppressed in the file.")


REPORT_KINDS = (
    ReportKind("reach", "people engaged by deprivation, age, ethnic group, disability, carers and PLUS groups "
               "against the population, and the places no group reaches (.docx or .xlsx)",
               report_reach, (PERIOD_FROM, PERIOD_TO, OUTPUT, PLAN, LEVEL, ACTIVITY_TYPE, MARGIN, TEMPLATE),
               draws_charts=True),
)
