"""Every few seconds, in a background thread, look at the team database: what colleagues changed (views
refresh through the change bus) and who else has the records open here for editing. Nothing on SQLite, where
one person works alone."""

from __future__ import annotations

import contextlib
import threading
import uuid

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from sdm_desktop.errors import storage_error_message
from sdm_desktop.services.colleagues.feed import latest_event_id
from sdm_desktop.services.colleagues.look import Look, look
from sdm_desktop.services.colleagues.presence import stop_editing

LOOK_EVERY_MS = 3000


class ColleagueWatcher(QObject):
    looked = Signal(object)              # a Look, on the GUI thread; editors read it
    connection = Signal(str)             # "" when the database answers, else what is wrong
    _delivered = Signal(object)          # from the background thread

    def __init__(self, env, interval_ms: int = LOOK_EVERY_MS, parent=None):
        super().__init__(parent)
        self.env = env
        self.instance = str(uuid.uuid4())
        self._open: dict[int, tuple[str, int]] = {}     # editor (by id()) → the record it has open
        self._last_event_id: int | None = None
        self._busy = False
        self._marked = True          # the first look writes once (and forgets day-old marks of any app)
        self._problem = ""
        self._delivered.connect(self._arrived, Qt.ConnectionType.QueuedConnection)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.look_now)

    def start(self) -> None:
        self._timer.start()
        self.look_now()

    def stop(self) -> None:
        self._timer.stop()
        with contextlib.suppress(Exception):     # closing: a mark left behind goes stale by itself
            stop_editing(self.env.ctx, self.instance)

    def editing(self, editor: object, record: tuple[str, int] | None) -> None:
        """``editor`` now has ``record`` open (None: nothing)."""
        if record is None:
            self._open.pop(id(editor), None)
        else:
            self._open[id(editor)] = record

    def look_now(self) -> None:
        if self._busy:
            return
        self._busy = True
        records, own = set(self._open.values()), set(self.env.ctx.own_writes.audit_ids)
        threading.Thread(target=self._look, args=(records, own), daemon=True, name="colleagues").start()

    def _look(self, records: set[tuple[str, int]], own: set[int]) -> None:
        ctx = self.env.ctx
        try:
            if self._last_event_id is None:
                self._last_event_id = latest_event_id(ctx)
            result: Look | Exception = look(ctx, self.instance, self._last_event_id, records, own, self._marked)
            self._marked = bool(records)
        except Exception as exc:  # noqa: BLE001 - reported on the GUI thread, tried again next time
            result = exc
        self._delivered.emit(result)

    def _arrived(self, result) -> None:
        self._busy = False
        if isinstance(result, Exception):
            self._report(storage_error_message(result) or f"The team database could not be read: {result}")
            return
        self._report("")
        self._last_event_id = result.changes.last_event_id
        self.env.ctx.own_writes.forget_audit_until(self._last_event_id)
        for kind in sorted(result.changes.kinds):
            self.env.announce(kind)
        self.looked.emit(result)

    def _report(self, problem: str) -> None:
        if problem != self._problem:
            self._problem = problem
            self.connection.emit(problem)
