"""The team's self-assessment of each principle for a period: a RAG or 0–3 rating, a narrative, and evidence
(links or references)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from sdm_desktop.db.models import PrincipleRating
from sdm_desktop.services.assurance.principles import plain_text
from sdm_desktop.services.core import audit
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.core.undo import UndoStep
from sdm_desktop.services.core.validation import FieldErrors, ValidationError, check_length
from sdm_desktop.services.core.versions import Written, expect_version

RATINGS = (("green", "Green: fully met"), ("amber", "Amber: partly met"), ("red", "Red: not met"),
           ("3", "3: fully met"), ("2", "2: largely met"), ("1", "1: partly met"), ("0", "0: not met"))
RATING_WORDS = dict(RATINGS)
TEXT_LIMIT = 20_000


@dataclass
class Rating:
    principle_id: int
    period_from: date
    period_to: date
    rating: str | None = None
    narrative: str = ""
    evidence: str = ""
    row_version: int | None = None      # None: not rated yet for this period


def get_rating(ctx: AppContext, principle_id: int, period_from: date, period_to: date) -> Rating:
    with ctx.session() as s:
        row = _row(s, principle_id, period_from, period_to)
        if row is None:
            return Rating(principle_id, period_from, period_to)
        return Rating(principle_id, period_from, period_to, row.rating, row.narrative or "", row.evidence or "",
                      row.row_version)


def _row(s, principle_id: int, period_from: date, period_to: date) -> PrincipleRating | None:
    return s.scalar(select(PrincipleRating).where(PrincipleRating.principle_id == principle_id,
                                                  PrincipleRating.period_from == period_from,
                                                  PrincipleRating.period_to == period_to))


def _checked(rating: Rating) -> Rating:
    plain_text(narrative_lines=rating.narrative or "", evidence_lines=rating.evidence or "")
    errors = FieldErrors()
    if rating.rating is not None and rating.rating not in RATING_WORDS:
        errors.add("rating", f"must be one of {', '.join(RATING_WORDS)}")
    if rating.period_to < rating.period_from:
        errors.add("period_to", "is before the start of the period")
    check_length(errors, "narrative", rating.narrative, TEXT_LIMIT)
    check_length(errors, "evidence", rating.evidence, TEXT_LIMIT)
    if errors:
        raise ValidationError(errors)
    return rating


def save_rating(ctx: AppContext, rating: Rating) -> None:
    """Record (or change) the self-assessment for the period; ``rating.row_version`` is the version it was
    read at, so a colleague's newer assessment is not overwritten."""
    rating = _checked(rating)
    with ctx.session() as s:
        row = _row(s, rating.principle_id, rating.period_from, rating.period_to)
        if rating.row_version is not None:
            expect_version(s, row, rating.row_version, "principle_rating", row.id if row else 0,
                           "The self-assessment")
        before = None if row is None else (row.rating, row.narrative, row.evidence)
        if row is None:
            row = PrincipleRating(principle_id=rating.principle_id, period_from=rating.period_from,
                                  period_to=rating.period_to)
            s.add(row)
        row.rating, row.narrative, row.evidence = rating.rating, rating.narrative or None, rating.evidence or None
        s.flush()
        audit.record(s, "rate", "principle_rating", row.id, rating=rating.rating)
        row_id, written = row.id, [Written("principle_rating", row.id, row.row_version, "The self-assessment")]
    ctx.undo.push(UndoStep("self-assessment", lambda: _put_back(ctx, row_id, before), written))


def _put_back(ctx: AppContext, row_id: int, before: tuple | None) -> None:
    with ctx.session() as s:
        row = s.get(PrincipleRating, row_id)
        if row is None:
            return
        if before is None:
            s.delete(row)
        else:
            row.rating, row.narrative, row.evidence = before
        audit.record(s, "undo rate", "principle_rating", row_id)
