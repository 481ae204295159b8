"""A filter naming an organisation type or a tag nobody has is refused, so a typo is not an empty result."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from sdm_desktop.db.models import OrganisationType, Tag
from sdm_desktop.errors import UserError


def check_filter_names(session: Session, org_type: str | None, tag: str | None, person_type: bool = True) -> None:
    """Refuse a type or tag nobody has, so a typo is not silently an empty result. ``person_type``: "Person"
    is a type too (the grid and the assessments export)."""
    if org_type and not (person_type and org_type == "Person") and session.scalar(
            select(OrganisationType.id).where(OrganisationType.name == org_type)) is None:
        known = ", ".join(session.scalars(select(OrganisationType.name).order_by(OrganisationType.sort_order)))
        raise UserError(f"There is no organisation type called {org_type!r} "
                        f"(types: {known}{', or Person' if person_type else ''}).")
    if tag and session.scalar(select(Tag.id).where(Tag.name == tag)) is None:
        raise UserError(f"There is no tag called {tag!r}.")
