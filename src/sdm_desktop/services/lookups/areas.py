"""The area of each group's and person's postcode: its LSOA and IMD decile, from the lookups loaded.

Derived data, written with Core ``update()`` statements on the tables (which leave ``row_version`` and
``updated_at`` alone), and only where it changed. Worked out again for everyone when a lookup is imported,
and for a record when its postcode is saved. Quintile 1 (deciles 1-2) is "Core20": the most deprived 20%.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import Session

from sdm_desktop.db.models import Deprivation, LsoaChange, Organisation, Person, PostcodeArea, PostcodeDecile
from sdm_desktop.progress import Progress

CHUNK = 500


def quintile(decile: int | None) -> int | None:
    """IMD decile 1-10 -> quintile 1-5 (1 = most deprived)."""
    return None if decile is None else (decile + 1) // 2


@dataclass
class AreaRefresh:
    people: int = 0                 # with a postcode
    people_with_decile: int = 0
    organisations: int = 0
    organisations_with_decile: int = 0
    changed: int = 0

    def lines(self) -> list[str]:
        out = []
        for n, found, noun in ((self.organisations, self.organisations_with_decile, "groups"),
                               (self.people, self.people_with_decile, "people")):
            if n:
                out.append(f"{found:,} of {n:,} {noun} with a postcode have an IMD decile"
                           + (f"; {n - found:,} have none (postcode not in the lookups)." if n > found else "."))
        return out


class _Resolver:
    """Postcode -> (LSOA, decile): a direct postcode,decile file first; else the directory's LSOA, matched to
    the deprivation file by code (most LSOAs kept their code from 2011 to 2021), else through the LSOA
    2011→2021 lookup in whichever direction the files need."""

    def __init__(self, s: Session):
        self.s = s
        self.deciles = dict(s.execute(select(Deprivation.lsoa_code, Deprivation.imd_decile)).all())
        self.to21: dict[str, list[str]] = {}
        self.to11: dict[str, list[str]] = {}
        self.empty = not self.deciles and not any(
            s.scalar(select(model.postcode).limit(1)) for model in (PostcodeArea, PostcodeDecile))
        if self.deciles:
            for old, new in s.execute(select(LsoaChange.lsoa11, LsoaChange.lsoa21).order_by(LsoaChange.lsoa11,
                                                                                            LsoaChange.lsoa21)):
                self.to21.setdefault(old, []).append(new)
                self.to11.setdefault(new, []).append(old)

    def resolve(self, postcodes: list[str]) -> dict[str, tuple[str | None, int | None]]:
        out: dict[str, tuple[str | None, int | None]] = {}
        if self.empty:
            return out
        for start in range(0, len(postcodes), CHUNK):
            chunk = postcodes[start:start + CHUNK]
            direct = dict(self.s.execute(select(PostcodeDecile.postcode, PostcodeDecile.imd_decile)
                                         .where(PostcodeDecile.postcode.in_(chunk))).all())
            areas = {p: (l11, l21) for p, l11, l21 in self.s.execute(
                select(PostcodeArea.postcode, PostcodeArea.lsoa11, PostcodeArea.lsoa21)
                .where(PostcodeArea.postcode.in_(chunk)))}
            for postcode in chunk:
                lsoa, decile = self._area(*areas.get(postcode, (None, None)))
                out[postcode] = (lsoa, direct.get(postcode, decile))
        return out

    def _area(self, lsoa11: str | None, lsoa21: str | None) -> tuple[str | None, int | None]:
        for code in (lsoa21, lsoa11):
            if code in self.deciles:
                return code, self.deciles[code]
        for code, mapped in ((lsoa11, self.to21), (lsoa21, self.to11)):
            for other in mapped.get(code or "", ()):
                if other in self.deciles:
                    return other, self.deciles[other]
        return lsoa21 or lsoa11, None


def refresh_areas(s: Session, person_ids: Iterable[int] | None = None, organisation_ids: Iterable[int] | None = None,
                  progress: Progress | None = None) -> AreaRefresh:
    """Work out the area again: everyone when no ids are given, else only those rows (either list may be [])."""
    resolver, report = _Resolver(s), AreaRefresh()
    everyone = person_ids is None and organisation_ids is None
    for model, ids in ((Person, person_ids), (Organisation, organisation_ids)):
        if not everyone and ids is None:
            continue
        ids = None if everyone else list(ids)
        if resolver.empty:      # no lookups loaded: no area to find, only one found before to clear
            changes = [{"row_id": row_id, "lsoa": None, "decile": None} for row_id, *_ in
                       _rows(s, model, ids, model.lsoa_code.isnot(None) | model.imd_decile.isnot(None))]
            with_postcode, with_decile = _with_postcode(s, model, ids), 0
        else:
            changes, with_postcode, with_decile = _changes(_rows(s, model, ids), resolver)
        _write(s, model, changes)
        report.changed += len(changes)
        if model is Person:
            report.people, report.people_with_decile = with_postcode, with_decile
        else:
            report.organisations, report.organisations_with_decile = with_postcode, with_decile
        if progress is not None:
            progress.check()
    return report


def _changes(rows: list[tuple], resolver: _Resolver) -> tuple[list[dict], int, int]:
    """The rows whose area changes, with the new one; how many have a postcode, and a decile."""
    known = resolver.resolve(sorted({r[1] for r in rows if r[1]}))
    changes = []
    with_postcode = with_decile = 0
    for row_id, postcode, lsoa, decile in rows:
        new = known.get(postcode, (None, None)) if postcode else (None, None)
        with_postcode += bool(postcode)
        with_decile += new[1] is not None
        if new != (lsoa, decile):
            changes.append({"row_id": row_id, "lsoa": new[0], "decile": new[1]})
    return changes, with_postcode, with_decile


def _with_postcode(s: Session, model, ids: list[int] | None) -> int:
    query = select(func.count()).select_from(model).where(model.postcode.isnot(None), model.postcode != "")
    if ids is None:
        return s.scalar(query)
    return sum(s.scalar(query.where(model.id.in_(ids[start:start + CHUNK]))) for start in range(0, len(ids), CHUNK))


def _rows(s: Session, model, ids: list[int] | None, *where) -> list[tuple]:
    query = select(model.id, model.postcode, model.lsoa_code, model.imd_decile).where(*where)
    if ids is None:
        return [tuple(r) for r in s.execute(query)]
    out: list[tuple] = []
    for start in range(0, len(ids), CHUNK):
        out += [tuple(r) for r in s.execute(query.where(model.id.in_(ids[start:start + CHUNK])))]
    return out


def _write(s: Session, model, changes: list[dict]) -> None:
    if not changes:
        return
    table = model.__table__
    statement = (update(table).where(table.c.id == bindparam("row_id"))
                 .values(lsoa_code=bindparam("lsoa"), imd_decile=bindparam("decile"), updated_at=table.c.updated_at))
    s.connection().execute(statement, changes)
