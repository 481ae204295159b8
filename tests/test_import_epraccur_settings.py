"""epraccur as the NHS publishes it: the commissioner under ``Provider``, prescribing settings, proposed
practices, NHS abbreviations in names."""

from __future__ import annotations

import pytest

from importexport_files import EPRACCUR_ROWS, write_csv
from sdm_desktop.cli import main
from sdm_desktop.services.importing import ImportOptions, run_import
from sdm_desktop.services.importing.layouts import tidy_case
from sdm_desktop.services.importing.prescribing import URGENT_CARE
from sdm_desktop.services.register.organisation_types import list_types
from sdm_desktop.services.register.organisations import get_organisation
from sdm_desktop.services.register.search import RegisterFilter, search_organisation_ids

HEADER = ["OrganisationCode", "Name", "AddressLine1", "AddressLine2", "AddressLine3", "AddressLine4", "AddressLine5",
          "Postcode", "StatusCode", "Telephone", "Provider", "PrescribingSetting"]
ROWS = [
    ["A81001", "THE DENSHAM SURGERY", "THE HEALTH CENTRE", "LAWSON STREET", "STOCKTON-ON-TEES", "CLEVELAND", "",
     "TS18 1HU", "A", "01642 672351", "00K", "4"],
    ["Y02345", "MHH GP ACCESS HUBS OOH", "ST MARY'S HC", "1ST FLOOR", "MIDDLESBROUGH", "", "", "TS1 2AB", "A",
     "01642 000001", "00K", "2"],
    ["Y03456", "HMP DURHAM HEALTHCARE", "OLD ELVET", "", "DURHAM", "", "", "DH1 3HU", "A", "0191 0000002", "00J",
     "25"],
    ["Y04567", "OAKWOOD CARE HOME LTD", "DR PIPER HOUSE", "", "SUNDERLAND", "", "", "SR1 1AA", "A", "0191 0000003",
     "00P", "14"],
    ["A89999", "NEW TOWN PRACTICE", "HIGH STREET", "", "DARLINGTON", "", "", "DL1 1AA", "P", "", "00K", "4"],
]


def stored(ctx) -> dict:
    return {o.ods_code: o for o in (get_organisation(ctx, i) for i in
                                    search_organisation_ids(ctx, RegisterFilter(include_archived=True)))}


def test_the_commissioner_headed_provider_is_read_and_found_by_search(ctx, tmp_path):
    report = run_import(ctx, write_csv(tmp_path / "epraccur.csv", [HEADER, *ROWS]), ImportOptions())
    assert "ODS list of GP practices (epraccur), with a header row" in report.described
    assert stored(ctx)["A81001"].commissioner_code == "00K"
    assert len(search_organisation_ids(ctx, RegisterFilter(text="00K"))) == 1


def test_only_gp_practices_come_in_by_default_and_the_rest_are_counted(ctx, tmp_path):
    report = run_import(ctx, write_csv(tmp_path / "epraccur.csv", [HEADER, *ROWS]), ImportOptions())
    assert (report.created, report.rejected) == (1, [])
    assert report.settings_left_out == {2: 1, 14: 1, 25: 1}
    assert ("Not brought in (prescribing settings not chosen): 1 Out of hours (2), 1 Care home / nursing home (14), "
            "1 Prison (25).") in report.lines()
    assert [n.reason for n in report.skipped] == ["proposed, not yet open (ODS status P)"]
    practice = stored(ctx)["A81001"]
    assert (practice.org_type, practice.addressee_role) == ("GP practice", "Patient Participation Group, c/o the "
                                                                           "Practice Manager")


def test_chosen_settings_become_their_own_types_with_the_setting_in_the_notes(ctx, tmp_path):
    report = run_import(ctx, write_csv(tmp_path / "epraccur.csv", [HEADER, *ROWS]),
                        ImportOptions(prescribing_settings=frozenset({4, 2, 25})))
    assert report.created == 3 and report.settings_left_out == {14: 1}
    assert report.types_added == [URGENT_CARE, "Health service in the justice and secure estate"]
    orgs = stored(ctx)
    ooh = orgs["Y02345"]
    assert (ooh.org_type, ooh.addressee_role, ooh.notes) == (URGENT_CARE, None, "ODS prescribing setting 2: "
                                                                                 "Out of hours.")
    assert orgs["Y03456"].org_type == "Health service in the justice and secure estate"
    assert {t.name for t in list_types(ctx)} >= {URGENT_CARE, "Health service in the justice and secure estate"}


def test_a_dry_run_adds_no_types(ctx, tmp_path):
    report = run_import(ctx, write_csv(tmp_path / "epraccur.csv", [HEADER, *ROWS]),
                        ImportOptions(prescribing_settings=None, dry_run=True))
    assert report.created == 4 and "Care home" in report.types_added
    assert "Care home" not in {t.name for t in list_types(ctx)}


def test_re_importing_with_more_settings_retypes_a_practice_but_keeps_the_users_notes(ctx, tmp_path):
    rows = [list(r) for r in ROWS[:2]]
    rows[1][11] = "4"                                  # first published as a practice …
    run_import(ctx, write_csv(tmp_path / "old.csv", [HEADER, *rows]), ImportOptions())
    rows[1][11] = "2"                                  # … now as an out-of-hours service
    report = run_import(ctx, write_csv(tmp_path / "new.csv", [HEADER, *rows]),
                        ImportOptions(on_duplicate="update", prescribing_settings=frozenset({4, 2})))
    assert report.updated == 2
    assert stored(ctx)["Y02345"].org_type == URGENT_CARE


def test_the_headerless_27_column_file_reads_column_26_as_the_setting_and_15_as_the_commissioner(ctx, tmp_path):
    rows = [list(r) for r in EPRACCUR_ROWS[:2]]
    rows[1][25] = "1"                                  # a walk-in centre
    report = run_import(ctx, write_csv(tmp_path / "epraccur.csv", rows), ImportOptions())
    assert (report.created, report.settings_left_out) == (1, {1: 1})
    report = run_import(ctx, write_csv(tmp_path / "epraccur.csv", rows), ImportOptions(prescribing_settings=None))
    orgs = stored(ctx)
    assert (orgs["A81002"].org_type, orgs["A81002"].commissioner_code) == (URGENT_CARE, "16C")
    assert orgs["A81001"].commissioner_code == "00K"


def test_an_unknown_prescribing_setting_rejects_its_row(ctx, tmp_path):
    rows = [HEADER, ROWS[0], [*ROWS[1][:11], "7"]]
    report = run_import(ctx, write_csv(tmp_path / "epraccur.csv", rows), ImportOptions())
    assert report.created == 1
    assert report.rejected[0].line == 3
    assert report.rejected[0].reason.startswith("prescribing setting '7' is not an ODS code")


def test_proposed_practices_are_imported_inactive_only_when_asked(ctx, tmp_path):
    report = run_import(ctx, write_csv(tmp_path / "epraccur.csv", [HEADER, ROWS[4]]), ImportOptions(closed="inactive"))
    assert report.created == 1 and stored(ctx)["A89999"].active is False


@pytest.mark.parametrize(("published", "tidied"), [
    ("MHH GP ACCESS HUBS OOH", "MHH GP Access Hubs OOH"),
    ("ST MARY'S HC", "St Mary's HC"),
    ("DR PIPER HOUSE", "Dr Piper House"),
    ("OAKWOOD CARE HOME LTD", "Oakwood Care Home Ltd"),
    ("NHS WIC & UTC, 1ST FLOOR", "NHS WIC & UTC, 1st Floor"),
    ("O'BRIEN PCN MC", "O'Brien PCN MC"),
    ("The Densham Surgery", "The Densham Surgery"),
])
def test_names_are_tidied_keeping_nhs_abbreviations_in_capitals(published, tidied):
    assert tidy_case(published) == tidied


def test_the_published_case_can_be_kept(ctx, tmp_path):
    run_import(ctx, write_csv(tmp_path / "epraccur.csv", [HEADER, *ROWS]),
               ImportOptions(published_case=True, prescribing_settings=frozenset({2})))
    assert (stored(ctx)["Y02345"].name, stored(ctx)["Y02345"].address_line1) == ("MHH GP ACCESS HUBS OOH",
                                                                                 "ST MARY'S HC")


def test_the_command_line_chooses_settings_and_refuses_unknown_codes(data_dir, tmp_path, capsys):
    path = write_csv(tmp_path / "epraccur.csv", [HEADER, *ROWS])
    assert main(["--data-dir", str(data_dir), "import", str(path), "--settings", "4,2", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "2 would be created" in out and "1 Care home / nursing home (14), 1 Prison (25)" in out
    assert main(["--data-dir", str(data_dir), "import", str(path), "--all-settings", "--published-case"]) == 0
    assert "4 created" in capsys.readouterr().out
    with pytest.raises(SystemExit) as usage:
        main(["--data-dir", str(data_dir), "import", str(path), "--settings", "4,7"])
    assert usage.value.code == 2 and "prescribing setting '7' is not an ODS code" in capsys.readouterr().err
    with pytest.raises(SystemExit) as usage:
        main(["--data-dir", str(data_dir), "import", str(path), "--settings", "4", "--all-settings"])
    assert usage.value.code == 2


def test_the_wizard_brings_in_gp_practices_unless_more_settings_are_ticked(window, ctx, qtbot, tmp_path,
                                                                            answer_prompts):
    from sdm_desktop.ui.importing.wizard import CHECK, PREVIEW
    from test_importexport_wizard import start

    asked = answer_prompts()
    wizard = start(window, qtbot, write_csv(tmp_path / "epraccur.csv", [HEADER, *ROWS]))
    wizard.next()
    assert wizard.currentId() == PREVIEW and wizard.preview.ods.settings.isVisible()
    assert wizard.preview.ods.chosen_settings() == frozenset({4})
    wizard.preview.ods.set_chosen(frozenset())
    wizard.next()
    assert wizard.currentId() == PREVIEW and asked == [
        "Tick at least one prescribing setting to bring in (4 is GP practices)."]
    wizard.preview.ods.set_chosen(frozenset({4, 2}))
    wizard.preview.ods.published_case.setChecked(True)
    wizard.next()
    assert wizard.currentId() == CHECK
    assert "2 would be created" in wizard.check.summary.text()
    wizard.next()
    orgs = stored(ctx)
    assert sorted(orgs) == ["A81001", "Y02345"]
    assert (orgs["Y02345"].org_type, orgs["A81001"].name) == (URGENT_CARE, "THE DENSHAM SURGERY")
