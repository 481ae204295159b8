"""The main window: it fits the screen, remembers its size, and every view and search is a key away."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, QSettings, Qt

from sdm_desktop.services.core.changes import Change
from sdm_desktop.ui import folder_actions
from sdm_desktop.ui import main_window as main_window_module
from sdm_desktop.ui.navigation import VIEWS

LAPTOP = QRect(0, 0, 1366, 728)        # a 1366x768 screen less a 40-pixel task bar


@pytest.fixture
def laptop_screen(monkeypatch):
    monkeypatch.setattr(main_window_module, "available_screen_area", lambda _w: QRect(LAPTOP))


def fits_on_laptop(size) -> bool:
    return size.width() <= LAPTOP.width() and size.height() <= LAPTOP.height() - main_window_module.TITLE_BAR_ALLOWANCE


def test_the_window_and_every_view_fit_a_1366x768_laptop_screen(laptop_screen, demo_ctx, qtbot):
    from sdm_desktop.app import build_window

    window = build_window(demo_ctx, synchronous_jobs=True)
    qtbot.addWidget(window)
    window.show()
    assert fits_on_laptop(window.size())
    for spec in VIEWS:                                  # each view built, so each counts in the minimum
        window.show_view(spec.name)
        qtbot.wait(1)
        assert fits_on_laptop(window.minimumSizeHint()), (spec.name, window.minimumSizeHint())
    assert fits_on_laptop(window.size()), window.size()


def test_a_size_remembered_from_a_bigger_monitor_is_shrunk_to_fit(laptop_screen, ctx, qtbot):
    from sdm_desktop.app import build_window

    big = build_window(ctx, synchronous_jobs=True)
    qtbot.addWidget(big)
    big.setGeometry(200, 150, 1900, 1100)           # as if saved on a large monitor
    big.save_layout()
    again = build_window(ctx, synchronous_jobs=True)
    qtbot.addWidget(again)
    assert fits_on_laptop(again.size())
    assert LAPTOP.contains(again.geometry().topLeft()) and again.x() + again.width() <= LAPTOP.width()


def test_the_window_size_and_splitter_come_back_next_time(laptop_screen, ctx, qtbot):
    from sdm_desktop.app import build_window

    first = build_window(ctx, synchronous_jobs=True)
    qtbot.addWidget(first)
    first.show()
    first.resize(760, 600)                              # (the offscreen test screen is 800 wide)
    first.splitter.setSizes([210, 550])
    first.close()                                       # closing saves the layout
    settings = QSettings(str(ctx.data_dir / "settings.ini"), QSettings.Format.IniFormat)
    assert settings.value("window/geometry") is not None
    second = build_window(ctx, synchronous_jobs=True)
    qtbot.addWidget(second)
    second.show()
    assert (second.width(), second.height()) == (760, 600)
    assert second.splitter.sizes()[0] == first.splitter.sizes()[0]


def test_ctrl_f_goes_to_the_views_search_or_else_the_registers(window, qtbot):
    analysis = window.show_view("analysis")
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert analysis.search.hasFocus()
    window.show_view("home")
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    register = window.views["stakeholders"]
    assert window.current_view() is register and register.search.hasFocus()
    assert "stakeholder register" in window.statusBar().currentMessage()


def test_the_menus_offer_the_data_folder_backup_quit_undo_views_and_help(window):
    menus = {menu.title().replace("&", ""): [a.text().replace("&", "") for a in menu.actions() if a.text()]
             for menu in (action.menu() for action in window.menuBar().actions())}
    assert {"Open data folder", "Back up now…", "Quit"} <= set(menus["File"])
    assert {"Undo", "Find"} <= set(menus["Edit"])
    assert menus["View"] == [spec.title for spec in VIEWS] + ["Theme"]
    assert {"Where is my data?", "About SDM Desktop", "Getting started"} <= set(menus["Help"])


def test_about_shows_the_version_and_where_the_data_lives(window, ctx, answer_prompts):
    from sdm_desktop import __version__

    shown = answer_prompts(True)
    folder_actions.about(window)  # what Help → About runs
    folder_actions.where_is_data(window)
    assert __version__ in shown[0] and str(ctx.data_dir) in shown[0]
    assert str(ctx.data_dir) in shown[1] and "backups" in shown[1]


def test_a_hidden_view_reads_a_change_when_it_is_shown_not_before(window, ctx):
    from sdm_desktop.services.engagement import plans as eng

    views = {name: window.show_view(name) for name in ("analysis", "engagement", "training", "letters")}
    window.show_view("home")
    calls: list[str] = []
    for name, target, method in (("analysis", views["analysis"], "reload"),
                                 ("engagement", views["engagement"], "refresh"),
                                 ("training", views["training"], "reload_programmes"),
                                 ("letters", views["letters"].recipients, "reload")):
        real = getattr(target, method)
        setattr(target, method, lambda *a, _r=real, _n=name, **k: calls.append(_n) or _r(*a, **k))
    eng.create_plan(ctx, eng.PlanInput(title="Made elsewhere", status="active", ppe_service=True))
    for what in (Change.PLAN, Change.PERSON, Change.UNDO):
        window.env.announce(what)
    assert calls == []                               # nobody is looking at them
    for name in views:
        window.show_view(name)
        assert name in calls
    engagement = views["engagement"]
    titles = [engagement.plan_model.record(r).title for r in range(engagement.plan_model.rowCount())]
    assert titles == ["Made elsewhere"]
