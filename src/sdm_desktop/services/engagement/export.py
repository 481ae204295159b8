"""Exports of activities and interactions (CSV/XLSX via services.exporting), consent honoured:
the names of people who may not be contacted are withheld unless asked for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from sdm_desktop.db.models import Activity, Interaction, Organisation, Person
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.engagement.activities import ActivityFilter, list_activities, target_names
from sdm_desktop.services.engagement.interactions import CHANNELS, person_name
from sdm_desktop.services.exporting.kinds import DATE_FROM, DATE_TO, INCLUDE_NO_CONTACT, PPE_LEVEL, ExportKind
from sdm_desktop.services.exporting.tables import Table
from sdm_desktop.services.exporting.withheld import WITHHELD, blocked_person_ids, withheld_note

ACTIVITY_HEADERS = ["id", "plan", "title", "method", "ppe_level", "iap2_level", "owner", "planned_date",
                    "end_date", "status", "overdue", "targets", "budget_gbp", "cost_gbp",
                    "involvement_payments_gbp", "expenses_gbp", "total_spent_gbp", "outcome"]
INTERACTION_HEADERS = ["id", "date", "channel", "direction", "organisation", "person", "activity", "summary",
                       "outcome", "follow_up_action", "action_owner", "due_on", "done", "done_on",
                       "feedback", "change_made", "response_interaction_id"]


@dataclass
class EngagementExportOptions:
    date_from: date | None = None
    date_to: date | None = None
    include_no_contact: bool = False
    ids: list[int] | None = None          # exactly these rows, in this order (export what is shown)


def _pounds(pence: int) -> float:
    return round(pence / 100, 2)


def activities_table(ctx: AppContext, options: EngagementExportOptions | None = None,
                     flt: ActivityFilter | None = None) -> tuple[Table, int]:
    """The activities table and how many target names were withheld."""
    options = options or EngagementExportOptions()
    flt = flt or ActivityFilter(date_from=options.date_from, date_to=options.date_to)
    rows = list_activities(ctx, flt)
    if options.ids is not None:
        wanted = {i: n for n, i in enumerate(options.ids)}
        rows = sorted((r for r in rows if r.id in wanted), key=lambda r: wanted[r.id])
    withheld = 0
    with ctx.session() as s:
        blocked = set() if options.include_no_contact else blocked_person_ids(s)
        targets = target_names(s, [r.id for r in rows])
    out = []
    for r in rows:
        names = []
        for t in targets.get(r.id, []):
            hidden = t.kind == "person" and t.id in blocked
            withheld += hidden
            names.append(WITHHELD if hidden else t.name)
        out.append([r.id, r.plan, r.title, r.method, r.level, r.iap2, r.owner, r.planned_date, r.end_date,
                    r.status, r.overdue, "; ".join(names), _pounds(r.budget_pence), _pounds(r.cost_pence),
                    _pounds(r.involvement_payments_pence), _pounds(r.expenses_pence), _pounds(r.spent_pence),
                    r.outcome])
    return Table(ACTIVITY_HEADERS, out, len(out), "Activities"), withheld


def interactions_table(ctx: AppContext, options: EngagementExportOptions | None = None) -> tuple[Table, int]:
    """The interaction log and how many person names were withheld."""
    options = options or EngagementExportOptions()
    i = Interaction
    query = (select(i.id, i.occurred_on, i.channel, i.direction, Organisation.name, Person.title, Person.first_name,
                    Person.last_name, Activity.title, i.summary, i.outcome, i.action, i.action_owner, i.due_on, i.done,
                    i.done_on, i.is_feedback, i.change_made, i.response_interaction_id, i.person_id)
             .outerjoin(Organisation, Organisation.id == i.organisation_id)
             .outerjoin(Person, Person.id == i.person_id).outerjoin(Activity, Activity.id == i.activity_id))
    if options.ids is not None:
        query = query.where(i.id.in_(options.ids))
    if options.date_from:
        query = query.where(i.occurred_on >= options.date_from)
    if options.date_to:
        query = query.where(i.occurred_on <= options.date_to)
    query = query.order_by(i.occurred_on, i.id)
    withheld = 0
    out = []
    channels = dict(CHANNELS)
    with ctx.session() as s:
        blocked = set() if options.include_no_contact else blocked_person_ids(s)
        for (row_id, on, channel, direction, org, title, first, last, activity, summary, outcome, action, owner, due,
             done, done_on, feedback, change, response, person_id) in s.execute(query):
            name = person_name(title, first, last)
            if person_id is not None and person_id in blocked:
                name, withheld = WITHHELD, withheld + 1
            out.append([row_id, on, channels.get(channel or "", channel), direction, org, name, activity, summary,
                        outcome, action, owner, due, bool(done) if action else None, done_on, bool(feedback), change,
                        response])
    if options.ids is not None:
        position = {row_id: n for n, row_id in enumerate(options.ids)}
        out.sort(key=lambda row: position.get(row[0], 0))
    return Table(INTERACTION_HEADERS, out, len(out), "Interactions"), withheld


def _options_from_args(args) -> EngagementExportOptions:
    return EngagementExportOptions(date_from=getattr(args, "date_from", None), date_to=getattr(args, "date_to", None),
                                   include_no_contact=bool(getattr(args, "include_no_contact", False)))


def export_activities(ctx: AppContext, args) -> tuple[Table, str]:
    """`sdm-desktop export activities`: every activity (planned in --from/--to, at --ppe-level, if given)."""
    options = _options_from_args(args)
    flt = ActivityFilter(date_from=options.date_from, date_to=options.date_to,
                         ppe_level=getattr(args, "ppe_level", None))
    table, withheld = activities_table(ctx, options, flt)
    return table, withheld_note(withheld, args)


def export_interactions(ctx: AppContext, args) -> tuple[Table, str]:
    """`sdm-desktop export interactions`: the whole interaction log (within --from/--to if given)."""
    table, withheld = interactions_table(ctx, _options_from_args(args))
    return table, withheld_note(withheld, args)


PLAN_HEADERS = ["id", "title", "status", "levels", "owner", "start_date", "end_date", "activities", "done",
                "overdue", "budget_gbp", "spent_gbp"]


def plans_table(rows) -> Table:
    """The plan list as shown (rows are services.engagement.PlanRow)."""
    out = [[r.id, r.title, r.status, r.levels, r.owner, r.start_date, r.end_date, r.activities, r.done, r.overdue,
            _pounds(r.budget_pence), _pounds(r.spent_pence)] for r in rows]
    return Table(PLAN_HEADERS, out, len(out), "Plans")


EXPORT_KINDS = (
    ExportKind("activities", "engagement activities: level, status, targets, money budgeted and spent, outcome",
               export_activities, (DATE_FROM, DATE_TO, INCLUDE_NO_CONTACT, PPE_LEVEL)),
    ExportKind("interactions", "the interaction log: who, when, how, what was said and done, follow-ups",
               export_interactions, (DATE_FROM, DATE_TO, INCLUDE_NO_CONTACT)),
)
