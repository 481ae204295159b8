"""What every view gets: the app context, the job runner, settings and the change bus.

"What changed" travels on the bus as a typed event, a ``Change`` member (``services/core/changes.py``):
a view announces the kind of record it changed with ``env.announce(Change.PERSON)``, and every view that
shows that kind subscribes with ``env.bus.changed.connect`` and refreshes when the kind is one it shows.
Anything but a ``Change`` is refused at once, so a misspelt kind is an error, not a view that never refreshes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Signal

from sdm_desktop.services.core.changes import Change

if TYPE_CHECKING:
    from sdm_desktop.services.core.context import AppContext
    from sdm_desktop.ui.colleagues.watcher import ColleagueWatcher
    from sdm_desktop.ui.jobs import JobRunner


class ChangeBus(QObject):
    """Views announce the kind of record they changed (a ``Change``); others refresh."""

    changed = Signal(object)           # a Change; a str would lose its type crossing Qt


@dataclass
class UiEnv:
    ctx: AppContext          # None (as jobs) only while Home shows kept figures, before the data is open
    jobs: JobRunner
    settings: QSettings
    bus: ChangeBus
    # On a team database: what colleagues change and edit (ui/colleagues/watcher.py); None on SQLite
    colleagues: ColleagueWatcher | None = None

    def announce(self, what: Change) -> None:
        """Tell every view that records of this kind changed; anything but a ``Change`` is a TypeError."""
        if not isinstance(what, Change):
            raise TypeError(f"announce() takes a Change member, not {what!r}")
        self.bus.changed.emit(what)
