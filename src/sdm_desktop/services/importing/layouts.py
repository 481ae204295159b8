"""The NHS Organisation Data Service (ODS) layouts, recognised without a mapping step.

``epraccur`` (GP practices) and ``etr`` (NHS trusts) are published headerless, one organisation
a line, in a fixed column order (DESIGN.md); they also circulate re-saved with a header row and
fewer columns. Both become organisations; the status and commissioner codes are kept. In
``epraccur`` the prescribing setting (column 26, or ``PrescribingSetting``) tells a GP practice
from an out-of-hours service, a prison or a care home (``prescribing``); the version with a header
row heads the commissioner ``Provider``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sdm_desktop.services.importing.fields import header_key
from sdm_desktop.services.importing.prescribing import GP_PRACTICE_SETTING, SETTING_TYPES, setting_note

# Position (0-based) of each ODS field in the official headerless files.
ODS_COLUMNS = {
    "code": 0, "name": 1, "national_grouping": 2, "health_geography": 3, "address1": 4, "address2": 5,
    "address3": 6, "address4": 7, "address5": 8, "postcode": 9, "open_date": 10, "close_date": 11,
    "status": 12, "subtype": 13, "commissioner": 14, "phone": 17, "prescribing_setting": 25,
}
# Header-row versions: normalised header -> ODS field.
ODS_HEADERS = {
    "organisationcode": "code", "orgcode": "code", "practicecode": "code", "code": "code",
    "name": "name", "organisationname": "name", "practicename": "name",
    "nationalgrouping": "national_grouping", "highlevelhealthgeography": "health_geography",
    "addressline1": "address1", "addressline2": "address2", "addressline3": "address3",
    "addressline4": "address4", "addressline5": "address5", "postcode": "postcode",
    "opendate": "open_date", "closedate": "close_date", "statuscode": "status", "status": "status",
    "organisationsubtypecode": "subtype", "commissioner": "commissioner", "contacttelephonenumber": "phone",
    "telephone": "phone", "provider": "provider", "prescribingsetting": "prescribing_setting",
}
ODS_HEADER_MARKERS = {"nationalgrouping", "highlevelhealthgeography", "opendate", "statuscode",
                      "joinproviderpurchaserdate", "organisationsubtypecode"}
GP_PRACTICE, NHS_TRUST = "GP practice", "NHS trust"
# Every practice's Patient Participation Group is reached through the practice.
PRACTICE_ADDRESSEE = "Patient Participation Group, c/o the Practice Manager"
CODE_RE = re.compile(r"^[A-Z0-9]{3,10}$")
PRACTICE_CODE_RE = re.compile(r"^[A-Z]\d{5}$")
POSTCODE_LIKE = re.compile(r"^[A-Z]{1,2}[0-9][0-9A-Z]? ?[0-9][A-Z]{2}$")
DATE_LIKE = re.compile(r"^(\d{8})?$")
CLOSED_STATUSES = {"C": "closed", "D": "dormant", "P": "proposed, not yet open"}
# Written in capitals whatever the case around them: NHS abbreviations and Roman numerals.
KEEP_UPPER = {"NHS", "GP", "GPS", "PCN", "UK", "ICB", "LLP", "CIC", "HMP", "HMYOI", "HMIRC", "IRC", "II", "III", "IV",
              "PPG", "CCG", "OOH", "UTC", "UCC", "UEC", "WIC", "MIU", "MHH", "HC", "MC", "SARC", "CHC", "CIO", "PLC",
              "IAPT", "CAMHS", "NW", "NE", "SW", "SE", "YOI", "STC", "SCH", "PMS", "GMS", "APMS"}


@dataclass
class OdsLayout:
    name: str                          # "epraccur" or "etr"
    org_type: str                      # "GP practice" or "NHS trust"
    has_header: bool
    columns: dict[str, int] = field(default_factory=dict)   # ODS field -> column index

    def describe(self) -> str:
        what = "GP practices (epraccur)" if self.name == "epraccur" else "NHS trusts (etr)"
        return f"ODS list of {what}, {'with a header row' if self.has_header else 'headerless'}"


def detect_layout(file_name: str, rows: list[list[str]]) -> OdsLayout | None:
    """The ODS layout of a file from its first rows, or None if it is not an ODS file."""
    if not rows:
        return None
    header = {header_key(h): i for i, h in enumerate(rows[0])}
    if "code" in {ODS_HEADERS.get(k) for k in header} and set(header) & ODS_HEADER_MARKERS:
        columns = {}
        for key, index in header.items():
            ods_field = ODS_HEADERS.get(key)
            if ods_field and ods_field not in columns:
                columns[ods_field] = index
        if "name" in columns:
            return _layout(file_name, [r[columns["code"]] for r in rows[1:] if len(r) > columns["code"]],
                           True, columns)
    sample = rows[:20]
    if all(_looks_like_ods_row(r) for r in sample):
        return _layout(file_name, [r[0].strip() for r in sample], False, dict(ODS_COLUMNS))
    return None


def _looks_like_ods_row(row: list[str]) -> bool:
    if len(row) < 12:
        return False
    code, postcode, opened, closed = (row[i].strip() for i in (0, 9, 10, 11))
    return (bool(CODE_RE.match(code)) and bool(row[1].strip())
            and (not postcode or bool(POSTCODE_LIKE.match(postcode.upper())))
            and bool(DATE_LIKE.match(opened)) and bool(DATE_LIKE.match(closed)))


def _layout(file_name: str, codes: list[str], has_header: bool, columns: dict[str, int]) -> OdsLayout:
    lowered = file_name.lower()
    if "epraccur" in lowered or "eprac" in lowered:
        practice = True
    elif re.search(r"(^|[^a-z])etr", lowered):
        practice = False
    else:
        hits = sum(1 for c in codes if PRACTICE_CODE_RE.match(c.strip().upper()))
        practice = hits * 2 >= max(1, len(codes))
    return OdsLayout("epraccur" if practice else "etr", GP_PRACTICE if practice else NHS_TRUST,
                     has_header, columns)


_WORD_RE = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z]+)*")


def tidy_case(text: str) -> str:
    """'THE DENSHAM SURGERY' -> 'The Densham Surgery', 'MHH GP ACCESS HUBS OOH' -> 'MHH GP Access Hubs OOH',
    "ST MARY'S" -> "St Mary's"; mixed-case text is left alone."""
    if not text or text != text.upper():
        return text
    return _WORD_RE.sub(lambda m: _tidy_word(m.group(0)), text)


def _tidy_word(word: str) -> str:
    if word in KEEP_UPPER:
        return word
    if word[0].isdigit():
        return word.lower()                                 # "1ST FLOOR" -> "1st Floor"
    head, *rest = word.split("'")
    tails = [part.lower() if part == "S" else part.capitalize() for part in rest]   # Mary's, O'Brien
    return "'".join([head.capitalize(), *tails])


def ods_status(layout: OdsLayout, cells: list[str]) -> str:
    """The row's ODS status code: A active, C closed, D dormant, P proposed ('C' if only a close date)."""
    status = _get(layout, cells, "status").upper()
    return "C" if not status and _get(layout, cells, "close_date") else status


def _get(layout: OdsLayout, cells: list[str], name: str) -> str:
    index = layout.columns.get(name)
    return cells[index].strip() if index is not None and index < len(cells) else ""


def ods_setting_text(layout: OdsLayout, cells: list[str]) -> str:
    """The row's prescribing setting as written ('' in an etr list or a file without the column)."""
    return _get(layout, cells, "prescribing_setting") if layout.name == "epraccur" else ""


def ods_values(layout: OdsLayout, cells: list[str], status: str, setting: int | None = None,
               published_case: bool = False) -> dict[str, str]:
    """Organisation field values from one ODS row; ``setting``: its prescribing setting, if it gives one."""
    def get(name: str) -> str:
        return _get(layout, cells, name)

    case = (lambda text: text) if published_case else tidy_case
    org_type = layout.org_type if setting is None else SETTING_TYPES[setting]
    values = {
        "name": case(get("name")), "org_type": org_type, "ods_code": get("code"),
        **address_values([case(get(f"address{i}")) for i in range(1, 6)]),
        "postcode": get("postcode"), "phone": get("phone"),
        "commissioner_code": get("commissioner") or get("provider") or get("health_geography"), "ods_status": status,
    }
    if org_type == GP_PRACTICE:
        values["addressee_role"] = PRACTICE_ADDRESSEE
    if setting not in (None, GP_PRACTICE_SETTING):
        values["notes"] = setting_note(setting)
    return values


def address_values(lines: list[str]) -> dict[str, str]:
    """ODS address lines 1-5 (often with gaps) as up to three lines, town and county.

    With four or more lines the last two are town and county; with fewer the last is the town.
    """
    lines = [line for line in lines if line]
    names = ["address_line1", "address_line2", "address_line3", "town", "county"]
    out = dict.fromkeys(names, "")
    if len(lines) >= 4:
        out["town"], out["county"] = lines[-2], lines[-1]
        body = lines[:-2]
    elif lines:
        out["town"] = lines[-1]
        body = lines[:-1]
    else:
        body = []
    if len(body) > 3:
        body = body[:2] + [", ".join(body[2:])]
    out.update(zip(names[:3], body, strict=False))
    return out
