"""Attachments kept as files in the data folder (``emails/<message number>/``). Each is capped in size;
a file type that could run code (.exe, .js, ...) is kept, with ``.blocked`` added to its name so that
double-clicking it does nothing, and the app never opens it."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

from sdm_desktop.services.email_log.messages import Attachment

MAX_ATTACHMENT = 25 * 1024 * 1024
FOLDER = "emails"
BLOCKED_SUFFIX = ".blocked"
DANGEROUS = {".exe", ".js", ".jse", ".vbs", ".vbe", ".bat", ".cmd", ".com", ".scr", ".pif", ".msi", ".msp",
             ".ps1", ".psm1", ".hta", ".jar", ".lnk", ".reg", ".wsf", ".wsh", ".cpl", ".dll", ".iso", ".img",
             ".vhd", ".vhdx", ".docm", ".xlsm", ".pptm", ".xlam", ".one", ".sh", ".app", ".appx", ".msix",
             ".application", ".gadget", ".inf", ".scf", ".url", ".chm", ".library-ms", ".settingcontent-ms"}
UNSAFE_CHARACTERS = re.compile(r'[\x00-\x1f<>:"/\\|?*]')


def is_dangerous(name: str) -> bool:
    return Path(name.lower().rstrip(". ")).suffix in DANGEROUS


def safe_name(name: str) -> str:
    cleaned = UNSAFE_CHARACTERS.sub("_", name).strip(" .") or "attachment"
    stem, dot, suffix = cleaned.rpartition(".")
    if dot and len(suffix) <= 12:
        return stem[:100] + "." + suffix
    return cleaned[:110]


def keep(data_dir: Path, email_id: int, attachment: Attachment, taken: set[str]) -> tuple[str | None, str | None]:
    """Write one attachment; (path relative to the data folder, or None; why it was not kept)."""
    size = len(attachment.data)
    if size > MAX_ATTACHMENT:
        return None, f"not kept: {size / 1024 / 1024:.1f} MB is over the {MAX_ATTACHMENT // 1024 // 1024} MB limit"
    name = safe_name(attachment.name)
    if is_dangerous(name):
        name += BLOCKED_SUFFIX
    candidate, n = name, 2
    while candidate.lower() in taken:
        stem, dot, suffix = name.rpartition(".")
        candidate = f"{stem} ({n}).{suffix}" if dot else f"{name} ({n})"
        n += 1
    taken.add(candidate.lower())
    folder = data_dir / FOLDER / str(email_id)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / candidate).write_bytes(attachment.data)
    return f"{FOLDER}/{email_id}/{candidate}", None


def remove_files(data_dir: Path, stored: list[str]) -> list[Path]:
    """Delete kept attachment files (and their folders once empty); those that could not be deleted."""
    left: list[Path] = []
    for value in stored:
        path = data_dir / value
        try:
            path.unlink(missing_ok=True)
        except OSError:
            left.append(path)
            continue
        with contextlib.suppress(OSError):
            path.parent.rmdir()
    return left
