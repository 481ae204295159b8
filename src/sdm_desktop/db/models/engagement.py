"""Engagement plans, activities and the interaction log."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from sdm_desktop.db.models.base import Base, Timestamps, Versioned


class EngagementPlan(Versioned, Timestamps, Base):
    __tablename__ = "engagement_plan"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    objective: Mapped[str | None] = mapped_column(Text)
    owner: Mapped[str | None] = mapped_column(String(120))
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="draft")
    ppe_individual: Mapped[bool] = mapped_column(Boolean, default=False)
    ppe_service: Mapped[bool] = mapped_column(Boolean, default=False)
    ppe_community: Mapped[bool] = mapped_column(Boolean, default=False)

    activities: Mapped[list[Activity]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", passive_deletes=True
    )


class Activity(Versioned, Timestamps, Base):
    __tablename__ = "activity"
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("engagement_plan.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    method: Mapped[str] = mapped_column(String(40), default="meeting")
    ppe_level: Mapped[str | None] = mapped_column(String(20), index=True)
    iap2_level: Mapped[str | None] = mapped_column(String(20))
    owner: Mapped[str | None] = mapped_column(String(120))
    planned_date: Mapped[date | None] = mapped_column(Date, index=True)
    end_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="planned", index=True)
    budget_pence: Mapped[int] = mapped_column(Integer, default=0)
    cost_pence: Mapped[int] = mapped_column(Integer, default=0)
    involvement_payments_pence: Mapped[int] = mapped_column(Integer, default=0)
    expenses_pence: Mapped[int] = mapped_column(Integer, default=0)
    outcome: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)

    plan: Mapped[EngagementPlan] = relationship(back_populates="activities")
    targets: Mapped[list[ActivityTarget]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, lazy="selectin"
    )


class ActivityTarget(Base):
    __tablename__ = "activity_target"
    __table_args__ = (
        CheckConstraint("(organisation_id IS NULL) <> (person_id IS NULL)", name="one_target"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)


class Interaction(Versioned, Timestamps, Base):
    __tablename__ = "interaction"
    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_on: Mapped[date] = mapped_column(Date, index=True)
    channel: Mapped[str | None] = mapped_column(String(30))
    direction: Mapped[str] = mapped_column(String(3), default="out")
    summary: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str | None] = mapped_column(Text)
    action: Mapped[str | None] = mapped_column(Text)
    action_owner: Mapped[str | None] = mapped_column(String(120))
    due_on: Mapped[date | None] = mapped_column(Date, index=True)
    done: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    done_on: Mapped[date | None] = mapped_column(Date)
    is_feedback: Mapped[bool] = mapped_column(Boolean, default=False)
    change_made: Mapped[str | None] = mapped_column(Text)
    response_interaction_id: Mapped[int | None] = mapped_column(
        ForeignKey("interaction.id", ondelete="SET NULL")
    )
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("activity.id", ondelete="CASCADE"), index=True)
