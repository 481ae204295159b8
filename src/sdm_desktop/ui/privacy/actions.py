"""The Privacy menu and the privacy actions on a selected person: subject access export, erase
(``erasing``), retention review, audit trail. Each turns a click into a service call run by the job runner.

Services are imported inside the functions: the main window builds this menu before the database
layer is loaded (the frame appears first)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QMenu, QPushButton, QVBoxLayout

from sdm_desktop.ui import prompts
from sdm_desktop.ui.common.accessible import buddy_label, named
from sdm_desktop.ui.common.search_picker import SearchPicker
from sdm_desktop.ui.privacy.erasing import erase


class PersonPicker(QDialog):
    """Choose one person by typing part of their name, email or id (archived people too)."""

    def __init__(self, env, title: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        from sdm_desktop.services.privacy.common import any_person_choices

        self.picker = SearchPicker(lambda text, limit: any_person_choices(env.ctx, text, limit), "Person",
                                   "Type part of a name, an email or a record id")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.picker.returnPressed.connect(self.accept)      # the only field: Enter means OK
        layout = QVBoxLayout(self)
        layout.addWidget(buddy_label("&Person:", self.picker))
        layout.addWidget(self.picker)
        layout.addWidget(self.buttons)
        self.resize(460, 130)

    def accept(self) -> None:
        if self.picker.value() is None:
            self.picker.search_now()
            labels = self.picker._by_label  # one exact match is as good as a choice
            if len(labels) == 1:
                self.picker.choose_label(next(iter(labels)))
        if self.picker.value() is not None:
            super().accept()

    @classmethod
    def choose(cls, env, title: str, parent=None) -> int | None:
        dialog = cls(env, title, parent)
        return dialog.picker.value() if dialog.exec() == QDialog.DialogCode.Accepted else None


def selected_people(window) -> list[int]:
    """The people selected on the Stakeholders view's People tab, if that is what is on screen."""
    view = window.views.get("stakeholders") if hasattr(window, "views") else None
    if view is None or window.current_view() is not view or view.tabs.currentIndex() != 1:
        return []
    return view.selected_ids()


def person_or_ask(window, env, title: str) -> int | None:
    chosen = selected_people(window)
    return chosen[0] if chosen else PersonPicker.choose(env, title, window)


# --- subject access export ----------------------------------------------------------------------------
def subject_access_export(env, parent, person_id: int | None) -> None:
    if person_id is None:
        return
    exports = env.ctx.data_dir / "exports"
    exports.mkdir(parents=True, exist_ok=True)
    default = exports / f"subject-access-person-{person_id}-{date.today():%Y%m%d}.zip"
    target, _ = QFileDialog.getSaveFileName(parent, "Subject access export", str(default), "ZIP archive (*.zip)")
    if target:
        export_subject_access_to(env, parent, person_id, Path(target))


def export_subject_access_to(env, parent, person_id: int, target: Path) -> None:
    from sdm_desktop.services.privacy.subject_access import write_subject_access

    if not target.suffix:
        target = target.with_name(target.name + ".zip")
    ctx = env.ctx
    env.jobs.run(lambda progress: write_subject_access(ctx, person_id, target, progress),
                 label="Writing the subject access export",
                 on_done=lambda report: prompts.info(parent, report.summary() + "\n\nCheck it before sending, and "
                                                     "send it securely.", "Subject access export"))


# --- dialogs -----------------------------------------------------------------------------------------
def open_retention_review(env, parent, due_only: bool = False) -> None:
    """The retention review (``due_only``: only the people whose review date has come, as Home counts them)."""
    from sdm_desktop.ui.privacy.retention_review import RetentionReviewDialog

    RetentionReviewDialog(env, parent, due_only).exec()


def open_audit_trail(env, parent, person_id: int | None = None, organisation_id: int | None = None) -> None:
    from sdm_desktop.ui.privacy.audit_trail import AuditTrailDialog

    AuditTrailDialog(env, parent, person_id=person_id, organisation_id=organisation_id).exec()


# --- where they are offered -------------------------------------------------------------------------------
def erase_from_menu(window) -> None:
    chosen = selected_people(window)
    if not chosen:
        person = PersonPicker.choose(window.env, "Erase person", window)
        chosen = [person] if person is not None else []
    erase(window.env, window, chosen)


def person_privacy_button(view) -> QPushButton:
    """The Stakeholders view's "Privacy" button: the actions for the selected people."""
    button = named(QPushButton("Priva&cy"), "Privacy actions for the selected person",
                   "Subject access export, erase, audit trail (People tab)")
    menu = QMenu(button)
    sar = menu.addAction("&Subject access export…")
    wipe = menu.addAction("&Erase…")
    trail = menu.addAction("&Audit trail…")

    def chosen() -> list[int]:
        return view.selected_ids() if view.tabs.currentIndex() == 1 else []

    def refresh() -> None:
        ids = chosen()
        sar.setEnabled(len(ids) == 1)
        trail.setEnabled(len(ids) == 1)
        wipe.setEnabled(bool(ids))
        wipe.setText("&Erase…" if len(ids) < 2 else f"&Erase {len(ids)} people…")

    menu.aboutToShow.connect(refresh)
    sar.triggered.connect(lambda: subject_access_export(view.env, view, (chosen() or [None])[0]))
    wipe.triggered.connect(lambda: erase(view.env, view, chosen()))
    trail.triggered.connect(lambda: chosen() and open_audit_trail(view.env, view, person_id=chosen()[0]))
    button.setMenu(menu)
    return button
