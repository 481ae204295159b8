"""`sdm-desktop check` by someone who cannot write the data folder (a colleague's folder, read-only media).

SQLite needs the -shm file beside a WAL database even to read it; in a folder the user cannot write it
cannot be made and a plain read-only open fails with "attempt to write a readonly database". The check
opens the file immutable then, reports normally, and says so when a -wal file holds changes it could not
read.

Root may write anywhere, so as root the check runs in a subprocess as uid 65534 (nobody); as another
user the folder is simply made read-only.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from sdm_desktop import paths
from sdm_desktop.db.engine import head_revision

NOBODY = 65534
pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions and user ids")


def _as_nobody() -> None:
    os.setgid(NOBODY)
    os.setuid(NOBODY)


def check_without_write_access(folder: Path) -> tuple[int, str, str]:
    """Run `check` on ``folder`` as a user who cannot write it (the folder is made read-only first)."""
    folder.chmod(0o555)
    command = [sys.executable, "-m", "sdm_desktop", "--data-dir", str(folder), "check"]
    env = {**os.environ, "PYTHONPATH": str(Path(paths.__file__).resolve().parents[1]), "HOME": str(folder)}
    if os.geteuid() == 0:
        probe = subprocess.run([sys.executable, "-c", "import sdm_desktop"], preexec_fn=_as_nobody, env=env,
                               capture_output=True, text=True, cwd="/")
        if probe.returncode != 0:
            pytest.skip(f"uid {NOBODY} cannot run SDM Desktop from this checkout: {probe.stderr.strip()[-200:]}")
        done = subprocess.run(command, preexec_fn=_as_nobody, env=env, capture_output=True, text=True, cwd="/")
    else:
        done = subprocess.run(command, env=env, capture_output=True, text=True, cwd="/")
    return done.returncode, done.stdout, done.stderr


@pytest.fixture
def shared_folder(demo_database):
    """A data folder others can read (tmp_path's parents are private to this user): the sample database
    in WAL mode, without -wal or -shm files and without the subfolders SDM Desktop makes."""
    folder = Path(tempfile.mkdtemp(prefix="sdm-readonly-"))
    folder.chmod(0o755)
    shutil.copyfile(demo_database, folder / paths.DATABASE_FILE_NAME)
    (folder / paths.DATABASE_FILE_NAME).chmod(0o644)
    yield folder
    folder.chmod(0o755)
    shutil.rmtree(folder, ignore_errors=True)


def in_wal_mode(db: Path) -> bool:
    """The file format's read and write versions (header bytes 18 and 19) are 2 in WAL mode."""
    return db.read_bytes()[18:20] == b"\x02\x02"


@pytest.mark.parametrize("subfolders", [True, False], ids=["a used data folder", "only the database"])
def test_check_reads_a_wal_database_in_a_folder_the_user_cannot_write(shared_folder, subfolders):
    db = shared_folder / paths.DATABASE_FILE_NAME
    assert in_wal_mode(db) and not Path(f"{db}-shm").exists()
    if subfolders:
        paths.ensure_data_dir(shared_folder)
    before = sorted(p.name for p in shared_folder.iterdir())
    code, out, err = check_without_write_access(shared_folder)
    assert (code, err) == (0, ""), out + err
    head = head_revision()
    assert "No problems found." in out and "  person: 177" in out
    assert f"Schema revision: {head} (app expects {head})" in out
    assert "readonly database" not in out
    assert sorted(p.name for p in shared_folder.iterdir()) == before          # nothing made


def test_check_says_when_changes_in_a_wal_file_could_not_be_read(shared_folder):
    db = shared_folder / paths.DATABASE_FILE_NAME
    writer = sqlite3.connect(db)
    writer.execute("PRAGMA wal_autocheckpoint=0")
    with writer:
        writer.execute("UPDATE person SET notes = 'changed since the last checkpoint' WHERE id = 1")
    shutil.copyfile(f"{db}-wal", shared_folder / "kept-wal")       # the -wal as a crash would leave it
    writer.close()                                                  # (closing checkpoints and removes it)
    Path(f"{db}-shm").unlink(missing_ok=True)
    os.replace(shared_folder / "kept-wal", f"{db}-wal")
    Path(f"{db}-wal").chmod(0o644)
    code, out, err = check_without_write_access(shared_folder)
    assert code == 1
    assert "could not be read and were not checked; run the check as a user who can write that folder" in out
    assert len(err.splitlines()) == 1 and err.startswith("sdm-desktop: error: The check found 1 problem")
    assert "readonly database" not in out + err
