"""Activities in an engagement plan: who they target, IAP2 level, dates, status, money; listing and totals."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from datetime import date

from sqlalchemy import func, select

from sdm_desktop.db.models import Activity, ActivityTarget, EngagementPlan, Organisation, Person
from sdm_desktop.services.core import audit
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.core.undo import UndoStep
from sdm_desktop.services.core.validation import FieldErrors, ValidationError, check_length, clean
from sdm_desktop.services.core.versions import get_expected, mark_changed, written_row
from sdm_desktop.services.core.vocab import IAP2_LEVELS, PPE_LEVELS, codes, label
from sdm_desktop.services.engagement.plans import (
    ACTIVITY_STATUSES,
    MAX_PENCE,
    METHODS,
    PPE_CODES,
    activity_is_overdue,
    activity_level,
    activity_overdue_condition,
    check_choice,
    delete_rows_silently,
    delete_rows_undoably,
    detach_stakeholder_interactions,
    format_pence,
)
from sdm_desktop.services.register.record_ops import get_row

MONEY_FIELDS = ("budget_pence", "cost_pence", "involvement_payments_pence", "expenses_pence")


@dataclass(frozen=True)
class TargetRef:
    kind: str          # "organisation" or "person"
    id: int
    name: str = field(default="", compare=False)
    archived: bool = field(default=False, compare=False)

    @property
    def label(self) -> str:
        return self.name + (" (archived)" if self.archived else "")


@dataclass
class ActivityInput:
    title: str = ""
    method: str = "meeting"
    ppe_level: str | None = None
    iap2_level: str | None = None
    owner: str | None = None
    planned_date: date | None = None
    end_date: date | None = None
    status: str = "planned"
    budget_pence: int = 0
    cost_pence: int = 0
    involvement_payments_pence: int = 0
    expenses_pence: int = 0
    outcome: str | None = None
    notes: str | None = None
    targets: list[TargetRef] = field(default_factory=list)

    def row_values(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "targets"}


def validate_activity(data: ActivityInput) -> ActivityInput:
    errors = FieldErrors()
    out = ActivityInput(**{**asdict(data), "targets": list(data.targets)})
    out.title = clean(data.title) or ""
    if not out.title:
        errors.add("title", "is required")
    for name, limit in (("title", 200), ("owner", 120), ("outcome", 20000), ("notes", 20000)):
        value = out.title if name == "title" else clean(getattr(data, name))
        setattr(out, name, value)
        check_length(errors, name, value, limit)
    check_choice(errors, "method", data.method, codes(METHODS), required=True)
    check_choice(errors, "ppe_level", data.ppe_level, PPE_CODES, required=True)
    check_choice(errors, "iap2_level", data.iap2_level, codes(IAP2_LEVELS))
    check_choice(errors, "status", data.status, codes(ACTIVITY_STATUSES), required=True)
    if data.planned_date and data.end_date and data.end_date < data.planned_date:
        errors.add("end_date", "is before the planned date")
    for name in MONEY_FIELDS:
        value = getattr(data, name)
        if not isinstance(value, int) or value < 0 or value > MAX_PENCE:
            errors.add(name, "must be an amount between £0 and £10,000,000")
    out.targets = list(dict.fromkeys(t for t in data.targets if t.kind in ("organisation", "person")))
    if errors:
        raise ValidationError(errors)
    return out


def _apply(activity: Activity, data: ActivityInput) -> None:
    for name, value in data.row_values().items():
        setattr(activity, name, value)
    wanted = [(t.id if t.kind == "organisation" else None, t.id if t.kind == "person" else None)
              for t in data.targets]
    if wanted == [(t.organisation_id, t.person_id) for t in activity.targets]:
        return
    if activity.id is not None:
        mark_changed(activity)        # only its targets changed: still an edit a colleague's form must see
    activity.targets = [ActivityTarget(organisation_id=t.id if t.kind == "organisation" else None,
                                       person_id=t.id if t.kind == "person" else None) for t in data.targets]


def create_activity(ctx: AppContext, plan_id: int, data: ActivityInput) -> int:
    data = validate_activity(data)
    with ctx.session() as s:
        get_row(s, EngagementPlan, plan_id, "engagement plan")
        _check_targets(s, data.targets, [])
        activity = Activity(plan_id=plan_id)
        _apply(activity, data)
        s.add(activity)
        s.flush()
        audit.record(s, "create", "activity", activity.id, title=activity.title, plan_id=plan_id)
        new_id, written = activity.id, written_row(s, activity, data.title)
    ctx.undo.push(UndoStep(f"add activity {data.title}", lambda: delete_rows_silently(ctx, Activity, [new_id]),
                           written))
    return new_id


def _check_targets(session, targets: list[TargetRef], already: list[TargetRef]) -> None:
    """Every target exists; a group or person archived since it was targeted stays, a new one is refused."""
    for t in targets:
        model = Organisation if t.kind == "organisation" else Person
        row = session.get(model, t.id)
        if row is None:
            raise ValidationError(FieldErrors({"targets": f"{t.kind} {t.id} does not exist"}))
        if row.archived_at is not None and t not in already:
            name = row.name if t.kind == "organisation" else row.display_name
            raise ValidationError(FieldErrors({"targets": (
                f"cannot include {name}: archived; restore the record in Stakeholders first")}))


def get_activity(ctx: AppContext, activity_id: int) -> ActivityInput:
    with ctx.session() as s:
        activity = get_row(s, Activity, activity_id, "activity")
        values = {f.name: getattr(activity, f.name) for f in fields(ActivityInput) if f.name != "targets"}
        names = target_names(s, [activity.id])
        return ActivityInput(**values, targets=names.get(activity.id, []))


def activity_plan_id(ctx: AppContext, activity_id: int) -> int | None:
    with ctx.session() as s:
        return s.scalar(select(Activity.plan_id).where(Activity.id == activity_id))


def update_activity(ctx: AppContext, activity_id: int, data: ActivityInput, *,
                    expected_version: int | None = None) -> None:
    """``expected_version`` (the version the editor opened) refuses a save over a colleague's change."""
    data = validate_activity(data)
    with ctx.session() as s:
        activity = get_expected(s, Activity, activity_id, expected_version, lambda a: a.title, data.title)
        before = ActivityInput(**{f.name: getattr(activity, f.name) for f in fields(ActivityInput)
                                  if f.name != "targets"}, targets=target_names(s, [activity_id]).get(activity_id, []))
        _check_targets(s, data.targets, before.targets)
        _apply(activity, data)
        audit.record(s, "update", "activity", activity_id, title=activity.title)
        written = written_row(s, activity, before.title)
    ctx.undo.push(UndoStep(f"edit activity {before.title}", lambda: _restore(ctx, activity_id, before), written))


def _restore(ctx: AppContext, activity_id: int, before: ActivityInput) -> None:
    with ctx.session() as s:
        activity = s.get(Activity, activity_id)
        if activity is not None:
            _apply(activity, before)
            audit.record(s, "undo update", "activity", activity_id)


def delete_activities(ctx: AppContext, activity_ids: list[int], *, expected: dict[int, int] | None = None) -> None:
    """Delete activities and the interactions logged only on them (see ``delete_plans``); ``expected``
    (id → version seen) refuses the delete of one changed since."""
    ids = list(activity_ids)
    delete_rows_undoably(ctx, Activity, ids, "activity", expected=expected,
                         prepare=lambda s, snap: detach_stakeholder_interactions(s, snap, ids))


def target_names(session, activity_ids: list[int]) -> dict[int, list[TargetRef]]:
    out: dict[int, list[TargetRef]] = {}
    for start in range(0, len(activity_ids), 900):
        chunk = activity_ids[start:start + 900]
        rows = session.execute(
            select(ActivityTarget.activity_id, ActivityTarget.organisation_id, Organisation.name,
                   Organisation.archived_at, ActivityTarget.person_id, Person.title, Person.first_name,
                   Person.last_name, Person.archived_at)
            .outerjoin(Organisation, Organisation.id == ActivityTarget.organisation_id)
            .outerjoin(Person, Person.id == ActivityTarget.person_id)
            .where(ActivityTarget.activity_id.in_(chunk)).order_by(ActivityTarget.id))
        for act_id, org_id, org_name, org_archived, person_id, title, first, last, person_archived in rows:
            ref = (TargetRef("organisation", org_id, org_name, org_archived is not None) if org_id else
                   TargetRef("person", person_id, " ".join(p for p in (title, first, last) if p),
                             person_archived is not None))
            out.setdefault(act_id, []).append(ref)
    return out


# --- listing ----------------------------------------------------------------------------------
@dataclass
class ActivityFilter:
    plan_id: int | None = None
    ppe_level: str | None = None
    status: str | None = None
    owner: str | None = None
    overdue_only: bool = False
    date_from: date | None = None     # planned date within the period
    date_to: date | None = None


@dataclass
class ActivityRow:
    id: int
    plan_id: int
    plan: str
    title: str
    method: str
    level: str
    level_code: str
    iap2: str
    owner: str
    planned_date: date | None
    end_date: date | None
    status: str
    status_code: str
    budget_pence: int
    cost_pence: int
    involvement_payments_pence: int
    expenses_pence: int
    overdue: bool
    targets: str
    outcome: str
    row_version: int = 0           # as listed: a delete from the list is refused if it changed since

    @property
    def spent_pence(self) -> int:
        return self.cost_pence + self.involvement_payments_pence + self.expenses_pence

    @property
    def budget(self) -> str:
        return format_pence(self.budget_pence)

    @property
    def spent(self) -> str:
        return format_pence(self.spent_pence)

    @property
    def when(self) -> str:
        if not self.planned_date:
            return ""
        text = self.planned_date.strftime("%d %b %Y")
        if self.end_date and self.end_date != self.planned_date:
            text += f" – {self.end_date.strftime('%d %b %Y')}"
        return text

    @property
    def status_text(self) -> str:
        return self.status + (" (overdue)" if self.overdue else "")


def activity_conditions(f: ActivityFilter, today: date) -> list:
    conds = []
    if f.plan_id is not None:
        conds.append(Activity.plan_id == f.plan_id)
    if f.ppe_level:
        conds.append(activity_level(f.ppe_level))
    if f.status:
        conds.append(Activity.status == f.status)
    if f.owner:
        conds.append(Activity.owner == f.owner)
    if f.overdue_only:
        conds.append(activity_overdue_condition(today))
    if f.date_from:
        conds.append(Activity.planned_date >= f.date_from)
    if f.date_to:
        conds.append(Activity.planned_date <= f.date_to)
    return conds


def list_activities(ctx: AppContext, f: ActivityFilter | None = None, today: date | None = None) -> list[ActivityRow]:
    f, today = f or ActivityFilter(), today or date.today()
    query = (select(Activity, EngagementPlan.title).join(EngagementPlan)
             .where(*activity_conditions(f, today))
             .order_by(Activity.planned_date.is_(None), Activity.planned_date, Activity.id))
    with ctx.session() as s:
        pairs = list(s.execute(query))
        targets = target_names(s, [a.id for a, _ in pairs])
        return [_row(a, plan_title, targets.get(a.id, []), today) for a, plan_title in pairs]


def _row(a: Activity, plan_title: str, targets: list[TargetRef], today: date) -> ActivityRow:
    return ActivityRow(
        a.id, a.plan_id, plan_title, a.title, label(METHODS, a.method), label(PPE_LEVELS, a.ppe_level),
        a.ppe_level or "", label(IAP2_LEVELS, a.iap2_level), a.owner or "", a.planned_date, a.end_date,
        label(ACTIVITY_STATUSES, a.status), a.status, a.budget_pence or 0, a.cost_pence or 0,
        a.involvement_payments_pence or 0, a.expenses_pence or 0,
        activity_is_overdue(a.status, a.planned_date, a.end_date, today),
        "; ".join(t.label for t in targets), a.outcome or "", a.row_version)


@dataclass
class CostTotals:
    budget_pence: int = 0
    cost_pence: int = 0
    involvement_payments_pence: int = 0
    expenses_pence: int = 0

    @property
    def spent_pence(self) -> int:
        return self.cost_pence + self.involvement_payments_pence + self.expenses_pence

    @property
    def remaining_pence(self) -> int:
        return self.budget_pence - self.spent_pence

    def formatted(self) -> dict[str, str]:
        return {"budget": format_pence(self.budget_pence), "cost": format_pence(self.cost_pence),
                "involvement_payments": format_pence(self.involvement_payments_pence),
                "expenses": format_pence(self.expenses_pence), "spent": format_pence(self.spent_pence),
                "remaining": format_pence(self.remaining_pence)}


def cost_totals(rows: list[ActivityRow], include_cancelled: bool = True) -> CostTotals:
    totals = CostTotals()
    for row in rows:
        if not include_cancelled and row.status_code == "cancelled":
            continue
        for name in MONEY_FIELDS:
            setattr(totals, name, getattr(totals, name) + getattr(row, name))
    return totals


def counts_by_level(ctx: AppContext, f: ActivityFilter | None = None) -> dict[str, int]:
    """How many activities at each level of engagement (every level present, zero if none)."""
    f = f or ActivityFilter()
    counts = {code: 0 for code in PPE_CODES}
    with ctx.session() as s:
        for level, n in s.execute(select(Activity.ppe_level, func.count(Activity.id))
                                  .where(*activity_conditions(f, date.today()))
                                  .group_by(Activity.ppe_level)):
            if level in counts:
                counts[level] = n
    return counts


def person_choices(ctx: AppContext, text: str = "", limit: int = 50) -> list[tuple[int, str]]:
    """(id, name) of people whose details match the text typed, for pickers."""
    from sdm_desktop.services.core.text import like_escape, search_terms
    terms = [Person.search_text.like(f"%{like_escape(t)}%", escape="\\") for t in search_terms(text)]
    with ctx.session() as s:
        rows = s.execute(select(Person.id, Person.title, Person.first_name, Person.last_name)
                         .where(Person.archived_at.is_(None), *terms)
                         .order_by(func.lower(Person.last_name), func.lower(Person.first_name)).limit(limit))
        return [(r[0], " ".join(p for p in (r[1], r[2], r[3]) if p)) for r in rows]


def activity_choices(ctx: AppContext, text: str = "", limit: int = 50) -> list[tuple[int, str]]:
    """(id, "title (plan)") of activities whose title or plan matches the text typed."""
    from sdm_desktop.services.core.text import like_escape
    pattern = f"%{like_escape(text.strip())}%"
    with ctx.session() as s:
        rows = s.execute(select(Activity.id, Activity.title, EngagementPlan.title).join(EngagementPlan)
                         .where(Activity.title.ilike(pattern, escape="\\")
                                | EngagementPlan.title.ilike(pattern, escape="\\"))
                         .order_by(Activity.planned_date.desc(), Activity.id).limit(limit))
        return [(r[0], f"{r[1]} ({r[2]})") for r in rows]


def activity_label(ctx: AppContext, activity_id: int | None) -> str:
    if activity_id is None:
        return ""
    with ctx.session() as s:
        row = s.execute(select(Activity.title, EngagementPlan.title).join(EngagementPlan)
                        .where(Activity.id == activity_id)).first()
        return f"{row[0]} ({row[1]})" if row else ""
