"""The "Log emails" dialog: reads the files in the background, shows what will be logged, lets the user
decide for addresses that match several people or nobody, then logs them (progress and Cancel)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from sdm_desktop.services.core.changes import Change
from sdm_desktop.services.email_log.addresses import save_team_addresses, team_addresses
from sdm_desktop.services.email_log.logbook import EmailPreview, log_emails, preview_emails
from sdm_desktop.services.email_log.people import GROUP, NEW, PERSON, SKIP, Choice, LogTarget
from sdm_desktop.services.register.search import organisation_choices
from sdm_desktop.ui import prompts
from sdm_desktop.ui.common.accessible import buddy_label
from sdm_desktop.ui.common.search_picker import SearchPicker


class LogEmailsDialog(QDialog):
    def __init__(self, env, paths: list[Path], target: LogTarget, where: str = "", parent=None,
                 activities: list[tuple[int, str]] | None = None):
        super().__init__(parent)
        self.env, self.paths, self.target, self.where = env, paths, target, where
        self.preview: EmailPreview | None = None
        self.setWindowTitle("Log emails")
        self.setAccessibleName("Log emails")
        self.resize(760, 520)
        layout = QVBoxLayout(self)
        self.heading = QLabel(f"Reading {len(paths)} item{'s' if len(paths) != 1 else ''}"
                              + (f" to log {where}" if where else "") + "…")
        self.heading.setWordWrap(True)
        self.heading.setAccessibleName("What will be logged")
        layout.addWidget(self.heading)
        self.activity = QComboBox()
        self.activity.setAccessibleName("Activity to log them on")
        self.activity.addItem("(no activity)", None)
        for activity_id, title in activities or []:
            self.activity.addItem(title, activity_id)
        if activities:
            row = QHBoxLayout()
            row.addWidget(buddy_label("On &activity:", self.activity))
            row.addWidget(self.activity, 1)
            layout.addLayout(row)
        self.group = SearchPicker(lambda text, limit: organisation_choices(env.ctx, text, limit),
                                  "Group for addresses that match nobody", "Type part of a group's name")
        row = QHBoxLayout()
        row.addWidget(buddy_label("&Group for the unmatched:", self.group))
        row.addWidget(self.group, 1)
        team = QPushButton("&Team addresses…")
        team.setAccessibleName("Set the team's own email addresses")
        team.setToolTip("Messages from these addresses are logged as 'out' (from us)")
        team.clicked.connect(self.edit_team)
        row.addWidget(team)
        layout.addLayout(row)
        self.table = QTableWidget(0, 3)
        self.table.setAccessibleName("Addresses to decide: who each is")
        self.table.setTabKeyNavigation(False)           # Tab leaves the table (the arrows move in it)
        self.table.setHorizontalHeaderLabels(["Address", "Name in the message", "Log against"])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 230)
        self.table.setColumnWidth(1, 170)
        layout.addWidget(self.table, 1)
        self.notes = QPlainTextEdit()
        self.notes.setReadOnly(True)
        self.notes.setAccessibleName("Messages already logged or unreadable")
        self.notes.setMaximumHeight(110)
        layout.addWidget(self.notes)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.log_button = self.buttons.addButton("&Log emails", QDialogButtonBox.ButtonRole.AcceptRole)
        self.log_button.setAccessibleName("Log the emails")
        self.log_button.setEnabled(False)
        self.buttons.accepted.connect(self.log)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.combos: dict[str, QComboBox] = {}

    def start(self) -> None:
        ctx, paths = self.env.ctx, self.paths
        self.env.jobs.run(lambda progress: preview_emails(ctx, paths, progress), label="Reading the emails",
                          on_done=self.show_preview, on_error=self._failed, on_cancelled=self.reject)

    def _failed(self, exc: BaseException) -> None:
        prompts.error(self, prompts.describe_error(exc))
        self.reject()

    def show_preview(self, preview: EmailPreview) -> None:
        self.preview = preview
        todo, dupes = preview.to_log(), len(preview.messages) - len(preview.to_log())
        text = f"{len(todo):,} message{'s' if len(todo) != 1 else ''} to log"
        if dupes:
            text += f"; {dupes:,} already logged or dropped twice (not logged again)"
        if preview.errors:
            text += f"; {len(preview.errors):,} could not be read"
        undecided = [] if self.target.person_id else preview.needing_a_choice()
        if self.target.person_id:
            text += f", each {self.where or 'against the person chosen'}."
        else:
            text += (". Choose who the addresses below belong to (or leave 'Do not log')." if undecided
                     else ". Every address matches one person or group.")
        self.heading.setText(text)
        notes = [f"{Path(m.path).name}: {m.duplicate}" for m in preview.messages if m.duplicate]
        notes += [why for _f, why in preview.errors]                # each names its file
        self.notes.setPlainText("\n".join(notes) or "Nothing already logged; every file could be read.")
        self.table.setRowCount(len(undecided))
        for row, match in enumerate(undecided):
            self.table.setItem(row, 0, QTableWidgetItem(match.address))
            self.table.setItem(row, 1, QTableWidgetItem(match.name))
            combo = QComboBox()
            combo.setAccessibleName(f"Log {match.address} against")
            combo.addItem("Do not log (or the group/activity above)", Choice(SKIP))
            for person_id, name, no_contact in match.people:
                combo.addItem(f"{name} (person {person_id})" + (" — do not contact" if no_contact else ""),
                              Choice(PERSON, person_id))
            combo.addItem(f"Add a new person for {match.address}", Choice(NEW))
            combo.addItem("The group chosen above", "group")
            self.table.setCellWidget(row, 2, combo)
            self.combos[match.address] = combo
        self.log_button.setEnabled(bool(todo))

    def choices(self) -> dict[str, Choice]:
        out = {}
        for address, combo in self.combos.items():
            value = combo.currentData()
            if value == "group":
                if self.group.value_id is None:
                    raise ValueError(f"Choose the group above to log {address} against it.")
                value = Choice(GROUP, self.group.value_id)
            out[address] = value
        return out

    def edit_team(self) -> None:
        text = prompts.ask_text(self, "The team's own addresses, separated by commas (@domain for a whole domain):",
                                "Team addresses", ", ".join(team_addresses(self.env.ctx)))
        if text is None:
            return
        try:
            save_team_addresses(self.env.ctx, [text])
        except Exception as exc:  # noqa: BLE001 - shown to the user
            prompts.error(self, prompts.describe_error(exc))
            return
        self.combos.clear()
        self.start()                 # in or out depends on them: read again

    def log(self) -> None:
        try:
            choices = self.choices()
        except ValueError as exc:
            prompts.warn(self, str(exc))
            return
        target = LogTarget(self.activity.currentData() or self.target.activity_id,
                           self.group.value_id or self.target.organisation_id, self.target.person_id)
        ctx, preview = self.env.ctx, self.preview
        self.log_button.setEnabled(False)
        self.env.jobs.run(lambda progress: log_emails(ctx, preview, target, choices, progress),
                          label="Logging the emails", on_done=self._logged,
                          on_error=self._log_failed, on_cancelled=lambda: self.log_button.setEnabled(True))

    def _log_failed(self, exc: BaseException) -> None:
        self.log_button.setEnabled(True)
        prompts.error(self, prompts.describe_error(exc))

    def _logged(self, report) -> None:
        self.env.announce(Change.INTERACTION)
        if report.people_created:
            self.env.announce(Change.PERSON)
        lines = report.lines()
        shown = "\n".join(lines[:25]) + (f"\n… and {len(lines) - 25} more" if len(lines) > 25 else "")
        prompts.info(self, report.summary() + ("\n\n" + shown if lines else ""), "Emails logged")
        self.accept()
