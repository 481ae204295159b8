"""The log of an unexpected error: in the user's own log folder, readable by them alone, and free of personal data.

It holds where the error happened (exception types and the code's frames: file, line, function), never the
exception's message, a variable's value or even the text of a line of code: those can hold names or addresses.
"""

from __future__ import annotations

import os
import platform
import sys
import traceback
from datetime import datetime
from pathlib import Path

import platformdirs

from sdm_desktop import APP_NAME, __version__

LOG_FILE_NAME = "sdm-desktop-error.log"
_OWNER_ONLY_FOLDER, _OWNER_ONLY_FILE = 0o700, 0o600


def log_folder() -> Path:
    """The user's own log folder (e.g. ~/.local/state/SDM Desktop/log, %LOCALAPPDATA%\\SDM Desktop\\Logs)."""
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def write_crash_log(exc: BaseException) -> Path | None:
    """Write what is known about ``exc`` (with its traceback) and return the log's path; None if the log
    could not be written (the error is then only on screen)."""
    try:
        folder = log_folder()
        folder.mkdir(parents=True, exist_ok=True, mode=_OWNER_ONLY_FOLDER)
        if os.name != "nt":
            os.chmod(folder, _OWNER_ONLY_FOLDER)
        path = folder / LOG_FILE_NAME
        _write_owner_only(path, describe(exc))
    except OSError:
        return None
    return path


def describe(exc: BaseException) -> str:
    """The log's text: versions, time, then each exception of the chain by type, with its frames."""
    lines = [f"{APP_NAME} {__version__}, Python {platform.python_version()} on {platform.platform(terse=True)}",
             f"{datetime.now():%Y-%m-%d %H:%M:%S}",
             "(The error's message and values are left out: they may hold personal data.)", ""]
    summary = traceback.TracebackException.from_exception(exc, capture_locals=False, lookup_lines=False)
    for heading, part in _chain(summary):
        if heading:
            lines += ["", heading]
        lines.append(_type_name(part))
        for frame in part.stack:
            lines.append(f'  File "{_short_path(frame.filename)}", line {frame.lineno}, in {frame.name}')
    return "\n".join(lines) + "\n"


def _chain(summary: traceback.TracebackException) -> list[tuple[str, traceback.TracebackException]]:
    """The chain, the error that reached the top first, each after a heading saying how it is linked."""
    chain, seen, heading = [], set(), ""
    part: traceback.TracebackException | None = summary
    while part is not None and id(part) not in seen:
        seen.add(id(part))
        chain.append((heading, part))
        if part.__cause__ is not None:
            heading, part = "It was caused by:", part.__cause__
        elif not part.__suppress_context__ and part.__context__ is not None:
            heading, part = "It happened while handling:", part.__context__
        else:
            part = None
    return chain


def _type_name(part: traceback.TracebackException) -> str:
    kind = part.exc_type
    if kind is None:
        return "Exception"
    module = kind.__module__
    return kind.__qualname__ if module in ("builtins", "__main__") else f"{module}.{kind.__qualname__}"


def _short_path(filename: str) -> str:
    """A frame's file without the folders above the installed packages (which name the user)."""
    parts = Path(filename).parts
    for anchor in ("sdm_desktop", "site-packages"):
        if anchor in parts:
            start = parts.index(anchor) + (anchor == "site-packages")
            return "/".join(parts[start:])
    if filename.startswith(sys.prefix) or filename.startswith(sys.base_prefix):
        return "/".join(parts[-2:])
    return Path(filename).name


def _write_owner_only(path: Path, text: str) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
    with os.fdopen(os.open(path, flags, _OWNER_ONLY_FILE), "w", encoding="utf-8") as out:
        if os.name != "nt":
            os.fchmod(out.fileno(), _OWNER_ONLY_FILE)      # an older log may have been readable to others
        out.write(text)
