"""The selected resource's offline copy: the line naming it, and adding, forgetting or opening it (or its link)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QWidget

from sdm_desktop.errors import UserError
from sdm_desktop.services.resources import files as resource_files
from sdm_desktop.ui import prompts
from sdm_desktop.ui.common.tables.table_helpers import button


def open_url(url: QUrl) -> bool:
    """Hand a file or link to the system (its own function so tests can watch it)."""
    return QDesktopServices.openUrl(url)


def copy_text(record) -> str:
    """What the line under the editor says of a resource's offline copy (nothing when no resource is chosen)."""
    if record is None:
        return ""
    if not record.file_name:
        return "<b>Offline copy:</b> none — use “Add offline copy…” to keep a file with this resource."
    return f"<b>Offline copy:</b> {record.file_name} (SHA-256 {record.content_hash[:12]}…)"


class OfflineCopyPanel(QWidget):
    """The line naming the shown resource's offline copy, with a button to forget it; the view's buttons
    add a copy or open the copy or the link through it."""

    changed = Signal()            # a copy was kept or forgotten
    reported = Signal(str)        # a line for the status bar

    def __init__(self, env, parent: QWidget | None = None):
        super().__init__(parent)
        self.env = env
        self.resource_id: int | None = None
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setAccessibleName("Offline copy of the selected resource")
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.forget_button = button("Forget &copy", "Forget the offline copy", self.forget,
                                    "Stop keeping the offline copy with this resource (Ctrl+Z undoes)")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label, 1)
        row.addWidget(self.forget_button)

    def show_for(self, record) -> None:
        """Show this resource's copy (None: no resource)."""
        self.resource_id = record.id if record else None
        self.forget_button.setVisible(bool(record and record.file_name))
        self.label.setText(copy_text(record))

    def choose(self) -> None:
        """Ask which file to keep with the resource, then copy it into the data folder."""
        if self.resource_id is None:
            return
        name, _ = QFileDialog.getOpenFileName(self, "Choose a file to keep with this resource", str(Path.home()))
        if name:
            self.add(Path(name))

    def add(self, source: Path) -> None:
        resource_id, ctx = self.resource_id, self.env.ctx
        try:
            resource_files.check_source(source)
        except UserError as exc:
            prompts.error(self, str(exc), "Offline copy not added")
            return

        def done(copied) -> None:
            resource_files.attach_copy(ctx, resource_id, source.name, copied)
            self.changed.emit()
            self.reported.emit(f"Kept an offline copy of {source.name}")

        self.env.jobs.run(lambda progress: resource_files.copy_into_library(ctx, source, progress),
                          label=f"Copying {source.name}", on_done=done)

    def forget(self) -> None:
        if self.resource_id is not None:
            resource_files.remove_offline_copy(self.env.ctx, self.resource_id)
            self.changed.emit()

    def open(self, prefer: str = "file") -> None:
        """Open the offline copy, or the link when there is none (``prefer="link"``: the link)."""
        if self.resource_id is None:
            return
        try:
            target = resource_files.open_target(self.env.ctx, self.resource_id, prefer)
        except UserError as exc:
            prompts.warn(self, str(exc), "Cannot open")
            return
        url = QUrl.fromLocalFile(target.value) if target.kind == "file" else QUrl(target.value)
        if not open_url(url):
            prompts.warn(self, f"No program on this computer would open {target.value}.", "Cannot open")
