"""Undo of an import batch when the register moved on: nothing done since is lost without saying so."""

from __future__ import annotations

from datetime import date

import pytest

from helpers import make_org, make_person
from importexport_files import EPRACCUR_ROWS, write_csv
from sdm_desktop.cli import main
from sdm_desktop.errors import UserError
from sdm_desktop.services.engagement.interactions import InteractionInput, create_interaction
from sdm_desktop.services.importing import (
    ImportOptions,
    UndoWouldLoseWork,
    list_batches,
    run_import,
    undo_batch,
    undo_impact,
)
from sdm_desktop.services.register.organisations import delete_organisations, get_organisation, update_organisation
from sdm_desktop.services.register.people import get_person, update_person
from sdm_desktop.services.register.search import RegisterFilter, search_organisation_ids, search_person_ids


def import_practices(ctx, tmp_path, rows=EPRACCUR_ROWS, **options):
    return run_import(ctx, write_csv(tmp_path / "epraccur.csv", rows), ImportOptions(**options))


def practice_id(ctx, code: str) -> int:
    return next(i for i in search_organisation_ids(ctx, RegisterFilter(include_archived=True))
                if get_organisation(ctx, i).ods_code == code)


def test_a_batch_nobody_touched_since_is_undone_without_question(ctx, tmp_path):
    report = import_practices(ctx, tmp_path)
    impact = undo_impact(ctx, report.batch_id)
    assert (impact.to_remove, impact.loses_work) == (2, False)
    assert undo_batch(ctx, report.batch_id).removed == 2
    assert search_organisation_ids(ctx, RegisterFilter()) == []


def test_a_batch_of_tagged_records_is_undone_without_question(ctx, tmp_path):
    """Their tags came with them: they are not work recorded since."""
    people = run_import(ctx, write_csv(tmp_path / "people.csv", [["First name", "Surname", "Tags"],
                                                                  ["Ada", "Lovelace", "carers, ppg"],
                                                                  ["Bilal", "Nightjar", ""]]),
                        ImportOptions(kind="people"))
    groups = run_import(ctx, write_csv(tmp_path / "groups.csv", [["Name", "Tags"], ["Riverside PPG", "ppg"]]),
                        ImportOptions(kind="organisations"))
    for report in (people, groups):
        assert undo_impact(ctx, report.batch_id).loses_work is False
        undo_batch(ctx, report.batch_id)
    assert search_person_ids(ctx, RegisterFilter()) == [] == search_organisation_ids(ctx, RegisterFilter())


def test_undo_is_refused_when_an_imported_record_was_edited_since_and_forcing_it_says_what_went(ctx, tmp_path):
    report = import_practices(ctx, tmp_path)
    densham = practice_id(ctx, "A81001")
    edited = get_organisation(ctx, densham)
    edited.notes = "Practice manager: Sam, prefers email"
    update_organisation(ctx, densham, edited)
    with pytest.raises(UndoWouldLoseWork) as refused:
        undo_batch(ctx, report.batch_id)
    assert str(refused.value) == ("Import batch 1 was not undone: 1 record it created was edited since "
                                  "(The Densham Surgery) and would be deleted.")
    assert get_organisation(ctx, densham).notes == "Practice manager: Sam, prefers email"   # nothing changed
    assert not list_batches(ctx)[0].undone
    result = undo_batch(ctx, report.batch_id, force=True)
    assert result.removed == 2 and "The Densham Surgery" in result.lost
    assert search_organisation_ids(ctx, RegisterFilter()) == [] and list_batches(ctx)[0].undone


def test_undo_counts_what_was_recorded_against_imported_records(ctx, tmp_path):
    report = import_practices(ctx, tmp_path)
    densham = practice_id(ctx, "A81001")
    for summary in ("Asked the PPG about the SDM pilot", "Follow-up call"):
        create_interaction(ctx, InteractionInput(occurred_on=date(2026, 3, 2), summary=summary,
                                                 organisation_id=densham))
    make_person(ctx, "Patel", "Priya", orgs=[(densham, "chair")])
    impact = undo_impact(ctx, report.batch_id)
    assert impact.losses() == ("2 interactions, 1 membership recorded since against records it created would be "
                               "deleted with them")
    with pytest.raises(UndoWouldLoseWork):
        undo_batch(ctx, report.batch_id)
    assert len(search_organisation_ids(ctx, RegisterFilter())) == 2


def test_undo_of_updates_changed_again_since_is_refused_and_deleted_ones_are_not_brought_back(ctx, tmp_path):
    riverside = make_org(ctx, "Riverside PPG", email="riverside@example.org", phone="01632 000001")
    gone = make_org(ctx, "Hilltop Carers", email="hilltop@example.org")
    path = write_csv(tmp_path / "groups.csv", [["Name", "Email", "Phone"],
                                               ["Riverside PPG", "riverside@example.org", "01632 999999"],
                                               ["Hilltop Carers", "hilltop@example.org", "01632 888888"]])
    report = run_import(ctx, path, ImportOptions(on_duplicate="update"))
    assert report.updated == 2
    delete_organisations(ctx, [gone])
    impact = undo_impact(ctx, report.batch_id)
    assert (impact.to_restore, impact.gone, impact.loses_work) == (1, 1, False)
    changed = get_organisation(ctx, riverside)
    changed.phone = "01632 777777"
    update_organisation(ctx, riverside, changed)
    with pytest.raises(UndoWouldLoseWork, match=r"1 record it updated was changed again since \(Riverside PPG\) "
                                                r"and would lose those changes"):
        undo_batch(ctx, report.batch_id)
    result = undo_batch(ctx, report.batch_id, force=True)
    assert (result.restored, result.gone) == (1, 1)
    assert result.message() == ("Import batch 1 undone: 0 created records removed, 1 updated record restored "
                                "(1 updated record had been deleted since and stay deleted).")
    assert get_organisation(ctx, riverside).phone == "01632 000001"
    assert [get_organisation(ctx, i).name for i in search_organisation_ids(ctx, RegisterFilter())] == ["Riverside PPG"]


def test_undoing_an_earlier_batch_that_a_later_one_updated_is_refused(ctx, tmp_path):
    first = import_practices(ctx, tmp_path)
    rows = [list(r) for r in EPRACCUR_ROWS]
    rows[0][17] = "01642 000000"                      # the practice's new phone number
    second = import_practices(ctx, tmp_path, rows, on_duplicate="update")
    assert second.updated == 2
    with pytest.raises(UndoWouldLoseWork, match="2 records it created were edited since"):
        undo_batch(ctx, first.batch_id)
    undo_batch(ctx, second.batch_id)                  # the later one first: then the earlier is clean again
    assert undo_batch(ctx, first.batch_id).removed == 2


def test_undo_twice_is_refused_with_when(ctx, tmp_path):
    report = import_practices(ctx, tmp_path)
    undo_batch(ctx, report.batch_id)
    with pytest.raises(UserError, match=r"Import batch 1 was already undone on \d\d \w+ \d{4}"):
        undo_batch(ctx, report.batch_id)
    with pytest.raises(UserError, match="already undone"):
        undo_impact(ctx, report.batch_id)


def test_people_batch_undo_ignores_its_own_memberships_but_not_later_edits(ctx, tmp_path):
    org = make_org(ctx, "Riverside PPG")
    path = write_csv(tmp_path / "people.csv", [["First name", "Last name", "Groups"],
                                               ["Ada", "Lovelace", "Riverside PPG (chair)"]])
    report = run_import(ctx, path, ImportOptions(kind="people"))
    assert undo_impact(ctx, report.batch_id).loses_work is False
    [ada] = search_person_ids(ctx, RegisterFilter())
    person = get_person(ctx, ada)
    person.email = "ada@example.org"
    update_person(ctx, ada, person)
    assert undo_impact(ctx, report.batch_id).edited_created == ["Ada Lovelace"]
    assert org in search_organisation_ids(ctx, RegisterFilter())


def test_cli_undo_refuses_with_one_line_shows_a_dry_run_and_forces(data_dir, tmp_path, capsys, ctx):
    report = import_practices(ctx, tmp_path)
    densham = practice_id(ctx, "A81001")
    create_interaction(ctx, InteractionInput(occurred_on=date(2026, 3, 2), summary="Call", organisation_id=densham))
    ctx.close()
    args = ["--data-dir", str(data_dir), "import", "--undo", str(report.batch_id)]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert err.strip() == ("sdm-desktop: error: Import batch 1 was not undone: 1 interaction recorded since against "
                           "records it created would be deleted with them. Nothing was changed; to undo anyway add "
                           "--force (see first: sdm-desktop import --undo 1 --dry-run).")
    assert main(args + ["--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "would remove 2 created records and restore 0 updated records" in out
    assert "Undoing needs --force" in out and "Dry run: nothing was changed." in out
    assert main(args + ["--force"]) == 0
    out, err = capsys.readouterr()
    assert "Import batch 1 undone: 2 created records removed" in out
    assert "Work given up with --force: 1 interaction recorded since" in err
    assert main(["--data-dir", str(data_dir), "import", "--force", str(tmp_path / "epraccur.csv")]) == 2


def test_refreshing_search_text_is_not_an_edit_that_blocks_undoing_an_import(ctx, tmp_path):
    from sqlalchemy import update

    from sdm_desktop.db.models import Organisation, Setting
    from sdm_desktop.services.register.organisation_types import rename_type
    from sdm_desktop.services.register.search_index import SETTING_KEY, ensure_search_text_current

    org = make_org(ctx, "Riverside PPG")
    people = run_import(ctx, write_csv(tmp_path / "people.csv", [["First name", "Last name", "Groups"],
                                                                 ["Ada", "Lovelace", "Riverside PPG (chair)"]]),
                        ImportOptions(kind="people"))
    practices = import_practices(ctx, tmp_path)
    renamed = get_organisation(ctx, org)
    renamed.name = "Riverside Patient Participation Group"
    update_organisation(ctx, org, renamed)                  # Ada's search text now holds the new name
    rename_type(ctx, "GP practice", "GP surgery")           # so does each imported practice's
    with ctx.session() as s:                                # as after an upgrade to a newer search text
        s.execute(update(Organisation).values(search_text="", updated_at=Organisation.updated_at))
        s.merge(Setting(key=SETTING_KEY, value="0"))
    with ctx.session() as s:
        assert ensure_search_text_current(s) >= 3          # rebuilt: the PPG and both practices
    assert search_person_ids(ctx, RegisterFilter(text="riverside patient")) != []
    assert search_organisation_ids(ctx, RegisterFilter(text="gp surgery")) != []
    assert undo_impact(ctx, people.batch_id).loses_work is False
    assert undo_impact(ctx, practices.batch_id).loses_work is False
