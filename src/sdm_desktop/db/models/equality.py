"""Equality monitoring: special category data held apart from the person's record (services/equality), and
anonymous counts for events where there are no names."""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from sdm_desktop.db.models.base import Base, Timestamps, Versioned


class EqualityMonitoring(Versioned, Timestamps, Base):
    """One person's monitoring answers (Census 2021 categories), held only with their explicit consent."""

    __tablename__ = "equality_monitoring"
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), primary_key=True)
    consent_date: Mapped[date] = mapped_column(Date)
    consent_how: Mapped[str] = mapped_column(String(120))
    age_band: Mapped[str | None] = mapped_column(String(20))
    sex: Mapped[str | None] = mapped_column(String(20))
    gender_same_as_birth: Mapped[str | None] = mapped_column(String(20))
    ethnic_group: Mapped[str | None] = mapped_column(String(40))
    disability: Mapped[str | None] = mapped_column(String(20))
    carer: Mapped[str | None] = mapped_column(String(20))
    religion: Mapped[str | None] = mapped_column(String(30))
    sexual_orientation: Mapped[str | None] = mapped_column(String(30))


class AnonymousMonitoring(Versioned, Timestamps, Base):
    """Counts without identities for one activity or training session: how many attended, and of them how many
    in each category (``AnonymousCount``)."""

    __tablename__ = "anonymous_monitoring"
    __table_args__ = (
        CheckConstraint("(activity_id IS NULL) <> (training_session_id IS NULL)", name="one_event"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("activity.id", ondelete="CASCADE"), unique=True)
    training_session_id: Mapped[int | None] = mapped_column(
        ForeignKey("training_session.id", ondelete="CASCADE"), unique=True)
    attended: Mapped[int] = mapped_column(Integer, default=0)

    counts: Mapped[list[AnonymousCount]] = relationship(cascade="all, delete-orphan", passive_deletes=True,
                                                        lazy="selectin")


class AnonymousCount(Base):
    __tablename__ = "anonymous_count"
    __table_args__ = (UniqueConstraint("monitoring_id", "dimension", "category"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    monitoring_id: Mapped[int] = mapped_column(ForeignKey("anonymous_monitoring.id", ondelete="CASCADE"), index=True)
    dimension: Mapped[str] = mapped_column(String(40))
    category: Mapped[str] = mapped_column(String(120))
    count: Mapped[int] = mapped_column(Integer)
