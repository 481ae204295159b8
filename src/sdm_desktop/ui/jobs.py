"""Run long jobs off the GUI thread with a progress dialog and Cancel.

The job is a plain function taking a ``Progress``. When it ends, a queued signal brings the
result to the GUI thread at once, where ``on_done(result)`` or ``on_error(exc)`` is called; a
100 ms timer updates the progress dialogs meanwhile. Tests can make a runner synchronous
(Picard's FakeThreadPool idea).

While any job runs in the background, Python's automatic full garbage collections wait (see
``ui.gc_pacing``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from sdm_desktop.progress import JobCancelled, Progress
from sdm_desktop.ui.gc_pacing import FullCollectionsPaused

POLL_MS = 100
SHOW_AFTER_MS = 400
SHARE_GIL_EVERY_S = 0.015     # a background job lets the GUI thread run at least this often (at its steps)


def _in_worker(job: Callable[[Progress], Any], progress: Progress) -> Any:
    """Run the job; a cancelled job's traceback is let go of here, in the worker: its frames hold
    whatever the job had loaded (20,000 groups with their people for a stopped count of recipients),
    which the GUI thread would otherwise free, or garbage-collect, when it hears of the cancellation."""
    try:
        return job(progress)
    except JobCancelled:
        pass
    raise JobCancelled()


@dataclass
class _Running:
    future: Future
    progress: Progress
    dialog: QProgressDialog | None
    on_done: Callable[[Any], None]
    on_error: Callable[[BaseException], None]
    on_cancelled: Callable[[], None] | None
    holds_collections: bool = True          # counted in FullCollectionsPaused until delivered

    def release_collections(self) -> None:
        if self.holds_collections:
            self.holds_collections = False
            FullCollectionsPaused.job_ended()


class JobRunner(QObject):
    finished = Signal()          # after every job's callback; tests wait on it
    _ended = Signal(object)      # emitted on the worker thread, received on the GUI thread

    def __init__(self, parent: QWidget, synchronous: bool = False):
        super().__init__(parent)
        self._parent = parent
        self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="sdm-job")
        self._running: list[_Running] = []
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)
        self._ended.connect(self._job_ended, Qt.ConnectionType.QueuedConnection)
        self.synchronous = synchronous
        self._shut = False

    @property
    def idle(self) -> bool:
        """No job at all is running, not even a quiet background one (e.g. before a restore)."""
        return not self._running

    @property
    def busy(self) -> bool:
        """A job the user started (with a progress dialog) is still running."""
        return any(item.dialog is not None for item in self._running)

    def run(self, job: Callable[[Progress], Any], *, label: str, on_done: Callable[[Any], None],
            on_error: Callable[[BaseException], None] | None = None,
            on_cancelled: Callable[[], None] | None = None, show_progress: bool = True) -> Progress:
        progress = Progress(label=label)
        if self._shut:                       # a signal still queued as the window closes: nothing to deliver to
            progress.cancelled = True
            return progress
        on_error = on_error or self._default_error
        if self.synchronous:
            self._run_now(job, progress, on_done, on_error, on_cancelled)
            return progress
        progress.share_gil_every = SHARE_GIL_EVERY_S
        dialog = self._make_dialog(label, progress) if show_progress else None
        item = _Running(self._pool.submit(_in_worker, job, progress), progress, dialog, on_done, on_error,
                        on_cancelled)
        FullCollectionsPaused.job_started()
        self._running.append(item)
        # The callback names the future, not the item: an item -> future -> callback -> item cycle kept
        # every job's result (e.g. 100,000 recipients) alive until the next full garbage collection.
        item.future.add_done_callback(self._announce_end)
        if dialog is not None:
            self._timer.start()
        return progress

    def _announce_end(self, future: Future) -> None:
        with contextlib.suppress(RuntimeError):     # the runner was deleted while the job ran (the app is closing)
            self._ended.emit(future)

    def _job_ended(self, future: Future) -> None:
        item = next((i for i in self._running if i.future is future), None)
        if item is not None:
            self._running.remove(item)
            try:
                self._deliver(item)
            finally:
                item.release_collections()

    def _run_now(self, job, progress, on_done, on_error, on_cancelled) -> None:
        try:
            result = job(progress)
        except JobCancelled:
            if on_cancelled:
                on_cancelled()
        except Exception as exc:  # noqa: BLE001 - delivered to the caller's handler
            on_error(exc)
        else:
            on_done(result)
        self.finished.emit()

    def _make_dialog(self, label: str, progress: Progress) -> QProgressDialog:
        dialog = QProgressDialog(label, "Cancel", 0, 0, self._parent)
        dialog.setWindowTitle("Working")
        dialog.setAccessibleName(label)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(SHOW_AFTER_MS)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(lambda: setattr(progress, "cancelled", True))
        return dialog

    def _poll(self) -> None:
        dialogs = [item for item in self._running if item.dialog is not None]
        for item in dialogs:
            self._update_dialog(item)
        if not dialogs:
            self._timer.stop()

    @staticmethod
    def _update_dialog(item: _Running) -> None:
        p = item.progress
        item.dialog.setLabelText(p.label or "Working…")
        item.dialog.setMaximum(p.total or 0)
        if p.total:
            item.dialog.setValue(min(p.done, p.total))

    @staticmethod
    def _close_dialog(dialog: QProgressDialog) -> None:
        """Gone for good before the callback runs. reset() stops QProgressDialog's own show timer, which
        would otherwise show it (up to 4 s after it was made) over a question the callback opens; and
        deleteLater() waits for that question's event loop to end, so hiding alone is not enough."""
        dialog.canceled.disconnect()
        dialog.reset()
        dialog.hide()
        dialog.deleteLater()

    def _deliver(self, item: _Running) -> None:
        if item.dialog is not None:
            self._close_dialog(item.dialog)
        exc = item.future.exception()
        if isinstance(exc, JobCancelled):
            if item.on_cancelled:
                item.on_cancelled()
        elif exc is not None:
            item.on_error(exc)
        else:
            item.on_done(item.future.result())
        self.finished.emit()

    def _default_error(self, exc: BaseException) -> None:
        from sdm_desktop.ui import prompts
        prompts.error(self._parent, prompts.describe_error(exc))

    def shutdown(self) -> None:
        self._shut = True
        for item in self._running:
            item.progress.cancelled = True
        self._pool.shutdown(wait=True)
        for item in self._running:           # ended, but not delivered yet: the window is closing
            item.release_collections()
