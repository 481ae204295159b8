"""Erased means erased: after the data folder moves, in the large-print documents, and after a restore."""

from __future__ import annotations

import shutil

from sqlalchemy import select, update

from helpers import make_person
from letter_docs import simple_letter
from sdm_desktop.db.models import Letter, LetterRun
from sdm_desktop.services.letters.recipients import RecipientRequest
from sdm_desktop.services.letters.runs import LetterRequest, write_letters
from sdm_desktop.services.opening import open_context
from sdm_desktop.services.privacy.erase import erase_people, erase_plan

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
