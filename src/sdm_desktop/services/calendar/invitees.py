"""Who is invited, each in a file of their own: people who may be contacted and have an email address.
The rest are left out and listed with the reason, as letters do."""

from __future__ import annotations

from dataclasses import dataclass

from sdm_desktop.db.models import Person as PersonRow
from sdm_desktop.services.calendar.ics import Person
from sdm_desktop.services.register.people import can_be_contacted


@dataclass
class Invitee:
    person_id: int
    person: Person


def sort_out(people: list[PersonRow]) -> tuple[list[Invitee], list[tuple[str, str]]]:
    invited, left_out = [], []
    seen: set[int] = set()
    for p in sorted(people, key=lambda p: (p.last_name.lower(), (p.first_name or "").lower(), p.id)):
        if p.id in seen:
            continue
        seen.add(p.id)
        ok, reason = can_be_contacted(p)
        if ok and not p.active:
            ok, reason = False, "marked inactive"
        if ok and not (p.email or "").strip():
            ok, reason = False, "no email address"
        if ok:
            invited.append(Invitee(p.id, Person(p.display_name, p.email.strip())))
        else:
            left_out.append((p.display_name, reason))
    return invited, left_out
