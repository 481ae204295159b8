"""People in the register: validate, create, edit, archive, delete, undo; memberships."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from sdm_desktop.db.models import Membership, Organisation, Person
from sdm_desktop.services.core import audit
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.core.undo import UndoStep
from sdm_desktop.services.core.validation import (
    CONTROL_RE,
    FieldErrors,
    ValidationError,
    apply_rule,
    check_length,
    check_tags,
    check_text,
    clean,
    normalise_email,
    normalise_phone,
    normalise_postcode,
)
from sdm_desktop.services.core.versions import (
    Written,
    current_version,
    expect_version,
    mark_changed,
    write_derived,
)
from sdm_desktop.services.core.vocab import CONTACT_CHANNELS, LAWFUL_BASES, PARTICIPANT_TYPES, codes
from sdm_desktop.services.lookups.areas import refresh_areas
from sdm_desktop.services.register import record_ops
from sdm_desktop.services.register.record_ops import get_row
from sdm_desktop.services.register.search_text import PERSON_SEARCH_FIELDS, person_search_text_of
from sdm_desktop.services.register.tags import set_tags


@dataclass
class MembershipInput:
    organisation_id: int
    role: str = "member"
    organisation_name: str = ""


@dataclass
class PersonInput:
    title: str | None = None
    first_name: str | None = None
    last_name: str = ""
    role: str | None = None
    email: str | None = None
    phone: str | None = None
    address_line1: str | None = None
    address_line2: str | None = None
    address_line3: str | None = None
    town: str | None = None
    county: str | None = None
    postcode: str | None = None
    preferred_channel: str | None = None
    needs_large_print: bool = False
    needs_easy_read: bool = False
    needs_interpreter: bool = False
    interpreter_language: str | None = None
    access_needs_other: str | None = None
    is_patient_rep: bool = False
    participant_type: str | None = None
    profession: str | None = None
    do_not_contact: bool = False
    consent_contact: bool = False
    consent_contact_date: date | None = None
    consent_contact_how: str | None = None
    consent_data: bool = False
    consent_data_date: date | None = None
    consent_data_how: str | None = None
    lawful_basis: str | None = None
    special_category_consent: bool = False        # UK GDPR Art. 9: explicit consent for health data etc.
    retention_review_on: date | None = None
    notes: str | None = None
    active: bool = True
    tags: list[str] = field(default_factory=list)
    memberships: list[MembershipInput] = field(default_factory=list)

    @classmethod
    def from_row(cls, person: Person) -> PersonInput:
        skip = ("tags", "memberships")
        values = {f.name: getattr(person, f.name) for f in fields(cls) if f.name not in skip}
        members = [MembershipInput(m.organisation_id, m.role, m.organisation.name) for m in person.memberships]
        return cls(tags=sorted(t.name for t in person.tags), memberships=members, **values)

    @property
    def display_name(self) -> str:
        return " ".join(p for p in (self.title, self.first_name, self.last_name) if p)


TEXT_LIMITS = {"title": 40, "first_name": 120, "last_name": 120, "role": 200, "address_line1": 200,
               "address_line2": 200, "address_line3": 200, "town": 120, "county": 120,
               "interpreter_language": 80, "access_needs_other": 300, "profession": 120,
               "consent_contact_how": 120, "consent_data_how": 120, "notes": 20000}
CHECKED_TEXT = (*TEXT_LIMITS, "email", "phone", "postcode")
ROLE_LIMIT = 80       # a role in a group: chair, secretary, member, patient representative…


CHOICES = {"preferred_channel": codes(CONTACT_CHANNELS), "participant_type": codes(PARTICIPANT_TYPES),
           "lawful_basis": codes(LAWFUL_BASES)}


def validate_person(data: PersonInput) -> PersonInput:
    errors = FieldErrors()
    out = _shallow_copy(data)
    tidied = check_text(errors, data, CHECKED_TEXT)
    values = out.__dict__
    for name, limit in TEXT_LIMITS.items():
        value = tidied[name] if name in tidied else values[name]
        if value is not None:
            value = values[name] = clean(value)
            if value is not None and len(value) > limit:
                check_length(errors, name, value, limit)
    out.last_name = out.last_name or ""
    if not out.last_name:
        errors.add("last_name", "is required")
    out.email = apply_rule(errors, "email", normalise_email, data.email)
    out.phone = apply_rule(errors, "phone", normalise_phone, data.phone)
    out.postcode = apply_rule(errors, "postcode", normalise_postcode, data.postcode)
    for name, allowed in CHOICES.items():
        _check_choice(errors, name, getattr(data, name), allowed)
    if data.preferred_channel == "email" and not out.email:
        errors.add("email", "is needed when the preferred channel is email")
    if data.preferred_channel in ("phone", "text") and not out.phone:
        channel = "a text message" if data.preferred_channel == "text" else "phone"
        errors.add("phone", f"is needed when the preferred channel is {channel}")
    today = date.today()
    for name in ("consent_contact_date", "consent_data_date"):
        given = getattr(data, name)
        if given is not None and given > today:
            errors.add(name, f"is in the future ({given:%d/%m/%Y}); consent is recorded once given")
    if data.consent_contact and not data.consent_contact_date:
        out.consent_contact_date = today
    if data.consent_data and not data.consent_data_date:
        out.consent_data_date = today
    out.tags = check_tags(errors, data.tags)
    out.memberships = _check_memberships(errors, data.memberships)
    if errors:
        raise ValidationError(errors)
    return out


def _shallow_copy(data: PersonInput) -> PersonInput:
    """A copy whose lists are its own (the values are strings, dates and bools), without ``replace``'s call of
    ``__init__``: an import validates 100,000 of them."""
    out = object.__new__(data.__class__)
    out.__dict__.update(data.__dict__, tags=list(data.tags), memberships=list(data.memberships))
    return out


def _check_memberships(errors: FieldErrors, memberships: list[MembershipInput]) -> list[MembershipInput]:
    out = []
    for m in memberships:
        role = " ".join((m.role or "").split()).lower() or "member"
        if len(role) > ROLE_LIMIT:
            errors.add("memberships", f"has a role that is too long ({len(role)} characters; at most {ROLE_LIMIT})")
        elif CONTROL_RE.search(role):
            errors.add("memberships", "has a role with an invisible control character; retype it")
        out.append(m if role == m.role else replace(m, role=role))
    return out


def _check_choice(errors: FieldErrors, name: str, value: str | None, allowed: list[str]) -> None:
    if value and value not in allowed:
        errors.add(name, f"must be one of {', '.join(allowed)}")


def person_search_text(person: Person, org_names: list[str]) -> str:
    values = {name: getattr(person, name) for name in PERSON_SEARCH_FIELDS}
    return person_search_text_of(values, org_names, [t.name for t in person.tags])


def refresh_person_search_text(session: Session, person_id: int) -> None:
    person = session.get(Person, person_id)
    if person is None:
        return
    names = list(session.scalars(
        select(Organisation.name).join(Membership).where(Membership.person_id == person_id)))
    text = person_search_text(person, names)
    if text != person.search_text:
        write_derived(session, person, search_text=text)


def apply_person(session: Session, person: Person, data: PersonInput) -> None:
    for f in fields(PersonInput):
        if f.name not in ("tags", "memberships"):
            setattr(person, f.name, getattr(data, f.name))
    set_tags(session, person, data.tags)
    wanted = {(m.organisation_id, (m.role or "member").strip().lower()) for m in data.memberships}
    if wanted != {(m.organisation_id, m.role) for m in person.memberships}:
        mark_changed(person)
    person.memberships = [m for m in person.memberships if (m.organisation_id, m.role) in wanted]
    have = {(m.organisation_id, m.role) for m in person.memberships}
    for org_id, role in sorted(wanted - have):
        if session.get(Organisation, org_id) is None:
            named = next((m.organisation_name for m in data.memberships if m.organisation_id == org_id), "")
            raise ValidationError(FieldErrors({"memberships": f"include a group that no longer exists "
                                                              f"({named or f'id {org_id}'}): "
                                                              "remove it and save again"}))
        person.memberships.append(Membership(organisation_id=org_id, role=role))
    session.flush()
    names = [session.get(Organisation, org_id).name for org_id, _ in wanted]
    person.search_text = person_search_text(person, names)
    refresh_areas(session, person_ids=[person.id], organisation_ids=[])


def create_person(ctx: AppContext, data: PersonInput, *, undoable: bool = True) -> int:
    data = validate_person(data)
    with ctx.session() as s:
        person = Person()
        s.add(person)
        apply_person(s, person, data)
        audit.record(s, "create", "person", person.id)
        new_id = person.id
        written = [Written("person", new_id, person.row_version, data.display_name)]
    if undoable:
        ctx.undo.push(UndoStep(f"add {data.display_name}", lambda: record_ops.delete_created(ctx, PEOPLE, [new_id]),
                               written))
    return new_id


def get_person(ctx: AppContext, person_id: int) -> PersonInput:
    with ctx.session() as s:
        person = get_row(s, Person, person_id, "person")
        return PersonInput.from_row(person)


def get_person_version(ctx: AppContext, person_id: int) -> int | None:
    """Read before the person's values when opening an editor (see versions.read_version)."""
    return current_version(ctx, "person", person_id)


def update_person(ctx: AppContext, person_id: int, data: PersonInput, *, expected_version: int | None = None) -> None:
    """Save an edit. With ``expected_version`` (the version the editor opened) a person changed or deleted
    by someone else since is refused with versions.RecordChanged."""
    data = validate_person(data)
    with ctx.session() as s:
        person = s.get(Person, person_id)
        label = PersonInput.from_row(person).display_name if person is not None else data.display_name
        expect_version(s, person, expected_version, "person", person_id, label)
        before = PersonInput.from_row(person)
        apply_person(s, person, data)
        audit.record(s, "update", "person", person_id)
        s.flush()
        written = [Written("person", person_id, person.row_version, before.display_name)]
    ctx.undo.push(UndoStep(f"edit {before.display_name}", lambda: _restore_fields(ctx, person_id, before),
                           written))


def _restore_fields(ctx: AppContext, person_id: int, before: PersonInput) -> None:
    with ctx.session() as s:
        person = s.get(Person, person_id)
        if person is not None:
            apply_person(s, person, before)
            audit.record(s, "undo update", "person", person_id)


PEOPLE = record_ops.RecordKind(Person, "person", "person", "people")


def set_archived(ctx: AppContext, person_ids: list[int], archived: bool) -> None:
    record_ops.set_archived(ctx, PEOPLE, person_ids, archived)


def delete_people(ctx: AppContext, person_ids: list[int], *, expected: dict[int, int] | None = None) -> None:
    """``expected`` (id → the version the user saw) refuses the delete of someone changed since."""
    record_ops.delete_rows(ctx, PEOPLE, person_ids, expected=expected)


def can_be_contacted(person: Person) -> tuple[bool, str]:
    """Consent and do-not-contact, in one place for letters, exports and sharing."""
    if person.do_not_contact:
        return False, "marked do not contact"
    if not person.consent_contact:
        return False, "no consent to be contacted"
    if person.archived_at is not None:
        return False, "archived"
    return True, ""
