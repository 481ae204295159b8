"""Enrolment statuses and the participant's display name, shared by every training module."""

from __future__ import annotations

from sdm_desktop.db.models import Person

ENROLMENT_STATUSES = [
    ("invited", "Invited"), ("enrolled", "Enrolled"), ("waiting", "Waiting list"),
    ("attended", "Attended"), ("completed", "Completed"), ("withdrawn", "Withdrawn"),
    ("did_not_attend", "Did not attend"),
]
# Statuses that hold one of the cohort's places.
PLACE_HOLDING = ("invited", "enrolled", "attended", "completed", "did_not_attend")
# Statuses that count as "trained" in the cascade.
TRAINED = ("attended", "completed")
# Statuses the completion rule decides between.
RULE_STATUSES = ("enrolled", "attended", "completed", "did_not_attend")


def person_name(person: Person | None) -> str:
    """The person's display name, or "" when there is nobody (no trainer, a deleted person)."""
    return person.display_name if person is not None else ""
