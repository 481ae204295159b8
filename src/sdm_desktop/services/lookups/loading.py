"""Import one lookup file: recognised by its columns, streamed into its own table in big batches of plain tuples
(one DB-API executemany each), replacing what that kind held before, in one transaction; then the area of
every group and person is worked out again. Cancel rolls it all back."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from itertools import islice
from operator import itemgetter
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

BATCH = 20_000
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
        written = _insert(s, layout.kind, _batches(layout, rows), progress)
        stored = s.scalar(select(func.count()).select_from(TABLES[layout.kind]))
        skipped = written.read - stored
        _record_source(s, layout, path, stored, skipped)
        progress.label = "Working out the area of each group and person"
        areas = refresh_areas(s, progress=progress) if layout.kind != POPULATION else AreaRefresh()
        audit.record(s, "import", "lookup", None, kind=layout.kind, file=path.name, rows=stored)
    return LookupImport(layout.kind, layout.name, layout.version, path.name, stored, skipped, areas)


def _open(path: Path) -> tuple[Layout, Iterator[list[str]]]:
    """The recognised layout and the data rows (the header skipped)."""
    if files.is_xlsx(path):
        for _name, rows in files.xlsx_sheets(path):
            for _n, row in zip(range(20), rows, strict=False):       # a title or notes may come first
                layout = recognise(row)
                if layout is not None:      # read while the workbook is open (an IMD file: ~33,000 rows)
                    return layout, iter(list(rows))
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


def _batches(layout: Layout, rows: Iterator[list[str]]) -> Iterator[tuple[int, list[tuple]]]:
    """(rows read, the usable ones as tuples for the kind's table), a batch at a time. Only the columns used
    are kept (picked by ``itemgetter``, in C) and the rest of each row is let go at once; then list
    comprehensions over the batch: a 2.7-million-row directory has no time for work per row in Python."""
    build: Callable[[list[tuple]], list[tuple]] = {
        POSTCODES: _postcode_values, DEPRIVATION: _deprivation_values, LSOA_CHANGE: _change_values,
        POSTCODE_DECILES: _decile_values, POPULATION: _population_values}[layout.kind]
    names = list(layout.columns)
    indexes = [layout.columns[n] for n in names]
    pick, need = itemgetter(*indexes), max(indexes)
    read = 0
    while True:
        raw = list(islice(rows, BATCH))
        if not raw:
            return
        read += len(raw)
        if read > files.MAX_ROWS:
            raise UserError(f"The file has more than {files.MAX_ROWS:,} rows; that is not a lookup file this "
                            "app reads. Nothing was imported.")
        try:
            picked = list(map(pick, raw))
        except IndexError:                          # a short row: skipped (counted)
            picked = [pick(r) for r in raw if len(r) > need]
        count = len(raw)
        del raw
        yield count, build(_directory_columns(names, picked) if layout.kind == POSTCODES
                           else [dict(zip(names, p, strict=True)) for p in picked])


def _directory_columns(names: list[str], picked: list[tuple]) -> list[tuple]:
    """The directory's (postcode, lsoa11, lsoa21) as picked, with "" for an LSOA column it does not have."""
    if names == ["postcode", "lsoa11", "lsoa21"]:
        return picked
    if names == ["postcode", "lsoa11"]:
        return [(p, old, "") for p, old in picked]
    return [(p, "", new) for p, new in picked]


def _postcode_values(picked: list[tuple]) -> list[tuple]:
    compact = [p[0].replace(" ", "").upper() for p in picked]
    old, new = _lsoas([p[1] for p in picked]), _lsoas([p[2] for p in picked])
    return [(p[:-3] + " " + p[-3:], a, b) for p, a, b in zip(compact, old, new, strict=True)
            if (a or b) and 4 < len(p) < 8]


def _lsoas(codes: list[str]) -> list[str | None]:
    """LSOA codes as directories write them (nine characters, e.g. E01011365) kept as they are; anything else
    checked properly (blank, spaced, lower case)."""
    return [code if len(code) == 9 else _lsoa(code) if code else None for code in codes]


def _lsoa(text: str) -> str | None:
    code = text.strip().upper()
    return code if LSOA_RE.match(code) else None


def _decile(text: str) -> int | None:
    text = text.strip()
    return int(text) if text.isdigit() and 1 <= int(text) <= 10 else None


def _rank(text: str) -> int | None:
    text = text.strip().replace(",", "")
    return int(text) if text.isdigit() else None


def _deprivation_values(rows: list[dict]) -> list[tuple]:
    out = []
    for row in rows:
        code, decile = _lsoa(row["lsoa"]), _decile(row["decile"])
        if code is None or decile is None:
            continue
        text = {k: (row[k].strip()[:120] or None) if k in row else None
                for k in ("lsoa_name", "district_code", "district_name")}
        out.append((code, text["lsoa_name"], (text["district_code"] or "")[:9] or None, text["district_name"],
                    _rank(row["rank"]) if "rank" in row else None, decile))
    return out


def _change_values(rows: list[dict]) -> list[tuple]:
    pairs = zip(_lsoas([r["lsoa11"] for r in rows]), _lsoas([r["lsoa21"] for r in rows]), strict=True)
    return [p for p in pairs if p[0] and p[1]]


def _decile_values(rows: list[dict]) -> list[tuple]:
    pairs = [(fast_postcode(r["postcode"]), _decile(r["decile"])) for r in rows]
    return [p for p in pairs if p[0] and p[1]]


def _population_values(rows: list[dict]) -> list[tuple]:
    return [v for v in population_rows(rows) if v is not None]


def _insert(s: Session, kind: str, batches: Iterator[tuple[int, list[tuple]]], progress: Progress) -> _Written:
    table = TABLES[kind].__table__
    sql = _insert_sql(s, table.name, [c.name for c in table.columns])
    conn = s.connection()
    written = _Written()
    for read, values in batches:
        written.read += read
        if values:
            conn.exec_driver_sql(sql, values)
        progress.step(read)         # raises JobCancelled on Cancel: the transaction rolls back
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
