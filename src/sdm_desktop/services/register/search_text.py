"""The register's search text, built from plain values: what a group or person is found by.

Shared by the editors (organisations, people), the importer and the rebuild in ``search_index``.
"""

from __future__ import annotations

from sdm_desktop.services.core.text import search_blob

ORG_SEARCH_FIELDS = ("name", "ods_code", "address_line1", "address_line2", "address_line3", "town",
                     "county", "postcode", "phone", "email", "website", "notes", "commissioner_code",
                     "addressee_role")


def organisation_search_text_of(values: dict, type_name: str | None, tag_names: list[str],
                                reached_through: str = "") -> str:
    """The search text from plain values (column name -> value), as the importer needs it;
    ``reached_through``: the words of the organisation it is reached through (``reached_words``)."""
    v = values.get
    return search_blob(
        v("name"), type_name, v("ods_code"), v("address_line1"), v("address_line2"), v("address_line3"),
        v("town"), v("county"), v("postcode"), (v("postcode") or "").replace(" ", ""), v("phone"), v("email"),
        v("website"), " ".join(tag_names), v("notes"), v("commissioner_code"), v("addressee_role"),
        reached_through,
    )


def reached_words(name: str | None, ods_code: str | None) -> str:
    """What a group is also found by: the name and ODS code of the organisation it is reached through."""
    return " ".join(part for part in (name, ods_code) if part)


PERSON_SEARCH_FIELDS = ("title", "first_name", "last_name", "role", "email", "phone", "address_line1",
                        "address_line2", "address_line3", "town", "county", "postcode", "profession", "notes",
                        "is_patient_rep", "interpreter_language", "access_needs_other", "needs_large_print",
                        "needs_easy_read", "needs_interpreter")


def person_search_text_of(values: dict, org_names: list[str], tag_names: list[str]) -> str:
    """The search text from plain values (column name -> value), as the importer needs it."""
    v = values.get
    return search_blob(
        v("title"), v("first_name"), v("last_name"), v("role"), v("email"), v("phone"),
        v("address_line1"), v("address_line2"), v("address_line3"), v("town"), v("county"),
        v("postcode"), (v("postcode") or "").replace(" ", ""), v("profession"),
        " ".join(org_names), " ".join(tag_names), v("notes"),
        "patient representative" if v("is_patient_rep") else None,
        # Access needs, so "large print" or "Polish" finds who needs them.
        "large print" if v("needs_large_print") else None, "easy read" if v("needs_easy_read") else None,
        "interpreter" if v("needs_interpreter") else None, v("interpreter_language"), v("access_needs_other"),
    )
