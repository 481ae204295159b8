"""The follow-up list across the programme: open actions, overdue and due this week first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import case, func, select

from sdm_desktop.db.models import Interaction
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.engagement.interactions import InteractionRow, interaction_query, to_row

WEEK_DAYS = 7
BUCKETS = [("overdue", "Overdue"), ("this_week", "Due this week"), ("later", "Later"), ("done", "Done")]
BUCKET_NAMES = dict(BUCKETS)


def week_end(today: date) -> date:
    """The last day of 'due this week': today and the six days after it."""
    return today + timedelta(days=WEEK_DAYS - 1)


def follow_up_bucket(due_on: date | None, done: bool, today: date) -> str:
    """overdue: due before today; this_week: due today up to six days ahead; later; done."""
    if done:
        return "done"
    if due_on is None:
        return "later"
    if due_on < today:
        return "overdue"
    if due_on <= week_end(today):
        return "this_week"
    return "later"


@dataclass
class FollowUpFilter:
    owner: str | None = None
    bucket: str | None = None          # one of BUCKETS' codes, or None for every open action
    include_done: bool = False
    limit: int | None = None


@dataclass
class FollowUp:
    row: InteractionRow
    bucket: str

    @property
    def id(self) -> int:
        return self.row.id

    @property
    def bucket_text(self) -> str:
        return BUCKET_NAMES[self.bucket]


def _bucket_order(today: date):
    return case((Interaction.done.is_(True), 3), (Interaction.due_on < today, 0),
                (Interaction.due_on <= week_end(today), 1), else_=2)


def _conditions(f: FollowUpFilter, today: date) -> list:
    conds = [Interaction.action.is_not(None)]
    if not f.include_done and f.bucket != "done":
        conds.append(Interaction.done.is_(False))
    if f.owner:
        conds.append(Interaction.action_owner == f.owner)
    if f.bucket == "overdue":
        conds.append(Interaction.due_on < today)
    elif f.bucket == "this_week":
        conds += [Interaction.due_on >= today, Interaction.due_on <= week_end(today)]
    elif f.bucket == "later":
        conds.append(Interaction.due_on > week_end(today))
    elif f.bucket == "done":
        conds.append(Interaction.done.is_(True))
    return conds


def follow_ups(ctx: AppContext, f: FollowUpFilter | None = None, today: date | None = None) -> list[FollowUp]:
    f, today = f or FollowUpFilter(), today or date.today()
    query = (interaction_query().where(*_conditions(f, today))
             .order_by(_bucket_order(today), Interaction.due_on, Interaction.id))
    if f.limit:
        query = query.limit(f.limit)
    with ctx.session() as s:
        rows = [to_row(*r) for r in s.execute(query)]
    return [FollowUp(r, follow_up_bucket(r.due_on, r.done, today)) for r in rows]


@dataclass
class FollowUpCounts:
    overdue: int = 0
    this_week: int = 0
    later: int = 0

    @property
    def needing_attention(self) -> int:
        return self.overdue + self.this_week

    @property
    def open(self) -> int:
        return self.overdue + self.this_week + self.later


def follow_up_counts(ctx: AppContext, today: date | None = None) -> FollowUpCounts:
    today = today or date.today()
    bucket = _bucket_order(today)
    with ctx.session() as s:
        rows = s.execute(select(bucket, func.count(Interaction.id))
                         .where(Interaction.action.is_not(None), Interaction.done.is_(False))
                         .group_by(bucket))
        counts = dict(rows.all())
    return FollowUpCounts(counts.get(0, 0), counts.get(1, 0), counts.get(2, 0))
