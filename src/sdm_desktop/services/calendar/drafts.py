"""An unsent email (.eml, X-Unsent: 1) per invitee carrying their invitation: opened in Outlook and sent,
it arrives as a meeting request in their calendar. Only their own address is on it; nothing is sent here."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid

from sdm_desktop.services.calendar.ics import Person


def invitation_draft(guest: Person, organiser: Person | None, subject: str, text: str, ics: bytes,
                     method: str) -> bytes:
    message = EmailMessage()
    message["X-Unsent"] = "1"
    if organiser is not None:
        message["From"] = formataddr((organiser.name, organiser.email))
    message["To"] = formataddr((guest.name, guest.email))
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=True)
    domain = organiser.email.rpartition("@")[2] if organiser is not None else "sdm-desktop.invalid"
    message["Message-ID"] = make_msgid(domain=domain or "sdm-desktop.invalid")
    message.set_content(text)
    message.add_attachment(ics, maintype="text", subtype="calendar", filename="invitation.ics",
                           params={"method": method})
    return bytes(message)
