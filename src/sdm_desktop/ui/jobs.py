"""Run long jobs off the GUI thread with a progress dialog and Cancel.

The job is a plain function taking a ``Progress``. When it ends, a queued signal brings the
result to the GUI thread at once, where ``on_done(result)`` or ``on_error(exc)`` is called; a
100 ms timer updates the progress dialogs meanwhile. Tests can make a runner synchronous
(Picard's FakeThreadPool idea).

While any job runs in the background, Python's automatic *full* garbage collections wait (see
``FullCollectionsPaused``): a job that holds a few hundred thousand objects (the letters' recipients
of 20,000 groups) otherwise sets off full collections that each walk all of them while holding the
GIL, freezing the window for 0.2–3 s at a time.
"""

from __future__ import annotations

import gc
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from sdm_desktop.progress import JobCancelled, Progress

POLL_MS = 100
SHOW_AFTER_MS = 400
SHARE_GIL_EVERY_S = 0.015     # a background job lets the GUI thread run at least this often (at its steps)


class FullCollectionsPaused:
    """Whether Python may start a full garbage collection on its own (process-wide; GUI thread only).

    While a background job runs, the oldest generation is never collected automatically. Young
    collections go on (they only walk objects made since the last one, so they stay short and free
    short-lived cycles). The objects a job holds become garbage mostly by reference counting when its
    session closes; whatever cyclic garbage is left waits for the first full collection after the
    last job ends. ``CollectBetweenEvents`` turns automatic full collections off for as long as the
    window is open and runs them itself."""

    NEVER = 1 << 30
    _jobs = 0
    _between_events = False
    _saved: tuple[int, int, int] | None = None       # Python's thresholds while ours apply

    @classmethod
    def job_started(cls) -> None:
        cls._jobs += 1
        cls._apply()

    @classmethod
    def job_ended(cls) -> None:
        cls._jobs = max(0, cls._jobs - 1)
        cls._apply()

    @classmethod
    def set_between_events(cls, on: bool) -> None:
        cls._between_events = on
        cls._apply()

    @classmethod
    def due(cls) -> bool:
        """As many young collections have run since the last full one as Python waits for."""
        threshold = (cls._saved or gc.get_threshold())[2]
        return gc.get_count()[2] >= threshold

    @classmethod
    def _apply(cls) -> None:
        paused = cls._jobs > 0 or cls._between_events
        if paused and cls._saved is None:
            cls._saved = gc.get_threshold()
            gc.set_threshold(cls._saved[0], cls._saved[1], cls.NEVER)
        elif not paused and cls._saved is not None:
            gc.set_threshold(*cls._saved)
            cls._saved = None


class CollectBetweenEvents(QObject):
    """Full garbage collections between events, when due, instead of in the middle of one.

    Python starts a full collection in whatever code allocates when one is due: often the redraw after
    a user's action (50-90 ms for the Analysis grid), which it then lengthens by the 40-120 ms the
    collection takes, since it walks every object the views hold. While the window is open this timer
    on the GUI thread runs the collection instead, between events, when no background job runs, and
    by Python's own measure: after enough young collections, once the oldest generation has grown by a
    quarter since the last full collection."""

    CHECK_MS = 500
    GROWTH = 1.25

    def __init__(self, jobs: "JobRunner", parent: QObject | None = None):
        super().__init__(parent)
        self._jobs = jobs
        self._after_last = len(gc.get_objects(2))      # the oldest generation after the last full collection
        self._checked_at = -1                           # young collections counted at the last look
        FullCollectionsPaused.set_between_events(True)
        self._timer = QTimer(self)
        self._timer.setInterval(self.CHECK_MS)
        self._timer.timeout.connect(self.collect_if_due)
        self._timer.start()

    def collect_if_due(self) -> bool:
        young = gc.get_count()[2]
        if not self._jobs.idle or not FullCollectionsPaused.due() or young == self._checked_at:
            return False
        self._checked_at = young                        # counting the oldest generation takes a few ms
        if len(gc.get_objects(2)) < self._after_last * self.GROWTH:
            return False
        gc.collect()
        self._after_last = len(gc.get_objects(2))
        self._checked_at = -1
        return True

    def stop(self) -> None:
        self._timer.stop()
        FullCollectionsPaused.set_between_events(False)


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
        try:
            self._ended.emit(future)
        except RuntimeError:        # the runner was deleted while the job ran (the app is closing)
            pass

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

    def _deliver(self, item: _Running) -> None:
        if item.dialog is not None:
            item.dialog.hide()
            item.dialog.deleteLater()
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
        for item in self._running:
            item.progress.cancelled = True
        self._pool.shutdown(wait=True)
        for item in self._running:           # ended, but not delivered yet: the window is closing
            item.release_collections()
