"""Undo of the last changes: each step knows how to put back what it changed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable


@dataclass
class UndoStep:
    label: str                         # e.g. "add person", shown as "Undo add person"
    revert: Callable[[], None]         # runs its own transaction


class UndoStack:
    def __init__(self, limit: int = 50):
        self._steps: list[UndoStep] = []
        self._limit = limit
        self._listeners: list[Callable[[], None]] = []

    def push(self, step: UndoStep) -> None:
        self._steps.append(step)
        del self._steps[: -self._limit]
        self._notify()

    def undo(self) -> str | None:
        if not self._steps:
            return None
        step = self._steps.pop()
        try:
            step.revert()
        finally:
            self._notify()
        return step.label

    def clear(self) -> None:
        self._steps.clear()
        self._notify()

    @property
    def next_label(self) -> str | None:
        return self._steps[-1].label if self._steps else None

    def subscribe(self, listener: Callable[[], None]) -> None:
        self._listeners.append(listener)

    def _notify(self) -> None:
        for listener in list(self._listeners):
            listener()
