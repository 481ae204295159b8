"""Reading one email file, whichever kind it is: ``.eml`` or Outlook's ``.msg``."""

from __future__ import annotations

from pathlib import Path

from sdm_desktop.errors import UserError
from sdm_desktop.services.email_log.messages import MAX_FILE, SUFFIXES, ParsedMessage, parse_eml
from sdm_desktop.services.email_log.msg_file import parse_msg


def read_message(path: Path, with_attachments: bool = True, headers_only: bool = False) -> ParsedMessage:
    """One clear ``UserError`` naming the file when it cannot be read as an email."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise UserError(f"{path.name}: not an email file (.eml or .msg).")
    try:
        size = path.stat().st_size
        if size > MAX_FILE:
            raise UserError(f"{path.name}: {size / 1024 / 1024:.0f} MB is too big for an email file "
                            f"(the limit is {MAX_FILE // 1024 // 1024} MB).")
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(f"{path.name}: cannot be read ({exc.strerror or exc}).") from exc
    if suffix == ".msg":
        return parse_msg(path, data, with_attachments, headers_only)
    return parse_eml(path, data, with_attachments, headers_only)
