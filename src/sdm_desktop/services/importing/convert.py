"""One file row (field name -> text) into a validated OrganisationInput; the spreadsheet texts of both kinds.

The same validators as the editor (``validate_organisation``, ``validate_person``: see ``person_rows``) do the
checking; this module only turns spreadsheet text (yes/no, dates, 'Individual, Service',
'Riverside PPG (chair); …') into the values they expect.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import cache

from sdm_desktop.services.core.validation import ValidationError
from sdm_desktop.services.core.vocab import TITLES
from sdm_desktop.services.register.inputs.organisations import OrganisationInput, validate_organisation
from sdm_desktop.services.register.inputs.people import MembershipInput

TRUE = {"yes", "y", "true", "t", "1", "x", "✓", "✔", "on"}
FALSE = {"no", "n", "false", "f", "0", "", "off", "-"}
ROLE_SUFFIX = re.compile(r"^(.*\S)\s*\(([^()]*)\)\s*$")
PPE_WORDS = {"individual": "ppe_individual", "service": "ppe_service", "community": "ppe_community"}
_TEXT_FIELDS_ORG = ("name", "ods_code", "address_line1", "address_line2", "address_line3", "town", "county",
                    "postcode", "phone", "email", "website", "notes", "addressee_role", "commissioner_code")


class RowError(ValueError):
    """Why one row cannot be imported; the report shows it with the row's line number."""


BOOL_WORDS = {**dict.fromkeys(TRUE, True), **dict.fromkeys(FALSE, False)}


def parse_bool(name: str, text: str | None) -> bool:
    if (known := BOOL_WORDS.get(text)) is not None:        # most cells: a word exactly as listed ("yes", "no")
        return known
    value = (text or "").strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise RowError(f"{name}: {text!r} is not yes or no")


EXCEL_SERIAL = re.compile(r"^\d{5}(\.0+)?$")       # 10000-99999: 18 May 1927 to 2173
EXCEL_DAY_ZERO = date(1899, 12, 30)                 # serial 1 is 1 Jan 1900 (after Excel's 29 Feb 1900)
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


def parse_date(name: str, text: str | None) -> date | None:
    value = (text or "").strip()
    if not value:
        return None
    if EXCEL_SERIAL.match(value):                   # a date cell saved as a plain number, e.g. 45000
        return EXCEL_DAY_ZERO + timedelta(days=int(float(value)))
    if ISO_DATE.match(value):                       # the common form, without strptime's cost
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass                                    # e.g. 2024-02-30: refused below, as before
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%Y%m%d", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d %H:%M:%S"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise RowError(f"{name}: {text!r} is not a date (use YYYY-MM-DD or DD/MM/YYYY)")


# A UK number that a spreadsheet stored as a number: its leading 0 (or the + of +44) is gone.
NUMBER_WITHOUT_ZERO = re.compile(r"^([1-9]\d{9})(\.0+)?$")
NUMBER_WITHOUT_PLUS = re.compile(r"^(44[1-9]\d{9})(\.0+)?$")
_FIRST_DIGITS = frozenset("123456789")               # what either of them starts with


def phone_text(text: str | None) -> str | None:
    """'1632960020' (a phone number Excel kept as a number) -> '01632960020'; '441632960020' -> '+44…'."""
    value = (text or "").strip()
    if value[:1] not in _FIRST_DIGITS:                  # most numbers: written with their 0 or +
        return text
    if match := NUMBER_WITHOUT_ZERO.match(value):
        return "0" + match.group(1)
    if match := NUMBER_WITHOUT_PLUS.match(value):
        return "+" + match.group(1)
    return text


def parse_choice(name: str, text: str | None, pairs: list[tuple[str, str]]) -> str | None:
    value = (text or "").strip()
    if not value:
        return None
    wanted = value.lower().replace(" ", "_")
    for code, label in pairs:
        if wanted in (code, label.lower().replace(" ", "_")):
            return code
    raise RowError(f"{name}: {value!r} is not one of {', '.join(label for _, label in pairs)}")


def split_list(text: str | None, separators: str = ",;") -> list[str]:
    if not text:
        return []
    if not any(map(text.__contains__, separators)):
        return [stripped] if (stripped := text.strip()) else []
    return [p.strip() for p in _splitter(separators).split(text) if p.strip()]


@cache
def _splitter(separators: str) -> re.Pattern:
    """The pattern splitting on any of these separators, made once for them."""
    return re.compile(f"[{re.escape(separators)}]")


def raise_validation(exc: ValidationError) -> None:
    raise RowError("; ".join(f"{name}: {msg}" for name, msg in exc.errors.items())) from exc


# --- organisations ---------------------------------------------------------------------------
def organisation_from(values: dict[str, str], types: dict[str, str], default_type: str) -> OrganisationInput:
    """Validated organisation; ``types`` maps lower-case type names to their stored spelling."""
    data = OrganisationInput(**{k: values.get(k) for k in _TEXT_FIELDS_ORG})
    data.phone = phone_text(data.phone)
    data.name = data.name or ""
    raw_type = (values.get("org_type") or "").strip()
    if raw_type and raw_type.lower() not in types:
        raise RowError(f"org_type: {raw_type!r} is not one of your organisation types (add it with Types… "
                       "or `sdm-desktop org-types add`, or leave the type column unmapped to use the default type)")
    data.org_type = types[raw_type.lower()] if raw_type else default_type
    if values.get("ppe_levels"):
        for word in split_list(values["ppe_levels"]):
            attr = PPE_WORDS.get(word.lower().split(" ")[0])
            if attr is None:
                raise RowError(f"ppe_levels: {word!r} is not Individual, Service or Community")
            setattr(data, attr, True)
    data.tags = split_list(values.get("tags"), ",")
    if values.get("active") not in (None, ""):
        data.active = parse_bool("active", values.get("active"))
    try:
        out = validate_organisation(data, list(types.values()))
    except ValidationError as exc:
        raise_validation(exc)
    out.ods_status = (values.get("ods_status") or "").strip().upper()[:2] or None
    return out


# --- people (the rows themselves: person_rows.py) --------------------------------------------
def split_full_name(text: str) -> tuple[str | None, str | None, str]:
    """'Dr Ada Lovelace' -> ('Dr', 'Ada', 'Lovelace'); 'Lovelace, Ada' -> (None, 'Ada', 'Lovelace')."""
    text = " ".join(text.split())
    if "," in text:
        last, _, first = text.partition(",")
        return None, first.strip() or None, last.strip()
    words = text.split(" ")
    title = None
    if len(words) > 1 and words[0].rstrip(".").capitalize() in TITLES:
        title = words.pop(0).rstrip(".").capitalize()
    if len(words) == 1:
        return title, None, words[0]
    return title, " ".join(words[:-1]), words[-1]


def parse_memberships(text: str | None, organisations: dict[str, tuple[int, str]]) -> list[MembershipInput]:
    """'Riverside PPG (chair); Healthwatch Wessex Vale' -> memberships of existing organisations."""
    out: list[MembershipInput] = []
    for part in split_list(text, ";"):
        found = organisations.get(part.lower())
        role = "member"
        if found is None and (match := ROLE_SUFFIX.match(part)):
            found = organisations.get(match.group(1).strip().lower())
            role = match.group(2).strip().lower() or "member"
        if found is None:
            raise RowError(f"organisations: no organisation called {part!r} (import the organisations first)")
        out.append(MembershipInput(found[0], role, found[1]))
    return out
