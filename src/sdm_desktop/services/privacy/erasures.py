"""The register of erasures: who was erased and when, by random identifier only, kept in the data folder
outside the database, so that restoring an older backup cannot bring an erased person back.

``erasures.json`` holds a list of ``{"uid": ..., "erased_on": "YYYY-MM-DD"}``: no name, no row id, nothing
else about the person. It is written to a temporary file and renamed into place, so it is never half-written.
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

from sdm_desktop.errors import UserError

REGISTER_NAME = "erasures.json"


def register_path(data_dir: Path) -> Path:
    return Path(data_dir) / REGISTER_NAME


def erased_uids(data_dir: Path) -> list[str]:
    """The identifiers of everyone ever erased in this data folder, oldest first."""
    path = register_path(data_dir)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise UserError(f"Cannot read the register of erasures {path}: {exc.strerror or exc}.") from exc
    try:
        entries = json.loads(text)
        return [str(entry["uid"]) for entry in entries]
    except (ValueError, TypeError, KeyError) as exc:
        raise UserError(f"The register of erasures {path} is damaged (it is not a list of erasures); "
                        "put back a good copy of it, or move it aside to start a new one.") from exc


def record_erasures(data_dir: Path, uids: list[str], on: date | None = None) -> None:
    """Add these identifiers (those not already listed) with the date."""
    listed = erased_uids(data_dir)
    new = [uid for uid in dict.fromkeys(uids) if uid not in set(listed)]
    if not new:
        return
    path = register_path(data_dir)
    entries = json.loads(path.read_text(encoding="utf-8")) if listed else []
    day = (on or date.today()).isoformat()
    entries += [{"uid": uid, "erased_on": day} for uid in new]
    _write_atomically(path, json.dumps(entries, indent=1) + "\n")


def _write_atomically(path: Path, text: str) -> None:
    temp = path.with_name(f".{path.name}.writing")
    try:
        with open(temp, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise UserError(f"Cannot write the register of erasures {path}: {exc.strerror or exc}. "
                        "Nothing was erased.") from exc

