"""The first-run welcome: where the data is kept (or a team database), sample data or an empty start, and
the NHS lists to import. Shown once (a user setting), skippable, and again from Help → Welcome…."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from sdm_desktop import APP_NAME, paths
from sdm_desktop.errors import UserError
from sdm_desktop.ui import prompts
from sdm_desktop.ui.common.icons import app_icon, icon

SHOWN_KEY = "welcome/shown"


@dataclass(frozen=True)
class WelcomeChoice:
    data_dir: Path
    sample_data: bool          # load the sample data once the folder is open
    import_lists: bool         # then open the import wizard for the NHS lists
    team_database: bool = False  # then connect to a team database (File → Connect to team database…)


def welcome_due(settings: QSettings) -> bool:
    return str(settings.value(SHOWN_KEY, "false")).lower() != "true"


def mark_welcomed(settings: QSettings) -> None:
    settings.setValue(SHOWN_KEY, "true")
    settings.sync()


class WelcomeDialog(QDialog):
    """``folder_fixed`` says why the data folder cannot be changed here ('' when it can).

    ``team_database_requested`` is emitted by the "Team database…" button, shown only when
    ``offer_team_database`` is True: whoever shows the welcome connects it to the dialog that connects
    to a shared (team) database."""

    team_database_requested = Signal()

    def __init__(self, parent: QWidget | None, *, data_dir: Path, folder_fixed: str = "",
                 offer_team_database: bool = False):
        super().__init__(parent)
        self.setWindowTitle(f"Welcome to {APP_NAME}")
        self.setAccessibleName(f"Welcome to {APP_NAME}")
        self._folder_fixed = folder_fixed
        layout = QVBoxLayout(self)
        layout.setSpacing(14)
        layout.addLayout(self._heading())
        layout.addWidget(self._folder_box(data_dir, offer_team_database))
        layout.addWidget(self._start_box())
        buttons = QDialogButtonBox()
        self.start_button = buttons.addButton("&Start", QDialogButtonBox.ButtonRole.AcceptRole)
        self.start_button.setIcon(icon("hand-heart"))
        self.skip_button = buttons.addButton("S&kip", QDialogButtonBox.ButtonRole.RejectRole)
        self.skip_button.setToolTip("Open with an empty start here; Help → Welcome… shows these choices again")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        # Default only once inside the dialog: set before, the dialog never learns it, and Enter pressed
        # after choosing with Alt+M (focus off the buttons) went to Skip.
        self.start_button.setDefault(True)
        self.setMinimumWidth(620)
        self.start_button.setFocus()

    def _heading(self) -> QHBoxLayout:
        row = QHBoxLayout()
        picture = QLabel()
        picture.setPixmap(app_icon().pixmap(QSize(56, 56)))
        picture.setAccessibleName(f"{APP_NAME} logo")
        row.addWidget(picture, 0, Qt.AlignmentFlag.AlignTop)
        words = QLabel(f"<h2>Welcome to {APP_NAME}</h2><p>Everything you need to run your Shared Decision Making "
                       "programme: stakeholders, analysis, engagement, training, letters and resources. "
                       "Your data stays on this computer.</p>")
        words.setWordWrap(True)
        row.addWidget(words, 1)
        return row

    def _folder_box(self, data_dir: Path, offer_team_database: bool) -> QGroupBox:
        box = QGroupBox("Where your data is kept")
        column = QVBoxLayout(box)
        row = QHBoxLayout()
        self.folder = QLineEdit(str(data_dir))
        self.folder.setAccessibleName("Data folder")
        label = QLabel("&Data folder:")
        label.setBuddy(self.folder)
        row.addWidget(label)
        row.addWidget(self.folder, 1)
        self.choose_button = QPushButton(icon("folder-open"), "&Choose…")
        self.choose_button.setAccessibleName("Choose the data folder")
        self.choose_button.clicked.connect(self._choose_folder)
        row.addWidget(self.choose_button)
        column.addLayout(row)
        note = QLabel("A folder on this computer, or on a shared drive your team can reach. Backups, letters "
                      "and exports are kept inside it.")
        note.setWordWrap(True)
        column.addWidget(note)
        if self._folder_fixed:
            self.folder.setEnabled(False)
            self.choose_button.setEnabled(False)
            note.setText(f"The data folder cannot be changed here: {self._folder_fixed}.")
        self.team_button = QPushButton(icon("database"), "&Team database…")
        self.team_button.setAccessibleName("Connect to a team database")
        self.team_button.setToolTip("Work in a database shared with your team instead of a file on this computer")
        self.team_button.clicked.connect(self.team_database_requested.emit)
        self.wants_team_database = False
        self.team_button.setVisible(offer_team_database)
        column.addWidget(self.team_button, 0, Qt.AlignmentFlag.AlignLeft)
        return box

    def _start_box(self) -> QGroupBox:
        box = QGroupBox("How to start")
        column = QVBoxLayout(box)
        self.empty_choice = QRadioButton("Start &empty: add your own groups and people")
        self.sample_choice = QRadioButton("Load the sa&mple data: a made-up programme to explore first")
        self.empty_choice.setChecked(True)
        group = QButtonGroup(self)
        for choice in (self.empty_choice, self.sample_choice):
            group.addButton(choice)
            column.addWidget(choice)
        self.import_choice = QCheckBox("Then &import the NHS lists of GP practices and trusts (epraccur, etr)")
        self.import_choice.setToolTip("Opens the import wizard once the data folder is open")
        column.addWidget(self.import_choice)
        return box

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Choose the data folder", self.folder.text())
        if folder:
            self.folder.setText(folder)

    def choice(self) -> WelcomeChoice:
        return WelcomeChoice(data_dir=Path(self.folder.text().strip()).expanduser(),
                             sample_data=self.sample_choice.isChecked(),
                             import_lists=self.import_choice.isChecked(),
                             team_database=self.wants_team_database)

    def ask_for_team_database(self) -> None:
        """"Team database…": the welcome closes and, once the window is open on the chosen folder, the
        Connect to team database dialog opens (it needs that folder to keep the connection in)."""
        self.wants_team_database = True
        self.accept()


def first_run_welcome(settings: QSettings, data_dir: Path, folder_fixed: str = "",
                      on_team_database: Callable[[WelcomeDialog], None] | None = None) -> WelcomeChoice | None:
    """The welcome, the first time only (skipped or not, never again): the choice made, None if skipped
    or seen before. With ``on_team_database`` the "Team database…" button is offered and calls it with
    the dialog (which it may close with ``accept()`` once connected)."""
    if not welcome_due(settings):
        return None
    dialog = WelcomeDialog(None, data_dir=data_dir, folder_fixed=folder_fixed,
                           offer_team_database=on_team_database is not None)
    if on_team_database is not None:
        dialog.team_database_requested.connect(lambda: on_team_database(dialog))
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    mark_welcomed(settings)
    return dialog.choice() if accepted else None


def act_on_choice(window, choice: WelcomeChoice) -> None:
    """Once the window has its data: load the sample data, then open the import wizard, then connect to a team
    database, as chosen."""
    if choice.sample_data:
        window.load_sample_data()
    if choice.import_lists:
        window.open_import()
    if choice.team_database:
        window.connect_team_database()


def welcome_again(window) -> None:
    """Help → Welcome…: the choices again for the open data folder. A new folder is used from the next start;
    the Team database… choice opens Connect to team database."""
    dialog = WelcomeDialog(window, data_dir=window.env.ctx.data_dir, folder_fixed=paths.data_dir_is_fixed(),
                           offer_team_database=True)
    dialog.team_database_requested.connect(dialog.ask_for_team_database)
    if not dialog.exec():
        return
    choice = dialog.choice()
    if choice.data_dir.resolve() != window.env.ctx.data_dir.resolve():
        try:
            paths.remember_data_dir(paths.ensure_data_dir(choice.data_dir))
        except UserError as exc:
            prompts.error(window, str(exc))
            return
        prompts.info(window, f"From the next start {APP_NAME} opens the data folder {choice.data_dir}. "
                             "This window keeps the one that is open now.", "Data folder")
    act_on_choice(window, choice)
