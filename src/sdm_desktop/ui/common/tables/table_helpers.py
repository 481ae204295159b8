"""Small helpers shared by the views' tables: table set-up, a named button, shortcuts, search fields, exports."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QLineEdit, QMenu, QPushButton, QTableView

from sdm_desktop.services.core.text import counted
from sdm_desktop.ui.common.tables.column_fit import ColumnFit

SINGLE = QAbstractItemView.SelectionMode.SingleSelection
EXTENDED = QAbstractItemView.SelectionMode.ExtendedSelection
READ_ONLY = QAbstractItemView.EditTrigger.NoEditTriggers

FOCUSED = Qt.ShortcutContext.WidgetShortcut      # only while this very widget has the focus
ON_SCREEN = Qt.ShortcutContext.WindowShortcut    # while the widget is shown (hidden views do not answer)


def shortcut(keys, parent, slot, context: Qt.ShortcutContext) -> QShortcut:
    """A key for ``slot`` while ``parent`` has the focus (FOCUSED) or is on screen (ON_SCREEN).

    The context is set after construction: PySide6 ignores it when passed with a callable, which made
    every such shortcut window-wide (three Delete keys on one screen cancel each other out).
    """
    sc = QShortcut(QKeySequence(keys), parent)
    sc.setContext(context)
    sc.activated.connect(slot)
    return sc


def prepare_table(table: QTableView, model, name: str, *, object_name: str = "",
                  selection: QAbstractItemView.SelectionMode = EXTENDED, whole_rows: bool = True,
                  edit_triggers: QAbstractItemView.EditTrigger = READ_ONLY, striped: bool = False,
                  compact: bool = True, sort: tuple[int, Qt.SortOrder] | None = None) -> QTableView:
    """Set ``table`` up to show ``model``: one Tab stop (the arrow keys move inside), named for screen readers,
    read-only whole rows unless told otherwise, compact rows (see ``compact_rows``) unless ``compact`` is False,
    and sorted by a click on a heading when ``sort`` gives the (column, order) to start with."""
    table.setTabKeyNavigation(False)
    if object_name:
        table.setObjectName(object_name)
    table.setAccessibleName(name)
    table.setModel(model)
    table.setSelectionMode(selection)
    if whole_rows:
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(edit_triggers)
    table.setAlternatingRowColors(striped)
    if compact:
        compact_rows(table)
    if sort is not None:
        sort_by_headings(table, *sort)
    return table


def compact_rows(table: QTableView) -> QTableView:
    """Rows one line high, no row numbers, last column stretched."""
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    table.horizontalHeader().setStretchLastSection(True)
    table.setWordWrap(False)
    return table


def text_unshaped(table: QTableView) -> QTableView:
    """Text drawn without OpenType shaping (kerning, ligatures): a big table's screenful draws in half the time, so
    a search shows its rows sooner. Only for a ``LazyTableModel``, which gives the rows that need shaping (Arabic or
    Bengali names, combining accents: Qt draws Arabic back to front unshaped) a font that has it. Only the style
    strategy is set: the font itself still follows the application's."""
    font = QFont()
    font.setStyleStrategy(QFont.StyleStrategy.PreferNoShaping)
    table.setFont(font)
    return table


def sort_by_headings(table: QTableView, column: int, order: Qt.SortOrder) -> None:
    """A click on a heading sorts; the model is first sorted by ``column`` in ``order`` (-1: as it comes)."""
    table.horizontalHeader().setSortIndicator(column, order)      # before sorting is on: the model sorts once
    table.setSortingEnabled(True)


def record_table(model, name: str) -> QTableView:
    """A sortable, striped table of a ``RecordTableModel``, its columns fitted to the width on screen."""
    table = prepare_table(QTableView(), model, name, object_name=name, striped=True,
                          sort=(-1, Qt.SortOrder.AscendingOrder))
    table.column_fit = ColumnFit.of_columns(table, model.columns)   # columns with shrink_to give way when narrow
    return table


def button(text: str, name: str, slot, tip: str = "", *, name_as_tip: bool = False) -> QPushButton:
    """A push button named ``name`` for screen readers, calling ``slot()`` when clicked; its tooltip is
    ``tip``, or the name itself when ``name_as_tip`` (the text alone says too little)."""
    b = QPushButton(text)
    b.setAccessibleName(name)
    if tip or name_as_tip:
        b.setToolTip(tip or name)
    b.clicked.connect(lambda _=False: slot())
    return b


def menu_button(text: str, name: str, items: list[tuple[str, object]], tip: str = "") -> QPushButton:
    """One button (one Alt letter) opening a menu of related actions, each with its own letter: a view with
    many actions has too few letters for a button each."""
    b = QPushButton(text)
    b.setAccessibleName(name)
    b.setToolTip(tip or name)
    menu = QMenu(b)
    for label, slot in items:
        if label == "-":
            menu.addSeparator()
        else:
            menu.addAction(label, slot)
    b.setMenu(menu)
    return b


def debounce_timer(parent, interval_ms: int, slot) -> QTimer:
    """A single-shot timer that calls ``slot()`` once typing has paused for ``interval_ms``."""
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(interval_ms)
    timer.timeout.connect(slot)
    return timer


def search_field(name: str, placeholder: str, timer: QTimer, on_enter=None) -> QLineEdit:
    """A search box, named for screen readers, that (re)starts ``timer`` as the user types and calls
    ``on_enter()`` on Enter."""
    field = QLineEdit()
    field.setPlaceholderText(placeholder)
    field.setAccessibleName(name)
    field.setClearButtonEnabled(True)
    field.textChanged.connect(lambda _t: timer.start())
    if on_enter is not None:
        field.returnPressed.connect(on_enter)
    return field


class _DownToResults(QObject):
    """Down in a search box goes to its results: the table gets the focus, on its first row if none is chosen."""

    def __init__(self, field: QLineEdit, results: Callable[[], QTableView]):
        super().__init__(field)
        self.results = results
        field.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() != QEvent.Type.KeyPress or event.key() != Qt.Key.Key_Down or event.modifiers():
            return False
        table = self.results()
        if table is None or table.model() is None or table.model().rowCount() == 0:
            return False
        table.setFocus(Qt.FocusReason.TabFocusReason)
        if not table.currentIndex().isValid():
            table.setCurrentIndex(table.model().index(0, 0))
        return True


def down_to_results(field: QLineEdit, results: Callable[[], QTableView]) -> None:
    """Down in the search box ``field`` moves to the table ``results()`` returns (the one shown now)."""
    _DownToResults(field, results)


def filter_combo(name: str, on_change, min_chars: int = 10) -> QComboBox:
    """A compact filter drop-down, named for screen readers, calling ``on_change()`` when changed."""
    combo = QComboBox()
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(min_chars)
    combo.setAccessibleName(name)
    combo.setToolTip(name)
    combo.currentIndexChanged.connect(lambda _i: on_change())
    return combo


def selected_records(table: QTableView) -> list:
    model = table.model()
    rows = sorted({i.row() for i in table.selectionModel().selectedRows()})
    if not rows and table.currentIndex().isValid():
        rows = [table.currentIndex().row()]
    return [model.record(r) for r in rows if model.record(r) is not None]


def ask_export_path(parent, env, title: str, file_name: str):
    """Ask where to save an export (XLSX or CSV); None when the user cancels."""
    from pathlib import Path

    from PySide6.QtWidgets import QFileDialog
    default = str(env.ctx.data_dir / "exports" / file_name)
    target, chosen = QFileDialog.getSaveFileName(parent, title, default, "Excel workbook (*.xlsx);;CSV file (*.csv)")
    return with_suffix(Path(target), ".csv" if "csv" in chosen.lower() else ".xlsx") if target else None


def with_suffix(path, suffix: str):
    """A name typed without an extension gets the one of the type chosen in the save dialog."""
    return path if path.suffix else path.with_name(path.name + suffix)


class WithheldNames:
    """Wraps a maker of (table, names withheld) for ``run_export`` and remembers how many were withheld."""

    def __init__(self, make_pair):
        self.make_pair, self.withheld = make_pair, 0

    def __call__(self):
        table, self.withheld = self.make_pair()
        return table

    def note(self) -> str:
        if not self.withheld:
            return ""
        names = "1 name" if self.withheld == 1 else f"{self.withheld:,} names"
        return f" ({names} withheld: no consent to contact)"


def run_export(env, target, make_table, on_done) -> None:
    """Build the table and write it in a background job (progress, cancel, all-or-nothing)."""
    from sdm_desktop.services.exporting.tables import write_table

    def job(progress):
        return write_table(make_table(), target, progress)

    env.jobs.run(job, label=f"Exporting to {target.name}", on_done=on_done)


def export_withholding(env, target, make_pair, noun: str, report) -> None:
    """Export the table ``make_pair()`` builds (with how many names it withheld) in the background;
    ``report(text)`` says how many rows went, naming them ``noun``, and how many names were withheld."""
    make = WithheldNames(make_pair)
    run_export(env, target, make, lambda n: report(f"Exported {n:,} {noun} to {target}{make.note()}"))


def export_interactions(env, target, ids: list[int], noun: str, report) -> None:
    """Export these interactions in the background (see ``export_withholding``)."""
    from sdm_desktop.services.engagement.export import EngagementExportOptions, interactions_table

    ctx = env.ctx
    export_withholding(env, target, lambda: interactions_table(ctx, EngagementExportOptions(ids=ids)), noun, report)


def export_table_to(widget, env, target, table) -> None:
    """Write a table taken now (what is shown) in a background job; report it in the status bar."""
    def done(count: int) -> None:
        window = widget.window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(f"Exported {counted(count, 'row')} to {target}", 8000)
    run_export(env, target, lambda: table, done)


def ask_and_export(widget, env, title: str, file_name: str, make_table) -> None:
    """The "Export shown…" button of a small table: ask where, then export what is shown."""
    target = ask_export_path(widget, env, title, file_name)
    if target:
        export_table_to(widget, env, target, make_table())
