"""Shared by the tests/test_versions_*.py files: a colleague's save from outside this app, and answering the
merge dialog an editor shows."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from sqlalchemy import text

from sdm_desktop.ui.common import merge_dialog
from test_team_versions import colleague_sets

__all__ = ["answer_merge", "colleague_sets", "version_in"]


def version_in(ctx, table: str, row_id: int) -> int:
    with ctx.db.engine.connect() as conn:
        return conn.execute(text(f"SELECT row_version FROM {table} WHERE id = :i"), {"i": row_id}).scalar_one()


def answer_merge(button_text: str, seen: list | None = None) -> None:
    """Press a button of the merge dialog once it is open (``seen`` gets the dialog's field names)."""
    def press() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, merge_dialog.MergeDialog) and w.isVisible())
        if seen is not None:
            seen.extend([*dialog.merge.theirs_changed, *dialog.merge.yours_changed])
        if button_text == "Go back":
            dialog.reject()
            return
        next(b for b in dialog.findChildren(merge_dialog.QPushButton) if b.text() == button_text).click()
    QTimer.singleShot(50, press)
