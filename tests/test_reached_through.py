"""A group reached through another organisation (a PPG through its GP practice): the link, and letters
that reach each PPG once."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from helpers import make_org, make_person
from sdm_desktop.db.engine import downgrade_to, open_database
from sdm_desktop.db.models import Letter, Organisation, Person
from sdm_desktop.paths import default_database_url
from sdm_desktop.services.core.validation import ValidationError
from sdm_desktop.services.letters.recipients import RecipientRequest, select_recipients
from sdm_desktop.services.letters.runs import LetterRequest, write_letters
from sdm_desktop.services.letters.templates import bundled_dir
from sdm_desktop.services.opening import open_context
from sdm_desktop.services.register import organisations as org_service
from sdm_desktop.services.register.organisation_types import rename_type
from sdm_desktop.services.register.search import RegisterFilter

PRACTICE_ADDRESS = {"address_line1": "1 High Street", "town": "Fernbridge", "postcode": "EX1 1AA"}
OWN_ADDRESS = {"address_line1": "5 Mill Lane", "town": "Fernbridge", "postcode": "EX2 2BB"}
PPG = "Patient Participation Group (PPG)"


def practice_and_ppg(ctx, ppg_address=None, chair=True):
    practice = make_org(ctx, "Fernbridge Health Centre", org_type="GP practice", ods_code="Y99001",
                        **PRACTICE_ADDRESS)
    ppg = make_org(ctx, "Friends of Fernbridge", reached_through_id=practice, **(ppg_address or {}))
    if chair:
        make_person(ctx, "Hawthorn", "Priya", title="Mrs", orgs=[(ppg, "chair")])
    return practice, ppg


def edit(ctx, org_id, **changes):
    data = org_service.get_organisation(ctx, org_id)
    for name, value in changes.items():
        setattr(data, name, value)
    org_service.update_organisation(ctx, org_id, data)


# --- the link ---------------------------------------------------------------------------------------
def test_the_link_is_stored_and_shown_from_both_sides(ctx):
    practice, ppg = practice_and_ppg(ctx)
    assert org_service.get_organisation(ctx, ppg).reached_through_id == practice
    assert org_service.reached_through_it(ctx, practice) == [(ppg, "Friends of Fernbridge")]
    assert org_service.organisation_name(ctx, practice) == "Fernbridge Health Centre"


def test_a_group_cannot_be_reached_through_itself(ctx):
    practice, ppg = practice_and_ppg(ctx)
    with pytest.raises(ValidationError) as caught:
        edit(ctx, ppg, reached_through_id=ppg)
    assert caught.value.errors == {"reached_through_id": "cannot be the group itself"}
    assert org_service.get_organisation(ctx, ppg).reached_through_id == practice


def test_a_link_that_would_make_a_circle_is_refused_naming_the_circle(ctx):
    practice, ppg = practice_and_ppg(ctx)
    forum = make_org(ctx, "Patient Forum", org_type="Other", reached_through_id=ppg)
    with pytest.raises(ValidationError) as caught:
        edit(ctx, practice, reached_through_id=forum)
    assert caught.value.errors["reached_through_id"] == (
        "would make a circle: Patient Forum is reached through Friends of Fernbridge, "
        "which is reached through this group")
    assert org_service.get_organisation(ctx, practice).reached_through_id is None


def test_a_link_to_an_organisation_not_in_the_register_is_refused_and_nothing_is_made(ctx):
    with pytest.raises(ValidationError) as caught:
        make_org(ctx, "Orphan PPG", reached_through_id=999)
    assert "is not in the register" in caught.value.errors["reached_through_id"]
    with ctx.session() as s:
        assert s.scalars(select(Organisation.name)).all() == []


def test_deleting_the_practice_clears_the_link_and_undo_puts_both_back(ctx):
    practice, ppg = practice_and_ppg(ctx)
    org_service.delete_organisations(ctx, [ppg, practice])
    ctx.undo.undo()
    assert org_service.get_organisation(ctx, ppg).reached_through_id == practice
    org_service.delete_organisations(ctx, [practice])
    assert org_service.get_organisation(ctx, ppg).reached_through_id is None
    ctx.undo.undo()
    assert org_service.get_organisation(ctx, ppg).reached_through_id == practice


def test_undoing_an_edit_does_not_link_to_an_organisation_deleted_since(ctx):
    practice, ppg = practice_and_ppg(ctx)
    other = make_org(ctx, "Oakhaven Surgery", org_type="GP practice", **PRACTICE_ADDRESS)
    edit(ctx, ppg, reached_through_id=other)
    edit(ctx, ppg, notes="moved")
    with ctx.session() as s:         # not through the service: nothing on the undo stack in between
        s.delete(s.get(Organisation, practice))
    ctx.undo.undo()
    ctx.undo.undo()
    assert org_service.get_organisation(ctx, ppg).reached_through_id is None


def test_migration_0004_adds_the_link_with_its_foreign_key_and_keeps_the_sort_index(data_dir):
    ctx = open_context(data_dir)
    practice, ppg = practice_and_ppg(ctx)
    ctx.close()
    db = open_database(default_database_url(data_dir))

    def state():
        with db.engine.connect() as conn:
            columns = [r[1] for r in conn.exec_driver_sql("PRAGMA table_info(organisation)")]
            indexes = [r[1] for r in conn.exec_driver_sql("PRAGMA index_list(organisation)")]   # expression ones too
            fks = [(r[2], r[3], r[4], r[6]) for r in conn.exec_driver_sql("PRAGMA foreign_key_list(organisation)")]
            names = conn.exec_driver_sql("SELECT name FROM organisation ORDER BY id").scalars().all()
            return ("reached_through_id" in columns, "ix_organisation_reached_through_id" in indexes,
                    "ix_organisation_sort_name" in indexes,
                    ("organisation", "reached_through_id", "id", "SET NULL") in fks, names)

    both = ["Fernbridge Health Centre", "Friends of Fernbridge"]
    assert state() == (True, True, True, True, both)
    downgrade_to(db.engine, "0003")
    assert state() == (False, False, True, False, both)
    db.dispose()
    ctx = open_context(data_dir)           # upgrades from 0003, as an older copy of SDM Desktop left it
    try:
        assert org_service.get_organisation(ctx, ppg).reached_through_id is None
        edit(ctx, ppg, reached_through_id=practice)
        with ctx.db.engine.begin() as conn, pytest.raises(Exception, match="FOREIGN KEY"):
            conn.exec_driver_sql(f"UPDATE organisation SET reached_through_id = 999 WHERE id = {ppg}")
    finally:
        ctx.close()
    db = open_database(default_database_url(data_dir))
    assert state() == (True, True, True, True, both)
    with db.engine.begin() as conn:
        conn.exec_driver_sql(f"DELETE FROM organisation WHERE id = {practice}")
        assert conn.exec_driver_sql("SELECT reached_through_id FROM organisation").scalars().all() == [None]
    db.dispose()


# --- letters ----------------------------------------------------------------------------------------
def test_practice_and_its_ppg_both_chosen_get_one_letter_and_the_practice_is_left_out_with_the_reason(ctx):
    practice_and_ppg(ctx, OWN_ADDRESS)
    recipients, excluded = select_recipients(ctx, RecipientRequest("organisations"))
    assert [r.name for r in recipients] == ["Friends of Fernbridge"]
    assert recipients[0].values["address_lines"] == ["Mrs Priya Hawthorn", "Chair", "Friends of Fernbridge",
                                                     "5 Mill Lane", "FERNBRIDGE", "EX2 2BB"]
    assert [(e.name, e.reason) for e in excluded] == [
        ("Fernbridge Health Centre",
         "its Patient Participation Group, Friends of Fernbridge, is written to directly")]


def test_only_the_practice_chosen_writes_to_its_ppg_chair_by_name_at_the_practice_address(ctx):
    practice, ppg = practice_and_ppg(ctx, OWN_ADDRESS)
    recipients, excluded = select_recipients(ctx, RecipientRequest("organisations", ids=[practice]))
    assert excluded == []
    [letter] = recipients
    assert letter.values["address_lines"] == ["Mrs Priya Hawthorn", "Chair", "Friends of Fernbridge",
                                              "c/o Fernbridge Health Centre", "1 High Street", "FERNBRIDGE",
                                              "EX1 1AA"]
    assert (letter.values["salutation"], letter.values["organisation_name"]) == ("Dear Mrs Hawthorn",
                                                                               "Friends of Fernbridge")
    assert letter.values["is_gp_practice"] is False
    assert (letter.name, letter.organisation_id) == ("Friends of Fernbridge", ppg)


def test_practice_whose_ppg_has_no_contact_writes_to_the_ppgs_addressee_role(ctx):
    practice, ppg = practice_and_ppg(ctx, chair=False)
    edit(ctx, ppg, name="Fernbridge Health Centre PPG", addressee_role="The Secretary")
    [letter], _ = select_recipients(ctx, RecipientRequest("organisations", RegisterFilter(org_type="GP practice")))
    assert letter.values["address_lines"] == ["The Secretary", "Fernbridge Health Centre PPG", "1 High Street",
                                              "FERNBRIDGE", "EX1 1AA"]       # the name says where: no "c/o"
    assert letter.values["salutation"] == "Dear Secretary"


def test_a_ppg_without_an_address_of_its_own_is_written_to_at_its_practice(ctx):
    practice_and_ppg(ctx)
    [letter], _ = select_recipients(ctx, RecipientRequest("organisations", RegisterFilter(org_type=PPG)))
    assert letter.values["address_lines"] == ["Mrs Priya Hawthorn", "Chair", "Friends of Fernbridge",
                                              "c/o Fernbridge Health Centre", "1 High Street", "FERNBRIDGE",
                                              "EX1 1AA"]
    assert (letter.values["postcode"], letter.values["address_line1"]) == ("EX1 1AA", "1 High Street")


def test_a_group_with_no_address_anywhere_is_left_out_saying_where_it_looked(ctx):
    practice = make_org(ctx, "Addressless Surgery", org_type="GP practice")
    make_org(ctx, "Addressless PPG", reached_through_id=practice)
    recipients, excluded = select_recipients(ctx, RecipientRequest("organisations"))
    assert recipients == []
    assert {e.name: e.reason for e in excluded} == {
        "Addressless PPG": "no postal address (first line and postcode are needed), nor has Addressless Surgery, "
                           "through which it is reached",
        "Addressless Surgery": "no postal address (first line and postcode are needed)"}


def test_a_practice_without_a_linked_ppg_is_written_to_as_before(ctx):
    make_org(ctx, "Fernbridge Health Centre", org_type="GP practice", **PRACTICE_ADDRESS)
    make_org(ctx, "Unlinked PPG", **OWN_ADDRESS)
    recipients, excluded = select_recipients(ctx, RecipientRequest("organisations"))
    assert [r.values["address_lines"][:3] for r in recipients] == [
        ["The Chair", "Patient Participation Group", "Fernbridge Health Centre"],
        ["The Chair", "Unlinked PPG", "5 Mill Lane"]]
    assert recipients[0].values["is_gp_practice"] is True and excluded == []


def test_an_inactive_ppg_does_not_stand_in_for_its_practice(ctx):
    practice, ppg = practice_and_ppg(ctx, OWN_ADDRESS)
    edit(ctx, ppg, active=False)
    recipients, excluded = select_recipients(ctx, RecipientRequest("organisations"))
    assert [r.name for r in recipients] == ["Fernbridge Health Centre - PPG"]
    assert [(e.name, e.reason) for e in excluded] == [("Friends of Fernbridge", "the group is marked inactive")]


def test_the_practice_rule_survives_renaming_the_types(ctx):
    practice, ppg = practice_and_ppg(ctx, OWN_ADDRESS)
    rename_type(ctx, "GP practice", "General practice")
    rename_type(ctx, PPG, "PPG")
    recipients, excluded = select_recipients(ctx, RecipientRequest("organisations"))
    assert [r.name for r in recipients] == ["Friends of Fernbridge"]
    assert [e.name for e in excluded] == ["Fernbridge Health Centre"]


def test_a_mailing_to_the_practice_is_recorded_against_its_ppg(ctx, tmp_path):
    practice, ppg = practice_and_ppg(ctx, OWN_ADDRESS)
    request = LetterRequest(bundled_dir() / "letter_group_invitation.docx", tmp_path / "out",
                            RecipientRequest("organisations", RegisterFilter(org_type="GP practice")),
                            run_fields={"event_name": "a welcome evening"})
    result = write_letters(ctx, request)
    assert [p.name for p in result.files] == ["001 Friends of Fernbridge.docx"]
    with ctx.session() as s:
        chair = s.scalar(select(Person.id).where(Person.last_name == "Hawthorn"))
        assert s.execute(select(Letter.organisation_id, Letter.person_id)).all() == [(ppg, chair)]


def test_letters_to_every_group_of_the_sample_data_write_once_to_each_ppg(demo_ctx, tmp_path, capsys):
    from sdm_desktop.cli import main

    with demo_ctx.session() as s:
        groups = s.scalar(select(func.count()).select_from(Organisation).where(Organisation.archived_at.is_(None)))
        linked = dict(s.execute(select(Organisation.name, Organisation.reached_through_id)
                                .where(Organisation.reached_through_id.is_not(None))).all())
        practice_names = dict(s.execute(select(Organisation.id, Organisation.name)
                                        .where(Organisation.id.in_(linked.values()))).all())
    data_dir = demo_ctx.data_dir
    demo_ctx.close()
    code = main(["--data-dir", str(data_dir), "letters", "render", "letter_group_invitation.docx",
                 "-o", str(tmp_path / "all"), "--set", "event_name=a welcome evening"])
    out, err = capsys.readouterr()
    assert code == 0, err
    left_out = [line.removeprefix("left out: ") for line in err.splitlines() if line.startswith("left out: ")]
    for ppg, practice in linked.items():
        assert f"{practice_names[practice]}: its Patient Participation Group, {ppg}, is written to directly" in left_out
    others = [line for line in left_out if "is written to directly" not in line]
    written = int(out.split("Wrote ")[1].split(" ")[0])
    assert written == groups - len(linked) - len(others)
    files = sorted(p.name for p in (tmp_path / "all").iterdir())
    assert len(files) == written
    assert sum(ppg in name for name in files for ppg in linked) == len(linked)      # each PPG once


# --- import and export ------------------------------------------------------------------------------
def write_rows(path, rows):
    import csv

    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def links_by_name(ctx) -> dict[str, str | None]:
    with ctx.session() as s:
        names = dict(s.execute(select(Organisation.id, Organisation.name)).all())
        return {names[i]: names.get(t) for i, t in s.execute(select(Organisation.id, Organisation.reached_through_id))}


def test_import_links_a_group_to_a_practice_by_ods_code_or_name_and_notes_what_it_cannot_find(ctx, tmp_path):
    from sdm_desktop.services.importing import ImportOptions, run_import

    make_org(ctx, "Fernbridge Health Centre", org_type="GP practice", ods_code="Y99001", **PRACTICE_ADDRESS)
    make_org(ctx, "Oakhaven Surgery", org_type="GP practice", **PRACTICE_ADDRESS)
    path = write_rows(tmp_path / "ppgs.csv", [
        ["Name", "Type", "Reached through"],
        ["Fernbridge PPG", PPG, "y99001"],
        ["Oakhaven PPG", PPG, "oakhaven  surgery"],
        ["Lost PPG", PPG, "Y12345"],
        ["Forum", "Other", ""]])
    dry = run_import(ctx, path, ImportOptions(dry_run=True))
    assert [(n.line, n.reason) for n in dry.warnings] == [
        (4, "reached_through: no organisation has the ODS code or name 'Y12345'; imported without the link")]
    assert set(links_by_name(ctx)) == {"Fernbridge Health Centre", "Oakhaven Surgery"}      # dry run: nothing
    report = run_import(ctx, path, ImportOptions())
    assert report.created == 4 and report.rejected == [] and len(report.warnings) == 1
    assert links_by_name(ctx) == {"Fernbridge Health Centre": None, "Oakhaven Surgery": None,
                                  "Fernbridge PPG": "Fernbridge Health Centre", "Oakhaven PPG": "Oakhaven Surgery",
                                  "Lost PPG": None, "Forum": None}


def test_links_within_one_file_import_whatever_the_order_and_circles_are_left_out(ctx, tmp_path):
    from sdm_desktop.services.importing import ImportOptions, run_import

    path = write_rows(tmp_path / "groups.csv", [
        ["Name", "Type", "ODS code", "Reached through", "Postcode"],
        ["Millbrook PPG", PPG, "", "Y99003", "EX1 1AA"],
        ["Millbrook Surgery", "GP practice", "Y99003", "", "EX1 1AA"],
        ["Loop A", "Other", "", "Loop B", ""],
        ["Loop B", "Other", "", "Loop A", ""]])
    report = run_import(ctx, path, ImportOptions())
    assert [(n.line, n.reason) for n in report.warnings] == [
        (5, "reached_through: 'Loop A' is itself reached through this group, which would make a circle; "
            "imported without the link")]
    assert links_by_name(ctx) == {"Millbrook PPG": "Millbrook Surgery", "Millbrook Surgery": None,
                                  "Loop A": "Loop B", "Loop B": None}


def test_export_names_the_practice_by_ods_code_and_reimports_to_the_same_links(ctx, tmp_path):
    from sdm_desktop.services.exporting.tables import write_table
    from sdm_desktop.services.importing import ImportOptions, run_import
    from sdm_desktop.services.opening import open_context
    from sdm_desktop.services.register.export import ExportOptions, organisations_table

    practice, ppg = practice_and_ppg(ctx, OWN_ADDRESS, chair=False)
    forum = make_org(ctx, "Patient Forum", org_type="Other", reached_through_id=ppg)
    table = organisations_table(ctx, ExportOptions(RegisterFilter()))
    column = table.headers.index("reached_through")
    assert {row[1]: row[column] for row in table.rows} == {
        "Fernbridge Health Centre": None, "Friends of Fernbridge": "Y99001", "Patient Forum": "Friends of Fernbridge"}
    path = tmp_path / "organisations.xlsx"
    write_table(table, path)
    target = open_context(tmp_path / "target")
    try:
        report = run_import(target, path, ImportOptions(kind="organisations"))
        assert report.created == 3 and report.warnings == [] and report.rejected == []
        assert links_by_name(target) == links_by_name(ctx)
    finally:
        target.close()
    assert forum


def test_reimporting_the_ods_list_of_practices_keeps_the_links_to_them(ctx, tmp_path):
    from importexport_files import EPRACCUR_ROWS
    from sdm_desktop.services.importing import ImportOptions, run_import

    run_import(ctx, write_rows(tmp_path / "epraccur.csv", EPRACCUR_ROWS), ImportOptions())
    ppg_file = write_rows(tmp_path / "ppg.csv", [["Name", "Type", "Reached through"], ["Densham PPG", PPG, "A81001"]])
    run_import(ctx, ppg_file, ImportOptions())
    report = run_import(ctx, write_rows(tmp_path / "again.csv", EPRACCUR_ROWS), ImportOptions(on_duplicate="update"))
    assert report.updated == 2
    assert links_by_name(ctx)["Densham PPG"] == "The Densham Surgery"


def test_undoing_the_import_of_practices_that_ppgs_were_linked_to_since_is_refused_with_the_reason(ctx, tmp_path):
    from importexport_files import EPRACCUR_ROWS
    from sdm_desktop.services.importing import ImportOptions, run_import, undo_impact

    batch = run_import(ctx, write_rows(tmp_path / "epraccur.csv", EPRACCUR_ROWS), ImportOptions()).batch_id
    with ctx.session() as s:
        densham = s.scalar(select(Organisation.id).where(Organisation.ods_code == "A81001"))
    make_org(ctx, "Densham PPG", reached_through_id=densham)
    assert "1 “reached through” link recorded since" in undo_impact(ctx, batch).losses()


def test_an_import_whose_rows_link_to_each_other_undoes_as_a_whole(ctx, tmp_path):
    from sdm_desktop.services.importing import ImportOptions, run_import, undo_batch

    path = write_rows(tmp_path / "groups.csv", [["Name", "Type", "ODS code", "Reached through"],
                                                ["Millbrook PPG", PPG, "", "Y99003"],
                                                ["Millbrook Surgery", "GP practice", "Y99003", ""]])
    batch = run_import(ctx, path, ImportOptions()).batch_id
    assert undo_batch(ctx, batch).removed == 2
    assert links_by_name(ctx) == {}


# --- search -----------------------------------------------------------------------------------------
def found(ctx, text: str) -> set[str]:
    from sdm_desktop.services.register.search import search_organisation_ids
    return {org_service.organisation_name(ctx, i) for i in search_organisation_ids(ctx, RegisterFilter(text=text))}


def test_a_group_is_found_by_the_name_and_ods_code_of_what_it_is_reached_through(ctx):
    practice_and_ppg(ctx)
    assert found(ctx, "y99001") == {"Fernbridge Health Centre", "Friends of Fernbridge"}
    assert found(ctx, "health centre") == {"Fernbridge Health Centre", "Friends of Fernbridge"}


def test_renaming_or_deleting_the_practice_changes_what_finds_its_ppg_and_undo_puts_it_back(ctx):
    practice, ppg = practice_and_ppg(ctx)
    edit(ctx, practice, name="Fernbridge Medical Practice")
    assert found(ctx, "medical practice") == {"Fernbridge Medical Practice", "Friends of Fernbridge"}
    assert found(ctx, "health centre") == set()
    org_service.delete_organisations(ctx, [practice])
    assert found(ctx, "medical practice") == set()
    ctx.undo.undo()
    assert found(ctx, "medical practice") == {"Fernbridge Medical Practice", "Friends of Fernbridge"}
    edit(ctx, ppg, reached_through_id=None)
    assert found(ctx, "medical practice") == {"Fernbridge Medical Practice"}


def test_imported_links_and_reimported_practice_names_are_searchable(ctx, tmp_path):
    from importexport_files import EPRACCUR_ROWS
    from sdm_desktop.services.importing import ImportOptions, run_import

    run_import(ctx, write_rows(tmp_path / "epraccur.csv", EPRACCUR_ROWS), ImportOptions())
    run_import(ctx, write_rows(tmp_path / "ppg.csv", [["Name", "Type", "Reached through"],
                                                     ["Densham PPG", PPG, "A81001"]]), ImportOptions())
    assert "Densham PPG" in found(ctx, "a81001")
    renamed = [list(row) for row in EPRACCUR_ROWS]
    renamed[0][1] = renamed[0][1].replace("DENSHAM", "DENSHAM AND DISTRICT")
    run_import(ctx, write_rows(tmp_path / "again.csv", renamed), ImportOptions(on_duplicate="update"))
    assert "Densham PPG" in found(ctx, "densham and district")


def test_opening_a_database_searched_by_an_older_version_makes_links_searchable(data_dir):
    from sqlalchemy import update

    from sdm_desktop.db.models import Setting
    from sdm_desktop.services.register.search_index import SETTING_KEY

    ctx = open_context(data_dir)
    practice_and_ppg(ctx)
    with ctx.session() as s:                      # as saved by version 2: without the practice's words
        s.execute(update(Organisation).where(Organisation.name == "Friends of Fernbridge")
                  .values(search_text="friends of fernbridge"))
        s.merge(Setting(key=SETTING_KEY, value="2"))
    ctx.close()
    ctx = open_context(data_dir)
    try:
        assert found(ctx, "y99001") == {"Fernbridge Health Centre", "Friends of Fernbridge"}
    finally:
        ctx.close()
