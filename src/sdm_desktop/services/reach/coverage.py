"""Coverage gaps by place: in the area the register works in (the local authority districts its groups and
people are in), which LSOAs, by IMD quintile, have no active group in the register."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from sdm_desktop.db.models import Deprivation, Organisation, Person
from sdm_desktop.services.lookups.areas import quintile

MAX_LISTED = 200


@dataclass(frozen=True)
class QuintileCoverage:
    quintile: int
    lsoas: int
    with_group: int
    seldom_heard_groups: int

    @property
    def without_group(self) -> int:
        return self.lsoas - self.with_group


@dataclass(frozen=True)
class UncoveredLsoa:
    code: str
    name: str
    district: str
    decile: int
    rank: int | None


@dataclass
class CoverageGaps:
    districts: list[str] = field(default_factory=list)
    quintiles: list[QuintileCoverage] = field(default_factory=list)
    uncovered_core20: list[UncoveredLsoa] = field(default_factory=list)      # quintile 1, most deprived first
    uncovered_core20_total: int = 0

    @property
    def available(self) -> bool:
        return bool(self.quintiles)


def coverage_gaps(s) -> CoverageGaps:
    lsoas = {code: (name, district_code, district, decile, rank) for code, name, district_code, district, decile, rank
             in s.execute(select(Deprivation.lsoa_code, Deprivation.lsoa_name, Deprivation.district_code,
                                 Deprivation.district_name, Deprivation.imd_decile, Deprivation.imd_rank))}
    if not lsoas:
        return CoverageGaps()
    active = (Organisation.active.is_(True), Organisation.archived_at.is_(None), Organisation.lsoa_code.is_not(None))
    groups = list(s.execute(select(Organisation.lsoa_code, Organisation.seldom_heard).where(*active)))
    placed = {r[0] for r in groups} | set(s.scalars(select(Person.lsoa_code).distinct().where(
        Person.lsoa_code.is_not(None), Person.archived_at.is_(None))))
    districts = {lsoas[c][1] for c in placed if c in lsoas}
    area = {c: v for c, v in lsoas.items() if v[1] in districts}
    covered = {c for c, _ in groups}
    seldom: dict[str, int] = {}
    for code, is_seldom in groups:
        if is_seldom and code in area:
            seldom[code] = seldom.get(code, 0) + 1
    out = CoverageGaps(sorted({v[2] or v[1] for v in area.values() if v[1]}))
    for q in range(1, 6):
        codes = [c for c, v in area.items() if quintile(v[3]) == q]
        out.quintiles.append(QuintileCoverage(q, len(codes), sum(c in covered for c in codes),
                                              sum(seldom.get(c, 0) for c in codes)))
    gaps = sorted((c for c, v in area.items() if quintile(v[3]) == 1 and c not in covered),
                  key=lambda c: (area[c][4] if area[c][4] is not None else 10 ** 9, c))
    out.uncovered_core20_total = len(gaps)
    out.uncovered_core20 = [UncoveredLsoa(c, area[c][0] or "", area[c][2] or area[c][1] or "", area[c][3], area[c][4])
                            for c in gaps[:MAX_LISTED]]
    return out
