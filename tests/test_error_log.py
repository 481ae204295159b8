"""Errors and logs: the error log is the user's own (their log folder, owner-only) and holds no personal values;
a backup that cannot be written says why in words."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from sdm_desktop.cli import main
from sdm_desktop.commands import core

SRC = Path(__file__).resolve().parents[1] / "src"
PERSONAL = ("Ada", "Lovelace", "Crescent", "ada@example.org")


@pytest.fixture
def user_folders(tmp_path, monkeypatch):
    """The user's own state folder (where platformdirs puts logs on Linux) and the system's temporary folder."""
    state, temp = tmp_path / "state", tmp_path / "system-temp"
    temp.mkdir()
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    monkeypatch.setattr(tempfile, "gettempdir", lambda: str(temp))
    return state / "SDM Desktop" / "log", temp


def fail_with_personal_data(_args):
    try:
        raise KeyError("ada@example.org")
    except KeyError as exc:
        raise RuntimeError("Ada Lovelace, 12 Crescent Road, LS6 2AB") from exc


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_an_unexpected_error_is_logged_for_the_user_alone_without_personal_values(user_folders, data_dir,
                                                                                   monkeypatch, capsys):
    log_folder, system_temp = user_folders
    log_folder.mkdir(parents=True, mode=0o755)
    (log_folder / "sdm-desktop-error.log").write_text("an older log, readable by all")
    os.chmod(log_folder, 0o755)
    os.chmod(log_folder / "sdm-desktop-error.log", 0o644)
    monkeypatch.setattr(core, "cmd_check", fail_with_personal_data)
    code = main(["--data-dir", str(data_dir), "check"])
    err = capsys.readouterr().err
    log = log_folder / "sdm-desktop-error.log"
    assert code == 1 and err.count("\n") == 1 and str(log) in err
    assert list(system_temp.iterdir()) == []
    assert mode(log) == 0o600 and mode(log_folder) == 0o700
    text = log.read_text(encoding="utf-8")
    assert "RuntimeError" in text and "KeyError" in text and "in fail_with_personal_data" in text
    assert not [word for word in PERSONAL if word in text]


def test_an_error_in_the_window_is_logged_the_same_way(user_folders, qtbot, monkeypatch):
    from PySide6.QtWidgets import QWidget

    from sdm_desktop.ui import prompts

    log_folder, system_temp = user_folders
    shown = []
    monkeypatch.setattr(prompts, "error", lambda _parent, message, *a, **k: shown.append(message))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)      # put back after the test
    parent = QWidget()
    qtbot.addWidget(parent)
    prompts.install_error_hook(parent)
    try:
        fail_with_personal_data(None)
    except RuntimeError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    log = log_folder / "sdm-desktop-error.log"
    assert len(shown) == 1 and "Ada Lovelace" in shown[0] and str(log) in shown[0]    # on screen, not on disk
    assert list(system_temp.iterdir()) == []
    text = log.read_text(encoding="utf-8")
    assert "RuntimeError" in text and not [word for word in PERSONAL if word in text]


def _as_another_user() -> list[str]:
    """How to run a command as a user that permissions apply to (root ignores them)."""
    if os.name == "nt":
        pytest.skip("POSIX permissions")
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root and setpriv is missing: permissions cannot be tested")
    return [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]


def test_a_backup_into_a_read_only_folder_says_so_in_words(demo_database):
    prefix = _as_another_user()
    base = Path(tempfile.mkdtemp(prefix="sdm-readonly-"))         # a folder the other user can reach
    try:
        os.chmod(base, 0o755)
        data, out = base / "data", base / "read-only"
        data.mkdir()
        out.mkdir()
        shutil.copyfile(demo_database, data / "sdm-desktop.sqlite3")
        for sub in ("backups", "letters", "templates", "resources", "exports"):
            (data / sub).mkdir()
        for path in [data, *data.rglob("*")]:
            os.chmod(path, 0o777 if path.is_dir() else 0o666)
        os.chmod(out, 0o555)
        env = {**os.environ, "PYTHONPATH": str(SRC), "HOME": str(base), "XDG_STATE_HOME": str(base / "state")}
        result = subprocess.run([*prefix, sys.executable, "-m", "sdm_desktop", "--data-dir", str(data),
                                 "backup", "-o", str(out)], capture_output=True, text=True, timeout=120, env=env,
                                cwd=base)
        assert result.returncode == 1
        assert result.stderr.count("\n") == 1
        assert f"Cannot write the backup to {out}" in result.stderr and "permission denied." in result.stderr
        assert list(out.iterdir()) == []
    finally:
        os.chmod(base / "read-only", 0o755)
        shutil.rmtree(base)
