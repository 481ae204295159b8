"""Every test runs offscreen on its own temporary data folder."""

from __future__ import annotations

import os
import shutil

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.pop("SDM_DESKTOP_DATA_DIR", None)
os.environ.pop("SDM_DESKTOP_DATABASE_URL", None)

import pytest

from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.opening import open_context


@pytest.fixture(autouse=True)
def user_config(tmp_path, monkeypatch):
    """The user's own settings (theme, welcome, remembered data folder) in the test's folder, never the real ones."""
    folder = tmp_path / "user-config"
    monkeypatch.setenv("SDM_DESKTOP_CONFIG_DIR", str(folder))
    return folder


@pytest.fixture
def keep_look(qapp):
    """Put the application's style and palette back after a test that changes them."""
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QApplication

    from sdm_desktop.ui import theme

    app = QApplication.instance()
    style, palette, own = app.style().name(), QPalette(app.palette()), app.property(theme.OWN_PALETTE)
    yield app
    app.setStyle(style)
    app.setPalette(palette)
    app.setProperty(theme.OWN_PALETTE, own)


@pytest.fixture(autouse=True)
def delete_closed_widgets():
    """Carry out the deleteLater() of the widgets a test closed (pytest-qt closes those given to qtbot.addWidget):
    outside an event loop Qt would keep every test's window, with its database and timers, to the end of the run."""
    yield
    from PySide6.QtCore import QCoreApplication, QEvent

    if QCoreApplication.instance() is not None:
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def data_dir(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


@pytest.fixture(scope="session")
def new_database(tmp_path_factory):
    """A new database file at the newest schema, made once per test run (per xdist worker): copying it is
    far quicker than running every migration for each test."""
    folder = tmp_path_factory.mktemp("new-template")
    open_context(folder).close()
    return folder / "sdm-desktop.sqlite3"


@pytest.fixture
def ctx(data_dir, new_database) -> AppContext:
    """A new data folder's context: its database as open_context makes it (a copy of ``new_database``)."""
    shutil.copyfile(new_database, data_dir / "sdm-desktop.sqlite3")
    context = open_context(data_dir)
    yield context
    context.close()


@pytest.fixture
def desktop_screen(monkeypatch):
    """A 1920x1080 desktop for the window to fit (Qt's offscreen screen is only 800x800)."""
    from PySide6.QtCore import QRect

    from sdm_desktop.ui import main_window

    monkeypatch.setattr(main_window, "available_screen_area", lambda _widget: QRect(0, 0, 1920, 1040))


@pytest.fixture
def window(ctx, qtbot, desktop_screen):
    """The main window on the test's data folder, with jobs run synchronously."""
    from sdm_desktop.app import build_window

    win = build_window(ctx, synchronous_jobs=True)
    qtbot.addWidget(win, before_close_func=_close_unanswered)
    win.show()
    yield win
    win.hide()


def _close_unanswered(win) -> None:
    """An editor a test left with changes would ask, with no one to answer, when the window closes."""
    from sdm_desktop.ui import prompts
    with prompts.headless():
        win.close()
    win.hide()


@pytest.fixture
def answer_prompts(monkeypatch):
    """Answer every confirm() with the given value; record the questions asked."""
    from sdm_desktop.ui import prompts

    asked: list[str] = []

    def install(value: bool = True):
        monkeypatch.setattr(prompts, "confirm", lambda _p, q, *a, **k: asked.append(q) or value)
        monkeypatch.setattr(prompts, "save_discard_cancel",
                            lambda _p, q, *a, **k: asked.append(q) or ("save" if value else "discard"))
        monkeypatch.setattr(prompts, "info", lambda _p, m, *a, **k: asked.append(m))
        monkeypatch.setattr(prompts, "warn", lambda _p, m, *a, **k: asked.append(m))
        monkeypatch.setattr(prompts, "error", lambda _p, m, *a, **k: asked.append(m))
        return asked

    return install


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory):
    """A database file with the sample data, built once per test run."""
    from sdm_desktop.services.demo.loader import load_demo

    folder = tmp_path_factory.mktemp("demo-template")
    context = open_context(folder)
    load_demo(context)
    context.close()
    return folder / "sdm-desktop.sqlite3"


@pytest.fixture
def demo_data_dir(data_dir, demo_database):
    """The test's data folder with a fresh copy of the sample data, not opened (for the command line)."""
    shutil.copyfile(demo_database, data_dir / "sdm-desktop.sqlite3")
    return data_dir


@pytest.fixture
def demo_ctx(demo_data_dir) -> AppContext:
    """Like ``ctx``, on a fresh copy of the sample data."""
    context = open_context(demo_data_dir)
    yield context
    context.close()


@pytest.fixture
def demo_window(demo_ctx, qtbot, desktop_screen):
    from sdm_desktop.app import build_window

    win = build_window(demo_ctx, synchronous_jobs=True)
    qtbot.addWidget(win, before_close_func=_close_unanswered)
    win.show()
    yield win
    win.hide()


@pytest.fixture(scope="session")
def pg_server():
    """A PostgreSQL server on 127.0.0.1 for the whole run (tests/pg_server.py): skipped without one, failed
    instead under SDM_REQUIRE_POSTGRES=1 (.ci/run)."""
    from pg_server import TestServer

    server = TestServer()
    try:
        server.start()
        yield server
    finally:
        server.remove()


@pytest.fixture
def pg_url(pg_server, request) -> str:
    """A new empty database on the test server for each test: its SQLAlchemy URL (loopback TCP)."""
    from pg_server import database_name

    return pg_server.new_database(database_name(request.node.name))


@pytest.fixture
def answer_unsaved(monkeypatch):
    """Answer each "save, discard or cancel?" in turn from the list returned (then "discard"); record the questions."""
    from sdm_desktop.ui import prompts

    asked: list[str] = []
    answers: list[str] = []

    def ask(_parent, question, *a, **k):
        asked.append(question)
        return answers.pop(0) if answers else "discard"      # e.g. the window closing after the test

    monkeypatch.setattr(prompts, "save_discard_cancel", ask)
    return asked, answers
