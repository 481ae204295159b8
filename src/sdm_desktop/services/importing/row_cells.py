"""A file row's cells as an import reads them: the mapped fields' texts, cells that cannot be read, and cells
beyond the columns the header names. Worked out once per file (which columns, in which order), then applied
to each of up to a million rows.
"""

from __future__ import annotations

from operator import itemgetter

from sdm_desktop.services.exporting.tables import FORMULA_STARTS
from sdm_desktop.services.importing.convert import RowError
from sdm_desktop.services.importing.plan import ImportPlan
from sdm_desktop.services.importing.xlsx.book import UnreadableCell


class RowCells:
    def __init__(self, plan: ImportPlan):
        self.plan = plan
        self.used = sorted(set(plan.layout.columns.values() if plan.layout else plan.mapping.values()))
        self.named_width = 0 if plan.layout else plan.named_width   # cells past this and unmapped: "left out"
        self.fields = tuple(plan.mapping)
        self.take = _taker(list(plan.mapping.values()))
        self.width = max(plan.mapping.values(), default=-1) + 1     # a shorter row is read as padded with ""
        self.unreadable = plan.source.format == "xlsx"              # only a workbook has UnreadableCells

    def check(self, cells: list[str]) -> str | None:
        """Raise RowError for a cell the import needs but cannot read; a note on cells beyond the named
        columns, or None."""
        if self.unreadable and UnreadableCell.made and UnreadableCell in set(map(type, cells)):
            for index in self.used:
                if index < len(cells) and isinstance(cells[index], UnreadableCell):
                    cell = cells[index]
                    raise RowError(f"{self._column_name(index)}: cell {cell.ref} {cell.why}")
        width = self.named_width
        if width and len(cells) > width:
            extra = [(i, c) for i, c in enumerate(cells[width:], width) if c.strip() and i not in self.used]
            if extra:
                shown = ", ".join(repr(c.strip()[:30]) for _i, c in extra[:3]) + (", …" if len(extra) > 3 else "")
                return f"{len(extra)} cell(s) beyond the {width} columns of the header were not imported ({shown})"
        return None

    def _column_name(self, index: int) -> str:
        headers = self.plan.headers
        header = headers[index] if index < len(headers) else ""
        return f"column {index + 1} ({header})" if header and header != f"Column {index + 1}" else f"column {index + 1}"

    def values(self, cells: list[str]) -> dict[str, str]:
        """Field name -> the text of its cell, stripped ("" for a cell past the row's end)."""
        return dict(zip(self.fields, self.texts(cells), strict=True))

    def texts(self, cells: list[str]) -> list[str]:
        """``values`` without the names: the texts of the mapped fields, in the order of ``fields``."""
        if len(cells) < self.width:
            cells = cells + [""] * (self.width - len(cells))
        texts = list(map(str.strip, self.take(cells)))
        if "'" in "".join(texts):              # rare: an apostrophe anywhere (O'Brien), or a neutralised formula
            texts = [restore_formula_text(text) for text in texts]
        return texts


def _taker(columns: list[int]):
    """The cells in these columns, as a tuple, taken at once."""
    if len(columns) == 1:
        return lambda cells: (cells[columns[0]],)
    return itemgetter(*columns) if columns else (lambda _cells: ())


def restore_formula_text(text: str) -> str:
    """Undo our exports' neutralisation ("'=x" was written for "=x"), so a round trip is exact."""
    if text.startswith("'") and text[1:2] and text[1] in FORMULA_STARTS:
        return text[1:]
    return text
