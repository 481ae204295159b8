"""Exports of the register: organisations and people, with consent honoured."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select

from sdm_desktop.db.models import Membership, Organisation, OrganisationType, Person, Tag, person_tags
from sdm_desktop.errors import UserError
from sdm_desktop.services.core import audit
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.exporting.kinds import (
    ACTIVE,
    INCLUDE_NO_CONTACT,
    ORGANISATION_TYPE,
    PPE_LEVEL,
    SEARCH,
    TAG,
    ExportKind,
    active_only,
)
from sdm_desktop.services.exporting.tables import Table
from sdm_desktop.services.register.filter_names import check_filter_names
from sdm_desktop.services.register.search import (
    RegisterFilter,
    organisation_conditions,
    person_conditions,
    ppe_letters,
)

ORG_HEADERS = ["id", "name", "type", "ods_code", "address_line1", "address_line2", "address_line3",
               "town", "county", "postcode", "phone", "email", "website", "ppe_levels", "tags",
               "active", "commissioner_code", "notes", "reached_through"]
PERSON_HEADERS = ["id", "title", "first_name", "last_name", "role", "organisations", "email", "phone",
                  "address_line1", "address_line2", "address_line3", "town", "county", "postcode",
                  "preferred_channel", "patient_representative", "participant_type", "access_needs",
                  "do_not_contact", "consent_contact", "consent_contact_date", "consent_data",
                  "lawful_basis", "tags", "active", "consent_data_date", "special_category_consent",
                  "retention_review_on"]


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
        through = _reached_through(s, {o.reached_through_id for o in orgs if o.reached_through_id is not None})
        rows = [[o.id, o.name, o.org_type.name, o.ods_code, o.address_line1, o.address_line2,
                 o.address_line3, o.town, o.county, o.postcode, o.phone, o.email, o.website,
                 ppe_letters(o.ppe_individual, o.ppe_service, o.ppe_community),
                 ", ".join(t.name for t in o.tags), o.active, o.commissioner_code, o.notes,
                 through.get(o.reached_through_id)] for o in orgs]
    rows = _in_given_order(rows, options.ids)
    return Table(ORG_HEADERS, rows, len(rows), "Organisations")


def _reached_through(session, ids: set[int]) -> dict[int, str]:
    """How the export names the organisation a group is reached through: its ODS code, else its name (the
    import finds it by either)."""
    wanted, out = sorted(ids), {}
    for start in range(0, len(wanted), 900):
        for org_id, ods, name in session.execute(select(Organisation.id, Organisation.ods_code, Organisation.name)
                                                 .where(Organisation.id.in_(wanted[start:start + 900]))):
            out[org_id] = ods or name
    return out


PERSON_EXPORT_COLUMNS = [
    Person.id, Person.title, Person.first_name, Person.last_name, Person.role, Person.email, Person.phone,
    Person.address_line1, Person.address_line2, Person.address_line3, Person.town, Person.county,
    Person.postcode, Person.preferred_channel, Person.is_patient_rep, Person.participant_type,
    Person.needs_large_print, Person.needs_easy_read, Person.needs_interpreter, Person.interpreter_language,
    Person.access_needs_other, Person.do_not_contact, Person.consent_contact, Person.consent_contact_date,
    Person.consent_data, Person.lawful_basis, Person.active, Person.consent_data_date,
    Person.special_category_consent, Person.retention_review_on,
]


def people_table(ctx: AppContext, options: ExportOptions) -> tuple[Table, int]:
    """The people table and how many were left out for consent or do-not-contact.

    Plain column queries (no ORM objects) so 100,000 people export in seconds.
    """
    with ctx.session() as s:
        query = select(*PERSON_EXPORT_COLUMNS)
        if options.ids is None:
            people = s.execute(query.where(*person_conditions(options.filter)).order_by(Person.id)).all()
        else:
            people = _by_person(s, query, Person.id, options.ids)
        left_out = 0
        if not options.include_no_contact:
            allowed = [p for p in people if not p.do_not_contact and p.consent_contact]
            left_out = len(people) - len(allowed)
            people = allowed
        ids = [p.id for p in people]
        orgs = _membership_names(s, ids)
        tags = _person_tag_names(s, ids)
        rows = [_person_row(p, orgs.get(p.id, ""), tags.get(p.id, "")) for p in people]
    rows = _in_given_order(rows, options.ids)

    def record() -> None:                  # only once the file is written: a failed export is not one
        with ctx.session() as s:
            audit.record(s, "export", "person", None, rows=len(rows), left_out=left_out,
                         include_no_contact=options.include_no_contact)

    return Table(PERSON_HEADERS, rows, len(rows), "People", on_written=record), left_out


def no_contact_count(ctx: AppContext, options: ExportOptions) -> int:
    """How many people of this export people_table would leave out: one cheap query, so the question
    "leave them out?" can be asked at once, even for 100,000 people."""
    blocked = select(Person.id).where(or_(Person.do_not_contact.is_(True), Person.consent_contact.is_not(True)))
    with ctx.session() as s:
        if options.ids is None:
            return len(s.scalars(blocked.where(*person_conditions(options.filter))).all())
        if len(options.ids) <= 900:
            return len(s.scalars(blocked.where(Person.id.in_(options.ids))).all())
        return len(set(s.scalars(blocked)).intersection(options.ids))


def _restrict(query, model, options: ExportOptions, conditions):
    if options.ids is not None:
        return query.where(model.id.in_(options.ids))
    return query.where(*conditions(options.filter)).order_by(model.id)


def _in_given_order(rows: list[list], ids: list[int] | None) -> list[list]:
    if ids is None:
        return rows
    position = {row_id: i for i, row_id in enumerate(ids)}
    return sorted(rows, key=lambda r: position.get(r[0], 0))


def _by_person(session, query, id_column, ids: list[int]):
    """Run a per-person query for these ids: in chunks for a few, all at once (filtered here) for many."""
    if len(ids) > 5000:
        wanted = set(ids)
        return [r for r in session.execute(query) if r[0] in wanted]
    out = []
    for start in range(0, len(ids), 900):
        out.extend(session.execute(query.where(id_column.in_(ids[start:start + 900]))))
    return out


def _membership_names(session, ids: list[int]) -> dict[int, str]:
    out: dict[int, list[str]] = {}
    query = (select(Membership.person_id, Organisation.name, Membership.role).join(Organisation)
             .order_by(Membership.person_id, Organisation.name, Membership.role))
    for pid, name, role in _by_person(session, query, Membership.person_id, ids):
        out.setdefault(pid, []).append(f"{name} ({role})")
    return {k: "; ".join(v) for k, v in out.items()}


def _person_tag_names(session, ids: list[int]) -> dict[int, str]:
    out: dict[int, list[str]] = {}
    query = (select(person_tags.c.person_id, Tag.name).join(Tag, Tag.id == person_tags.c.tag_id)
             .order_by(person_tags.c.person_id, Tag.name))
    for pid, name in _by_person(session, query, person_tags.c.person_id, ids):
        out.setdefault(pid, []).append(name)
    return {k: ", ".join(v) for k, v in out.items()}


def _person_row(p, orgs: str, tags: str) -> list:
    needs = [n for n, on in (("large print", p.needs_large_print), ("easy read", p.needs_easy_read),
                             (f"interpreter {p.interpreter_language or ''}".strip(), p.needs_interpreter)) if on]
    if p.access_needs_other:
        needs.append(p.access_needs_other)
    return [p.id, p.title, p.first_name, p.last_name, p.role, orgs, p.email, p.phone, p.address_line1,
            p.address_line2, p.address_line3, p.town, p.county, p.postcode, p.preferred_channel,
            p.is_patient_rep, p.participant_type, "; ".join(needs), p.do_not_contact, p.consent_contact,
            p.consent_contact_date, p.consent_data, p.lawful_basis, tags, p.active, p.consent_data_date,
            p.special_category_consent, p.retention_review_on]


def export_organisations(ctx: AppContext, options) -> tuple[Table, str]:
    """`sdm-desktop export organisations`: the organisations the filters pick."""
    return organisations_table(ctx, _options_from(ctx, options)), ""


def export_people(ctx: AppContext, options) -> tuple[Table, str]:
    """`sdm-desktop export people`: the people the filters pick, and a note on those left out (or let in)."""
    table, left_out = people_table(ctx, _options_from(ctx, options))
    note = ""
    if left_out:
        note = (f"{left_out} people who are marked do not contact or have not consented were left out; "
                "use --include-no-contact to include them.")
    elif options.include_no_contact:
        note = "Warning: this file includes people who are marked do not contact or have not consented."
    return table, note


def _options_from(ctx: AppContext, options) -> ExportOptions:
    """The register export's options from the command line's filters; a misspelt type or tag is refused."""
    if options.type == "Person":                 # only assessments take it; here it would match nothing
        raise UserError("There is no organisation type called 'Person' (--type Person only applies to an "
                        "export of assessments); nothing was written.")
    with ctx.session() as s:
        check_filter_names(s, options.type, options.tag)     # a typo is refused, not an empty file
    flt = RegisterFilter(text=options.search or "", org_type=options.type, tag=options.tag,
                         active=active_only(options.active), ppe_level=options.ppe_level)
    return ExportOptions(flt, include_no_contact=getattr(options, "include_no_contact", False))


REGISTER_FILTERS = (SEARCH, ORGANISATION_TYPE, TAG, PPE_LEVEL, ACTIVE)
EXPORT_KINDS = (
    ExportKind("organisations", "organisations in the register: address, type, levels of engagement, tags",
               export_organisations, REGISTER_FILTERS),
    ExportKind("people", "people in the register with their contact details and consent (those who may not "
               "be contacted left out unless asked)", export_people, (*REGISTER_FILTERS, INCLUDE_NO_CONTACT)),
)
