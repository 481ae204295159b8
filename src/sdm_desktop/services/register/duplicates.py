"""'Looks like an existing record' warnings for organisations and people."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select

from sdm_desktop.db.models import Organisation, Person
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.core.text import emails_differ, keys_similar, name_key
from sdm_desktop.services.core.validation import clean


@dataclass
class PossibleDuplicate:
    id: int
    name: str
    reason: str


def names_similar(a: str | None, b: str | None) -> bool:
    return keys_similar(name_key(a), name_key(b))


def _compact(postcode: str | None) -> str:
    return (postcode or "").replace(" ", "").upper()


def find_similar_organisations(ctx: AppContext, name: str, postcode: str | None = None,
                               ods_code: str | None = None, email: str | None = None,
                               exclude_id: int | None = None) -> list[PossibleDuplicate]:
    ods, mail, pc = clean(ods_code), clean(email), _compact(postcode)
    conds = []
    if ods:
        conds.append(Organisation.ods_code == ods.upper())
    if mail:
        conds.append(func.lower(Organisation.email) == mail.lower())
    if pc:
        conds.append(func.replace(Organisation.postcode, " ", "") == pc)
    if not conds:
        return []
    with ctx.session() as s:
        rows = s.execute(select(Organisation.id, Organisation.name, Organisation.ods_code,
                                Organisation.email, Organisation.postcode).where(or_(*conds)))
        found = []
        for oid, oname, oods, omail, opc in rows:
            if oid == exclude_id:
                continue
            reason = _org_reason(name, ods, mail, pc, oname, oods, omail, opc)
            if reason:
                found.append(PossibleDuplicate(oid, oname, reason))
        return found


def _org_reason(name, ods, mail, pc, oname, oods, omail, opc) -> str:
    if ods and oods and ods.upper() == oods:
        return f"same ODS code {oods}"
    if mail and omail and mail.lower() == omail.lower():
        return f"same email {omail}"
    if pc and _compact(opc) == pc and names_similar(name, oname):
        return "very similar name at the same postcode"
    return ""


def find_similar_people(ctx: AppContext, first_name: str | None, last_name: str,
                        postcode: str | None = None, email: str | None = None,
                        exclude_id: int | None = None) -> list[PossibleDuplicate]:
    mail, pc = clean(email), _compact(postcode)
    conds = []
    if mail:
        conds.append(func.lower(Person.email) == mail.lower())
    if pc:
        conds.append(func.replace(Person.postcode, " ", "") == pc)
    if not conds:
        return []
    full = f"{first_name or ''} {last_name}"
    with ctx.session() as s:
        rows = s.execute(select(Person.id, Person.first_name, Person.last_name, Person.email,
                                Person.postcode).where(or_(*conds)))
        found = []
        for pid, pfirst, plast, pmail, ppc in rows:
            if pid == exclude_id:
                continue
            other = f"{pfirst or ''} {plast}".strip()
            if mail and pmail and mail.lower() == pmail.lower():
                found.append(PossibleDuplicate(pid, other, f"same email {pmail}"))
            elif pc and _compact(ppc) == pc and not emails_differ(mail, pmail) and names_similar(full, other):
                found.append(PossibleDuplicate(pid, other, "very similar name at the same postcode"))
        return found
