"""Near-duplicates at one postcode: found by blocks of the name at any size of postcode, and people with
different email addresses are never taken for one another."""

from __future__ import annotations

import hashlib

from helpers import make_person
from importexport_files import write_csv
from sdm_desktop.services.importing import ImportOptions, run_import
from sdm_desktop.services.register.duplicates import find_similar_people
from sdm_desktop.services.register.search import RegisterFilter, search_person_ids

HEADERS = ["First name", "Surname", "Email", "Postcode"]


def test_joan_and_john_smith_with_different_emails_are_two_people(ctx, tmp_path):
    path = write_csv(tmp_path / "people.csv", [HEADERS, ["John", "Smith", "john@example.org", "LS1 4AP"],
                                               ["Joan", "Smith", "joan@example.org", "LS1 4AP"]])
    report = run_import(ctx, path, ImportOptions())
    assert (report.created, report.rejected) == (2, [])


def test_joan_smith_is_not_skipped_as_the_stored_john_smith_when_their_emails_differ(ctx, tmp_path):
    make_person(ctx, "Smith", "John", email="john@example.org", postcode="LS1 4AP")
    assert find_similar_people(ctx, "Joan", "Smith", "LS1 4AP", "joan@example.org") == []     # the editor's check
    path = write_csv(tmp_path / "people.csv", [HEADERS, ["Joan", "Smith", "joan@example.org", "LS1 4AP"]])
    report = run_import(ctx, path, ImportOptions())
    assert (report.created, report.skipped) == (1, [])
    # Without an email to tell them apart, a similar name is still a likely duplicate.
    report = run_import(ctx, write_csv(tmp_path / "more.csv", [HEADERS, ["Jon", "Smith", "", "LS1 4AP"]]),
                        ImportOptions())
    assert report.created == 0 and "very similar name (" in report.skipped[0].reason
    assert [d.name for d in find_similar_people(ctx, "Jon", "Smith", "LS1 4AP")] == ["John Smith", "Joan Smith"]


def test_a_near_duplicate_is_found_at_a_postcode_shared_by_hundreds(ctx, tmp_path):
    rows = [[*_unlike_name(n), "", "LS1 4AP"] for n in range(300)]      # a hall of residence
    rows.insert(150, ["John", "Smith", "", "LS1 4AP"])
    rows.append(["Jon", "Smith", "", "LS1 4AP"])
    report = run_import(ctx, write_csv(tmp_path / "hall.csv", [HEADERS, *rows]), ImportOptions())
    assert report.created == 301
    assert [(n.line, n.reason) for n in report.rejected] == [
        (303, "duplicate of line 152 in this file (very similar name (John Smith) at the same postcode)")]
    assert len(search_person_ids(ctx, RegisterFilter())) == 301


def _unlike_name(n: int) -> tuple[str, str]:
    """A first and a last name unlike any other n's."""
    letters = hashlib.sha256(str(n).encode()).hexdigest().translate(str.maketrans("0123456789", "ghijklmnop"))
    return letters[:8].capitalize(), letters[8:16].capitalize()
