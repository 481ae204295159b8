"""Exports honour consent: the names of people who may not be contacted are withheld unless asked for.

One rule and one wording for every export (activities, interactions, assessments, training, letters,
shares) and the engagement report.
"""

from __future__ import annotations

from sqlalchemy import or_, select

from sdm_desktop.db.models import Person

WITHHELD = "(name withheld: no consent to contact)"


def blocked_person_ids(session) -> set[int]:
    """People who may not be contacted (same rule as people.can_be_contacted)."""
    return set(session.scalars(select(Person.id).where(or_(
        Person.do_not_contact.is_(True), Person.consent_contact.is_(False), Person.archived_at.is_not(None)))))


def withheld_note(withheld: int, args) -> str:
    """The export's line for stderr: how many names were withheld, or a warning that none were."""
    if withheld:
        if withheld == 1:
            names = "1 name of a person who is marked do not contact or has not consented was"
        else:
            names = f"{withheld} names of people who are marked do not contact or have not consented were"
        return f"{names} withheld; use --include-no-contact to include them."
    if getattr(args, "include_no_contact", False):
        return "Warning: this file includes people who are marked do not contact or have not consented."
    return ""
