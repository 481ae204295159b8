"""Email drafts for a mailing: one .eml per recipient with an email address, the letter as its body,
marked unsent (X-Unsent: 1) so Outlook opens it as a draft to check and send; nothing is sent from here.
Written beside the Word letters, in the same run, so the letters are recorded on the timelines as usual.
Recipients come from ``select_recipients``, so consent and do-not-contact are honoured as for letters."""

from __future__ import annotations

from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid
from pathlib import Path

from sqlalchemy import select

from sdm_desktop.db.models import Organisation, Person
from sdm_desktop.services.letters.recipients import Recipient

FOLDER = "Email drafts"


@dataclass
class Drafts:
    files: list[Path] = field(default_factory=list)
    no_email: list[str] = field(default_factory=list)       # recipients with no email address: no draft


def addresses(session, recipients: list[Recipient]) -> list[str]:
    """Each recipient's email: the person's, else the group's own."""
    person_email = _emails(session, Person, {r.person_id for r in recipients if r.person_id})
    group_email = _emails(session, Organisation, {r.organisation_id for r in recipients if r.organisation_id})
    out = []
    for r in recipients:
        found = (person_email.get(r.person_id) if r.person_id else None) or group_email.get(r.organisation_id)
        out.append((found or "").strip())
    return out


def _emails(session, model, ids: set[int]) -> dict[int, str | None]:
    wanted, found = sorted(ids), {}
    for start in range(0, len(wanted), 900):
        found.update(session.execute(select(model.id, model.email)
                                     .where(model.id.in_(wanted[start:start + 900]))).all())
    return found


def letter_text(path: Path) -> str:
    from docx import Document

    document = Document(str(path))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("\t".join(cell.text for cell in row.cells))
    text = "\n".join(lines).strip()
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text


def write_drafts(work: Path, recipients: list[Recipient], emails: list[str], letters: list[Path],
                 subject: str, sender: dict[str, str], check=lambda: None) -> Drafts:
    out = Drafts()
    folder = work / FOLDER
    folder.mkdir()
    domain = (sender.get("sender_email") or "sdm-desktop.invalid").rpartition("@")[2] or "sdm-desktop.invalid"
    for recipient, address, letter in zip(recipients, emails, letters, strict=True):
        check()
        if "@" not in address:
            out.no_email.append(recipient.name)
            continue
        message = EmailMessage()
        message["X-Unsent"] = "1"
        if sender.get("sender_email"):
            message["From"] = formataddr((sender.get("sender_name") or "", sender["sender_email"]))
        message["To"] = formataddr((recipient.values.get("recipient_name") or recipient.name, address))
        message["Subject"] = subject
        message["Date"] = formatdate(localtime=True)
        message["Message-ID"] = make_msgid(domain=domain)
        message.set_content(letter_text(letter))
        path = folder / (letter.stem + ".eml")
        path.write_bytes(bytes(message))
        out.files.append(path)
    return out
