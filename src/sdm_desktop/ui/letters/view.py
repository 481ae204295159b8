"""Letters: choose and check a template, choose recipients, write the letters; past mailings; fields."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sdm_desktop.letters.fields import field_list_text
from sdm_desktop.progress import Progress
from sdm_desktop.services.core.changes import Change
from sdm_desktop.services.core.text import counted as counted_text
from sdm_desktop.services.exporting.tables import Table, write_table
from sdm_desktop.services.letters.history import list_runs, print_run
from sdm_desktop.services.letters.recipients import select_recipients
from sdm_desktop.services.letters.runs import LetterRequest, RunResult, write_letters
from sdm_desktop.services.letters.templates import safe_file_name, sender_details, template_name
from sdm_desktop.ui import prompts
from sdm_desktop.ui.common.tables.table_helpers import SINGLE, button, prepare_table
from sdm_desktop.ui.common.view_base import View
from sdm_desktop.ui.letters.mailing_links import MailingLinks
from sdm_desktop.ui.letters.recipients import RecipientPanel
from sdm_desktop.ui.letters.runs_model import HEADERS, LetterRunsModel
from sdm_desktop.ui.letters.sender_details import SenderDetailsDialog
from sdm_desktop.ui.letters.templates import TemplatePanel

PREVIEW_DELAY_MS = 250
LEFT_OUT_CHUNK = 2000
SHOWN_LEFT_OUT = 12
RECIPIENTS_MAY_CHANGE = frozenset({Change.ORGANISATION, Change.PERSON, Change.ALL, Change.UNDO})


@dataclass
class RecipientCount:
    """What the preview shows: how many letters, and who is left out (one line each, with the reason)."""
    recipients: int
    large_print: int
    left_out: int
    left_out_text: str


class LettersView(MailingLinks, View):
    title = "Letters"

    def __init__(self, env, parent=None):
        super().__init__(env, parent)
        self.last_result: RunResult | None = None
        self._recipients_stale = False     # the register changed while the view was hidden
        self._preview_progress: Progress | None = None
        self._preview_generation = 0
        self._preview_timer = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self.refresh_preview)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Letters")
        self.tabs.addTab(self._build_write_tab(), "&Write letters")
        self.tabs.addTab(self._build_runs_tab(), "&Past mailings")
        self.tabs.addTab(self._build_fields_tab(), "&Merge fields")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        env.bus.changed.connect(self._on_changed)
        self.refresh_runs()
        self.refresh_preview()

    # --- building ---------------------------------------------------------------------------
    def _build_write_tab(self) -> QWidget:
        self.templates = TemplatePanel(self.env)
        self.recipients = RecipientPanel(self.env)
        self.templates.chosen.connect(lambda *_a: self._preview_timer.start())
        self.recipients.changed.connect(self._recipients_changed)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Who will get a letter")
        self.left_out = QPlainTextEdit()
        self.left_out.setReadOnly(True)
        self.left_out.setAccessibleName("Recipients left out, with reasons")
        self.left_out.setPlaceholderText("Nobody is left out.")
        self.folder = QLineEdit(str(self.env.ctx.data_dir / "letters"))
        self.folder.setAccessibleName("Folder for the letters")
        folder_row = QHBoxLayout()
        folder_row.addWidget(QLabel("Save in:"))
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(button("&Browse…", "Choose the folder for the letters", self.choose_folder,
                                    name_as_tip=True))
        actions = QHBoxLayout()
        actions.addWidget(button("Sender &details…", "Sender and programme details", self.edit_sender,
                                 name_as_tip=True))
        actions.addStretch(1)
        self.write_button = button("W&rite letters…", "Write the letters", self.write, name_as_tip=True)
        self.write_button.setDefault(True)
        actions.addWidget(self.write_button)
        lines = self.left_out.fontMetrics().lineSpacing()
        self.left_out.setMinimumHeight(3 * lines)
        self.left_out.setMaximumHeight(6 * lines)        # the full list is also in the confirmation
        # The choices scroll when the window is short (a 1366x768 laptop); who is written to, the
        # folder and the Write button stay in view below them.
        self.choices = QScrollArea()
        self.choices.setWidget(self.recipients)
        self.choices.setWidgetResizable(True)
        self.choices.setFrameShape(QFrame.Shape.NoFrame)
        self.choices.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.choices.setMinimumHeight(160)
        self.choices.setMinimumWidth(self.recipients.minimumSizeHint().width()
                                     + self.choices.verticalScrollBar().sizeHint().width())
        self.choices.setAccessibleName("Recipients, details for this mailing and output")
        right = QWidget()
        column = QVBoxLayout(right)
        column.addWidget(self.choices, 1)
        column.addWidget(self.summary)
        column.addWidget(QLabel("Left out (not written to):"))
        column.addWidget(self.left_out)
        column.addLayout(folder_row)
        column.addLayout(actions)
        self.templates.layout().addWidget(self.recipients.options_box)     # whole, under the template
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.templates)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([440, 640])
        return splitter

    def _build_runs_tab(self) -> QWidget:
        self.runs_model = LetterRunsModel(self)
        self.runs_table = prepare_table(QTableView(), self.runs_model, "Past mailings", selection=SINGLE, compact=False)
        self.runs_table.verticalHeader().setVisible(False)
        self.runs_table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((120, 300, 70, 70)):
            self.runs_table.setColumnWidth(column, width)
        self.runs_table.doubleClicked.connect(lambda _i: self.open_run_file("folder"))
        buttons = QHBoxLayout()
        for text, name, what in (("Open f&older", "Open the mailing's folder", "folder"),
                                 ("Open &combined document", "Open the combined document to print", "combined"),
                                 ("Open P&DF", "Open the PDF", "pdf")):
            buttons.addWidget(button(text, name, lambda w=what: self.open_run_file(w), name_as_tip=True))
        buttons.addWidget(button("Pri&nt", "Print the mailing's PDF or combined document", self.print_run,
                                 name_as_tip=True))
        buttons.addWidget(button("Who was &left out", "Show who was left out and why", self.show_left_out,
                                 name_as_tip=True))
        buttons.addStretch(1)
        buttons.addWidget(button("E&xport shown…", "Export the mailings shown", self.export_shown, name_as_tip=True))
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(buttons)
        layout.addWidget(self._build_mailings_note())
        layout.addWidget(self.runs_table)
        return page

    def _build_fields_tab(self) -> QWidget:
        self.field_text = QPlainTextEdit(field_list_text())
        self.field_text.setReadOnly(True)
        self.field_text.setAccessibleName("Merge fields you can use in a template")
        self.field_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard
                                                | Qt.TextInteractionFlag.TextSelectableByMouse)
        intro = QLabel("Type these tags into a Word template exactly as shown, each in one go. "
                       "Loops over lines start with {%p for … %} on a paragraph of their own.")
        intro.setWordWrap(True)
        page = QWidget()
        layout = QVBoxLayout(page)
        row = QHBoxLayout()
        row.addWidget(intro, 1)
        row.addWidget(button("&Copy all", "Copy the merge field list", self.copy_fields, name_as_tip=True))
        layout.addLayout(row)
        layout.addWidget(self.field_text)
        return page

    # --- writing ----------------------------------------------------------------------------
    def request(self) -> LetterRequest | None:
        path = self.templates.current_path()
        if path is None:
            return None
        stamp = datetime.now().strftime("%Y-%m-%d %H%M")
        folder = Path(self.folder.text().strip() or self.env.ctx.data_dir / "letters")
        name = safe_file_name(f"{stamp} {template_name(path)}", 100)
        output, n = folder / name, 2
        while output.exists():            # a second mailing in the same minute gets its own folder
            output, n = folder / f"{name} ({n})", n + 1
        options = self.recipients
        return LetterRequest(path, output, options.request(), individual=options.individual.isChecked(),
                             combined=options.combined.isChecked(), pdf=options.pdf.isChecked(),
                             large_print=options.large_print.isChecked(), run_fields=options.run_fields(),
                             email_drafts=options.email_drafts.isChecked())

    def _recipients_changed(self) -> None:
        own = set(self.recipients.other_fields())
        if own != self.templates.extra_fields:
            self.templates.extra_fields = own
            self.templates.recheck()
        self._preview_timer.start()

    def refresh_preview(self) -> None:
        """Count who will get a letter and who is left out, in the background (a large register takes
        longer than the GUI may wait); an answer for an older choice is dropped."""
        request = self.request()
        if request is None:
            self.summary.setText("Choose a template.")
            return
        self._preview_generation += 1
        generation = self._preview_generation
        self.write_button.setEnabled(False)
        self.summary.setText("Counting who will get a letter…")
        if self._preview_progress is not None:
            self._preview_progress.cancelled = True       # its answer would be dropped: stop counting
        self._preview_progress = self._count_recipients(
            request, lambda counted: self._show_preview(generation, request, counted))

    def _needs_address(self, request: LetterRequest) -> None:
        """The template's check says whether a postal address is needed."""
        report = self.templates.report
        request.recipients.needs_address = report.needs_address if report and report.usable else True

    def _count_recipients(self, request: LetterRequest, on_done) -> Progress:
        """The preview's figures and the left-out list as one text, made in the worker: the lists of
        recipients (100,000 objects for every person) never reach the GUI thread."""
        self._needs_address(request)
        ctx, wanted = self.env.ctx, request.recipients

        def job(progress):
            recipients, excluded = select_recipients(ctx, wanted, progress)
            return RecipientCount(len(recipients), sum(r.large_print for r in recipients), len(excluded),
                                  "\n".join(f"{e.name}: {e.reason}" for e in excluded))
        return self.env.jobs.run(job, label="Finding the recipients", on_done=on_done, show_progress=False)

    def _find_recipients(self, request: LetterRequest, on_done, show_progress: bool) -> Progress:
        """Recipients and those left out, for writing."""
        self._needs_address(request)
        ctx, wanted = self.env.ctx, request.recipients
        return self.env.jobs.run(lambda progress: select_recipients(ctx, wanted, progress),
                                 label="Finding the recipients", on_done=on_done, show_progress=show_progress)

    def _show_preview(self, generation: int, request: LetterRequest, counted: RecipientCount) -> None:
        if generation != self._preview_generation:
            return
        big = counted.large_print
        self.summary.setText(f"<b>{counted_text(counted.recipients, 'letter')}</b> will be written"
                             + (f", {big} of them in large print" if big and request.large_print else "")
                             + (f"; <b>{counted.left_out:,} left out</b> (listed below)." if counted.left_out else "."))
        self._fill_left_out(generation, counted.left_out_text)
        report = self.templates.report
        self.write_button.setEnabled(bool(counted.recipients) and report is not None and report.usable)

    def _fill_left_out(self, generation: int, text: str, start: int = 0) -> None:
        """List who is left out, LEFT_OUT_CHUNK lines per turn of the event loop: 100,000 lines at once
        held the window for a quarter of a second. A newer preview stops an older list."""
        if generation != self._preview_generation:
            return
        end = start
        for _ in range(LEFT_OUT_CHUNK):
            end = text.find("\n", end) + 1
            if end == 0:
                end = len(text) + 1
                break
        part = text[start:end - 1]
        if start == 0:
            self.left_out.setPlainText(part)
        else:
            self.left_out.appendPlainText(part)
        if end < len(text):
            QTimer.singleShot(0, lambda: self._fill_left_out(generation, text, end))

    def write(self) -> None:
        request = self.request()
        if request is None or self.templates.report is None or not self.templates.report.usable:
            prompts.warn(self, "This template cannot be used yet: the check lists what to fix in Word.")
            return
        if (not any(sender_details(self.env.ctx).values())
                and prompts.confirm(self, "The sender details (who signs the letters) are empty. Fill them in first?",
                                    yes="Fill them in", no="Write without them")
                and not SenderDetailsDialog.ask(self.env.ctx, self)):
            return
        self._find_recipients(request, lambda found: self._confirm_and_write(request, *found), show_progress=True)

    def _confirm_and_write(self, request: LetterRequest, recipients, excluded) -> None:
        """List who is left out, and why, before anything is written; then write in the background."""
        if not recipients:
            prompts.warn(self, "Nobody can be written to with this selection.")
            return
        question = f"Write {counted_text(len(recipients), 'letter')} with “{template_name(request.template)}”?"
        if excluded:
            listed = "\n".join(f"• {e.name}: {e.reason}" for e in excluded[:SHOWN_LEFT_OUT])
            more = f"\n… and {len(excluded) - SHOWN_LEFT_OUT} more" if len(excluded) > SHOWN_LEFT_OUT else ""
            question += f"\n\n{len(excluded):,} will be left out:\n{listed}{more}"
        if not prompts.confirm(self, question, title="Write letters", yes="Write letters"):
            return
        ctx = self.env.ctx
        self.env.jobs.run(lambda progress: write_letters(ctx, request, progress),
                          label=f"Writing {counted_text(len(recipients), 'letter')}", on_done=self._written,
                          on_cancelled=lambda: self.summary.setText("Cancelled: no letters were written."))

    def _written(self, result: RunResult) -> None:
        self.last_result = result
        self.refresh_runs()
        self.env.announce(Change.LETTER)
        drafts = (f" and {len(result.drafts):,} email drafts ({len(result.no_email):,} without an email address)"
                  if result.drafts or result.no_email else "")
        self.summary.setText(f"Wrote {counted_text(result.written, 'letter')}{drafts} to {result.output_dir}.")
        if prompts.confirm(self, f"Wrote {counted_text(result.written, 'letter')}{drafts} to\n{result.output_dir}",
                           title="Letters written", yes="Open the folder", no="Close"):
            self._open(result.output_dir)

    def choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Save letters in", self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def edit_sender(self) -> None:
        if SenderDetailsDialog.ask(self.env.ctx, self):
            self.env.announce(Change.LETTER_SETTINGS)

    # --- past mailings ----------------------------------------------------------------------
    def refresh_runs(self) -> None:
        self.runs_model.set_rows(self.runs_shown(list_runs(self.env.ctx)))

    def selected_run(self):
        index = self.runs_table.currentIndex()
        return self.runs_model.run_at(index.row()) if index.isValid() else self.runs_model.run_at(0)

    def open_run_file(self, what: str) -> None:
        run = self.selected_run()
        if run is None:
            return
        target = {"folder": run.output_dir, "combined": run.combined_path, "pdf": run.pdf_path}[what]
        if not target:
            prompts.info(self, f"This mailing has no {'PDF' if what == 'pdf' else 'combined document'}.")
        elif not Path(target).exists():
            prompts.warn(self, f"{target} is no longer there: it was moved or deleted.")
        else:
            self._open(Path(target))

    def print_run(self) -> None:
        run = self.selected_run()
        if run is None:
            return
        ctx = self.env.ctx
        self.env.jobs.run(lambda progress: print_run(ctx, run.id, progress), label="Sending to the printer",
                          on_done=lambda path: prompts.info(self, f"Sent {path.name} to the printer."))

    def _open(self, path: Path) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def show_left_out(self) -> None:
        run = self.selected_run()
        if run is not None:
            lines = [f"{e.get('name')}: {e.get('reason')}" for e in run.excluded] or ["Nobody was left out."]
            prompts.info(self, "\n".join(lines), title="Left out of this mailing")

    def export_shown(self) -> None:
        default = str(self.env.ctx.data_dir / "exports" / "mailings.xlsx")
        target, _ = QFileDialog.getSaveFileName(self, "Export the mailings shown", default,
                                                "Excel workbook (*.xlsx);;CSV file (*.csv)")
        if target:
            self.export_to(Path(target))

    def export_to(self, target: Path) -> None:
        rows = [[r.created_at, r.template_name, r.recipient_count, r.excluded_count, r.output_dir]
                for r in self.runs_model.rows()]
        table = Table(HEADERS, rows, len(rows), "Mailings")
        self.env.jobs.run(lambda progress: write_table(table, target, progress), label="Exporting mailings",
                          on_done=lambda n: self.summary.setText(f"Exported {counted_text(n, 'mailing')} to {target}"))

    def copy_fields(self) -> None:
        QGuiApplication.clipboard().setText(self.field_text.toPlainText())
        window = self.window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage("Merge fields copied to the clipboard.", 5000)

    # --- view protocol ----------------------------------------------------------------------
    def activated(self) -> None:
        if self._recipients_stale:
            self._recipients_stale = False
            self.recipients.reload()
        self.templates.reload()          # a template may have been changed in Word meanwhile
        self.refresh_runs()
        self._preview_timer.start()

    def _on_changed(self, what: Change) -> None:
        if what in RECIPIENTS_MAY_CHANGE:
            if not self.isVisible():     # the count of recipients takes seconds: done when the view is shown
                self._recipients_stale = True
                return
            self.recipients.reload()
            self._preview_timer.start()
        if what in (Change.ALL, Change.UNDO):
            self.refresh_runs()
