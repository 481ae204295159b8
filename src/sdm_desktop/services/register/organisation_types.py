"""The configurable list of organisation types."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from sdm_desktop.db.models import Organisation, OrganisationType
from sdm_desktop.errors import UserError
from sdm_desktop.services.core import audit
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.core.validation import CONTROL_RE, clean
from sdm_desktop.services.core.versions import expect_version, write_derived
from sdm_desktop.services.register.organisations import organisation_search_text


@dataclass
class TypeUsage:
    name: str
    organisations: int
    row_version: int = 0       # as listed: renaming or removing it is refused if a colleague changed it since


def list_types(ctx: AppContext) -> list[TypeUsage]:
    with ctx.session() as s:
        rows = s.execute(
            select(OrganisationType.name, func.count(Organisation.id), OrganisationType.row_version)
            .outerjoin(Organisation, Organisation.org_type_id == OrganisationType.id)
            .group_by(OrganisationType.id).order_by(OrganisationType.sort_order, OrganisationType.id))
        return [TypeUsage(name, count, version) for name, count, version in rows]


def _checked_name(name: str) -> str:
    value = " ".join((clean(name) or "").split())
    if not value:
        raise UserError("A type needs a name.")
    if CONTROL_RE.search(value):
        raise UserError("A type's name cannot hold invisible control characters; retype it.")
    if len(value) > 120:
        raise UserError(f"A type's name can be at most 120 characters (this one has {len(value)}).")
    return value


def _get(s, name: str, expected_version: int | None = None, doing: str = "saved") -> OrganisationType:
    row = s.scalar(select(OrganisationType).where(OrganisationType.name == name))
    if row is None:
        raise UserError(f"There is no organisation type called {name!r} (renamed or removed since?).")
    expect_version(s, row, expected_version, "organisation_type", row.id, f"The type {name!r}", doing=doing)
    return row


def _same_name(s, name: str, other_than: int | None = None) -> str | None:
    """The existing type whose name differs from ``name`` only in capitals (imports match types that way)."""
    query = select(OrganisationType.name).where(func.lower(OrganisationType.name) == name.lower())
    if other_than is not None:
        query = query.where(OrganisationType.id != other_than)
    return s.scalar(query)


def add_type(ctx: AppContext, name: str) -> None:
    name = _checked_name(name)
    with ctx.session() as s:
        existing = _same_name(s, name)
        if existing:
            raise UserError(f"There is already a type called {existing!r}.")
        last = s.scalar(select(func.max(OrganisationType.sort_order))) or 0
        s.add(OrganisationType(name=name, sort_order=last + 1))
        audit.record(s, "create", "organisation_type", None, name=name)


def rename_type(ctx: AppContext, old: str, new: str, *, expected_version: int | None = None) -> None:
    """``expected_version`` (as listed) refuses the rename of a type a colleague changed since."""
    new = _checked_name(new)
    with ctx.session() as s:
        row = _get(s, old, expected_version)
        existing = _same_name(s, new, other_than=row.id)
        if existing:
            raise UserError(f"There is already a type called {existing!r}.")
        row.name = new
        s.flush()
        for org in s.scalars(select(Organisation).where(Organisation.org_type_id == row.id)):
            write_derived(s, org, search_text=organisation_search_text(org))
        audit.record(s, "rename", "organisation_type", row.id, old=old, new=new)


def remove_type(ctx: AppContext, name: str, *, expected_version: int | None = None) -> None:
    with ctx.session() as s:
        row = _get(s, name, expected_version, "removed")
        used = s.scalar(select(func.count()).select_from(Organisation).where(Organisation.org_type_id == row.id))
        if used:
            raise UserError(f"{used} organisations have the type {name!r}; change their type before removing it.")
        s.delete(row)
        audit.record(s, "delete", "organisation_type", row.id, name=name)


def move_type(ctx: AppContext, name: str, step: int) -> None:
    """Move a type up (step -1) or down (step +1) in the list."""
    with ctx.session() as s:
        rows = list(s.scalars(select(OrganisationType).order_by(OrganisationType.sort_order, OrganisationType.id)))
        index = next((i for i, r in enumerate(rows) if r.name == name), None)
        if index is None:
            raise UserError(f"There is no organisation type called {name!r}.")
        target = index + step
        if 0 <= target < len(rows):
            rows[index], rows[target] = rows[target], rows[index]
        for order, row in enumerate(rows):
            if row.sort_order != order:
                row.sort_order = order
