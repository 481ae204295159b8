"""The reach figures: for each dimension, how many of the people engaged fall in each category, their share of
those whose category is known, the population's share, the difference and whether the group is
under-represented by more than the chosen margin."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from sdm_desktop.db.models import EqualityMonitoring, Membership, Person, Tag, organisation_tags, person_tags
from sdm_desktop.services.equality.dimensions import (
    AGE,
    CARER,
    DISABILITY,
    ETHNIC,
    IMD,
    NOT_RECORDED,
    PLUS,
    PREFER_NOT_SAY,
    Dimension,
    answer_category,
    category_key,
    dimension_key,
    quintile_category,
)
from sdm_desktop.services.lookups.population import Figure

CHUNK = 500
ANSWER_COLUMN = {AGE: "age_band", ETHNIC: "ethnic_group", DISABILITY: "disability", CARER: "carer"}
UNKNOWN = (NOT_RECORDED, PREFER_NOT_SAY)


@dataclass
class ReachRow:
    category: str
    count: int
    percent: float | None            # of those whose category is known (PLUS groups: of everyone engaged)
    population: float | None = None
    difference: float | None = None  # percentage points: engaged minus population
    under: bool = False

    @property
    def known(self) -> bool:
        return self.category not in UNKNOWN


@dataclass
class ReachDimension:
    key: str
    label: str
    rows: list[ReachRow] = field(default_factory=list)
    known: int = 0                   # engaged people whose category is known (the percentages' base)

    @property
    def known_rows(self) -> list[ReachRow]:
        return [r for r in self.rows if r.known]


def person_categories(s, people: set[int], plus_groups: list[str]) -> dict[str, dict[int, list[str]]]:
    """dimension -> person id -> their categories (one, except PLUS groups: any number)."""
    ids = sorted(people)
    out: dict[str, dict[int, list[str]]] = {d: {} for d in (IMD, AGE, ETHNIC, DISABILITY, CARER, PLUS)}
    columns = [getattr(EqualityMonitoring, c) for c in ANSWER_COLUMN.values()]
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        for person_id, decile in s.execute(select(Person.id, Person.imd_decile).where(Person.id.in_(chunk))):
            out[IMD][person_id] = [quintile_category(decile)]
        for person_id, *answers in s.execute(select(EqualityMonitoring.person_id, *columns)
                                             .where(EqualityMonitoring.person_id.in_(chunk))):
            for dimension, code in zip(ANSWER_COLUMN, answers, strict=True):
                out[dimension][person_id] = [answer_category(dimension, code)]
        if plus_groups:
            own = select(person_tags.c.person_id, Tag.name).join(Tag, Tag.id == person_tags.c.tag_id).where(
                person_tags.c.person_id.in_(chunk), Tag.name.in_(plus_groups))
            through = select(Membership.person_id, Tag.name).join(
                organisation_tags, organisation_tags.c.organisation_id == Membership.organisation_id).join(
                Tag, Tag.id == organisation_tags.c.tag_id).where(Membership.person_id.in_(chunk),
                                                                 Tag.name.in_(plus_groups))
            for person_id, name in s.execute(own.union(through)):
                out[PLUS].setdefault(person_id, []).append(name)
    return out


def count_dimension(dimension: Dimension, people: set[int], categories: dict[int, list[str]],
                    anonymous: dict[tuple[str, str], int], attended: int) -> dict[str, int]:
    counts = dict.fromkeys(dimension.categories, 0)
    for person_id in people:
        for category in categories.get(person_id, [NOT_RECORDED] if dimension.key != PLUS else []):
            counts[category] = counts.get(category, 0) + 1
    placed = 0
    for (key, category), n in anonymous.items():
        if key == dimension.key and category in counts:
            counts[category] += n
            placed += n
    if dimension.key != PLUS:
        counts[NOT_RECORDED] = counts.get(NOT_RECORDED, 0) + max(0, attended - placed)
        counts.setdefault(PREFER_NOT_SAY, 0)
    return counts


def build_dimension(dimension: Dimension, counts: dict[str, int], total: int, population: list[Figure],
                    margin: float) -> ReachDimension:
    shares = _population_shares(dimension, population)
    out = ReachDimension(dimension.key, dimension.label)
    base = total if dimension.key == PLUS else sum(n for c, n in counts.items() if c not in UNKNOWN)
    out.known = base
    for category in [*dimension.categories, *[c for c in UNKNOWN if c in counts]]:
        n = counts.get(category, 0)
        row = ReachRow(category, n, None)
        if category not in UNKNOWN:
            row.percent = 100.0 * n / base if base else None
            row.population = shares.get(category_key(dimension.key, category))
            if row.percent is not None and row.population is not None:
                row.difference = row.percent - row.population
                row.under = row.difference < -margin
        out.rows.append(row)
    return out


def _population_shares(dimension: Dimension, population: list[Figure]) -> dict[str, float]:
    return {category_key(dimension.key, f.category): f.percent for f in population
            if dimension_key(f.dimension) == dimension.key}
