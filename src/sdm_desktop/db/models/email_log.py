"""Logged emails (one row per message, recognised again by its Message-ID), the interactions each
became, and their attachments kept as files in the data folder (migration 0010)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from sdm_desktop.db.models.base import Base, Timestamps, Versioned

email_interaction = Table(
    "email_interaction",
    Base.metadata,
    Column("email_id", ForeignKey("email_message.id", ondelete="CASCADE"), primary_key=True),
    Column("interaction_id", ForeignKey("interaction.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class EmailMessage(Versioned, Timestamps, Base):
    __tablename__ = "email_message"
    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[str] = mapped_column(String(998), unique=True)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)          # UK local time, as the user saw it
    direction: Mapped[str] = mapped_column(String(3), default="in")
    subject: Mapped[str] = mapped_column(Text, default="")
    sender: Mapped[str] = mapped_column(Text, default="")              # "Name <address>"
    recipients: Mapped[str] = mapped_column(Text, default="")          # one "Name <address>" a line
    source_name: Mapped[str] = mapped_column(Text, default="")         # the dropped file's name
    no_contact_flag: Mapped[bool] = mapped_column(Boolean, default=False)

    attachments: Mapped[list[EmailAttachment]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, lazy="selectin", order_by="EmailAttachment.id")


class EmailAttachment(Versioned, Timestamps, Base):
    __tablename__ = "email_attachment"
    id: Mapped[int] = mapped_column(primary_key=True)
    email_id: Mapped[int] = mapped_column(ForeignKey("email_message.id", ondelete="CASCADE"), index=True)
    file_name: Mapped[str] = mapped_column(Text)
    stored_path: Mapped[str | None] = mapped_column(Text)               # relative to the data folder; None: not kept
    size: Mapped[int] = mapped_column(Integer, default=0)
    content_type: Mapped[str] = mapped_column(String(200), default="")
    dangerous: Mapped[bool] = mapped_column(Boolean, default=False)     # kept, never opened by the app
    note: Mapped[str | None] = mapped_column(Text)                      # why it was not kept
