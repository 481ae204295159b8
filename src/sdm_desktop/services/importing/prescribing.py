"""ODS prescribing settings: which rows of ``epraccur`` are GP practices, and what the others become.

Only setting 4 is a GP practice (with a Patient Participation Group). The other 21 settings are
grouped into a few organisation types, added to the user's type list the first time an import
brings one in; the exact setting is kept in the organisation's notes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

GP_PRACTICE_SETTING = 4
PRESCRIBING_SETTINGS = {
    0: "Other", 1: "Walk-in centre", 2: "Out of hours", 3: "Walk-in centre and out of hours", 4: "GP practice",
    8: "Public health service", 9: "Community health service", 10: "Hospital service", 11: "Optometry service",
    12: "Urgent and emergency care", 13: "Hospice", 14: "Care home / nursing home", 15: "Border force",
    16: "Young offender institution", 17: "Secure training centre", 18: "Secure children's home",
    19: "Immigration removal centre", 20: "Court", 21: "Police custody", 22: "Sexual assault referral centre",
    24: "Other justice estate", 25: "Prison",
}
URGENT_CARE = "Urgent care, out-of-hours and walk-in service"
COMMUNITY = "Community or public health service"
JUSTICE = "Health service in the justice and secure estate"
SETTING_TYPES = {
    0: "Other", 1: URGENT_CARE, 2: URGENT_CARE, 3: URGENT_CARE, 4: "GP practice", 8: COMMUNITY, 9: COMMUNITY,
    10: "Hospital service", 11: "Optometry service", 12: URGENT_CARE, 13: "Hospice", 14: "Care home",
    **dict.fromkeys((15, 16, 17, 18, 19, 20, 21, 22, 24, 25), JUSTICE),
}
DEFAULT_SETTINGS = frozenset({GP_PRACTICE_SETTING})


def setting_label(code: int) -> str:
    return f"{code} {PRESCRIBING_SETTINGS[code]}"


def parse_setting(text: str) -> int | None:
    """A row's prescribing setting code; None when the file gives none. ValueError for an unknown code."""
    value = text.strip()
    if not value:
        return None
    if value.endswith(".0"):                    # a number cell in a re-saved workbook
        value = value[:-2]
    if not value.isdigit() or int(value) not in PRESCRIBING_SETTINGS:
        raise ValueError(f"prescribing setting {text.strip()!r} is not an ODS code "
                         f"({', '.join(str(c) for c in PRESCRIBING_SETTINGS)})")
    return int(value)


def parse_settings(text: str) -> frozenset[int]:
    """'4,1,2' (the command line's --settings) -> {1, 2, 4}. ValueError names what is wrong."""
    codes = [part.strip() for part in text.split(",") if part.strip()]
    if not codes:
        raise ValueError("give at least one prescribing setting code, e.g. 4 for GP practices")
    return frozenset(parse_setting(code) for code in codes)


def setting_note(code: int) -> str:
    """What the organisation's notes say about a setting that is not a GP practice."""
    return f"ODS prescribing setting {code}: {PRESCRIBING_SETTINGS[code]}."


def types_for(settings: frozenset[int] | None) -> list[str]:
    """The organisation types an import of these settings (None: all) may need, in a stable order."""
    codes = sorted(PRESCRIBING_SETTINGS if settings is None else settings)
    return list(dict.fromkeys(SETTING_TYPES[code] for code in codes))


def add_setting_types(session: Session, settings: frozenset[int] | None, types: dict[str, str],
                      type_ids: dict[str, int], dry_run: bool) -> list[str]:
    """Add the types these settings need to the user's type list (a type differing only in capitals is
    used as it is); ``types`` and ``type_ids`` learn them. A dry run only says which it would add."""
    from sqlalchemy import func, select  # here: the process reading a file ahead has no database

    from sdm_desktop.db.models import OrganisationType
    from sdm_desktop.services.core import audit

    added = []
    for name in types_for(settings):
        if name.lower() in types:
            continue
        added.append(name)
        types[name.lower()] = name
        if dry_run:
            type_ids[name] = -1                  # never written
            continue
        last = session.scalar(select(func.max(OrganisationType.sort_order))) or 0
        row = OrganisationType(name=name, sort_order=last + 1)
        session.add(row)
        session.flush()
        type_ids[name] = row.id
        audit.record(session, "create", "organisation_type", row.id, name=name, by="import")
    return added
