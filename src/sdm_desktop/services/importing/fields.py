"""The fields a file's columns can be mapped to, the guess from headers, and remembered mappings."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sdm_desktop.services.core.context import AppContext

ORGANISATIONS, PEOPLE = "organisations", "people"
KINDS = (ORGANISATIONS, PEOPLE)


@dataclass(frozen=True)
class ImportField:
    name: str
    label: str
    synonyms: tuple[str, ...] = ()
    required: bool = False


_ADDRESS = [
    ImportField("address_line1", "Address line 1", ("address", "address1", "street", "addressline1")),
    ImportField("address_line2", "Address line 2", ("address2", "addressline2")),
    ImportField("address_line3", "Address line 3", ("address3", "addressline3")),
    ImportField("town", "Town", ("city", "towncity", "posttown", "addressline4")),
    ImportField("county", "County", ("addressline5",)),
    ImportField("postcode", "Postcode", ("postalcode", "zip", "zipcode", "pcode")),
]
_CONTACT = [
    ImportField("phone", "Phone", ("telephone", "tel", "phonenumber", "telephonenumber", "mobile",
                                   "contacttelephonenumber", "telno")),
    ImportField("email", "Email", ("emailaddress", "mail")),
]

ORGANISATION_FIELDS = [
    ImportField("name", "Name", ("organisationname", "organisation", "groupname", "group", "practicename",
                                 "orgname"), True),
    ImportField("org_type", "Type", ("type", "organisationtype", "grouptype", "category")),
    ImportField("ods_code", "ODS code", ("organisationcode", "orgcode", "practicecode", "code", "odscode")),
    *_ADDRESS, *_CONTACT,
    ImportField("website", "Website", ("web", "url", "webaddress", "site")),
    ImportField("ppe_levels", "Engagement levels (Individual, Service, Community)", ("ppelevels", "levels", "ppe")),
    ImportField("tags", "Tags (comma-separated)", ("tag", "labels", "keywords")),
    ImportField("active", "Active (yes/no)", ("isactive", "open")),
    ImportField("ods_status", "ODS status code (A/C/D/P)", ("statuscode", "status")),
    ImportField("commissioner_code", "Commissioner / ICB code", ("commissioner", "icb", "icbcode", "subicb",
                                                                 "ccg", "commissionercode")),
    ImportField("addressee_role", "Write to (role)", ("addressee", "addresseerole")),
    ImportField("reached_through", "Reached through (ODS code or name, e.g. a PPG's practice)",
                ("reachedthrough", "reachedvia", "careof", "gppractice")),
    ImportField("notes", "Notes", ("note", "comments", "comment")),
]

PERSON_FIELDS = [
    ImportField("title", "Title", ("salutation", "honorific")),
    ImportField("first_name", "First name", ("firstname", "forename", "forenames", "givenname", "first",
                                             "name1")),        # "Name" merged over two columns: "Name (1)"
    ImportField("last_name", "Last name", ("lastname", "surname", "familyname", "family", "last", "name2"),
                True),
    ImportField("full_name", "Full name (split into first and last)", ("name", "fullname", "contactname",
                                                                        "personname")),
    ImportField("role", "Role", ("jobtitle", "position")),
    ImportField("organisations", "Groups (Name (role); …)", ("organisation", "organisations", "group",
                                                             "groups", "organisationname", "memberof")),
    *_CONTACT, *_ADDRESS,
    ImportField("preferred_channel", "Preferred channel", ("channel", "contactby", "preferredcontact")),
    ImportField("is_patient_rep", "Patient representative (yes/no)", ("patientrepresentative", "patientrep",
                                                                      "ispatientrep")),
    ImportField("participant_type", "Participant type", ("participanttype",)),
    ImportField("profession", "Profession", ("occupation",)),
    ImportField("access_needs", "Access needs (large print; easy read; interpreter LANGUAGE; …)",
                ("accessneeds", "needs", "accessibility")),
    ImportField("needs_large_print", "Needs large print (yes/no)", ("largeprint",)),
    ImportField("needs_easy_read", "Needs easy read (yes/no)", ("easyread",)),
    ImportField("needs_interpreter", "Needs interpreter (yes/no)", ("interpreter",)),
    ImportField("interpreter_language", "Interpreter language", ("language",)),
    ImportField("do_not_contact", "Do not contact (yes/no)", ("donotcontact", "dnc", "optout")),
    ImportField("consent_contact", "Consent to contact (yes/no)", ("consent", "consenttocontact",
                                                                   "consentcontact")),
    ImportField("consent_contact_date", "Consent to contact: date", ("consentdate", "consentcontactdate")),
    ImportField("consent_contact_how", "Consent to contact: how given", ("consenthow",)),
    ImportField("consent_data", "Consent to keep data (yes/no)", ("consentdata", "dataconsent")),
    ImportField("consent_data_date", "Consent to keep data: date", ("consentdatadate",)),
    ImportField("lawful_basis", "Lawful basis", ("lawfulbasis", "basis")),
    ImportField("special_category_consent", "Special category data: explicit consent (yes/no)",
                ("specialcategoryconsent", "explicitconsent")),
    ImportField("retention_review_on", "Review retention on (date)", ("retentionreviewon", "retentionreview",
                                                                     "reviewon")),
    ImportField("tags", "Tags (comma-separated)", ("tag", "labels", "keywords")),
    ImportField("active", "Active (yes/no)", ("isactive",)),
    ImportField("notes", "Notes", ("note", "comments", "comment")),
]

FIELDS = {ORGANISATIONS: ORGANISATION_FIELDS, PEOPLE: PERSON_FIELDS}
PEOPLE_HINTS = {"firstname", "lastname", "surname", "forename", "givenname", "consentcontact",
                "donotcontact", "title", "patientrepresentative", "name1", "name2"}


def header_key(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", (header or "").lower())


def field_names(kind: str) -> list[str]:
    return [f.name for f in FIELDS[kind]]


def field_label(kind: str, name: str) -> str:
    return next((f.label for f in FIELDS[kind] if f.name == name), name)


def guess_kind(headers: list[str]) -> str:
    keys = {header_key(h) for h in headers}
    return PEOPLE if keys & PEOPLE_HINTS else ORGANISATIONS


def plain_label(label: str) -> str:
    """A field's label without its explanation: "Consent to keep data (yes/no)" -> "Consent to keep data"."""
    return re.sub(r"\s*\(.*\)\s*$", "", label)


def guess_mapping(kind: str, headers: list[str]) -> dict[str, int]:
    """field name -> column index, from the field's own name, its label and its synonyms."""
    lookup: dict[str, str] = {}
    for f in FIELDS[kind]:
        for key in (header_key(f.name), header_key(f.label), header_key(plain_label(f.label)), *f.synonyms):
            lookup.setdefault(key, f.name)
    mapping: dict[str, int] = {}
    for index, header in enumerate(headers):
        name = lookup.get(header_key(header))
        if name and name not in mapping:
            mapping[name] = index
    if kind == PEOPLE and "last_name" in mapping:
        mapping.pop("full_name", None)
    return mapping


def _setting_key(headers: list[str]) -> str:
    digest = hashlib.sha1("\x1f".join(header_key(h) for h in headers).encode()).hexdigest()[:20]
    return f"import.mapping.{digest}"


def remember_mapping(ctx: AppContext, headers: list[str], kind: str, mapping: dict[str, int]) -> None:
    from sdm_desktop.db.models import Setting  # here: the process reading a file ahead has no database

    value = json.dumps({"kind": kind, "mapping": mapping})
    with ctx.session() as s:
        s.merge(Setting(key=_setting_key(headers), value=value))


def recall_mapping(ctx: AppContext, headers: list[str]) -> tuple[str, dict[str, int]] | None:
    from sdm_desktop.db.models import Setting

    with ctx.session() as s:
        row = s.get(Setting, _setting_key(headers))
        if row is None:
            return None
        try:
            data = json.loads(row.value)
            mapping = {str(k): int(v) for k, v in data["mapping"].items()}
        except (ValueError, KeyError, TypeError, AttributeError):
            return None
    if data.get("kind") not in KINDS or any(not 0 <= v < len(headers) for v in mapping.values()):
        return None
    return data["kind"], mapping
