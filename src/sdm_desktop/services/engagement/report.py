"""The engagement report for a period: figures gathered as plain values, then a Word document
filled in from the bundled template with the sandboxed renderer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from sdm_desktop import paths
from sdm_desktop.db.models import Activity, ActivityTarget, Interaction, Organisation
from sdm_desktop.errors import UserError
from sdm_desktop.letters.render import render_docx
from sdm_desktop.progress import Progress
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.core.vocab import PPE_LEVEL_LONG, PPE_LEVELS
from sdm_desktop.services.engagement.activities import ActivityFilter, cost_totals, list_activities
from sdm_desktop.services.engagement.followups import FollowUpFilter, follow_ups
from sdm_desktop.services.engagement.interactions import feedback_items
from sdm_desktop.services.engagement.plans import count_of, format_pence
from sdm_desktop.services.exporting.withheld import WITHHELD, blocked_person_ids
from sdm_desktop.services.reporting.kinds import PERIOD_FROM, PERIOD_TO, TEMPLATE, WORD_OUTPUT, ReportKind

TEMPLATE_NAME = "engagement_report.docx"
MAX_ACTIONS = 200
MAX_ORGANISATIONS = 300
ACTIVITY_WORDS = ("engagement activity", "engagement activities")
REACHING_STATUSES = ("done", "in_progress")        # an activity that has reached its targets


def default_template() -> Path:
    return paths.templates_dir() / TEMPLATE_NAME


def _d(value: date | None) -> str:
    return value.strftime("%d %b %Y") if value else ""


@dataclass
class ReportSummary:
    path: Path
    activities: int
    interactions: int
    stakeholders_reached: int
    feedback: int
    open_actions: int


def _reached(s, date_from: date, date_to: date) -> tuple[dict[int, int], set[int]]:
    """Organisations reached (id -> contacts) and people reached in the period: those contacted, and the
    targets of activities that took place (done or in progress; a planned activity has reached nobody yet)."""
    orgs: dict[int, int] = {}
    people: set[int] = set()
    in_period = Interaction.occurred_on.between(date_from, date_to)
    for org_id, n in s.execute(select(Interaction.organisation_id, func.count()).where(
            in_period, Interaction.organisation_id.is_not(None)).group_by(Interaction.organisation_id)):
        orgs[org_id] = n
    people |= set(s.scalars(select(Interaction.person_id).distinct()
                            .where(in_period, Interaction.person_id.is_not(None))))
    targeted = s.execute(select(ActivityTarget.organisation_id, ActivityTarget.person_id).join(Activity)
                         .where(Activity.planned_date.between(date_from, date_to),
                                Activity.status.in_(REACHING_STATUSES)))
    for org_id, person_id in targeted:
        if org_id is not None:
            orgs[org_id] = orgs.get(org_id, 0) + 1
        if person_id is not None:
            people.add(person_id)
    return orgs, people


def _organisation_names(s, ids: list[int]) -> dict[int, str]:
    names: dict[int, str] = {}
    for start in range(0, len(ids), 900):
        chunk = ids[start:start + 900]
        names.update(s.execute(select(Organisation.id, Organisation.name).where(Organisation.id.in_(chunk))).all())
    return names


def build_report_context(ctx: AppContext, date_from: date, date_to: date, today: date | None = None,
                         progress: Progress | None = None) -> dict:
    if date_to < date_from:
        raise UserError(f"The period ends ({date_to}) before it starts ({date_from}).")
    today, progress = today or date.today(), progress or Progress()
    progress.start(5, "Gathering activities")
    activities = list_activities(ctx, ActivityFilter(date_from=date_from, date_to=date_to), today)
    progress.step()
    with ctx.session() as s:
        per_level = dict(s.execute(
            select(Activity.ppe_level, func.count(Interaction.id))
            .join(Activity, Activity.id == Interaction.activity_id)
            .where(Interaction.occurred_on.between(date_from, date_to)).group_by(Activity.ppe_level)).all())
        interactions = s.scalar(select(func.count(Interaction.id))
                                .where(Interaction.occurred_on.between(date_from, date_to)))
        orgs, people = _reached(s, date_from, date_to)
        names = _organisation_names(s, list(orgs))
        blocked = blocked_person_ids(s)
    progress.step()
    feedback = feedback_items(ctx, date_from, date_to)
    progress.step()
    actions = follow_ups(ctx, FollowUpFilter(), today)
    actions = [a for a in actions if a.row.occurred_on <= date_to]
    progress.step()
    levels = []
    for code, name in PPE_LEVELS:
        rows = [a for a in activities if a.level_code == code]
        levels.append({"code": code, "name": name, "long": PPE_LEVEL_LONG[code], "activities": len(rows),
                       "done": sum(a.status_code == "done" for a in rows), "interactions": per_level.get(code, 0),
                       "spent": format_pence(cost_totals(rows).spent_pence)})
    org_rows = sorted(((names.get(i, f"#{i}"), n) for i, n in orgs.items()), key=lambda p: (-p[1], p[0].casefold()))
    overdue = sum(a.bucket == "overdue" for a in actions)
    shown = actions[:MAX_ACTIONS]
    context = {
        "title": "Patient and public engagement report",
        "period_from": _d(date_from), "period_to": _d(date_to), "generated_on": _d(today),
        "programme_summary": (f"This report covers {count_of(len(activities), *ACTIVITY_WORDS)} "
                              f"and {count_of(interactions, 'logged interaction')} between {_d(date_from)} and "
                              f"{_d(date_to)}, across the three levels of patient and public engagement."),
        "totals": {
            "activities": len(activities), "done": sum(a.status_code == "done" for a in activities),
            "cancelled": sum(a.status_code == "cancelled" for a in activities), "interactions": interactions,
            "organisations_reached": len(orgs), "people_reached": len(people),
            "stakeholders_reached": len(orgs) + len(people), "feedback": len(feedback),
            "feedback_closed": sum(f.loop_closed for f in feedback), "open_actions": len(actions),
            "overdue_actions": overdue,
        },
        "levels": levels,
        "activities": [{"date": _d(a.planned_date), "title": a.title, "plan": a.plan, "level": a.level,
                        "method": a.method, "iap2": a.iap2, "status": a.status_text, "spent": a.spent,
                        "outcome": a.outcome} for a in activities],
        "costs": cost_totals(activities).formatted(),
        "organisations": [{"name": n, "contacts": c} for n, c in org_rows[:MAX_ORGANISATIONS]],
        "feedback": [{"date": _d(f.occurred_on), "who": _who(f.stakeholder, f.person_id, blocked), "said": f.you_said,
                      "did": f.we_did or "Not yet decided", "told": _d(f.told_on) or "Not yet"} for f in feedback],
        "actions": [{"due": _d(a.row.due_on), "action": a.row.action, "owner": a.row.action_owner or "—",
                     "who": _who(a.row.stakeholder or a.row.activity, a.row.person_id, blocked),
                     "state": a.bucket_text} for a in shown],
        "actions_note": _actions_note(len(actions), overdue),
    }
    progress.step()
    return context


def _actions_note(n: int, overdue: int) -> str:
    if not n:
        return "No follow-up actions are open."
    if n == 1:
        return "1 follow-up action is open" + (", and it is overdue." if overdue else ".")
    note = f"{n:,} follow-up actions are open, {overdue:,} of them overdue."
    return note + (f" The first {MAX_ACTIONS} are listed." if n > MAX_ACTIONS else "")


def _who(text: str, person_id: int | None, blocked: set[int]) -> str:
    if person_id is not None and person_id in blocked:
        return WITHHELD
    return text or "—"


def write_engagement_report(ctx: AppContext, date_from: date, date_to: date, output: Path,
                            template: Path | None = None, today: date | None = None,
                            progress: Progress | None = None) -> ReportSummary:
    output = Path(output)
    if output.suffix.lower() != ".docx":
        raise UserError(f"Cannot write the report to {output.name}: the file name must end in .docx.")
    if not output.parent.is_dir():
        raise UserError(f"Cannot write the report to {output}: the folder {output.parent} does not exist.")
    if output.is_dir():
        raise UserError(f"Cannot write {output}: that is a folder; give a file name ending in .docx.")
    template = Path(template) if template else default_template()
    if template.is_dir():
        raise UserError(f"The report template {template} is a folder, not a .docx file.")
    if not template.is_file():
        raise UserError(f"The report template {template} is missing.")
    context = build_report_context(ctx, date_from, date_to, today, progress)
    render_docx(template, context, output)
    t = context["totals"]
    return ReportSummary(output, t["activities"], t["interactions"], t["stakeholders_reached"], t["feedback"],
                         t["open_actions"])


def report_engagement(ctx: AppContext, options, progress: Progress) -> str:
    """`sdm-desktop report engagement`: write the report for --from/--to and say what it holds."""
    summary = write_engagement_report(ctx, options.date_from, options.date_to, Path(options.output),
                                      Path(options.template) if options.template else None, progress=progress)
    counts = [count_of(summary.activities, "activity", "activities"), count_of(summary.interactions, "interaction"),
              f"{count_of(summary.stakeholders_reached, 'stakeholder')} reached",
              count_of(summary.feedback, "feedback item"), count_of(summary.open_actions, "open action")]
    return f"Engagement report written to {summary.path}: {', '.join(counts)}."


REPORT_KINDS = (
    ReportKind("engagement", "activities by level, stakeholders reached, feedback and what was done, open actions",
               report_engagement, (PERIOD_FROM, PERIOD_TO, WORD_OUTPUT, TEMPLATE)),
)
