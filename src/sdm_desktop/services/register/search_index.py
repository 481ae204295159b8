"""The register's search text is derived data: when what it holds changes, rebuild it once.

Each organisation and person carries ``search_text`` (every searchable field, folded). When a
new version of SDM Desktop searches more fields, records saved by an older version would not be
found by them until edited. ``SEARCH_TEXT_VERSION`` names what the text holds; opening a database
whose stored version is older rebuilds every record's text in one pass.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import Session, aliased

from sdm_desktop.db import text_index
from sdm_desktop.db.models import (
    Membership,
    Organisation,
    OrganisationType,
    Person,
    Setting,
    Tag,
    organisation_tags,
    person_tags,
)
from sdm_desktop.services.register.search_text import (
    ORG_SEARCH_FIELDS,
    PERSON_SEARCH_FIELDS,
    organisation_search_text_of,
    person_search_text_of,
    reached_words,
)

# 2: people's access needs and groups' addressee role became searchable.
# 3: a group is found by the name and ODS code of the organisation it is reached through.
SEARCH_TEXT_VERSION = 3
SETTING_KEY = "search_text_version"
BATCH = 5000
ASIDE_FROM = 2000       # records from which a full rebuild leaves the search index to be filled afresh
ID_CHUNK = 900          # ids in one IN (...): below SQLite's oldest limit of 999 parameters


def stored_version(session: Session) -> int:
    row = session.get(Setting, SETTING_KEY)
    try:
        return int(row.value) if row is not None else 0
    except ValueError:
        return 0


def search_text_is_current(session: Session) -> bool:
    """False if the search text was made by an older version and must be rebuilt (a write)."""
    return stored_version(session) >= SEARCH_TEXT_VERSION


def ensure_search_text_current(session: Session) -> int:
    """Rebuild the search text if it was made by an older version; returns how many records changed."""
    if search_text_is_current(session):
        return 0
    set_search_index_aside(session)
    changed = rebuild_organisations(session) + rebuild_people(session)
    mark_search_text_current(session)
    return changed


def set_search_index_aside(session: Session) -> None:
    """Before every record's text is rewritten: the search index (SQLite) is left to be filled afresh afterwards,
    in the background, instead of being updated row by row by its triggers (several times slower)."""
    connection = session.connection()
    if not text_index.is_sqlite(connection) or text_index.filled_to(connection, "person") is None:
        return
    records = sum(session.scalar(select(func.count()).select_from(model)) for model in (Person, Organisation))
    if records >= ASIDE_FROM:               # a few records: their triggers are quicker than filling afresh
        for table in text_index.TABLES:
            text_index.reset(connection, table)


def mark_search_text_current(session: Session) -> None:
    session.merge(Setting(key=SETTING_KEY, value=str(SEARCH_TEXT_VERSION)))


def _names_by_owner(session: Session, query) -> dict[int, list[str]]:
    out: dict[int, list[str]] = defaultdict(list)
    for owner, name in session.execute(query):
        out[owner].append(name)
    return out


def _write(session: Session, model, texts: list[dict]) -> None:
    """Write the new texts; a record whose text changed since it was read (a save meanwhile, which wrote its
    own, current text) is left as it is."""
    table = model.__table__
    statement = update(table).where(
        table.c.id == bindparam("row_id"), table.c.search_text.is_not_distinct_from(bindparam("old"))).values(
        search_text=bindparam("text"), updated_at=table.c.updated_at)      # derived: not an edit
    for start in range(0, len(texts), BATCH):
        session.execute(statement, texts[start:start + BATCH])


def rebuild_organisations(session: Session, ids: list[int] | None = None) -> int:
    """Bring organisations' search text up to date: every one, or those with these ids."""
    if ids is not None:
        return sum(_rebuild_organisations(session, chunk) for chunk in _chunks(ids))
    return _rebuild_organisations(session, None)


def refresh_reached_through(session: Session, org_ids: list[int]) -> int:
    """The groups reached through these organisations hold their name and ODS code: refresh them."""
    reached = [org_id for chunk in _chunks(org_ids) for org_id in session.scalars(
        select(Organisation.id).where(Organisation.reached_through_id.in_(chunk)))]
    return rebuild_organisations(session, reached)


def _chunks(ids: list[int]):
    ids = sorted(set(ids))
    return (ids[start:start + ID_CHUNK] for start in range(0, len(ids), ID_CHUNK))


def _rebuild_organisations(session: Session, ids: list[int] | None) -> int:
    tag_query = (select(organisation_tags.c.organisation_id, Tag.name)
                 .join(Tag, Tag.id == organisation_tags.c.tag_id).order_by(Tag.name))
    through = aliased(Organisation)
    columns = [getattr(Organisation, name) for name in ORG_SEARCH_FIELDS]
    query = (select(Organisation.id, Organisation.search_text, OrganisationType.name, through.name,
                    through.ods_code, *columns)
             .join(OrganisationType, OrganisationType.id == Organisation.org_type_id)
             .outerjoin(through, through.id == Organisation.reached_through_id))
    if ids is not None:
        tag_query = tag_query.where(organisation_tags.c.organisation_id.in_(ids))
        query = query.where(Organisation.id.in_(ids))
    tags = _names_by_owner(session, tag_query)
    texts = []
    for row in session.execute(query):
        values = dict(zip(ORG_SEARCH_FIELDS, row[5:], strict=False))
        text = organisation_search_text_of(values, row[2], tags.get(row[0], []), reached_words(row[3], row[4]))
        if text != row[1]:
            texts.append({"row_id": row[0], "text": text, "old": row[1]})
    _write(session, Organisation, texts)
    return len(texts)


def rebuild_people(session: Session, ids: list[int] | None = None) -> int:
    """Bring people's search text up to date: every one, or those with these ids."""
    if ids is not None:
        return sum(_rebuild_people(session, chunk) for chunk in _chunks(ids))
    return _rebuild_people(session, None)


def _rebuild_people(session: Session, ids: list[int] | None) -> int:
    tag_query = (select(person_tags.c.person_id, Tag.name)
                 .join(Tag, Tag.id == person_tags.c.tag_id).order_by(Tag.name))
    group_query = (select(Membership.person_id, Organisation.name)
                   .join(Organisation, Organisation.id == Membership.organisation_id))
    columns = [getattr(Person, name) for name in PERSON_SEARCH_FIELDS]
    query = select(Person.id, Person.search_text, *columns)
    if ids is not None:
        tag_query = tag_query.where(person_tags.c.person_id.in_(ids))
        group_query = group_query.where(Membership.person_id.in_(ids))
        query = query.where(Person.id.in_(ids))
    tags, groups = _names_by_owner(session, tag_query), _names_by_owner(session, group_query)
    texts = []
    for row in session.execute(query):
        values = dict(zip(PERSON_SEARCH_FIELDS, row[2:], strict=False))
        text = person_search_text_of(values, groups.get(row[0], []), tags.get(row[0], []))
        if text != row[1]:
            texts.append({"row_id": row[0], "text": text, "old": row[1]})
    _write(session, Person, texts)
    return len(texts)
