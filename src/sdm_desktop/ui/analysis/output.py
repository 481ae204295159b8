"""The Analysis view's output actions: export every assessment, save the grid as PDF/PNG, print it.

A mixin of AnalysisView: it uses the view's env, scene, data (title and subtitle) and status line.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from sdm_desktop.errors import UserError
from sdm_desktop.services.analysis.export import assessments_table
from sdm_desktop.ui import prompts
from sdm_desktop.ui.analysis.grid_export import (
    check_png_target,
    page_layout,
    paint_on_device,
    render_png,
    save_grid,
    write_png,
)
from sdm_desktop.ui.analysis.tables import ask_table_path, with_chosen_suffix
from sdm_desktop.ui.common.tables.table_helpers import export_withholding

SAVE_FILTERS = {"PDF, A4 landscape (*.pdf)": "A4", "PDF, A3 landscape (*.pdf)": "A3", "PNG image (*.png)": "A4"}


class GridOutputActions:
    def export_assessments(self) -> None:
        target = ask_table_path(self, self.env, "Export assessments", "assessments.xlsx")
        if target:
            ctx = self.env.ctx
            export_withholding(self.env, target, lambda: assessments_table(ctx), "assessments", self.status.setText)

    def save_grid_dialog(self) -> None:
        default = str(self.env.ctx.data_dir / "exports" / "power-interest-grid.pdf")
        target, chosen = QFileDialog.getSaveFileName(self, "Save the grid", default, ";;".join(SAVE_FILTERS))
        if target:
            self.save_grid_to(with_chosen_suffix(target, chosen), SAVE_FILTERS.get(chosen, "A4"))

    def save_grid_to(self, target: Path, page: str = "A4") -> Path | None:
        """PDF at once; PNG drawn here and encoded in the background (a large image takes a while)."""
        self.scene.clearSelection()
        target = Path(target)
        try:
            if target.suffix.lower() != ".png":
                self._saved(save_grid(self.scene, target, self.data.title, self.data.subtitle, page))
                return target
            check_png_target(target)
        except UserError as exc:
            prompts.error(self, str(exc))
            return None
        image = render_png(self.scene, self.data.title, self.data.subtitle)
        self.status.setText(f"Saving the grid to {target}…")
        self.env.jobs.run(lambda _progress: write_png(image, target), label=f"Saving {target.name}",
                          show_progress=False, on_done=self._saved)
        return target

    def _saved(self, made: Path) -> None:
        self.status.setText(f"Grid saved to {made}")

    def print_grid(self) -> None:
        from PySide6.QtPrintSupport import QPrinter
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageLayout(page_layout("A4"))
        printer.setDocName(self.data.title)
        if not self.ask_printer(printer):
            return
        self.scene.clearSelection()
        try:
            paint_on_device(printer, self.scene, self.data.title, self.data.subtitle)
        except UserError as exc:
            prompts.error(self, str(exc))
            return
        self.status.setText("Grid sent to the printer.")

    def ask_printer(self, printer) -> bool:
        """The print dialog (printer, page size, orientation); tests answer it here."""
        from PySide6.QtPrintSupport import QPrintDialog
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("Print the power / interest grid")
        return dialog.exec() == QPrintDialog.DialogCode.Accepted
