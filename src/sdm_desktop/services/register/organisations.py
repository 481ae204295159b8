"""Organisations and groups in the register: validate, create, edit, archive, delete, undo."""

from __future__ import annotations

from dataclasses import fields, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from sdm_desktop.db.models import Membership, Organisation, OrganisationType
from sdm_desktop.services.core import audit
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.core.undo import UndoStep
from sdm_desktop.services.core.validation import (
    FieldErrors,
    ValidationError,
)
from sdm_desktop.services.core.versions import Written, current_version, expect_version
from sdm_desktop.services.lookups.areas import refresh_areas
from sdm_desktop.services.register import record_ops
from sdm_desktop.services.register.inputs.organisations import (  # noqa: F401 - the register's API
    CHECKED_TEXT,
    TEXT_LIMITS,
    OrganisationInput,
    validate_organisation,
)
from sdm_desktop.services.register.people import refresh_person_search_text
from sdm_desktop.services.register.record_ops import get_row
from sdm_desktop.services.register.search_index import rebuild_organisations, refresh_reached_through
from sdm_desktop.services.register.search_text import ORG_SEARCH_FIELDS, organisation_search_text_of, reached_words
from sdm_desktop.services.register.tags import set_tags


def reached_through_problem(session: Session, org_id: int | None, target_id: int | None) -> str | None:
    """Why ``org_id`` cannot be reached through ``target_id`` (None: it can). Worded to follow the field's
    name, "Reached through …". A new group (``org_id`` None) cannot make a circle: nothing points at it yet."""
    if target_id is None:
        return None
    if org_id is not None and target_id == org_id:
        return "cannot be the group itself"
    name = session.scalar(select(Organisation.name).where(Organisation.id == target_id))
    if name is None:
        return "is not in the register (it may have been deleted); choose another organisation"
    chain, current, seen = [name], target_id, {target_id}
    while org_id is not None:
        current = session.scalar(select(Organisation.reached_through_id).where(Organisation.id == current))
        if current is None or current in seen:
            return None
        if current == org_id:
            steps = [f" is reached through {name}" if i == 0 else f", which is reached through {name}"
                     for i, name in enumerate([*chain[1:], "this group"])]
            return f"would make a circle: {chain[0]}{''.join(steps)}"
        seen.add(current)
        chain.append(session.scalar(select(Organisation.name).where(Organisation.id == current)) or "?")
    return None


def _check_reached_through(session: Session, org_id: int | None, data: OrganisationInput) -> None:
    problem = reached_through_problem(session, org_id, data.reached_through_id)
    if problem:
        errors = FieldErrors()
        errors.add("reached_through_id", problem)
        raise ValidationError(errors)


def organisation_name(ctx: AppContext, org_id: int) -> str:
    """The name shown for an organisation in a picker ("" if it is not in the register)."""
    with ctx.session() as s:
        return s.scalar(select(Organisation.name).where(Organisation.id == org_id)) or ""


def reached_through_it(ctx: AppContext, org_id: int) -> list[tuple[int, str]]:
    """(id, name) of the groups reached through this organisation, e.g. a practice's PPG."""
    with ctx.session() as s:
        return [(r[0], r[1]) for r in s.execute(
            select(Organisation.id, Organisation.name).where(Organisation.reached_through_id == org_id)
            .order_by(Organisation.name, Organisation.id))]


def organisation_types(ctx: AppContext) -> list[str]:
    with ctx.session() as s:
        return list(s.scalars(select(OrganisationType.name).order_by(OrganisationType.sort_order)))


def _type_id(session: Session, name: str) -> int:
    return session.scalar(select(OrganisationType.id).where(OrganisationType.name == name))


def organisation_search_text(org: Organisation) -> str:
    values = {name: getattr(org, name) for name in ORG_SEARCH_FIELDS}
    through = org.reached_through
    return organisation_search_text_of(values, org.org_type.name if org.org_type else None,
                                       [t.name for t in org.tags],
                                       reached_words(through.name, through.ods_code) if through else "")


def apply_organisation(session: Session, org: Organisation, data: OrganisationInput) -> None:
    for f in fields(OrganisationInput):
        if f.name not in ("org_type", "tags"):
            setattr(org, f.name, getattr(data, f.name))
    org.org_type_id = _type_id(session, data.org_type)
    org.org_type = session.get(OrganisationType, org.org_type_id)
    org.reached_through = session.get(Organisation, data.reached_through_id) if data.reached_through_id else None
    set_tags(session, org, data.tags)
    org.search_text = organisation_search_text(org)
    session.add(org)
    session.flush()                 # a new group has its id: the area of its postcode is written by it
    refresh_areas(session, person_ids=[], organisation_ids=[org.id])


def create_organisation(ctx: AppContext, data: OrganisationInput, *, undoable: bool = True) -> int:
    data = validate_organisation(data, organisation_types(ctx))
    with ctx.session() as s:
        _check_reached_through(s, None, data)
        org = Organisation()
        apply_organisation(s, org, data)
        s.add(org)
        s.flush()
        audit.record(s, "create", "organisation", org.id, name=org.name)
        new_id = org.id
        written = [Written("organisation", new_id, org.row_version, data.name)]
    if undoable:
        ctx.undo.push(UndoStep(f"add {data.name}", lambda: record_ops.delete_created(ctx, ORGANISATIONS, [new_id]),
                               written))
    return new_id


def get_organisation(ctx: AppContext, org_id: int) -> OrganisationInput:
    with ctx.session() as s:
        org = get_row(s, Organisation, org_id, "organisation")
        return OrganisationInput.from_row(org)


def get_organisation_version(ctx: AppContext, org_id: int) -> int | None:
    """Read before the organisation's values when opening an editor (see versions.read_version)."""
    return current_version(ctx, "organisation", org_id)


def update_organisation(ctx: AppContext, org_id: int, data: OrganisationInput, *,
                        expected_version: int | None = None) -> None:
    """Save an edit. With ``expected_version`` (the version the editor opened) an organisation changed or
    deleted by someone else since is refused with versions.RecordChanged."""
    data = validate_organisation(data, organisation_types(ctx))
    with ctx.session() as s:
        org = s.get(Organisation, org_id)
        expect_version(s, org, expected_version, "organisation", org_id, org.name if org is not None else data.name)
        before = OrganisationInput.from_row(org)
        _check_reached_through(s, org_id, data)
        apply_organisation(s, org, data)
        _refresh_dependent_search(s, org_id)
        audit.record(s, "update", "organisation", org_id, name=org.name)
        s.flush()
        written = [Written("organisation", org_id, org.row_version, before.name)]
    ctx.undo.push(UndoStep(f"edit {before.name}", lambda: _restore_fields(ctx, org_id, before), written))


def _restore_fields(ctx: AppContext, org_id: int, before: OrganisationInput) -> None:
    with ctx.session() as s:
        org = s.get(Organisation, org_id)
        if org is not None:
            if reached_through_problem(s, org_id, before.reached_through_id):
                before = replace(before, reached_through_id=None)   # that organisation was deleted since
            apply_organisation(s, org, before)
            _refresh_dependent_search(s, org_id)
            audit.record(s, "undo update", "organisation", org_id)


def _refresh_dependent_search(session: Session, org_id: int) -> None:
    """Its members' search text holds its name, and so does that of the groups reached through it."""
    session.flush()
    for person_id in session.scalars(select(Membership.person_id).where(Membership.organisation_id == org_id)):
        refresh_person_search_text(session, person_id)
    refresh_reached_through(session, [org_id])


ORGANISATIONS = record_ops.RecordKind(Organisation, "organisation", "organisation", "organisations")


def set_archived(ctx: AppContext, org_ids: list[int], archived: bool) -> None:
    record_ops.set_archived(ctx, ORGANISATIONS, org_ids, archived)


def delete_organisations(ctx: AppContext, org_ids: list[int], *, expected: dict[int, int] | None = None) -> None:
    """Delete with everything that hangs off them; one undo puts it all back. ``expected`` (id → the version
    the user saw) refuses the delete of one changed since."""
    with ctx.session() as s:
        reached = list(s.scalars(select(Organisation.id).where(Organisation.reached_through_id.in_(org_ids),
                                                               Organisation.id.not_in(org_ids))))
    # Groups reached through them are no longer found by their names, and are again after an undo.
    record_ops.delete_rows(ctx, ORGANISATIONS, org_ids,
                           after=(lambda s: rebuild_organisations(s, reached)) if reached else None,
                           expected=expected)
