"""Email messages the tests build with the standard library (and write as .eml files)."""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
SAMPLE_MSG = Path(__file__).parent / "data" / "outlook-sample.msg"


def build(sender="Ada Sample <ada@example.org>", to="SDM Team <team@trust.nhs.uk>", subject="PPG meeting",
          body="Hello,\nthe PPG meets on Tuesday.\n", when: datetime | None = datetime(2026, 7, 1, 9, 30),
          message_id: str | None = "<m1@example.org>", html: str | None = None, attachments=(),
          charset: str | None = None, extra_headers: dict | None = None) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = subject
    if when is not None:
        msg["Date"] = format_datetime(when.replace(tzinfo=LONDON))
    if message_id:
        msg["Message-ID"] = message_id
    for key, value in (extra_headers or {}).items():
        msg[key] = value
    if body is not None:
        if charset:
            msg.set_content(body.encode(charset), maintype="text", subtype="plain", cte="quoted-printable")
            msg.replace_header("Content-Type", f"text/plain; charset={charset}")
        else:
            msg.set_content(body)
        if html:
            msg.add_alternative(html, subtype="html")
    elif html:
        msg.set_content(html, subtype="html")
    for name, data, mime in attachments:
        maintype, subtype = mime.split("/")
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return bytes(msg)


def write(folder: Path, name: str, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path


def make_activity(ctx, title="PPG listening event", **fields) -> int:
    from sdm_desktop.services.engagement.activities import ActivityInput, create_activity
    from sdm_desktop.services.engagement.plans import PlanInput, create_plan

    plan = create_plan(ctx, PlanInput(title="Listening plan", ppe_community=True))
    return create_activity(ctx, plan, ActivityInput(title=title, ppe_level="community", **fields))
