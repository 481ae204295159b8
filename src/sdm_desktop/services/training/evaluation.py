"""Kirkpatrick evaluation per cohort: reaction and learning scores, behaviour and results notes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from statistics import mean

from sqlalchemy import delete, select

from sdm_desktop.db.models import Cohort, CohortEvaluation, Enrolment
from sdm_desktop.errors import UserError
from sdm_desktop.services.core import audit
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.core.undo import UndoStep
from sdm_desktop.services.core.validation import has_control_characters
from sdm_desktop.services.core.versions import expect_version, written_row

KIRKPATRICK_LEVELS = [
    ("reaction", "1 Reaction: how participants felt about the training"),
    ("learning", "2 Learning: knowledge, skills and confidence gained"),
    ("behaviour", "3 Behaviour: what participants now do differently"),
    ("results", "4 Results: what changed for patients and services"),
]
MAX_NOTE = 20000


@dataclass
class EvaluationNote:
    id: int
    level: str
    recorded_on: date
    notes: str
    row_version: int = 0


@dataclass
class EvaluationSummary:
    responses: int
    reaction_mean: float | None
    confidence_before_mean: float | None
    confidence_after_mean: float | None
    paired: int                   # participants with both a before and an after score

    @property
    def confidence_gain(self) -> float | None:
        if self.confidence_before_mean is None or self.confidence_after_mean is None:
            return None
        return self.confidence_after_mean - self.confidence_before_mean

    def text(self) -> str:
        parts = [f"Reaction: {self.reaction_mean:.1f} / 5 from {self.responses} responses"
                 if self.reaction_mean is not None else "Reaction: no scores yet"]
        if self.paired:
            parts.append(f"Confidence before {self.confidence_before_mean:.1f} → after "
                         f"{self.confidence_after_mean:.1f} / 10 ({self.confidence_gain:+.1f}, {self.paired} paired)")
        else:
            parts.append("Confidence: no before-and-after pairs yet")
        return " · ".join(parts)


def add_note(ctx: AppContext, cohort_id: int, level: str, recorded_on: date | None, notes: str) -> int:
    if level not in dict(KIRKPATRICK_LEVELS):
        raise UserError("Choose a level: reaction, learning, behaviour or results.")
    text = (notes or "").strip()
    if not text:
        raise UserError("Write the evaluation note before adding it.")
    if len(text) > MAX_NOTE:
        raise UserError(f"The note is too long (at most {MAX_NOTE:,} characters).")
    if has_control_characters(text):
        raise UserError("The note contains an invisible control character (pasted from another program?); retype it.")
    with ctx.session() as s:
        if s.get(Cohort, cohort_id) is None:
            raise UserError("That cohort no longer exists.")
        row = CohortEvaluation(cohort_id=cohort_id, level=level, recorded_on=recorded_on or date.today(), notes=text)
        s.add(row)
        s.flush()
        audit.record(s, "create", "cohort_evaluation", row.id, cohort_id=cohort_id, level=level)
        new_id, written = row.id, written_row(s, row, "The evaluation note")
    ctx.undo.push(UndoStep("add evaluation note", lambda: delete_note(ctx, new_id, undoable=False), written))
    return new_id


def delete_note(ctx: AppContext, note_id: int, *, undoable: bool = True, expected_version: int | None = None) -> None:
    """``expected_version`` (as listed) refuses the delete of a note a colleague changed or deleted since."""
    with ctx.session() as s:
        row = s.get(CohortEvaluation, note_id)
        if expected_version is not None:
            expect_version(s, row, expected_version, "cohort_evaluation", note_id, "The evaluation note",
                           doing="deleted")
        if row is None:
            return
        kept = (row.cohort_id, row.level, row.recorded_on, row.notes)
        s.execute(delete(CohortEvaluation).where(CohortEvaluation.id == note_id))
        audit.record(s, "delete", "cohort_evaluation", note_id)
    if undoable:
        ctx.undo.push(UndoStep("delete evaluation note", lambda: add_note(ctx, *kept)))


def list_notes(ctx: AppContext, cohort_id: int) -> list[EvaluationNote]:
    order = {code: i for i, (code, _) in enumerate(KIRKPATRICK_LEVELS)}
    with ctx.session() as s:
        rows = [EvaluationNote(r.id, r.level, r.recorded_on, r.notes, r.row_version) for r in
                s.scalars(select(CohortEvaluation).where(CohortEvaluation.cohort_id == cohort_id))]
    return sorted(rows, key=lambda n: (order.get(n.level, 9), n.recorded_on, n.id))


def summary(ctx: AppContext, cohort_id: int) -> EvaluationSummary:
    with ctx.session() as s:
        rows = s.execute(select(Enrolment.reaction_score, Enrolment.confidence_before, Enrolment.confidence_after)
                         .where(Enrolment.cohort_id == cohort_id)).all()
    reactions = [r for r, _b, _a in rows if r is not None]
    pairs = [(b, a) for _r, b, a in rows if b is not None and a is not None]
    return EvaluationSummary(
        len(reactions), mean(reactions) if reactions else None,
        mean(b for b, _ in pairs) if pairs else None, mean(a for _, a in pairs) if pairs else None, len(pairs))
