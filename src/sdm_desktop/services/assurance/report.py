"""`sdm-desktop report assurance`: per principle, the team's rating and narrative, the activities and
outcomes that evidence it (with the people reached), the "you said, we did" items, and the gaps, filled into
a bundled Word template the team may edit."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sdm_desktop import paths
from sdm_desktop.errors import UserError
from sdm_desktop.letters.render import render_docx
from sdm_desktop.progress import Progress
from sdm_desktop.services.assurance.evidence import PrincipleEvidence, evidence_for
from sdm_desktop.services.assurance.principles import framework_id, frameworks
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.core.registry import Option
from sdm_desktop.services.reporting.kinds import PERIOD_FROM, PERIOD_TO, TEMPLATE, WORD_OUTPUT, ReportKind

TEMPLATE_NAME = "assurance_report.docx"
MOST_ACTIVITIES_LISTED = 25          # per principle; the rest counted ("and 12 more")


def default_template() -> Path:
    return paths.templates_dir() / TEMPLATE_NAME


def _d(value: date | None) -> str:
    return value.strftime("%d %b %Y") if value else ""


def _count(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def _principle_context(item: PrincipleEvidence) -> dict:
    shown = item.activities[:MOST_ACTIVITIES_LISTED]
    more = len(item.activities) - len(shown)
    return {
        "number": item.principle.number, "title": item.principle.title,
        "description": item.principle.description, "rating": item.rating_words,
        "narrative": item.narrative or "No narrative recorded for this period.",
        "evidence": [line.strip() for line in item.evidence.splitlines() if line.strip()],
        "activities": [{"date": _d(a.held_on), "title": a.title, "level": a.level or "—",
                        "status": a.status.replace("_", " ").capitalize(),
                        "outcome": a.outcome or "—", "reached": a.people_reached} for a in shown],
        "more_activities": f"and {more} more" if more else "",
        "activity_count": len(item.activities), "people_reached": item.people_reached,
        "evidence_sentence": (f"{_count(len(item.activities), 'activity', 'activities')} in the period "
                              f"{'evidences' if len(item.activities) == 1 else 'evidence'} this principle, "
                              f"reaching {_count(item.people_reached, 'person', 'people')}."),
        "you_said": [{"said": y.you_said, "did": y.we_did} for y in item.you_said_we_did],
        "has_evidence": item.has_evidence,
    }


def build_assurance_context(ctx: AppContext, framework: int, date_from: date, date_to: date,
                            today: date | None = None) -> dict:
    if date_to < date_from:
        raise UserError(f"The period ends ({date_to}) before it starts ({date_from}).")
    items = evidence_for(ctx, framework, date_from, date_to)
    name = dict(frameworks(ctx))[framework]
    gaps = [f"{i.principle.number}. {i.principle.title}" for i in items if not i.has_evidence]
    return {
        "title": "Assurance of the duty to involve people and communities",
        "framework": name, "period_from": _d(date_from), "period_to": _d(date_to),
        "generated_on": _d(today or date.today()),
        "principles": [_principle_context(i) for i in items],
        "gaps": gaps,
        "summary": (f"{len(items) - len(gaps)} of the {len(items)} principles have evidence in the period; "
                    f"{len(gaps)} have none."),
    }


def write_assurance_report(ctx: AppContext, date_from: date, date_to: date, output: Path,
                           framework_name: str | None = None, template: Path | None = None) -> tuple[int, int]:
    """Write the report; returns (principles, principles without evidence)."""
    output = Path(output)
    if output.suffix.lower() != ".docx":
        raise UserError(f"Cannot write the report to {output.name}: the file name must end in .docx.")
    if not output.parent.is_dir():
        raise UserError(f"Cannot write the report to {output}: the folder {output.parent} does not exist.")
    template = Path(template) if template else default_template()
    if not template.is_file():
        raise UserError(f"The report template {template} is missing.")
    context = build_assurance_context(ctx, framework_id(ctx, framework_name), date_from, date_to)
    render_docx(template, context, output)
    return len(context["principles"]), len(context["gaps"])


def report_assurance(ctx: AppContext, options, progress: Progress) -> str:
    total, gaps = write_assurance_report(ctx, options.date_from, options.date_to, Path(options.output),
                                         options.framework, Path(options.template) if options.template else None)
    return (f"Assurance report written to {options.output}: {total} principles, "
            f"{total - gaps} with evidence, {gaps} without.")


FRAMEWORK = Option(("--framework",), "framework", "the framework of principles (default: the first, NHS England's)",
                   metavar="NAME")

REPORT_KINDS = (
    ReportKind("assurance", "per principle of the duty to involve: rating, narrative, evidence, gaps",
               report_assurance, (PERIOD_FROM, PERIOD_TO, WORD_OUTPUT, TEMPLATE, FRAMEWORK)),
)
