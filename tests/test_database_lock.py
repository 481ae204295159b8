"""One database, one writer: the SQLite file itself is locked, whichever data folder reaches it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from helpers import make_org
from sdm_desktop import paths
from sdm_desktop.db.models import Organisation
from sdm_desktop.errors import DataFolderLocked
from sdm_desktop.services.opening import open_context

SRC = Path(__file__).resolve().parents[1] / "src"


def organisations(ctx) -> int:
    with ctx.session() as s:
        return s.scalar(select(func.count()).select_from(Organisation))


def test_a_second_writer_from_another_data_folder_is_refused_while_the_first_holds_the_database(ctx, tmp_path):
    make_org(ctx, "Riverside PPG")
    url = paths.default_database_url(ctx.data_dir)
    other_folder = tmp_path / "other"
    with pytest.raises(DataFolderLocked, match=r"The database .*sdm-desktop\.sqlite3 is in use by another SDM"):
        open_context(other_folder, url)
    reader = open_context(other_folder, url, take_lock=False)     # reading, as export does, stays allowed
    try:
        assert organisations(reader) == 1
    finally:
        reader.close()
    make_org(ctx, "Still writable by its holder")
    ctx.close()
    second = open_context(other_folder, url)                       # free once the first has closed it
    try:
        make_org(second, "Now the second writes")
        assert organisations(second) == 3
    finally:
        second.close()


def test_another_process_cannot_write_through_database_while_the_window_holds_it(ctx, tmp_path):
    url = paths.default_database_url(ctx.data_dir)
    before = organisations(ctx)
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    result = subprocess.run([sys.executable, "-m", "sdm_desktop", "--data-dir", str(tmp_path / "other"),
                             "--database", url, "demo"], capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "is in use by another SDM Desktop" in result.stderr
    assert organisations(ctx) == before


def test_a_restore_from_another_data_folder_waits_for_the_window_that_holds_the_database(ctx, tmp_path, capsys):
    from sdm_desktop.cli import main
    from sdm_desktop.services.core import maintenance

    url = paths.default_database_url(ctx.data_dir)
    backup = maintenance.backup_now(ctx.data_dir, url)
    make_org(ctx, "Added after the backup")
    code = main(["--data-dir", str(tmp_path / "other"), "--database", url, "restore", str(backup)])
    err = capsys.readouterr().err
    assert code == 1 and "is in use by another SDM Desktop" in err
    assert organisations(ctx) == 1
