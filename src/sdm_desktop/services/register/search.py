"""Register queries for the big tables: ordered ids for a search, then rows a page at a time."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Integer, and_, bindparam, case, cast, column, exists, func, select, text
from sqlalchemy.orm import Session

from sdm_desktop.db import tally, text_index
from sdm_desktop.db.driver_rows import driver_rows, page_rows
from sdm_desktop.db.models import (
    Enrolment,
    Membership,
    Organisation,
    OrganisationType,
    Person,
    Tag,
    organisation_tags,
    person_tags,
)
from sdm_desktop.errors import UserError
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.core.text import like_escape, name_match_rank, search_terms
from sdm_desktop.services.training.statuses import TRAINED


@dataclass
class RegisterFilter:
    text: str = ""
    org_type: str | None = None
    ppe_level: str | None = None          # individual / service / community
    tag: str | None = None
    active: bool | None = None            # None: both
    include_archived: bool = False
    patient_reps_only: bool = False
    organisation_id: int | None = None    # people: members of this organisation
    trained_between: tuple[date, date] | None = None     # people: trained (attended or completed) in the period
    trained_by_cascade: bool | None = None  # with trained_between: by a trainer the programme trained, or not


@dataclass
class SortKey:
    column: str = "name"
    descending: bool = False


ORG_COLUMNS = ["name", "type", "ods_code", "postcode", "ppe", "tags", "active"]
PERSON_COLUMNS = ["name", "role", "organisations", "email", "phone", "postcode", "contact"]


def _text_conditions(search_text, words: str) -> list:
    return [search_text.like(f"%{like_escape(term)}%", escape="\\") for term in search_terms(words)]


def indexed_terms(words: str) -> list[str]:
    """The terms a trigram index can look up: those of three characters or more."""
    return [term for term in search_terms(words) if len(term) >= 3]


def _index_condition(model, words: str, indexed: bool) -> list:
    """With the table's index ready, the rows it finds for the longer terms: a pre-filter that spares the LIKE
    (which still runs, so the results are exactly the LIKE's)."""
    terms = indexed_terms(words) if indexed else []
    if not terms:
        return []
    fts = text_index.index_name(model.__tablename__)
    found = (text(f"SELECT rowid FROM {fts} WHERE {fts} MATCH :fts_match")
             .bindparams(fts_match=text_index.match_expression(terms)).columns(column("rowid", Integer)))
    return [model.id.in_(found)]


def served_by_index(session: Session, model, words: str) -> bool:
    """Whether this search goes through the table's index (SQLite, index complete, a term of 3+ characters)."""
    return bool(indexed_terms(words)) and text_index.usable(session.connection(), model.__tablename__)


def organisation_conditions(f: RegisterFilter, indexed: bool = False) -> list:
    conds = _index_condition(Organisation, f.text, indexed) + _text_conditions(Organisation.search_text, f.text)
    if f.org_type:
        conds.append(Organisation.org_type_id == select(OrganisationType.id)
                     .where(OrganisationType.name == f.org_type).scalar_subquery())
    if f.ppe_level:
        conds.append(getattr(Organisation, f"ppe_{f.ppe_level}").is_(True))
    if f.tag:
        conds.append(exists().where(and_(
            organisation_tags.c.organisation_id == Organisation.id,
            organisation_tags.c.tag_id == Tag.id, Tag.name == f.tag)))
    if f.active is not None:
        conds.append(Organisation.active.is_(f.active))
    if f.organisation_id:                  # one group (for people: its members)
        conds.append(Organisation.id == f.organisation_id)
    if not f.include_archived:
        conds.append(Organisation.archived_at.is_(None))
    return conds


def organisation_named(ctx: AppContext, name: str) -> int:
    """The id of the group with exactly this name (case aside); a UserError naming near ones if none."""
    with ctx.session() as s:
        found = s.scalars(select(Organisation.id).where(func.lower(Organisation.name) == name.strip().lower())).all()
    if len(found) == 1:
        return found[0]
    near = [n for _i, n in organisation_choices(ctx, name, 5)]
    if found:
        raise UserError(f"{len(found)} groups are called {name!r}: rename one in the register to tell them apart.")
    raise UserError(f"No group is called {name!r}." + (f" Did you mean: {'; '.join(near)}?" if near else ""))


def person_conditions(f: RegisterFilter, indexed: bool = False) -> list:
    conds = _index_condition(Person, f.text, indexed) + _text_conditions(Person.search_text, f.text)
    if f.tag:
        conds.append(exists().where(and_(
            person_tags.c.person_id == Person.id, person_tags.c.tag_id == Tag.id, Tag.name == f.tag)))
    if f.org_type or f.ppe_level or f.organisation_id:
        member = select(Membership.id).join(Organisation).where(Membership.person_id == Person.id)
        if f.org_type:
            member = member.join(OrganisationType).where(OrganisationType.name == f.org_type)
        if f.ppe_level:
            member = member.where(getattr(Organisation, f"ppe_{f.ppe_level}").is_(True))
        if f.organisation_id:
            member = member.where(Membership.organisation_id == f.organisation_id)
        conds.append(member.exists())
    if f.active is not None:
        conds.append(Person.active.is_(f.active))
    if not f.include_archived:
        conds.append(Person.archived_at.is_(None))
    if f.patient_reps_only:
        conds.append(Person.is_patient_rep.is_(True))
    if f.trained_between:
        conds.append(_trained(f))
    return conds


def _trained(f: RegisterFilter):
    """The person completed or attended training in the period (by the cascade, or not, if asked)."""
    first, last = f.trained_between
    enrolled = (Enrolment.person_id == Person.id, Enrolment.status.in_(TRAINED),
                Enrolment.completed_on.between(first, last))
    if f.trained_by_cascade is not None:
        by = Enrolment.trained_by_person_id
        enrolled += (by.is_not(None) if f.trained_by_cascade else by.is_(None),)
    return exists().where(*enrolled)


def _first_tag(owner_col, tag_col, owner_id):
    """The first tag shown in the Tags column, as a sort key (rows without tags come last)."""
    return _EmptyLast(select(func.min(func.lower(Tag.name))).where(Tag.id == tag_col, owner_col == owner_id)
                      .scalar_subquery())


def _org_sort(sort: SortKey):
    # Each column's keys made only when asked for (all of them took half a millisecond, at every keystroke).
    exprs = {
        "name": lambda: [func.lower(Organisation.name)],
        "type": lambda: [OrganisationType.sort_order, func.lower(Organisation.name)],
        "ods_code": lambda: [Organisation.ods_code],
        "postcode": lambda: [Organisation.postcode],
        "ppe": lambda: [cast(Organisation.ppe_individual, Integer) + cast(Organisation.ppe_service, Integer)
                        + cast(Organisation.ppe_community, Integer)],
        "tags": lambda: [_first_tag(organisation_tags.c.organisation_id, organisation_tags.c.tag_id,
                                    Organisation.id), func.lower(Organisation.name)],
        "active": lambda: [Organisation.active],
    }[sort.column if sort.column in ORG_COLUMNS else "name"]()
    return [_ordered(e, sort.descending) for e in exprs] + [Organisation.id]


@dataclass(frozen=True)
class _EmptyLast:
    """A sort key whose empty values (no tags, no groups) go last whichever the direction."""
    expr: object


def _ordered(expr, descending: bool):
    # Only the keys that need it get NULLS LAST: on the others it would stop SQLite using the
    # covering name index, and search-as-you-type would sort 100,000 rows at every keystroke.
    if isinstance(expr, _EmptyLast):
        return (expr.expr.desc() if descending else expr.expr.asc()).nulls_last()
    return expr.desc() if descending else expr.asc()


def _person_sort(sort: SortKey):
    exprs = {                                   # made only when asked for, as in _org_sort
        "name": lambda: [func.lower(Person.last_name), func.lower(Person.first_name)],
        "role": lambda: [func.lower(Person.role)],
        "organisations": lambda: [_EmptyLast(select(func.min(func.lower(Organisation.name))).join(Membership)
                                             .where(Membership.person_id == Person.id).scalar_subquery()),
                                  func.lower(Person.last_name), func.lower(Person.first_name)],
        "email": lambda: [func.lower(Person.email)],
        "phone": lambda: [Person.phone],
        "postcode": lambda: [Person.postcode],
        "contact": lambda: [case((Person.do_not_contact, 2), (Person.consent_contact.is_(False), 1), else_=0)],
    }[sort.column if sort.column in PERSON_COLUMNS else "name"]()
    return [_ordered(e, sort.descending) for e in exprs] + [Person.id]


@dataclass
class FoundIds:
    """The ids a search found, in order; ``complete`` False: only the first page of them, the rest to be asked
    for without a limit (the first page shows at once). ``texts``: each one's
    search text, which a narrower search can be answered from (``search_memory``)."""
    ids: list[int]
    complete: bool = True
    texts: list[str] | None = None


def search_organisation_ids(ctx: AppContext, f: RegisterFilter, sort: SortKey = SortKey()) -> list[int]:
    return find_organisation_ids(ctx, f, sort).ids


def find_organisation_ids(ctx: AppContext, f: RegisterFilter, sort: SortKey = SortKey(),
                          first_page: int | None = None) -> FoundIds:
    """Every matching id, or with ``first_page`` only the first page of them when there are more (the view shows
    it at once and asks for the rest in the background: sorting thousands of rows the index found, and reading
    them, took several times as long as finding them)."""
    with ctx.session() as s:
        indexed = served_by_index(s, Organisation, f.text)
        query = (select(Organisation.id, Organisation.search_text).where(*organisation_conditions(f, indexed))
                 .order_by(*_org_sort(sort)))
        if sort.column == "type":
            query = query.join(OrganisationType)
        return _found(s, query, first_page)


def search_person_ids(ctx: AppContext, f: RegisterFilter, sort: SortKey = SortKey()) -> list[int]:
    return find_person_ids(ctx, f, sort).ids


def find_person_ids(ctx: AppContext, f: RegisterFilter, sort: SortKey = SortKey(),
                    first_page: int | None = None) -> FoundIds:
    """As ``find_organisation_ids``, for people."""
    with ctx.session() as s:
        indexed = served_by_index(s, Person, f.text)
        query = (select(Person.id, Person.search_text).where(*person_conditions(f, indexed))
                 .order_by(*_person_sort(sort)))
        return _found(s, query, first_page)


def _found(session: Session, query, first_page: int | None) -> FoundIds:
    """The ids and search texts the query selects: every row, or at most ``first_page`` of them."""
    rows = driver_rows(session, query if first_page is None else query.limit(first_page))
    complete = first_page is None or len(rows) < first_page
    return FoundIds([row[0] for row in rows], complete, [row[1] or "" for row in rows])


@dataclass
class OrganisationRow:
    id: int
    name: str
    type: str
    ods_code: str
    postcode: str
    ppe: str
    tags: str
    active: bool
    archived: bool
    email: str = ""


@dataclass
class PersonRow:
    id: int
    name: str
    role: str
    organisations: str
    email: str
    phone: str
    postcode: str
    contact: str
    archived: bool
    is_patient_rep: bool = False
    extra: dict = field(default_factory=dict)


def ppe_letters(ind: bool, svc: bool, com: bool) -> str:
    return ", ".join(n for n, on in (("Individual", ind), ("Service", svc), ("Community", com)) if on)


IDS = bindparam("ids", expanding=True)
# Built once: the table pages through these at every keystroke of a search (ORM execution of statements
# built per call took 20 ms a page of 50 people; Core, from SQLAlchemy's statement cache, about 1 ms).
ORGANISATION_PAGE = (select(Organisation.id, Organisation.name, OrganisationType.name, Organisation.ods_code,
                            Organisation.postcode, Organisation.ppe_individual, Organisation.ppe_service,
                            Organisation.ppe_community, Organisation.active, Organisation.archived_at,
                            Organisation.email)
                     .join(OrganisationType).where(Organisation.id.in_(IDS)))
ORGANISATION_TAGS = (select(organisation_tags.c.organisation_id, Tag.name)
                     .join(Tag, Tag.id == organisation_tags.c.tag_id)
                     .where(organisation_tags.c.organisation_id.in_(IDS)).order_by(Tag.name))
PERSON_PAGE = select(Person.id, Person.title, Person.first_name, Person.last_name, Person.role, Person.email,
                     Person.phone, Person.postcode, Person.do_not_contact, Person.consent_contact,
                     Person.archived_at, Person.is_patient_rep).where(Person.id.in_(IDS))
PERSON_GROUPS = (select(Membership.person_id, Organisation.name, Membership.role).join(Organisation)
                 .where(Membership.person_id.in_(IDS)).order_by(Organisation.name))


def load_organisation_rows(ctx: AppContext, ids: list[int]) -> dict[int, OrganisationRow]:
    if not ids:
        return {}
    with ctx.session() as s:
        rows = page_rows(s, ORGANISATION_PAGE, ids)
        tags: dict[int, list[str]] = {}
        for owner, name in page_rows(s, ORGANISATION_TAGS, ids):
            tags.setdefault(owner, []).append(name)
        return {
            r[0]: OrganisationRow(r[0], r[1], r[2], r[3] or "", r[4] or "", ppe_letters(r[5], r[6], r[7]),
                                  ", ".join(tags.get(r[0], [])), bool(r[8]), r[9] is not None, r[10] or "")
            for r in rows
        }


def contact_status(do_not_contact: bool, consent_contact: bool) -> str:
    if do_not_contact:
        return "Do not contact"
    return "OK to contact" if consent_contact else "No consent"


def load_person_rows(ctx: AppContext, ids: list[int]) -> dict[int, PersonRow]:
    if not ids:
        return {}
    with ctx.session() as s:
        orgs: dict[int, list[str]] = {}
        for person_id, org_name, role in page_rows(s, PERSON_GROUPS, ids):
            orgs.setdefault(person_id, []).append(f"{org_name} ({role})")
        return {
            r[0]: PersonRow(
                r[0], " ".join(p for p in (r[1], r[2], r[3]) if p), r[4] or "", "; ".join(orgs.get(r[0], [])),
                r[5] or "", r[6] or "", r[7] or "", contact_status(r[8], r[9]), r[10] is not None, bool(r[11]))
            for r in page_rows(s, PERSON_PAGE, ids)
        }


def register_counts(ctx: AppContext) -> dict[str, int]:
    """Home's register figures: read from the tally on SQLite (``db/tally.py``), counted on PostgreSQL."""
    with ctx.session() as s:
        if tally.usable(s.connection()):
            return tally.read(s.connection())
        return count_register(s)


def count_register(session: Session) -> dict[str, int]:
    live = Person.archived_at.is_(None)
    orgs = session.scalar(select(func.count()).select_from(Organisation).where(Organisation.archived_at.is_(None)))
    people, reps, blocked = session.execute(select(
        func.count(), func.coalesce(func.sum(cast(Person.is_patient_rep, Integer)), 0),
        func.coalesce(func.sum(cast(Person.do_not_contact, Integer)), 0)).where(live)).one()
    return {"organisations": orgs, "people": people, "patient_reps": reps, "do_not_contact": blocked}


def organisation_choices(ctx: AppContext, text: str = "", limit: int = 50) -> list[tuple[int, str]]:
    """(id, name) pairs for pickers, matched on the search text: groups whose name holds what was typed
    first (those starting with it before the rest), then those matched on another field (an address)."""
    with ctx.session() as s:
        indexed = served_by_index(s, Organisation, text)
        query = (select(Organisation.id, Organisation.name)
                 .where(*organisation_conditions(RegisterFilter(text=text), indexed))
                 .order_by(*name_match_rank(Organisation.name, text), func.lower(Organisation.name)).limit(limit))
        return [(r[0], r[1]) for r in s.execute(query)]



def tag_names(ctx: AppContext) -> list[str]:
    with ctx.session() as s:
        return list(s.scalars(select(Tag.name).order_by(Tag.name)))


