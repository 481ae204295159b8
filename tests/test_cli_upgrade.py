"""Commands that only read the database (export and others, opened without the data folder's lock) never
upgrade it under an SDM Desktop window that holds the folder: an older version's window must not find its
database's schema or search text changed while it is open."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from sdm_desktop import paths
from sdm_desktop.cli import main
from sdm_desktop.db.engine import downgrade_to, head_revision, open_database
from sdm_desktop.db.lock import DataFolderLock
from sdm_desktop.services.letters import history as letter_history
from sdm_desktop.services.register.search_index import SETTING_KEY
from test_cli_contract import COMMANDS, Case, Sweep, baseline, table_state

OLDER = "0002"
REFUSED = "SDM Desktop is open on this folder"
IN_USE = "is in use by another SDM Desktop"


def revision(db) -> str:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    finally:
        conn.close()


def run(capsys, *argv):
    try:
        code = main([str(a) for a in argv])
    except SystemExit as exit_:
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def older_database(data_dir, demo_database):
    """The sample data as an older SDM Desktop left it (schema 0002)."""
    db_path = data_dir / paths.DATABASE_FILE_NAME
    shutil.copyfile(demo_database, db_path)
    db = open_database(paths.default_database_url(data_dir), upgrade=False)
    downgrade_to(db.engine, OLDER)
    db.dispose()
    assert revision(db_path) == OLDER
    return db_path


def test_an_export_refuses_to_upgrade_under_an_open_window_then_upgrades_once_it_closes(
        older_database, data_dir, tmp_path, capsys):
    before = table_state(older_database)[0]
    window = DataFolderLock(data_dir).acquire()          # an older SDM Desktop window on the folder
    try:
        code, _out, err = run(capsys, "--data-dir", data_dir, "export", "people", "-o", tmp_path / "people.csv")
    finally:
        window.release()
    assert code == 1
    assert err == (f"sdm-desktop: error: SDM Desktop is open on this folder ({data_dir}); close it to let this "
                   "version upgrade the database. Nothing was changed.\n")
    assert revision(older_database) == OLDER and table_state(older_database)[0] == before
    assert not list((data_dir / "backups").glob("*before-upgrade*")) and not (tmp_path / "people.csv").exists()

    code, out, _err = run(capsys, "--data-dir", data_dir, "export", "people", "-o", tmp_path / "people.csv")
    assert code == 0 and "Exported" in out
    assert revision(older_database) == head_revision()
    assert list((data_dir / "backups").glob(f"*before-upgrade-from-{OLDER}*"))
    assert DataFolderLock(data_dir).acquire().held        # the upgrade's lock was let go again


def test_a_read_only_command_still_runs_beside_an_open_window_when_nothing_needs_upgrading(
        data_dir, demo_database, tmp_path, capsys):
    shutil.copyfile(demo_database, data_dir / paths.DATABASE_FILE_NAME)
    window = DataFolderLock(data_dir).acquire()
    try:
        code, out, err = run(capsys, "--data-dir", data_dir, "export", "people", "-o", tmp_path / "people.csv")
        assert code == 0, err
        code, out, err = run(capsys, "--data-dir", data_dir, "analysis", "rounds")
        assert code == 0 and "Baseline March 2026" in out
    finally:
        window.release()


def test_search_text_from_an_older_version_is_not_rebuilt_under_an_open_window(data_dir, demo_database, tmp_path,
                                                                                capsys):
    db_path = data_dir / paths.DATABASE_FILE_NAME
    shutil.copyfile(demo_database, db_path)
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("UPDATE setting SET value = '1' WHERE key = ?", (SETTING_KEY,))
    conn.close()
    before = table_state(db_path)[0]
    window = DataFolderLock(data_dir).acquire()
    try:
        code, _out, err = run(capsys, "--data-dir", data_dir, "export", "organisations", "-o", tmp_path / "o.csv")
    finally:
        window.release()
    assert code == 1 and REFUSED in err and len(err.splitlines()) == 1
    assert table_state(db_path)[0] == before
    code, _out, err = run(capsys, "--data-dir", data_dir, "export", "organisations", "-o", tmp_path / "o.csv")
    assert code == 0, err
    assert table_state(db_path)[0] != before               # rebuilt once the window was closed


def test_no_command_changes_an_older_database_while_another_sdm_desktop_holds_the_folder(
        older_database, data_dir, tmp_path, capsys, monkeypatch):
    """Every command the parser knows, on its sweep baseline: refused (or not touching the database at all),
    and the schema and every row as they were."""
    monkeypatch.setattr(letter_history, "print_file", lambda path, progress=None: "test printer")
    before = table_state(older_database)[0]
    sweep = Sweep.__new__(Sweep)                             # only its argument builder, on this folder
    sweep.data, sweep.csv, sweep.backup = data_dir, tmp_path / "people.csv", tmp_path / "backup.sqlite3"
    sweep.csv.write_text("first_name,last_name\nAda,Sample\n", encoding="utf-8")
    sweep.lookup = tmp_path / "deciles.csv"
    sweep.lookup.write_text("postcode,imd_decile\nBA1 7EZ,3\n", encoding="utf-8")
    sweep.survey, sweep.response = 1, 1                      # refused before any record is looked up
    shutil.copyfile(older_database, sweep.backup)
    window = DataFolderLock(data_dir).acquire()
    untouched = {("letters", "fields"), ("letters", "check"), ("check",), ("backup",)}   # only read the file
    try:
        for n, command in enumerate(sorted(COMMANDS)):
            out = tmp_path / "out" / str(n)
            out.mkdir(parents=True)
            code, _out, err = run(capsys, *sweep.argv(Case(command, baseline(command), "", frozenset()), out))
            assert revision(older_database) == OLDER, command
            assert table_state(older_database)[0] == before, command
            if command not in untouched:
                assert code == 1 and len(err.splitlines()) == 1 and (REFUSED in err or IN_USE in err), (command, err)
    finally:
        window.release()


def test_a_backup_copies_an_older_database_as_it_is_beside_an_open_window(older_database, data_dir, tmp_path,
                                                                          capsys):
    window = DataFolderLock(data_dir).acquire()
    try:
        code, out, err = run(capsys, "--data-dir", data_dir, "backup", "-o", tmp_path / "copy.sqlite3")
    finally:
        window.release()
    assert code == 0, err
    assert revision(tmp_path / "copy.sqlite3") == OLDER and revision(older_database) == OLDER
