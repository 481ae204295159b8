"""Exports of the register: organisations and people, with consent honoured."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from sdm_desktop.db.models import Membership, Organisation, OrganisationType, Person
from sdm_desktop.services.context import AppContext
from sdm_desktop.services.exporting import Table
from sdm_desktop.services.register import (
    RegisterFilter, organisation_conditions, person_conditions, ppe_letters,
)

ORG_HEADERS = ["id", "name", "type", "ods_code", "address_line1", "address_line2", "address_line3",
               "town", "county", "postcode", "phone", "email", "website", "ppe_levels", "tags",
               "active", "commissioner_code", "notes"]
PERSON_HEADERS = ["id", "title", "first_name", "last_name", "role", "organisations", "email", "phone",
                  "address_line1", "address_line2", "address_line3", "town", "county", "postcode",
                  "preferred_channel", "patient_representative", "participant_type", "access_needs",
                  "do_not_contact", "consent_contact", "consent_contact_date", "consent_data",
                  "lawful_basis", "tags", "active"]


@dataclass
class ExportOptions:
    filter: RegisterFilter
    include_no_contact: bool = False     # people who are do-not-contact or lack consent
    ids: list[int] | None = None         # exactly these rows, in this order (export what is shown)


def organisations_table(ctx: AppContext, options: ExportOptions) -> Table:
    with ctx.session() as s:
        query = select(Organisation).join(OrganisationType)
        query = _restrict(query, Organisation, options, organisation_conditions)
        orgs = list(s.scalars(query))
        rows = [[o.id, o.name, o.org_type.name, o.ods_code, o.address_line1, o.address_line2,
                 o.address_line3, o.town, o.county, o.postcode, o.phone, o.email, o.website,
                 ppe_letters(o.ppe_individual, o.ppe_service, o.ppe_community),
                 ", ".join(t.name for t in o.tags), o.active, o.commissioner_code, o.notes] for o in orgs]
    rows = _in_given_order(rows, options.ids)
    return Table(ORG_HEADERS, rows, len(rows), "Organisations")


def people_table(ctx: AppContext, options: ExportOptions) -> tuple[Table, int]:
    """The people table and how many were left out for consent or do-not-contact."""
    with ctx.session() as s:
        query = _restrict(select(Person), Person, options, person_conditions)
        left_out = 0
        if not options.include_no_contact:
            blocked = query.where((Person.do_not_contact.is_(True)) | (Person.consent_contact.is_(False)))
            left_out = s.scalar(select(func.count()).select_from(blocked.subquery()))
            query = query.where(Person.do_not_contact.is_(False), Person.consent_contact.is_(True))
        people = list(s.scalars(query))
        orgs = _membership_names(s, [p.id for p in people])
        rows = [_person_row(p, orgs.get(p.id, "")) for p in people]
    rows = _in_given_order(rows, options.ids)
    return Table(PERSON_HEADERS, rows, len(rows), "People"), left_out


def _restrict(query, model, options: ExportOptions, conditions):
    if options.ids is not None:
        return query.where(model.id.in_(options.ids))
    return query.where(*conditions(options.filter)).order_by(model.id)


def _in_given_order(rows: list[list], ids: list[int] | None) -> list[list]:
    if ids is None:
        return rows
    position = {row_id: i for i, row_id in enumerate(ids)}
    return sorted(rows, key=lambda r: position.get(r[0], 0))


def _membership_names(session, ids: list[int]) -> dict[int, str]:
    out: dict[int, list[str]] = {}
    for chunk_start in range(0, len(ids), 900):
        chunk = ids[chunk_start:chunk_start + 900]
        for pid, name, role in session.execute(
                select(Membership.person_id, Organisation.name, Membership.role).join(Organisation)
                .where(Membership.person_id.in_(chunk))):
            out.setdefault(pid, []).append(f"{name} ({role})")
    return {k: "; ".join(v) for k, v in out.items()}


def _person_row(p: Person, orgs: str) -> list:
    needs = [n for n, on in (("large print", p.needs_large_print), ("easy read", p.needs_easy_read),
                             (f"interpreter {p.interpreter_language or ''}".strip(), p.needs_interpreter)) if on]
    if p.access_needs_other:
        needs.append(p.access_needs_other)
    return [p.id, p.title, p.first_name, p.last_name, p.role, orgs, p.email, p.phone, p.address_line1,
            p.address_line2, p.address_line3, p.town, p.county, p.postcode, p.preferred_channel,
            p.is_patient_rep, p.participant_type, "; ".join(needs), p.do_not_contact, p.consent_contact,
            p.consent_contact_date, p.consent_data, p.lawful_basis, ", ".join(t.name for t in p.tags), p.active]
