"""Who each logged message is recorded against: the person an address matches, the one the user chose
among several, a person created from the address, a group, or nobody (then the activity or group the
messages were dropped on, if any)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from sdm_desktop.db.models import Organisation, Person
from sdm_desktop.errors import UserError
from sdm_desktop.services.core import audit
from sdm_desktop.services.email_log.addresses import CHUNK, Match
from sdm_desktop.services.register.people import PersonInput, apply_person, refresh_person_search_text, validate_person

PERSON, NEW, GROUP, SKIP = "person", "new", "group", "skip"


@dataclass(frozen=True)
class Choice:
    kind: str                   # person, new, group or skip
    id: int | None = None       # the person's or the group's id


@dataclass
class LogTarget:
    """Where the messages were dropped or what the command line named."""

    activity_id: int | None = None
    organisation_id: int | None = None
    person_id: int | None = None

    def links_for(self, counterparts: list[str], people: Resolved) -> list[tuple[int | None, int | None]]:
        """(person id, group id) for each interaction the message becomes."""
        if self.person_id is not None:
            return [(self.person_id, self.organisation_id)]
        links: list[tuple[int | None, int | None]] = []
        for address in counterparts:
            person_id, group_id = people.by_address.get(address, (None, None))
            link = (person_id, self.organisation_id) if person_id else (None, group_id) if group_id else None
            if link and link not in links:
                links.append(link)
        if not links and (self.organisation_id or self.activity_id):
            links.append((None, self.organisation_id))
        return links


def default_choice(match: Match) -> Choice:
    if match.state == "matched":
        return Choice(PERSON, match.people[0][0])
    if match.state == "group":
        return Choice(GROUP, match.groups[0][0])
    return Choice(SKIP)


@dataclass
class Resolved:
    by_address: dict[str, tuple[int | None, int | None]] = field(default_factory=dict)
    no_contact: dict[int, str] = field(default_factory=dict)        # person id -> name, for the flag

    def no_contact_name(self, person_id: int | None) -> str:
        return self.no_contact.get(person_id, "") if person_id else ""


def resolve(session, matches: dict[str, Match], choices: dict[str, Choice], report) -> Resolved:
    out = Resolved()
    for match in matches.values():
        for pid, name, no_contact in match.people:
            if no_contact:
                out.no_contact[pid] = name
    people = _people(session, {c.id for c in choices.values() if c.kind == PERSON})
    groups = _existing(session, Organisation, {c.id for c in choices.values() if c.kind == GROUP})
    for address, choice in choices.items():
        if choice.kind == PERSON:
            if choice.id not in people:
                raise UserError(f"{address}: there is no person with id {choice.id} to log it against.")
            name, no_contact = people[choice.id]
            if no_contact:
                out.no_contact[choice.id] = name
            out.by_address[address] = (choice.id, None)
        elif choice.kind == GROUP:
            if choice.id not in groups:
                raise UserError(f"{address}: there is no group with id {choice.id} to log it against.")
            out.by_address[address] = (None, choice.id)
        elif choice.kind == NEW:
            match = matches.get(address) or Match(address, "")
            out.by_address[address] = (_new_person(session, match), None)
            report.people_created.append(f"{match.name or address} <{address}>")
    return out


def _people(session, ids: set) -> dict[int, tuple[str, bool]]:
    """id -> (name, do not contact), for people not erased (plain columns: thousands load at once)."""
    wanted, out = sorted(i for i in ids if isinstance(i, int)), {}
    for start in range(0, len(wanted), CHUNK):
        for pid, title, first, last, no_contact in session.execute(
                select(Person.id, Person.title, Person.first_name, Person.last_name, Person.do_not_contact)
                .where(Person.id.in_(wanted[start:start + CHUNK]), Person.erased_at.is_(None))):
            out[pid] = (" ".join(p for p in (title, first, last) if p), bool(no_contact))
    return out


def _existing(session, model, ids: set) -> set[int]:
    wanted, out = sorted(i for i in ids if isinstance(i, int)), set()
    for start in range(0, len(wanted), CHUNK):
        out.update(session.scalars(select(model.id).where(model.id.in_(wanted[start:start + CHUNK]))))
    return out


def _new_person(session, match: Match) -> int:
    """A person made from the name and address in the message; consent to contact is not assumed."""
    words = match.name.replace(",", " ").split() if match.name and "@" not in match.name else []
    if len(words) >= 2:
        first, last = " ".join(words[:-1]), words[-1]
    else:
        first, last = None, (words[0] if words else match.address.split("@")[0])
    data = validate_person(PersonInput(first_name=first, last_name=last[:120], email=match.address))
    person = Person()
    session.add(person)
    apply_person(session, person, data)
    session.flush()
    refresh_person_search_text(session, person.id)
    audit.record(session, "create", "person", person.id, source="logged email")
    return person.id
