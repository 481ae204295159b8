"""Import behaviour: ODS layouts, validation, duplicates, batches and their undo, dry run, round trip."""

from __future__ import annotations

import csv
import sqlite3

import pytest

from helpers import make_org, make_person
from importexport_files import EPRACCUR_ROWS, ETR_HEADERS, ETR_ROWS, PEOPLE_HEADERS, write_csv
from sdm_desktop import paths
from sdm_desktop.errors import UserError
from sdm_desktop.progress import JobCancelled, Progress
from sdm_desktop.services.exporting.tables import write_table
from sdm_desktop.services.importing import (
    ImportOptions,
    list_batches,
    plan_import,
    push_import_undo,
    recall_mapping,
    run_import,
    undo_batch,
)
from sdm_desktop.services.register.export import ExportOptions, organisations_table, people_table
from sdm_desktop.services.register.organisations import OrganisationInput, create_organisation, get_organisation
from sdm_desktop.services.register.people import get_person
from sdm_desktop.services.register.search import RegisterFilter, search_organisation_ids, search_person_ids
from test_importexport_reading import stored_counts


def organisations_by_code(ctx) -> dict:
    return {o.ods_code: o for o in (get_organisation(ctx, i) for i in
                                     search_organisation_ids(ctx, RegisterFilter(include_archived=True)))}


def test_headerless_epraccur_becomes_gp_practices_and_closed_ones_are_skipped(ctx, tmp_path):
    path = write_csv(tmp_path / "epraccur.csv", EPRACCUR_ROWS)
    plan = plan_import(ctx, path, ImportOptions())
    assert plan.layout is not None and plan.layout.name == "epraccur" and not plan.has_header
    report = run_import(ctx, path, ImportOptions(), plan=plan)
    assert (report.created, len(report.skipped), report.rejected) == (2, 2, [])
    assert {n.reason for n in report.skipped} == {"closed (ODS status C)", "dormant (ODS status D)"}
    orgs = organisations_by_code(ctx)
    densham = orgs["A81001"]
    assert (densham.name, densham.org_type, densham.commissioner_code) == ("The Densham Surgery", "GP practice", "00K")
    assert (densham.address_line1, densham.address_line2, densham.town, densham.county) == (
        "The Health Centre", "Lawson Street", "Stockton-On-Tees", "Cleveland")
    assert densham.phone == "01642 672351" and densham.postcode == "TS18 1HU"
    assert densham.addressee_role == "Patient Participation Group, c/o the Practice Manager"
    assert orgs["A81002"].name == "Queens Park Medical Centre, Farrer St & Co"
    assert ctx.db.engine.connect().exec_driver_sql(
        "SELECT ods_status FROM organisation WHERE ods_code='A81001'").scalar() == "A"


def test_reimporting_an_ods_list_updates_by_ods_code_and_keeps_the_users_addressee(ctx, tmp_path):
    path = write_csv(tmp_path / "epraccur.csv", EPRACCUR_ROWS)
    run_import(ctx, path, ImportOptions())
    densham = organisations_by_code(ctx)["A81001"]
    from sdm_desktop.services.register.organisations import update_organisation
    org_id = search_organisation_ids(ctx, RegisterFilter(text="a81001"))[0]
    densham.addressee_role = "The PPG Chair"
    update_organisation(ctx, org_id, densham)
    rows = [list(r) for r in EPRACCUR_ROWS]
    rows[0][17] = "01642 000000"
    rows[0][12], rows[0][11] = "C", "20250101"
    report = run_import(ctx, write_csv(tmp_path / "epraccur2.csv", rows),
                        ImportOptions(on_duplicate="update", closed="inactive"))
    assert (report.updated, report.created) == (2, 2)
    after = organisations_by_code(ctx)["A81001"]
    assert (after.phone, after.active, after.addressee_role) == ("01642 000000", False, "The PPG Chair")


def test_closed_practices_can_be_kept_as_inactive(ctx, tmp_path):
    path = write_csv(tmp_path / "epraccur.csv", EPRACCUR_ROWS)
    report = run_import(ctx, path, ImportOptions(closed="inactive"))
    assert report.created == 4
    orgs = organisations_by_code(ctx)
    assert [orgs[c].active for c in ("A81001", "A81002", "A81003", "A81004")] == [True, True, False, False]
    assert search_organisation_ids(ctx, RegisterFilter(text="16c")) == [
        i for i in search_organisation_ids(ctx, RegisterFilter())
        if get_organisation(ctx, i).commissioner_code == "16C"]


def test_etr_with_a_header_row_becomes_nhs_trusts(ctx, tmp_path):
    path = write_csv(tmp_path / "trusts.csv", [ETR_HEADERS, *ETR_ROWS])
    report = run_import(ctx, path, ImportOptions())
    assert "NHS trusts (etr), with a header row" in report.described
    assert (report.created, len(report.skipped)) == (1, 1)          # the trust with a close date is skipped
    trust = organisations_by_code(ctx)["RXX"]
    assert (trust.org_type, trust.name, trust.town) == ("NHS trust", "Wessex Vale Hospitals NHS Foundation Trust",
                                                         "Fernbridge")
    assert trust.commissioner_code == "QT1"


def test_imported_search_text_is_the_same_as_the_editors(ctx, tmp_path):
    path = write_csv(tmp_path / "groups.csv", [
        ["Name", "Type", "Postcode", "Email", "Tags", "PPE levels", "Notes"],
        ["Hilltop Carers", "carers' group", "ls14ap", "hill@example.org", "carers, north", "Individual, Community",
         "Meets Tuesdays"]])
    run_import(ctx, path, ImportOptions())
    imported = ctx.db.engine.connect().exec_driver_sql("SELECT search_text FROM organisation").scalar()
    by_hand = create_organisation(ctx, OrganisationInput(
        name="Hilltop Carers", org_type="Carers' group", postcode="LS1 4AP", email="other@example.org",
        tags=["carers", "north"], ppe_individual=True, ppe_community=True, notes="Meets Tuesdays"))
    edited = ctx.db.engine.connect().exec_driver_sql(
        f"SELECT search_text FROM organisation WHERE id={by_hand}").scalar()
    assert imported == edited.replace("other@example.org", "hill@example.org")


def test_bad_rows_are_rejected_with_line_and_reason_and_the_rest_imported(ctx, tmp_path):
    path = write_csv(tmp_path / "people.csv", [
        PEOPLE_HEADERS,
        ["", "Ada", "Lovelace", "ada@example.org", "01632 960001", "LS1 4AP", "yes", ""],
        ["", "No", "", "nolast@example.org", "", "", "yes", ""],
        ["", "Bad", "Email", "not-an-email", "", "", "yes", ""],
        ["", "Bad", "Consent", "c@example.org", "", "", "perhaps", ""],
        ["", "Bad", "Phone", "p@example.org", "call me", "", "no", ""],
    ])
    report = run_import(ctx, path, ImportOptions(kind="people"))
    assert report.created == 1
    assert [(n.line, n.reason.split(":")[0]) for n in report.rejected] == [
        (3, "last_name"), (4, "email"), (5, "consent_contact"), (6, "phone")]
    assert "Rejected line 4: email: is not an email address" in "\n".join(report.lines())


def test_strict_import_of_a_file_with_a_bad_row_writes_nothing(ctx, data_dir, tmp_path):
    path = write_csv(tmp_path / "people.csv", [
        PEOPLE_HEADERS, ["", "Ada", "Lovelace", "", "", "", "yes", ""], ["", "X", "", "", "", "", "", ""]])
    with pytest.raises(UserError, match="line 3.*nothing was imported"):
        run_import(ctx, path, ImportOptions(kind="people", strict=True))
    assert stored_counts(data_dir) == (0, 0, 0, 0)


def test_dry_run_reports_and_writes_nothing(ctx, data_dir, tmp_path):
    path = write_csv(tmp_path / "epraccur.csv", EPRACCUR_ROWS)
    people = write_csv(tmp_path / "people.csv", [PEOPLE_HEADERS, ["", "Ada", "Lovelace", "", "", "", "yes", ""]])
    report = run_import(ctx, path, ImportOptions(dry_run=True))
    people_report = run_import(ctx, people, ImportOptions(dry_run=True))
    assert (report.created, people_report.created, report.batch_id) == (2, 1, None)
    assert "Dry run: nothing was written." in report.lines()
    assert stored_counts(data_dir) == (0, 0, 0, 0)
    assert recall_mapping(ctx, PEOPLE_HEADERS) is None


def test_duplicates_within_the_file_are_rejected(ctx, tmp_path):
    path = write_csv(tmp_path / "people.csv", [
        PEOPLE_HEADERS,
        ["", "Ada", "Lovelace", "ada@example.org", "", "LS1 4AP", "yes", ""],
        ["", "Augusta", "King", "ADA@example.org", "", "", "yes", ""],
        ["", "Ada", "Lovelace", "", "", "ls1 4ap", "yes", ""],
        ["", "Ada", "Byron", "", "", "LS1 4AP", "yes", ""],
    ])
    report = run_import(ctx, path, ImportOptions(kind="people"))
    assert report.created == 2
    assert [(n.line, n.reason) for n in report.rejected] == [
        (3, "duplicate of line 2 in this file (same email ADA@example.org)"),
        (4, "duplicate of line 2 in this file (same name at the same postcode)")]


def test_duplicates_of_stored_records_are_skipped_updated_or_created_by_choice(ctx, tmp_path):
    org = make_org(ctx, "Riverside PPG", email="riverside@example.org", phone="01632 111111")
    path = write_csv(tmp_path / "groups.csv", [
        ["Name", "Email", "Phone", "Tags"], ["Riverside PPG (renamed)", "riverside@example.org", "01632 222222", "x"]])
    skipped = run_import(ctx, path, ImportOptions())
    assert (skipped.created, skipped.updated) == (0, 0)
    assert skipped.skipped[0].reason == f"already in the register as record {org} (same email riverside@example.org)"
    updated = run_import(ctx, path, ImportOptions(on_duplicate="update"))
    assert updated.updated == 1
    after = get_organisation(ctx, org)
    assert (after.name, after.phone, after.tags, after.org_type) == (
        "Riverside PPG (renamed)", "01632 222222", ["x"], "Patient Participation Group (PPG)")
    assert search_organisation_ids(ctx, RegisterFilter(text="renamed 222222")) == [org]
    created = run_import(ctx, path, ImportOptions(on_duplicate="create"))
    assert created.created == 1 and len(search_organisation_ids(ctx, RegisterFilter())) == 2


def test_renaming_an_organisation_by_import_refreshes_its_members_search_and_undo_puts_it_back(ctx, tmp_path):
    org = make_org(ctx, "Riverside PPG", email="riverside@example.org")
    ada = make_person(ctx, "Lovelace", "Ada", orgs=[(org, "chair")])
    path = write_csv(tmp_path / "groups.csv", [["Name", "Email"], ["Brookside Voices", "riverside@example.org"]])
    report = run_import(ctx, path, ImportOptions(on_duplicate="update"))
    assert search_person_ids(ctx, RegisterFilter(text="brookside")) == [ada]
    undo_batch(ctx, report.batch_id)
    assert search_person_ids(ctx, RegisterFilter(text="brookside")) == []
    assert search_person_ids(ctx, RegisterFilter(text="riverside")) == [ada]
    assert get_organisation(ctx, org).name == "Riverside PPG"


def test_different_ods_codes_at_one_health_centre_are_not_duplicates(ctx, tmp_path):
    rows = [list(EPRACCUR_ROWS[0]), list(EPRACCUR_ROWS[0])]
    rows[1][0], rows[1][1] = "A81099", "THE DENSHAM SURGERY BRANCH"
    report = run_import(ctx, write_csv(tmp_path / "e.csv", rows), ImportOptions())
    assert (report.created, report.rejected) == (2, [])


def test_undo_of_a_batch_removes_what_it_created_and_restores_what_it_updated(ctx, tmp_path):
    org = make_org(ctx, "Riverside PPG")
    ada = make_person(ctx, "Lovelace", "Ada", email="ada@example.org", phone="01632 000001", tags=["old"],
                      orgs=[(org, "chair")])
    before = get_person(ctx, ada)
    path = write_csv(tmp_path / "people.csv", [
        ["First name", "Last name", "Email", "Phone", "Tags", "Groups"],
        ["Ada", "Lovelace-King", "ada@example.org", "01632 999999", "new", "Riverside PPG (member)"],
        ["Grace", "Hopper", "grace@example.org", "", "", "Riverside PPG"]])
    report = run_import(ctx, path, ImportOptions(kind="people", on_duplicate="update"))
    assert (report.created, report.updated) == (1, 1)
    changed = get_person(ctx, ada)
    assert (changed.last_name, changed.phone, changed.tags) == ("Lovelace-King", "01632 999999", ["new"])
    assert sorted(m.role for m in changed.memberships) == ["chair", "member"]
    assert [b.still_present for b in list_batches(ctx)] == [1]
    result = undo_batch(ctx, report.batch_id)
    assert (result.removed, result.restored, result.gone, result.lost) == (1, 1, 0, "")
    assert list_batches(ctx)[0].undone and list_batches(ctx)[0].still_present == 0
    assert search_person_ids(ctx, RegisterFilter()) == [ada]
    restored = get_person(ctx, ada)
    assert restored == before
    assert search_person_ids(ctx, RegisterFilter(text="999999")) == []
    with pytest.raises(UserError, match="already undone"):
        undo_batch(ctx, report.batch_id)
    with pytest.raises(UserError, match="no import batch 99"):
        undo_batch(ctx, 99)


def test_the_undo_stack_offers_the_import_right_after(ctx, tmp_path):
    path = write_csv(tmp_path / "epraccur.csv", EPRACCUR_ROWS)
    report = run_import(ctx, path, ImportOptions())
    assert ctx.undo.next_label is None               # the caller offers it, on its own thread
    push_import_undo(ctx, report)
    assert ctx.undo.next_label == "import of epraccur.csv"
    ctx.undo.undo()
    assert search_organisation_ids(ctx, RegisterFilter()) == []


def test_cancelling_an_import_rolls_everything_back(ctx, data_dir, tmp_path):
    path = write_csv(tmp_path / "epraccur.csv", EPRACCUR_ROWS)

    class CancelAfterTwo(Progress):
        def step(self, n=1):
            if self.done >= 2:
                self.cancelled = True
            super().step(n)

    with pytest.raises(JobCancelled):
        run_import(ctx, path, ImportOptions(closed="inactive"), CancelAfterTwo())
    assert stored_counts(data_dir) == (0, 0, 0, 0)


def test_a_mapping_is_remembered_for_the_next_file_with_the_same_headers(ctx, tmp_path):
    headers = ["Nom", "Code postal", "Courriel"]
    first = write_csv(tmp_path / "a.csv", [headers, ["Groupe A", "LS1 4AP", "a@example.org"]])
    plan = plan_import(ctx, first, ImportOptions())
    assert plan.mapping == {} and plan.unmapped_required() == ["name"]
    with pytest.raises(UserError, match="required field"):
        run_import(ctx, first, ImportOptions(), plan=plan)
    mapping = {"name": 0, "postcode": 1, "email": 2}
    run_import(ctx, first, ImportOptions(kind="organisations", mapping=mapping))
    second = write_csv(tmp_path / "b.csv", [headers, ["Groupe B", "LS2 7AB", "b@example.org"]])
    plan = plan_import(ctx, second, ImportOptions())
    assert (plan.kind, plan.mapping, plan.mapping_from) == ("organisations", mapping, "remembered")
    assert run_import(ctx, second, ImportOptions(), plan=plan).created == 1


def test_people_memberships_need_the_organisation_to_exist(ctx, tmp_path):
    make_org(ctx, "Breathe Easy (COPD)", org_type="Condition-specific support group")
    path = write_csv(tmp_path / "people.csv", [
        ["Name", "Organisation"], ["Dr Ada Lovelace", "Breathe Easy (COPD)"], ["Grace Hopper", "Nowhere Group"]])
    report = run_import(ctx, path, ImportOptions(kind="people"))
    assert report.created == 1
    assert report.rejected[0].line == 3 and "no organisation called 'Nowhere Group'" in report.rejected[0].reason
    person = get_person(ctx, search_person_ids(ctx, RegisterFilter())[0])
    assert (person.title, person.first_name, person.last_name) == ("Dr", "Ada", "Lovelace")
    assert [(m.organisation_name, m.role) for m in person.memberships] == [("Breathe Easy (COPD)", "member")]


def read_csv_rows(path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return [row[1:] for row in csv.reader(handle)]          # without the id column


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_round_trip_export_then_import_gives_the_same_records(tmp_path, suffix):
    from openpyxl import load_workbook

    from sdm_desktop.services.opening import open_context

    source = open_context(tmp_path / "source")
    target = open_context(tmp_path / "target")
    try:
        hub = make_org(source, "=Fernbridge Hub & Co", org_type="VCSE organisation", ods_code="Y99001",
                       address_line1="1 High St, Unit 2", postcode="EX1 1AA", phone="01632 000111",
                       tags=["north", "vcse"], ppe_service=True, ppe_community=True, notes="Line one\nline two")
        make_org(source, "Quiet Group", org_type="Other", active=False, commissioner_code="QZZ")
        make_person(source, "Lovelace", "Ada", title="Dr", email="ada@example.org", phone="+44 1632 000222",
                    orgs=[(hub, "chair")], tags=["panel"], needs_large_print=True, needs_interpreter=True,
                    interpreter_language="Polish", access_needs_other="step-free access", is_patient_rep=True,
                    participant_type="patient_rep", preferred_channel="post", lawful_basis="consent",
                    consent_data=True, postcode="EX1 1AB")
        make_person(source, "Hopper", "Grace", do_not_contact=True, consent_contact=False)
        files = {}
        for kind, table in (("organisations", organisations_table), ("people", people_table)):
            options = ExportOptions(RegisterFilter(include_archived=True), include_no_contact=True)
            made = table(source, options)
            files[kind] = tmp_path / f"{kind}{suffix}"
            write_table(made if kind == "organisations" else made[0], files[kind])
        for kind in ("organisations", "people"):
            report = run_import(target, files[kind], ImportOptions(kind=kind))
            assert report.rejected == [] and report.created == 2
        for kind, table in (("organisations", organisations_table), ("people", people_table)):
            options = ExportOptions(RegisterFilter(include_archived=True), include_no_contact=True)
            made = table(target, options)
            again = tmp_path / f"{kind}-again.csv"
            write_table(made if kind == "organisations" else made[0], again)
            first = tmp_path / f"{kind}-first.csv"
            made = table(source, options)
            write_table(made if kind == "organisations" else made[0], first)
            assert read_csv_rows(again) == read_csv_rows(first)
        if suffix == ".xlsx":
            sheet = load_workbook(files["organisations"]).active
            assert sheet["B2"].value == "'=Fernbridge Hub & Co"       # neutralised in the file...
        assert get_organisation(target, search_organisation_ids(target, RegisterFilter(text="hub"))[0]).name == \
            "=Fernbridge Hub & Co"                                        # ...and restored on import
    finally:
        source.close()
        target.close()


def test_imported_rows_count_in_the_database_as_one_batch(ctx, data_dir, tmp_path):
    path = write_csv(tmp_path / "epraccur.csv", EPRACCUR_ROWS)
    report = run_import(ctx, path, ImportOptions(closed="inactive"))
    conn = sqlite3.connect(data_dir / paths.DATABASE_FILE_NAME)
    assert conn.execute("SELECT created_count, kind FROM import_batch").fetchall() == [(4, "organisations")]
    assert conn.execute("SELECT count(*) FROM organisation WHERE import_batch_id=?",
                        (report.batch_id,)).fetchone() == (4,)
    assert conn.execute("SELECT count(*) FROM import_change WHERE action='create'").fetchone() == (4,)
    assert conn.execute("SELECT action FROM audit_event WHERE entity='import_batch'").fetchall() == [("import",)]
    conn.close()


def test_sample_data_includes_one_undoable_import_of_practices(ctx):
    from sdm_desktop.services.demo.loader import load_demo

    load_demo(ctx)
    [batch] = [b for b in list_batches(ctx) if b.kind == "organisations"]   # (the sample survey is one too)
    assert (batch.created, batch.rejected) == (5, 0)
    assert batch.file_name.endswith("epraccur-wessex-vale.csv")
    assert len(search_organisation_ids(ctx, RegisterFilter(text="y98"))) == 5


def test_an_unknown_organisation_type_is_rejected_with_how_to_fix_it(ctx, tmp_path):
    path = write_csv(tmp_path / "groups.csv", [["Name", "Type"], ["Leeds PPG", "patient participation group (ppg)"],
                                               ["Bradford Forum", "Community group"]])
    report = run_import(ctx, path, ImportOptions(kind="organisations"))
    assert report.created == 1                                  # known types match whatever their case
    assert [n.line for n in report.rejected] == [3]
    assert "'Community group' is not one of your organisation types" in report.rejected[0].reason
    assert "org-types add" in report.rejected[0].reason


@pytest.mark.parametrize("kind", ["organisations", "people"])
def test_a_column_headed_with_a_fields_own_label_is_recognised(kind):
    """A header written as the wizard and `import --fields` name the field ("Consent to keep data",
    "Needs large print", "Write to") is mapped, not silently left out."""
    import re

    from sdm_desktop.services.importing import FIELDS, guess_mapping

    for f in FIELDS[kind]:
        header = re.sub(r"\s*\(.*\)\s*$", "", f.label)
        assert guess_mapping(kind, ["Unrelated", header]) == {f.name: 1}, header


def test_consent_to_keep_data_headed_as_the_app_labels_it_is_imported(ctx, tmp_path):
    path = write_csv(tmp_path / "people.csv", [
        ["First name", "Last name", "Consent to contact", "Consent to keep data", "Needs large print"],
        ["Ada", "Lovelace", "yes", "yes", "yes"]])
    report = run_import(ctx, path, ImportOptions())
    assert report.created == 1
    person = get_person(ctx, search_person_ids(ctx, RegisterFilter(include_archived=True))[0])
    assert person.consent_data is True and person.needs_large_print is True


def test_phone_numbers_that_a_spreadsheet_kept_as_numbers_get_their_leading_zero_back(ctx, tmp_path):
    from importexport_files import write_xlsx

    path = write_xlsx(tmp_path / "people.xlsx", {"People": [
        ["First name", "Last name", "Phone"],
        ["Ada", "Number", 1632960020],              # 01632 960020 typed into Excel
        ["Bea", "Float", 7700900123.0],
        ["Cy", "Country", 441632960021],
        ["Di", "Written", "01632 960022"],
        ["Ed", "Short", 12345678]]})                 # not a UK number without its 0: left alone
    report = run_import(ctx, path, ImportOptions(kind="people"))
    assert report.rejected == []
    phones = {get_person(ctx, i).last_name: get_person(ctx, i).phone for i in search_person_ids(ctx, RegisterFilter())}
    assert phones == {"Number": "01632960020", "Float": "07700900123", "Country": "+441632960021",
                      "Written": "01632 960022", "Short": "12345678"}


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_title_rows_above_the_header_row_are_left_out_and_said(ctx, tmp_path, suffix):
    from importexport_files import write_xlsx

    rows = [["Wessex Vale PPG contacts — November 2026", None, None],
            ["Kept by the SDM team", None, None],
            ["First name", "Last name", "Email"],
            ["Ada", "Lovelace", "ada@example.org"],
            ["Ben", "Okafor", "ben@example.org"]]
    if suffix == ".xlsx":
        path = write_xlsx(tmp_path / "contacts.xlsx", {"Contacts": rows})
    else:
        path = write_csv(tmp_path / "contacts.csv", [[c or "" for c in row] for row in rows])
    report = run_import(ctx, path, ImportOptions())
    assert (report.kind, report.created, report.rejected) == ("people", 2, [])
    assert "header on row 3 (2 title rows above it left out)" in report.described
    emails = {get_person(ctx, i).email for i in search_person_ids(ctx, RegisterFilter())}
    assert emails == {"ada@example.org", "ben@example.org"}


def test_a_first_data_row_that_looks_like_headers_does_not_move_the_header(ctx, tmp_path):
    path = write_csv(tmp_path / "groups.csv", [["Name", "Type", "Postcode"],
                                               ["Name Email Phone Group", "Other", "EX1 1AA"]])
    report = run_import(ctx, path, ImportOptions(kind="organisations"))
    assert report.created == 1 and "title row" not in report.described


def test_a_huge_cell_rejects_its_row_not_the_whole_file(ctx, tmp_path):
    path = write_csv(tmp_path / "groups.csv", [["Name", "Type", "Notes"],
                                               ["Essay Group", "Other", "word " * 40_000],      # 200,000 chars
                                               ["Short Group", "Other", "fine"]])
    report = run_import(ctx, path, ImportOptions(kind="organisations"))
    assert report.created == 1
    [rejected] = report.rejected
    assert rejected.line == 2 and "notes" in rejected.reason
    assert [get_organisation(ctx, i).name for i in search_organisation_ids(ctx, RegisterFilter())] == ["Short Group"]
