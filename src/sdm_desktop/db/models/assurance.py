"""Assurance against a framework of principles (by default NHS England's ten principles for working in
partnership with people and communities, 2022): which plans and activities evidence each principle, and the
team's self-assessment of each for a period."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Column, Date, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from sdm_desktop.db.models.base import Base, Timestamps, Versioned

activity_principles = Table(
    "activity_principle", Base.metadata,
    Column("activity_id", ForeignKey("activity.id", ondelete="CASCADE"), primary_key=True),
    Column("principle_id", ForeignKey("assurance_principle.id", ondelete="CASCADE"), primary_key=True, index=True),
)
plan_principles = Table(
    "plan_principle", Base.metadata,
    Column("plan_id", ForeignKey("engagement_plan.id", ondelete="CASCADE"), primary_key=True),
    Column("principle_id", ForeignKey("assurance_principle.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class AssuranceFramework(Versioned, Timestamps, Base):
    __tablename__ = "assurance_framework"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    source: Mapped[str | None] = mapped_column(Text)

    principles: Mapped[list[AssurancePrinciple]] = relationship(
        back_populates="framework", cascade="all, delete-orphan", passive_deletes=True,
        order_by="AssurancePrinciple.number")


class AssurancePrinciple(Versioned, Timestamps, Base):
    __tablename__ = "assurance_principle"
    id: Mapped[int] = mapped_column(primary_key=True)
    framework_id: Mapped[int] = mapped_column(ForeignKey("assurance_framework.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)

    framework: Mapped[AssuranceFramework] = relationship(back_populates="principles")


class PrincipleRating(Versioned, Timestamps, Base):
    """The team's self-assessment of one principle for one period."""
    __tablename__ = "principle_rating"
    id: Mapped[int] = mapped_column(primary_key=True)
    principle_id: Mapped[int] = mapped_column(ForeignKey("assurance_principle.id", ondelete="CASCADE"), index=True)
    period_from: Mapped[date] = mapped_column(Date)
    period_to: Mapped[date] = mapped_column(Date)
    rating: Mapped[str | None] = mapped_column(String(10))        # red / amber / green, or 0–3
    narrative: Mapped[str | None] = mapped_column(Text)
    evidence: Mapped[str | None] = mapped_column(Text)            # links or references, one per line
