"""Undo of the last changes: each step knows how to put back what it changed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sdm_desktop.errors import storage_error_message


@dataclass
class UndoStep:
    label: str                         # e.g. "add person", shown as "Undo add person"
    revert: Callable[[], None]         # runs its own transaction
    # The rows the step wrote, each with its version afterwards (versions.Written): the undo is refused if
    # someone else changed one of them since.
    written: list = field(default_factory=list)


class UndoStack:
    def __init__(self, limit: int = 50):
        self._steps: list[UndoStep] = []
        self._limit = limit
        self._listeners: list[Callable[[], None]] = []
        self.guard: Callable[[UndoStep], None] | None = None    # raises if the step may not be undone now

    def push(self, step: UndoStep) -> None:
        self._steps.append(step)
        del self._steps[: -self._limit]
        self._notify()

    def undo(self) -> str | None:
        if not self._steps:
            return None
        step = self._steps[-1]
        try:
            if self.guard is not None and step.written:
                self.guard(step)
            step.revert()
        except Exception as exc:
            # A revert is one transaction, so a failure changed nothing. A busy or unavailable
            # database is worth retrying: the step stays. Anything else cannot succeed later.
            if storage_error_message(exc) is None:
                self._steps.remove(step)
                self._notify()
            raise
        self._steps.remove(step)
        self._notify()
        return step.label

    def clear(self) -> None:
        self._steps.clear()
        self._notify()

    def version_written(self, record_id: int, table: str | None = None) -> int | None:
        """The version the newest step left the row at (an editor's next save starts from it), or None if
        that step did not write it. Exact: a colleague's save just after is not taken for ours."""
        written = self._steps[-1].written if self._steps else []
        mine = [w for w in written if w.record_id == record_id and table in (None, w.table)]
        return mine[0].version if len(mine) == 1 else None

    @property
    def next_label(self) -> str | None:
        return self._steps[-1].label if self._steps else None

    def subscribe(self, listener: Callable[[], None]) -> None:
        self._listeners.append(listener)

    def _notify(self) -> None:
        for listener in list(self._listeners):
            listener()
