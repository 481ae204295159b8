"""Erased means erased: after the data folder moves, in the large-print documents, and after a restore."""

from __future__ import annotations

import json
import shutil
import sqlite3
import uuid

import pytest
from sqlalchemy import select, update

from helpers import make_person
from letter_docs import simple_letter
from sdm_desktop.cli import main
from sdm_desktop.db.engine import downgrade_to, open_database
from sdm_desktop.db.models import Letter, LetterRun, Person
from sdm_desktop.errors import UserError
from sdm_desktop.services.core import maintenance
from sdm_desktop.services.letters.recipients import RecipientRequest
from sdm_desktop.services.letters.runs import LetterRequest, write_letters
from sdm_desktop.services.opening import open_context
from sdm_desktop.services.privacy.erase import erase_people, erase_plan
from sdm_desktop.services.register import people as people_service

ADDRESS = {"address_line1": "1 High Street", "town": "Fernbridge", "postcode": "EX1 1AA"}


def letters_in_data_folder(ctx, tmp_path, **kw):
    request = LetterRequest(simple_letter(tmp_path / "t.docx"), ctx.data_dir / "letters" / "mailing",
                            RecipientRequest("people"), **kw)
    return write_letters(ctx, request)


def moved(ctx, tmp_path):
    """The data folder moved to another place (another drive, a USB stick), and opened there."""
    ctx.close()
    target = tmp_path / "usb stick" / "data"
    target.parent.mkdir()
    shutil.move(ctx.data_dir, target)
    return open_context(target)


def test_letter_files_are_recorded_relative_to_the_data_folder(ctx, tmp_path):
    make_person(ctx, "Able", "Ann", **ADDRESS)
    letters_in_data_folder(ctx, tmp_path)
    with ctx.session() as s:
        recorded = list(s.scalars(select(Letter.file_path))) + list(s.execute(
            select(LetterRun.output_dir, LetterRun.combined_path)).one())
    assert recorded == ["letters/mailing/001 Ann Able.docx", "letters/mailing",
                        "letters/mailing/All letters - t.docx"]


def test_after_the_data_folder_is_moved_erase_deletes_the_files_and_names_those_not_found(ctx, tmp_path):
    ann = make_person(ctx, "Able", "Ann", **ADDRESS)
    ben = make_person(ctx, "Baker", "Ben", **ADDRESS)
    letters_in_data_folder(ctx, tmp_path)
    ctx = moved(ctx, tmp_path)
    try:
        folder = ctx.data_dir / "letters" / "mailing"
        (folder / "002 Ben Baker.docx").unlink()               # deleted by hand before the erase

        plan = "\n".join(erase_plan(ctx, [ann, ben]).lines())
        report = erase_people(ctx, [ann, ben])

        assert "1 file deleted from the data folder" in plan
        assert f"not found (moved or deleted already; if it still exists elsewhere, delete it by hand): " \
               f"{folder / '002 Ben Baker.docx'}" in plan
        assert report.files_deleted == [folder / "001 Ann Able.docx"]
        assert not (folder / "001 Ann Able.docx").exists()
        assert report.files_missing == [folder / "002 Ben Baker.docx"]
        assert f"Not found (moved or deleted already; if they still exist elsewhere, delete them by hand): " \
               f"{folder / '002 Ben Baker.docx'}" in report.summary()
    finally:
        ctx.close()


def test_absolute_paths_recorded_before_into_a_moved_data_folder_are_still_found(ctx, tmp_path):
    ann = make_person(ctx, "Able", "Ann", **ADDRESS)
    letters_in_data_folder(ctx, tmp_path)
    old_file = ctx.data_dir / "letters" / "mailing" / "001 Ann Able.docx"
    with ctx.session() as s:                                    # as earlier versions recorded it
        s.execute(update(Letter).values(file_path=str(old_file)))
    ctx = moved(ctx, tmp_path)
    try:
        report = erase_people(ctx, [ann])
        new_file = ctx.data_dir / "letters" / "mailing" / "001 Ann Able.docx"
        assert report.files_deleted == [new_file] and not new_file.exists()
        with ctx.session() as s:
            assert list(s.scalars(select(Letter.file_path))) == [None]
    finally:
        ctx.close()


def test_erase_plan_names_the_large_print_combined_document_that_holds_the_person(ctx, tmp_path):
    bea = make_person(ctx, "Big", "Bea", needs_large_print=True, **ADDRESS)
    sid = make_person(ctx, "Small", "Sid", **ADDRESS)
    result = letters_in_data_folder(ctx, tmp_path)
    large = next(p for p in result.combined if "(large print)" in p.name)
    standard = next(p for p in result.combined if "(large print)" not in p.name)
    not_changed = "  - not changed (a combined document that holds other people's letters too): "

    bea_plan = erase_plan(ctx, [bea]).lines()
    sid_plan = erase_plan(ctx, [sid]).lines()
    erase_people(ctx, [bea])

    assert not_changed + str(large) in bea_plan and not_changed + str(standard) not in bea_plan
    assert not_changed + str(standard) in sid_plan and not_changed + str(large) not in sid_plan
    assert large.exists() and standard.exists() and not result.files[0].exists()


# --- a restored backup does not bring erased people back ---------------------------------------------
def test_every_person_gets_a_distinct_random_identifier(ctx):
    ids = [make_person(ctx, "One"), make_person(ctx, "Two")]
    with ctx.session() as s:
        uids = list(s.scalars(select(Person.uid).where(Person.id.in_(ids))))
    assert len(set(uids)) == 2 and all(uuid.UUID(u).version == 4 for u in uids)


def test_the_register_of_erasures_holds_identifiers_and_dates_only(ctx):
    person = make_person(ctx, "Quillfeather", "Perpetua", email="perpetua@example.org")
    with ctx.session() as s:
        uid = s.get(Person, person).uid
    erase_people(ctx, [person])
    text = (ctx.data_dir / "erasures.json").read_text(encoding="utf-8")
    entries = json.loads(text)
    assert [set(e) for e in entries] == [{"uid", "erased_on"}] and entries[0]["uid"] == uid
    assert "Quillfeather" not in text and "perpetua" not in text.lower()
    assert not list(ctx.data_dir.glob(".erasures.json.*"))                 # written whole, nothing left over


def test_restoring_an_older_backup_in_the_window_erases_the_person_again(ctx):
    person = make_person(ctx, "Quillfeather", "Perpetua")
    kept = make_person(ctx, "Keeper")
    backup = maintenance.backup_now(ctx.data_dir, ctx.db.url)
    erase_people(ctx, [person])

    restored = maintenance.restore_in_place(ctx, backup)

    assert restored.erased_again == 1 and "1 person erased since this backup was made was erased again" \
        in restored.sentence()
    assert people_service.get_person(ctx, person).last_name == f"Erased person {person}"
    assert people_service.get_person(ctx, kept).last_name == "Keeper"
    assert len(json.loads((ctx.data_dir / "erasures.json").read_text())) == 1      # listed once


def test_file_restore_in_the_window_erases_the_person_again_and_says_so(window, ctx, answer_prompts):
    from sdm_desktop.ui.privacy.restore import restore_from_backup

    person = make_person(ctx, "Quillfeather", "Perpetua")
    backup = maintenance.backup_now(ctx.data_dir, ctx.db.url)
    erase_people(ctx, [person])
    asked = answer_prompts(True)

    assert restore_from_backup(window, backup)

    assert "1 person erased since this backup was made was erased again." in asked[-1]
    assert people_service.get_person(ctx, person).last_name == f"Erased person {person}"


def test_restoring_an_older_backup_from_the_command_line_erases_the_person_again(ctx, tmp_path, capsys):
    person = make_person(ctx, "Quillfeather", "Perpetua")
    backup = maintenance.backup_now(ctx.data_dir, ctx.db.url)
    erase_people(ctx, [person])
    data_dir = ctx.data_dir
    ctx.close()

    code = main(["--data-dir", str(data_dir), "restore", str(backup)])

    out = capsys.readouterr().out
    assert code == 0 and "1 person erased since this backup was made was erased again." in out
    conn = sqlite3.connect(data_dir / "sdm-desktop.sqlite3")
    try:
        assert conn.execute("SELECT last_name FROM person").fetchall() == [(f"Erased person {person}",)]
    finally:
        conn.close()


def test_an_unwritable_register_of_erasures_stops_the_erase_before_anything_changes(ctx):
    person = make_person(ctx, "Quillfeather", "Perpetua")
    (ctx.data_dir / "erasures.json").mkdir()                                 # cannot be read or replaced
    with pytest.raises(UserError, match="register of erasures"):
        erase_people(ctx, [person])
    assert people_service.get_person(ctx, person).last_name == "Quillfeather"


def test_migration_0005_gives_existing_people_distinct_identifiers_and_keeps_the_sort_index(tmp_path):
    url = f"sqlite:///{tmp_path / 'm.sqlite3'}"
    db = open_database(url)
    downgrade_to(db.engine, "0004")
    with db.engine.begin() as conn:
        for name in ("One", "Two", "Three"):
            conn.exec_driver_sql("INSERT INTO person (last_name, search_text, needs_large_print, needs_easy_read, "
                                 "needs_interpreter, is_patient_rep, do_not_contact, consent_contact, consent_data, "
                                 "special_category_consent, active, created_at, updated_at) "
                                 f"VALUES ('{name}', '', 0, 0, 0, 0, 0, 0, 0, 0, 1, '2026-01-01', '2026-01-01')")
    db.dispose()
    db = open_database(url)
    with db.engine.connect() as conn:
        uids = [r[0] for r in conn.exec_driver_sql("SELECT uid FROM person")]
        indexes = {r[1]: r[2] for r in conn.exec_driver_sql("PRAGMA index_list(person)")}
    db.dispose()
    assert len(set(uids)) == 3 and all(uuid.UUID(u) for u in uids)
    assert indexes.get("ix_person_uid") == 1 and "ix_person_sort_name" in indexes


# --- how long backups keep an erased person ------------------------------------------------------------
def _automatic_backups(data_dir, days: int) -> list:
    folder = data_dir / "backups"
    made = []
    for day in range(1, days + 1):
        made.append(folder / f"sdm-desktop-automatic-202601{day:02d}-090000-000000.sqlite3")
        shutil.copyfile(data_dir / "sdm-desktop.sqlite3", made[-1])
    return made


def test_backup_keep_sets_how_many_daily_backups_are_kept_and_removes_older_ones(ctx, capsys):
    person = make_person(ctx, "Quillfeather")
    made = _automatic_backups(ctx.data_dir, 6)
    data_dir = ctx.data_dir
    ctx.close()

    code = main(["--data-dir", str(data_dir), "backup", "--keep", "3"])

    assert code == 0 and "The newest 3 daily backups are kept from now on; 3 older ones removed." \
        in capsys.readouterr().out
    assert sorted((data_dir / "backups").glob("sdm-desktop-automatic-*")) == made[3:]
    ctx = open_context(data_dir)                 # the next daily backup keeps to the number set
    try:
        assert maintenance.automatic_backup(ctx.data_dir, ctx.db.url) is not None
        kept = sorted((data_dir / "backups").glob("sdm-desktop-automatic-*"))
        assert len(kept) == 3 and made[3] not in kept and person
    finally:
        ctx.close()


@pytest.mark.parametrize("value", ["0", "-1", "3651", "ten", "1e3"])
def test_backup_keep_refuses_a_number_out_of_range_as_a_usage_error(data_dir, value, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["--data-dir", str(data_dir), "backup", "--keep", value])
    assert stopped.value.code == 2 and "from 1 to 3650" in capsys.readouterr().err
    assert not (data_dir / "backup-settings.json").exists()


def test_without_a_setting_ten_daily_backups_are_kept(ctx):
    _automatic_backups(ctx.data_dir, 12)
    maintenance.automatic_backup(ctx.data_dir, ctx.db.url)
    assert len(list((ctx.data_dir / "backups").glob("sdm-desktop-automatic-*"))) == 10
