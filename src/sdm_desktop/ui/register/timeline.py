"""The timeline of one group or person (interactions, activities, letters, training, resources),
newest first, shown under the register's editor; with "Log interaction…" for them."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from sdm_desktop.services.core.changes import Change
from sdm_desktop.services.core.versions import RecordChanged
from sdm_desktop.services.engagement import interactions as inter
from sdm_desktop.services.letters.history import letter_file
from sdm_desktop.services.register.timeline import stakeholder_timeline
from sdm_desktop.ui import prompts
from sdm_desktop.ui.common.tables.record_table import RecordColumn, RecordTableModel
from sdm_desktop.ui.common.tables.table_helpers import (
    FOCUSED,
    ON_SCREEN,
    ask_and_export,
    button,
    record_table,
    selected_records,
    shortcut,
)
from sdm_desktop.ui.engagement.interaction_dialog import InteractionDialog

COLUMNS = [RecordColumn("when", "When", 88, sort_key="on"), RecordColumn("kind_text", "What", 82),
           RecordColumn("title", "Title", 170, shrink_to=110), RecordColumn("detail", "Detail", 260, shrink_to=60)]
REFRESH_ON = frozenset({Change.INTERACTION, Change.ACTIVITY, Change.PLAN, Change.LETTER, Change.TRAINING,
                        Change.RESOURCE, Change.ORGANISATION, Change.PERSON, Change.UNDO, Change.ALL})


class StakeholderTimeline(QWidget):
    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        self.organisation_id: int | None = None
        self.person_id: int | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.caption = QLabel("<b>Timeline</b>")
        self.caption.setWordWrap(True)
        layout.addWidget(self.caption)
        top = QHBoxLayout()
        self.log_button = button("&Log interaction…", "Log an interaction with this stakeholder", self.log_new,
                                 "Record a contact with them, its outcome and any follow-up action")
        top.addWidget(self.log_button)
        top.addWidget(button("Open…", "Open the selected interaction or letter", self.open_selected,
                             "Edit the selected interaction, or open the selected letter's file; double-click "
                             "does the same (Enter)"))
        top.addWidget(button("Delete", "Delete the selected interactions", self.delete_selected,
                             "Delete the selected interactions with them; Ctrl+Z undoes (Delete)"))
        export = button("Export…", "Export the timeline shown", self.ask_export,
                        "Save this timeline, as sorted, as CSV or XLSX (Ctrl+Shift+E)")
        top.addWidget(export)
        shortcut(QKeySequence("Ctrl+Shift+E"), export, self.ask_export, ON_SCREEN)
        top.addStretch(1)
        layout.addLayout(top)
        self.model = RecordTableModel(COLUMNS, self)
        self.table = record_table(self.model, "Stakeholder timeline")
        self.table.setMinimumHeight(120)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        shortcut(QKeySequence.StandardKey.Delete, self.table, self.delete_selected, FOCUSED)
        shortcut(QKeySequence("Return"), self.table, self.open_selected, FOCUSED)
        layout.addWidget(self.table, 1)
        env.bus.changed.connect(self._on_changed)
        self.show_for(None, None)

    def show_for(self, organisation_id: int | None, person_id: int | None) -> None:
        self.organisation_id, self.person_id = organisation_id, person_id
        self.log_button.setEnabled(organisation_id is not None or person_id is not None)
        self.reload()

    def reload(self) -> None:
        if self.organisation_id is None and self.person_id is None:
            self.model.set_records([])
            self.caption.setText("<b>Timeline</b>: select a group or person")
            return
        entries = stakeholder_timeline(self.env.ctx, organisation_id=self.organisation_id, person_id=self.person_id)
        self.model.set_records(entries)
        count = f"{len(entries)} entry" if len(entries) == 1 else f"{len(entries)} entries"
        self.caption.setText(f"<b>Timeline</b>: {count}, newest first")

    def ask_export(self) -> None:
        ask_and_export(self, self.env, "Export the timeline shown", "timeline.xlsx",
                       lambda: self.model.as_table("Timeline"))

    def log_new(self) -> None:
        if InteractionDialog.ask(self.env, parent=self, organisation_id=self.organisation_id,
                                 person_id=self.person_id):
            self.env.announce(Change.INTERACTION)

    def open_selected(self) -> None:
        records = selected_records(self.table)
        if records and records[0].kind == "interaction":
            if InteractionDialog.ask(self.env, records[0].ref_id, parent=self):
                self.env.announce(Change.INTERACTION)
        elif records and records[0].kind == "letter":
            self.open_letter(records[0].ref_id)

    def open_letter(self, letter_id: int) -> None:
        path = letter_file(self.env.ctx, letter_id)
        if path is None:
            prompts.info(self, "No file was kept for this letter.")
        elif not path.exists():
            prompts.warn(self, f"{path} is no longer there: it was moved or deleted.")
        else:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def delete_selected(self) -> None:
        chosen = [r for r in selected_records(self.table) if r.kind == "interaction"]
        ids = [r.ref_id for r in chosen]
        if not ids:
            prompts.info(self, "Select one or more interactions to delete (activities, letters and training "
                               "are deleted where they were made).")
            return
        noun = "1 interaction" if len(ids) == 1 else f"{len(ids)} interactions"
        if not prompts.confirm(self, f"Delete {noun} with them? Ctrl+Z undoes this.", "Delete", yes="Delete",
                               no="Keep"):
            return
        try:
            inter.delete_interactions(self.env.ctx, ids, expected={r.ref_id: r.row_version for r in chosen})
        except RecordChanged as exc:        # a colleague changed one since the timeline showed it
            prompts.warn(self, str(exc), "Changed by someone else")
        self.env.announce(Change.INTERACTION)

    def _on_changed(self, what: Change) -> None:
        if what in REFRESH_ON:
            self.reload()
