"""File → Restore from a backup…: check the file, confirm, keep a safety backup, swap the database
under the running window and refresh every view.

The swap runs on the GUI thread with a busy cursor (a copy and a reopen: seconds at most), so no
view can query the database halfway through it; it starts only when no job is running.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from sdm_desktop.services.core.changes import Change
from sdm_desktop.ui import prompts


def restore_from_backup(window, source: Path | None = None) -> bool:
    from sdm_desktop.errors import UserError
    from sdm_desktop.services.core import maintenance

    env = window.env
    if not env.jobs.idle:
        prompts.warn(window, "A job is still running. Wait for it to finish, then restore.", "Restore from a backup")
        return False
    if env.ctx.db.sqlite_path is None:          # a team database: restored on its server
        prompts.info(window, maintenance.server_instead(env.ctx.db.url, "restore"), "Restore from a backup")
        return False
    if source is None:
        chosen, _ = QFileDialog.getOpenFileName(window, "Restore from a backup", str(env.ctx.data_dir / "backups"),
                                                "SDM Desktop backups (*.sqlite3);;All files (*)")
        if not chosen:
            return False
        source = Path(chosen)
    try:
        info = maintenance.inspect_backup(source)
    except UserError as exc:
        prompts.error(window, str(exc), "Restore from a backup")
        return False
    question = (f"Replace all the current data with this backup?\n\n{info.sentence()}\n\n"
                "The current data is saved first as a backup named \"before-restore\", so you can go back to it "
                "the same way. Changes made since this backup, and anything not yet saved in an editor, will no "
                "longer be there.")
    if not prompts.confirm(window, question, "Restore from a backup", yes="Restore", no="Cancel"):
        return False
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        restored = maintenance.restore_in_place(env.ctx, source)
    except Exception as exc:  # noqa: BLE001 - the data in use is unchanged; say so
        QApplication.restoreOverrideCursor()
        prompts.error(window, f"{prompts.describe_error(exc)}", "Not restored")
        return False
    QApplication.restoreOverrideCursor()
    env.announce(Change.ALL)
    env.announce(Change.UNDO)          # UNDO also makes the editors reload the records they show
    window.statusBar().showMessage(f"Restored from {source.name}.", 8000)
    prompts.info(window, f"Restored from {source.name}. {restored.sentence()}\n\n"
                 f"The data as it was before is kept in {restored.kept}.",
                 "Restore from a backup")
    return True
