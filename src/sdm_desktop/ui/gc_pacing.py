"""When Python's full garbage collections run: not while a background job runs, and between events.

While any job runs in the background, Python's automatic *full* garbage collections wait (see
``FullCollectionsPaused``): a job that holds a few hundred thousand objects (the letters' recipients
of 20,000 groups) otherwise sets off full collections that each walk all of them while holding the
GIL, freezing the window for 0.2–3 s at a time. While the window is open, ``CollectBetweenEvents``
runs the full collections itself, between events.
"""

from __future__ import annotations

import gc
from typing import Protocol

from PySide6.QtCore import QObject, QTimer


class RunsJobs(Protocol):
    """What the collector asks of the job runner (``ui.jobs.JobRunner``)."""

    @property
    def idle(self) -> bool: ...


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

    def __init__(self, jobs: RunsJobs, parent: QObject | None = None):
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
