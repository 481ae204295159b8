"""Duplicate keys held in memory, so a 100,000-row file is checked without a query per row.

The rules are those of ``services.duplicates``: the same ODS code, the same email, or a very
similar name at the same postcode. One index is preloaded from the database, another fills
up with the rows of the file as they are accepted.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from sdm_desktop.db.models import Organisation, Person
from sdm_desktop.services.register.duplicates import names_similar
from sdm_desktop.services.core.text import name_key

FUZZY_LIMIT = 40      # compare names fuzzily only when a postcode has few entries


@dataclass
class KeyIndex:
    ods: dict[str, int] = field(default_factory=dict)
    email: dict[str, int] = field(default_factory=dict)
    # postcode -> (name key, name, ODS code, ref), or a list of them when several share the postcode.
    # One plain tuple per postcode keeps 100,000 rows from adding 100,000 lists for the garbage
    # collector to walk: its full passes hold the GIL, and the window would stutter during an import.
    place: dict[str, tuple[str, str, str, int] | list[tuple[str, str, str, int]]] = field(default_factory=dict)

    def add(self, ref: int, name: str, postcode: str | None, email: str | None = None,
            ods: str | None = None) -> None:
        if ods:
            self.ods.setdefault(ods.upper(), ref)
        if email:
            self.email.setdefault(email.lower(), ref)
        compact = compact_postcode(postcode)
        if compact and name:
            entry = (name_key(name), name, (ods or "").upper(), ref)
            held = self.place.get(compact)
            if held is None:
                self.place[compact] = entry
            elif isinstance(held, list):
                held.append(entry)
            else:
                self.place[compact] = [held, entry]

    def find(self, name: str, postcode: str | None, email: str | None = None,
             ods: str | None = None) -> tuple[int, str] | None:
        """(ref, reason) of the first entry this one duplicates, or None."""
        if ods and (ref := self.ods.get(ods.upper())) is not None:
            return ref, f"same ODS code {ods.upper()}"
        if email and (ref := self.email.get(email.lower())) is not None:
            return ref, f"same email {email}"
        ods = (ods or "").upper()
        # Two different ODS codes are two organisations, however alike (practices sharing a health centre).
        held = self.place.get(compact_postcode(postcode), [])
        entries = [e for e in (held if isinstance(held, list) else [held]) if not (ods and e[2] and e[2] != ods)]
        if entries and name:
            key = name_key(name)
            for other_key, _other, _ods, ref in entries:
                if key and key == other_key:
                    return ref, "same name at the same postcode"
            if len(entries) <= FUZZY_LIMIT:
                for _key, other, _ods, ref in entries:
                    if names_similar(name, other):
                        return ref, f"very similar name ({other}) at the same postcode"
        return None


def compact_postcode(postcode: str | None) -> str:
    return (postcode or "").replace(" ", "").upper()


def person_name(first: str | None, last: str | None) -> str:
    return f"{first or ''} {last or ''}".strip()


def load_organisation_keys(session: Session) -> KeyIndex:
    index = KeyIndex()
    for oid, name, postcode, email, ods in session.execute(select(
            Organisation.id, Organisation.name, Organisation.postcode, Organisation.email, Organisation.ods_code)):
        index.add(oid, name, postcode, email, ods)
    return index


def load_person_keys(session: Session) -> KeyIndex:
    index = KeyIndex()
    for pid, first, last, postcode, email in session.execute(select(
            Person.id, Person.first_name, Person.last_name, Person.postcode, Person.email)):
        index.add(pid, person_name(first, last), postcode, email)
    return index
