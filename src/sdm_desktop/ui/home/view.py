"""Home: the programme at a glance. Tiles and small charts for a period, every figure a link to the records
behind it, what changed since the user last opened the app, and where the data lives.

The figures come from a handful of aggregate queries (``services/reporting/dashboard``) run in the background;
the widgets are built once and only their values change, so a refresh after a change never flickers. At start-up
Home is built before the data is opened and shows the figures kept from the last count when nothing they count
has changed since (``services/reporting/home_snapshot``): this module loads no database code until it counts."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from sdm_desktop import paths
from sdm_desktop.services.reporting import dashboard_charts as charts
from sdm_desktop.services.reporting import home_snapshot
from sdm_desktop.services.reporting.dashboard_figures import Dashboard
from sdm_desktop.ui.common.charts import TABLES_KEY, ChartPanel, toggle_all_tables
from sdm_desktop.ui.common.tables.table_helpers import ON_SCREEN, ask_and_export, button, shortcut
from sdm_desktop.ui.common.view_base import View
from sdm_desktop.ui.home import links
from sdm_desktop.ui.home.period_bar import PeriodBar
from sdm_desktop.ui.home.tiles import FigureTile

LAST_OPENED = "home/last_opened"      # this user's settings: when they last opened the app (UTC, ISO)
REFRESH_DELAY_MS = 250                # a burst of changes (an import, undo) is counted once
COLUMN_CHART_HEIGHT = 230             # the charts over time: low enough for the tiles and the next row to show
TILE_WIDTH = 185                      # tiles per row: as many of this width as fit, 3 to all


class HomeView(View):
    title = "Home"

    def __init__(self, env, parent=None):
        super().__init__(env, parent)
        self._generation = 0
        self.figures: Dashboard | None = None
        self._since_utc = self._remember_opening()
        self._refresh_timer = QTimer(self, singleShot=True, interval=REFRESH_DELAY_MS)
        self._refresh_timer.timeout.connect(self.activated)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)       # Tab goes to the figures; the area follows the focus
        scroll.setAccessibleName("The programme at a glance")
        outer.addWidget(scroll)
        page = QWidget()
        scroll.setWidget(page)
        layout = QVBoxLayout(page)
        layout.addLayout(self._header())
        self.since = QLabel("")
        self.since.setAccessibleName("What changed since you last opened the app")
        self.since.setWordWrap(True)
        layout.addWidget(self.since)
        layout.addLayout(self._tiles())
        layout.addLayout(self._charts())
        self._where = QLabel()
        self._where.setTextFormat(Qt.TextFormat.PlainText)      # a path or address shown as it is
        self._where.setWordWrap(True)
        self._where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                            | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self._where.setFocusPolicy(Qt.FocusPolicy.StrongFocus)     # Tab reaches it: select and copy the path
        self._where.setAccessibleName("Where the data lives")
        layout.addWidget(self._where)
        layout.addStretch(1)
        shortcut(QKeySequence(TABLES_KEY), self, lambda: toggle_all_tables(self), ON_SCREEN)
        env.bus.changed.connect(lambda _what: self._refresh_timer.start() if self.isVisible() else None)

    # --- building ---------------------------------------------------------------------------------
    def _header(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(QLabel("<h2>Shared Decision Making programme</h2>"))
        row.addStretch(1)
        self.period_bar = PeriodBar(self.env.settings)
        self.period_bar.changed.connect(self.activated)
        row.addWidget(self.period_bar)
        row.addWidget(button("E&xport figures…", "Export Home's figures",
                             self.export_figures, "Every figure on Home for the period, as CSV or Excel"))
        return row

    def export_figures(self) -> None:
        if self.figures is not None and self.env.ctx is not None:
            from sdm_desktop.services.reporting.dashboard_report import dashboard_table

            figures = self.figures
            ask_and_export(self, self.env, "Export Home's figures", f"home-figures-{figures.period.last}.csv",
                           lambda: dashboard_table(figures))

    def _follow(self, link):
        """A figure's link, followed once the data is open (kept figures are shown a moment before)."""
        return lambda *args: link(*args) if self.env.ctx is not None else None

    def _tile(self, caption: str, opens: str, on_open) -> FigureTile:
        return FigureTile(caption, opens, self._follow(on_open))

    def _tiles(self) -> QGridLayout:
        w = self.window
        self.tiles = {
            "organisations": self._tile("groups and organisations", "the Stakeholders list of groups",
                                        lambda: links.open_register(w(), links.ORGANISATIONS)),
            "people": self._tile("people", "the Stakeholders list of people",
                                 lambda: links.open_register(w(), links.PEOPLE)),
            "patient_reps": self._tile("patient representatives", "the Stakeholders list of patient representatives",
                                       lambda: links.open_register(w(), links.PEOPLE, patient_reps_only=True)),
            "trained": self._tile("people trained in the period", "the people trained in the period",
                                  lambda: self._open_trained(None)),
            "cascade": self._tile("of them trained by the cascade", "the people trained by the cascade in the period",
                                  lambda: self._open_trained(True)),
            "letters": self._tile("letters written in the period", "the mailings written in the period",
                                  lambda: self._open_mailings()),
            "overdue": self._tile("follow-up actions overdue", "Engagement's follow-ups, overdue",
                                  lambda: links.open_follow_ups(w(), "overdue")),
            "due": self._tile("follow-up actions due in the next 7 days", "Engagement's follow-ups, due this week",
                              lambda: links.open_follow_ups(w(), "this_week")),
            "moved": self._tile("moved on the grid since the last round", "the grid, only those who moved",
                                lambda: self._open_moved()),
            "retention": self._tile("people due a retention review", "the retention review, review date come",
                                    lambda: links.open_retention_due(w())),
        }
        self.counts = {   # figures of the period with no list to open yet: shown in words, not as links
            "trained": QLabel(), "responses": QLabel()}
        self.tile_grid = QGridLayout()
        self._tile_columns = 0
        self._lay_out_tiles(5)
        return self.tile_grid

    def _lay_out_tiles(self, columns: int) -> None:
        if columns == self._tile_columns:
            return
        self._tile_columns = columns
        for tile in self.tiles.values():
            self.tile_grid.removeWidget(tile)
        for n, tile in enumerate(self.tiles.values()):
            self.tile_grid.addWidget(tile, n // columns, n % columns)
        for column in range(len(self.tiles)):
            self.tile_grid.setColumnStretch(column, 1 if column < columns else 0)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        fit = max(3, min(len(self.tiles), (event.size().width() - 40) // TILE_WIDTH))
        rows = -(-len(self.tiles) // fit)
        self._lay_out_tiles(-(-len(self.tiles) // rows))          # rows of even length: 10 tiles are 2 of 5

    def _charts(self) -> QGridLayout:
        self.panels: dict[str, ChartPanel] = {}
        grid = QGridLayout()
        places = [("activities", 0, 0, 1, 2), ("by_level", 1, 0, 1, 1), ("quadrants", 1, 1, 1, 1),
                  ("by_type", 2, 0, 1, 1), ("training", 2, 1, 1, 1), ("themes", 3, 0, 1, 2)]
        handlers = {"activities": self._open_month, "by_level": self._open_level, "quadrants": self._open_quadrant,
                    "by_type": self._open_type, "training": self._open_trained_month, "themes": self._open_theme}
        for key, row, column, rows, columns in places:
            panel = ChartPanel()
            panel.setObjectName(f"home-chart-{key}")
            if key in ("activities", "training"):
                panel.view.vertical_height = COLUMN_CHART_HEIGHT
            if key in handlers:
                panel.set_linked(True)
                panel.chosen.connect(self._follow(handlers[key]))
            self.panels[key] = panel
            box = QGroupBox()
            box_layout = QVBoxLayout(box)
            box_layout.addWidget(panel)
            if key == "training":
                box_layout.addWidget(self.counts["trained"])
            if key == "themes":
                box_layout.insertWidget(0, self.counts["responses"])
                self.open_responses = button("Open the respo&nses", "Open the consultation responses",
                                             self._follow(lambda: links.open_responses(self.window())),
                                             "The Consultation view's list of responses")
                box_layout.insertWidget(1, self.open_responses, 0, Qt.AlignmentFlag.AlignLeft)
            grid.addWidget(box, row, column, rows, columns, Qt.AlignmentFlag.AlignTop)
        for label in self.counts.values():
            label.setWordWrap(True)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        return grid

    # --- what a figure opens ----------------------------------------------------------------------
    def _open_month(self, bar: int, part: int) -> None:
        d = self.figures
        if d is None or bar >= len(d.slots):
            return
        level = d.activity_levels[part][0] if 0 <= part < len(d.activity_levels) else None
        links.open_activities(self.window(), level, d.slots[bar].first, d.slots[bar].last)

    def _open_level(self, bar: int, _part: int) -> None:
        if self.figures is not None and bar < len(self.figures.by_level):
            links.open_register(self.window(), links.ORGANISATIONS, ppe_level=self.figures.by_level[bar][0])

    def _open_type(self, bar: int, _part: int) -> None:
        if self.figures is not None and bar < len(self.figures.by_type):
            links.open_register(self.window(), links.ORGANISATIONS, org_type=self.figures.by_type[bar][0])

    def _open_quadrant(self, bar: int, _part: int) -> None:
        if self.figures is not None and bar < len(self.figures.quadrants):
            links.open_quadrant(self.window(), self.figures.quadrants[bar][0])

    def _open_mailings(self) -> None:
        if self.figures is not None:
            links.open_mailings(self.window(), self.figures.period.first, self.figures.period.last)

    def _open_trained(self, by_cascade: bool | None) -> None:
        if self.figures is not None:
            links.open_trained(self.window(), self.figures.period.first, self.figures.period.last, by_cascade)

    def _open_trained_month(self, bar: int, part: int) -> None:
        if self.figures is not None and bar < len(self.figures.slots):
            slot = self.figures.slots[bar]
            links.open_trained(self.window(), slot.first, slot.last, None if part < 0 else part == 1)

    def _open_theme(self, bar: int, _part: int) -> None:
        if self.figures is not None and bar < len(self.figures.themes):
            links.open_responses(self.window(), self.figures.theme_activities[bar], self.figures.themes[bar][0])

    def _open_moved(self) -> None:
        if self.figures is not None:
            links.open_moved(self.window(), self.figures.latest_round, self.figures.previous_round)

    # --- loading ----------------------------------------------------------------------------------
    def _remember_opening(self) -> datetime | None:
        """When this user last opened the app (None: never), and now remembered as the last time."""
        settings = self.env.settings
        before = settings.value(LAST_OPENED)
        settings.setValue(LAST_OPENED, datetime.utcnow().isoformat(timespec="seconds"))
        try:
            return datetime.fromisoformat(str(before)) if before else None
        except ValueError:
            return None

    def activated(self) -> None:
        """Counted in the background (100,000 people, 50,000 interactions); the newest count wins."""
        period = self.period_bar.period()
        if period is None or self.env.ctx is None:
            return
        self._generation += 1
        generation, ctx, since = self._generation, self.env.ctx, self._since_utc

        def job(_progress):
            from sdm_desktop.services.reporting.dashboard import dashboard, since_last_opened

            stamp = home_snapshot.stamp_of(_own_database_file(ctx))     # read before counting
            figures = dashboard(ctx, period)
            home_snapshot.keep(ctx.data_dir, stamp, figures)
            figures.since = since_last_opened(ctx, since) if since is not None else None
            return figures

        self.env.jobs.run(job, label="Counting for Home", show_progress=False,
                          on_done=lambda figures: generation == self._generation and self._show(figures))

    def show_kept_figures(self, folder, database) -> bool:
        """The figures kept from the last count, before the ``database`` file is opened, when they still count
        exactly what it holds (``activated`` counts again once it is open)."""
        period = self.period_bar.period()
        kept = home_snapshot.last_figures(folder, database, period) if period else None
        if kept is None:
            return False
        self._show(kept)
        self.since.setText("Counting what changed since you last opened the app…")
        self._where.setText(f"Figures for {kept.period.text}. Data folder: {folder}")
        return True

    def keep_for_next_start(self) -> None:
        """At closing: counted once more when anything changed since the last count, so that the next start shows
        the figures at once (about 150 ms on 100,000 people, after the window has gone)."""
        ctx, period = self.env.ctx, self.period_bar.period()
        database = _own_database_file(ctx) if ctx is not None and ctx.damage is None else None
        stamp = home_snapshot.stamp_of(database)
        if stamp is None or period is None or home_snapshot.figures_kept(ctx.data_dir, stamp, period):
            return
        from sdm_desktop.services.reporting.dashboard import dashboard

        try:
            home_snapshot.keep(ctx.data_dir, stamp, dashboard(ctx, period))
        except Exception:  # noqa: BLE001 - figures kept only to start faster never stop the app closing
            return

    def _show(self, d: Dashboard) -> None:
        self.figures = d
        for key, value in (("organisations", d.register.get("organisations", 0)),
                           ("people", d.register.get("people", 0)),
                           ("patient_reps", d.register.get("patient_reps", 0)), ("overdue", d.overdue),
                           ("due", d.due_this_week), ("retention", d.retention_due), ("moved", d.moved),
                           ("trained", d.trained_in_period), ("cascade", d.trained_by_cascade),
                           ("letters", d.letters)):
            self.tiles[key].set_value(value)
        self.tiles["moved"].set_value(d.moved, f"moved on the grid since {d.previous_round}" if d.previous_round else
                                      "moved on the grid (one round so far)")
        for key, make in (("activities", charts.activities_by_month), ("by_level", charts.groups_by_level),
                          ("quadrants", charts.quadrants), ("by_type", charts.groups_by_type),
                          ("training", charts.training_reach), ("themes", charts.consultation_themes)):
            chart = make(d)
            if chart != self.panels[key].view.chart:          # unchanged charts are left alone: no flicker
                self.panels[key].set_chart(chart)
        self.counts["trained"].setText(f"{d.trained_ever:,} people trained since the programme began; the cascade: "
                                       "people trained by trainers the programme trained.")
        self.counts["responses"].setText(f"Consultation responses received in the period: <b>{d.responses:,}</b>"
                                         + ("" if d.themes else "; no answer coded with a theme yet."))
        self.panels["themes"].setVisible(bool(d.themes))
        if self.env.ctx is None:
            return
        self.since.setText(_since_text(d))
        from sdm_desktop.db.engine import display_url

        shown = display_url(self.env.ctx.db.url)      # never the password
        self._where.setText(f"Figures for {d.period.text}. Data folder: {self.env.ctx.data_dir}"
                            f" · Database: {shown}")


def _own_database_file(ctx):
    """The database file, when it is the data folder's own: the only one whose figures are kept."""
    own = ctx.data_dir / paths.DATABASE_FILE_NAME
    path = ctx.db.sqlite_path
    return path if path is not None and own.exists() and Path(path).resolve() == own.resolve() else None


def _since_text(d: Dashboard) -> str:
    if d.since is None:
        return "<b>Welcome.</b> Next time, this line says what changed since you last opened the app."
    s = d.since
    return (f"<b>Since you last opened the app</b> ({s.at:%d %b %Y %H:%M}): {s.new_interactions:,} new "
            f"interaction{'s' if s.new_interactions != 1 else ''}, {s.new_assessments:,} new assessment"
            f"{'s' if s.new_assessments != 1 else ''}, {s.sessions_held:,} training session"
            f"{'s' if s.sessions_held != 1 else ''} held.")

