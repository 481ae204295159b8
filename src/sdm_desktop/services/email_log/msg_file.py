"""Outlook .msg files (MS-OXMSG: a compound file of MAPI property streams), read with ``olefile``.

Why olefile and not extract-msg: extract-msg is GPL-3.0, which would bind the licence of the whole
bundle; olefile (BSD-2-Clause) reads the compound file, and the few properties needed here are plain
streams: subject 0x0037, sender 0x0C1A/0x0C1F/0x5D01/0x0065, recipients (``__recip_version1.0_#N``:
0x3001 name, 0x39FE/0x3003 address, 0x0C15 type), the submit time 0x0039 (or delivery time 0x0E06),
the Internet Message-ID 0x1035 (else the transport headers 0x007D), body 0x1000, HTML body 0x1013 and
attachments (``__attach_version1.0_#N``: 0x3707/0x3704 name, 0x370E type, 0x3701 data).
"""

from __future__ import annotations

import email
import email.policy
import io
import struct
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sdm_desktop.errors import UserError
from sdm_desktop.services.email_log.body_text import html_to_text, trim_reply
from sdm_desktop.services.email_log.messages import (
    MAX_BODY,
    Attachment,
    ParsedMessage,
    addresses,
    fallback_message_id,
    local_time,
)

UNICODE, ANSI, BINARY = "001F", "001E", "0102"
PT_SYSTIME = 0x0040
RECIPIENT_TYPES = {1: "To", 2: "Cc", 3: "Bcc"}
MAX_ATTACHMENTS = 500


def parse_msg(path: Path, data: bytes, with_attachments: bool = True, headers_only: bool = False) -> ParsedMessage:
    import olefile

    if not olefile.isOleFile(io.BytesIO(data)):
        raise UserError(f"{path.name}: not an Outlook message (.msg files are Outlook compound files).")
    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            return _read(path, _Msg(ole), data, with_attachments and not headers_only, not headers_only)
    except UserError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged compound file is reported for this file
        raise UserError(f"{path.name}: cannot be read as an Outlook message ({exc.__class__.__name__}).") from exc


class _Msg:
    """The property streams of the message, or of one of its recipient or attachment storages."""

    def __init__(self, ole, prefix: str = "") -> None:
        self.ole, self.prefix = ole, prefix

    def raw(self, prop: int, kind: str) -> bytes | None:
        name = f"{self.prefix}__substg1.0_{prop:04X}{kind}"
        return self.ole.openstream(name).read() if self.ole.exists(name) else None

    def text(self, prop: int) -> str:
        value = self.raw(prop, UNICODE)
        if value is not None:
            return value.decode("utf-16-le", "replace").rstrip("\x00")
        value = self.raw(prop, ANSI)
        return value.decode("cp1252", "replace").rstrip("\x00") if value is not None else ""

    def fixed(self, prop: int) -> bytes | None:
        """An 8-byte fixed-length value from the ``__properties_version1.0`` stream."""
        name = f"{self.prefix}__properties_version1.0"
        if not self.ole.exists(name):
            return None
        stream = self.ole.openstream(name).read()
        header = 8 if self.prefix else 32       # the message's own stream has a longer header
        for offset in range(header, len(stream) - 15, 16):
            tag = struct.unpack_from("<I", stream, offset)[0]
            if tag >> 16 == prop:
                return stream[offset + 8:offset + 16]
        return None

    def storages(self, start: str) -> list[str]:
        found = {entry[0] for entry in self.ole.listdir(streams=True, storages=False)
                 if len(entry) > 1 and entry[0].startswith(start)}
        return sorted(found)


def _read(path: Path, msg: _Msg, data: bytes, with_attachments: bool, with_body: bool = True) -> ParsedMessage:
    headers = _transport_headers(msg)
    sender_address = (msg.text(0x5D01) or msg.text(0x0C1F) or msg.text(0x0065) or "").strip()
    if "@" not in sender_address and headers is not None:
        sender_address = (addresses([headers.get("From", "")]) or [("", "")])[0][1]
    sender = (msg.text(0x0C1A) or msg.text(0x0042), sender_address.lower() if "@" in sender_address else "")
    recipients = _recipients(msg)
    if not recipients and headers is not None:
        recipients = addresses(*(headers.get_all(h) or [] for h in ("To", "Cc")))
    message_id = msg.text(0x1035).strip() or (str(headers.get("Message-ID", "")).strip() if headers else "")
    sent_at = _systime(msg.fixed(0x0039)) or _systime(msg.fixed(0x0E06))
    if sent_at is None and headers is not None and headers.get("Date"):
        try:
            sent_at = email.utils.parsedate_to_datetime(str(headers["Date"]))
        except (TypeError, ValueError):
            sent_at = None
    attachments = _attachments(msg) if with_attachments else []
    return ParsedMessage(path, message_id or fallback_message_id(data), " ".join(msg.text(0x0037).split()),
                         (" ".join(sender[0].split()), sender[1]), recipients, local_time(sent_at),
                         _body(msg) if with_body else "", attachments)


def _transport_headers(msg: _Msg):
    text = msg.text(0x007D)
    return email.message_from_string(text, policy=email.policy.default) if text.strip() else None


def _systime(value: bytes | None) -> datetime | None:
    """A FILETIME: 100-nanosecond steps since 1601, in UTC."""
    if not value:
        return None
    ticks = struct.unpack("<Q", value)[0]
    if ticks == 0:
        return None
    try:
        return datetime(1601, 1, 1, tzinfo=UTC) + timedelta(microseconds=ticks // 10)
    except OverflowError:
        return None


def _recipients(msg: _Msg) -> list[tuple[str, str]]:
    found = []
    for storage in msg.storages("__recip_version1.0_"):
        recip = _Msg(msg.ole, storage + "/")
        address = (recip.text(0x39FE) or recip.text(0x3003)).strip()
        kind = recip.fixed(0x0C15)
        order = struct.unpack("<I", kind[:4])[0] if kind else 1
        if "@" in address:
            found.append((order, " ".join(recip.text(0x3001).split()), address.lower()))
    found.sort(key=lambda item: item[0])
    out: list[tuple[str, str]] = []
    for _order, name, address in found:
        if all(address != a for _n, a in out):
            out.append((name, address))
    return out


def _body(msg: _Msg) -> str:
    text = msg.text(0x1000)
    if not text.strip():
        html = msg.raw(0x1013, BINARY)
        if html is not None:
            charset = _html_charset(html)
            text = html_to_text(html.decode(charset, "replace"))
        else:
            text = html_to_text(msg.text(0x1013))
    return trim_reply(text)[:MAX_BODY]


def _html_charset(html: bytes) -> str:
    head = html[:2000].decode("ascii", "ignore").lower()
    marker = head.find("charset=")
    if marker >= 0:
        name = head[marker + 8:marker + 40].strip("\"' ").split('"')[0].split(";")[0].split(" ")[0].strip("\"'>/")
        try:
            "".encode(name)
            return name
        except LookupError:
            pass
    return "utf-8"


def _attachments(msg: _Msg) -> list[Attachment]:
    out = []
    for storage in msg.storages("__attach_version1.0_")[:MAX_ATTACHMENTS]:
        attach = _Msg(msg.ole, storage + "/")
        data = attach.raw(0x3701, BINARY)
        if data is None:              # an embedded message or OLE object: not a file to keep
            continue
        name = attach.text(0x3707) or attach.text(0x3704) or "attachment"
        out.append(Attachment(name, attach.text(0x370E) or "application/octet-stream", data))
    return out
