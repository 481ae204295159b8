"""Progress and cancellation for long jobs, with no Qt."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field


class JobCancelled(Exception):
    """Raised inside a job when the user pressed Cancel; the job's transaction rolls back."""


# How long a job running beside the window pauses, and how often (see Progress.share_gil_every).
GIL_PAUSE_S = 0.001


@dataclass
class Progress:
    total: int = 0
    done: int = 0
    label: str = ""
    cancelled: bool = False
    # A job run in a worker beside the window sets this (seconds): every so often, at a step or a check, it
    # sleeps for a millisecond, so the GUI thread gets the GIL. Without it a worker that also reads a
    # file or the database keeps retaking the GIL as it lets go of it for each read, and CPython's
    # switching never asks it to hand over: the window froze for 1-2 s while a 100,000-row file was checked.
    share_gil_every: float = 0.0
    _shared_at: float = field(default=0.0, repr=False, compare=False)

    def start(self, total: int, label: str = "") -> None:
        self.total, self.done = total, 0
        if label:
            self.label = label

    def step(self, n: int = 1) -> None:
        self.done += n
        self.check()

    def check(self) -> None:
        if self.cancelled:
            raise JobCancelled()
        if self.share_gil_every:
            now = time.perf_counter()
            if now - self._shared_at >= self.share_gil_every:
                time.sleep(GIL_PAUSE_S)
                self._shared_at = time.perf_counter()

    @property
    def fraction(self) -> float:
        return min(1.0, self.done / self.total) if self.total else 0.0


class ConsoleProgress(Progress):
    """Prints a bar to stderr, at most ten times a second."""

    def __init__(self, stream=None):
        super().__init__()
        self._stream = stream or sys.stderr
        self._last = 0.0

    def step(self, n: int = 1) -> None:
        super().step(n)
        now = time.monotonic()
        if now - self._last > 0.1 or self.done >= self.total:
            self._last = now
            self._draw()

    def _draw(self) -> None:
        if not self.total or not self._stream.isatty():
            return
        width = 30
        filled = int(width * self.fraction)
        self._stream.write(f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total}")
        if self.done >= self.total:
            self._stream.write("\n")
        self._stream.flush()
