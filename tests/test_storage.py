"""The data folder, the database file, migrations, the lock."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from helpers import make_org
from sdm_desktop import paths
from sdm_desktop.db import engine as db_engine
from sdm_desktop.db.engine import downgrade_to, head_revision, make_engine, open_database
from sdm_desktop.db.lock import DataFolderLock
from sdm_desktop.db.netshare import filesystem_type
from sdm_desktop.errors import DataFolderLocked, UserError
from sdm_desktop.services.opening import open_context


def test_data_dir_option_beats_environment_which_beats_portable(tmp_path, monkeypatch):
    monkeypatch.setenv(paths.ENV_DATA_DIR, str(tmp_path / "from-env"))
    monkeypatch.setattr(paths, "portable_data_dir", lambda: tmp_path / "portable")
    (tmp_path / "portable").mkdir()
    assert paths.choose_data_dir(str(tmp_path / "from-cli")) == (tmp_path / "from-cli").resolve()
    assert paths.choose_data_dir() == (tmp_path / "from-env").resolve()
    monkeypatch.delenv(paths.ENV_DATA_DIR)
    assert paths.choose_data_dir() == (tmp_path / "portable").resolve()


def test_user_data_folder_is_used_when_nothing_else_is_set(tmp_path, monkeypatch):
    monkeypatch.delenv(paths.ENV_DATA_DIR, raising=False)
    monkeypatch.setattr(paths, "portable_data_dir", lambda: tmp_path / "absent")
    monkeypatch.setattr(paths.platformdirs, "user_data_dir", lambda *a, **k: str(tmp_path / "user"))
    assert paths.choose_data_dir() == (tmp_path / "user").resolve()
    assert (tmp_path / "user" / "backups").is_dir()


def test_a_file_where_the_data_folder_should_be_is_refused(tmp_path):
    (tmp_path / "afile").write_text("x")
    with pytest.raises(UserError, match="is a file"):
        paths.choose_data_dir(str(tmp_path / "afile"))


def test_fresh_database_is_created_at_head_with_organisation_types(ctx):
    with ctx.db.engine.connect() as conn:
        revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        types = conn.execute(text("SELECT count(*) FROM organisation_type")).scalar()
        fk = conn.execute(text("PRAGMA foreign_keys")).scalar()
        journal = conn.execute(text("PRAGMA journal_mode")).scalar()
    assert revision == head_revision()
    assert types == 12
    assert fk == 1 and journal == "wal"


def test_migrations_downgrade_to_empty_and_upgrade_again(tmp_path):
    url = f"sqlite:///{tmp_path / 'm.sqlite3'}"
    db = open_database(url)
    downgrade_to(db.engine, "base")
    with db.engine.connect() as conn:
        assert set(inspect(conn).get_table_names()) == {"alembic_version"}
    db.dispose()
    db = open_database(url)
    with db.engine.connect() as conn:
        assert "person" in inspect(conn).get_table_names()
    db.dispose()


def test_upgrade_of_an_older_database_takes_a_backup_first(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'u.sqlite3'}"
    open_database(url).dispose()
    monkeypatch.setattr(db_engine, "head_revision", lambda: "a-newer-revision")
    monkeypatch.setattr(db_engine, "_upgrade", lambda engine: None)
    open_database(url, backups_dir=tmp_path / "backups").dispose()
    made = list((tmp_path / "backups").glob("*before-upgrade-from-*.sqlite3"))
    assert len(made) == 1
    assert sqlite3.connect(made[0]).execute("SELECT count(*) FROM organisation_type").fetchone()[0] == 12


def test_a_corrupt_database_file_is_refused_and_left_unchanged(tmp_path):
    bad = tmp_path / "data" / paths.DATABASE_FILE_NAME
    bad.parent.mkdir()
    content = b"PK\x03\x04 this is a zip file, not a database" * 20
    bad.write_bytes(content)
    with pytest.raises(UserError, match="not an SQLite database"):
        open_context(tmp_path / "data")
    assert bad.read_bytes() == content


def test_a_damaged_sqlite_file_is_refused_and_left_unchanged(tmp_path):
    bad = tmp_path / "data" / paths.DATABASE_FILE_NAME
    bad.parent.mkdir()
    content = b"SQLite format 3\x00" + b"\xff" * 3000
    bad.write_bytes(content)
    with pytest.raises(UserError, match="left unchanged|Cannot open"):
        open_context(tmp_path / "data")
    assert bad.read_bytes() == content


def test_someone_elses_sqlite_database_is_refused(tmp_path):
    other = tmp_path / "data" / paths.DATABASE_FILE_NAME
    other.parent.mkdir()
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE invoices (id INTEGER)")
    conn.commit()
    conn.close()
    content = other.read_bytes()
    with pytest.raises(UserError, match="not an SDM Desktop database"):
        open_context(tmp_path / "data")
    assert other.read_bytes() == content        # not even switched to WAL: byte for byte the same
    assert sqlite3.connect(other).execute("SELECT name FROM sqlite_master").fetchall() == [("invoices",)]


def _set_revision(path: Path, revision: str) -> None:
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    conn.commit()
    conn.close()


def test_a_database_from_a_newer_version_is_refused_unchanged_and_no_backup_is_made(data_dir):
    open_context(data_dir).close()
    db = data_dir / paths.DATABASE_FILE_NAME
    _set_revision(db, "0999")
    content = db.read_bytes()
    with pytest.raises(UserError, match="newer version of SDM Desktop .*schema 0999"):
        open_context(data_dir)
    assert db.read_bytes() == content
    assert list((data_dir / "backups").iterdir()) == []


def test_database_urls_are_checked_and_passwords_never_shown(data_dir):
    with pytest.raises(UserError, match="not a valid SQLAlchemy URL") as bad:
        open_context(data_dir, "postgresql:/bob:s3cret@host/db")
    assert "s3cret" not in str(bad.value)
    with pytest.raises(UserError, match="not a valid SQLAlchemy URL"):
        db_engine.sqlite_file("not a url")
    assert "s3cret" not in db_engine.display_url("postgresql+psycopg://bob:s3cret@host/sdm")


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:"])
def test_an_in_memory_database_is_refused_because_it_would_keep_nothing(data_dir, url):
    with pytest.raises(UserError, match="in-memory database keeps nothing"):
        open_context(data_dir, url)


def test_a_live_database_on_a_network_share_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(db_engine, "is_network_path", lambda _p: True)
    with pytest.raises(UserError, match="network drive"):
        open_context(tmp_path / "data")
    assert not (tmp_path / "data" / paths.DATABASE_FILE_NAME).exists()


def test_network_filesystems_are_recognised_from_the_mount_table():
    mounts = [("/", "ext4"), ("/mnt/share", "cifs"), ("/mnt/share/local", "ext4"), ("/home", "nfs4")]
    assert filesystem_type(Path("/mnt/share/team/db.sqlite3"), mounts) == "cifs"
    assert filesystem_type(Path("/mnt/share/local/db.sqlite3"), mounts) == "ext4"
    assert filesystem_type(Path("/home/me/x"), mounts) == "nfs4"
    assert filesystem_type(Path("/tmp/x"), mounts) == "ext4"


def test_two_instances_cannot_write_the_same_data_folder(ctx):
    with pytest.raises(DataFolderLocked, match="in use by another SDM Desktop"):
        open_context(ctx.data_dir)
    make_org(ctx, "Still works")


def test_a_second_process_is_told_the_folder_is_in_use(ctx):
    result = subprocess.run([sys.executable, "-m", "sdm_desktop", "--data-dir", str(ctx.data_dir), "demo"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "in use by another SDM Desktop" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_lock_is_released_when_the_holder_closes(data_dir):
    first = DataFolderLock(data_dir).acquire()
    first.release()
    second = DataFolderLock(data_dir).acquire()
    assert second.held
    second.release()


def test_a_bad_database_url_is_a_clear_error():
    with pytest.raises(UserError, match="not a valid SQLAlchemy URL"):
        make_engine("definitely not a url")


def test_head_revision_read_from_files_agrees_with_alembic():
    from alembic.script import ScriptDirectory
    assert head_revision() == ScriptDirectory.from_config(db_engine.alembic_config()).get_current_head()


def test_a_database_url_whose_driver_is_missing_is_a_clear_error(data_dir):
    with pytest.raises(UserError, match="driver is not installed"):
        open_context(data_dir, "nosuchdialect+nosuchdriver://host/db")


def test_an_unreachable_database_server_is_a_clear_error(data_dir):
    pytest.importorskip("psycopg")
    with pytest.raises(UserError, match="Cannot open the database"):
        open_context(data_dir, "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2")


def test_work_on_the_gui_thread_waits_only_briefly_for_another_programs_write_lock(ctx):
    import threading

    from sqlalchemy import text as sql

    def timeout() -> int:
        with ctx.session() as s:
            return s.execute(sql("PRAGMA busy_timeout")).scalar()

    assert timeout() == db_engine.BUSY_TIMEOUT_MS          # command line: the full wait
    ctx.foreground_busy_timeout_ms = 250                   # what the window sets
    assert timeout() == 250
    in_job = []
    worker = threading.Thread(target=lambda: in_job.append(timeout()))
    worker.start()
    worker.join()
    assert in_job == [db_engine.BUSY_TIMEOUT_MS]           # background jobs still wait patiently
    assert timeout() == 250


def test_a_data_folder_that_cannot_be_written_is_a_clear_error(data_dir):
    lock = DataFolderLock(data_dir)
    lock.path = data_dir / "missing-subfolder" / "sdm-desktop.lock"   # as if the folder were read-only
    with pytest.raises(UserError, match="Cannot use the data folder .*needs to write there"):
        lock.acquire()


def test_a_database_at_the_previous_schema_is_backed_up_then_upgraded_keeping_its_data(data_dir):
    ctx = open_context(data_dir)
    make_org(ctx, "Kept Through The Upgrade")
    ctx.close()
    db = open_database(paths.default_database_url(data_dir))
    downgrade_to(db.engine, "0001")
    db.dispose()
    ctx = open_context(data_dir)
    try:
        with ctx.db.engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()
            assert conn.execute(text("SELECT name FROM organisation")).scalars().all() == ["Kept Through The Upgrade"]
    finally:
        ctx.close()
    [backup] = (data_dir / "backups").glob("sdm-desktop-before-upgrade-from-0001-*.sqlite3")
    copy = sqlite3.connect(backup)
    assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    assert copy.execute("SELECT name FROM organisation").fetchall() == [("Kept Through The Upgrade",)]
    copy.close()
