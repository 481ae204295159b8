"""Analysis: the power/interest grid with movement between rounds, the coverage matrix and the gap list."""

from __future__ import annotations

import time

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sdm_desktop.errors import UserError
from sdm_desktop.services.analysis import assessments as svc
from sdm_desktop.services.analysis.assessments import ORGANISATION, Subject
from sdm_desktop.services.analysis.grid import (
    PERSON_TYPE,
    GridData,
    GridFilter,
    GridPoint,
    apply_filter,
    compare_points,
    load_points,
    point_from_record,
    stakeholders,
)
from sdm_desktop.services.analysis.grid_shapes import default_shapes, type_shapes
from sdm_desktop.services.core.changes import REGISTER, Change
from sdm_desktop.services.core.validation import ValidationError
from sdm_desktop.services.core.vocab import ATTITUDES, PPE_LEVELS
from sdm_desktop.services.register import organisations as org_service
from sdm_desktop.services.register.search import tag_names
from sdm_desktop.ui import prompts
from sdm_desktop.ui.analysis.assessment_dialog import AssessmentDialog
from sdm_desktop.ui.analysis.grid_scene import PowerGridScene
from sdm_desktop.ui.analysis.grid_side_panel import GridSidePanel
from sdm_desktop.ui.analysis.links import GridLinks
from sdm_desktop.ui.analysis.output import GridOutputActions
from sdm_desktop.ui.analysis.power_grid import PowerGridView
from sdm_desktop.ui.analysis.tables import CoverageWidget, GapWidget, PointsWidget
from sdm_desktop.ui.common.tables.table_helpers import button, filter_combo, search_field
from sdm_desktop.ui.common.view_base import View

GRID_TAB, TABLE_TAB, COVERAGE_TAB, GAPS_TAB = 0, 1, 2, 3
REFRESH_ON = REGISTER | {Change.ASSESSMENT, Change.INTERACTION}


class AnalysisView(GridLinks, GridOutputActions, View):
    _highlight: str | None = None      # a stakeholder just assessed, to select on the grid
    title = "Analysis"

    def __init__(self, env, parent=None):
        super().__init__(env, parent)
        self._points: list[GridPoint] = []
        self._before: list[GridPoint] | None = None
        self._shapes: dict[str, str] = default_shapes()
        self.data = GridData([], None, None, None, GridFilter())
        self.last_redraw_ms = 0.0
        self._generation = 0          # only the newest load is drawn when loads overlap
        self._just_built = True
        self._local_change = False    # set while announcing a change this view has already drawn
        self._notice = ""             # the result of the user's last action, kept in the status line
        self._loading = False         # a load of the assessments is running in the background
        self._text_timer = QTimer(self, singleShot=True, interval=150)
        self._text_timer.timeout.connect(self.redraw)
        self._redraw_soon = QTimer(self, singleShot=True, interval=0)    # one redraw for a burst of moves
        self._redraw_soon.timeout.connect(self.redraw)
        self.scene = PowerGridScene(self)
        self.grid = PowerGridView(self.scene)
        self.side = GridSidePanel(env)
        self.coverage = CoverageWidget(env)
        self.gaps = GapWidget(env)
        self.table = PointsWidget(env)
        layout = QVBoxLayout(self)
        layout.addLayout(self._build_round_row())
        layout.addLayout(self._build_filter_row())
        layout.addWidget(self._build_link_note())         # on its own line: the filter row is full
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("analysis-splitter")
        self.splitter.addWidget(self.grid)
        self.splitter.addWidget(self.side)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([1000, 250])      # the grid first: its names are what is read
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Analysis pages")
        self.tabs.addTab(self.splitter, "Power / interest &grid")
        self.tabs.addTab(self.table, "Ta&ble of the grid")
        self.tabs.addTab(self.coverage, "&Coverage of the three levels")
        self.tabs.addTab(self.gaps, "Ga&ps: who to work on next")
        corner = self._build_output_buttons()
        self.tabs.setCornerWidget(corner, Qt.Corner.TopRightCorner)
        previous = self.tabs.tabBar()          # Tab reaches them where they are: beside the tabs, before the page
        for output in corner.findChildren(QPushButton):
            QWidget.setTabOrder(previous, output)
            previous = output
        self.tabs.currentChanged.connect(self._tab_changed)
        layout.addWidget(self.tabs, 1)
        self.status = QLabel()
        self.status.setAccessibleName("What the grid shows")
        layout.addWidget(self.status)
        self._connect()
        self._restore_layout()
        self.reload(choose_default_rounds=True)

    # --- building -----------------------------------------------------------------------------
    def _build_round_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.round_combo = filter_combo("Round shown", self.reload, 12)
        self.compare_combo = filter_combo("Compare with an earlier round", self.reload, 12)
        for text, combo in (("&Round", self.round_combo), ("Compare &with", self.compare_combo)):
            label = QLabel(text)
            label.setBuddy(combo)
            row.addWidget(label)
            row.addWidget(combo, 1)
        row.addWidget(button("New roun&d…", "New analysis round", self.new_round,
                                   "Start a new analysis round (a review)"))
        row.addWidget(button("New &assessment…", "New assessment", lambda: self.assess(None),
                                   "Record a dated assessment of any group or person"))
        return row

    def _build_output_buttons(self) -> QWidget:
        """Export, save and print sit beside the page tabs, where there is room, so the round names above
        are not cut short."""
        corner = QWidget()
        row = QHBoxLayout(corner)
        row.setContentsMargins(0, 0, 0, 2)
        row.addWidget(button("Export assessme&nts…", "Export assessments", self.export_assessments,
                             "Save every assessment (the full history) as CSV or XLSX"))
        row.addWidget(button("&Save grid…", "Save the grid as PDF or PNG", self.save_grid_dialog,
                             "Save the grid as an A4/A3 landscape PDF for a board paper, or as PNG"))
        row.addWidget(button("Pr&int…", "Print the grid", self.print_grid, "Print the grid on one page"))
        return corner

    def _build_filter_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.search = search_field("Filter the grid by name", "Find a stakeholder by name… (Ctrl+F)",
                                   self._text_timer)
        self.type_filter = filter_combo("Filter by type", self.redraw, 12)
        self.tag_filter = filter_combo("Filter by tag", self.redraw, 12)
        self.ppe_filter = filter_combo("Filter by level of engagement", self.redraw, 12)
        self.attitude_filter = filter_combo("Filter by attitude", self.redraw, 12)
        row.addWidget(self.search, 3)
        for combo in (self.type_filter, self.tag_filter, self.ppe_filter, self.attitude_filter):
            row.addWidget(combo, 1)
        row.addWidget(button("C&lear filters", "Clear filters", self.clear_filters, "Show everyone again"))
        return row

    def _connect(self) -> None:
        self.scene.marker_moved.connect(self.reassess_position)
        self.scene.marker_activated.connect(self.open_record)
        self.scene.marker_hovered.connect(lambda key: self.side.show_point(self.point(key)))
        self.scene.cluster_activated.connect(
            lambda keys: self.side.show_cluster([p for k in keys if (p := self.point(k))]))
        self.scene.selectionChanged.connect(self._selection_changed)
        self.side.movement_activated.connect(self.show_on_grid)
        self.side.assess_requested.connect(lambda key: self.assess(Subject.from_key(key)))
        self.side.open_requested.connect(self.open_record)
        self.gaps.activated.connect(self.show_on_grid)
        self.table.activated.connect(self.show_on_grid)
        self.env.bus.changed.connect(self._on_changed)

    # --- loading and drawing ------------------------------------------------------------------
    def reload_choices(self, choose_default_rounds: bool = False) -> None:
        rounds = [r.name for r in svc.list_rounds(self.env.ctx)]
        keep_round, keep_compare = self.round_combo.currentData(), self.compare_combo.currentData()
        if choose_default_rounds and rounds:
            keep_round, keep_compare = rounds[-1], None     # arrows only once a round to compare is picked
        choices = [
            (self.round_combo, [("Latest assessment of each", None)] + [(n, n) for n in rounds], keep_round),
            (self.compare_combo, [("No comparison", None)] + [(n, n) for n in rounds], keep_compare),
            (self.type_filter, [("All types", None)] + [(t, t) for t in org_service.organisation_types(self.env.ctx)]
             + [("People", PERSON_TYPE)], self.type_filter.currentData()),
            (self.tag_filter, [("All tags", None)] + [(t, t) for t in tag_names(self.env.ctx)],
             self.tag_filter.currentData()),
            (self.ppe_filter, [("All levels", None)] + [(text, code) for code, text in PPE_LEVELS],
             self.ppe_filter.currentData()),
            (self.attitude_filter, [("Any attitude", None)] + [(text, code) for code, text in ATTITUDES],
             self.attitude_filter.currentData()),
        ]
        for combo, items, keep in choices:
            combo.blockSignals(True)
            combo.clear()
            for text, value in items:
                combo.addItem(text, value)
            combo.setCurrentIndex(max(0, combo.findData(keep)))
            combo.blockSignals(False)

    def reload(self, choose_default_rounds: bool = False) -> None:
        """Read the assessments again (after a change, or another round chosen), then redraw."""
        self.reload_choices(choose_default_rounds)
        ctx, round_name, compare_name = self.env.ctx, self.round_combo.currentData(), self.compare_combo.currentData()

        def job(_progress):
            return (load_points(ctx, round_name), (load_points(ctx, compare_name) if compare_name else None),
                    type_shapes(ctx))

        self._generation += 1
        generation = self._generation
        self._loading = True
        self.env.jobs.run(job, label="Loading the stakeholder analysis", show_progress=False,
                          on_done=lambda result: generation == self._generation and self._loaded(result),
                          on_error=lambda exc: generation == self._generation and self._load_failed(exc))
        if self.tabs.currentIndex() == COVERAGE_TAB:
            self.coverage.refresh()

    def _loaded(self, result) -> None:
        self._loading = False
        self._points, self._before, self._shapes = result
        self.redraw()
        if self._highlight:
            key, self._highlight = self._highlight, None
            self.show_on_grid(key)

    def _load_failed(self, exc: BaseException) -> None:
        self._loading = False
        prompts.error(self, prompts.describe_error(exc))

    def current_filter(self) -> GridFilter:
        return GridFilter(org_type=self.type_filter.currentData(), tag=self.tag_filter.currentData(),
                          ppe_level=self.ppe_filter.currentData(), attitude=self.attitude_filter.currentData(),
                          text=self.search.text(), quadrant=self.link_quadrant())

    def redraw(self) -> None:
        """Apply the filters to the loaded points and rebuild the grid (no database work)."""
        started = time.perf_counter()
        flt = self.current_filter()
        shown = apply_filter(self._points, flt)
        comparison = compare_points(apply_filter(self._before, flt), shown) if self._before is not None else None
        shown = self.only_moved(shown, comparison)
        compare_name = self.compare_combo.currentData() if comparison is not None else None
        self.data = GridData(shown, comparison, self.round_combo.currentData(), compare_name, flt, self._shapes)
        keep = self.side.key
        self.side.set_selected(None)
        self.scene.show_points(shown, comparison, self._shapes)
        self.side.set_comparison(comparison, compare_name)
        if keep and self.scene.markers.get(keep) is not None:
            self.scene.markers[keep].setSelected(True)      # keeps the keyboard user's place
            self.scene.markers[keep].setFocus()
        self.gaps.set_gaps(shown)
        self.table.set_points(shown)
        if self.grid.fitted:
            self.grid.fit()
        self.last_redraw_ms = (time.perf_counter() - started) * 1000
        hidden = len(self._points) - len(shown)
        text = f"{stakeholders(len(shown))} shown" + (f" ({hidden:,} hidden by the filters)" if hidden else "")
        if not self._points:
            text = (f"Nobody has been assessed in {self.data.round_name} yet" if self.data.round_name else
                    "Nobody has been assessed yet") + ": New assessment… records the first."
        if comparison is not None:
            text += (f" · since {compare_name}: {len(comparison.moved)} moved, {len(comparison.new)} new, "
                     f"{len(comparison.dropped)} dropped out")
        if self._notice:                 # what the user just did stays readable after the redraw it caused
            text, self._notice = f"{self._notice} {text}", ""
        self.status.setText(text)

    def point(self, key: str) -> GridPoint | None:
        return next((p for p in self.data.points if p.key == key), None)

    def clear_filters(self) -> None:
        self.link_note.reset()
        for combo in (self.type_filter, self.tag_filter, self.ppe_filter, self.attitude_filter):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.redraw()

    # --- selection and actions ----------------------------------------------------------------
    def _selection_changed(self) -> None:
        selected = [i for i in self.scene.selectedItems() if hasattr(i, "point")]
        key = selected[0].point.key if selected else None
        self.side.set_selected(key)
        if key:
            self.side.show_point(self.point(key), svc.history(self.env.ctx, Subject.from_key(key)))

    def show_on_grid(self, key: str) -> None:
        self.tabs.setCurrentIndex(GRID_TAB)
        item = self.scene.markers.get(key)
        if item is None:
            point = self.point(key)
            self.side.set_selected(key if point else None)
            self.side.show_point(point)
            return
        self.scene.clearSelection()
        item.setSelected(True)
        item.setFocus()
        self.grid.setFocus(Qt.FocusReason.OtherFocusReason)      # the arrow keys move it straight away
        self.grid.ensureVisible(item)

    def reassess_position(self, key: str, influence: int, interest: int) -> None:
        """Record the new position, then move the marker at once (no reload of every stakeholder).

        The new assessment is dated today in the round shown, so it is that round's latest for this
        stakeholder: swapping the one point is exactly what a reload would show. The redraw waits for
        the event loop, because the marker that asked for it is still handling its mouse or key event, and
        several arrow keys already queued share one redraw."""
        point = self.point(key)
        try:
            new_id = svc.reassess_position(self.env.ctx, Subject.from_key(key), influence, interest,
                                           round_name=self.round_combo.currentData())
            record = svc.get_assessment(self.env.ctx, new_id)
        except (ValidationError, UserError) as exc:
            prompts.error(self, prompts.describe_error(exc))
            return
        name = point.name if point else key
        self._notice = (f"Recorded a new assessment of {name}: influence {influence}, interest {interest}. "
                        "Ctrl+Z undoes.")
        if point is not None:
            moved = point_from_record(record, point.tags, point.ppe_levels, point.archived)
            self._points = [moved if p.key == key else p for p in self._points]
            if (item := self.scene.markers.get(key)) is not None:
                item.point = moved                # a second arrow key before the redraw steps on from here
            self._redraw_soon.start()
        # the other views refresh; this one is up to date, unless a load running now read the old position
        self._local_change = point is not None and not self._loading
        try:
            self.env.announce(Change.ASSESSMENT)
        finally:
            self._local_change = False
        self.status.setText(self._notice)

    def assess(self, subject: Subject | None) -> None:
        dialog = AssessmentDialog(self.env, subject, self.round_combo.currentData(), self)
        if dialog.exec() and dialog.saved_id is not None:
            self._highlight = dialog.subject.currentData()      # shown selected once the grid is redrawn
            self.env.announce(Change.ASSESSMENT)

    def new_round(self) -> None:
        name = prompts.ask_text(self, "Name of the new analysis round (for example “Annual review 2027”):",
                                "New analysis round")
        if not name:
            return
        try:
            from datetime import date
            svc.create_round(self.env.ctx, name, date.today())
        except ValidationError as exc:
            prompts.warn(self, f"The round was not added: {exc}")
            return
        previous = self.round_combo.currentData()
        self.round_combo.blockSignals(True)
        self.round_combo.addItem(name, name)
        self.round_combo.setCurrentIndex(self.round_combo.count() - 1)
        self.round_combo.blockSignals(False)
        self.compare_combo.blockSignals(True)
        self.compare_combo.setCurrentIndex(max(0, self.compare_combo.findData(previous)))
        self.compare_combo.blockSignals(False)
        self.env.announce(Change.ASSESSMENT)

    def open_record(self, key: str) -> None:
        """Show the stakeholder's record in the Stakeholders view."""
        window = self.window()
        if not hasattr(window, "show_view"):
            return
        subject = Subject.from_key(key)
        window.show_view("stakeholders").reveal(0 if subject.kind == ORGANISATION else 1, subject.id)

    # --- view protocol ------------------------------------------------------------------------
    def _tab_changed(self, index: int) -> None:
        """The round and filters steer the grid and the gaps; coverage has its own period."""
        for widget in (self.round_combo, self.compare_combo, self.search, self.type_filter, self.tag_filter,
                       self.ppe_filter, self.attitude_filter):
            widget.setEnabled(index != COVERAGE_TAB)
        if index == COVERAGE_TAB:
            self.coverage.refresh()

    def _on_changed(self, what: Change) -> None:
        if self._local_change or not (self.isVisible() or self._just_built):   # activated() reloads when shown
            return
        if what in REFRESH_ON:
            self.reload()

    def activated(self) -> None:
        """Coming back to the view reads the data again; the first time, the constructor has just read it."""
        if self._just_built:
            self._just_built = False
            return
        self.reload()

    def focus_search(self) -> bool:
        self.search.setFocus()
        self.search.selectAll()
        return True

    def save_layout(self) -> None:
        self.env.settings.setValue("analysis/splitter", self.splitter.saveState())

    def _restore_layout(self) -> None:
        state = self.env.settings.value("analysis/splitter")
        if isinstance(state, QByteArray):
            self.splitter.restoreState(state)
