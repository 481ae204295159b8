"""Field rules shared by the editor, the importer and the command line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from operator import attrgetter

# The shape of any UK postcode (area, district, sector, unit); the Royal Mail pattern below is stricter, and
# real addresses break it (the NHS's own GP list has practices at DN15 6QV): off it is a warning, not a refusal.
POSTCODE_SHAPE_RE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}$")
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
    compact = "".join(text.upper().split())
    if len(compact) < 5 or len(compact) > 7:
        raise ValueError("is not a UK postcode (for example LS1 4AP)")
    formatted = f"{compact[:-3]} {compact[-3:]}"
    if not POSTCODE_SHAPE_RE.match(formatted):
        raise ValueError("is not a UK postcode (for example LS1 4AP)")
    return formatted


def postcode_warning(postcode: str | None) -> str | None:
    """Why a postcode kept by ``normalise_postcode`` may be mistyped, or None when it follows the Royal Mail
    pattern. A warning only: real postcodes break the pattern."""
    if postcode is None or POSTCODE_RE.match(postcode):
        return None
    return (f"{postcode} does not follow the Royal Mail pattern for postcodes: it was kept, but check it is "
            "right")


def normalise_email(value: str | None) -> str | None:
    text = clean(value)
    if text is None:
        return None
    if len(text) > 254 or not EMAIL_RE.match(text):
        raise ValueError("is not an email address (for example name@example.org)")
    if text.isascii() and text.islower():   # most addresses: the domain is lower-case already (imports)
        return text
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


# Control characters other than tab and line breaks: invisible, and they break Word letters and spreadsheets.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ANY_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")       # the same, with tabs and line breaks
TAG_LIMIT = 80


_GETTERS: dict[tuple[str, ...], attrgetter] = {}       # the values named by each tuple of names, taken at once


def check_text(errors: FieldErrors, data: object, names: tuple[str, ...],
               multiline: tuple[str, ...] = ("notes",)) -> dict[str, str]:
    """Refuse control characters in the named text attributes of ``data``; in one-line fields, line
    breaks and tabs (e.g. from a spreadsheet cell) become single spaces.

    Returns the tidied values that differ from ``data``'s, usually none: the common case is one regex
    search over all the fields together, which keeps a 100,000-row import quick.
    """
    getter = _GETTERS.get(names)
    if getter is None:
        getter = _GETTERS[names] = attrgetter(*names) if len(names) > 1 else lambda d: (getattr(d, names[0]),)
    values = getter(data)
    if not _ANY_CONTROL_RE.search(" ".join(map(str, values))):      # (a value not text is passed over below)
        return {}
    tidied = {}
    for name, value in zip(names, values, strict=False):
        if value.__class__ is not str or not _ANY_CONTROL_RE.search(value):
            continue
        if CONTROL_RE.search(value):
            errors.add(name, CONTROL_MESSAGE)
        elif name not in multiline:
            tidied[name] = " ".join(value.split())
    return tidied


def plain_text(errors: FieldErrors, name: str, value: str | None, *, multiline: bool = False) -> str | None:
    """``check_text`` for one value: a control character is an error under ``name``; in a one-line field,
    line breaks and tabs become single spaces. Returns the value to store."""
    if value is None or not _ANY_CONTROL_RE.search(value):
        return value
    if CONTROL_RE.search(value):
        errors.add(name, CONTROL_MESSAGE)
        return value
    return value if multiline else " ".join(value.split())


def has_control_characters(text: str | None) -> bool:
    """True if ``text`` holds a control character other than tab and line breaks (NUL, escape, …)."""
    return bool(text) and CONTROL_RE.search(text) is not None


CONTROL_MESSAGE = "contains an invisible control character (pasted from another program?); retype it"


def check_tags(errors: FieldErrors, tags: list[str]) -> list[str]:
    """Clean, de-duplicated, sorted tags; a tag over TAG_LIMIT characters is an error, not cut short."""
    out = sorted({" ".join(t.split()) for t in tags if t and t.strip()})
    for tag in out:
        if len(tag) > TAG_LIMIT:
            errors.add("tags", f"has a tag that is too long ({len(tag)} characters; at most {TAG_LIMIT}): "
                               f"{tag[:30]}…")
        if CONTROL_RE.search(tag):
            errors.add("tags", "has a tag with an invisible control character; retype it")
    return out


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
