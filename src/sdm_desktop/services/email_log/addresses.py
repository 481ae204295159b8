"""The team's own addresses (set once: they decide whether a message is in or out) and matching the
other addresses in a message to people (and groups) in the register by email address."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import func, select

from sdm_desktop.db.models import Organisation, Person, Setting
from sdm_desktop.errors import UserError
from sdm_desktop.services.core import audit
from sdm_desktop.services.core.context import AppContext

TEAM_KEY = "email.team_addresses"
ADDRESS = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")
CHUNK = 500


def team_addresses(ctx: AppContext) -> list[str]:
    with ctx.session() as s:
        row = s.get(Setting, TEAM_KEY)
        return [line for line in (row.value if row else "").split("\n") if line]


def save_team_addresses(ctx: AppContext, values: list[str]) -> list[str]:
    """Addresses (or ``@domain`` for everyone at a domain) the team sends from."""
    cleaned: list[str] = []
    for value in values:
        for item in re.split(r"[\s,;]+", value or ""):
            item = item.strip().lower()
            if not item:
                continue
            if not (ADDRESS.match(item) or re.match(r"^@[^@\s]+\.[^@\s]+$", item)):
                raise UserError(f"{item!r} is not an email address (or @domain for a whole domain).")
            if item not in cleaned:
                cleaned.append(item)
    with ctx.session() as s:
        row = s.get(Setting, TEAM_KEY)
        if row is None:
            s.add(Setting(key=TEAM_KEY, value="\n".join(cleaned)))
        else:
            row.value = "\n".join(cleaned)
        audit.record(s, "update", "setting", None, area="team email addresses", count=len(cleaned))
    return cleaned


def is_team(address: str, team: list[str]) -> bool:
    address = address.lower()
    return any(address == t or (t.startswith("@") and address.endswith(t)) for t in team)


@dataclass
class Match:
    """Who an address belongs to in the register."""

    address: str
    name: str                                                   # as the message shows it
    people: list[tuple[int, str, bool]] = field(default_factory=list)    # (id, name, do not contact)
    groups: list[tuple[int, str]] = field(default_factory=list)

    @property
    def state(self) -> str:
        if len(self.people) == 1:
            return "matched"
        return "several" if self.people else ("group" if len(self.groups) == 1 else "unknown")


def match_addresses(ctx: AppContext, named: dict[str, str]) -> dict[str, Match]:
    """address -> Match, for people not erased and groups (by their own email address)."""
    out = {address: Match(address, name) for address, name in named.items()}
    wanted = sorted(out)
    with ctx.session() as s:
        for start in range(0, len(wanted), CHUNK):
            chunk = wanted[start:start + CHUNK]
            people = s.execute(select(Person.id, Person.title, Person.first_name, Person.last_name,
                                      Person.do_not_contact, func.lower(Person.email))
                               .where(func.lower(Person.email).in_(chunk), Person.erased_at.is_(None))
                               .order_by(Person.id))
            for pid, title, first, last, no_contact, address in people:
                name = " ".join(p for p in (title, first, last) if p)
                out[address].people.append((pid, name, bool(no_contact)))
            groups = s.execute(select(Organisation.id, Organisation.name, func.lower(Organisation.email))
                               .where(func.lower(Organisation.email).in_(chunk)).order_by(Organisation.id))
            for oid, name, address in groups:
                out[address].groups.append((oid, name))
    return out
