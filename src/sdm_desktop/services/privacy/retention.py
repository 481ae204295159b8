"""Retention review: whose data should we decide about now?

A person is listed when
- their "review retention on" date is today or earlier;
- nothing was recorded for them for N months (default 36): no interaction, enrolment, letter,
  resource share or change to their record on or after the day N months before today;
- their lawful basis is consent but their consent to us holding their data is not recorded.
Erased people are never listed. The list is built with one query and a pass in Python, so 100,000
people take well under a second; the GUI runs it in a worker all the same.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select, update

from sdm_desktop.db.models import Enrolment, Interaction, Letter, Person, ShareLog
from sdm_desktop.progress import Progress
from sdm_desktop.services.core import audit
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.core.undo import UndoStep
from sdm_desktop.services.core.versions import Written
from sdm_desktop.services.core.vocab import LAWFUL_BASES, label
from sdm_desktop.services.exporting.tables import Table
from sdm_desktop.services.privacy.common import add_months

DEFAULT_MONTHS = 36
KEEP_MONTHS = 12
DUE, IDLE, NO_CONSENT = "review date reached", "no activity", "consent not recorded"
HEADERS = ["Id", "Name", "Why", "Review on", "Last activity", "Lawful basis", "Consents to holding data",
           "Archived", "Active"]


@dataclass
class ReviewRow:
    id: int
    name: str
    reasons: list[str]
    review_on: date | None
    last_activity: date | None
    lawful_basis: str
    consent_data: bool
    archived: bool
    active: bool
    order: int = 0                   # position in name order (last name, first name)

    @property
    def why(self) -> str:
        parts = []
        for reason in self.reasons:
            if reason == DUE:
                parts.append(f"review date {self.review_on:%d/%m/%Y} reached")
            elif reason == IDLE:
                parts.append(f"no activity since {self.last_activity:%d/%m/%Y}" if self.last_activity
                             else "no activity recorded")
            else:
                parts.append("lawful basis is consent but consent to hold data is not recorded")
        return "; ".join(parts)

    def values(self) -> list:
        return [self.id, self.name, self.why, self.review_on, self.last_activity, self.lawful_basis,
                self.consent_data, self.archived, self.active]


def _day(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    return value


def _latest(column, owner):
    return (select(owner.label("person_id"), func.max(column).label("latest"))
            .where(owner.is_not(None)).group_by(owner).subquery())


def retention_review(ctx: AppContext, months: int = DEFAULT_MONTHS, today: date | None = None,
                     progress: Progress | None = None) -> list[ReviewRow]:
    if months < 1:
        raise ValueError("months must be at least 1")
    today = today or date.today()
    cutoff = add_months(today, -months)
    progress = progress or Progress()
    latest = [_latest(Interaction.occurred_on, Interaction.person_id),
              _latest(Enrolment.updated_at, Enrolment.person_id),
              _latest(Letter.created_at, Letter.person_id), _latest(ShareLog.shared_on, ShareLog.person_id)]
    query = select(Person.id, Person.title, Person.first_name, Person.last_name, Person.retention_review_on,
                   Person.lawful_basis, Person.consent_data, Person.archived_at, Person.active, Person.updated_at,
                   *(sub.c.latest for sub in latest)).where(Person.erased_at.is_(None))
    for sub in latest:
        query = query.outerjoin(sub, sub.c.person_id == Person.id)
    # Sorted by SQL (which lets other threads run); a sort in Python holds the GIL and stalls the GUI.
    # Fetched in batches: a single fetch of 100,000 rows runs in compiled code that keeps the GIL,
    # and the GUI thread would stall for the whole of it.
    query = (query.order_by(func.lower(Person.last_name), func.lower(Person.first_name), Person.id)
             .execution_options(yield_per=1000))
    out: list[ReviewRow] = []
    with ctx.session() as s, _no_full_collections():
        total = s.scalar(select(func.count()).select_from(Person)) or 0
        progress.start(total, "Reviewing retention")
        for n, row in enumerate(s.execute(query), start=1):
            pid, title, first, last, review_on, basis, consent, archived_at, active, updated = row[:10]
            days = [d for d in (_day(v) for v in (updated, *row[10:])) if d is not None]
            last_activity = max(days) if days else None
            reasons = []
            if review_on is not None and review_on <= today:
                reasons.append(DUE)
            if last_activity is None or last_activity < cutoff:
                reasons.append(IDLE)
            if basis == "consent" and not consent:
                reasons.append(NO_CONSENT)
            if reasons:
                out.append(ReviewRow(pid, " ".join(p for p in (title, first, last) if p), reasons, review_on,
                                     last_activity, label(LAWFUL_BASES, basis), bool(consent),
                                     archived_at is not None, bool(active), len(out)))
            if n % 5000 == 0:
                progress.step(5000)
    return out


@contextmanager
def _no_full_collections():
    """Building 50,000 rows sets off Python's full garbage collection, which holds the GIL for 60-200 ms
    and so freezes the GUI thread while this runs in a worker. The rows hold no reference cycles, so
    collection can wait until the list is built."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def review_table(rows: list[ReviewRow]) -> Table:
    return Table(HEADERS, [r.values() for r in rows], len(rows), "Retention review")


def keep_for_another_year(ctx: AppContext, person_ids: list[int], today: date | None = None) -> date:
    """Set the review date a year from today (undoable); returns the new date."""
    new = add_months(today or date.today(), KEEP_MONTHS)
    with ctx.session() as s:
        before: dict[int, date | None] = {}
        for start in range(0, len(person_ids), 900):
            chunk = person_ids[start:start + 900]
            before.update(s.execute(select(Person.id, Person.retention_review_on).where(Person.id.in_(chunk))).all())
            # An edit of each person (their form shows the date): a colleague's form opened before is refused
            s.execute(update(Person).where(Person.id.in_(chunk))
                      .values(retention_review_on=new, row_version=Person.row_version + 1))
        for pid in before:
            audit.record(s, "keep after retention review", "person", pid, review_on=new)
        written = [Written("person", pid, version, "Their retention review date") for start in range(
            0, len(person_ids), 900) for pid, version in s.execute(
            select(Person.id, Person.row_version).where(Person.id.in_(person_ids[start:start + 900])))]
    noun = "1 person" if len(before) == 1 else f"{len(before)} people"
    ctx.undo.push(UndoStep(f"keep {noun} for another year", lambda: _put_back(ctx, before), written))
    return new


def _put_back(ctx: AppContext, before: dict[int, date | None]) -> None:
    with ctx.session() as s:
        for pid, value in before.items():
            s.execute(update(Person).where(Person.id == pid)
                      .values(retention_review_on=value, row_version=Person.row_version + 1))
            audit.record(s, "undo keep after retention review", "person", pid)
