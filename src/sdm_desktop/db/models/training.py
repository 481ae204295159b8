"""Train-the-trainer: programmes, cohorts, sessions, enrolments, attendance, evaluation."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from sdm_desktop.db.models.base import Base, Timestamps, Versioned


class Programme(Versioned, Timestamps, Base):
    __tablename__ = "programme"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str | None] = mapped_column(Text)
    learning_outcomes: Mapped[str | None] = mapped_column(Text)
    sessions_required: Mapped[int] = mapped_column(Integer, default=1)
    is_train_the_trainer: Mapped[bool] = mapped_column(Boolean, default=False)

    cohorts: Mapped[list[Cohort]] = relationship(
        back_populates="programme", cascade="all, delete-orphan", passive_deletes=True
    )


class Cohort(Versioned, Timestamps, Base):
    __tablename__ = "cohort"
    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    venue: Mapped[str | None] = mapped_column(String(300))
    online: Mapped[bool] = mapped_column(Boolean, default=False)
    facilitators: Mapped[str | None] = mapped_column(String(300))
    capacity: Mapped[int] = mapped_column(Integer, default=12)
    trainer_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), index=True
    )

    programme: Mapped[Programme] = relationship(back_populates="cohorts")
    sessions: Mapped[list[TrainingSession]] = relationship(
        back_populates="cohort", cascade="all, delete-orphan", passive_deletes=True,
        order_by="TrainingSession.starts_at",
    )
    enrolments: Mapped[list[Enrolment]] = relationship(
        back_populates="cohort", cascade="all, delete-orphan", passive_deletes=True
    )


class TrainingSession(Versioned, Base):
    __tablename__ = "training_session"
    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id", ondelete="CASCADE"), index=True)
    starts_at: Mapped[datetime] = mapped_column(DateTime)
    duration_minutes: Mapped[int] = mapped_column(Integer, default=120)
    topic: Mapped[str | None] = mapped_column(String(300))

    cohort: Mapped[Cohort] = relationship(back_populates="sessions")


class Enrolment(Versioned, Timestamps, Base):
    __tablename__ = "enrolment"
    __table_args__ = (UniqueConstraint("cohort_id", "person_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="enrolled", index=True)
    waiting_position: Mapped[int | None] = mapped_column(Integer)
    trained_by_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), index=True
    )
    completed_on: Mapped[date | None] = mapped_column(Date)
    completion_override: Mapped[bool | None] = mapped_column(Boolean)
    override_reason: Mapped[str | None] = mapped_column(Text)
    certificate_issued_on: Mapped[date | None] = mapped_column(Date)
    reaction_score: Mapped[int | None] = mapped_column(Integer)
    confidence_before: Mapped[int | None] = mapped_column(Integer)
    confidence_after: Mapped[int | None] = mapped_column(Integer)

    cohort: Mapped[Cohort] = relationship(back_populates="enrolments")


class Attendance(Versioned, Base):
    __tablename__ = "attendance"
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolment.id", ondelete="CASCADE"), primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("training_session.id", ondelete="CASCADE"), primary_key=True
    )
    attended: Mapped[bool] = mapped_column(Boolean, default=True)


class CohortEvaluation(Versioned, Timestamps, Base):
    """Kirkpatrick notes per cohort: reaction, learning, behaviour, results."""

    __tablename__ = "cohort_evaluation"
    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id", ondelete="CASCADE"), index=True)
    level: Mapped[str] = mapped_column(String(20))
    recorded_on: Mapped[date] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
