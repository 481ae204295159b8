"""What the two tabs of the Stakeholders view share: a table of one kind of record, its sort and its editor."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import QTableView, QWidget

from sdm_desktop.services.core.text import counted
from sdm_desktop.services.register.export import ExportOptions
from sdm_desktop.services.register.search import FoundIds, RegisterFilter, SortKey
from sdm_desktop.services.register.search_memory import RecentSearches
from sdm_desktop.ui.common.record_form import RecordForm
from sdm_desktop.ui.common.tables.column_fit import ColumnFit, KeepTheEnd
from sdm_desktop.ui.common.tables.lazy_table import Column, LazyTableModel
from sdm_desktop.ui.common.tables.table_helpers import prepare_table, text_unshaped


class RegisterPane(QTableView):
    """One tab of the register, the tab's whole widget: a table of organisations or of people, searched and
    sorted in SQL, with the editor of one of its records, which the view shows beside the tabs.
    Subclasses say which records."""

    columns: list[Column]
    table_name = ""                  # the table's object and accessible name
    shown_nouns = ("", "")           # "… shown" under the table: one, many
    record_nouns = ("", "")          # one record, several records
    pronoun_for_one = "it"           # what "everything recorded against …" says of one record
    export_file = ""                 # the file name Export shown offers
    widths_key = ""                  # where the column widths are saved once the user sets them
    patient_reps = False             # whether the "Patient reps only" filter applies to these records

    sort_changed = Signal()          # a column header was clicked: search again in the new order
    row_changed = Signal(int)        # the current row (-1: none)

    def __init__(self, env, parent: QWidget | None = None):
        super().__init__(parent)
        self.env = env
        self.sort_key = SortKey()
        self.table_model = LazyTableModel(self.columns, self.load_rows, self._sorted, self)
        self.recent = RecentSearches(self.search)     # typing on is answered from the rows already found
        self.records_changed = True      # since the table last loaded rows: False lets a new search keep them
        self._set_up_table()
        self.form = self.make_form()

    # --- what each kind of record says -----------------------------------------------------
    def make_form(self) -> RecordForm:
        """The editor of one record."""
        raise NotImplementedError

    def load_rows(self, ids: list[int]) -> dict:
        """The table rows of these records, by id."""
        raise NotImplementedError

    def search(self, ctx, flt: RegisterFilter, sort: SortKey, first_page: int | None = None) -> FoundIds:
        """The ids matching the filter, in this order, from the database (runs off the GUI thread); with
        ``first_page``, only the first page of them when there are more (``complete`` says which)."""
        raise NotImplementedError

    def find_ids(self, ctx, flt: RegisterFilter, sort: SortKey, first_page: int | None = None) -> FoundIds:
        """As ``search``, answered from memory when it narrows a recent search (see ``search_memory``)."""
        return self.recent.find_ids(ctx, flt, sort, first_page)

    def timeline_subject(self, row_id: int | None) -> tuple[int | None, int | None]:
        """(organisation id, person id) whose timeline goes with this record."""
        raise NotImplementedError

    def seen_versions(self, ids: list[int]) -> dict[int, int] | None:
        """The version of the record open in the editor, if it is among ``ids``: deleting it is refused if a
        colleague changed it since it was shown."""
        form = self.form
        if form.record_id in ids and form.loaded_version is not None:
            return {form.record_id: form.loaded_version}
        return None

    def delete_records(self, ids: list[int]) -> None:
        """Delete these records and everything recorded against them, in one transaction."""
        raise NotImplementedError

    def set_archived(self, ids: list[int], archived: bool) -> None:
        """Archive these records, or restore them, in one transaction."""
        raise NotImplementedError

    def export_table(self, ctx, options: ExportOptions):
        """The rows to export, as a table (runs off the GUI thread)."""
        raise NotImplementedError

    def complete_export_options(self, options: ExportOptions) -> None:
        """Ask what the export needs to know about these records, if anything."""

    # --- the table -------------------------------------------------------------------------
    def _set_up_table(self) -> None:
        prepare_table(self, self.table_model, self.table_name, object_name=self.table_name, striped=True,
                      sort=(0, Qt.SortOrder.AscendingOrder))
        text_unshaped(self)                # each keystroke of a search redraws a screenful of names
        self.column_fit = ColumnFit.of_columns(self, self.table_model.columns)
        self.setItemDelegateForColumn(0, KeepTheEnd(self))
        self.selectionModel().currentRowChanged.connect(lambda cur, _prev: self.row_changed.emit(cur.row()))

    def _sorted(self, key: str, descending: bool) -> None:
        self.sort_key = SortKey(key, descending)
        self.sort_changed.emit()

    def shown_text(self, count: int) -> str:
        return f"{counted(count, *self.shown_nouns)} shown"

    def delete_question(self, count: int) -> str:
        noun = self.record_nouns[0] if count == 1 else self.record_nouns[1]
        pronoun = self.pronoun_for_one if count == 1 else "them"
        return (f"Delete {count} {noun} and everything recorded against {pronoun} "
                "(memberships, assessments, interactions, letters)?"
                "\n\nYou can undo this with Ctrl+Z until you close SDM Desktop. "
                "To keep the history, archive instead.")

    # --- rows ------------------------------------------------------------------------------
    def current_id(self) -> int | None:
        return self.table_model.id_at(self.currentIndex().row())

    def selected_ids(self) -> list[int]:
        model = self.table_model
        rows = sorted({i.row() for i in self.selectionModel().selectedRows()})
        return [model.id_at(r) for r in rows if model.id_at(r) is not None]

    def all_archived(self, ids: list[int]) -> bool:
        rows = [self.table_model.record(self.table_model.row_of(i)) for i in ids]
        return all(r.archived for r in rows if r)

    def shows(self, row_id: int) -> bool:
        return self.table_model.row_of(row_id) >= 0

    def select_quietly(self, row_id: int | None) -> None:
        """Select the record's row without opening it in the editor (it is open already); None: no row."""
        if row_id is None:
            self.selectionModel().blockSignals(True)
            self.selectionModel().clear()
            self.selectionModel().blockSignals(False)
            return
        row = self.table_model.row_of(row_id)
        if row >= 0:
            self.selectionModel().blockSignals(True)
            self.selectRow(row)
            self.selectionModel().blockSignals(False)
            self.scrollTo(self.table_model.index(row, 0))

    def make_current(self, row_id: int) -> None:
        """Move the current row to the record, which opens it in the editor."""
        row = self.table_model.row_of(row_id)
        if row >= 0:
            self.setCurrentIndex(self.table_model.index(row, 0))
            self.scrollTo(self.table_model.index(row, 0))

    # --- layout ----------------------------------------------------------------------------
    def save_widths(self, settings: QSettings) -> None:
        state = self.column_fit.state()         # None: still the fitted defaults, fitted again next time
        if state is None:
            settings.remove(self.widths_key)
        else:
            settings.setValue(self.widths_key, state)

    def restore_widths(self, settings: QSettings) -> None:
        self.column_fit.restore(settings.value(self.widths_key))
