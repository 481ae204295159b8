"""Progress and cancellation for long jobs, with no Qt."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass


class JobCancelled(Exception):
    """Raised inside a job when the user pressed Cancel; the job's transaction rolls back."""


@dataclass
class Progress:
    total: int = 0
    done: int = 0
    label: str = ""
    cancelled: bool = False

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
