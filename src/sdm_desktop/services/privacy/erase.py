"""Erase (anonymise) people: the right to erasure, keeping the programme's figures true.

What goes: name, contact details, address, role, profession, access needs, notes, consent notes,
tags and group memberships; the free text of their interactions, assessments, enrolments and
resource shares; their own letter and certificate files (inside the data folder) and the stored
paths; the detail of earlier audit events about them; mentions of their name, email or phone in
other records. What stays: the record itself as "Erased person N" (inactive, do not contact), and
every dated, counted fact (interaction dates and channels, assessment scores, enrolments and
attendance, letters written, shares), so reach and coverage stay right. Interactions that were
only against the person are kept against their (first) group, and activities aimed at them are
recorded as aimed at their groups too, because coverage counts a person's groups.

One transaction; files are deleted after it commits. It cannot be undone (the undo stack is
cleared, since earlier steps could put the data back); backups keep the data until rotated out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from sdm_desktop.db.models import (
    ActivityTarget,
    Assessment,
    AuditEvent,
    Enrolment,
    ImportChange,
    Interaction,
    Letter,
    Membership,
    Organisation,
    Person,
    ShareLog,
    new_uid,
    utcnow,
)
from sdm_desktop.errors import UserError
from sdm_desktop.progress import Progress
from sdm_desktop.services.consultation.privacy import erase_person_responses, person_response_rows
from sdm_desktop.services.core import audit
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.equality.monitoring import remove_monitoring
from sdm_desktop.services.privacy.audit_trail import person_condition
from sdm_desktop.services.privacy.common import (
    BackupSummary,
    LetterFiles,
    backup_summary,
    count,
    inside,
    letter_files,
    person_or_error,
)
from sdm_desktop.services.privacy.emails import email_count, erase_emails
from sdm_desktop.services.privacy.erasures import erased_uids, record_erasures
from sdm_desktop.services.privacy.mentions import (
    REDACTED,
    find_mentions,
    mention_terms,
    rewrite_mentions,
    with_json_forms,
)
from sdm_desktop.services.register.people import refresh_person_search_text
from sdm_desktop.services.register.search_upkeep import purge_index

CLEARED_FIELDS = dict(
    title=None, first_name=None, role=None, email=None, phone=None, address_line1=None, address_line2=None,
    address_line3=None, town=None, county=None, postcode=None, preferred_channel=None, needs_large_print=False,
    needs_easy_read=False, needs_interpreter=False, interpreter_language=None, access_needs_other=None,
    profession=None, notes=None, do_not_contact=True, consent_contact=False, consent_contact_date=None,
    consent_contact_how=None, consent_data=False, consent_data_date=None, consent_data_how=None, lawful_basis=None,
    special_category_consent=False, retention_review_on=None, active=False, import_batch_id=None,
    lsoa_code=None, imd_decile=None,
)


def erased_name(person_id: int) -> str:
    return f"Erased person {person_id}"


@dataclass
class PersonPlan:
    person_id: int
    name: str
    last_name: str
    memberships: list[str]
    tags: int
    interactions: int
    interactions_to_group: int
    assessments: int
    enrolments: int
    shares: int
    letters: int
    activities: int
    audit_events: int
    files: list[Path]                 # their own files inside the data folder, to delete
    files_outside: list[Path]         # their own files elsewhere: not deleted, the path is forgotten
    combined: list[Path]              # print documents shared with others: not changed
    duplicates: list[str]             # other records with the same name or email
    files_missing: list[Path] = field(default_factory=list)   # recorded but not found (moved or deleted)
    emails: int = 0                   # logged emails with them: addresses, subject, attachments forgotten
    responses: int = 0                # consultation responses matched to them: deleted

    def lines(self) -> list[str]:
        n = _n
        out = [f"{self.name} (person {self.person_id}) becomes \"{erased_name(self.person_id)}\":",
               "  - name, contact details, address, role, profession, access needs, notes and consent notes",
               f"  - {n(len(self.memberships), 'group membership')}"
               + (f" ({', '.join(self.memberships)})" if self.memberships else "") + f" and {n(self.tags, 'tag')}"]
        if self.interactions:
            out.append(f"  - {n(self.interactions, 'interaction')}: summary, outcome and follow-up text cleared "
                       "(dates and channels kept)")
        if self.interactions_to_group:
            out.append(f"    ({self.interactions_to_group} of them kept against {self.memberships[0]})")
        if self.emails:
            out.append(f"  - {n(self.emails, 'logged email')}: their address removed; with nobody else on it, "
                       "the subject and addresses cleared and the attachment files deleted")
        if self.responses:
            out.append(f"  - {n(self.responses, 'consultation response')} matched to them: deleted with the answers")
        if self.assessments:
            out.append(f"  - {n(self.assessments, 'assessment')}: rationale cleared (scores kept)")
        if self.enrolments:
            out.append(f"  - {n(self.enrolments, 'training enrolment')} kept with attendance; override reason cleared")
        if self.activities:
            out.append(f"  - {n(self.activities, 'activity', 'activities')} aimed at them: kept"
                       + (", and recorded as aimed at their groups" if self.memberships else ""))
        if self.shares:
            out.append(f"  - {n(self.shares, 'resource share')} kept; notes cleared")
        if self.letters:
            out.append(f"  - {n(self.letters, 'letter record')} kept"
                       + (f"; {n(len(self.files), 'file')} deleted from the data folder" if self.files else ""))
        out += [f"  - not deleted (outside the data folder; delete it by hand): {p}" for p in self.files_outside]
        out += [f"  - not found (moved or deleted already; if it still exists elsewhere, delete it by hand): {p}"
                for p in self.files_missing]
        out += [f"  - not changed (a combined document that holds other people's letters too): {p}"
                for p in self.combined]
        if self.audit_events:
            out.append(f"  - {n(self.audit_events, 'earlier audit event')} about them: details cleared")
        out += [f"  - note: {d} has the same name or email; erase it too if it is the same person"
                for d in self.duplicates]
        return out


@dataclass
class ErasePlan:
    people: list[PersonPlan]
    already_erased: list[str]
    mentions: int                     # cells in other records that mention them
    backups: BackupSummary

    def lines(self) -> list[str]:
        out: list[str] = []
        for person in self.people:
            out += person.lines()
        if self.mentions:
            out.append(f"{_n(self.mentions, 'mention')} of their name, email or phone in other records "
                       f"will read {REDACTED}.")
        out += [f"Already erased, left as it is: {name}" for name in self.already_erased]
        out.append("Dates, scores, enrolments, attendance and letters written are kept, so reach and coverage "
                   "figures stay right.")
        out.append("Not changed: spreadsheets exported earlier (for example in the data folder's exports folder) and "
                   "other copies outside SDM Desktop; delete them by hand if they hold this data.")
        out.append("This cannot be undone. " + self.backups.sentence())
        return out


@dataclass
class EraseReport:
    erased: list[int]
    files_deleted: list[Path] = field(default_factory=list)
    files_not_deleted: list[Path] = field(default_factory=list)
    files_missing: list[Path] = field(default_factory=list)
    mentions: int = 0

    def summary(self) -> str:
        text = f"Erased {_n(len(self.erased), 'person', 'people')}; {_n(len(self.files_deleted), 'file')} deleted"
        if self.mentions:
            text += f"; {_n(self.mentions, 'mention')} in other records replaced"
        if self.files_not_deleted:
            text += (". Not deleted (outside the data folder or could not be removed): "
                     + "; ".join(str(p) for p in self.files_not_deleted))
        if self.files_missing:
            text += (". Not found (moved or deleted already; if they still exist elsewhere, delete them by hand): "
                     + "; ".join(str(p) for p in self.files_missing))
        return text + "."


def _n(number: int, singular: str, plural: str | None = None) -> str:
    return f"{number} {singular if number == 1 else (plural or singular + 's')}"


# --- the plan -------------------------------------------------------------------------------------
def erase_plan(ctx: AppContext, person_ids: list[int]) -> ErasePlan:
    """What erasing these people would remove, with counts; changes nothing."""
    with ctx.session() as s:
        people, erased, terms = _people(s, person_ids)
        plans = [_person_plan(ctx, s, p) for p in people]
        mentions = sum(len(cells) for cells in find_mentions(s, terms, [p.id for p in people]).values())
    return ErasePlan(plans, erased, mentions, backup_summary(ctx.data_dir))


def _people(s: Session, person_ids: list[int]) -> tuple[list[Person], list[str], list[str]]:
    people, erased, terms = [], [], []
    for person_id in dict.fromkeys(person_ids):
        person = person_or_error(s, person_id)
        if person.erased_at is not None:
            erased.append(f"{person.display_name} (erased on {person.erased_at:%d %b %Y})")
            continue
        people.append(person)
        terms += with_json_forms(mention_terms(person))
    return people, erased, sorted(set(terms), key=len, reverse=True)


def _person_plan(ctx: AppContext, s: Session, p: Person) -> PersonPlan:
    pid = p.id
    groups = list(s.scalars(select(Organisation.name).join(Membership).where(Membership.person_id == pid)
                            .order_by(Membership.id)))
    files = letter_files(s, pid, ctx.data_dir)
    mine = files.existing()
    to_group = (count(s, Interaction, Interaction.person_id == pid, Interaction.organisation_id.is_(None))
                if groups else 0)
    plan = PersonPlan(
        pid, p.display_name, p.last_name, groups, len(p.tags), count(s, Interaction, Interaction.person_id == pid),
        to_group,
        count(s, Assessment, Assessment.person_id == pid), count(s, Enrolment, Enrolment.person_id == pid),
        count(s, ShareLog, ShareLog.person_id == pid), count(s, Letter, Letter.person_id == pid),
        count(s, ActivityTarget, ActivityTarget.person_id == pid), count(s, AuditEvent, person_condition(pid)),
        [f for f in mine if inside(ctx.data_dir, f)], [f for f in mine if not inside(ctx.data_dir, f)],
        files.combined, _duplicates(s, p), files.missing())
    plan.emails = email_count(s, pid)
    plan.responses = len({row[1] for row in person_response_rows(s, pid)})
    return plan


def _duplicates(s: Session, p: Person) -> list[str]:
    same = [Person.last_name == p.last_name, Person.first_name == p.first_name] if p.first_name else []
    conditions = []
    if same:
        conditions.append(same[0] & same[1])
    if p.email:
        conditions.append(Person.email == p.email)
    if not conditions:
        return []
    rows = s.execute(select(Person.id, Person.title, Person.first_name, Person.last_name)
                     .where(or_(*conditions), Person.id != p.id, Person.erased_at.is_(None)).limit(5))
    return [f"{' '.join(x for x in (title, first, last) if x)} (person {i})" for i, title, first, last in rows]


# --- erasing ----------------------------------------------------------------------------------------
def erase_people(ctx: AppContext, person_ids: list[int], progress: Progress | None = None) -> EraseReport:
    """Erase these people in one transaction; then delete their files inside the data folder."""
    progress = progress or Progress()
    to_delete: list[Path] = []
    report = EraseReport([])
    with ctx.session() as s:
        _overwrite_freed_space(s)
        people, _erased, terms = _people(s, person_ids)
        if not people:
            raise UserError("Nothing to erase: " + ("they were already erased." if person_ids else "no one chosen."))
        progress.start(len(people) + 1, f"Erasing {_n(len(people), 'person', 'people')}")
        ids = [p.id for p in people]
        for person in people:
            to_delete += erase_emails(s, person.id, person.email, ctx.data_dir)
            files = _erase_one(ctx, s, person)
            report.files_missing += files.missing()
            for path in files.existing():
                (to_delete if inside(ctx.data_dir, path) else report.files_not_deleted).append(path)
            report.erased.append(person.id)
            progress.step()
        s.flush()
        record_erasures(ctx.data_dir, [p.uid for p in people])     # before the commit: a failure erases nothing
        report.mentions = rewrite_mentions(s, terms, ids)
        for person_id in ids:
            refresh_person_search_text(s, person_id)
            audit.record(s, "erase", "person", person_id, files=len(to_delete))
        purge_index(s)
        progress.step()
    ctx.undo.clear()          # earlier undo steps could put the erased data back
    _checkpoint(ctx)
    for path in to_delete:
        try:
            path.unlink(missing_ok=True)
            report.files_deleted.append(path)
        except OSError:
            report.files_not_deleted.append(path)
    return report


def _overwrite_freed_space(s: Session) -> None:
    """SQLite keeps old cell contents in free space until reused; have them zeroed on this connection."""
    if s.get_bind().dialect.name == "sqlite":
        s.connection().exec_driver_sql("PRAGMA secure_delete=ON")


def _checkpoint(ctx: AppContext) -> None:
    """Copy the write-ahead log into the database and empty it, so old page images do not linger there."""
    if ctx.db.engine.dialect.name != "sqlite":
        return
    with ctx.db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def _erase_one(ctx: AppContext, s: Session, person: Person) -> LetterFiles:
    pid = person.id
    groups = list(s.scalars(select(Membership.organisation_id).where(Membership.person_id == pid)
                            .order_by(Membership.id)))
    files = letter_files(s, pid, ctx.data_dir)
    # Keep coverage right: what was aimed at a member counts for their groups.
    if groups:
        s.execute(update(Interaction).where(Interaction.person_id == pid, Interaction.organisation_id.is_(None))
                  .values(organisation_id=groups[0]))
        for activity_id in set(s.scalars(select(ActivityTarget.activity_id).where(ActivityTarget.person_id == pid))):
            have = set(s.scalars(select(ActivityTarget.organisation_id)
                                 .where(ActivityTarget.activity_id == activity_id)))
            s.add_all(ActivityTarget(activity_id=activity_id, organisation_id=g) for g in groups if g not in have)
    s.execute(update(Interaction).where(Interaction.person_id == pid).values(summary="", outcome=None, action=None))
    s.execute(update(Assessment).where(Assessment.person_id == pid).values(rationale=None))
    s.execute(update(Enrolment).where(Enrolment.person_id == pid).values(override_reason=None))
    s.execute(update(ShareLog).where(ShareLog.person_id == pid).values(notes=None))
    s.execute(update(Letter).where(Letter.person_id == pid, Letter.file_path.in_(files.recorded))
              .values(file_path=None))
    s.execute(update(AuditEvent).where(person_condition(pid)).values(detail=None))
    s.execute(delete(ImportChange).where(ImportChange.entity == "person", ImportChange.entity_id == pid))
    s.execute(delete(Membership).where(Membership.person_id == pid))
    remove_monitoring(s, pid)
    erase_person_responses(s, pid)
    person.tags = []
    for name, value in CLEARED_FIELDS.items():
        setattr(person, name, value)
    person.last_name = erased_name(pid)
    person.erased_at = utcnow()
    person.uid = person.uid or new_uid()
    return files


_CHUNK = 500          # identifiers per query, well under every database's parameter limit


def reapply_erasures(ctx: AppContext) -> int:
    """Erase again everyone the register of erasures lists who is back (from a restored backup); how many."""
    uids = erased_uids(ctx.data_dir)
    back: list[int] = []
    with ctx.session() as s:
        for start in range(0, len(uids), _CHUNK):
            back += s.scalars(select(Person.id).where(Person.uid.in_(uids[start:start + _CHUNK]),
                                                      Person.erased_at.is_(None)))
    if back:
        erase_people(ctx, sorted(back))
    return len(back)
