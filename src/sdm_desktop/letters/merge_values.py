"""Merge values: UK dates, salutations, and a sample letter's values for trial renders."""

from __future__ import annotations

from datetime import date

from sdm_desktop.letters.fields import FIELDS

ROLE_GREETINGS = {"the chair": "Dear Chair", "chair": "Dear Chair", "the secretary": "Dear Secretary",
                  "secretary": "Dear Secretary", "the practice manager": "Dear Practice Manager"}


def uk_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def person_salutation(title: str | None, first_name: str | None, last_name: str | None) -> str:
    """'Dear Dr Okafor'; without a title 'Dear Sam Okafor'; with only a name 'Dear Okafor'."""
    title, first, last = (title or "").strip(), (first_name or "").strip(), (last_name or "").strip()
    if title and last:
        return f"Dear {title} {last}"
    name = " ".join(p for p in (first, last) if p)
    return f"Dear {name}" if name else "Dear colleague"


def role_salutation(role: str | None) -> str:
    key = (role or "").strip().lower()
    if key in ROLE_GREETINGS:
        return ROLE_GREETINGS[key]
    if key.startswith("the ") and len(key) > 4:
        return "Dear " + role.strip()[4:]
    return "Dear colleagues"


def sample_context() -> dict:
    values: dict = {f.name: f.example for f in FIELDS}
    values.update(address_lines=["Mrs Priya Hawthorn", "Chair", "Fernbridge Carers Together", "12 High Street",
                                 "Fernbridge", "EX4 2AB"],
                  sender_address_lines=["Vale House", "1 Quay Street", "Fernbridge EX1 1AA"],
                  address_block="Mrs Priya Hawthorn\nFernbridge Carers Together\n12 High Street",
                  is_gp_practice=False, large_print=False, today=uk_date(date.today()))
    return values


def empty_context() -> dict:
    """Every field blank (lists empty, flags false): the other branch of every {% if %}."""
    values = {}
    for name, value in sample_context().items():
        values[name] = [] if isinstance(value, list) else (False if isinstance(value, bool) else "")
    return values
