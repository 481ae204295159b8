"""The main window: navigation of views, menus, undo, remembered layout."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6 import QtGui  # QAction, QKeySequence: named only when the menus are filled (first_frame/qt_numbers)
from PySide6.QtCore import QByteArray, QRect, QSettings, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from sdm_desktop import APP_NAME
from sdm_desktop.services.core.changes import Change
from sdm_desktop.ui import main_menus
from sdm_desktop.ui.common.first_frame.qt_numbers import ALIGN_CENTRE
from sdm_desktop.ui.common.icons import icon
from sdm_desktop.ui.navigation import VIEWS, view_class
from sdm_desktop.ui.navigation_list import NavigationList

if TYPE_CHECKING:
    from sdm_desktop.ui.common.view_base import View
    from sdm_desktop.ui.env import UiEnv


DAY_CHECK_MS = 10 * 60 * 1000
EMAIL_DROP_AFTER_MS = 1000    # the email code (0.15 s to load) waits until Home has counted, not to slow it
DEFAULT_SIZE = (1280, 800)
TITLE_BAR_ALLOWANCE = 40      # the window manager's frame and title bar, not part of the size we set


def available_screen_area(widget: QWidget) -> QRect | None:
    """The screen area free of task bars, for the screen the widget is on (or the main one)."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else None


class MainWindow(QMainWindow):
    """Built in two steps so it can appear at once: the frame (no data), then ``attach(env)``."""

    def __init__(self, settings: QSettings, folder_name: str = ""):
        super().__init__()
        self.env: UiEnv | None = None
        self._settings = settings
        self._badges_generation = 0
        self.setWindowTitle(f"{APP_NAME} — {folder_name}" if folder_name else APP_NAME)
        self.named_actions: dict[str, QtGui.QAction] = {}    # menu actions a view's toolbar can show too
        self.nav = NavigationList([(icon(spec.icon), spec.title, spec.shortcut) for spec in VIEWS])
        self.stack = QStackedWidget()
        self.views = _LazyViews(self)
        for _spec in VIEWS:
            self.stack.addWidget(QWidget())   # the view itself is built on first visit
        self.splitter = QSplitter()                     # side by side, Qt's default
        self.splitter.setObjectName("main-splitter")
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        nav_width = self.nav.fit([spec.title + ("  (99 due)" if spec.badge else "") for spec in VIEWS])
        self.splitter.setSizes([nav_width, 1100])
        self.setCentralWidget(self.splitter)
        self._opening: QLabel | None = QLabel("Opening your data…")
        self._opening.setProperty("alignment", ALIGN_CENTRE)      # the first frame names no Qt enum (qt_numbers)
        self.stack.insertWidget(0, self._opening)
        self.stack.setCurrentWidget(self._opening)
        self.menus = main_menus.add_titles(self)
        self._menus_filled = False
        self.menuBar().setEnabled(False)
        self._restore_layout()

    def show_first_view_early(self, env: UiEnv) -> View:
        """The first view (Home) built before the data is opened, in place of "Opening your data…", with an ``env``
        whose ``ctx`` and ``jobs`` are still None; ``attach`` gives them and lets the view count."""
        self.env = env
        self.fill_menus()
        self._drop_opening_label()
        view = self.views[VIEWS[0].name]
        self.stack.setCurrentIndex(0)
        self._mark_first_view()
        return view

    def _mark_first_view(self) -> None:
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(0)
        self.nav.blockSignals(False)
        self.nav.mark_current(0)

    def _drop_opening_label(self) -> None:
        if self._opening is not None:
            self.stack.removeWidget(self._opening)
            self._opening.deleteLater()
            self._opening = None

    def attach(self, env: UiEnv) -> None:
        """Connect the window to the opened data and show the first view."""
        self.env = env
        self.fill_menus()
        self._drop_opening_label()
        env.ctx.undo.subscribe(self._update_undo_action)
        env.bus.changed.connect(lambda _w: self.refresh_badges())
        self.nav.currentRowChanged.connect(self._show_view)
        self.menuBar().setEnabled(True)
        self._update_undo_action()
        self._mark_first_view()
        self._show_view(0)
        QTimer.singleShot(EMAIL_DROP_AFTER_MS, self._accept_dropped_emails)
        self.refresh_badges()
        self._day_timer = QTimer(self)
        self._day_timer.setInterval(DAY_CHECK_MS)
        self._day_timer.timeout.connect(self.check_new_day)
        self._day_timer.start()
        self.statusBar().showMessage(f"Data folder: {env.ctx.data_dir}", 8000)
        if env.colleagues is not None:
            self.team_status = QLabel()
            self.team_status.setAccessibleName("Team database connection")
            self.statusBar().addPermanentWidget(self.team_status)
            env.colleagues.connection.connect(self._show_team_connection)

    def _accept_dropped_emails(self) -> None:
        from sdm_desktop.ui.email_log.hooks import install_window_drop

        self.email_drop = install_window_drop(self)

    def _show_team_connection(self, problem: str) -> None:
        """A lost server is said once, in the status bar; the watcher keeps looking and says when it is back."""
        self.team_status.setText(f"⚠ {problem} Retrying every few seconds…" if problem else "Team database: connected")

    def check_new_day(self) -> None:
        """Left open overnight, the follow-up count must still say what is due today."""
        if date.today() != self._badges_day:
            self.refresh_badges()

    # --- navigation -------------------------------------------------------------------------
    def show_view(self, name: str) -> View:
        index = [spec.name for spec in VIEWS].index(name)
        self.nav.setCurrentRow(index)
        return self.views[name]

    def current_view(self) -> View:
        return self.stack.currentWidget()

    def _build_view(self, name: str) -> View:
        index = [spec.name for spec in VIEWS].index(name)
        from sdm_desktop.ui.empty_states import add_empty_states
        from sdm_desktop.ui.view_toolbars import add_view_toolbar

        view = view_class(VIEWS[index])(self.env)
        add_view_toolbar(view, VIEWS[index].toolbar, self.named_actions)
        add_empty_states(view, name, self.named_actions)
        old = self.stack.widget(index)
        self.stack.insertWidget(index, view)
        self.stack.removeWidget(old)
        old.deleteLater()
        return view

    def _show_view(self, row: int) -> None:
        if row < 0:
            return
        view = self.views[VIEWS[row].name]
        self.stack.setCurrentIndex(row)
        view.activated()

    def refresh_badges(self) -> None:
        """The counts beside the views' names (follow-ups due read every action): worked out in the
        background after each change; the newest count wins."""
        self._badges_day = date.today()
        self._badges_generation += 1
        generation, ctx = self._badges_generation, self.env.ctx
        wanted = [(row, spec) for row, spec in enumerate(VIEWS) if spec.badge]
        self.env.jobs.run(lambda _p: [(row, spec.title, spec.badge(ctx)) for row, spec in wanted],
                          label="Counting for the navigation", show_progress=False,
                          on_done=lambda found: generation == self._badges_generation and self._show_badges(found))

    def _show_badges(self, found: list[tuple[int, str, str]]) -> None:
        for row, title, badge in found:
            self.nav.item(row).setText(f"{title}  ({badge})" if badge else title)

    # --- menus ------------------------------------------------------------------------------
    def add_menu_action(self, menu, text: str, slot, shortcut=None, icon_name: str = "",
                        name: str = "") -> QtGui.QAction:
        action = QtGui.QAction(text, self)
        if icon_name:
            action.setIcon(icon(icon_name))
        if shortcut:
            action.setShortcut(QtGui.QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        if name:                                  # also on a toolbar: its words there keep their "…"
            action.setIconText(text.replace("&", ""))
            self.named_actions[name] = action
        return action

    def fill_menus(self) -> None:
        """The menus' actions, made once, after the window's first paint (``main_menus``)."""
        if not self._menus_filled:
            self._menus_filled = True
            main_menus.fill(self)

    def connect_team_database(self) -> None:
        """File → Connect to team database… (also offered by the welcome)."""
        from sdm_desktop.ui.team_database.connect_dialog import ConnectDialog

        ConnectDialog(self.env, self).exec()

    def show_welcome(self) -> None:
        """Help → Welcome…: the first-run choices again, for the open data folder."""
        from sdm_desktop.ui.welcome.dialog import welcome_again

        welcome_again(self)

    def find(self) -> None:
        """Ctrl+F: this view's search box; in a view without one, the register's."""
        if self.env is None or self.current_view().focus_search():
            return
        self.show_view("stakeholders").focus_search()
        self.statusBar().showMessage("Searching the stakeholder register (this view has no search of its own)", 5000)

    def _update_undo_action(self) -> None:
        label = self.env.ctx.undo.next_label
        self.undo_action.setEnabled(label is not None)
        self.undo_action.setText(f"&Undo {label}" if label else "&Undo")

    def undo(self) -> None:
        from sdm_desktop.ui import prompts

        try:
            label = self.env.ctx.undo.undo()
        except Exception as exc:  # noqa: BLE001
            prompts.error(self, f"Could not undo: {prompts.describe_error(exc)}")
            return
        if label:
            self.statusBar().showMessage(f"Undone: {label}", 5000)
            self.env.announce(Change.UNDO)

    # --- file actions -----------------------------------------------------------------------
    def open_board_summary(self) -> None:
        from sdm_desktop.ui.reporting.board_dialog import open_board_summary

        open_board_summary(self)

    def open_import(self) -> None:
        from sdm_desktop.ui.importing.wizard import open_import_wizard

        open_import_wizard(self.env, self)

    def open_import_history(self) -> None:
        from sdm_desktop.ui.importing.batches import ImportBatchesDialog

        ImportBatchesDialog(self.env, self).exec()

    def restore_backup(self) -> None:
        from sdm_desktop.ui.privacy.restore import restore_from_backup

        restore_from_backup(self)

    def load_sample_data(self) -> None:
        from sdm_desktop.services.demo.loader import load_demo, update_demo

        ctx = self.env.ctx
        self.env.jobs.run(lambda _p: (True, []) if load_demo(ctx) else (False, update_demo(ctx)),
                          label="Loading sample data", on_done=lambda result: self._demo_loaded(*result))

    def _demo_loaded(self, loaded: bool, updated: list[str]) -> None:
        self.env.announce(Change.ALL)
        self.statusBar().showMessage("Sample data loaded." if loaded else
                                     " ".join(["The sample data was already loaded.", *updated]), 6000)

    def getting_started(self) -> None:
        from sdm_desktop.ui.common.help_page import HelpPage

        HelpPage.show_page(self, "getting-started.html")

    # --- layout memory ----------------------------------------------------------------------
    def _restore_layout(self) -> None:
        s = self._settings
        geometry = s.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(*DEFAULT_SIZE)
        self._fit_to_screen()
        splitter = s.value("window/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)

    def _fit_to_screen(self) -> None:
        """Keep the whole window, title bar included, on the screen: e.g. a 1366x768 laptop, or a
        size remembered from a bigger monitor that is no longer plugged in."""
        area = available_screen_area(self)
        if area is None or area.isEmpty():
            return
        width = min(self.width(), area.width())
        height = min(self.height(), area.height() - TITLE_BAR_ALLOWANCE)
        if (width, height) != (self.width(), self.height()):
            self.resize(width, height)
        x = min(max(self.x(), area.left()), area.right() - width + 1)
        y = min(max(self.y(), area.top()), area.bottom() - height - TITLE_BAR_ALLOWANCE + 1)
        if (x, y) != (self.x(), self.y()):
            self.move(x, y)

    def save_layout(self) -> None:
        s = self._settings
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/splitter", self.splitter.saveState())
        for view in self.views.values():
            view.save_layout()
        s.sync()

    def closeEvent(self, event) -> None:
        from sdm_desktop.ui import prompts

        if (self.env is not None and self.env.jobs is not None and self.env.jobs.busy
                and not prompts.confirm(self, "A job is still running. Stop it and quit?")):
            event.ignore()
            return
        if not all(view.unsaved_changes_settled() for view in list(self.views.values())):
            event.ignore()
            return
        self.save_layout()
        if self.env is not None and self.env.colleagues is not None:
            self.env.colleagues.stop()
        event.accept()


class _LazyViews(dict):
    """Views by name, each built the first time it is asked for (keeps start-up quick)."""

    def __init__(self, window: MainWindow):
        super().__init__()
        self._window = window

    def __missing__(self, name: str) -> View:
        view = self._window._build_view(name)
        self[name] = view
        return view
