"""File → Team database…: copy this register into a new, empty database, with progress and Cancel.

Either a team database on a PostgreSQL server, or (from a team database) a new SQLite file on this computer.
The copy is all or nothing and checked table by table (``services/team_database/copy.py``).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
)

from sdm_desktop.db.engine import display_url
from sdm_desktop.services.team_database import connection as team
from sdm_desktop.services.team_database.copy import CopyReport, copy_database
from sdm_desktop.ui import prompts
from sdm_desktop.ui.common.accessible import named
from sdm_desktop.ui.team_database.connect_dialog import offer_restart
from sdm_desktop.ui.team_database.fields import ConnectionFields

TITLE = "Team database"


class CopyDialog(QDialog):
    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        self.report: CopyReport | None = None
        self.setWindowTitle(TITLE)
        self.setAccessibleName(TITLE)
        layout = QVBoxLayout(self)
        intro = QLabel(f"Copy this register ({display_url(env.ctx.db.url)}) into a new, empty database. Everything "
                       "is copied and checked table by table; if anything fails, nothing is left half-copied.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.to_server = named(QRadioButton("To a &team database on a PostgreSQL server (it must be empty)"),
                               "Copy to a team database on a PostgreSQL server")
        self.to_file = named(QRadioButton("To a new SQLite &file on this computer"), "Copy to a new SQLite file")
        group = QButtonGroup(self)
        group.addButton(self.to_server)
        group.addButton(self.to_file)
        self.fields = ConnectionFields(self, with_ask=False)
        self.fields.show_connection(team.load_saved(env.ctx.data_dir))
        self.path = named(QLineEdit(), "New database file", "Where to write the copy, e.g. C:/SDM/register.sqlite3")
        browse = named(QPushButton("&Browse…"), "Choose the new database file")
        browse.clicked.connect(self._browse)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(browse)
        layout.addWidget(self.to_server)
        layout.addWidget(self.fields)
        layout.addWidget(self.to_file)
        layout.addLayout(file_row)
        self.status = named(QLabel(), "Copy result")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = named(QPushButton("&Copy"), "Copy the register")
        self.buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.copy_button.clicked.connect(self.copy)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.to_server.toggled.connect(self._enable)
        on_server = env.ctx.db.sqlite_path is None
        (self.to_file if on_server else self.to_server).setChecked(True)
        self._enable()
        self.resize(600, 480)

    def _enable(self) -> None:
        self.fields.setEnabled(self.to_server.isChecked())
        self.path.setEnabled(self.to_file.isChecked())

    def _browse(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(self, "Copy to a new database file",
                                                str(self.env.ctx.data_dir / "team-copy.sqlite3"),
                                                "SQLite database (*.sqlite3 *.db)")
        if chosen:
            self.path.setText(chosen)

    def target_url(self) -> str | None:
        if self.to_server.isChecked():
            wanted = self.fields.connection()
            team.check_connection_fields(wanted)
            return wanted.url(self.fields.password.text())
        text = self.path.text().strip()
        if not text:
            raise ValueError("Give the new database file's name.")
        return f"sqlite:///{Path(text).expanduser().resolve().as_posix()}"

    def copy(self) -> None:
        try:
            url = self.target_url()
        except Exception as exc:  # noqa: BLE001 - a missing field: said in the dialog
            self.status.setText(f"⚠ {exc}")
            return
        ctx = self.env.ctx
        self.status.setText("Copying…")
        self.env.jobs.run(lambda progress: copy_database(ctx, url, progress), label="Copying the register",
                          on_done=self._copied, on_error=self._failed,
                          on_cancelled=lambda: self.status.setText("Cancelled: nothing was copied."))

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(f"⚠ {prompts.describe_error(exc)}")

    def _copied(self, report: CopyReport) -> None:
        self.report = report
        self.status.setText(report.sentence())
        if not self.to_server.isChecked():
            return
        wanted = self.fields.connection()
        if team.load_saved(self.env.ctx.data_dir) == wanted:
            return
        if prompts.confirm(self, f"{report.sentence()}\n\nUse this team database from now on, instead of "
                                 f"{display_url(self.env.ctx.db.url)}?", TITLE, yes="Use it", no="Not now"):
            try:
                team.save(self.env.ctx.data_dir, wanted, self.fields.password.text())
            except Exception as exc:  # noqa: BLE001 - e.g. no keyring: say so
                self._failed(exc)
                return
            self.accept()
            offer_restart(self.parent(), f"The team database {wanted.shown} is saved. SDM Desktop uses it from "
                                         "its next start.")
