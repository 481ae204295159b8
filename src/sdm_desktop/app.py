"""Start-up: QApplication, the data folder's lock, the main window; smoke and screenshot modes."""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from sdm_desktop import APP_NAME, __version__, paths
from sdm_desktop.db.lock import DataFolderLock
from sdm_desktop.errors import DataFolderLocked, UserError

if TYPE_CHECKING:
    from sdm_desktop.services.core.context import AppContext

# Nothing here imports SQLAlchemy at module level: the window frame appears before the
# database layer (the slowest import) is loaded.

# The GUI thread gives up quickly when another program holds the database's write lock, so the
# window never freezes for long; the user is told the database is busy and can try again.
FOREGROUND_BUSY_TIMEOUT_MS = 250


def without_pyside_import_hook() -> None:
    """Python's own ``import`` back. PySide replaces it so that ``from __feature__ import snake_case`` works, and
    then reads the source of every module imported after PySide to see whether it names PySide (30 ms of the
    start-up when run from source). The app selects no __feature__, so nothing else changes."""
    import builtins

    original = getattr(builtins, "__orig_import__", None)
    if original is not None and builtins.__import__ is getattr(builtins, "__feature_import__", None):
        builtins.__import__ = original


def _application(offscreen: bool = False, theme: str | None = None):
    """The QApplication, in the theme asked for (else the user's choice, which is the system's by default)."""
    return _themed_application(offscreen, theme)[0]


def _themed_application(offscreen: bool = False, theme: str | None = None):
    """The QApplication, and the system's look its theme was applied with when that was the one remembered from the
    last start (None otherwise): to be confirmed once the window is shown (``theme.confirm_system_look``)."""
    if offscreen:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    without_pyside_import_hook()
    from sdm_desktop.ui import theme as looks
    from sdm_desktop.ui.common.icons import app_icon

    app, style, first_look = QApplication.instance(), None, None
    if app is None:
        style = looks.starting_style()
        app = QApplication([(sys.argv or [APP_NAME])[0], "-style", style])
        app.setWindowIcon(app_icon())
        looks.follow_system_scheme(app, looks.chosen_theme)
        theme = theme or looks.chosen_theme()
        first_look = None if offscreen else looks.remembered_system_look()
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("SDM Desktop")
    if theme:
        looks.apply_theme(app, theme, style_now=style, system=first_look)
    return app, first_look


def _settings(data_dir: Path):
    from PySide6.QtCore import QSettings

    return QSettings(str(data_dir / "settings.ini"), QSettings.Format.IniFormat)


def window_frame(data_dir: Path):
    from sdm_desktop.ui.main_window import MainWindow

    return MainWindow(_settings(data_dir), data_dir.name)


def attach_data(window, ctx: AppContext, synchronous_jobs: bool = False) -> None:
    from sdm_desktop.ui.env import ChangeBus, UiEnv
    from sdm_desktop.ui.jobs import JobRunner

    jobs = JobRunner(window, synchronous=synchronous_jobs)
    ctx.foreground_busy_timeout_ms = FOREGROUND_BUSY_TIMEOUT_MS
    env = window.env or UiEnv(ctx=ctx, jobs=jobs, settings=window._settings, bus=ChangeBus(window))  # gone with it
    env.ctx, env.jobs = ctx, jobs            # the env Home was built with early, if it was
    if ctx.db.sqlite_path is None:          # a team database: colleagues' changes reach the open views
        from sdm_desktop.ui.colleagues.watcher import ColleagueWatcher

        env.colleagues = ColleagueWatcher(env, parent=window)
    window.attach(env)
    if env.colleagues is not None:
        env.colleagues.start()


def show_home_early(window, folder: Path, database: str | None = None) -> bool:
    """Home, built before the data is opened (its code loads no database layer), showing the figures kept from the
    last count when the folder's own database is opening and nothing they count has changed since (a read of one
    value with Python's sqlite3). True when it shows them; otherwise its figures are "not counted yet"."""
    from sdm_desktop.ui.env import ChangeBus, UiEnv

    env = UiEnv(ctx=None, jobs=None, settings=window._settings, bus=ChangeBus(window))
    home = window.show_first_view_early(env)
    own = paths.own_database_file(folder, database)
    return own is not None and home.show_kept_figures(folder, own)


def build_window(ctx: AppContext, synchronous_jobs: bool = False):
    window = window_frame(ctx.data_dir)
    attach_data(window, ctx, synchronous_jobs)
    return window


def collect_garbage_between_events(window):
    """Full garbage collections run on a timer between events, not inside a redraw (see ui.gc_pacing);
    ``stop()`` the returned collector when the window closes."""
    from sdm_desktop.ui.gc_pacing import CollectBetweenEvents

    return CollectBetweenEvents(window.env.jobs, window)


def freeze_start_up_objects() -> None:
    """Leave the objects made at start-up (modules, classes, the ORM's mappers, the window) out of every
    later garbage collection. A full collection otherwise walks all of them (about 110,000): 50–150 ms
    that freeze the window, even when a background job triggers it, because it holds the GIL. Objects
    without reference cycles are still freed as usual; run_gui unfreezes them when the window closes."""
    gc.collect()
    gc.freeze()


def run_gui(data_dir: str | None, database: str | None) -> int:
    app, first_look = _themed_application()
    choice = _first_run_welcome(data_dir)
    chosen_here = choice is not None and not paths.data_dir_is_fixed(data_dir)
    try:
        folder = paths.choose_data_dir(str(choice.data_dir) if chosen_here else data_dir)
        if chosen_here:
            paths.remember_data_dir(folder)
    except UserError as exc:
        _show_start_error(str(exc), "SDM Desktop cannot start")
        raise
    try:
        lock = DataFolderLock(folder).acquire()
    except DataFolderLocked as exc:
        _show_start_error(str(exc), "SDM Desktop is already open")
        raise
    window = window_frame(folder)
    window.show()
    app.processEvents()
    show_home_early(window, folder, database)
    app.processEvents()
    _confirm_system_look(app, first_look)
    ahead = check_ahead(folder, database)           # beside the database layer's loading, after the first paint
    try:
        ctx = _open_data(folder, database, lock, ahead)
    except UserError as exc:
        window.hide()
        _show_start_error(str(exc), "SDM Desktop cannot start")
        raise
    previous_hook = sys.excepthook
    collector = None
    try:
        if ctx.damage is not None:
            _show_start_error(ctx.damage.message("It is open read-only: you can look, not change."),
                              "The database is damaged")
        attach_data(window, ctx)
        from sdm_desktop.ui.prompts import install_error_hook
        install_error_hook(window)
        _backup_in_background(window, ctx)
        search_upkeep_in_background(window, ctx)
        keep_search_up_to_date(window)
        if choice is not None:
            from PySide6.QtCore import QTimer

            from sdm_desktop.ui.welcome.dialog import act_on_choice
            QTimer.singleShot(0, lambda: act_on_choice(window, choice))
        freeze_start_up_objects()
        collector = collect_garbage_between_events(window)
        code = app.exec()
        window.env.jobs.shutdown()
        if "home" in window.views:
            window.views["home"].keep_for_next_start()
        restart = getattr(window, "restart_requested", False)
    finally:
        if collector is not None:
            collector.stop()
        gc.unfreeze()
        sys.excepthook = previous_hook
        window.deleteLater()
        ctx.close()
    if restart:             # e.g. to use a team database just saved: started once this one let go of the folder
        _start_again()
    return code


def _confirm_system_look(app, first_look) -> None:
    from sdm_desktop.ui import theme as looks

    looks.confirm_system_look(app, looks.chosen_theme, first_look)


def _start_again() -> None:
    import subprocess

    command = [sys.executable, *sys.argv[1:]] if getattr(sys, "frozen", False) else \
        [sys.executable, "-m", "sdm_desktop", *sys.argv[1:]]
    subprocess.Popen(command, close_fds=True)


def _first_run_welcome(data_dir: str | None):
    """The first-run welcome (never in an offscreen or CI run: no one is there to answer)."""
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen" or os.environ.get("CI"):
        return None
    from sdm_desktop.ui.theme import user_settings
    from sdm_desktop.ui.welcome.dialog import WelcomeDialog, first_run_welcome

    return first_run_welcome(user_settings(), paths.choose_data_dir(data_dir, create=False),
                             paths.data_dir_is_fixed(data_dir), on_team_database=WelcomeDialog.ask_for_team_database)


def check_ahead(folder: Path, database: str | None):
    """The quick check of the folder's own database file, started now on its own thread (None for another database):
    it runs while the database layer loads."""
    from sdm_desktop.db.integrity import QuickCheckAhead

    own = paths.own_database_file(folder, database)
    return QuickCheckAhead(own) if own is not None and own.is_file() else None


def _open_data(folder: Path, database: str | None, lock: DataFolderLock, ahead=None) -> AppContext:
    from sdm_desktop.services.opening import open_context
    from sdm_desktop.ui.team_database.password import ask_password

    try:
        return open_context(folder, database, lock=lock, ask_password=ask_password, search_upkeep_later=True,
                            quick_check_ahead=ahead)
    except BaseException:
        lock.release()
        raise


def _backup_in_background(window, ctx: AppContext) -> None:
    from sdm_desktop.services.core import maintenance

    window.env.jobs.run(lambda _p: maintenance.automatic_backup(ctx.data_dir, ctx.db.url),
                        label="Daily backup", on_done=lambda _made: None, show_progress=False)


def search_upkeep_in_background(window, ctx: AppContext) -> None:
    """Search text made by an older version, a search index still to fill (new, or left after a big import) and a
    lost tally: brought up to date in the background, one job at a time, the register usable meanwhile; the
    register searches again once the text is new."""
    from sdm_desktop.services.core.changes import Change
    from sdm_desktop.services.register import search_upkeep

    if ctx.damage is not None or getattr(window, "search_upkeep_running", False) or not search_upkeep.needs_upkeep(ctx):
        return
    window.search_upkeep_running = True

    def done(upkeep) -> None:
        window.search_upkeep_running = False
        if upkeep.texts_rebuilt:
            window.env.announce(Change.ORGANISATION)
            window.env.announce(Change.PERSON)

    def failed(exc: BaseException) -> None:
        window.search_upkeep_running = False
        window.statusBar().showMessage(f"The register's search could not be brought up to date ({exc}); it works "
                                       "as before, only slower, and is tried again next time.", 15000)

    window.env.jobs.run(lambda progress: search_upkeep.bring_search_up_to_date(ctx, progress),
                        label="Updating the register's search", on_done=done, on_error=failed,
                        on_cancelled=lambda: setattr(window, "search_upkeep_running", False), show_progress=False)


def keep_search_up_to_date(window) -> None:
    """After a bulk change (an import or its undo, a restore, an erase) the index may be left to fill: fill it."""
    from sdm_desktop.services.core.changes import Change

    window.env.bus.changed.connect(
        lambda what: search_upkeep_in_background(window, window.env.ctx)
        if what in (Change.IMPORT, Change.ALL, Change.PERSON) else None)


def _show_start_error(message: str, title: str) -> None:
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen" or os.environ.get("CI"):
        return
    from PySide6.QtWidgets import QMessageBox
    QMessageBox.critical(None, title, message)


def run_smoke(data_dir: str | None, database: str | None) -> int:
    from sdm_desktop.services.opening import open_context
    from sdm_desktop.ui import prompts

    app = _application(offscreen=True)
    ctx = open_context(data_dir, database)
    window = None
    try:
        _refuse_if_damaged(ctx, "The views were not opened.")
        from sdm_desktop.ui.navigation import VIEWS
        with prompts.headless() as said:
            window = build_window(ctx, synchronous_jobs=True)
            _stop_if_said(said, "opening the window")
            window.show()
            for spec in VIEWS:
                window.show_view(spec.name)
                app.processEvents()
                _stop_if_said(said, f"the {spec.name} view")
        print(f"Smoke test passed: opened {len(VIEWS)} views.")
        return 0
    finally:
        _dispose(app, window)
        ctx.close()


def _refuse_if_damaged(ctx: AppContext, outcome: str) -> None:
    from sdm_desktop.errors import DatabaseDamaged

    if ctx.damage is not None:
        raise DatabaseDamaged(ctx.damage.message(outcome))


def _stop_if_said(said: list[str], where: str) -> None:
    """With no one to answer, the first message the window wanted to show ends the run (exit status 1)."""
    if said:
        raise UserError(f"Stopped at {where}, which showed this message: {said[0]}")


def _dispose(app, window) -> None:
    """Delete a window made for one command, so none of its timers fires after its database is closed
    (the command may run inside a longer process, e.g. the tests)."""
    if window is None:
        return
    import shiboken6

    window.hide()
    window.env.jobs.shutdown()
    shiboken6.delete(window)


def render_screenshot(data_dir: str | None, database: str | None, view: str, output: Path,
                      size: tuple[int, int], theme: str | None = None) -> int:
    app = _application(offscreen=True, theme=theme)
    if output.suffix.lower() != ".png":
        raise UserError(f"The screenshot file must end in .png, not {output.name}.")
    if not output.parent.is_dir():
        raise UserError(f"Cannot write {output}: the folder {output.parent} does not exist.")
    if output.is_dir():
        raise UserError(f"Cannot write {output}: that is a folder; give a file name ending in .png.")
    from sdm_desktop.services.opening import open_context
    from sdm_desktop.ui import prompts

    ctx = open_context(data_dir, database)
    window = None
    try:
        _refuse_if_damaged(ctx, "No screenshot was taken.")
        with prompts.headless() as said:
            window = build_window(ctx, synchronous_jobs=True)
            window.resize(*size)
            window.show()
            window.show_view(view)
            for _ in range(5):
                app.processEvents()
        _stop_if_said(said, f"the {view} view")
        if not window.grab().save(str(output), "PNG"):
            raise UserError(f"Could not write the screenshot to {output}.")
        print(f"Screenshot of {view} written to {output}")
        return 0
    finally:
        _dispose(app, window)
        ctx.close()
