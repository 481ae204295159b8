"""Engagement plans: vocabularies, money in pence, plan validation, create/edit/delete/undo, listing.

Activities live in ``services/engagement/activities.py``; interactions in ``services/engagement/interactions.py``.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, fields
from datetime import date

from sqlalchemy import Integer, and_, case, cast, delete, exists, func, or_, select

from sdm_desktop.db.models import Activity, EngagementPlan
from sdm_desktop.services.core import audit, snapshots
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.core.undo import UndoStep
from sdm_desktop.services.core.validation import FieldErrors, ValidationError, check_length, clean
from sdm_desktop.services.core.versions import expect_versions, get_expected, written_row
from sdm_desktop.services.core.vocab import LEVEL_NOT_SET, PPE_LEVELS, codes
from sdm_desktop.services.register.record_ops import get_row

METHODS = [
    ("meeting", "Meeting"), ("workshop", "Workshop"), ("focus_group", "Focus group"), ("survey", "Survey"),
    ("presentation", "Presentation to a group"), ("newsletter", "Newsletter item"),
    ("event_stall", "Event stall"), ("conversation", "1:1 conversation"),
    ("training_session", "Training session"), ("letter", "Letter"), ("other", "Other"),
]
PLAN_STATUSES = [("draft", "Draft"), ("active", "Active"), ("completed", "Completed"), ("cancelled", "Cancelled")]
ACTIVITY_STATUSES = [("planned", "Planned"), ("in_progress", "In progress"), ("done", "Done"),
                     ("cancelled", "Cancelled")]
OPEN_ACTIVITY_STATUSES = ("planned", "in_progress")
PPE_CODES = codes(PPE_LEVELS)
MAX_PENCE = 10_000_000_00          # £10 million: anything bigger is a typing mistake
_POUNDS_RE = re.compile(r"^(\d{1,3}(,\d{3})+|\d+)(\.\d{1,2})?$")


# --- money ------------------------------------------------------------------------------------
def parse_pounds(text: str | None) -> int:
    """'£1,234.5' -> 123450 pence. Blank is 0. Raises ValueError on anything else."""
    value = (text or "").strip().replace("£", "").replace(" ", "")
    if not value:
        return 0
    if not _POUNDS_RE.match(value):
        raise ValueError("is not an amount in pounds (for example 150 or 1,234.50)")
    whole, _, frac = value.replace(",", "").partition(".")
    pence = int(whole) * 100 + int((frac + "00")[:2])
    if pence > MAX_PENCE:
        raise ValueError("is too large (at most £10,000,000)")
    return pence


def format_pence(pence: int | None) -> str:
    pence = pence or 0
    sign = "-" if pence < 0 else ""
    pounds, rest = divmod(abs(pence), 100)
    return f"{sign}£{pounds:,}.{rest:02d}"


def count_of(n: int, singular: str, plural: str | None = None) -> str:
    """'1 activity', '3 activities'."""
    return f"{n:,} {singular if n == 1 else (plural or singular + 's')}"


def check_choice(errors: FieldErrors, name: str, value: str | None, allowed: list[str],
                 required: bool = False) -> None:
    if not value:
        if required:
            errors.add(name, "is required")
        return
    if value not in allowed:
        errors.add(name, f"must be one of {', '.join(allowed)}")


# --- plans ------------------------------------------------------------------------------------
@dataclass
class PlanInput:
    title: str = ""
    objective: str | None = None
    owner: str | None = None
    start_date: date | None = None
    end_date: date | None = None
    status: str = "draft"
    ppe_individual: bool = False
    ppe_service: bool = False
    ppe_community: bool = False

    @classmethod
    def from_row(cls, plan: EngagementPlan) -> PlanInput:
        return cls(**{f.name: getattr(plan, f.name) for f in fields(cls)})

    @property
    def levels(self) -> list[str]:
        return [code for code in PPE_CODES if getattr(self, f"ppe_{code}")]


def validate_plan(data: PlanInput) -> PlanInput:
    errors = FieldErrors()
    out = PlanInput(**asdict(data))
    out.title = clean(data.title) or ""
    out.objective = clean(data.objective)
    out.owner = clean(data.owner)
    if not out.title:
        errors.add("title", "is required")
    check_length(errors, "title", out.title, 200)
    check_length(errors, "owner", out.owner, 120)
    check_length(errors, "objective", out.objective, 20000)
    check_choice(errors, "status", data.status, codes(PLAN_STATUSES), required=True)
    if data.start_date and data.end_date and data.end_date < data.start_date:
        errors.add("end_date", "is before the start date")
    if not out.levels:
        errors.add("ppe_individual", "choose at least one level of patient and public engagement")
    if errors:
        raise ValidationError(errors)
    return out


def create_plan(ctx: AppContext, data: PlanInput) -> int:
    data = validate_plan(data)
    with ctx.session() as s:
        plan = EngagementPlan(**asdict(data))
        s.add(plan)
        s.flush()
        audit.record(s, "create", "engagement_plan", plan.id, title=plan.title)
        plan_id, written = plan.id, written_row(s, plan, data.title)
    ctx.undo.push(UndoStep(f"add plan {data.title}", lambda: delete_rows_silently(ctx, EngagementPlan, [plan_id]),
                           written))
    return plan_id


def get_plan(ctx: AppContext, plan_id: int) -> PlanInput:
    with ctx.session() as s:
        plan = get_row(s, EngagementPlan, plan_id, "engagement plan")
        return PlanInput.from_row(plan)


def update_plan(ctx: AppContext, plan_id: int, data: PlanInput, *, expected_version: int | None = None) -> None:
    """``expected_version`` (the version the editor opened) refuses, with versions.RecordChanged, a save
    over a colleague's change or of a plan deleted since."""
    data = validate_plan(data)
    with ctx.session() as s:
        plan = get_expected(s, EngagementPlan, plan_id, expected_version, lambda p: p.title, data.title)
        before = PlanInput.from_row(plan)
        for name, value in asdict(data).items():
            setattr(plan, name, value)
        audit.record(s, "update", "engagement_plan", plan_id, title=plan.title)
        written = written_row(s, plan, before.title)
    ctx.undo.push(UndoStep(f"edit plan {before.title}", lambda: _restore_plan(ctx, plan_id, before), written))


def _restore_plan(ctx: AppContext, plan_id: int, before: PlanInput) -> None:
    with ctx.session() as s:
        plan = s.get(EngagementPlan, plan_id)
        if plan is not None:
            for name, value in asdict(before).items():
                setattr(plan, name, value)
            audit.record(s, "undo update", "engagement_plan", plan_id)


def delete_plans(ctx: AppContext, plan_ids: list[int], *, expected: dict[int, int] | None = None) -> None:
    """Delete plans with their activities and the interactions logged only on them; contacts with a
    group or person stay on that stakeholder's timeline. Undo puts everything back as it was.
    ``expected`` (id → the version the user saw) refuses the delete of a plan changed since."""
    activities = select(Activity.id).where(Activity.plan_id.in_(list(plan_ids)))
    delete_rows_undoably(ctx, EngagementPlan, plan_ids, "plan", expected=expected,
                         prepare=lambda s, snap: detach_stakeholder_interactions(s, snap, activities))


def detach_stakeholder_interactions(session, snap: snapshots.Snapshot, activity_ids) -> None:
    """Unlink from the activities the interactions that are also with a group or person (the contact
    happened whatever becomes of the plan), noting the link in the snapshot so undo restores it."""
    from sdm_desktop.db.models import Interaction
    table = Interaction.__table__
    kept = and_(table.c.activity_id.in_(activity_ids),
                or_(table.c.organisation_id.is_not(None), table.c.person_id.is_not(None)))
    rows = [dict(r._mapping) for r in session.execute(select(table).where(kept))]
    snap.nulled.extend(("interaction", row, "activity_id", row["activity_id"]) for row in rows)
    if rows:
        session.execute(table.update().where(table.c.id.in_([r["id"] for r in rows])).values(activity_id=None))


@dataclass
class LoggedOn:
    """The interactions logged on activities about to be deleted: those that go with them, and
    those also with a group or person, which stay on that stakeholder's timeline."""
    interactions: int = 0
    with_stakeholder: int = 0

    def phrase(self, them: str = "them") -> str:
        """'' or ' and the 1 interaction logged only on them (2 more, with groups or people, stay on
        their timelines)'."""
        going = self.interactions - self.with_stakeholder
        text = f" and the {count_of(going, 'interaction')} logged only on {them}" if going else ""
        if self.with_stakeholder:
            kept = f"{self.with_stakeholder} more" if going else count_of(self.with_stakeholder, "interaction")
            text += (f" ({kept}, with groups or people, "
                     f"{'stay' if self.with_stakeholder > 1 else 'stays'} on their timelines)")
        return text


def logged_on(ctx: AppContext, *, plan_ids: list[int] = (), activity_ids: list[int] = ()) -> LoggedOn:
    from sdm_desktop.db.models import Interaction
    on = Interaction.activity_id.in_(select(Activity.id).where(
        or_(Activity.plan_id.in_(list(plan_ids)), Activity.id.in_(list(activity_ids)))))
    stakeholder = or_(Interaction.organisation_id.is_not(None), Interaction.person_id.is_not(None))
    with ctx.session() as s:
        total, linked = s.execute(select(func.count(Interaction.id),
                                         func.sum(cast(stakeholder, Integer))).where(on)).one()
    return LoggedOn(total or 0, linked or 0)


def delete_rows_undoably(ctx: AppContext, model, ids: list[int], noun: str, prepare=None,
                         expected: dict[int, int] | None = None) -> None:
    """Delete rows (and what cascades from them) in one transaction; undo restores the snapshot.
    ``prepare(session, snapshot)`` runs first, e.g. to detach rows that should survive. ``expected``
    (id → version seen) refuses the delete of a row changed or deleted since (versions.RecordChanged)."""
    if not ids:
        return
    with ctx.session() as s:
        expect_versions(s, model, expected)
        snap = snapshots.Snapshot()
        if prepare is not None:
            prepare(s, snap)
        snapshots.capture(s, model.__table__, ids, snap)
        s.execute(delete(model).where(model.id.in_(ids)))
        for row_id in ids:
            audit.record(s, "delete", model.__tablename__, row_id)
    label = f"delete {len(ids)} {noun}s" if len(ids) != 1 else f"delete {noun}"
    ctx.undo.push(UndoStep(label, lambda: _restore_snapshot(ctx, snap, model.__tablename__)))


def _restore_snapshot(ctx: AppContext, snap: snapshots.Snapshot, entity: str) -> None:
    with ctx.session() as s:
        snapshots.restore(s, snap)
        audit.record(s, "undo delete", entity)


def delete_rows_silently(ctx: AppContext, model, ids: list[int]) -> None:
    with ctx.session() as s:
        s.execute(delete(model).where(model.id.in_(ids)))
        audit.record(s, "undo create", model.__tablename__, ids[0] if len(ids) == 1 else None)


# --- overdue ----------------------------------------------------------------------------------
def activity_is_overdue(status: str, planned_date: date | None, end_date: date | None, today: date) -> bool:
    """Open (planned or in progress) and its last day is before today. Due today is not overdue."""
    last_day = end_date or planned_date
    return status in OPEN_ACTIVITY_STATUSES and last_day is not None and last_day < today


def activity_overdue_condition(today: date):
    last_day = func.coalesce(Activity.end_date, Activity.planned_date)
    return and_(Activity.status.in_(OPEN_ACTIVITY_STATUSES), last_day.is_not(None), last_day < today)


# --- plan list --------------------------------------------------------------------------------
@dataclass
class PlanFilter:
    ppe_level: str | None = None
    status: str | None = None
    owner: str | None = None          # the plan's owner or the owner of one of its activities
    overdue_only: bool = False        # plans with at least one overdue activity
    date_from: date | None = None     # plans with an activity planned in the period (at ppe_level, if given)
    date_to: date | None = None


@dataclass
class PlanRow:
    id: int
    title: str
    owner: str
    period: str
    status: str
    levels: str
    activities: int
    done: int
    overdue: int
    budget_pence: int
    spent_pence: int
    start_date: date | None = None
    end_date: date | None = None
    row_version: int = 0           # as listed: a delete from the list is refused if it changed since

    @property
    def budget(self) -> str:
        return format_pence(self.budget_pence)

    @property
    def spent(self) -> str:
        return format_pence(self.spent_pence)

    @property
    def progress(self) -> str:
        return f"{self.done} of {self.activities} done" + (f", {self.overdue} overdue" if self.overdue else "")




def activity_level(level: str):
    """Activities at this level, or (LEVEL_NOT_SET) at none of the levels."""
    if level == LEVEL_NOT_SET:
        return or_(Activity.ppe_level.is_(None), Activity.ppe_level.not_in(codes(PPE_LEVELS)))
    return Activity.ppe_level == level


def plan_conditions(f: PlanFilter, today: date) -> list:
    conds = []
    if f.date_from or f.date_to:
        conds.append(exists().where(Activity.plan_id == EngagementPlan.id, *_planned_in(f)))
    if f.ppe_level:
        at_level = exists().where(Activity.plan_id == EngagementPlan.id, activity_level(f.ppe_level))
        flag = None if f.ppe_level == LEVEL_NOT_SET else getattr(EngagementPlan, f"ppe_{f.ppe_level}").is_(True)
        conds.append(at_level if flag is None else or_(flag, at_level))
    if f.status:
        conds.append(EngagementPlan.status == f.status)
    if f.owner:
        conds.append(or_(EngagementPlan.owner == f.owner,
                         exists().where(Activity.plan_id == EngagementPlan.id, Activity.owner == f.owner)))
    if f.overdue_only:
        conds.append(exists().where(Activity.plan_id == EngagementPlan.id, activity_overdue_condition(today)))
    return conds


def _planned_in(f: PlanFilter) -> list:
    conds = [activity_level(f.ppe_level)] if f.ppe_level else []
    if f.date_from:
        conds.append(Activity.planned_date >= f.date_from)
    if f.date_to:
        conds.append(Activity.planned_date <= f.date_to)
    return conds


def format_period(start: date | None, end: date | None) -> str:
    if not start and not end:
        return ""

    def month(day: date | None) -> str:
        return day.strftime("%b %Y") if day else "…"

    return f"{month(start)} – {month(end)}"


def list_plans(ctx: AppContext, f: PlanFilter | None = None, today: date | None = None) -> list[PlanRow]:
    f, today = f or PlanFilter(), today or date.today()
    overdue = func.sum(cast(activity_overdue_condition(today), Integer))
    stats = (select(Activity.plan_id.label("plan_id"), func.count(Activity.id).label("n"),
                    func.sum(cast(Activity.status == "done", Integer)).label("done"),
                    overdue.label("overdue"),
                    func.sum(Activity.budget_pence).label("budget"),
                    func.sum(Activity.cost_pence + Activity.involvement_payments_pence
                             + Activity.expenses_pence).label("spent"))
             .group_by(Activity.plan_id).subquery())
    query = (select(EngagementPlan, stats.c.n, stats.c.done, stats.c.overdue, stats.c.budget, stats.c.spent)
             .outerjoin(stats, stats.c.plan_id == EngagementPlan.id)
             .where(*plan_conditions(f, today))
             .order_by(_status_order(), EngagementPlan.start_date.desc().nulls_last(),
                       func.lower(EngagementPlan.title)))
    with ctx.session() as s:
        return [_plan_row(p, n, done, late, budget, spent) for p, n, done, late, budget, spent in s.execute(query)]


def _status_order():
    """Active plans first, then drafts, completed and cancelled."""
    return case(*((EngagementPlan.status == code, n) for n, code in enumerate(PLAN_STATUS_ORDER)), else_=9)


PLAN_STATUS_ORDER = ["active", "draft", "completed", "cancelled"]


def _plan_row(p: EngagementPlan, n, done, late, budget, spent) -> PlanRow:
    levels = ", ".join(label for code, label in PPE_LEVELS if getattr(p, f"ppe_{code}"))
    return PlanRow(p.id, p.title, p.owner or "", format_period(p.start_date, p.end_date),
                   dict(PLAN_STATUSES).get(p.status, p.status), levels, n or 0, done or 0, late or 0,
                   budget or 0, spent or 0, p.start_date, p.end_date, p.row_version)


def owners(ctx: AppContext) -> list[str]:
    """Everyone named as an owner of a plan, activity or follow-up action, for the filter."""
    from sdm_desktop.db.models import Interaction
    with ctx.session() as s:
        names = set(s.scalars(select(EngagementPlan.owner).where(EngagementPlan.owner.is_not(None))))
        names |= set(s.scalars(select(Activity.owner).where(Activity.owner.is_not(None))))
        names |= set(s.scalars(select(Interaction.action_owner).distinct()
                               .where(Interaction.action_owner.is_not(None))))
    return sorted((n for n in names if n), key=str.casefold)
