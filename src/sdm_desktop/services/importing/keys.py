"""Duplicate keys held in memory, so a 100,000-row file is checked without a query per row.

The rules are those of ``services.register.duplicates``: the same ODS code, the same email, or a
very similar name at the same postcode (for people: unless their emails differ). One index is
preloaded from the database, another fills up with the rows of the file as they are accepted.
At a postcode with few entries a name is compared with each; at a crowded one (a care home, a
hall of residence) only with the names that share a block with it (a word of the name, or the
first two letters of each word), never with everyone there: 50,000 people at one postcode stay
a linear job.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sdm_desktop.services.core.text import emails_differ, keys_similar, name_key

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

SMALL_PLACE = 40      # up to this many entries at a postcode, a name is compared with each of them
BLOCK_LIMIT = 40      # in a crowded postcode, a block larger than this (a word shared by many names) is skipped

Entry = tuple[str, str, str, str, int]          # name key, name, ODS code, email, ref
# A row's keys, worked out once and used by both indexes and by adding the row:
# compact postcode, name key, name, ODS code (upper case), email (lower case), email as given.
RowKey = tuple[str, str, str, str, str, str]


def row_key(name: str, postcode: str | None, email: str | None = None, ods: str | None = None) -> RowKey:
    return compact_postcode(postcode), name_key(name), name, (ods or "").upper(), (email or "").lower(), email or ""


@dataclass
class KeyIndex:
    distinct_emails: bool = False               # people: different emails are different people
    ods: dict[str, int] = field(default_factory=dict)
    email: dict[str, int] = field(default_factory=dict)
    # postcode -> an entry, or a list of them when several share the postcode. One plain tuple per
    # postcode keeps 100,000 rows from adding 100,000 lists for the garbage collector to walk: its full
    # passes hold the GIL, and the window would stutter during an import.
    place: dict[str, Entry | list[Entry]] = field(default_factory=dict)
    # Postcodes with more than SMALL_PLACE entries, and their blocks: "postcode|block" -> entries.
    crowded: set[str] = field(default_factory=set)
    blocks: dict[str, Entry | list[Entry]] = field(default_factory=dict)

    def add(self, ref: int, row: RowKey) -> None:
        compact, key, name, ods, email, _given = row
        if ods:
            self.ods.setdefault(ods, ref)
        if email:
            self.email.setdefault(email, ref)
        if not compact or not key:
            return
        entry = (key, name, ods, email, ref)
        _put(self.place, compact, entry)
        if compact in self.crowded:
            self._block(compact, entry)
        elif len(held := _entries(self.place[compact])) > SMALL_PLACE:
            self.crowded.add(compact)
            for each in held:
                self._block(compact, each)

    def _block(self, compact: str, entry: Entry) -> None:
        _put(self.blocks, f"{compact}|={entry[0]}", entry)
        for block in name_blocks(entry[0]):
            _put(self.blocks, f"{compact}|{block}", entry)

    def find(self, row: RowKey) -> tuple[int, str] | None:
        """(ref, reason) of the first entry this one duplicates, or None."""
        compact, key, _name, ods, email, given_email = row
        if ods and (ref := self.ods.get(ods)) is not None:
            return ref, f"same ODS code {ods}"
        if email and (ref := self.email.get(email)) is not None:
            return ref, f"same email {given_email}"
        if not self.place:
            return None                         # nothing to compare with (an import into an empty register)
        if not compact or not key:
            return None
        if compact in self.crowded:
            same = _entries(self.blocks.get(f"{compact}|={key}"))
            groups = [_entries(self.blocks.get(f"{compact}|{block}")) for block in name_blocks(key)]
            alike = [entry for group in groups if len(group) <= BLOCK_LIMIT for entry in group]
        else:
            alike = _entries(self.place.get(compact))
            same = [entry for entry in alike if entry[0] == key]
        for entry in same:
            if self._may_be_same(entry, ods, email):
                return entry[4], "same name at the same postcode"
        for entry in alike:
            if self._may_be_same(entry, ods, email) and keys_similar(key, entry[0]):
                return entry[4], f"very similar name ({entry[1]}) at the same postcode"
        return None

    def _may_be_same(self, entry: Entry, ods: str, email: str) -> bool:
        # Two different ODS codes are two organisations, however alike (practices sharing a health centre).
        if ods and entry[2] and entry[2] != ods:
            return False
        return not (self.distinct_emails and emails_differ(email, entry[3]))


def name_blocks(key: str) -> set[str]:
    """The blocks a name key falls in: each of its words, and the first two letters of every word
    ('joan smith' and 'john smith' share 'smith' and 'jo sm')."""
    words = key.split()
    return {*words, " ".join(w[:2] for w in words)}


def _put(table: dict, key: str, entry: Entry) -> None:
    held = table.get(key)
    if held is None:
        table[key] = entry
    elif isinstance(held, list):
        held.append(entry)
    else:
        table[key] = [held, entry]


def _entries(held: Entry | list[Entry] | None) -> list[Entry]:
    if held is None:
        return []
    return held if isinstance(held, list) else [held]


def compact_postcode(postcode: str | None) -> str:
    return (postcode or "").replace(" ", "").upper()


def person_name(first: str | None, last: str | None) -> str:
    return f"{first or ''} {last or ''}".strip()


def load_organisation_keys(session: Session) -> KeyIndex:
    from sqlalchemy import select  # here: the process reading a file ahead uses row_key, not the database

    from sdm_desktop.db.models import Organisation

    index = KeyIndex()
    for oid, name, postcode, email, ods in session.execute(select(
            Organisation.id, Organisation.name, Organisation.postcode, Organisation.email, Organisation.ods_code)):
        index.add(oid, row_key(name, postcode, email, ods))
    return index


def load_person_keys(session: Session) -> KeyIndex:
    from sqlalchemy import select

    from sdm_desktop.db.models import Person

    index = KeyIndex(distinct_emails=True)
    for pid, first, last, postcode, email in session.execute(select(
            Person.id, Person.first_name, Person.last_name, Person.postcode, Person.email)):
        index.add(pid, row_key(person_name(first, last), postcode, email))
    return index
