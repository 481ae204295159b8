"""Writing .ics files with ``icalendar``: times in Europe/London with its VTIMEZONE (so summer time is
right in every calendar), all-day events for a date with no time, an organiser, and at most one attendee
per file (nobody sees anybody else's address)."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sdm_desktop import __version__
from sdm_desktop.errors import UserError

LONDON = ZoneInfo("Europe/London")
PRODID = f"-//SDM Desktop//SDM Desktop {__version__}//EN"


@dataclass
class EventSpec:
    kind: str                        # session, activity, followup
    source_id: int
    title: str
    start: datetime | date           # naive datetimes are UK local time; a date is an all-day event
    end: datetime | date | None = None
    location: str = ""
    url: str = ""
    description: str = ""
    cancelled: bool = False

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime)

    def fingerprint_text(self) -> str:
        return "\x1f".join(str(v) for v in (self.title, self.start, self.end, self.location, self.url,
                                            self.description, self.cancelled))


@dataclass
class Stamped:
    spec: EventSpec
    uid: str
    sequence: int


@dataclass
class Person:
    name: str
    email: str


def calendar_bytes(events: list[Stamped], method: str, organiser: Person | None, attendee: Person | None = None,
                   tasks: bool = False, now: datetime | None = None) -> bytes:
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", method)
    stamp = (now or datetime.now(LONDON)).astimezone(ZoneInfo("UTC"))
    for item in events:
        cal.add_component(_todo(item, stamp) if tasks else _event(item, method, organiser, attendee, stamp))
    if events:
        first = min(_day(i.spec.start) for i in events) - timedelta(days=366)
        last = max(_day(i.spec.end or i.spec.start) for i in events) + timedelta(days=366)
        cal.add_missing_timezones(first_date=first, last_date=last)
    return cal.to_ical()


def _day(value: datetime | date) -> date:
    return value.date() if isinstance(value, datetime) else value


def _when(value: datetime | date):
    return value.replace(tzinfo=LONDON) if isinstance(value, datetime) else value


def _event(item: Stamped, method: str, organiser: Person | None, attendee: Person | None, stamp: datetime):
    from icalendar import Event, vCalAddress, vText

    spec = item.spec
    event = Event()
    event.add("uid", item.uid)
    event.add("sequence", item.sequence)
    event.add("dtstamp", stamp)
    event.add("summary", spec.title)
    event.add("dtstart", _when(spec.start))
    end = spec.end or (spec.start + timedelta(days=1) if spec.all_day else spec.start + timedelta(hours=1))
    event.add("dtend", _when(end))
    if spec.location:
        event.add("location", spec.location)
    if spec.url:
        event.add("url", spec.url)
    if spec.description:
        event.add("description", spec.description)
    event.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    event.add("transp", "TRANSPARENT" if spec.all_day else "OPAQUE")
    if organiser is not None and organiser.email:
        who = vCalAddress(f"mailto:{organiser.email}")
        who.params["cn"] = vText(organiser.name or organiser.email)
        event.add("organizer", who)
    if attendee is not None:
        guest = vCalAddress(f"mailto:{attendee.email}")
        guest.params["cn"] = vText(attendee.name)
        guest.params["role"] = vText("REQ-PARTICIPANT")
        guest.params["partstat"] = vText("NEEDS-ACTION")
        guest.params["rsvp"] = vText("TRUE")
        event.add("attendee", guest)
    return event


def _todo(item: Stamped, stamp: datetime):
    from icalendar import Todo

    spec = item.spec
    todo = Todo()
    todo.add("uid", item.uid)
    todo.add("sequence", item.sequence)
    todo.add("dtstamp", stamp)
    todo.add("summary", spec.title)
    todo.add("due", _when(spec.start))
    if spec.description:
        todo.add("description", spec.description)
    todo.add("status", "NEEDS-ACTION")
    return todo


def write_file(path: Path, data: bytes) -> None:
    """All or nothing: a temporary file beside it, renamed into place."""
    path = Path(path)
    if not path.parent.is_dir():
        raise UserError(f"Cannot write {path}: the folder {path.parent} does not exist.")
    try:
        handle, temp = tempfile.mkstemp(prefix=".ics-", suffix=".part", dir=path.parent)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, path)
    except OSError as exc:
        raise UserError(f"Cannot write {path}: {exc.strerror or exc}.") from exc
