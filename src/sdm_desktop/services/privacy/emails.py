"""Logged emails in the subject access export and the erase: the messages linked to a person's
interactions, and the attachment files kept with them."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from sdm_desktop.db.models import EmailAttachment, EmailMessage, Interaction, email_interaction


def _email_ids(s: Session, person_id: int) -> list[int]:
    return list(s.scalars(select(email_interaction.c.email_id).distinct()
                          .join(Interaction, Interaction.id == email_interaction.c.interaction_id)
                          .where(Interaction.person_id == person_id)))


def email_count(s: Session, person_id: int) -> int:
    return len(_email_ids(s, person_id))


def emails_section_rows(s: Session, person_id: int) -> list[list]:
    rows = []
    for message in s.scalars(select(EmailMessage).where(EmailMessage.id.in_(_email_ids(s, person_id)))
                             .order_by(EmailMessage.sent_at, EmailMessage.id)):
        names = "; ".join(a.file_name + ("" if a.stored_path else " (not kept)") for a in message.attachments)
        rows.append([message.sent_at, "from them" if message.direction == "in" else "from us", message.subject,
                     message.sender, message.recipients.replace("\n", "; "), message.message_id, names,
                     message.no_contact_flag])
    return rows


EMAIL_HEADERS = ["Sent", "Direction", "Subject", "From", "To", "Message-ID", "Attachments", "Do not contact flag"]


def attachment_files(s: Session, person_id: int, data_dir: Path) -> list[Path]:
    """Kept attachments of the emails logged with this person, that are on disk."""
    stored = s.scalars(select(EmailAttachment.stored_path).where(
        EmailAttachment.email_id.in_(_email_ids(s, person_id)), EmailAttachment.stored_path.is_not(None))
        .order_by(EmailAttachment.id))
    return [data_dir / value for value in stored if (data_dir / value).is_file()]


def erase_emails(s: Session, person_id: int, email_address: str | None, data_dir: Path) -> list[Path]:
    """Forget what the logged emails hold about the person; the attachment files to delete.

    A message with nobody else (only this person's interactions) loses its subject, addresses, file name
    and attachments; one also with other people keeps those and loses only this person's address."""
    to_delete: list[Path] = []
    address = (email_address or "").strip().lower()
    for email_id in _email_ids(s, person_id):
        others = s.scalar(select(func.count()).select_from(email_interaction)
                          .join(Interaction, Interaction.id == email_interaction.c.interaction_id)
                          .where(email_interaction.c.email_id == email_id,
                                 (Interaction.person_id != person_id) | Interaction.person_id.is_(None)))
        message = s.get(EmailMessage, email_id)
        if not others:
            for item in message.attachments:
                if item.stored_path:
                    to_delete.append(data_dir / item.stored_path)
            s.execute(update(EmailAttachment).where(EmailAttachment.email_id == email_id)
                      .values(file_name="(erased)", stored_path=None, note="erased with the person"))
            s.execute(update(EmailMessage).where(EmailMessage.id == email_id)
                      .values(subject="", sender="", recipients="", source_name=""))
        elif address:
            s.execute(update(EmailMessage).where(EmailMessage.id == email_id).values(
                sender=_without(message.sender, address), recipients=_without(message.recipients, address)))
    return to_delete


def _without(text: str, address: str) -> str:
    return "\n".join("(erased)" if address in line.lower() else line for line in (text or "").split("\n"))
