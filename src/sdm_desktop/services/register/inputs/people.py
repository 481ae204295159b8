"""What a person's form holds and the editor's rules for it, without the database: the import's helper
process (``importing/prepared/ahead.py``) validates rows with them and need not load SQLAlchemy or the models."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import date
from typing import TYPE_CHECKING

from sdm_desktop.services.core.validation import (
    CONTROL_RE,
    FieldErrors,
    ValidationError,
    apply_rule,
    check_length,
    check_tags,
    check_text,
    clean,
    normalise_email,
    normalise_phone,
    normalise_postcode,
)
from sdm_desktop.services.core.vocab import CONTACT_CHANNELS, LAWFUL_BASES, PARTICIPANT_TYPES, codes

if TYPE_CHECKING:
    from sdm_desktop.db.models import Person


@dataclass
class MembershipInput:
    organisation_id: int
    role: str = "member"
    organisation_name: str = ""


@dataclass
class PersonInput:
    title: str | None = None
    first_name: str | None = None
    last_name: str = ""
    role: str | None = None
    email: str | None = None
    phone: str | None = None
    address_line1: str | None = None
    address_line2: str | None = None
    address_line3: str | None = None
    town: str | None = None
    county: str | None = None
    postcode: str | None = None
    preferred_channel: str | None = None
    needs_large_print: bool = False
    needs_easy_read: bool = False
    needs_interpreter: bool = False
    interpreter_language: str | None = None
    access_needs_other: str | None = None
    is_patient_rep: bool = False
    participant_type: str | None = None
    profession: str | None = None
    do_not_contact: bool = False
    consent_contact: bool = False
    consent_contact_date: date | None = None
    consent_contact_how: str | None = None
    consent_data: bool = False
    consent_data_date: date | None = None
    consent_data_how: str | None = None
    lawful_basis: str | None = None
    special_category_consent: bool = False        # UK GDPR Art. 9: explicit consent for health data etc.
    retention_review_on: date | None = None
    notes: str | None = None
    active: bool = True
    tags: list[str] = field(default_factory=list)
    memberships: list[MembershipInput] = field(default_factory=list)

    @classmethod
    def from_row(cls, person: Person) -> PersonInput:
        skip = ("tags", "memberships")
        values = {f.name: getattr(person, f.name) for f in fields(cls) if f.name not in skip}
        members = [MembershipInput(m.organisation_id, m.role, m.organisation.name) for m in person.memberships]
        return cls(tags=sorted(t.name for t in person.tags), memberships=members, **values)

    @property
    def display_name(self) -> str:
        return " ".join(p for p in (self.title, self.first_name, self.last_name) if p)


TEXT_LIMITS = {"title": 40, "first_name": 120, "last_name": 120, "role": 200, "address_line1": 200,
               "address_line2": 200, "address_line3": 200, "town": 120, "county": 120,
               "interpreter_language": 80, "access_needs_other": 300, "profession": 120,
               "consent_contact_how": 120, "consent_data_how": 120, "notes": 20000}
CHECKED_TEXT = (*TEXT_LIMITS, "email", "phone", "postcode")
ROLE_LIMIT = 80       # a role in a group: chair, secretary, member, patient representative…


CHOICES = {"preferred_channel": codes(CONTACT_CHANNELS), "participant_type": codes(PARTICIPANT_TYPES),
           "lawful_basis": codes(LAWFUL_BASES)}


def validate_person(data: PersonInput) -> PersonInput:
    errors = FieldErrors()
    out = _shallow_copy(data)
    tidied = check_text(errors, data, CHECKED_TEXT)
    values = out.__dict__
    for name, limit in TEXT_LIMITS.items():
        value = tidied[name] if name in tidied else values[name]
        if value is not None:
            value = values[name] = clean(value)
            if value is not None and len(value) > limit:
                check_length(errors, name, value, limit)
    out.last_name = out.last_name or ""
    if not out.last_name:
        errors.add("last_name", "is required")
    out.email = apply_rule(errors, "email", normalise_email, data.email)
    out.phone = apply_rule(errors, "phone", normalise_phone, data.phone)
    out.postcode = apply_rule(errors, "postcode", normalise_postcode, data.postcode)
    for name, allowed in CHOICES.items():
        _check_choice(errors, name, getattr(data, name), allowed)
    if data.preferred_channel == "email" and not out.email:
        errors.add("email", "is needed when the preferred channel is email")
    if data.preferred_channel in ("phone", "text") and not out.phone:
        channel = "a text message" if data.preferred_channel == "text" else "phone"
        errors.add("phone", f"is needed when the preferred channel is {channel}")
    today = date.today()
    for name in ("consent_contact_date", "consent_data_date"):
        given = getattr(data, name)
        if given is not None and given > today:
            errors.add(name, f"is in the future ({given:%d/%m/%Y}); consent is recorded once given")
    if data.consent_contact and not data.consent_contact_date:
        out.consent_contact_date = today
    if data.consent_data and not data.consent_data_date:
        out.consent_data_date = today
    out.tags = check_tags(errors, data.tags)
    out.memberships = _check_memberships(errors, data.memberships)
    if errors:
        raise ValidationError(errors)
    return out


def _shallow_copy(data: PersonInput) -> PersonInput:
    """A copy whose lists are its own (the values are strings, dates and bools), without ``replace``'s call of
    ``__init__``: an import validates 100,000 of them."""
    out = object.__new__(data.__class__)
    out.__dict__.update(data.__dict__, tags=list(data.tags), memberships=list(data.memberships))
    return out


def _check_memberships(errors: FieldErrors, memberships: list[MembershipInput]) -> list[MembershipInput]:
    out = []
    for m in memberships:
        role = " ".join((m.role or "").split()).lower() or "member"
        if len(role) > ROLE_LIMIT:
            errors.add("memberships", f"has a role that is too long ({len(role)} characters; at most {ROLE_LIMIT})")
        elif CONTROL_RE.search(role):
            errors.add("memberships", "has a role with an invisible control character; retype it")
        out.append(m if role == m.role else replace(m, role=role))
    return out


def _check_choice(errors: FieldErrors, name: str, value: str | None, allowed: list[str]) -> None:
    if value and value not in allowed:
        errors.add(name, f"must be one of {', '.join(allowed)}")
