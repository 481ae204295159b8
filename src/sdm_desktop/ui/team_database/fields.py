"""The fields of a PostgreSQL connection: host, port, database, user, password."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QFormLayout, QLineEdit, QSpinBox, QWidget

from sdm_desktop.services.team_database.connection import DEFAULT_PORT, TeamConnection
from sdm_desktop.ui.common.accessible import named


class ConnectionFields(QWidget):
    def __init__(self, parent=None, *, with_ask: bool = True):
        super().__init__(parent)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.host = named(QLineEdit(), "Server", "The name or address of the database server, e.g. sdm-db.trust.nhs.uk")
        self.port = named(QSpinBox(), "Port", "PostgreSQL's port: 5432 unless your IT team says otherwise")
        self.port.setRange(1, 65535)
        self.port.setValue(DEFAULT_PORT)
        self.database = named(QLineEdit(), "Database", "The name of the database on the server")
        self.user = named(QLineEdit(), "User name", "Your user name (role) on the database server")
        self.password = named(QLineEdit(), "Password", "Kept in this computer's keyring, never in a file")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow("&Server:", self.host)
        form.addRow("P&ort:", self.port)
        form.addRow("&Database:", self.database)
        form.addRow("&User name:", self.user)
        form.addRow("Pass&word:", self.password)
        self.ask = None
        if with_ask:
            self.ask = named(QCheckBox("As&k for the password each time SDM Desktop starts"), "Ask for the password "
                             "each time", "The password is then kept nowhere on this computer")
            self.ask.toggled.connect(lambda on: self.password.setPlaceholderText("asked at each start" if on else ""))
            form.addRow("", self.ask)

    def connection(self) -> TeamConnection:
        return TeamConnection(host=self.host.text().strip(), port=self.port.value(),
                              database=self.database.text().strip(), user=self.user.text().strip(),
                              ask_password=bool(self.ask and self.ask.isChecked()))

    def show_connection(self, saved: TeamConnection | None) -> None:
        if saved is None:
            return
        self.host.setText(saved.host)
        self.port.setValue(saved.port)
        self.database.setText(saved.database)
        self.user.setText(saved.user)
        if self.ask is not None:
            self.ask.setChecked(saved.ask_password)
