"""Writing calendars: a training cohort's sessions (one file per session and one with them all, and an
invitation file per participant), an activity with a date, and the team's open follow-up actions.
A changed event keeps its UID with a higher SEQUENCE; a cancelled activity, or a session deleted since it
was sent, gets a METHOD:CANCEL file."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select

from sdm_desktop.db.models import Activity, Cohort, Enrolment, Interaction, Organisation, Person, TrainingSession
from sdm_desktop.errors import UserError
from sdm_desktop.progress import Progress
from sdm_desktop.services.calendar import ics
from sdm_desktop.services.calendar.drafts import invitation_draft
from sdm_desktop.services.calendar.ics import EventSpec, Stamped, calendar_bytes, write_file
from sdm_desktop.services.calendar.invitees import Invitee, sort_out
from sdm_desktop.services.calendar.sequence import gone, stamp
from sdm_desktop.services.core import audit
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.letters.templates import sender_details

INVITED_STATUSES = ("invited", "enrolled", "attended", "completed", "did_not_attend")
URL = re.compile(r"https?://\S+")


@dataclass
class CalendarReport:
    files: list[Path] = field(default_factory=list)
    invitations: int = 0
    events: int = 0
    cancelled: list[str] = field(default_factory=list)
    drafts: int = 0                   # unsent emails carrying an invitation, beside its .ics
    left_out: list[tuple[str, str]] = field(default_factory=list)

    def lines(self) -> list[str]:
        return ([f"left out: {name}: {why}" for name, why in self.left_out]
                + [f"cancellation written: {label}" for label in self.cancelled])

    def summary(self) -> str:
        return (f"Wrote {len(self.files)} calendar file{'s' if len(self.files) != 1 else ''} ({self.events} "
                f"event{'s' if self.events != 1 else ''}"
                + (f", {self.invitations} personal invitations, each also as an email draft to send"
                   if self.invitations else "")
                + (f", {len(self.cancelled)} cancelled" if self.cancelled else "") + ")"
                + (f"; {len(self.left_out)} people left out (listed)" if self.left_out else "") + ".")


def organiser(ctx: AppContext) -> ics.Person | None:
    details = sender_details(ctx)
    email = (details.get("sender_email") or "").strip()
    return ics.Person((details.get("sender_name") or "").strip(), email) if email else None


def slug(text: str, limit: int = 60) -> str:
    text = unicodedata.normalize("NFC", text)
    return re.sub(r'[\x00-\x1f<>:"/\\|?*]+', "-", text).strip(" .-")[:limit] or "event"


# --- training cohorts ----------------------------------------------------------------------------
def cohort_calendar(ctx: AppContext, cohort_name: str, out_dir: Path, progress: Progress | None = None,
                    invite: bool = True) -> CalendarReport:
    progress = progress or Progress()
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise UserError(f"{out_dir} is a file: give a folder for the calendar files.")
    report = CalendarReport()
    who = organiser(ctx)
    with ctx.session() as s:
        cohort = _cohort(s, cohort_name)
        scope = f"cohort:{cohort.id}"
        sessions = sorted(cohort.sessions, key=lambda x: (x.starts_at, x.id))
        specs = [_session_spec(cohort, index, row) for index, row in enumerate(sessions, start=1)]
        live = stamp(s, specs, scope)
        dropped = gone(s, "session", scope, {row.id for row in sessions})
        if not live and not dropped:
            raise UserError(f"{cohort.name} has no sessions to put in a calendar: add its sessions first.")
        people = list(s.scalars(select(Person).join(Enrolment, Enrolment.person_id == Person.id)
                                .where(Enrolment.cohort_id == cohort.id, Enrolment.status.in_(INVITED_STATUSES))))
        invited, report.left_out = sort_out(people) if invite else ([], [])
        progress.start(len(live) + len(invited) + 2, f"Writing the calendar for {cohort.name}")
        out_dir.mkdir(parents=True, exist_ok=True)
        base = slug(cohort.name)
        _write(report, out_dir / f"{base} - all sessions.ics", live, "PUBLISH", who)
        for index, item in enumerate(live, start=1):
            _write(report, out_dir / f"{base} - session {index} - {item.spec.start:%Y-%m-%d}.ics", [item],
                   "PUBLISH", who)
            progress.step()
        _cancellations(report, out_dir, base, dropped, who)
        _invitations(report, out_dir / "invitations", invited, live, dropped, who, progress, cohort.name)
        report.events = len(live)
        audit.record(s, "calendar", "cohort", cohort.id, files=len(report.files), invited=len(invited),
                     left_out=len(report.left_out))
    return report


def _cohort(s, name: str) -> Cohort:
    from sqlalchemy import func

    found = list(s.scalars(select(Cohort).where(func.lower(Cohort.name) == name.strip().lower())))
    if not found:
        raise UserError(f"There is no cohort called {name!r}.")
    if len(found) > 1:
        raise UserError(f"{len(found)} cohorts are called {name!r}; rename one so the name is unique.")
    return found[0]


def _session_spec(cohort: Cohort, index: int, row: TrainingSession) -> EventSpec:
    venue = (cohort.venue or "").strip()
    link = URL.search(venue)
    location = "Online" if cohort.online and (link or not venue) else venue
    if link and location == venue:
        location = venue.replace(link.group(), "").strip(" ,;-") or "Online"
    title = f"{cohort.programme.name}: {cohort.name} - session {index}" + (f" ({row.topic})" if row.topic else "")
    lines = [f"{cohort.programme.name}, {cohort.name}, session {index} of {len(cohort.sessions)}."]
    if row.topic:
        lines.append(f"Topic: {row.topic}")
    if cohort.facilitators:
        lines.append(f"Facilitators: {cohort.facilitators}")
    if link:
        lines.append(f"Join online: {link.group()}")
    return EventSpec("session", row.id, title, row.starts_at, row.starts_at + timedelta(minutes=row.duration_minutes),
                     location, link.group() if link else "", "\n".join(lines))


def _write(report: CalendarReport, path: Path, events: list[Stamped], method: str, who,
           attendee: ics.Person | None = None) -> None:
    write_file(path, calendar_bytes(events, method, who, attendee))
    report.files.append(path)


def _cancellations(report: CalendarReport, out_dir: Path, base: str, dropped: list[Stamped], who) -> None:
    for item in dropped:
        _write(report, out_dir / f"{base} - cancelled - {slug(item.spec.title, 40)} - {item.spec.source_id}.ics",
               [item], "CANCEL", who)
        report.cancelled.append(item.spec.title)


def _invitations(report: CalendarReport, folder: Path, invited: list[Invitee], live: list[Stamped],
                 dropped: list[Stamped], who, progress: Progress, title: str = "") -> None:
    if not invited or not (live or dropped):
        return
    folder.mkdir(exist_ok=True)
    for guest in invited:
        name = f"{slug(guest.person.name, 50)} ({guest.person_id})"
        if live:
            _invite(report, folder / name, live, "REQUEST", who, guest.person, f"Invitation: {title}")
        if dropped:
            _invite(report, folder / f"{name} - cancelled", dropped, "CANCEL", who, guest.person,
                    f"Cancelled: {title}")
        report.invitations += 1
        progress.step()


def _invite(report: CalendarReport, stem: Path, events: list[Stamped], method: str, who, guest: ics.Person,
            subject: str) -> None:
    """The invitation as a .ics file and as an unsent email carrying it, both for this person alone."""
    data = calendar_bytes(events, method, who, guest)
    write_file(stem.with_name(stem.name + ".ics"), data)
    lines = [f"{'Cancelled' if method == 'CANCEL' else 'You are invited'}:"]
    lines += [f"- {item.spec.title}, {_when_text(item.spec)}" + (f", {item.spec.location}" if item.spec.location
                                                                  else "") for item in events]
    draft = invitation_draft(guest, who, subject, "\n".join(lines) + "\n", data, method)
    write_file(stem.with_name(stem.name + ".eml"), draft)
    report.files.append(stem.with_name(stem.name + ".ics"))
    report.drafts += 1


def _when_text(spec: EventSpec) -> str:
    return f"{spec.start:%A %d %B %Y}" if spec.all_day else f"{spec.start:%A %d %B %Y, %H:%M}"


# --- engagement activities -----------------------------------------------------------------------
def activity_calendar(ctx: AppContext, activity_id: int, target: Path, invite: bool = True) -> CalendarReport:
    target = Path(target)
    if target.suffix.lower() != ".ics":
        raise UserError(f"A calendar file's name ends in .ics, not {target.name}.")
    report = CalendarReport()
    who = organiser(ctx)
    with ctx.session() as s:
        activity = s.get(Activity, activity_id) if 0 < activity_id < 2 ** 63 else None
        if activity is None:
            raise UserError(f"There is no activity with id {activity_id}.")
        if activity.planned_date is None:
            raise UserError(f"The activity {activity.title!r} has no date: give it a planned date first.")
        end = (activity.end_date or activity.planned_date) + timedelta(days=1)
        lines = [f"{activity.plan.title}: {activity.title}", f"Method: {activity.method}"]
        if activity.owner:
            lines.append(f"Owner: {activity.owner}")
        cancelled = activity.status == "cancelled"
        spec = EventSpec("activity", activity.id, activity.title, activity.planned_date, end,
                         description="\n".join(lines), cancelled=cancelled)
        [item] = stamp(s, [spec], f"plan:{activity.plan_id}")
        method = "CANCEL" if cancelled else "PUBLISH"
        _write(report, target, [item], method, who)
        if cancelled:
            report.cancelled.append(activity.title)
        people = [s.get(Person, t.person_id) for t in activity.targets if t.person_id]
        invited, report.left_out = sort_out([p for p in people if p is not None]) if invite else ([], [])
        folder = target.with_name(f"{target.stem} invitations")
        if invited:
            folder.mkdir(exist_ok=True)
        for guest in invited:
            _invite(report, folder / f"{slug(guest.person.name, 50)} ({guest.person_id})", [item],
                    "CANCEL" if cancelled else "REQUEST", who, guest.person,
                    f"{'Cancelled' if cancelled else 'Invitation'}: {activity.title}")
            report.invitations += 1
        report.events = 1
        audit.record(s, "calendar", "activity", activity.id, files=len(report.files), invited=len(invited))
    return report


# --- the team's follow-up actions --------------------------------------------------------------------
def followups_calendar(ctx: AppContext, target: Path, as_tasks: bool = False,
                       today: date | None = None) -> CalendarReport:
    """Open follow-up actions with a due date: all-day events (or tasks) on the day they are due."""
    target = Path(target)
    if target.suffix.lower() != ".ics":
        raise UserError(f"A calendar file's name ends in .ics, not {target.name}.")
    report = CalendarReport()
    with ctx.session() as s:
        rows = s.execute(select(Interaction.id, Interaction.action, Interaction.action_owner, Interaction.due_on,
                                Person.title, Person.first_name, Person.last_name, Organisation.name,
                                Activity.title)
                         .outerjoin(Person, Person.id == Interaction.person_id)
                         .outerjoin(Organisation, Organisation.id == Interaction.organisation_id)
                         .outerjoin(Activity, Activity.id == Interaction.activity_id)
                         .where(Interaction.action.is_not(None), Interaction.done.is_(False),
                                Interaction.due_on.is_not(None))
                         .order_by(Interaction.due_on, Interaction.id)).all()
        specs = []
        for row_id, action, owner, due, title, first, last, org, activity in rows:
            person = " ".join(p for p in (title, first, last) if p)
            about = " — ".join(p for p in (person, org, activity) if p)
            text = [f"Follow-up with {about}" if about else "Follow-up"] + ([f"Owner: {owner}"] if owner else [])
            specs.append(EventSpec("followup", row_id, f"Follow up: {action[:120]}", due, due + timedelta(days=1),
                                   description="\n".join(text)))
        items = stamp(s, specs, "followups")
        write_file(target, calendar_bytes(items, "PUBLISH", organiser(ctx), tasks=as_tasks))
        report.files.append(target)
        report.events = len(items)
        audit.record(s, "calendar", "follow-ups", None, events=len(items))
    return report
