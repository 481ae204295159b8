"""What lookups are loaded (from which file, which version, when, how many rows) and how much of the register's
postcodes they cover."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from sdm_desktop.db.models import LookupSource, Organisation, Person
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.lookups.recognise import KIND_NAMES


@dataclass(frozen=True)
class LoadedLookup:
    kind: str
    name: str
    file_name: str
    version: str
    file_modified_at: datetime | None
    imported_at: datetime
    rows: int
    skipped: int

    def line(self) -> str:
        dated = f", file dated {self.file_modified_at:%d %b %Y}" if self.file_modified_at else ""
        return (f"{self.name}: {self.file_name} ({self.version}{dated}), {self.rows:,} rows, "
                f"imported {self.imported_at:%d %b %Y %H:%M}")


@dataclass(frozen=True)
class Coverage:
    with_postcode: int
    with_decile: int

    @property
    def percent(self) -> float:
        return 100.0 * self.with_decile / self.with_postcode if self.with_postcode else 0.0


@dataclass(frozen=True)
class LookupStatus:
    loaded: list[LoadedLookup]
    people: Coverage
    organisations: Coverage

    def lines(self) -> list[str]:
        out = [x.line() for x in self.loaded] or ["No lookups are loaded yet: import one (Import a lookup file… in "
                                                  "Reach; lookups import FILE on the command line)."]
        missing = [name for kind, name in KIND_NAMES.items() if kind not in {x.kind for x in self.loaded}]
        if missing:
            out.append(f"Not loaded: {', '.join(missing)}.")
        for noun, c in (("Groups", self.organisations), ("People", self.people)):
            out.append(f"{noun}: {c.with_decile:,} of {c.with_postcode:,} with a postcode have an IMD decile "
                       f"({c.percent:.0f}%).")
        return out


def lookup_status(ctx: AppContext) -> LookupStatus:
    with ctx.session() as s:
        loaded = [LoadedLookup(r.kind, KIND_NAMES.get(r.kind, r.kind), r.file_name, r.version, r.file_modified_at,
                               r.imported_at, r.row_count, r.skipped_count)
                  for r in s.scalars(select(LookupSource).order_by(LookupSource.kind))]
        coverage = {}
        for model in (Person, Organisation):
            with_postcode, with_decile = s.execute(select(func.count(model.postcode), func.count(model.imd_decile))
                                                   .where(model.archived_at.is_(None))).one()
            coverage[model] = Coverage(with_postcode, with_decile)
    return LookupStatus(loaded, coverage[Person], coverage[Organisation])
