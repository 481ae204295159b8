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

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import String, UniqueConstraint, delete, or_, select, update
from sqlalchemy.orm import Session

from sdm_desktop.db.models import (
    ActivityTarget,
    Assessment,
    AuditEvent,
    Base,
    Enrolment,
    ImportChange,
    Interaction,
    Letter,
    Membership,
    Organisation,
    Person,
    ShareLog,
    utcnow,
)
from sdm_desktop.errors import UserError
from sdm_desktop.progress import Progress
from sdm_desktop.services.core import audit
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.core.text import fold
from sdm_desktop.services.privacy.audit_trail import person_condition
from sdm_desktop.services.privacy.common import (
    BackupSummary,
    backup_summary,
    count,
    inside,
    letter_files,
    person_or_error,
)
from sdm_desktop.services.register.people import refresh_person_search_text

REDACTED = "[erased]"
MIN_TERM = 5                      # shorter names or numbers are too likely to match something else
SKIP_TABLES = {"alembic_version", "tag", "organisation_type"}
# Other people's own identity columns are never rewritten: a namesake is a different person (the plan
# lists records with the same name or email instead).
PERSON_IDENTITY = {"title", "first_name", "last_name", "email", "phone", "search_text"}
CLEARED_FIELDS = dict(
    title=None, first_name=None, role=None, email=None, phone=None, address_line1=None, address_line2=None,
    address_line3=None, town=None, county=None, postcode=None, preferred_channel=None, needs_large_print=False,
    needs_easy_read=False, needs_interpreter=False, interpreter_language=None, access_needs_other=None,
    profession=None, notes=None, do_not_contact=True, consent_contact=False, consent_contact_date=None,
    consent_contact_how=None, consent_data=False, consent_data_date=None, consent_data_how=None, lawful_basis=None,
    special_category_consent=False, retention_review_on=None, active=False, import_batch_id=None,
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
    mentions: int = 0

    def summary(self) -> str:
        text = f"Erased {_n(len(self.erased), 'person', 'people')}; {_n(len(self.files_deleted), 'file')} deleted"
        if self.mentions:
            text += f"; {_n(self.mentions, 'mention')} in other records replaced"
        if self.files_not_deleted:
            text += (". Not deleted (outside the data folder or could not be removed): "
                     + "; ".join(str(p) for p in self.files_not_deleted))
        return text + "."


def _n(number: int, singular: str, plural: str | None = None) -> str:
    return f"{number} {singular if number == 1 else (plural or singular + 's')}"


# --- the plan -------------------------------------------------------------------------------------
def erase_plan(ctx: AppContext, person_ids: list[int]) -> ErasePlan:
    """What erasing these people would remove, with counts; changes nothing."""
    with ctx.session() as s:
        people, erased, terms = _people(s, person_ids)
        plans = [_person_plan(ctx, s, p) for p in people]
        mentions = sum(len(cells) for cells in _mentions(s, terms, [p.id for p in people]).values())
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
    files = letter_files(s, pid)
    mine = files.individual
    to_group = (count(s, Interaction, Interaction.person_id == pid, Interaction.organisation_id.is_(None))
                if groups else 0)
    return PersonPlan(
        pid, p.display_name, p.last_name, groups, len(p.tags), count(s, Interaction, Interaction.person_id == pid),
        to_group,
        count(s, Assessment, Assessment.person_id == pid), count(s, Enrolment, Enrolment.person_id == pid),
        count(s, ShareLog, ShareLog.person_id == pid), count(s, Letter, Letter.person_id == pid),
        count(s, ActivityTarget, ActivityTarget.person_id == pid), count(s, AuditEvent, person_condition(pid)),
        [f for f in mine if inside(ctx.data_dir, f) and f.is_file()],
        [f for f in mine if not inside(ctx.data_dir, f) and f.is_file()], files.combined, _duplicates(s, p))


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


def mention_terms(person: Person) -> list[str]:
    """How other records may name the person: full name (with and without title, 'Last, First'),
    email, phone, first address line. Bare first or last names are left alone: too many false matches."""
    first, last, title = person.first_name, person.last_name, person.title
    terms = [person.email, person.phone, person.address_line1]
    if first:
        terms += [f"{first} {last}", f"{last}, {first}"]
        if title:
            terms.append(f"{title} {first} {last}")
    elif title:
        terms.append(f"{title} {last}")
    return list(dict.fromkeys(t.strip() for t in terms if t and len(t.strip()) >= MIN_TERM))


def with_json_forms(terms: list[str]) -> list[str]:
    """The terms, each also as a search index holds it ("zoe" for "Zoë"), and as it is written inside
    stored JSON (import history, saved selections, audit details), where "Zoë" reads "Zo\\u00eb"."""
    out = list(terms)
    for term in terms:
        for form in (fold(term), json.dumps(term)[1:-1]):
            if form.lower() != term.lower() and form not in out:
                out.append(form)
    return out


# --- finding and rewriting mentions --------------------------------------------------------------
def _text_columns():
    for table in Base.metadata.sorted_tables:
        if table.name in SKIP_TABLES or not table.primary_key.columns:
            continue
        unique = {c.name for con in table.constraints if isinstance(con, UniqueConstraint) for c in con.columns}
        columns = [c for c in table.columns if isinstance(c.type, String) and not c.primary_key and not c.unique
                   and c.name not in unique and not c.foreign_keys]
        if table.name == "person":
            columns = [c for c in columns if c.name not in PERSON_IDENTITY]
        if table.name == "organisation":
            # A group's own contact details may be shared with a member (a practice phone): only its notes.
            columns = [c for c in columns if c.name == "notes"]
        if columns:
            yield table, columns


def _mentions(s: Session, terms: list[str], person_ids: list[int]) -> dict[tuple, dict[str, str]]:
    """(table name, primary key) -> {column: value} of cells that mention any term.

    One read of each table and one regular expression in Python: 100,000 people with their notes and
    interactions take about a second, however many people are erased at once (SQL LIKE per term was
    ten times slower for one person and grew with every term)."""
    found: dict[tuple, dict[str, str]] = {}
    if not terms:
        return found
    pattern = mention_pattern(terms)
    conn = s.connection()
    for table, columns in _text_columns():
        keys = list(table.primary_key.columns)
        query = select(*keys, *columns)
        if table.name == "person":
            query = query.where(table.c.id.not_in(person_ids))
        for row in conn.execute(query):
            for column, value in zip(columns, row[len(keys):], strict=False):
                if value and pattern.search(value):
                    found.setdefault((table.name, tuple(row[:len(keys)])), {})[column.name] = value
    return found


def mention_pattern(terms: list[str]) -> re.Pattern:
    """The terms as whole words: "Ann Lee" is not found inside "Ann Leeson"."""
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(t) for t in terms) + r")(?!\w)", re.IGNORECASE)


def redact(value: str, terms: list[str]) -> str:
    return mention_pattern(terms).sub(REDACTED, value)


def _rewrite_mentions(s: Session, terms: list[str], person_ids: list[int]) -> int:
    found = _mentions(s, terms, person_ids)
    tables = {t.name: t for t in Base.metadata.sorted_tables}
    for (name, key), cells in found.items():
        table = tables[name]
        values = {}
        for column, value in cells.items():
            new = redact(value, terms)
            values[column] = None if new.strip() == REDACTED and table.c[column].nullable else new
        keys = list(table.primary_key.columns)
        s.execute(update(table).where(*(k == v for k, v in zip(keys, key, strict=False))).values(**values))
    s.flush()
    s.expire_all()
    from sdm_desktop.services.register.organisations import organisation_search_text
    for (name, key), _cells in found.items():
        if name == "organisation":
            org = s.get(Organisation, key[0])
            if org is not None:
                org.search_text = organisation_search_text(org)
        elif name == "person":
            refresh_person_search_text(s, key[0])
    return sum(len(cells) for cells in found.values())


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
            files = _erase_one(ctx, s, person)
            for path in files:
                (to_delete if inside(ctx.data_dir, path) else report.files_not_deleted).append(path)
            report.erased.append(person.id)
            progress.step()
        s.flush()
        report.mentions = _rewrite_mentions(s, terms, ids)
        for person_id in ids:
            refresh_person_search_text(s, person_id)
            audit.record(s, "erase", "person", person_id, files=len(to_delete))
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


def _erase_one(ctx: AppContext, s: Session, person: Person) -> list[Path]:
    pid = person.id
    groups = list(s.scalars(select(Membership.organisation_id).where(Membership.person_id == pid)
                            .order_by(Membership.id)))
    files = letter_files(s, pid)
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
    individual = {str(p) for p in files.individual}
    s.execute(update(Letter).where(Letter.person_id == pid, Letter.file_path.in_(individual)).values(file_path=None))
    s.execute(update(AuditEvent).where(person_condition(pid)).values(detail=None))
    s.execute(delete(ImportChange).where(ImportChange.entity == "person", ImportChange.entity_id == pid))
    s.execute(delete(Membership).where(Membership.person_id == pid))
    person.tags = []
    for name, value in CLEARED_FIELDS.items():
        setattr(person, name, value)
    person.last_name = erased_name(pid)
    person.erased_at = utcnow()
    return [p for p in files.individual if p.is_file()]
