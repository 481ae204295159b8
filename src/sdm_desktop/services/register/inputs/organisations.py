"""What an organisation's form holds and the editor's rules for it, without the database (see ``people``)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from typing import TYPE_CHECKING

from sdm_desktop.services.core.validation import (
    FieldErrors,
    ValidationError,
    apply_rule,
    check_length,
    check_tags,
    check_text,
    clean,
    normalise_email,
    normalise_ods_code,
    normalise_phone,
    normalise_postcode,
    normalise_website,
)

if TYPE_CHECKING:
    from sdm_desktop.db.models import Organisation


@dataclass
class OrganisationInput:
    name: str = ""
    org_type: str = "Other"
    ods_code: str | None = None
    address_line1: str | None = None
    address_line2: str | None = None
    address_line3: str | None = None
    town: str | None = None
    county: str | None = None
    postcode: str | None = None
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    ppe_individual: bool = False
    ppe_service: bool = False
    ppe_community: bool = False
    tags: list[str] = field(default_factory=list)
    notes: str | None = None
    active: bool = True
    addressee_role: str | None = None
    commissioner_code: str | None = None
    reached_through_id: int | None = None     # the organisation it is reached through, e.g. a PPG's practice
    seldom_heard: bool = False                # reaches people the NHS hears from least (the reach report)

    @classmethod
    def from_row(cls, org: Organisation) -> OrganisationInput:
        values = {f.name: getattr(org, f.name) for f in fields(cls) if f.name not in ("org_type", "tags")}
        return cls(org_type=org.org_type.name, tags=sorted(t.name for t in org.tags), **values)


TEXT_LIMITS = {"name": 300, "address_line1": 200, "address_line2": 200, "address_line3": 200,
               "town": 120, "county": 120, "notes": 20000, "addressee_role": 80}
CHECKED_TEXT = (*TEXT_LIMITS, "ods_code", "postcode", "phone", "email", "website")


def validate_organisation(data: OrganisationInput, known_types: list[str]) -> OrganisationInput:
    """Return a cleaned copy, or raise ValidationError naming each bad field."""
    errors = FieldErrors()
    out = replace(data, tags=list(data.tags))
    tidied = check_text(errors, data, CHECKED_TEXT)
    out.name = clean(tidied.get("name", data.name)) or ""
    if not out.name:
        errors.add("name", "is required")
    if data.org_type not in known_types:
        errors.add("org_type", f"must be one of the organisation types (not {data.org_type!r})")
    out.ods_code = apply_rule(errors, "ods_code", normalise_ods_code, data.ods_code)
    out.postcode = apply_rule(errors, "postcode", normalise_postcode, data.postcode)
    out.email = apply_rule(errors, "email", normalise_email, data.email)
    out.phone = apply_rule(errors, "phone", normalise_phone, data.phone)
    out.website = apply_rule(errors, "website", normalise_website, data.website)
    for name, limit in TEXT_LIMITS.items():
        value = clean(tidied.get(name, getattr(out, name)))
        setattr(out, name, value if name != "name" else out.name)
        check_length(errors, name, value, limit)
    out.tags = check_tags(errors, data.tags)
    if data.reached_through_id is not None and (isinstance(data.reached_through_id, bool)
                                                or not isinstance(data.reached_through_id, int)):
        errors.add("reached_through_id", "must be an organisation in the register")
    if errors:
        raise ValidationError(errors)
    return out
