"""File → Connect to team database…: server, port, database, user, password (or asked at each start).

The connection is tried before it is saved. What is saved goes in the data folder without the password, which
goes into the OS keyring (or nowhere, when it is asked for at each start). The saved database is used from the
next start; --database on the command line still wins.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout

from sdm_desktop.services.team_database import connection as team
from sdm_desktop.ui import prompts
from sdm_desktop.ui.common.accessible import named
from sdm_desktop.ui.team_database.fields import ConnectionFields

TITLE = "Connect to team database"
INTRO = ("Several people can share one register on a PostgreSQL server. Give the server your IT team set up; "
         "the connection is tried before it is saved, and SDM Desktop uses it from its next start "
         "(--database on the command line still wins). The password is kept in this computer's keyring, never "
         "in a file, or asked for each time.")


class ConnectDialog(QDialog):
    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        self.saved_to = None            # the connection file, once saved
        self.setWindowTitle(TITLE)
        self.setAccessibleName(TITLE)
        layout = QVBoxLayout(self)
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.fields = ConnectionFields(self)
        self.fields.show_connection(team.load_saved(env.ctx.data_dir))
        layout.addWidget(self.fields)
        self.status = named(QLabel(), "Connection test result")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.test_button = named(QPushButton("&Test connection"), "Test connection")
        self.save_button = named(QPushButton("Sa&ve"), "Test, then save the connection")
        self.forget_button = named(QPushButton("&Forget saved"), "Forget the saved connection")
        self.forget_button.setEnabled(team.config_path(env.ctx.data_dir).exists())
        for button, role in ((self.test_button, QDialogButtonBox.ButtonRole.ActionRole),
                             (self.forget_button, QDialogButtonBox.ButtonRole.ResetRole),
                             (self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)):
            self.buttons.addButton(button, role)
        self.test_button.clicked.connect(lambda: self.try_it(then_save=False))
        self.save_button.clicked.connect(lambda: self.try_it(then_save=True))
        self.forget_button.clicked.connect(self.forget)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.save_button.setDefault(True)        # once in the dialog, else Enter in a field pressed Cancel
        self.resize(560, 420)

    def try_it(self, then_save: bool) -> None:
        """Try the connection (off the GUI thread: a server may take seconds to answer); save if it works."""
        try:
            wanted = self.fields.connection()
            team.check_connection_fields(wanted)
        except Exception as exc:  # noqa: BLE001 - a missing field: said beside the buttons
            self.status.setText(f"⚠ {prompts.describe_error(exc)}")
            return
        password = self.fields.password.text()
        url = wanted.url(password)
        self.status.setText(f"Trying {wanted.shown}…")
        self.env.jobs.run(lambda _p: team.try_connection(url), label="Trying the team database",
                          on_done=lambda found: self._worked(found, wanted, password, then_save),
                          on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(f"⚠ {prompts.describe_error(exc)} Nothing was saved.")

    def _worked(self, found: team.ConnectionFound, wanted: team.TeamConnection, password: str,
                then_save: bool) -> None:
        self.status.setText(found.sentence())
        if not then_save:
            return
        if found.tables and not found.is_sdm_database:
            self.status.setText(f"⚠ {found.sentence()} Nothing was saved.")
            return
        try:
            self.saved_to = team.save(self.env.ctx.data_dir, wanted, None if wanted.ask_password else password)
        except Exception as exc:  # noqa: BLE001 - e.g. no keyring on this computer: say so, keep the dialog
            self._failed(exc)
            return
        self.accept()
        offer_restart(self.parent(), f"The team database {wanted.shown} is saved. SDM Desktop uses it from its "
                                     "next start.")

    def forget(self) -> None:
        team.forget(self.env.ctx.data_dir)
        self.forget_button.setEnabled(False)
        self.status.setText("The saved connection is forgotten: SDM Desktop uses the data folder's own database "
                            "from its next start.")


def offer_restart(window, said: str) -> None:
    if prompts.confirm(window, f"{said}\n\nRestart SDM Desktop now?", TITLE, yes="Restart now", no="Later"):
        window.restart_requested = True
        window.close()
