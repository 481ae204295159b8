"""Import lookup files: what is loaded (file, version, date, rows, coverage of the register's postcodes), and a
button to import another, run in the background with progress and Cancel."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QLabel, QPushButton, QVBoxLayout

from sdm_desktop.services.core.changes import Change
from sdm_desktop.services.lookups.loading import import_lookup
from sdm_desktop.services.lookups.status import lookup_status

EXPLAINED = ("Import the files your BI team already has, or the open ones: an ONS Postcode Directory or National "
             "Statistics Postcode Lookup (CSV), the English Indices of Deprivation File 1 (2019 or 2025, CSV or "
             "Excel), an ONS LSOA 2011 to 2021 lookup, a postcode,imd_decile file, or a population profile "
             "(dimension,category,percent). Each is recognised by its columns and replaces the one of its kind.")


class LookupsDialog(QDialog):
    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        self.setWindowTitle("Lookup files")
        layout = QVBoxLayout(self)
        intro = QLabel(EXPLAINED)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("What is loaded")
        layout.addWidget(self.status)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setAccessibleName("The last import")
        layout.addWidget(self.result)
        self.import_button = QPushButton("&Import a lookup file…")
        self.import_button.clicked.connect(self.choose)
        layout.addWidget(self.import_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 380)
        self.refresh()

    def refresh(self) -> None:
        self.status.setText("<br>".join(lookup_status(self.env.ctx).lines()))

    def choose(self) -> None:
        source, _ = QFileDialog.getOpenFileName(self, "Import a lookup file", str(Path.home()),
                                                "Lookup files (*.csv *.xlsx);;All files (*)")
        if source:
            self.start(Path(source))

    def start(self, path: Path) -> None:
        ctx = self.env.ctx
        self.import_button.setEnabled(False)
        self.env.jobs.run(lambda progress: import_lookup(ctx, path, progress), label=f"Importing {path.name}",
                          on_done=self._done, on_error=self._failed, on_cancelled=self._cancelled)

    def _done(self, result) -> None:
        self.import_button.setEnabled(True)
        self.result.setText("<br>".join(result.lines()))
        self.refresh()
        self.env.announce(Change.IMPORT)      # the area of groups and people may have changed

    def _failed(self, exc: BaseException) -> None:
        from sdm_desktop.ui import prompts

        self.import_button.setEnabled(True)
        self.result.setText(f"Not imported: {prompts.describe_error(exc)}")

    def _cancelled(self) -> None:
        self.import_button.setEnabled(True)
        self.result.setText("Cancelled: nothing was imported; what was loaded before is still loaded.")
