"""Consultation responses (migration 0012): the questions of an activity's survey or consultation, each
response and its answers, a codebook of themes, the themes each coder applied to an answer, quotes kept
under a theme, and the "you said, we did" entries a theme led to."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from sdm_desktop.db.models.base import Base, Timestamps, Versioned

QUESTION_KINDS = ("free_text", "single_choice", "multiple_choice", "number", "date")
QUESTION_PURPOSES = ("question", "quote_consent", "equality", "group")
SENTIMENTS = ("positive", "negative", "mixed", "neutral")

theme_feedback = Table(
    "consultation_theme_feedback",
    Base.metadata,
    Column("theme_id", ForeignKey("consultation_theme.id", ondelete="CASCADE"), primary_key=True),
    Column("interaction_id", ForeignKey("interaction.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class ConsultationQuestion(Versioned, Timestamps, Base):
    """One question of an activity's form. ``purpose`` says what the app does with it besides counting:
    ``quote_consent`` (may we quote you?), ``equality`` (kept as anonymous counts only) or ``group``."""

    __tablename__ = "consultation_question"
    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20), default="free_text")
    purpose: Mapped[str] = mapped_column(String(20), default="question")
    equality_field: Mapped[str | None] = mapped_column(String(40))      # e.g. "age_band" for purpose=equality
    choices: Mapped[str | None] = mapped_column(Text)                   # one choice a line, in the form's order


class ConsultationResponse(Versioned, Timestamps, Base):
    """One respondent's answers. Anonymous unless the import kept identifying columns on purpose or the user
    matched it to a person (only then is there an interaction for it)."""

    __tablename__ = "consultation_response"
    __table_args__ = (UniqueConstraint("activity_id", "source_key", name="uq_consultation_response_source"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id", ondelete="CASCADE"), index=True)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id", ondelete="SET NULL"), index=True)
    source_key: Mapped[str] = mapped_column(String(200))                # the tool's response ID, or a content hash
    source: Mapped[str] = mapped_column(String(30), default="typed")    # "forms", "surveymonkey", ..., "typed"
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)
    respondent_name: Mapped[str | None] = mapped_column(Text)           # kept only on purpose
    respondent_email: Mapped[str | None] = mapped_column(Text)          # kept only on purpose
    quote_consent: Mapped[bool | None] = mapped_column(Boolean)         # None: not asked
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"), index=True)
    interaction_id: Mapped[int | None] = mapped_column(ForeignKey("interaction.id", ondelete="SET NULL"))
    review_on: Mapped[date | None] = mapped_column(Date, index=True)    # retention review date

    answers: Mapped[list[ConsultationAnswer]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="ConsultationAnswer.question_id")


class ConsultationAnswer(Versioned, Base):
    __tablename__ = "consultation_answer"
    __table_args__ = (UniqueConstraint("response_id", "question_id", name="uq_consultation_answer_question"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("consultation_response.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(
        ForeignKey("consultation_question.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text, default="")                 # multiple choice: one choice a line
    number: Mapped[float | None] = mapped_column(Float)                 # rating / number questions


class ConsultationTheme(Versioned, Timestamps, Base):
    """A theme in a codebook: the activity's own, or shared by every activity of a plan (activity_id None)."""

    __tablename__ = "consultation_theme"
    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("activity.id", ondelete="CASCADE"), index=True)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("engagement_plan.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("consultation_theme.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    example: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)           # number key 1-9 follows this order

    feedback: Mapped[list] = relationship("Interaction", secondary=theme_feedback, lazy="selectin")


class AnswerCoding(Base):
    """That ``coder`` has read an answer (the row exists once they have), with the sentiment they marked."""

    __tablename__ = "consultation_answer_coding"
    __table_args__ = (UniqueConstraint("answer_id", "coder", name="uq_consultation_answer_coding_coder"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("consultation_answer.id", ondelete="CASCADE"))
    coder: Mapped[str] = mapped_column(String(120))
    sentiment: Mapped[str | None] = mapped_column(String(10))
    coded_at: Mapped[datetime | None] = mapped_column(DateTime)


class AnswerTheme(Base):
    """One theme one coder applied to one answer."""

    __tablename__ = "consultation_answer_theme"
    __table_args__ = (UniqueConstraint("answer_id", "theme_id", "coder", name="uq_consultation_answer_theme"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("consultation_answer.id", ondelete="CASCADE"))
    theme_id: Mapped[int] = mapped_column(ForeignKey("consultation_theme.id", ondelete="CASCADE"), index=True)
    coder: Mapped[str] = mapped_column(String(120))


class ConsultationQuote(Versioned, Timestamps, Base):
    """A phrase kept from an answer as a quote under a theme (names are redacted when it is used)."""

    __tablename__ = "consultation_quote"
    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("consultation_answer.id", ondelete="CASCADE"), index=True)
    theme_id: Mapped[int | None] = mapped_column(
        ForeignKey("consultation_theme.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
