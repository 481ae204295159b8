"""The population profile the reach is compared with, typed in (or imported): one row per dimension and
category, with its percentage."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from sdm_desktop.services.core.validation import FieldErrors, ValidationError
from sdm_desktop.services.equality.dimensions import all_dimensions
from sdm_desktop.services.equality.plus_groups import plus_groups
from sdm_desktop.services.lookups.population import Figure, parse_percent, population_profile, save_population
from sdm_desktop.ui import prompts


class PopulationDialog(QDialog):
    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        self.setWindowTitle("Population profile")
        layout = QVBoxLayout(self)
        intro = QLabel("The population your programme serves, e.g. Census 2021 figures for your place. Each row: a "
                       "dimension (imd quintile, age band, ethnic group, disability, carer, plus group), a category "
                       "and its percentage. “Add the categories” fills in the rows the report uses.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(0, 3)
        self.table.setTabKeyNavigation(False)        # one Tab stop: arrows move inside
        self.table.setHorizontalHeaderLabels(["Dimension", "Category", "Per cent"])
        self.table.setAccessibleName("Population figures")
        layout.addWidget(self.table)
        row = QHBoxLayout()
        for text, slot in (("&Add the categories", self.add_categories), ("Add a ro&w", self.add_row),
                           ("&Remove row", self.remove_row)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        for f in population_profile(env.ctx):
            self._append(f.dimension, f.category, f"{f.percent:g}")
        self.table.resizeColumnsToContents()
        self.resize(620, 520)

    def _append(self, dimension: str, category: str, percent: str) -> None:
        n = self.table.rowCount()
        self.table.insertRow(n)
        for c, text in enumerate((dimension, category, percent)):
            self.table.setItem(n, c, QTableWidgetItem(text))

    def add_categories(self) -> None:
        have = {(self._text(r, 0).casefold(), self._text(r, 1).casefold()) for r in range(self.table.rowCount())}
        for dimension in all_dimensions(plus_groups(self.env.ctx)):
            for category in dimension.categories:
                if (dimension.key, category.casefold()) not in have:
                    self._append(dimension.key, category, "")
        self.table.resizeColumnsToContents()

    def add_row(self) -> None:
        self._append("", "", "")
        self.table.setCurrentCell(self.table.rowCount() - 1, 0)
        self.table.setFocus()

    def remove_row(self) -> None:
        if self.table.currentRow() >= 0:
            self.table.removeRow(self.table.currentRow())

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item else ""

    def figures(self) -> list[Figure]:
        """The rows with a percentage (a row left blank is not part of the profile)."""
        out = []
        for r in range(self.table.rowCount()):
            dimension, category, text = self._text(r, 0), self._text(r, 1), self._text(r, 2)
            if not text:
                continue
            percent = parse_percent(text)
            if percent is None:
                raise _row_error(r, f"has “{text}” as its percentage; give a number from 0 to 100")
            out.append(Figure(dimension, category, percent))
        return out

    def save(self) -> None:
        try:
            count = save_population(self.env.ctx, self.figures())
        except ValidationError as exc:
            prompts.warn(self, f"Not saved: {exc}")
            return
        self.saved_count = count
        self.accept()



def _row_error(row: int, message: str) -> ValidationError:
    return ValidationError(FieldErrors({f"row {row + 1}": message}))
