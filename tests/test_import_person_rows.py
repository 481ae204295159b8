"""An imported person row is what the editor's validator makes of it: the quick checks of ``person_rows`` give,
row for row, the values, tags, memberships and refusals that ``validate_person`` gives."""

from __future__ import annotations

import random

import pytest

from sdm_desktop.services.core.validation import normalise_email
from sdm_desktop.services.importing import person_rows
from sdm_desktop.services.importing.convert import RowError
from sdm_desktop.services.importing.fields import PERSON_FIELDS
from sdm_desktop.services.importing.person_rows import PersonRows

ORGANISATIONS = {"riverside ppg": (1, "Riverside PPG"), "breathe easy": (2, "Breathe Easy")}
YES_NO = (["", "yes", "no", "Y", "1", "No"], ["maybe"])
DATES = (["", "2024-01-02", "02/01/2024", "45000"], ["2999-01-01", "bad", "2024-02-30"])
# field -> (values every rule lets through, values some rule refuses or tidies)
POOLS = {
    "title": (["", "Dr", "Ms"], ["x" * 41, "Dr\tX", "Mr\x01"]),
    "first_name": (["", "Ada", "Zoë", "Mary Ann"], ["A" * 121, "Ada\nLou", "Ada\x00"]),
    "last_name": (["Lovelace", "O'Brien", "Nightingale-Smith"], ["", "L" * 121, "Love\tlace", "Smith\x1b"]),
    "full_name": (["", "Dr Ada Lovelace", "Lovelace, Ada", "Cher"], ["x" * 130, "Ada\x02 Lovelace"]),
    "role": (["", "Chair"], ["r" * 201, "Chair\rman"]),
    "organisations": (["", "Riverside PPG", "Riverside PPG (Chair)", "Riverside PPG (  Vice   Chair )",
                       "Riverside PPG; Breathe Easy (member)"],
                      ["Nowhere", "Riverside PPG (" + "r" * 81 + ")", "Riverside PPG (a\x01b)"]),
    "email": (["", "ada@Example.ORG", "ADA@EXAMPLE.ORG", "ada@example.org", "zoë@exämple.org"],
              ["not an email", "a@b", "x" * 250 + "@e.org", "a\tb@e.org"]),
    "phone": (["", "07700 900000", "1632960020", "441632960020", "1632960020.0", "+44 (0)1632 960020"],
              ["abc", "0770\x01"]),
    "address_line1": (["", "1 High St"], ["x" * 201, "1\nHigh St"]),
    "address_line2": (["", "Flat 2"], ["x" * 201]),
    "address_line3": (["", "Little Snoring"], ["x\x0cy"]),
    "town": (["", "Leeds"], ["t" * 121]),
    "county": (["", "West Yorkshire"], ["c" * 121]),
    "postcode": (["", "sw1a1aa", "SW1A 1AA", "DN15 6QV", "ls1 4ap", "LS1  4AP"], ["XXXX", "12345", "LS1\t4AP"]),
    "preferred_channel": (["", "post", "Email", "phone", "Text message"], ["fax"]),
    "is_patient_rep": YES_NO,
    "participant_type": (["", "carer", "Patient representative"], ["nope"]),
    "profession": (["", "Nurse"], ["p" * 121]),
    "access_needs": (["", "large print; easy read", "interpreter Polish; hearing loop", "interpreter"],
                     ["x" * 301]),
    "needs_large_print": YES_NO, "needs_easy_read": YES_NO, "needs_interpreter": YES_NO,
    "interpreter_language": (["", "Polish"], ["l" * 81]),
    "do_not_contact": YES_NO, "consent_contact": YES_NO, "consent_contact_date": DATES,
    "consent_contact_how": (["", "by phone"], ["h" * 121]),
    "consent_data": YES_NO, "consent_data_date": DATES,
    "lawful_basis": (["", "consent", "Public task"], ["x"]),
    "special_category_consent": YES_NO, "retention_review_on": DATES,
    "tags": (["", "carers", "carers, ppg", " x ,  y  z ", "one  tag", "b, a, b"],
             ["a" * 81, "bad\x01tag", "ok, " + "b" * 81, "ok, bad\x1btag"]),
    "active": YES_NO,
    "notes": (["", "Met at the AGM", "line one\nline two"], ["n" * 20001, "bell\x07"]),
}
EVERY_FIELD = [f.name for f in PERSON_FIELDS if f.name != "full_name"]
MAPPINGS = {
    "every field": EVERY_FIELD,
    "a contact list": ["title", "first_name", "last_name", "email", "phone", "address_line1", "town", "postcode",
                       "consent_contact", "do_not_contact", "tags"],
    "full names": ["full_name", "email", "postcode", "organisations", "access_needs", "consent_data"],
}


def test_the_pools_cover_every_people_field():
    assert {f.name for f in PERSON_FIELDS} == set(POOLS)


def person(rows: PersonRows, values: dict[str, str], quick: bool = True):
    """A row given by field name, as the engine gives it: its texts in the order of ``rows.names``."""
    return rows.person_of(tuple(values[name] for name in rows.names), quick)


def outcome(rows: PersonRows, values: dict[str, str], quick: bool):
    try:
        return person(rows, values, quick=quick)
    except RowError as exc:
        return f"refused: {exc}"


@pytest.mark.parametrize("mapping", MAPPINGS)
def test_quick_checks_and_the_editors_validator_agree_row_for_row(mapping, monkeypatch):
    names = MAPPINGS[mapping]
    rows = PersonRows(names, ORGANISATIONS)
    calls = []
    validate = person_rows.validate_person
    monkeypatch.setattr(person_rows, "validate_person", lambda data: calls.append(1) or validate(data))
    rng = random.Random(mapping)
    quick_rows = refused = 0
    for _ in range(3000):
        values = {}
        for name in names:
            good, bad = POOLS[name]
            values[name] = rng.choice(bad if rng.random() < 0.03 else good).strip()    # stripped, as RowCells does
        before = len(calls)
        fast = outcome(rows, values, quick=True)
        quick_rows += len(calls) == before
        assert fast == outcome(rows, values, quick=False), values
        refused += isinstance(fast, str)
    assert quick_rows > 1000 and refused > 100          # both ways were taken many times


def test_a_refused_row_has_the_editors_message():
    rows = PersonRows(MAPPINGS["a contact list"], ORGANISATIONS)
    values = dict.fromkeys(MAPPINGS["a contact list"], "")
    with pytest.raises(RowError, match="^last_name: is required; email: is not an email address"):
        person(rows, {**values, "email": "not an email"})
    row, tags, _members = person(rows, {**values, "last_name": "Lovelace", "first_name": "Ada\tLou",
                                        "postcode": "ls14ap", "tags": "b, a"})
    assert (row["first_name"], row["postcode"], tags) == ("Ada Lou", "LS1 4AP", ["a", "b"])


@pytest.mark.parametrize("text", ["ada@example.org", " ada.l@nhs.net ", "Ada@example.org", "ada@EXAMPLE.org",
                                  "ADA@EXAMPLE.ORG", "zoë@exämple.org", "zoë@EXÄMPLE.ORG", "123@456.io",
                                  "a+b@sub.example.co.uk", "x@\u0130stanbul.tr"])
def test_an_email_already_in_lower_case_comes_out_as_the_general_rule_makes_it(text):
    local, domain = text.strip().rsplit("@", 1)
    assert normalise_email(text) == f"{local}@{domain.lower()}"
