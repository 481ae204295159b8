"""Postcodes that break the Royal Mail pattern but are real (issue 16, defect 7): the NHS's own GP list
has active practices at DN15 6QV. They are kept with a warning on the field, never refused."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from importexport_files import write_csv
from sdm_desktop.services.core.validation import normalise_postcode, postcode_warning
from sdm_desktop.services.importing import ImportOptions, run_import
from sdm_desktop.services.register import people as people_service
from sdm_desktop.services.register.organisations import get_organisation
from sdm_desktop.services.register.search import RegisterFilter, search_organisation_ids, search_person_ids
from test_import_epraccur_settings import HEADER, ROWS


@pytest.mark.parametrize("typed, kept", [("DN15 6QV", "DN15 6QV"), ("dn156qv", "DN15 6QV"), ("QA1 1AA", "QA1 1AA")])
def test_a_postcode_shaped_like_one_but_off_the_royal_mail_pattern_is_kept_with_a_warning(typed, kept):
    assert normalise_postcode(typed) == kept
    assert "Royal Mail" in postcode_warning(kept)


def test_a_postcode_on_the_pattern_has_no_warning_and_text_that_is_no_postcode_is_refused():
    assert postcode_warning("LS1 4AP") is None and postcode_warning(None) is None
    for text in ("12345", "not a postcode", "LS1 4A"):
        with pytest.raises(ValueError):
            normalise_postcode(text)


def test_an_active_practice_in_the_nhs_list_at_an_odd_postcode_is_imported_with_a_note(ctx, tmp_path):
    odd = ["B81622", "CEDAR MEDICAL GROUP", "CEDAR HOUSE", "", "SCUNTHORPE", "", "", "DN15 6QV", "A", "01724 000000",
           "02Y", "4"]
    report = run_import(ctx, write_csv(tmp_path / "epraccur.csv", [HEADER, ROWS[0], odd]), ImportOptions())
    assert report.rejected == []
    codes = {get_organisation(ctx, i).ods_code: get_organisation(ctx, i).postcode
             for i in search_organisation_ids(ctx, RegisterFilter())}
    assert codes["B81622"] == "DN15 6QV"
    assert any("DN15 6QV" in note.reason and "Royal Mail" in note.reason for note in report.warnings)


def test_an_odd_postcode_typed_for_a_person_is_saved_with_a_warning_beside_it(window, ctx, qtbot):
    view = window.show_view("stakeholders")
    view.new_person()
    form = view.person_form
    qtbot.keyClicks(form.f.widgets["first_name"], "Ada")
    qtbot.keyClicks(form.f.widgets["last_name"], "Lovelace")
    qtbot.keyClicks(form.f.widgets["postcode"], "dn15 6qv")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    [person_id] = search_person_ids(ctx, RegisterFilter())
    assert people_service.get_person(ctx, person_id).postcode == "DN15 6QV"
    note = form.f.errors["postcode"]
    assert note.isVisibleTo(form) and "Royal Mail" in note.text()
