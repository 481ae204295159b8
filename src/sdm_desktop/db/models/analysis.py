"""Stakeholder analysis: dated assessments grouped into review rounds."""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from sdm_desktop.db.models.base import Base, Timestamps, Versioned


class AnalysisRound(Versioned, Timestamps, Base):
    __tablename__ = "analysis_round"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    held_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)


class Assessment(Versioned, Timestamps, Base):
    __tablename__ = "assessment"
    __table_args__ = (
        CheckConstraint(
            "(organisation_id IS NULL) <> (person_id IS NULL)", name="one_subject"
        ),
        CheckConstraint("influence BETWEEN 1 AND 5", name="influence_range"),
        CheckConstraint("interest BETWEEN 1 AND 5", name="interest_range"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    round_id: Mapped[int | None] = mapped_column(
        ForeignKey("analysis_round.id", ondelete="SET NULL"), index=True
    )
    assessed_on: Mapped[date] = mapped_column(Date, index=True)
    influence: Mapped[int] = mapped_column(Integer)
    interest: Mapped[int] = mapped_column(Integer)
    attitude: Mapped[str | None] = mapped_column(String(20))
    involvement_current: Mapped[str | None] = mapped_column(String(20))
    involvement_target: Mapped[str | None] = mapped_column(String(20))
    commitment_current: Mapped[str | None] = mapped_column(String(20))
    commitment_target: Mapped[str | None] = mapped_column(String(20))
    rationale: Mapped[str | None] = mapped_column(Text)
    assessed_by: Mapped[str | None] = mapped_column(String(120))

    round: Mapped[AnalysisRound | None] = relationship()
