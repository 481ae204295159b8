"""Messages dragged straight out of Outlook arrive as Windows "virtual files": a FileGroupDescriptorW
(how many files, and each one's name and size) and FileContents (the bytes). This reads those bytes;
the window (ui/email_log/drop.py) takes them from the drag. Tested with recorded data only: it has
NOT been tried against a real Outlook. Qt hands over the contents of the first file only, so a drag of
several messages logs the first and says so (save them as files, or drag them from a folder, for more)."""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

from sdm_desktop.errors import UserError
from sdm_desktop.services.email_log.attachments import safe_name

DESCRIPTOR_SIZE = 592                # FILEDESCRIPTORW: 72 bytes of fields, then WCHAR cFileName[260]
NAME_OFFSET = 72
FD_FILESIZE = 0x40
MAX_FILES = 10_000


@dataclass
class VirtualFile:
    name: str
    size: int | None


def parse_group_descriptor(data: bytes) -> list[VirtualFile]:
    if len(data) < 4:
        raise UserError("The dragged messages could not be read: their list from Outlook is empty.")
    count = struct.unpack_from("<I", data, 0)[0]
    if count > MAX_FILES or len(data) < 4 + count * DESCRIPTOR_SIZE:
        raise UserError(f"The dragged messages could not be read: Outlook's list says {count:,} files "
                        f"but holds {len(data):,} bytes.")
    out = []
    for index in range(count):
        start = 4 + index * DESCRIPTOR_SIZE
        flags = struct.unpack_from("<I", data, start)[0]
        high, low = struct.unpack_from("<II", data, start + 64)
        raw = data[start + NAME_OFFSET:start + DESCRIPTOR_SIZE].decode("utf-16-le", "replace")
        name = raw.split("\x00", 1)[0] or f"message {index + 1}.msg"
        out.append(VirtualFile(name, (high << 32 | low) if flags & FD_FILESIZE else None))
    return out


def save_first(descriptor: bytes, contents: bytes, folder: Path) -> tuple[Path, int]:
    """Write the first dragged message into ``folder`` as a file; (its path, how many were dragged)."""
    files = parse_group_descriptor(descriptor)
    if not files:
        raise UserError("Outlook said it was dragging no messages.")
    first = files[0]
    if not contents:
        raise UserError(f"Outlook did not hand over the contents of {first.name}: save it as a file and "
                        "drop that instead.")
    name = safe_name(first.name)
    if not name.lower().endswith((".msg", ".eml")):
        name += ".msg"
    path = Path(folder) / name
    path.write_bytes(contents)
    return path, len(files)
