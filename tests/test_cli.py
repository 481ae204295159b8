"""The stable command line: exit codes, messages, files written."""

from __future__ import annotations

import csv
import os
import sqlite3
import subprocess
import sys

import pytest

from helpers import make_org, make_person
from sdm_desktop import __version__, paths
from sdm_desktop.cli import main
from sdm_desktop.services.opening import open_context


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_wrong_usage_exits_2(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["export"])
    assert exit_.value.code == 2
    with pytest.raises(SystemExit) as exit_:
        main(["no-such-command"])
    assert exit_.value.code == 2


def test_demo_loads_once_and_is_safe_to_repeat(data_dir, capsys):
    code, out, _ = run(capsys, "--data-dir", data_dir, "demo")
    assert code == 0 and "loaded" in out
    code, out, _ = run(capsys, "demo", "--data-dir", data_dir)
    assert code == 0 and "already loaded" in out
    conn = sqlite3.connect(data_dir / paths.DATABASE_FILE_NAME)
    orgs = conn.execute("SELECT count(*) FROM organisation").fetchone()[0]
    people = conn.execute("SELECT count(*) FROM person").fetchone()[0]
    types = conn.execute("SELECT count(DISTINCT org_type_id) FROM organisation").fetchone()[0]
    assert orgs >= 36 and people >= 100 and types == 12


def test_environment_variable_chooses_the_data_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SDM_DESKTOP_DATA_DIR", str(tmp_path / "envdata"))
    code, _, _ = run(capsys, "demo")
    assert code == 0
    assert (tmp_path / "envdata" / paths.DATABASE_FILE_NAME).exists()


def test_database_option_uses_another_file(tmp_path, data_dir, capsys):
    url = f"sqlite:///{tmp_path / 'team.sqlite3'}"
    code, _, _ = run(capsys, "--data-dir", data_dir, "--database", url, "demo")
    assert code == 0
    assert (tmp_path / "team.sqlite3").exists()
    assert not (data_dir / paths.DATABASE_FILE_NAME).exists()


def test_check_reports_a_healthy_database(demo_data_dir, capsys):
    code, out, _ = run(capsys, "--data-dir", demo_data_dir, "check")
    assert code == 0
    assert "No problems found." in out and "organisation:" in out


def test_check_fails_on_a_file_that_is_not_ours(data_dir, capsys):
    (data_dir / paths.DATABASE_FILE_NAME).write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 100)
    code, out, _ = run(capsys, "--data-dir", data_dir, "check")
    assert code == 1
    assert "not an SQLite database" in out


def test_opening_a_corrupt_database_is_one_line_exit_1(data_dir, capsys):
    (data_dir / paths.DATABASE_FILE_NAME).write_bytes(b"garbage" * 100)
    code, _, err = run(capsys, "--data-dir", data_dir, "demo")
    assert code == 1
    assert err.count("\n") == 1 and "not an SQLite database" in err
    assert "Traceback" not in err


def test_export_people_leaves_out_no_contact_and_neutralises_formulas(data_dir, capsys):
    ctx = open_context(data_dir)
    make_person(ctx, "=HYPERLINK(\"http://evil\")", "Formula")
    make_person(ctx, "Blocked", do_not_contact=True)
    make_person(ctx, "Unconsented", consent_contact=False)
    ctx.close()
    target = data_dir / "people.csv"
    code, out, err = run(capsys, "--data-dir", data_dir, "export", "people", "-o", target)
    assert code == 0 and "Exported 1 people" in out
    assert "2 people who are marked do not contact" in err
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(target.read_text(encoding="utf-8-sig").splitlines()))
    assert [r["last_name"] for r in rows] == ["'=HYPERLINK(\"http://evil\")"]
    code, out, err = run(capsys, "--data-dir", data_dir, "export", "people", "-o", target, "--include-no-contact")
    assert "Exported 3 people" in out and "Warning" in err


def test_export_organisations_to_xlsx_with_filters(data_dir, capsys):
    from openpyxl import load_workbook
    ctx = open_context(data_dir)
    make_org(ctx, "Carers One", org_type="Carers' group", tags=["north"])
    make_org(ctx, "Watchers", org_type="Healthwatch")
    ctx.close()
    target = data_dir / "orgs.xlsx"
    code, out, _ = run(capsys, "--data-dir", data_dir, "export", "organisations", "-o", target,
                       "--type", "Carers' group")
    assert code == 0
    sheet = load_workbook(target).active
    assert sheet.freeze_panes == "A2"
    assert [c.value for c in sheet[2]][1:3] == ["Carers One", "Carers' group"]
    assert sheet.max_row == 2


def test_export_to_an_unknown_suffix_is_a_user_error_and_writes_nothing(data_dir, capsys):
    code, _, err = run(capsys, "--data-dir", data_dir, "export", "people", "-o", data_dir / "people.pdf")
    assert code == 1 and ".csv or .xlsx" in err
    assert not (data_dir / "people.pdf").exists()


def test_backup_and_restore_round_trip(data_dir, tmp_path, capsys):
    ctx = open_context(data_dir)
    make_org(ctx, "Kept Group")
    ctx.close()
    code, out, _ = run(capsys, "--data-dir", data_dir, "backup", "-o", tmp_path / "b.sqlite3")
    assert code == 0 and (tmp_path / "b.sqlite3").exists()
    ctx = open_context(data_dir)
    make_org(ctx, "Added Later")
    ctx.close()
    code, out, _ = run(capsys, "--data-dir", data_dir, "restore", tmp_path / "b.sqlite3")
    assert code == 0 and "previous data was kept" in out
    conn = sqlite3.connect(data_dir / paths.DATABASE_FILE_NAME)
    assert [r[0] for r in conn.execute("SELECT name FROM organisation")] == ["Kept Group"]


def test_restore_of_a_bad_file_changes_nothing(data_dir, tmp_path, capsys):
    ctx = open_context(data_dir)
    make_org(ctx, "Precious Group")
    ctx.close()
    bogus = tmp_path / "bogus.sqlite3"
    bogus.write_text("not a database")
    code, _, err = run(capsys, "--data-dir", data_dir, "restore", bogus)
    assert code == 1 and "Not restored" in err
    conn = sqlite3.connect(data_dir / paths.DATABASE_FILE_NAME)
    assert [r[0] for r in conn.execute("SELECT name FROM organisation")] == ["Precious Group"]


def _set_revision(path, revision: str) -> None:
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    conn.commit()
    conn.close()


def _org_names(data_dir) -> list[str]:
    conn = sqlite3.connect(data_dir / paths.DATABASE_FILE_NAME)
    try:
        return [r[0] for r in conn.execute("SELECT name FROM organisation ORDER BY name")]
    finally:
        conn.close()


def test_restore_of_a_backup_from_a_newer_version_changes_nothing(data_dir, tmp_path, capsys):
    ctx = open_context(data_dir)
    make_org(ctx, "Precious Group")
    ctx.close()
    run(capsys, "--data-dir", data_dir, "backup", "-o", tmp_path / "newer.sqlite3")
    _set_revision(tmp_path / "newer.sqlite3", "0999")
    code, _, err = run(capsys, "--data-dir", data_dir, "restore", tmp_path / "newer.sqlite3")
    assert code == 1 and "Not restored" in err and "newer version" in err and "Traceback" not in err
    assert _org_names(data_dir) == ["Precious Group"]
    assert run(capsys, "--data-dir", data_dir, "check")[0] == 0


def test_a_restored_file_that_will_not_open_is_replaced_by_the_previous_data(data_dir, tmp_path, capsys):
    ctx = open_context(data_dir)
    make_org(ctx, "Precious Group")
    ctx.close()
    run(capsys, "--data-dir", data_dir, "backup", "-o", tmp_path / "odd.sqlite3")
    conn = sqlite3.connect(tmp_path / "odd.sqlite3")
    conn.execute("UPDATE organisation SET name = 'From the backup'")
    conn.commit()
    conn.close()
    # It claims the previous schema revision, but already has the newer indexes: its upgrade fails.
    _set_revision(tmp_path / "odd.sqlite3", "0001")
    code, _, err = run(capsys, "--data-dir", data_dir, "restore", tmp_path / "odd.sqlite3")
    assert code == 1 and "previous data was put back" in err
    assert _org_names(data_dir) == ["Precious Group"]
    assert run(capsys, "--data-dir", data_dir, "check")[0] == 0


def test_check_reports_broken_links_between_records(data_dir, capsys):
    ctx = open_context(data_dir)
    org = make_org(ctx, "Riverside PPG")
    make_person(ctx, "Member", orgs=[(org, "member")])
    ctx.close()
    conn = sqlite3.connect(data_dir / paths.DATABASE_FILE_NAME)   # foreign keys are off in plain sqlite3
    conn.execute("DELETE FROM organisation")
    conn.commit()
    conn.close()
    code, out, _ = run(capsys, "--data-dir", data_dir, "check")
    assert code == 1
    assert "Foreign key: row 1 of membership points to a missing organisation." in out


def test_check_reports_a_database_from_a_newer_version(data_dir, capsys):
    open_context(data_dir).close()
    _set_revision(data_dir / paths.DATABASE_FILE_NAME, "0999")
    code, out, _ = run(capsys, "--data-dir", data_dir, "check")
    assert code == 1 and "0999 is from a newer version" in out


def test_a_damaged_page_is_one_clear_line_not_a_traceback(data_dir, capsys):
    ctx = open_context(data_dir)
    for n in range(300):
        make_person(ctx, f"Person{n:03d}", notes="x" * 300)
    ctx.close()
    db = data_dir / paths.DATABASE_FILE_NAME
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'person'").fetchone()[0]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(db.read_bytes())
    start = (root - 1) * page_size          # the person table's root page: every read of it fails
    data[start + 8:start + 200] = b"\xee" * 192
    db.write_bytes(bytes(data))
    code, _, err = run(capsys, "--data-dir", data_dir, "export", "people", "-o", data_dir / "people.csv")
    assert code == 1
    assert err.count("\n") == 1 and f"database file {db} is damaged" in err and "sdm-desktop check" in err
    assert not (data_dir / "people.csv").exists()
    code, out, _ = run(capsys, "--data-dir", data_dir, "check")
    assert code == 1 and "malformed" in out


def test_a_database_locked_by_another_program_is_one_clear_line_and_changes_nothing(data_dir, capsys,
                                                                                       monkeypatch):
    from sdm_desktop.db import engine as db_engine
    open_context(data_dir).close()
    monkeypatch.setattr(db_engine, "BUSY_TIMEOUT_MS", 100)
    other = sqlite3.connect(data_dir / paths.DATABASE_FILE_NAME, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")            # e.g. a database browser in the middle of a change
    try:
        code, _, err = run(capsys, "--data-dir", data_dir, "org-types", "add", "Faith group")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert code == 1 and err.count("\n") == 1
    assert "database is busy" in err and "Nothing was changed" in err
    code, out, _ = run(capsys, "--data-dir", data_dir, "org-types", "list")
    assert "Faith group" not in out


def test_screenshot_writes_a_png_of_the_named_view(demo_data_dir, tmp_path, capsys):
    target = tmp_path / "shot.png"
    code, _, _ = run(capsys, "--data-dir", demo_data_dir, "screenshot", "stakeholders", "-o", target)
    assert code == 0
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("size", ["abc", "30000x30000", "0x0"])
def test_a_screenshot_size_no_screen_has_is_a_usage_error(data_dir, tmp_path, capsys, size):
    with pytest.raises(SystemExit) as exit_:
        main(["--data-dir", str(data_dir), "screenshot", "home", "-o", str(tmp_path / "s.png"), "--size", size])
    assert exit_.value.code == 2 and "--size" in capsys.readouterr().err
    assert not (tmp_path / "s.png").exists()


def test_a_screenshot_at_laptop_size_has_that_size(data_dir, tmp_path, capsys):
    from PySide6.QtGui import QImage
    code, _, _ = run(capsys, "--data-dir", data_dir, "screenshot", "letters", "-o", tmp_path / "s.png",
                     "--size", "1366x700")
    image = QImage(str(tmp_path / "s.png"))
    assert code == 0 and (image.width(), image.height()) == (1366, 700)


def test_smoke_opens_every_view_in_a_fresh_process(data_dir):
    result = subprocess.run([sys.executable, "-m", "sdm_desktop", "--data-dir", str(data_dir), "--smoke"],
                            capture_output=True, text=True, timeout=180,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    from sdm_desktop.ui.navigation import VIEWS

    assert f"opened {len(VIEWS)} views" in result.stdout
