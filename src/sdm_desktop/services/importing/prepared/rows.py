"""One people row made ready to write, the same wherever it is done (this process or the one ahead)."""

from __future__ import annotations

from collections.abc import Iterator

from sdm_desktop.services.importing.convert import RowError
from sdm_desktop.services.importing.person_rows import Person, PersonRows
from sdm_desktop.services.importing.plan import ImportPlan
from sdm_desktop.services.importing.row_cells import RowCells
from sdm_desktop.services.importing.sources import Row

# Which mapped fields the row gives text for (a byte each, 1 or 0, in the order of RowCells.fields: what an update
# may change; b"" when the import updates nothing), and the person. Its duplicate keys are worked out where the
# rows are written (keys.row_key): the process reading ahead has the longer half of the work.
Ready = tuple[bytes, Person]
# A row's number, the note on its cells (or None), and either what is ready to write or why it cannot be
Prepared = tuple[int, str | None, Ready | str]


def data_rows(plan: ImportPlan) -> Iterator[Row]:
    """The file's rows below the header row (and any title rows above it)."""
    header = plan.preview[0][0] if plan.has_header and plan.preview else None
    for line, cells in plan.source.rows():
        if header is not None and line <= header:
            continue
        yield line, cells


def prepare_person(cells: RowCells, people: PersonRows, line: int, row: list[str], updates: bool = True) -> Prepared:
    note = None
    try:
        note = cells.check(row)
        texts = cells.texts(row)
        person = people.person_of(texts)
    except RowError as exc:
        return line, note, str(exc)
    return line, note, (bytes(map(bool, texts)) if updates else b"", person)


def prepared_here(plan: ImportPlan, cells: RowCells, people: PersonRows, updates: bool = True) -> Iterator[Prepared]:
    """``updates``: whether the import may update a record (then each row says which fields it gives text for)."""
    for line, row in data_rows(plan):
        yield prepare_person(cells, people, line, row, updates)
