"""Who a mailing goes to, how each is addressed, and who is left out and why.

A group is addressed to its named contact (its chair, else its secretary) when that person may
be contacted, otherwise to its addressee role ("The Chair" unless set) at the group's address. A
group with no postal address of its own is written to "c/o" the organisation it is reached through
(a PPG at its GP practice), at that organisation's address.

A GP practice's letter goes to its Patient Participation Group at the practice address: to the PPG
linked to it ("reached through" the practice), addressed as the PPG's own letter would be (its
chair or secretary by name, else its addressee role, with the PPG's name) and recorded against the
PPG; with no PPG linked, to "The Chair, Patient Participation Group, <practice>". When a mailing
includes both a practice and its PPG, the PPG is written to once, directly, and the practice is
left out with that reason, so no PPG gets two letters.

People who are do-not-contact, lack consent, are archived, are marked inactive or have no postal
address are left out.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from sdm_desktop.db.models import Membership, Organisation, OrganisationType, Person, SavedSelection
from sdm_desktop.errors import UserError
from sdm_desktop.letters.merge_values import person_salutation, role_salutation
from sdm_desktop.progress import Progress
from sdm_desktop.services.analysis.grid_shapes import INSTALLED_ORDER
from sdm_desktop.services.core import audit
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.register.people import can_be_contacted
from sdm_desktop.services.register.search import RegisterFilter, organisation_conditions, person_conditions

CONTACT_ROLES = ("chair", "secretary")
GP_PRACTICE = "GP practice"
PPG = "Patient Participation Group (PPG)"
NO_ADDRESS = "no postal address (first line and postcode are needed)"
CHUNK = 900


@dataclass
class RecipientRequest:
    to: str = "organisations"                 # or "people"
    filter: RegisterFilter = field(default_factory=RegisterFilter)
    ids: list[int] | None = None              # exactly these, when given
    needs_address: bool = True                # a postal letter (False: e.g. a certificate)


@dataclass
class Recipient:
    name: str                                 # for file names and lists
    organisation_id: int | None
    person_id: int | None
    large_print: bool
    values: dict                              # the recipient's merge fields


@dataclass
class Excluded:
    name: str
    reason: str
    organisation_id: int | None = None
    person_id: int | None = None


def select_recipients(ctx: AppContext, request: RecipientRequest,
                      progress: Progress | None = None) -> tuple[list[Recipient], list[Excluded]]:
    """A count cancelled before it starts reading (``progress``) stops at once. Not later: stopping a
    count that has read 20,000 groups frees them in one go, which holds the GIL for 0.15 s."""
    if progress is not None:
        progress.check()
    if request.to not in ("organisations", "people"):
        raise UserError(f"Letters go to 'organisations' or 'people', not {request.to!r}.")
    with ctx.session() as s:
        if request.to == "organisations":
            query = select(Organisation).options(selectinload(Organisation.memberships).selectinload(Membership.person),
                                                 selectinload(Organisation.reached_through))
            query = _restrict(query, Organisation, request, organisation_conditions)
            return _split(_for_organisations(s, list(s.scalars(query)), request.needs_address))
        query = select(Person).options(selectinload(Person.memberships).selectinload(Membership.organisation))
        query = _restrict(query, Person, request, person_conditions)
        return _split([_for_person(p, request.needs_address) for p in s.scalars(query)])


def _restrict(query, model, request: RecipientRequest, conditions):
    if request.ids is not None:
        return query.where(model.id.in_(request.ids)).order_by(model.id)
    order = model.name if model is Organisation else model.last_name
    return query.where(*conditions(request.filter)).order_by(order, model.id)


def _split(items: list) -> tuple[list[Recipient], list[Excluded]]:
    return [i for i in items if isinstance(i, Recipient)], [i for i in items if isinstance(i, Excluded)]


def postal_lines(row) -> list[str]:
    lines = [row.address_line1, row.address_line2, row.address_line3, (row.town or "").upper() or None,
             row.postcode]
    return [line.strip() for line in lines if line and line.strip()]


def has_postal_address(row) -> bool:
    return bool((row.address_line1 or "").strip() and (row.postcode or "").strip())


def _address_values(row, lines: list[str]) -> dict:
    return {"address_lines": lines, "address_block": "\n".join(lines),
            "address_line1": row.address_line1 or "", "address_line2": row.address_line2 or "",
            "address_line3": row.address_line3 or "", "town": row.town or "", "county": row.county or "",
            "postcode": row.postcode or ""}


def _person_values(p: Person | None, role: str) -> dict:
    if p is None:
        return {"recipient_title": "", "recipient_first_name": "", "recipient_last_name": "",
                "recipient_name": role, "recipient_role": role.removeprefix("The ").capitalize() if role else "",
                "salutation": role_salutation(role), "sign_off": "Yours faithfully"}
    return {"recipient_title": p.title or "", "recipient_first_name": p.first_name or "",
            "recipient_last_name": p.last_name or "", "recipient_name": p.display_name,
            "recipient_role": role, "salutation": person_salutation(p.title, p.first_name, p.last_name),
            "sign_off": "Yours sincerely"}


def named_contact(org: Organisation) -> tuple[Person, str] | None:
    """The group's chair, else its secretary, if they may be contacted."""
    for wanted in CONTACT_ROLES:
        for m in sorted(org.memberships, key=lambda m: m.person_id):
            if m.role == wanted and can_be_contacted(m.person)[0] and m.person.active:
                return m.person, wanted.capitalize()
    return None


def _type_id(types: dict[int, str], name: str) -> int | None:
    """The id of one of the installed types: by its name, or by its installed place if it was renamed."""
    found = next((type_id for type_id, type_name in types.items() if type_name == name), None)
    installed = INSTALLED_ORDER.index(name) + 1
    if found is None and types.get(installed, name) not in INSTALLED_ORDER:
        return installed
    return found


def _for_organisations(session, orgs: list[Organisation], needs_address: bool,
                       check=lambda: None) -> list[Recipient | Excluded]:
    types = dict(session.execute(select(OrganisationType.id, OrganisationType.name)).all())
    practice_type, ppg_type = _type_id(types, GP_PRACTICE), _type_id(types, PPG)
    results: dict[int, Recipient | Excluded] = {}
    for org in orgs:
        check()
        if org.org_type_id != practice_type:
            results[org.id] = _for_organisation(org, needs_address)
    written = {org_id for org_id, result in results.items() if isinstance(result, Recipient)}
    ppgs = _linked_ppgs(session, [o.id for o in orgs if o.org_type_id == practice_type], ppg_type)
    out: list[Recipient | Excluded] = []
    for org in orgs:
        check()
        if org.id in results:
            out.append(results[org.id])
        elif not org.active or not ppgs.get(org.id):
            out.append(_for_organisation(org, needs_address, gp=True))
        else:
            direct = [p for p in ppgs[org.id] if p.id in written]
            others = [p for p in ppgs[org.id] if p.id not in written]
            if not others:
                names = ", ".join(p.name for p in direct)
                out.append(Excluded(org.name, f"its Patient Participation Group, {names}, is written to directly",
                                    org.id))
            out.extend(_for_organisation(ppg, needs_address, at=org) for ppg in others)
    return out


def _linked_ppgs(session, practice_ids: list[int], ppg_type: int | None) -> dict[int, list[Organisation]]:
    """practice id -> the active PPGs reached through it, with their members (for the named contact)."""
    out: dict[int, list[Organisation]] = {}
    if ppg_type is None:
        return out
    for start in range(0, len(practice_ids), CHUNK):
        query = (select(Organisation)
                 .where(Organisation.reached_through_id.in_(practice_ids[start:start + CHUNK]),
                        Organisation.org_type_id == ppg_type, Organisation.active.is_(True),
                        Organisation.archived_at.is_(None))
                 .options(selectinload(Organisation.memberships).selectinload(Membership.person))
                 .order_by(Organisation.name, Organisation.id))
        for ppg in session.scalars(query):
            out.setdefault(ppg.reached_through_id, []).append(ppg)
    return out


def _postal_source(org: Organisation, at: Organisation | None) -> tuple[Organisation | None, Organisation | None]:
    """(row whose address is used, organisation it is "c/o", if any): ``at`` (a practice writing to its PPG)
    first, else the group's own address, else that of the organisation it is reached through."""
    host = at or org.reached_through
    if at is not None and has_postal_address(at):
        return at, at
    if has_postal_address(org):
        return org, None
    if host is not None and host.active and host.archived_at is None and has_postal_address(host):
        return host, host
    return None, None


def _no_address_reason(org: Organisation, at: Organisation | None) -> str:
    host = org.reached_through if at is None else None
    if host is None:
        return NO_ADDRESS
    if not host.active or host.archived_at is not None:
        return f"{NO_ADDRESS}, and {host.name}, through which it is reached, is marked inactive or archived"
    return f"{NO_ADDRESS}, nor has {host.name}, through which it is reached"


def _for_organisation(org: Organisation, needs_address: bool, gp: bool = False,
                      at: Organisation | None = None) -> Recipient | Excluded:
    """``gp``: a GP practice with no PPG linked; ``at``: write to the PPG ``org`` at this practice."""
    shown = at or org
    if not shown.active:
        return Excluded(shown.name, "the group is marked inactive", shown.id)
    place, care_of = _postal_source(org, at)
    if needs_address and place is None:
        return Excluded(shown.name, _no_address_reason(org, at), shown.id)
    place = place or org
    contact = None if gp else named_contact(org)
    if contact:
        person, role = contact
        values = _person_values(person, role)
        head = [person.display_name, role, org.name]
    else:
        role = (org.addressee_role or "The Chair").strip()
        values = _person_values(None, role)
        names_ppg = "patient participation group" in role.casefold()
        head = [role, "Patient Participation Group", org.name] if gp and not names_ppg else [role, org.name]
        person = None
    if care_of is not None and care_of.name.casefold() not in org.name.casefold():
        head.append(f"c/o {care_of.name}")
    lines = head + postal_lines(place)
    values.update(_address_values(place, lines), organisation_name=org.name, organisation_type=org.org_type.name,
                  ods_code=org.ods_code or "", is_gp_practice=gp)
    label = f"{org.name} - PPG" if gp else org.name
    return Recipient(label, org.id, person.id if person else None,
                     bool(person and person.needs_large_print), values)


def _for_person(p: Person, needs_address: bool) -> Recipient | Excluded:
    ok, reason = can_be_contacted(p)
    if not ok:
        return Excluded(p.display_name, reason, person_id=p.id)
    if not p.active:            # as an inactive group, or an inactive chair of a group, is not written to
        return Excluded(p.display_name, "marked inactive", person_id=p.id)
    if needs_address and not has_postal_address(p):
        return Excluded(p.display_name, "no postal address (first line and postcode are needed)", person_id=p.id)
    member = sorted(p.memberships, key=lambda m: (m.role not in CONTACT_ROLES, m.organisation.name))
    org = member[0].organisation if member else None
    values = _person_values(p, p.role or (member[0].role.capitalize() if member else ""))
    lines = [p.display_name] + postal_lines(p)
    values.update(_address_values(p, lines), organisation_name=org.name if org else "",
                  organisation_type=org.org_type.name if org else "", ods_code=(org.ods_code or "") if org else "",
                  is_gp_practice=False)
    return Recipient(p.display_name, org.id if org else None, p.id, p.needs_large_print, values)


# --- saved selections -------------------------------------------------------------------------
def selection_version(ctx: AppContext, name: str) -> int:
    """The saved selection's version now; 0 when there is none by that name."""
    with ctx.session() as s:
        return s.scalar(select(SavedSelection.row_version).where(SavedSelection.name == name.strip())) or 0


def save_selection(ctx: AppContext, name: str, to: str, flt: RegisterFilter, *,
                   expected_version: int | None = None) -> None:
    """Save (or replace) a selection by name. ``expected_version`` is the version the user saw (0: none by
    that name): a colleague's save of that name since is refused with RecordChanged."""
    from sdm_desktop.services.core.versions import RecordChanged, last_change

    name = (name or "").strip()
    if not name:
        raise UserError("A saved selection needs a name.")
    payload = json.dumps({"to": to, "filter": asdict(flt)})
    with ctx.session() as s:
        row = s.scalar(select(SavedSelection).where(SavedSelection.name == name))
        if expected_version is not None and (row.row_version if row is not None else 0) != expected_version:
            by, at = last_change(s, "saved_selection", row.id) if row is not None else (None, None)
            raise RecordChanged("saved selection", row.id if row is not None else None,
                                f"The saved selection {name!r}", deleted=row is None, by=by, at=at)
        if row is None:
            row = SavedSelection(name=name[:120], kind="letters", filters_json=payload)
            s.add(row)
        else:
            row.kind, row.filters_json = "letters", payload
        s.flush()
        audit.record(s, "save", "saved_selection", row.id, name=name)


def saved_selections(ctx: AppContext) -> list[str]:
    with ctx.session() as s:
        return list(s.scalars(select(SavedSelection.name).order_by(SavedSelection.name)))


def load_selection(ctx: AppContext, name: str) -> tuple[str, RegisterFilter]:
    with ctx.session() as s:
        row = s.scalar(select(SavedSelection).where(SavedSelection.name == name))
        if row is None:
            raise UserError(f"There is no saved selection called {name!r}.")
        data = json.loads(row.filters_json or "{}")
    known = RegisterFilter.__dataclass_fields__
    flt = RegisterFilter(**{k: v for k, v in (data.get("filter") or data).items() if k in known})
    return data.get("to", "organisations"), flt
