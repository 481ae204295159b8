"""Beside the grid: details of the stakeholder under the mouse or selected, and who moved between rounds."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from sdm_desktop.services.analysis.assessments import AssessmentRecord
from sdm_desktop.services.analysis.grid import Comparison, GridPoint
from sdm_desktop.services.core.text import counted
from sdm_desktop.services.core.vocab import ATTITUDES, label
from sdm_desktop.services.exporting.tables import Table
from sdm_desktop.ui.analysis.grid_items import point_tooltip
from sdm_desktop.ui.analysis.models import MOVEMENT_HEADERS, MovementModel, movement_rows
from sdm_desktop.ui.analysis.tables import export_dialog, make_table

HINT = ("<p>Point at a marker to see its details; click it to see its history. From the keyboard: Tab "
        "into the grid, then Page Down / Page Up go from one stakeholder to the next.</p>"
        "<p>Drag a marker to another cell, or select it and press the arrow keys, to record a new "
        "assessment (Ctrl+Z undoes). Double-click or Enter opens the record.</p>")


class GridSidePanel(QWidget):
    movement_activated = Signal(str)     # subject key
    assess_requested = Signal(str)
    open_requested = Signal(str)

    def __init__(self, env=None, parent=None):
        super().__init__(parent)
        self.env = env
        self.key: str | None = None
        self.details = QLabel(HINT)
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                             | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.details.setAccessibleName("Stakeholder details")
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.details)
        scroll.setAccessibleName("Stakeholder details")
        self.assess_button = QPushButton("&Update assessment…")
        self.assess_button.setAccessibleName("Record a new assessment of the selected stakeholder")
        self.assess_button.clicked.connect(lambda: self.key and self.assess_requested.emit(self.key))
        self.open_button = QPushButton("&Open record")
        self.open_button.setAccessibleName("Open the selected stakeholder's record")
        self.open_button.clicked.connect(lambda: self.key and self.open_requested.emit(self.key))
        buttons = QHBoxLayout()
        buttons.addWidget(self.assess_button)
        buttons.addWidget(self.open_button)
        self.movement_model = MovementModel(self)
        self.movement_model.two_lines = True     # name, then "Moved — interest 2→4, …": no sideways scrolling
        self.movement_table = make_table(self.movement_model, "Who moved between the rounds")
        self.movement_table.verticalHeader().setVisible(False)
        self.movement_table.verticalHeader().setDefaultSectionSize(2 * self.movement_table.fontMetrics().height() + 8)
        self.movement_table.setColumnHidden(0, True)
        self.movement_table.setColumnHidden(2, True)
        self.movement_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.movement_table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.movement_table.doubleClicked.connect(lambda i: self._activate(i.row()))
        self.movement_table.activated.connect(lambda i: self._activate(i.row()))
        self.movement_box = QGroupBox("Movement between rounds")
        box = QVBoxLayout(self.movement_box)
        self.movement_summary = QLabel()
        self.movement_summary.setWordWrap(True)
        box.addWidget(self.movement_summary)
        box.addWidget(self.movement_table)
        self.movement_status = QLabel()
        self.movement_status.setAccessibleName("Movement export")
        self.movement_status.setWordWrap(True)
        export = QPushButton("E&xport shown…")
        export.setAccessibleName("Export who moved between the rounds")
        export.clicked.connect(self.export_movement)
        export.setEnabled(env is not None)
        row = QHBoxLayout()
        row.addWidget(self.movement_status, 1)
        row.addWidget(export)
        box.addLayout(row)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll, 2)
        layout.addLayout(buttons)
        layout.addWidget(self.movement_box, 3)
        self.set_selected(None)

    def _activate(self, row: int) -> None:
        key = self.movement_model.key_at(row)
        if key:
            self.movement_activated.emit(key)

    def export_movement(self) -> None:
        """Who moved, as listed (in the sort chosen), to .xlsx or .csv."""
        rows = self.movement_model.table_rows()
        export_dialog(self, self.env, "movement.xlsx", Table(MOVEMENT_HEADERS, rows, len(rows), "Movement"),
                      self.movement_status)

    def set_comparison(self, comparison: Comparison | None, earlier: str | None) -> None:
        self.movement_model.set_rows(movement_rows(comparison))
        self.movement_box.setVisible(comparison is not None)
        if comparison is not None:
            self.movement_summary.setText(
                f"Since <b>{html.escape(earlier or '')}</b>: {len(comparison.moved)} moved, "
                f"{len(comparison.new)} new, {len(comparison.dropped)} dropped out, "
                f"{comparison.unchanged} unchanged. Double-click a row to find it on the grid.")

    def show_point(self, point: GridPoint | None, history: list[AssessmentRecord] | None = None) -> None:
        if point is None:
            self.details.setText(HINT)
            return
        text = point_tooltip(point, rationale_limit=None)
        if history:
            lines = "".join(
                f"<li>{h.assessed_on:%d %b %Y}: influence {h.influence}, interest {h.interest}, "
                f"{html.escape(label(ATTITUDES, h.attitude) or 'attitude not recorded')}"
                f"{' — ' + html.escape(h.round_name) if h.round_name else ''}</li>" for h in history[:12])
            text += f"<p><b>History ({counted(len(history), 'assessment')})</b></p><ul>{lines}</ul>"
        self.details.setText(text)

    def set_selected(self, key: str | None) -> None:
        self.key = key
        self.assess_button.setEnabled(key is not None)
        self.open_button.setEnabled(key is not None)

    def show_cluster(self, points: list[GridPoint]) -> None:
        items = "".join(f"<li>{html.escape(p.name)} ({html.escape(p.type_name)})</li>" for p in points)
        self.details.setText(f"<b>{len(points)} stakeholders in this crowded cell</b><ul>{items}</ul>"
                             "<p>Narrow the filters above to see them as separate markers.</p>")
