"""Import one lookup file: recognised by its columns, streamed into its own table in big batches of plain tuples
(one DB-API executemany each), replacing what that kind held before, in one transaction; then the area of
every group and person is worked out again. Cancel rolls it all back."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from sdm_desktop.db.models import (
    Deprivation,
    LookupSource,
    LsoaChange,
    PopulationFigure,
    PostcodeArea,
    PostcodeDecile,
    utcnow,
)
from sdm_desktop.errors import UserError
from sdm_desktop.progress import Progress
from sdm_desktop.services.core import audit
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.lookups import files
from sdm_desktop.services.lookups.areas import AreaRefresh, refresh_areas
from sdm_desktop.services.lookups.population import population_rows
from sdm_desktop.services.lookups.recognise import (
    DEPRIVATION,
    LSOA_CHANGE,
    LSOA_RE,
    POPULATION,
    POSTCODE_DECILES,
    POSTCODES,
    Layout,
    fast_postcode,
    recognise,
)

BATCH = 100_000
STEP = 10_000
TABLES = {POSTCODES: PostcodeArea, DEPRIVATION: Deprivation, LSOA_CHANGE: LsoaChange,
          POSTCODE_DECILES: PostcodeDecile, POPULATION: PopulationFigure}
UNRECOGNISED = ("{name} is not a lookup file this app recognises. It reads a postcode directory (columns pcds or "
                "pcd, and lsoa21 or lsoa11), an English Indices of Deprivation File 1 (\"LSOA code (2011)\" or "
                "\"LSOA code (2021)\" and \"Index of Multiple Deprivation (IMD) Decile\"), an ONS LSOA 2011 to "
                "2021 lookup (LSOA11CD, LSOA21CD), a postcode,imd_decile file or a dimension,category,percent "
                "population profile. Nothing was imported.")


@dataclass
class LookupImport:
    kind: str
    name: str
    version: str
    file_name: str
    rows: int
    skipped: int
    areas: AreaRefresh

    def lines(self) -> list[str]:
        out = [f"{self.name} imported from {self.file_name}: {self.rows:,} rows ({self.version})."]
        if self.skipped:
            rows = "1 row was" if self.skipped == 1 else f"{self.skipped:,} rows were"
            out.append(f"{rows} skipped (blank, repeated, or not a postcode, code or figure).")
        out.extend(self.areas.lines())
        return out


def import_lookup(ctx: AppContext, path: str | Path, progress: Progress | None = None) -> LookupImport:
    path = Path(path)
    progress = progress or Progress()
    size = files.check_file(path)
    layout, rows = _open(path)
    progress.start(files.estimated_rows(path, size), f"Importing {layout.name.lower()}")
    with ctx.session() as s:
        s.execute(delete(TABLES[layout.kind]))
        written = _insert(s, layout.kind, _values(layout, rows), progress)
        stored = s.scalar(select(func.count()).select_from(TABLES[layout.kind]))
        skipped = written.read - stored
        _record_source(s, layout, path, stored, skipped)
        progress.label = "Working out the area of each group and person"
        areas = refresh_areas(s, progress=progress)
        audit.record(s, "import", "lookup", None, kind=layout.kind, file=path.name, rows=stored)
    return LookupImport(layout.kind, layout.name, layout.version, path.name, stored, skipped, areas)


def _open(path: Path) -> tuple[Layout, Iterator[list[str]]]:
    """The recognised layout and the data rows (the header skipped)."""
    if files.is_xlsx(path):
        for _name, rows in files.xlsx_sheets(path):
            for _n, row in zip(range(20), rows, strict=False):       # a title or notes may come first
                layout = recognise(row)
                if layout is not None:
                    return layout, rows
        raise UserError(UNRECOGNISED.format(name=path.name))
    head = files.first_rows(path, 1)
    layout = recognise(head[0]) if head else None
    if layout is None:
        raise UserError(UNRECOGNISED.format(name=path.name))
    rows = files.csv_rows(path)
    if layout.has_header:
        next(rows, None)
    return layout, rows


@dataclass
class _Written:
    read: int = 0


def _values(layout: Layout, rows: Iterator[list[str]]) -> Iterator[tuple | None]:
    """Plain tuples for the kind's table; None for a row that is not usable (counted as skipped)."""
    build: Callable[[Layout, Iterator[list[str]]], Iterator[tuple | None]] = {
        POSTCODES: _postcode_values, DEPRIVATION: _deprivation_values, LSOA_CHANGE: _change_values,
        POSTCODE_DECILES: _decile_values, POPULATION: population_rows}[layout.kind]
    return build(layout, rows)


def _postcode_values(layout: Layout, rows: Iterator[list[str]]) -> Iterator[tuple | None]:
    c = layout.columns
    pc, l11, l21 = c["postcode"], c.get("lsoa11"), c.get("lsoa21")
    need = max(i for i in (pc, l11, l21) if i is not None)
    for row in rows:
        if len(row) <= need:
            yield None
            continue
        postcode = fast_postcode(row[pc])
        lsoa11 = _lsoa(row[l11]) if l11 is not None else None
        lsoa21 = _lsoa(row[l21]) if l21 is not None else None
        yield (postcode, lsoa11, lsoa21) if postcode and (lsoa11 or lsoa21) else None


def _lsoa(text: str) -> str | None:
    code = text.strip().upper()
    return code if LSOA_RE.match(code) else None


def _decile(text: str) -> int | None:
    text = text.strip()
    return int(text) if text.isdigit() and 1 <= int(text) <= 10 else None


def _rank(text: str) -> int | None:
    text = text.strip().replace(",", "")
    return int(text) if text.isdigit() else None


def _deprivation_values(layout: Layout, rows: Iterator[list[str]]) -> Iterator[tuple | None]:
    c = layout.columns
    need = max(c.values())
    for row in rows:
        if len(row) <= need:
            yield None
            continue
        code, decile = _lsoa(row[c["lsoa"]]), _decile(row[c["decile"]])
        if code is None or decile is None:
            yield None
            continue
        text = {k: row[c[k]].strip()[:120] or None if k in c else None
                for k in ("lsoa_name", "district_code", "district_name")}
        district_code = (text["district_code"] or "")[:9] or None
        yield (code, text["lsoa_name"], district_code, text["district_name"],
               _rank(row[c["rank"]]) if "rank" in c else None, decile)


def _change_values(layout: Layout, rows: Iterator[list[str]]) -> Iterator[tuple | None]:
    c = layout.columns
    need = max(c.values())
    for row in rows:
        pair = (_lsoa(row[c["lsoa11"]]), _lsoa(row[c["lsoa21"]])) if len(row) > need else (None, None)
        yield pair if pair[0] and pair[1] else None


def _decile_values(layout: Layout, rows: Iterator[list[str]]) -> Iterator[tuple | None]:
    c = layout.columns
    need = max(c.values())
    for row in rows:
        if len(row) <= need:
            yield None
            continue
        postcode, decile = fast_postcode(row[c["postcode"]]), _decile(row[c["decile"]])
        yield (postcode, decile) if postcode and decile else None


def _insert(s: Session, kind: str, values: Iterable[tuple | None], progress: Progress) -> _Written:
    table = TABLES[kind].__table__
    names = [c.name for c in table.columns]
    sql = _insert_sql(s, table.name, names)
    conn = s.connection()
    written, batch = _Written(), []
    for value in values:
        written.read += 1
        if value is not None:
            batch.append(value)
        if len(batch) >= BATCH:
            conn.exec_driver_sql(sql, batch)
            batch = []
        if not written.read % STEP:
            progress.step(STEP)         # raises JobCancelled on Cancel: the transaction rolls back
    if batch:
        conn.exec_driver_sql(sql, batch)
    return written


def _insert_sql(s: Session, table: str, names: list[str]) -> str:
    """An INSERT that skips a row whose key is there already (a repeated postcode is counted as skipped)."""
    dialect = s.get_bind().dialect
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    columns, marks = ", ".join(names), ", ".join([mark] * len(names))
    if dialect.name == "sqlite":
        return f"INSERT OR IGNORE INTO {table} ({columns}) VALUES ({marks})"
    return f"INSERT INTO {table} ({columns}) VALUES ({marks}) ON CONFLICT DO NOTHING"


def _record_source(s: Session, layout: Layout, path: Path, rows: int, skipped: int) -> None:
    modified = datetime.fromtimestamp(os.stat(path).st_mtime).replace(microsecond=0)
    source = s.get(LookupSource, layout.kind) or LookupSource(kind=layout.kind)
    source.file_name, source.version, source.file_modified_at = path.name, layout.version, modified
    source.imported_at, source.row_count, source.skipped_count = utcnow().replace(microsecond=0), rows, skipped
    s.add(source)
