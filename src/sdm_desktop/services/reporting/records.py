"""Whether a kind of record exists at all: an empty list then says what to do next ("No plans yet"),
where a list emptied by a search or filter says so instead."""

from __future__ import annotations

from sqlalchemy import select

from sdm_desktop.db.models import (
    Assessment,
    ConsultationResponse,
    EngagementPlan,
    Interaction,
    LetterRun,
    Organisation,
    Person,
    Programme,
    Resource,
)
from sdm_desktop.services.core.context import AppContext

_FIRST_OF = {
    "organisations": select(Organisation.id),
    "people": select(Person.id),
    "assessments": select(Assessment.id),
    "plans": select(EngagementPlan.id),
    "follow-ups": select(Interaction.id).where(Interaction.action.is_not(None)),
    "feedback": select(Interaction.id).where(Interaction.is_feedback.is_(True)),
    "programmes": select(Programme.id),
    "letter runs": select(LetterRun.id),
    "resources": select(Resource.id),
    "responses": select(ConsultationResponse.id),
}
RECORD_KINDS = tuple(_FIRST_OF)


def has_records(ctx: AppContext, kind: str) -> bool:
    """True when at least one record of ``kind`` (one of RECORD_KINDS) is stored: one indexed row read."""
    if kind not in _FIRST_OF:
        raise ValueError(f"Unknown record kind {kind!r}: one of {', '.join(RECORD_KINDS)}")
    with ctx.session() as s:
        return s.scalar(_FIRST_OF[kind].limit(1)) is not None
