"""Reading one email file (.eml with the standard library's ``email`` package, .msg with ``msg_file``)
into a ``ParsedMessage``: plain data, with attachments as (name, type, bytes)."""

from __future__ import annotations

import email
import email.parser
import email.policy
import email.utils
import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from email import headerregistry
from email.message import EmailMessage
from pathlib import Path
from zoneinfo import ZoneInfo

from sdm_desktop.errors import UserError
from sdm_desktop.services.email_log.body_text import html_to_text, trim_reply

LONDON = ZoneInfo("Europe/London")
MAX_FILE = 50 * 1024 * 1024            # a message file bigger than this is refused, not read into memory
MAX_BODY = 18_000                      # characters of body text kept (an interaction summary holds 20,000)
SUFFIXES = (".eml", ".msg")


@dataclass
class Attachment:
    name: str
    content_type: str
    data: bytes


@dataclass
class ParsedMessage:
    path: Path
    message_id: str
    subject: str
    sender: tuple[str, str]                              # (name, address)
    recipients: list[tuple[str, str]]                    # To and Cc (and Bcc when the file has it)
    sent_at: datetime | None                             # UK local time, naive
    body: str
    attachments: list[Attachment] = field(default_factory=list)

    @property
    def sender_address(self) -> str:
        return self.sender[1]


class _RememberingHeaders(headerregistry.HeaderRegistry):
    """The default policy parses a header again each time it is read (Content-Type a dozen times per message
    while walking its parts); the parsed headers are immutable, so the same text is parsed once."""

    LIMIT = 4096

    def __init__(self) -> None:
        super().__init__()
        self._seen: dict[tuple[str, str], object] = {}

    def __call__(self, name, value):
        key = (name.lower(), value)
        found = self._seen.get(key)
        if found is None:
            if len(self._seen) >= self.LIMIT:
                self._seen.clear()
            found = self._seen[key] = super().__call__(name, value)
        return found


POLICY = email.policy.default.clone(header_factory=_RememberingHeaders())


def parse_eml(path: Path, data: bytes, with_attachments: bool = True, headers_only: bool = False) -> ParsedMessage:
    """``headers_only``: the header block alone is parsed (a preview needs no body: 3-4 times quicker)."""
    if headers_only:
        message = email.parser.BytesHeaderParser(policy=POLICY).parsebytes(data)
    else:
        message = email.message_from_bytes(data, policy=POLICY)
    if not isinstance(message, EmailMessage) or not (message.keys() or message.get_payload()):
        raise UserError(f"{path.name}: not an email message (no headers found).")
    try:
        sender = _first_address(message.get("From"))
        recipients = addresses(*(message.get_all(h) or [] for h in ("To", "Cc", "Bcc")))
        subject = _clean_header(message.get("Subject"))
        sent_at = local_time(_header_date(message.get("Date")))
        body = "" if headers_only else body_of(message)
        attachments = _attachments(message) if with_attachments and not headers_only else []
    except UserError:
        raise
    except Exception as exc:  # noqa: BLE001 - a malformed part is reported for this file, not as a crash
        raise UserError(f"{path.name}: cannot be read as an email ({exc.__class__.__name__}: {exc}).") from exc
    message_id = (_clean_header(message.get("Message-ID")) or fallback_message_id(data)).strip()
    return ParsedMessage(path, message_id, subject, sender, recipients, sent_at, body, attachments)


def fallback_message_id(data: bytes) -> str:
    """A message with no Message-ID is recognised again by its content."""
    return "<sha256-" + hashlib.sha256(data).hexdigest() + "@sdm-desktop.invalid>"


def _clean_header(value) -> str:
    return " ".join(str(value or "").split())


def _header_date(value) -> datetime | None:
    if value is None:
        return None
    try:
        parsed = getattr(value, "datetime", None) or email.utils.parsedate_to_datetime(str(value))
    except (TypeError, ValueError, IndexError):
        return None
    return parsed


def local_time(moment: datetime | None) -> datetime | None:
    """UK local time without a zone (naive times are taken as already local)."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(LONDON).replace(tzinfo=None)


def _first_address(value) -> tuple[str, str]:
    found = addresses([value] if value else [])
    return found[0] if found else ("", "")


def addresses(*header_lists) -> list[tuple[str, str]]:
    values = [str(v) for items in header_lists for v in items if v]
    out: list[tuple[str, str]] = []
    for name, address in email.utils.getaddresses(values):
        address = address.strip().lower()
        if "@" in address and all(address != a for _n, a in out):
            out.append((_clean_header(name), address))
    return out


def body_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, ValueError, AssertionError):          # an unknown charset: decode leniently
        content = (part.get_payload(decode=True) or b"").decode("latin-1", "replace")
    if not isinstance(content, str):
        content = content.decode("latin-1", "replace") if isinstance(content, bytes) else str(content)
    text = html_to_text(content) if part.get_content_type() == "text/html" else content
    return trim_reply(text)[:MAX_BODY]


def _attachments(message: EmailMessage) -> list[Attachment]:
    out = []
    for part in message.iter_attachments():
        data = part.get_payload(decode=True)
        if not isinstance(data, bytes):          # an attached message: keep it as a file too
            data = part.as_bytes() if part.get_content_type() == "message/rfc822" else b""
        name = part.get_filename() or ("message.eml" if part.get_content_type() == "message/rfc822"
                                       else "attachment")
        out.append(Attachment(name, part.get_content_type(), data))
    return out


def sent_on_default(message: ParsedMessage) -> datetime:
    """The date an undated message is logged on: the file's modification time."""
    if message.sent_at is not None:
        return message.sent_at
    try:
        return datetime.fromtimestamp(message.path.stat().st_mtime)
    except OSError:
        return datetime.now()
