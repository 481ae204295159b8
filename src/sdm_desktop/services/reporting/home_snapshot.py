"""Home's figures as last counted, kept in the data folder with the data stamp read before counting
(``db/data_stamp``), so the next start shows them at once while nothing they count has changed.

Kept only for the data folder's own SQLite file; the file holds counts and the names of organisation types,
rounds and themes, no one's personal data. Anything that does not match exactly (this version of the app, the
schema, the stamp, today's date, the period) and anything unreadable means "count afresh", never an error.
Plain Python only: this runs before the database layer is loaded."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, fields
from datetime import date
from pathlib import Path

from sdm_desktop import __version__
from sdm_desktop.db.data_stamp import read_stamp
from sdm_desktop.services.reporting.dashboard_figures import Dashboard
from sdm_desktop.services.reporting.periods import Period, Slot

FILE_NAME = "home-figures.json"
MOST_BYTES = 1_000_000          # far more than any real set of figures; a bigger file is not read


def stamp_of(database: Path | None) -> tuple[str, str] | None:
    """Read before counting: (schema revision, stamp), or None when there is nothing to keep the figures by."""
    return read_stamp(database) if database is not None else None


def keep(folder: Path, stamp: tuple[str, str] | None, figures: Dashboard) -> None:
    """Write the figures beside the database, whole or not at all; a folder that cannot be written is no error."""
    if stamp is None:
        return
    record = {"version": __version__, "revision": stamp[0], "stamp": stamp[1], "figures": _plain(figures)}
    target = Path(folder) / FILE_NAME
    temp = target.with_name(target.name + ".part")
    try:
        temp.write_text(json.dumps(record), encoding="utf-8")
        os.replace(temp, target)
    except OSError:
        temp.unlink(missing_ok=True)


def last_figures(folder: Path, database: Path | None, period: Period, today: date | None = None) -> Dashboard | None:
    """The figures kept for ``period``, when they still count exactly what the database holds today."""
    return figures_kept(folder, stamp_of(database), period, today)


def figures_kept(folder: Path, stamp: tuple[str, str] | None, period: Period,
                 today: date | None = None) -> Dashboard | None:
    """The figures kept for ``period`` with this stamp (read by the caller), today; None when there are none."""
    path = Path(folder) / FILE_NAME
    if stamp is None or not path.is_file():
        return None
    try:
        if path.stat().st_size > MOST_BYTES:
            return None
        record = json.loads(path.read_text(encoding="utf-8"))
        if (record.get("version"), record.get("revision"), record.get("stamp")) != (__version__, *stamp):
            return None
        figures = _figures(record["figures"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    if figures.today != (today or date.today()) or figures.period != period:
        return None
    return figures


def _plain(d: Dashboard) -> dict:
    values = asdict(d)
    values.update(period=[d.period.first.isoformat(), d.period.last.isoformat()], today=d.today.isoformat(),
                  slots=[[s.first.isoformat(), s.last.isoformat(), s.label] for s in d.slots],
                  activities=[[slot, level, n] for (slot, level), n in d.activities.items()],
                  trained=[[slot, by_cascade, n] for (slot, by_cascade), n in d.trained.items()],
                  since=None)         # "since you last opened" is always counted afresh
    return values


def _figures(values: dict) -> Dashboard:
    day = date.fromisoformat
    kept = {f.name: values[f.name] for f in fields(Dashboard) if f.name != "since"}
    kept.update(period=Period(day(values["period"][0]), day(values["period"][1])), today=day(values["today"]),
                slots=[Slot(day(first), day(last), str(label)) for first, last, label in values["slots"]],
                activities={(int(slot), str(level)): int(n) for slot, level, n in values["activities"]},
                trained={(int(slot), bool(by)): int(n) for slot, by, n in values["trained"]},
                register={str(k): int(v) for k, v in values["register"].items()},
                by_type=_pairs(values["by_type"]), by_level=_pairs(values["by_level"]),
                quadrants=_pairs(values["quadrants"]), themes=_pairs(values["themes"]),
                theme_activities=[int(n) for n in values["theme_activities"]])
    return Dashboard(**kept)


def _pairs(rows) -> list[tuple[str, int]]:
    return [(str(name), int(n)) for name, n in rows]
