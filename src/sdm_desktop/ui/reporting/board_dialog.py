"""File → Board summary…: ask for the period and the file (.pdf or .docx), then count and write it in the
background with progress (the same service as `sdm-desktop report board`)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from sdm_desktop.errors import UserError
from sdm_desktop.services.core.charts import ChartPng
from sdm_desktop.services.core.dates import DateTextError
from sdm_desktop.services.reporting.board import check_period
from sdm_desktop.services.reporting.board_report import check_output, make_board_summary
from sdm_desktop.ui import prompts
from sdm_desktop.ui.common.accessible import buddy_label, named
from sdm_desktop.ui.common.charts import chart_png
from sdm_desktop.ui.common.date_field import DateField
from sdm_desktop.ui.reporting.board_pdf import write_board_pdf

PRESETS = ("Last full quarter", "Last 12 months", "This NHS year so far", "Custom")


def last_quarter(today: date) -> tuple[date, date]:
    start_this = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    end = start_this - timedelta(days=1)
    return date(end.year, end.month - 2, 1), end


def preset_period(name: str, today: date) -> tuple[date, date] | None:
    if name == "Last full quarter":
        return last_quarter(today)
    if name == "Last 12 months":
        return today - timedelta(days=364), today
    if name == "This NHS year so far":
        return date(today.year if today.month >= 4 else today.year - 1, 4, 1), today
    return None


class BoardSummaryDialog(QDialog):
    """The period and the file; OK writes it (a job with progress and Cancel)."""

    def __init__(self, env, parent=None, today: date | None = None):
        super().__init__(parent)
        self.env, self.today = env, today or date.today()
        self.setWindowTitle("Board summary")
        self.setAccessibleName("Board summary")
        self.preset = named(QComboBox(), "Period", "Choose a period, or Custom to type the dates")
        self.preset.addItems(PRESETS)
        self.date_from, self.date_to = self._date("First day of the period"), self._date("Last day of the period")
        self.file = named(QLineEdit(), "File to write", "A one-page PDF (.pdf) or a Word document (.docx)")
        browse = named(QPushButton("&Browse…"), "Choose the file to write")
        browse.clicked.connect(self.browse)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file, 1)
        file_row.addWidget(browse)
        form = QFormLayout()
        form.addRow(buddy_label("&Period:", self.preset), self.preset)
        form.addRow(buddy_label("&From:", self.date_from), self.date_from)
        form.addRow(buddy_label("&To:", self.date_to), self.date_to)
        form.addRow(buddy_label("F&ile:", self.file), file_row)
        note = QLabel("The PDF is always one A4 page. The Word version comes from the template in the templates "
                      "folder, which you may edit; it fits one page on most data.")
        note.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Write")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.buttons)
        self.preset.currentTextChanged.connect(self._preset_chosen)
        self._preset_chosen(PRESETS[0])
        self.resize(560, 230)

    def _date(self, name: str) -> DateField:
        edit = DateField(required=True, words_beside=False)
        edit.setAccessibleName(name)
        edit.edited.connect(lambda: self._date_typed(None))
        edit.dateChanged.connect(lambda _value: self._suggest_file())
        return edit

    def period(self) -> tuple[date, date]:
        """The period chosen; DateTextError (said beside the field) while a date is not one."""
        return self.date_from.value(), self.date_to.value()

    def _preset_chosen(self, name: str) -> None:
        period = preset_period(name, self.today)
        if period is None:
            return
        for edit, value in zip((self.date_from, self.date_to), period, strict=True):
            edit.blockSignals(True)
            edit.set_value(value)
            edit.blockSignals(False)
        self._suggest_file()

    def _date_typed(self, _value) -> None:
        self.preset.blockSignals(True)
        self.preset.setCurrentText("Custom")
        self.preset.blockSignals(False)
        self._suggest_file()

    def _suggest_file(self) -> None:
        try:
            date_from, date_to = self.period()
        except DateTextError:
            return          # said beside the date; the file name is suggested again once it is a date
        current = Path(self.file.text()) if self.file.text() else None
        folder = current.parent if current else self.env.ctx.data_dir / "exports"
        suffix = current.suffix if current and current.suffix else ".pdf"
        self.file.setText(str(folder / f"board summary {date_from:%Y-%m-%d} to {date_to:%Y-%m-%d}{suffix}"))

    def browse(self) -> None:
        target, _filter = QFileDialog.getSaveFileName(self, "Write the board summary", self.file.text(),
                                                      "PDF, one page (*.pdf);;Word document (*.docx)")
        if target:
            self.file.setText(target)

    def accept(self) -> None:
        target = Path(self.file.text().strip())
        try:
            check_period(*self.period())
        except DateTextError as exc:
            prompts.error(self, f"Not written: {exc}")
            return
        try:
            if target.parent == self.env.ctx.data_dir / "exports":
                target.parent.mkdir(parents=True, exist_ok=True)
            check_output(target)
        except UserError as exc:
            prompts.error(self, str(exc))
            return
        super().accept()
        write_board_summary(self.env, *self.period(), target, self.parent())


def write_board_summary(env, date_from: date, date_to: date, target: Path, parent=None,
                        draw_chart: ChartPng = chart_png) -> None:
    ctx = env.ctx
    env.jobs.run(lambda progress: make_board_summary(ctx, date_from, date_to, target, write_board_pdf, draw_chart,
                                                     progress=progress),
                 label=f"Writing {target.name}",
                 on_done=lambda summary: prompts.info(parent, f"Board summary for {summary.period_text} written to "
                                                              f"{target}.", "Board summary"))


def open_board_summary(window) -> None:
    BoardSummaryDialog(window.env, window).exec()
