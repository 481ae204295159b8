"""Starting the app for real: the frame first, then the data; a second start is refused."""

from __future__ import annotations

import gc

from PySide6.QtWidgets import QApplication

from sdm_desktop import app as sdm_app
from sdm_desktop.cli import main
from sdm_desktop.services.opening import open_context
from sdm_desktop.ui.main_window import MainWindow


def fake_event_loop(monkeypatch, qapp, look):
    """Stand in for app.exec(): a real exec() followed by quit() stops later tests' timers."""
    def run_once():
        qapp.processEvents()
        window = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()][-1]
        look(window)
        window.close()
        return 0
    monkeypatch.setattr(qapp, "exec", run_once)


def test_run_gui_opens_the_window_on_the_data_and_quits_cleanly(data_dir, qapp, monkeypatch):
    seen = {}

    def look(window):
        seen["title"] = window.windowTitle()
        seen["home"] = window.current_view().title
        seen["menus"] = window.menuBar().isEnabled()
        seen["start-up objects left out of garbage collection"] = gc.get_freeze_count() > 10_000
        seen["full collections between events"] = gc.get_threshold()[2] > 1_000_000

    fake_event_loop(monkeypatch, qapp, look)
    thresholds = gc.get_threshold()
    assert sdm_app.run_gui(str(data_dir), None) == 0
    assert seen == {"title": "SDM Desktop — data", "home": "Home", "menus": True,
                    "start-up objects left out of garbage collection": True, "full collections between events": True}
    assert gc.get_threshold() == thresholds             # Python's own rule again once the window closed
    assert gc.get_freeze_count() == 0                   # and collected as usual again once the window closed
    second = open_context(data_dir)      # the lock was released on exit
    second.close()


def test_daily_backup_is_made_at_start(data_dir, qapp, monkeypatch):
    open_context(data_dir).close()
    fake_event_loop(monkeypatch, qapp, lambda _w: None)
    sdm_app.run_gui(str(data_dir), None)
    assert len(list((data_dir / "backups").glob("sdm-desktop-automatic-*.sqlite3"))) == 1


def test_a_second_start_on_the_same_folder_is_refused_with_one_line(data_dir, capsys):
    holder = open_context(data_dir)
    try:
        assert main(["--data-dir", str(data_dir)]) == 1
        err = capsys.readouterr().err
        assert "in use by another SDM Desktop" in err and "Traceback" not in err
    finally:
        holder.close()


def test_a_corrupt_database_stops_start_up_without_touching_the_file(data_dir, capsys):
    db = data_dir / "sdm-desktop.sqlite3"
    db.write_bytes(b"not a database at all" * 10)
    assert main(["--data-dir", str(data_dir)]) == 1
    assert "not an SQLite database" in capsys.readouterr().err
    assert db.read_bytes() == b"not a database at all" * 10
    db.unlink()
    open_context(data_dir).close()


def test_the_getting_started_page_is_bundled_and_readable(qtbot):
    from sdm_desktop.paths import resources_dir
    from sdm_desktop.ui.common.help_page import HelpPage
    html = (resources_dir() / "help" / "getting-started.html").read_text(encoding="utf-8")
    page = HelpPage(html)
    qtbot.addWidget(page)
    assert "three levels of patient and public" in page.browser.toPlainText()


def test_an_error_nobody_caught_is_shown_to_the_user_not_lost(qtbot, monkeypatch, tmp_path):
    import sys

    from PySide6.QtWidgets import QWidget

    from sdm_desktop.ui import prompts

    shown = []
    monkeypatch.setattr(prompts, "error", lambda _parent, message, *a, **k: shown.append(message))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)      # put back after the test
    parent = QWidget()
    qtbot.addWidget(parent)
    prompts.install_error_hook(parent)
    try:
        raise RuntimeError("a slot went wrong")
    except RuntimeError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    assert len(shown) == 1 and "a slot went wrong" in shown[0] and "sdm-desktop-error.log" in shown[0]
    assert "RuntimeError" in (tmp_path / "SDM Desktop" / "log" / "sdm-desktop-error.log").read_text()


def test_a_data_folder_that_is_a_file_stops_start_up_with_one_line(tmp_path, capsys):
    (tmp_path / "afile").write_text("x")
    assert main(["--data-dir", str(tmp_path / "afile")]) == 1
    err = capsys.readouterr().err
    assert "is a file, not a folder" in err and "Traceback" not in err
