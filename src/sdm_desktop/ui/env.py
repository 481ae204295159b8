"""What every view gets: the app context, the job runner, settings and the change bus."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Signal

from sdm_desktop.ui.jobs import JobRunner

if TYPE_CHECKING:
    from sdm_desktop.services.core.context import AppContext


class ChangeBus(QObject):
    """Views announce what they changed ('organisation', 'person', ...); others refresh."""

    changed = Signal(object)           # a Change; a str would lose its type crossing Qt


@dataclass
class UiEnv:
    ctx: "AppContext"
    jobs: JobRunner
    settings: QSettings
    bus: ChangeBus

    def announce(self, what: str) -> None:
        self.bus.changed.emit(what)
