"""Small builders for test data, through the services."""

from __future__ import annotations

from sdm_desktop.services.register.organisations import OrganisationInput, create_organisation
from sdm_desktop.services.register.people import MembershipInput, PersonInput, create_person


def make_org(ctx, name="Riverside PPG", org_type="Patient Participation Group (PPG)", **fields) -> int:
    return create_organisation(ctx, OrganisationInput(name=name, org_type=org_type, **fields))


def make_person(ctx, last_name="Sample", first_name="Ada", orgs: list[tuple[int, str]] = (), **fields) -> int:
    members = [MembershipInput(org_id, role) for org_id, role in orgs]
    fields.setdefault("consent_contact", True)
    return create_person(ctx, PersonInput(first_name=first_name, last_name=last_name, memberships=members, **fields))
