"""Letter templates, letter runs and each letter written."""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from sdm_desktop.db.models.base import Base, Timestamps, Versioned


class LetterTemplate(Versioned, Timestamps, Base):
    __tablename__ = "letter_template"
    __table_args__ = (UniqueConstraint("name", "version"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), default="letter")
    file_name: Mapped[str] = mapped_column(String(300))
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    bundled: Mapped[bool] = mapped_column(Boolean, default=False)


class LetterRun(Timestamps, Base):
    __tablename__ = "letter_run"
    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int | None] = mapped_column(ForeignKey("letter_template.id", ondelete="SET NULL"))
    template_name: Mapped[str] = mapped_column(String(200))
    output_dir: Mapped[str] = mapped_column(Text)
    combined_path: Mapped[str | None] = mapped_column(Text)
    pdf_path: Mapped[str | None] = mapped_column(Text)
    recipient_count: Mapped[int] = mapped_column(Integer, default=0)
    excluded_count: Mapped[int] = mapped_column(Integer, default=0)
    filters: Mapped[str | None] = mapped_column(Text)

    letters: Mapped[list[Letter]] = relationship(cascade="all, delete-orphan", passive_deletes=True)


class Letter(Timestamps, Base):
    __tablename__ = "letter"
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("letter_run.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    template_name: Mapped[str] = mapped_column(String(200))
    template_version: Mapped[int] = mapped_column(Integer, default=1)
    file_path: Mapped[str | None] = mapped_column(Text)
    purpose: Mapped[str | None] = mapped_column(String(40))
