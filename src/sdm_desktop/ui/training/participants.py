"""The Participants tab: enrolment with statuses and the waiting list, counts by type, documents."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sdm_desktop.errors import UserError
from sdm_desktop.services.core.changes import Change
from sdm_desktop.services.core.text import counted
from sdm_desktop.services.core.vocab import PARTICIPANT_TYPES, label
from sdm_desktop.services.training import cohorts as training_cohorts
from sdm_desktop.services.training import enrolment
from sdm_desktop.services.training.cohorts import ended_warning
from sdm_desktop.services.training.documents import NOBODY, RECIPIENTS, write_documents
from sdm_desktop.services.training.export import training_table
from sdm_desktop.services.training.statuses import ENROLMENT_STATUSES
from sdm_desktop.ui import prompts
from sdm_desktop.ui.common.tables.column_fit import ColumnFit
from sdm_desktop.ui.common.tables.rows_table import RowColumn, RowsModel
from sdm_desktop.ui.common.tables.table_helpers import (
    ask_export_path,
    button,
    export_withholding,
    menu_button,
    prepare_table,
)
from sdm_desktop.ui.training.dialogs import EnrolDialog, OverrideDialog

STATUS = dict(ENROLMENT_STATUSES)


def _type_text(r) -> str:
    text = label(PARTICIPANT_TYPES, r.participant_type) or "Other"
    return f"{text} ({r.profession})" if r.profession else text


def _status_text(r) -> str:
    text = STATUS.get(r.status, r.status)
    if r.status == "waiting" and r.waiting_position:
        text += f" (no. {r.waiting_position})"
    if r.completion_override is not None:
        text += " — override"
    return text


PARTICIPANT_COLUMNS = [
    RowColumn("Name", lambda r: r.name, 190, shrink_to=130),
    RowColumn("Type", _type_text, 210, shrink_to=90),
    RowColumn("Status", _status_text, 150, tooltip=lambda r: r.override_reason or "", shrink_to=95),
    RowColumn("Attended", lambda r: f"{r.attended} of {r.sessions}", 80, shrink_to=65),
    RowColumn("Completed on", lambda r: r.completed_on, 100, shrink_to=85),
    RowColumn("Trained by", lambda r: r.trained_by, 150, shrink_to=90),
    RowColumn("Certificate", lambda r: r.certificate_issued_on, 100, shrink_to=85),
    RowColumn("Contact", lambda r: "OK" if r.can_contact else "do not contact / no consent", 120, shrink_to=70),
]
SETTABLE = [("enrolled", "Enrolled"), ("invited", "Invited"), ("waiting", "Waiting list"),
            ("did_not_attend", "Did not attend"), ("withdrawn", "Withdrawn")]


class ParticipantsPanel(QWidget):
    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        self.cohort_id: int | None = None
        self.cohort_name = ""
        layout = QVBoxLayout(self)
        self.counts = QLabel()
        self.counts.setAccessibleName("Participants by type")
        self.counts.setWordWrap(True)
        layout.addWidget(self.counts)
        self.model = RowsModel(PARTICIPANT_COLUMNS, self)
        self.table = prepare_table(QTableView(), self.model, "Participants", striped=True)
        self.table.column_fit = ColumnFit.of_columns(self.table, PARTICIPANT_COLUMNS)
        layout.addWidget(self.table, 1)
        layout.addLayout(self._enrolment_actions())
        layout.addLayout(self._document_actions())

    def _enrolment_actions(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(button("E&nrol people…", "Enrol people", self.enrol_people,
                             "Add people from the register; when the cohort is full they join the waiting list"))
        row.addWidget(button("W&ithdraw", "Withdraw selected", self.withdraw_selected,
                             "Withdraw the selected people; the first on the waiting list takes the place"))
        self.status_choice = QComboBox()
        self.status_choice.setAccessibleName("Status to set")
        for code, text in SETTABLE:
            self.status_choice.addItem(text, code)
        row.addWidget(self.status_choice)
        row.addWidget(button("&Set status", "Set status of selected", self.set_status_selected, name_as_tip=True))
        row.addWidget(button("Co&mpletion…", "Override completion", self.override_selected,
                             "Mark completed or not completed by hand, with a reason"))
        row.addStretch(1)
        return row

    def _document_actions(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(menu_button("Write &documents", "Write certificates, invitations or reminders", [
            ("&Certificates…", lambda: self.write("certificate")),
            ("&Invitations…", lambda: self.write("invitation")),
            ("&Reminders…", lambda: self.write("reminder"))],
            "Certificates for the selected completers (or every completer); invitation letters to invited and "
            "enrolled people, and reminders to enrolled people, who may be contacted"))
        row.addStretch(1)
        row.addWidget(button("E&xport shown…", "Export the participants shown", self.export_shown,
                             "Save these enrolments as CSV or XLSX"))
        return row

    # --- loading ----------------------------------------------------------------------------
    def show_cohort(self, cohort_id: int | None, cohort_name: str = "") -> None:
        self.cohort_id, self.cohort_name = cohort_id, cohort_name
        self.setEnabled(cohort_id is not None)
        self.reload()

    def reload(self) -> None:
        if not self.cohort_id:
            self.model.set_rows([])
            self.counts.setText("Choose or create a cohort.")
            return
        self.model.set_rows(enrolment.list_enrolments(self.env.ctx, self.cohort_id))
        self.counts.setText(counts_text(enrolment.participant_type_counts(self.env.ctx, self.cohort_id),
                                        self.model.rows))

    def selected_rows(self) -> list:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.rows[r] for r in rows]

    # --- actions ----------------------------------------------------------------------------
    def enrol_people(self) -> None:
        taken = {r.person_id for r in self.model.rows if r.status != "withdrawn"}   # who withdrew may return
        people, invited = EnrolDialog.ask(self.env.ctx, self, taken)
        ended = people and ended_warning(training_cohorts.get_cohort(self.env.ctx, self.cohort_id), date.today())
        if ended and not prompts.confirm(self, f"{ended} Enrol {counted(len(people), 'person', 'people')} anyway?",
                                         "Cohort ended", yes="Enrol anyway", no="Cancel"):
            return
        waiting = 0
        for person_id in people:
            try:
                waiting += enrolment.enrol(self.env.ctx, self.cohort_id, person_id, invited=invited).status == "waiting"
            except UserError as exc:
                prompts.warn(self, str(exc), "Not enrolled")
        if people:
            self._changed(f"Enrolled {len(people)}" + (f"; {waiting} on the waiting list" if waiting else ""))

    def withdraw_selected(self) -> None:
        rows = self.selected_rows()
        if not rows or not prompts.confirm(self, f"Withdraw {', '.join(r.name for r in rows)}?", "Withdraw",
                                           yes="Withdraw", no="Keep"):
            return
        promoted = []
        for r in rows:
            try:
                promoted.append(enrolment.withdraw(self.env.ctx, r.id, expected_version=r.row_version))
            except UserError as exc:          # RecordChanged: a colleague changed them since the list showed
                prompts.warn(self, str(exc), "Not withdrawn")
        moved = sum(1 for p in promoted if p)
        self._changed(f"Withdrew {len(rows)}" + (f"; {moved} promoted from the waiting list" if moved else ""))

    def set_status_selected(self) -> None:
        status = self.status_choice.currentData()
        for row in self.selected_rows():
            try:
                enrolment.set_status(self.env.ctx, row.id, status, expected_version=row.row_version)
            except UserError as exc:
                prompts.warn(self, str(exc), "Status not changed")
                break
        self._changed("Status changed")

    def override_selected(self) -> None:
        rows = self.selected_rows()
        if len(rows) != 1:
            prompts.info(self, "Select one participant to change their completion.")
            return
        row = rows[0]
        answer = OverrideDialog.ask(self, row.name, row.completion_override, row.override_reason)
        if answer is None:
            return
        try:
            enrolment.override_completion(self.env.ctx, row.id, *answer, expected_version=row.row_version)
        except UserError as exc:
            prompts.warn(self, str(exc), "Completion not changed")
            return
        self._changed(f"Completion for {row.name} updated")

    def write(self, kind: str) -> None:
        rows = self.selected_rows() or self.model.rows
        if not any(r.status in RECIPIENTS[kind] for r in rows):          # say so before asking for a folder
            prompts.info(self, f"No {kind}s to write: {NOBODY[kind]}"
                               + (" among the people selected." if self.selected_rows() else "."),
                         "Training documents")
            return
        default = self.env.ctx.data_dir / "letters" / "training"
        folder = QFileDialog.getExistingDirectory(self, f"Folder for the {kind}s", str(default))
        if folder:
            self.write_to(kind, Path(folder))

    def write_to(self, kind: str, folder: Path) -> None:
        chosen = [r.person_id for r in self.selected_rows()] or None
        ctx, cohort_id = self.env.ctx, self.cohort_id
        self.env.jobs.run(lambda progress: write_documents(ctx, cohort_id, kind, folder, person_ids=chosen,
                                                           progress=progress),
                          label=f"Writing {kind}s", on_done=lambda report: self._written(report, folder))

    def _written(self, report, folder: Path) -> None:
        self.reload()
        self.env.announce(Change.LETTER)
        prompts.info(self, f"{report.summary()}.\n\nFolder: {folder}", "Training documents")

    def export_shown(self) -> None:
        target = ask_export_path(self, self.env, "Export the enrolments shown", "training.xlsx")
        if target:
            self.export_to(target)

    def export_to(self, target: Path) -> None:
        ctx, cohort_id = self.env.ctx, self.cohort_id
        export_withholding(self.env, target, lambda: training_table(ctx, cohort_id=cohort_id), "rows",
                           self.counts.setText)

    def _changed(self, message: str) -> None:
        self.reload()
        self.env.announce(Change.TRAINING)
        self.counts.setToolTip(message)


def counts_text(counts: dict[str, int], rows: list) -> str:
    by_type = " · ".join(f"{label(PARTICIPANT_TYPES, code)}: {n}" for code, n in counts.items())
    waiting = sum(1 for r in rows if r.status == "waiting")
    done = sum(1 for r in rows if r.status == "completed")
    return f"{sum(counts.values())} holding a place ({by_type}); {done} completed; {waiting} on the waiting list"
