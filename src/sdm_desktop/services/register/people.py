"""People in the register: validate, create, edit, archive, delete, undo; memberships."""

from __future__ import annotations

from dataclasses import fields

from sqlalchemy import select
from sqlalchemy.orm import Session

from sdm_desktop.db.models import Membership, Organisation, Person
from sdm_desktop.services.core import audit
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.core.undo import UndoStep
from sdm_desktop.services.core.validation import (
    FieldErrors,
    ValidationError,
)
from sdm_desktop.services.core.versions import (
    Written,
    current_version,
    expect_version,
    mark_changed,
    write_derived,
)
from sdm_desktop.services.lookups.areas import refresh_areas
from sdm_desktop.services.register import record_ops
from sdm_desktop.services.register.inputs.people import (  # noqa: F401 - the register's people API
    CHECKED_TEXT,
    CHOICES,
    ROLE_LIMIT,
    TEXT_LIMITS,
    MembershipInput,
    PersonInput,
    validate_person,
)
from sdm_desktop.services.register.record_ops import get_row
from sdm_desktop.services.register.search_text import PERSON_SEARCH_FIELDS, person_search_text_of
from sdm_desktop.services.register.tags import set_tags


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
