"""What was logged with an interaction that came from an email: who it was from and to, when, and the
attachments kept (for the interaction's editor)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from sdm_desktop.db.models import EmailMessage, email_interaction
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.email_log.attachments import FOLDER


@dataclass
class EmailDetails:
    sender: str
    recipients: list[str]
    sent_at: datetime | None
    attachments: list[str]             # names, with why one was not kept or that it is blocked
    folder: Path | None                # where the kept attachments are, if any

    def text(self) -> str:
        when = f"{self.sent_at:%d %b %Y %H:%M}" if self.sent_at else "date unknown"
        parts = [f"From {self.sender or '(erased)'} to {', '.join(self.recipients) or '(erased)'}, {when}"]
        if self.attachments:
            parts.append("Attachments: " + "; ".join(self.attachments))
        return "\n".join(parts)


def email_details(ctx: AppContext, interaction_id: int) -> EmailDetails | None:
    with ctx.session() as s:
        message = s.scalar(select(EmailMessage).join(email_interaction, email_interaction.c.email_id == EmailMessage.id)
                           .where(email_interaction.c.interaction_id == interaction_id))
        if message is None:
            return None
        names = []
        for item in message.attachments:
            if not item.stored_path:
                names.append(f"{item.file_name} ({item.note or 'not kept'})")
            else:
                names.append(item.file_name + (" (could run code: kept with .blocked added, not opened)"
                                               if item.dangerous else ""))
        kept = any(item.stored_path for item in message.attachments)
        folder = ctx.data_dir / FOLDER / str(message.id)
        return EmailDetails(message.sender, [r for r in message.recipients.split("\n") if r], message.sent_at,
                            names, folder if kept and folder.is_dir() else None)
