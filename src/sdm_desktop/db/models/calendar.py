"""Calendar events written to .ics files: a stable UID per session, activity or follow-up, and the
SEQUENCE that goes up when what was sent changes (migration 0010). The app's own
bookkeeping: nobody edits these rows."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from sdm_desktop.db.models.base import Base, Timestamps


class CalendarEvent(Timestamps, Base):
    __tablename__ = "calendar_event"
    __table_args__ = (UniqueConstraint("source_kind", "source_id", name="uq_calendar_event_source"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    source_kind: Mapped[str] = mapped_column(String(20))                # session, activity, followup
    source_id: Mapped[int] = mapped_column(Integer)
    scope: Mapped[str] = mapped_column(String(40), default="", index=True)   # e.g. "cohort:3": whose sessions
    uid: Mapped[str] = mapped_column(String(120), unique=True)
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    fingerprint: Mapped[str] = mapped_column(String(64), default="")
    label: Mapped[str] = mapped_column(String(300), default="")         # for the cancellation of a deleted one
    starts_at: Mapped[datetime | None] = mapped_column(DateTime)       # as last sent (for a cancellation)
    all_day: Mapped[bool] = mapped_column(Boolean, default=False)
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime)
