"""Field rules shared by the editor, the importer and the command line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

POSTCODE_RE = re.compile(r"^(GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?[0-9][0-9A-HJKMNPR-Y]? ?[0-9][ABD-HJLNP-UW-Z]{2})$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
# ODS codes: practices A81001, trusts RXX / RXXNN, ICBs QXX, sub-ICBs 00L / 15N, others Y01234...
ODS_RE = re.compile(r"^[A-Z0-9]{3,10}$")
PHONE_RE = re.compile(r"^\+?[0-9 ()\-]{6,20}$")
WEBSITE_RE = re.compile(r"^(https?://)?[A-Za-z0-9.-]+\.[A-Za-z]{2,}(/\S*)?$")


@dataclass
class FieldErrors:
    errors: dict[str, str] = field(default_factory=dict)

    def add(self, field_name: str, message: str) -> None:
        self.errors.setdefault(field_name, message)

    def __bool__(self) -> bool:
        return bool(self.errors)

    def summary(self) -> str:
        return "; ".join(f"{name}: {msg}" for name, msg in self.errors.items())


class ValidationError(ValueError):
    def __init__(self, errors: FieldErrors):
        super().__init__(errors.summary())
        self.errors = errors.errors


def clean(value: object) -> str | None:
    """Strip a text value; empty becomes None."""
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def normalise_postcode(value: str | None) -> str | None:
    """'sw1a1aa' -> 'SW1A 1AA'. Returns None for blank input; raises ValueError if not UK format."""
    text = clean(value)
    if text is None:
        return None
    compact = re.sub(r"\s+", "", text.upper())
    if len(compact) < 5 or len(compact) > 7:
        raise ValueError("is not a UK postcode (for example LS1 4AP)")
    formatted = f"{compact[:-3]} {compact[-3:]}"
    if not POSTCODE_RE.match(formatted):
        raise ValueError("is not a UK postcode (for example LS1 4AP)")
    return formatted


def normalise_email(value: str | None) -> str | None:
    text = clean(value)
    if text is None:
        return None
    if len(text) > 254 or not EMAIL_RE.match(text):
        raise ValueError("is not an email address (for example name@example.org)")
    local, domain = text.rsplit("@", 1)
    return f"{local}@{domain.lower()}"


def normalise_ods_code(value: str | None) -> str | None:
    text = clean(value)
    if text is None:
        return None
    code = text.upper().replace(" ", "")
    if not ODS_RE.match(code):
        raise ValueError("is not an ODS code (3 to 10 letters and digits, for example A81001)")
    return code


def normalise_phone(value: str | None) -> str | None:
    text = clean(value)
    if text is None:
        return None
    if not PHONE_RE.match(text):
        raise ValueError("is not a phone number (digits, spaces, brackets, + and - only)")
    return text


def normalise_website(value: str | None) -> str | None:
    text = clean(value)
    if text is None:
        return None
    if not WEBSITE_RE.match(text):
        raise ValueError("is not a web address (for example www.example.org)")
    return text


def check_length(errors: FieldErrors, name: str, value: str | None, limit: int) -> None:
    if value is not None and len(value) > limit:
        errors.add(name, f"is too long ({len(value)} characters; at most {limit})")


def apply_rule(errors: FieldErrors, name: str, rule, value):
    """Run one normaliser, recording its complaint under the field's name."""
    try:
        return rule(value)
    except ValueError as exc:
        errors.add(name, str(exc))
        return clean(value)
