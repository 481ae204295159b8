"""Dated assessments of organisations and people, grouped into analysis rounds.

History is kept: a new assessment never overwrites an old one. The "current" assessment of a
stakeholder is its latest (by date, then by id), optionally within one round.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import date

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from sdm_desktop.db.models import AnalysisRound, Assessment, Organisation, OrganisationType, Person
from sdm_desktop.errors import UserError
from sdm_desktop.services.core import audit
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.core.undo import UndoStep
from sdm_desktop.services.core.validation import FieldErrors, ValidationError, check_length, clean, plain_text
from sdm_desktop.services.core.versions import expect_version, written_row
from sdm_desktop.services.core.vocab import ATTITUDES, COMMITMENT_LEVELS, IAP2_LEVELS, codes

ORGANISATION, PERSON = "organisation", "person"
# An assessment records a judgement already made: a date in the future (a typo such as 2062 for 2026)
# would stay "the latest" for years and hide every later reassessment, drags on the grid included.
EARLIEST_ASSESSMENT = date(2000, 1, 1)


@dataclass(frozen=True)
class Subject:
    """Who an assessment is about: an organisation or a person."""

    kind: str
    id: int

    @property
    def key(self) -> str:
        return f"{self.kind[0]}:{self.id}"

    @classmethod
    def from_key(cls, key: str) -> Subject:
        kind, _, number = key.partition(":")
        return cls(ORGANISATION if kind == "o" else PERSON, int(number))

    def columns(self) -> dict[str, int | None]:
        return {"organisation_id": self.id if self.kind == ORGANISATION else None,
                "person_id": self.id if self.kind == PERSON else None}


@dataclass
class AssessmentInput:
    subject: Subject
    influence: int = 3
    interest: int = 3
    assessed_on: date | None = None
    round_name: str | None = None
    attitude: str | None = None
    involvement_current: str | None = None
    involvement_target: str | None = None
    commitment_current: str | None = None
    commitment_target: str | None = None
    rationale: str | None = None
    assessed_by: str | None = None


@dataclass
class AssessmentRecord:
    id: int
    subject: Subject
    subject_name: str
    subject_type: str
    assessed_on: date
    round_name: str | None
    influence: int
    interest: int
    attitude: str | None
    involvement_current: str | None
    involvement_target: str | None
    commitment_current: str | None
    commitment_target: str | None
    rationale: str | None
    assessed_by: str | None

    def as_input(self) -> AssessmentInput:
        values = {k: v for k, v in asdict(self).items() if k in AssessmentInput.__dataclass_fields__}
        values["subject"] = self.subject
        values["round_name"] = self.round_name
        return AssessmentInput(**values)


@dataclass
class RoundInfo:
    id: int
    name: str
    held_on: date | None
    assessment_count: int


CHOICES = {"attitude": ATTITUDES, "involvement_current": IAP2_LEVELS, "involvement_target": IAP2_LEVELS,
           "commitment_current": COMMITMENT_LEVELS, "commitment_target": COMMITMENT_LEVELS}


def validate_assessment(data: AssessmentInput) -> AssessmentInput:
    """Return a cleaned copy, or raise ValidationError naming each bad field."""
    errors = FieldErrors()
    out = replace(data)
    for name in ("influence", "interest"):
        value = getattr(data, name)
        try:
            number = int(value)
        except (TypeError, ValueError):
            errors.add(name, "must be a whole number from 1 to 5")
            continue
        if not 1 <= number <= 5 or str(value).strip() not in (str(number), f"{number}.0"):
            errors.add(name, f"must be a whole number from 1 to 5 (not {value!r})")
        setattr(out, name, number)
    for name, pairs in CHOICES.items():
        value = clean(getattr(data, name))
        value = value.lower() if value else None
        if value and value not in codes(pairs):
            errors.add(name, f"must be one of {', '.join(codes(pairs))} (not {value!r})")
        setattr(out, name, value)
    out.assessed_on = data.assessed_on or date.today()
    if not isinstance(out.assessed_on, date):
        errors.add("assessed_on", "must be a date")
    elif out.assessed_on > date.today():
        errors.add("assessed_on", f"{out.assessed_on:%d %B %Y} is in the future; an assessment is dated "
                                  "on or before the day it is made")
    elif out.assessed_on < EARLIEST_ASSESSMENT:
        errors.add("assessed_on", f"{out.assessed_on.isoformat()} is before {EARLIEST_ASSESSMENT:%d %B %Y}; "
                                  "check the year")
    out.round_name = plain_text(errors, "round_name", clean(data.round_name))
    out.rationale = plain_text(errors, "rationale", clean(data.rationale), multiline=True)
    out.assessed_by = plain_text(errors, "assessed_by", clean(data.assessed_by))
    check_length(errors, "rationale", out.rationale, 20000)
    check_length(errors, "assessed_by", out.assessed_by, 120)
    check_length(errors, "round_name", out.round_name, 120)
    if data.subject.kind not in (ORGANISATION, PERSON):
        errors.add("subject", "must be an organisation or a person")
    if errors:
        raise ValidationError(errors)
    return out


# --- rounds ---------------------------------------------------------------------------------------
def list_rounds(ctx: AppContext) -> list[RoundInfo]:
    with ctx.session() as s:
        counts = dict(s.execute(select(Assessment.round_id, func.count()).group_by(Assessment.round_id)).all())
        rounds = s.scalars(select(AnalysisRound).order_by(AnalysisRound.held_on.is_(None),
                                                          AnalysisRound.held_on, AnalysisRound.id))
        return [RoundInfo(r.id, r.name, r.held_on, counts.get(r.id, 0)) for r in rounds]


def create_round(ctx: AppContext, name: str, held_on: date | None = None, notes: str | None = None) -> int:
    name = clean(name) or ""
    if not name:
        raise ValidationError(FieldErrors({"name": "is required"}))
    if len(name) > 120:
        raise ValidationError(FieldErrors({"name": "is longer than 120 characters"}))
    errors = FieldErrors()
    name = plain_text(errors, "name", name)
    notes = plain_text(errors, "notes", notes, multiline=True)
    if errors:
        raise ValidationError(errors)
    with ctx.session() as s:
        if s.scalar(select(AnalysisRound.id).where(AnalysisRound.name == name)) is not None:
            raise ValidationError(FieldErrors({"name": f"a round called {name!r} already exists"}))
        row = AnalysisRound(name=name, held_on=held_on, notes=clean(notes))
        s.add(row)
        s.flush()
        audit.record(s, "create", "analysis_round", row.id, name=name)
        new_id, written = row.id, written_row(s, row, name)
    ctx.undo.push(UndoStep(f"add round {name}", lambda: _delete_round(ctx, new_id), written))
    return new_id


def _delete_round(ctx: AppContext, round_id: int) -> None:
    with ctx.session() as s:
        s.execute(delete(AnalysisRound).where(AnalysisRound.id == round_id))
        audit.record(s, "undo create", "analysis_round", round_id)


def round_id_by_name(session: Session, name: str | None, *, required: bool = True) -> int | None:
    if not name:
        return None
    found = session.scalar(select(AnalysisRound.id).where(AnalysisRound.name == name))
    if found is None and required:
        known = ", ".join(session.scalars(select(AnalysisRound.name).order_by(AnalysisRound.id))) or "none yet"
        raise UserError(f"There is no analysis round called {name!r} (rounds: {known}).")
    return found


# --- assessments ----------------------------------------------------------------------------------
def _check_subject(session: Session, subject: Subject) -> None:
    model = Organisation if subject.kind == ORGANISATION else Person
    if session.get(model, subject.id) is None:
        raise ValidationError(FieldErrors({"subject": f"{subject.kind} {subject.id} does not exist"}))


def _new_row(session: Session, data: AssessmentInput) -> Assessment:
    _check_subject(session, data.subject)
    round_id = round_id_by_name(session, data.round_name)
    row = Assessment(round_id=round_id, assessed_on=data.assessed_on, influence=data.influence,
                     interest=data.interest, attitude=data.attitude,
                     involvement_current=data.involvement_current, involvement_target=data.involvement_target,
                     commitment_current=data.commitment_current, commitment_target=data.commitment_target,
                     rationale=data.rationale, assessed_by=data.assessed_by or audit.current_user(),
                     **data.subject.columns())
    session.add(row)
    session.flush()
    return row


def create_assessment(ctx: AppContext, data: AssessmentInput, *, undoable: bool = True,
                      label: str | None = None) -> int:
    """Record a new dated assessment; older ones stay as history. Undo removes it again."""
    data = validate_assessment(data)
    with ctx.session() as s:
        row = _new_row(s, data)
        audit.record(s, "create", "assessment", row.id, subject=data.subject.key,
                     influence=data.influence, interest=data.interest)
        new_id, written = row.id, written_row(s, row, f"The assessment of {data.assessed_on:%d %b %Y}")
    if undoable:
        ctx.undo.push(UndoStep(label or "add assessment", lambda: delete_assessments_silently(ctx, [new_id]),
                               written))
    return new_id


def create_assessments(ctx: AppContext, items: list[AssessmentInput]) -> list[int]:
    """Many at once, all-or-nothing (the demo and bulk tools)."""
    cleaned = [validate_assessment(item) for item in items]
    with ctx.session() as s:
        made = [_new_row(s, item).id for item in cleaned]
        audit.record(s, "create", "assessment", None, count=len(made))
    return made


def delete_assessments_silently(ctx: AppContext, ids: list[int]) -> None:
    with ctx.session() as s:
        s.execute(delete(Assessment).where(Assessment.id.in_(ids)))
        audit.record(s, "undo create", "assessment", ids[0] if len(ids) == 1 else None)


def delete_assessment(ctx: AppContext, assessment_id: int, *, expected_version: int | None = None) -> None:
    """``expected_version`` (as shown) refuses the delete of an assessment someone changed or deleted since."""
    from sdm_desktop.services.core import snapshots
    with ctx.session() as s:
        if expected_version is not None:
            expect_version(s, s.get(Assessment, assessment_id), expected_version, "assessment", assessment_id,
                           "This assessment", doing="deleted")
        snap = snapshots.capture(s, Assessment.__table__, [assessment_id])
        s.execute(delete(Assessment).where(Assessment.id == assessment_id))
        audit.record(s, "delete", "assessment", assessment_id)

    def put_back() -> None:
        with ctx.session() as s2:
            snapshots.restore(s2, snap)
            audit.record(s2, "undo delete", "assessment", assessment_id)
    ctx.undo.push(UndoStep("delete assessment", put_back))


def _records_query():
    return (select(Assessment, AnalysisRound.name, Organisation.name, OrganisationType.name,
                   Person.title, Person.first_name, Person.last_name)
            .outerjoin(AnalysisRound, AnalysisRound.id == Assessment.round_id)
            .outerjoin(Organisation, Organisation.id == Assessment.organisation_id)
            .outerjoin(OrganisationType, OrganisationType.id == Organisation.org_type_id)
            .outerjoin(Person, Person.id == Assessment.person_id))


def _record(row) -> AssessmentRecord:
    a, round_name, org_name, type_name, title, first, last = row
    if a.organisation_id is not None:
        subject, name, kind = Subject(ORGANISATION, a.organisation_id), org_name, type_name
    else:
        subject, name, kind = Subject(PERSON, a.person_id), " ".join(p for p in (title, first, last) if p), "Person"
    return AssessmentRecord(a.id, subject, name, kind, a.assessed_on, round_name, a.influence, a.interest,
                            a.attitude, a.involvement_current, a.involvement_target, a.commitment_current,
                            a.commitment_target, a.rationale, a.assessed_by)


def history(ctx: AppContext, subject: Subject) -> list[AssessmentRecord]:
    """Every assessment of one stakeholder, newest first."""
    column = Assessment.organisation_id if subject.kind == ORGANISATION else Assessment.person_id
    with ctx.session() as s:
        rows = s.execute(_records_query().where(column == subject.id)
                         .order_by(Assessment.assessed_on.desc(), Assessment.id.desc()))
        return [_record(r) for r in rows]


def get_assessment(ctx: AppContext, assessment_id: int) -> AssessmentRecord:
    with ctx.session() as s:
        row = s.execute(_records_query().where(Assessment.id == assessment_id)).first()
        if row is None:
            raise LookupError(f"No assessment with id {assessment_id}")
        return _record(row)


def latest_assessment_ids(session: Session, round_id: int | None = None) -> list[int]:
    """The id of each stakeholder's latest assessment (within one round if given)."""
    ranked = select(
        Assessment.id,
        func.row_number().over(
            partition_by=(Assessment.organisation_id, Assessment.person_id),
            order_by=(Assessment.assessed_on.desc(), Assessment.id.desc())).label("rank"))
    if round_id is not None:
        ranked = ranked.where(Assessment.round_id == round_id)
    sub = ranked.subquery()
    return list(session.scalars(select(sub.c.id).where(sub.c.rank == 1)))


def latest_assessments(ctx: AppContext, round_name: str | None = None) -> list[AssessmentRecord]:
    with ctx.session() as s:
        ids = latest_assessment_ids(s, round_id_by_name(s, round_name))
        return _load_records(s, ids)


def _load_records(session: Session, ids: list[int]) -> list[AssessmentRecord]:
    out: list[AssessmentRecord] = []
    for start in range(0, len(ids), 900):
        chunk = ids[start:start + 900]
        out.extend(_record(r) for r in session.execute(_records_query().where(Assessment.id.in_(chunk))))
    return out


def reassess_position(ctx: AppContext, subject: Subject, influence: int, interest: int,
                      round_name: str | None = None, on: date | None = None) -> int:
    """A new assessment at a new grid position, carrying over everything else from the last one: the
    last one in ``round_name`` when given (the marker the grid of that round shows), else the latest."""
    previous = history(ctx, subject)
    if round_name:
        previous = [r for r in previous if r.round_name == round_name] or previous
    base = previous[0].as_input() if previous else AssessmentInput(subject=subject)
    name = previous[0].subject_name if previous else subject.key
    moved = replace(base, influence=influence, interest=interest, assessed_on=on or date.today(),
                    round_name=round_name, assessed_by=None,
                    rationale=f"Moved on the grid (was influence {base.influence}, interest {base.interest})."
                    + (f" Before: {base.rationale}" if base.rationale else ""))
    return create_assessment(ctx, moved, label=f"reassess {name}")


def subject_choices(ctx: AppContext, text: str = "", limit: int = 50) -> list[tuple[str, str]]:
    """(subject key, label) of groups and people matching the text, for pickers."""
    from sdm_desktop.services.core.text import like_escape, name_match_rank, search_terms

    def matching(column):
        return [column.like(f"%{like_escape(t)}%", escape="\\") for t in search_terms(text)]
    with ctx.session() as s:
        orgs = s.execute(select(Organisation.id, Organisation.name, OrganisationType.name).join(OrganisationType)
                         .where(Organisation.archived_at.is_(None), *matching(Organisation.search_text))
                         .order_by(*name_match_rank(Organisation.name, text), func.lower(Organisation.name))
                         .limit(limit)).all()
        full_name = func.coalesce(Person.first_name, "") + " " + func.coalesce(Person.last_name, "")
        people = s.execute(select(Person.id, Person.title, Person.first_name, Person.last_name, Person.role)
                           .where(Person.archived_at.is_(None), *matching(Person.search_text))
                           .order_by(*name_match_rank(full_name, text), func.lower(Person.last_name),
                                     func.lower(Person.first_name))
                           .limit(limit)).all()
    out = [(Subject(ORGANISATION, i).key, f"{name} ({kind})") for i, name, kind in orgs]
    out += [(Subject(PERSON, r[0]).key, " ".join(p for p in r[1:4] if p) + (f" ({r[4]})" if r[4] else " (person)"))
            for r in people]
    return out


def subject_name(ctx: AppContext, subject: Subject) -> str:
    with ctx.session() as s:
        if subject.kind == ORGANISATION:
            return s.scalar(select(Organisation.name).where(Organisation.id == subject.id)) or subject.key
        person = s.get(Person, subject.id)
        return person.display_name if person else subject.key
