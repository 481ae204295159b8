"""Finding and redacting mentions of an erased person's name elsewhere: notes, summaries, stored JSON, search text."""

from __future__ import annotations

import json
import re

from sqlalchemy import String, UniqueConstraint, select, update
from sqlalchemy.orm import Session

from sdm_desktop.db.models import (
    Base,
    Organisation,
    Person,
)
from sdm_desktop.services.core.text import fold
from sdm_desktop.services.core.versions import write_derived
from sdm_desktop.services.register.people import refresh_person_search_text

REDACTED = "[erased]"
MIN_TERM = 5                      # shorter names or numbers are too likely to match something else
SKIP_TABLES = {"alembic_version", "tag", "organisation_type"}
# Other people's own identity columns are never rewritten: a namesake is a different person (the plan
# lists records with the same name or email instead).
PERSON_IDENTITY = {"title", "first_name", "last_name", "email", "phone", "search_text"}


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
def text_columns():
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


def find_mentions(s: Session, terms: list[str], person_ids: list[int]) -> dict[tuple, dict[str, str]]:
    """(table name, primary key) -> {column: value} of cells that mention any term.

    One read of each table and one regular expression in Python: 100,000 people with their notes and
    interactions take about a second, however many people are erased at once (SQL LIKE per term was
    ten times slower for one person and grew with every term)."""
    found: dict[tuple, dict[str, str]] = {}
    if not terms:
        return found
    pattern = mention_pattern(terms)
    conn = s.connection()
    for table, columns in text_columns():
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


def rewrite_mentions(s: Session, terms: list[str], person_ids: list[int]) -> int:
    found = find_mentions(s, terms, person_ids)
    tables = {t.name: t for t in Base.metadata.sorted_tables}
    for (name, key), cells in found.items():
        table = tables[name]
        values = {}
        for column, value in cells.items():
            new = redact(value, terms)
            values[column] = None if new.strip() == REDACTED and table.c[column].nullable else new
        if "row_version" in table.c:      # an edit: a colleague's form still holding the name must not save it back
            values["row_version"] = table.c.row_version + 1
        keys = list(table.primary_key.columns)
        s.execute(update(table).where(*(k == v for k, v in zip(keys, key, strict=False))).values(**values))
    s.flush()
    s.expire_all()
    from sdm_desktop.services.register.organisations import organisation_search_text
    for (name, key), _cells in found.items():
        if name == "organisation":
            org = s.get(Organisation, key[0])
            if org is not None:
                write_derived(s, org, search_text=organisation_search_text(org))
        elif name == "person":
            refresh_person_search_text(s, key[0])
    return sum(len(cells) for cells in found.values())
