"""Who a resource was shared with: record shares (honouring consent), list and delete them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import delete, select

from sdm_desktop.db.models import Organisation, Person, Resource, ShareLog
from sdm_desktop.errors import UserError
from sdm_desktop.services.core import audit
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.core.undo import UndoStep
from sdm_desktop.services.core.validation import clean, has_control_characters
from sdm_desktop.services.core.versions import Written, expect_versions
from sdm_desktop.services.core.vocab import label
from sdm_desktop.services.exporting.tables import Table
from sdm_desktop.services.exporting.withheld import WITHHELD, blocked_person_ids, withheld_note
from sdm_desktop.services.register.people import can_be_contacted

CHANNELS = [("email", "Email"), ("post", "Post"), ("meeting", "Meeting"), ("event", "Event or training session"),
            ("in_person", "Handed over in person"), ("website", "Website or newsletter"),
            ("social", "Social media"), ("other", "Other")]


@dataclass
class ShareRequest:
    resource_id: int
    organisation_ids: list[int] = field(default_factory=list)
    person_ids: list[int] = field(default_factory=list)
    shared_on: date | None = None
    channel: str | None = None
    notes: str | None = None


@dataclass
class ShareReport:
    recorded: list[str] = field(default_factory=list)           # names shared with
    refused: list[tuple[str, str]] = field(default_factory=list)  # (name, reason)
    share_ids: list[int] = field(default_factory=list)

    def summary(self) -> str:
        text = f"Recorded {len(self.recorded)} share{'s' if len(self.recorded) != 1 else ''}"
        if self.refused:
            text += "; not shared with " + "; ".join(f"{name} ({reason})" for name, reason in self.refused)
        return text + "."


@dataclass
class ShareRow:
    id: int
    shared_on: date
    who: str
    who_kind: str          # "Group" or "Person"
    channel_text: str
    notes: str
    resource_title: str = ""
    row_version: int = 0           # as listed: removing it is refused if a colleague changed it since


def person_name(p: Person) -> str:
    return " ".join(x for x in (p.title, p.first_name, p.last_name) if x) or f"Person {p.id}"


def person_choices_for_sharing(ctx: AppContext, text: str = "", limit: int = 50) -> list[tuple[int, str]]:
    """(id, name) of people matching the text; those who may not be contacted say why in the name."""
    from sdm_desktop.services.engagement.activities import person_choices

    found = person_choices(ctx, text, limit)
    with ctx.session() as s:
        people = {p.id: p for p in s.scalars(select(Person).where(Person.id.in_([i for i, _ in found])))}
    out = []
    for person_id, name in found:
        allowed, reason = can_be_contacted(people[person_id])
        out.append((person_id, name if allowed else f"{name} — {reason}"))
    return out


def _check_request(req: ShareRequest) -> None:
    if not req.organisation_ids and not req.person_ids:
        raise UserError("Choose at least one group or person to share the resource with.")
    if req.channel and req.channel not in dict(CHANNELS):
        raise UserError(f"Unknown channel {req.channel!r}: use one of {', '.join(c for c, _ in CHANNELS)}.")
    if req.shared_on and req.shared_on > date.today():
        raise UserError(f"The share date {req.shared_on:%d/%m/%Y} is in the future.")
    if len(req.notes or "") > 5000:
        raise UserError("The notes are too long (5,000 characters at most).")
    if has_control_characters(req.notes):
        raise UserError("The notes contain an invisible control character (pasted from another program?); retype them.")


def share_resource(ctx: AppContext, req: ShareRequest) -> ShareReport:
    """Record one share per group or person. People who may not be contacted are refused, with the reason."""
    _check_request(req)
    report = ShareReport()
    with ctx.session() as s:
        resource = s.get(Resource, req.resource_id)
        if resource is None:
            raise UserError(f"There is no resource with id {req.resource_id}.")
        title = resource.title
        shared_on, notes = req.shared_on or date.today(), clean(req.notes)
        for org_id in dict.fromkeys(req.organisation_ids):
            org = s.get(Organisation, org_id)
            if org is None:
                raise UserError(f"There is no group or organisation with id {org_id}.")
            if org.archived_at is not None:
                report.refused.append((org.name, "archived"))
                continue
            report.share_ids.append(_add(s, req.resource_id, shared_on, req.channel, notes, organisation_id=org_id))
            report.recorded.append(org.name)
        for person_id in dict.fromkeys(req.person_ids):
            person = s.get(Person, person_id)
            if person is None:
                raise UserError(f"There is no person with id {person_id}.")
            allowed, reason = can_be_contacted(person)
            if not allowed:
                report.refused.append((person_name(person), reason))
                continue
            report.share_ids.append(_add(s, req.resource_id, shared_on, req.channel, notes, person_id=person_id))
            report.recorded.append(person_name(person))
        if report.share_ids:
            audit.record(s, "share", "resource", req.resource_id, shares=len(report.share_ids),
                         refused=len(report.refused))
    if report.share_ids:
        ids = list(report.share_ids)
        written = [Written("share_log", i, 1, f"The share of {title}") for i in ids]     # new rows: version 1
        ctx.undo.push(UndoStep(f"share {title}", lambda: _delete(ctx, ids, "undo share"), written))
    return report


def _add(session, resource_id: int, shared_on: date, channel: str | None, notes: str | None, **who) -> int:
    row = ShareLog(resource_id=resource_id, shared_on=shared_on, channel=channel, notes=notes, **who)
    session.add(row)
    session.flush()
    return row.id


def _delete(ctx: AppContext, share_ids: list[int], action: str) -> None:
    with ctx.session() as s:
        s.execute(delete(ShareLog).where(ShareLog.id.in_(share_ids)))
        audit.record(s, action, "share_log", share_ids[0] if len(share_ids) == 1 else None)


def delete_shares(ctx: AppContext, share_ids: list[int], *, expected: dict[int, int] | None = None) -> None:
    """Remove entries from the share log; undo puts them back. ``expected`` (id → version as listed)
    refuses it if a colleague changed or removed one since."""
    from sdm_desktop.services.core import snapshots

    with ctx.session() as s:
        expect_versions(s, ShareLog, expected, doing="removed")
        snap = snapshots.capture(s, ShareLog.__table__, share_ids)
        s.execute(delete(ShareLog).where(ShareLog.id.in_(share_ids)))
        audit.record(s, "delete", "share_log", share_ids[0] if len(share_ids) == 1 else None)

    def restore() -> None:
        with ctx.session() as s:
            snapshots.restore(s, snap)
            audit.record(s, "undo delete", "share_log")
    what = "1 share" if len(share_ids) == 1 else f"{len(share_ids)} shares"
    ctx.undo.push(UndoStep(f"delete {what}", restore))


def _share_query():
    return (select(ShareLog, Resource.title, Organisation.name, Person)
            .join(Resource, Resource.id == ShareLog.resource_id)
            .outerjoin(Organisation, Organisation.id == ShareLog.organisation_id)
            .outerjoin(Person, Person.id == ShareLog.person_id))


def _share_row(share: ShareLog, title: str, org_name: str | None, person: Person | None) -> ShareRow:
    who, kind = (org_name, "Group") if share.organisation_id is not None else (
        person_name(person) if person else "", "Person")
    return ShareRow(share.id, share.shared_on, who or "", kind, label(CHANNELS, share.channel),
                    share.notes or "", title, share.row_version)


def shares_of(ctx: AppContext, resource_id: int) -> list[ShareRow]:
    query = _share_query().where(ShareLog.resource_id == resource_id).order_by(
        ShareLog.shared_on.desc(), ShareLog.id.desc())
    with ctx.session() as s:
        return [_share_row(*r) for r in s.execute(query)]


def shares_table(ctx: AppContext, args=None) -> tuple[Table, str]:
    """Every share, newest first, for ``export shares``. As in the other exports, the names of people
    who may not (or no longer) be contacted are withheld unless ``--include-no-contact``."""
    query = _share_query().order_by(ShareLog.shared_on.desc(), ShareLog.id.desc())
    include = bool(getattr(args, "include_no_contact", False))
    withheld = 0
    with ctx.session() as s:
        blocked = set() if include else blocked_person_ids(s)
        rows = []
        for share, title, org_name, person in s.execute(query):
            row = _share_row(share, title, org_name, person)
            if share.person_id is not None and share.person_id in blocked:
                row.who, withheld = WITHHELD, withheld + 1
            rows.append(row)
    table = Table(["Shared on", "Resource", "Shared with", "Group or person", "Channel", "Notes"],
                  [[r.shared_on, r.resource_title, r.who, r.who_kind, r.channel_text, r.notes] for r in rows],
                  total=len(rows), sheet_name="Shares")
    return table, withheld_note(withheld, args)
