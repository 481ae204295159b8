"""One person's equality monitoring answers. Special category data (UK GDPR Art. 9): recorded only when the
person's explicit consent for equality monitoring is recorded with its date and how it was given; withdrawing
consent removes every answer. Held apart from the person's record, so the register, its search and contact
exports never carry it; the subject access export includes it and an erase removes it."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from sdm_desktop.db.models import EqualityMonitoring, Person
from sdm_desktop.services.core import audit
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.core.validation import FieldErrors, ValidationError, clean
from sdm_desktop.services.equality.categories import FIELDS, QUESTION_OF

HOW_LIMIT = 120
CONSENT_NEEDED = ("cannot be recorded without the person's explicit consent for equality monitoring: record the "
                  "date and how it was given first")


@dataclass
class MonitoringInput:
    consent_date: date | None = None
    consent_how: str | None = None
    age_band: str | None = None
    sex: str | None = None
    gender_same_as_birth: str | None = None
    ethnic_group: str | None = None
    disability: str | None = None
    carer: str | None = None
    religion: str | None = None
    sexual_orientation: str | None = None

    @property
    def answers(self) -> dict[str, str | None]:
        return {name: getattr(self, name) for name in FIELDS}

    @property
    def has_consent(self) -> bool:
        return self.consent_date is not None and bool(clean(self.consent_how))

    @property
    def is_empty(self) -> bool:
        return not self.has_consent and not any(self.answers.values())


def validate_monitoring(data: MonitoringInput, today: date | None = None) -> MonitoringInput:
    """The consent gate and the answers' codes; raises ValidationError naming each problem."""
    errors, today = FieldErrors(), today or date.today()
    how = clean(data.consent_how)
    given = [name for name, value in data.answers.items() if value]
    if given and not data.has_consent:
        errors.add("equality_consent", f"{QUESTION_OF[given[0]].label} {CONSENT_NEEDED}")
    if data.consent_date is not None and data.consent_date > today:
        errors.add("equality_consent_date", f"is in the future ({data.consent_date:%d/%m/%Y})")
    if (data.consent_date is None) != (how is None):
        errors.add("equality_consent", "needs both the date and how consent was given")
    if how is not None and len(how) > HOW_LIMIT:
        errors.add("equality_consent_how", f"is too long ({len(how)} characters; at most {HOW_LIMIT})")
    for name, value in data.answers.items():
        allowed = [code for code, _ in QUESTION_OF[name].choices]
        if value and value not in allowed:
            errors.add(name, f"must be one of {', '.join(allowed)}")
    if errors:
        raise ValidationError(errors)
    return MonitoringInput(**{**{f.name: getattr(data, f.name) for f in fields(data)}, "consent_how": how})


def get_monitoring(ctx: AppContext, person_id: int) -> MonitoringInput:
    with ctx.session() as s:
        row = s.get(EqualityMonitoring, person_id)
        return _input_of(row) if row is not None else MonitoringInput()


def _input_of(row: EqualityMonitoring) -> MonitoringInput:
    return MonitoringInput(**{f.name: getattr(row, f.name) for f in fields(MonitoringInput)})


def save_monitoring(ctx: AppContext, person_id: int, data: MonitoringInput) -> bool:
    """Record (or with consent withdrawn, remove) the person's answers; True if any are now held."""
    data = validate_monitoring(data)
    with ctx.session() as s:
        if s.get(Person, person_id) is None:
            raise LookupError(f"No person with id {person_id}")
        row = s.get(EqualityMonitoring, person_id)
        if data.is_empty or not data.has_consent:
            if row is not None:
                s.delete(row)
                audit.record(s, "delete", "equality monitoring", person_id)
            return False
        if row is None:
            row = EqualityMonitoring(person_id=person_id)
            s.add(row)
        for f in fields(MonitoringInput):
            setattr(row, f.name, getattr(data, f.name))
        # the audit says that monitoring changed, never what the answers are
        audit.record(s, "update", "equality monitoring", person_id)
    return True


def remove_monitoring(s: Session, person_id: int) -> int:
    """Every answer of the person gone (an erase); how many rows."""
    return s.execute(delete(EqualityMonitoring).where(EqualityMonitoring.person_id == person_id)).rowcount or 0


def monitoring_rows(s: Session, person_id: int) -> list[list[str]]:
    """The person's answers as [question, answer] rows, for their subject access export."""
    row = s.get(EqualityMonitoring, person_id)
    if row is None:
        return []
    out = [["Consent for equality monitoring given on", row.consent_date.isoformat()],
           ["How consent was given", row.consent_how]]
    out += [[QUESTION_OF[name].label, QUESTION_OF[name].label_of(getattr(row, name))] for name in FIELDS
            if getattr(row, name)]
    return out


def monitored_people(s: Session) -> set[int]:
    return set(s.scalars(select(EqualityMonitoring.person_id)))
