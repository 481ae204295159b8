"""sdm-desktop privacy …: exit codes and messages."""

from __future__ import annotations

import csv
import zipfile
from datetime import date

import pytest

from helpers import make_person
from privacy_helpers import SECRETS, rich_person
from sdm_desktop.cli import main
from sdm_desktop.services.opening import open_context
from sdm_desktop.services.register import people as people_service


def runner(data_dir, capsys):
    def run(*words):
        code = main(["--data-dir", str(data_dir), "privacy", *words])
        out, err = capsys.readouterr()
        return code, out, err
    return run


def test_export_person_writes_the_zip_and_refuses_unknown_ids_and_bad_names(ctx, data_dir, tmp_path, capsys):
    who = rich_person(ctx, tmp_path)
    ctx.close()
    run = runner(data_dir, capsys)
    code, out, err = run("export-person", str(who.person), "-o", str(tmp_path / "sar.zip"))
    assert code == 0 and "Subject access export for Mrs Perpetua Quillfeather" in out and "2 letter files" in out
    assert "person.xlsx" in zipfile.ZipFile(tmp_path / "sar.zip").namelist()
    assert run("export-person", "777", "-o", str(tmp_path / "x.zip"))[1:] == (
        "", "sdm-desktop: error: There is no person with id 777.\n")
    code, _out, err = run("export-person", str(who.person), "-o", str(tmp_path / "x.xlsx"))
    assert code == 1 and "must end in .zip" in err
    code, _out, err = run("export-person", str(who.person), "-o", str(tmp_path / "missing" / "x.zip"))
    assert code == 1 and "does not exist" in err and len(err.splitlines()) == 1
    assert not (tmp_path / "x.zip").exists()


def test_erase_without_yes_shows_what_would_go_changes_nothing_and_exits_1(ctx, data_dir, tmp_path, capsys):
    who = rich_person(ctx, tmp_path)
    ctx.close()
    run = runner(data_dir, capsys)
    code, out, err = run("erase", str(who.person))
    assert code == 1 and "Mrs Perpetua Quillfeather (person" in out and "cannot be undone" in out
    assert err == "sdm-desktop: error: Nothing was erased. Run the same command with --yes to erase for good.\n"
    check = open_context(data_dir)
    try:
        assert people_service.get_person(check, who.person).email == SECRETS["email"]
    finally:
        check.close()
    code, out, err = run("erase", str(who.person), "--yes")
    assert code == 0 and out.startswith("Erased 1 person; 1 file deleted") and str(who.outside_file) in out
    code, out, err = run("erase", str(who.person), "--yes")
    assert code == 1 and "already erased" in err
    code, out, err = run("erase", "999", "--yes")
    assert (code, err) == (1, "sdm-desktop: error: There is no person with id 999.\n")


def test_erase_is_refused_while_the_data_folder_is_open_elsewhere(ctx, data_dir, capsys):
    person = make_person(ctx, "Busy")
    code, _out, err = runner(data_dir, capsys)("erase", str(person), "--yes")
    assert code == 1 and len(err.splitlines()) == 1
    assert people_service.get_person(ctx, person).last_name == "Busy"


def test_review_lists_people_and_saves_csv_and_keep_moves_them_off_the_list(ctx, data_dir, tmp_path, capsys):
    due = make_person(ctx, "Due", retention_review_on=date(2020, 1, 1))
    make_person(ctx, "Fine", retention_review_on=date(2099, 1, 1))
    ctx.close()
    run = runner(data_dir, capsys)
    code, out, err = run("review")
    assert code == 0 and out.splitlines() == ["Id\tName\tWhy", f"{due}\tAda Due\treview date 01/01/2020 reached"]
    assert err.startswith("1 person to review")
    code, out, _err = run("review", "-o", str(tmp_path / "review.csv"))
    assert code == 0 and "1 person to review written" in out
    with open(tmp_path / "review.csv", encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:3] == ["Id", "Name", "Why"] and rows[1][1] == "Ada Due"
    code, out, _err = run("keep", str(due))
    assert code == 0 and out.startswith("Kept 1 person; next retention review on")
    assert run("review")[1] == "Id\tName\tWhy\n"
    with pytest.raises(SystemExit) as usage:         # out of range: wrong usage, like any malformed number
        run("review", "--months", "0")
    assert usage.value.code == 2 and "--months: 0 is not from 1 to 1200" in capsys.readouterr().err
    assert run("keep", "31337")[2] == "sdm-desktop: error: There is no person with id 31337.\n"


def test_audit_prints_or_saves_the_trail_with_filters(ctx, data_dir, tmp_path, capsys):
    person = make_person(ctx, "Trail")
    other = make_person(ctx, "Elsewhere")
    ctx.close()
    run = runner(data_dir, capsys)
    code, out, err = run("audit", "--person", str(person))
    assert code == 0 and len(out.splitlines()) == 2 and f"\tcreate\tperson\t{person}\tAda Trail\t" in out
    assert err == "1 audit event\n"
    code, out, _err = run("audit", "--from", date.today().isoformat(), "-o", str(tmp_path / "audit.xlsx"))
    assert code == 0 and out == f"2 audit events written to {tmp_path / 'audit.xlsx'}\n"
    code, out, _err = run("audit", "--search", "create", "--to", "2001-01-01")
    assert (code, out) == (0, "When\tWho\tAction\tRecord\tId\tAbout\tDetail\n")
    code, _out, err = run("audit", "--from", "31/31/2026")
    assert code == 1 and len(err.splitlines()) == 1
    code, _out, err = run("audit", "--from", "2026-05-01", "--to", "2026-04-01")
    assert code == 1 and "before it starts" in err
    with pytest.raises(SystemExit) as usage:         # no record can have that id: wrong usage (exit 2)
        run("audit", "--person", "99999999999999999999")
    assert usage.value.code == 2 and "is not a person id" in capsys.readouterr().err
    assert other
