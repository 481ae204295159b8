"""Who has a record open for editing on a team database: advisory, refreshed while the editor is open and
ignored once stale, so it can never strand a record the way a lock could."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from sdm_desktop.db.models.base import Base, utcnow


class RecordPresence(Base):
    __tablename__ = "record_presence"
    __table_args__ = (UniqueConstraint("instance", "entity", "record_id", name="uq_record_presence_open"),
                      Index("ix_record_presence_record", "entity", "record_id"))
    id: Mapped[int] = mapped_column(primary_key=True)
    entity: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[int] = mapped_column(Integer)
    actor: Mapped[str] = mapped_column(String(120))
    instance: Mapped[str] = mapped_column(String(36))          # one running app
    since: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    seen_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
