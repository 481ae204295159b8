"""Start-up: QApplication, the data folder's lock, the main window; smoke and screenshot modes."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from sdm_desktop import APP_NAME, __version__
from sdm_desktop.errors import DataFolderLocked, UserError
from sdm_desktop.services import maintenance
from sdm_desktop.services.context import AppContext, open_context


def _application(offscreen: bool = False):
    if offscreen:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("SDM Desktop")
    return app


def build_window(ctx: AppContext, synchronous_jobs: bool = False):
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QWidget

    from sdm_desktop.ui.env import ChangeBus, UiEnv
    from sdm_desktop.ui.jobs import JobRunner
    from sdm_desktop.ui.main_window import MainWindow

    settings = QSettings(str(ctx.data_dir / "settings.ini"), QSettings.Format.IniFormat)
    holder = QWidget()
    env = UiEnv(ctx=ctx, jobs=JobRunner(holder, synchronous=synchronous_jobs), settings=settings, bus=ChangeBus())
    window = MainWindow(env)
    env.jobs.setParent(window)
    window._job_holder = holder  # noqa: SLF001 - keeps the runner's first parent alive
    return window


def run_gui(data_dir: str | None, database: str | None) -> int:
    app = _application()
    try:
        ctx = open_context(data_dir, database)
    except DataFolderLocked as exc:
        _show_start_error(str(exc), "SDM Desktop is already open")
        raise
    except UserError as exc:
        _show_start_error(str(exc), "SDM Desktop cannot start")
        raise
    try:
        maintenance.automatic_backup(ctx.data_dir, ctx.db.url)
        window = build_window(ctx)
        window.show()
        code = app.exec()
        window.env.jobs.shutdown()
        return code
    finally:
        ctx.close()


def _show_start_error(message: str, title: str) -> None:
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen" or os.environ.get("CI"):
        return
    from PySide6.QtWidgets import QMessageBox
    QMessageBox.critical(None, title, message)


def run_smoke(data_dir: str | None, database: str | None) -> int:
    app = _application(offscreen=True)
    ctx = open_context(data_dir, database)
    try:
        from sdm_desktop.ui.views import VIEWS
        window = build_window(ctx, synchronous_jobs=True)
        window.show()
        for spec in VIEWS:
            window.show_view(spec.name)
            app.processEvents()
        window.hide()
        print(f"Smoke test passed: opened {len(VIEWS)} views.")
        return 0
    finally:
        ctx.close()


def render_screenshot(data_dir: str | None, database: str | None, view: str, output: Path,
                      size: tuple[int, int]) -> int:
    app = _application(offscreen=True)
    if output.suffix.lower() != ".png":
        raise UserError(f"The screenshot file must end in .png, not {output.name}.")
    if not output.parent.is_dir():
        raise UserError(f"Cannot write {output}: the folder {output.parent} does not exist.")
    ctx = open_context(data_dir, database)
    try:
        window = build_window(ctx, synchronous_jobs=True)
        window.resize(*size)
        window.show()
        window.show_view(view)
        for _ in range(5):
            app.processEvents()
        if not window.grab().save(str(output), "PNG"):
            raise UserError(f"Could not write the screenshot to {output}.")
        window.hide()
        print(f"Screenshot of {view} written to {output}")
        return 0
    finally:
        ctx.close()
