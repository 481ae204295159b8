"""Dropping email files onto the window, a stakeholder, an activity or a plan, with a visible hint while
dragging. Files from Explorer or a file manager arrive as URLs; messages dragged straight out of Outlook
arrive as Windows virtual files, read by ``OutlookDragAdapter`` (untested against a real Outlook)."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QObject, QPoint, Qt
from PySide6.QtWidgets import QLabel, QWidget

from sdm_desktop.services.email_log.messages import SUFFIXES
from sdm_desktop.services.email_log.outlook_drop import save_first

DESCRIPTOR = 'application/x-qt-windows-mime;value="FileGroupDescriptorW"'
CONTENTS = 'application/x-qt-windows-mime;value="FileContents"'


class OutlookDragAdapter:
    """Windows virtual files (Outlook's drag) to a message file on disk. Qt gives the first file's contents."""

    @staticmethod
    def offers(mime: QMimeData) -> bool:
        return mime.hasFormat(DESCRIPTOR) and mime.hasFormat(CONTENTS)

    @staticmethod
    def save(mime: QMimeData) -> tuple[list[Path], str]:
        folder = Path(tempfile.mkdtemp(prefix="sdm-outlook-drop-"))
        atexit.register(shutil.rmtree, folder, True)        # the message holds personal data: gone at exit
        path, count = save_first(bytes(mime.data(DESCRIPTOR).data()), bytes(mime.data(CONTENTS).data()), folder)
        note = (f"Outlook dragged {count} messages; only the first can be read from a drag. Save the others "
                "as files (or drag them from a folder) to log them." if count > 1 else "")
        return [path], note


def dropped_paths(mime: QMimeData) -> list[Path]:
    out = []
    for url in mime.urls():
        if url.isLocalFile():
            path = Path(url.toLocalFile())
            if path.is_dir() or path.suffix.lower() in SUFFIXES:
                out.append(path)
    return out


def accepts(mime: QMimeData) -> bool:
    return bool(dropped_paths(mime)) or OutlookDragAdapter.offers(mime)


class EmailDropTarget(QObject):
    """Installed on a widget (an item view's viewport): ``describe(pos)`` says what a drop there logs against
    (None: not here); ``dropped(paths, pos, note)`` is called with the files."""

    def __init__(self, widget: QWidget, describe: Callable[[QPoint], str | None],
                 dropped: Callable[[list[Path], QPoint, str], None]):
        super().__init__(widget)
        self.widget, self.describe, self.dropped = widget, describe, dropped
        widget.setAcceptDrops(True)
        widget.installEventFilter(self)
        self.hint = QLabel(widget)
        self.hint.setAccessibleName("Drop hint")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setWordWrap(True)
        self.hint.setAutoFillBackground(True)
        self.hint.setFrameShape(QLabel.Shape.Box)
        self.hint.setLineWidth(2)
        self.hint.setMargin(8)
        self.hint.hide()

    def show_hint(self, text: str) -> None:
        self.hint.setText(f"<b>Drop to log these emails</b><br>{text}")
        width = min(self.widget.width() - 20, 460)
        self.hint.setFixedWidth(max(200, width))
        self.hint.adjustSize()
        # at the foot of the widget, so the row being dropped on stays in sight
        self.hint.move(max(0, (self.widget.width() - self.hint.width()) // 2),
                       max(0, self.widget.height() - self.hint.height() - 12))
        self.hint.raise_()
        self.hint.show()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            text = self.describe(event.position().toPoint()) if accepts(event.mimeData()) else None
            if text is None:
                self.hint.hide()
                event.ignore()
                return kind == QEvent.Type.DragMove
            self.show_hint(text)
            event.acceptProposedAction()
            return True
        if kind == QEvent.Type.DragLeave:
            self.hint.hide()
            return False
        if kind == QEvent.Type.Drop:
            self.hint.hide()
            return self._drop(event)
        return False

    def _drop(self, event) -> bool:
        mime, pos = event.mimeData(), event.position().toPoint()
        if self.describe(pos) is None:
            return False
        paths, note = dropped_paths(mime), ""
        if not paths and OutlookDragAdapter.offers(mime):
            from sdm_desktop.ui import prompts

            try:
                paths, note = OutlookDragAdapter.save(mime)
            except Exception as exc:  # noqa: BLE001 - said to the user
                prompts.error(self.widget, prompts.describe_error(exc))
                return True
        if not paths:
            return False
        event.acceptProposedAction()
        self.dropped(paths, pos, note)
        return True
