"""The reach figures: for each dimension, how many of the people engaged fall in each category, their share of
those whose category is known, the population's share, the difference and whether the group is
under-represented by more than the chosen margin."""

from __future__ import annotations

from collections import Counter
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


def person_categories(s, people: set[int], plus_groups: list[str]) -> dict[str, dict[int, object]]:
    """dimension -> engaged person id -> their category (PLUS groups: the list of theirs). Each table is read
    once and whole with Core (100,000 people: one query each, not hundreds of IN lists or ORM rows)."""
    conn = s.connection()
    out: dict[str, dict[int, object]] = {d: {} for d in (IMD, AGE, ETHNIC, DISABILITY, CARER, PLUS)}
    quintiles = {decile: quintile_category(decile) for decile in (None, *range(1, 11))}
    out[IMD] = {pid: quintiles.get(decile, NOT_RECORDED)
                for pid, decile in conn.execute(select(Person.id, Person.imd_decile)) if pid in people}
    columns = [getattr(EqualityMonitoring, c) for c in ANSWER_COLUMN.values()]
    answers = [row for row in conn.execute(select(EqualityMonitoring.person_id, *columns)) if row[0] in people]
    for n, dimension in enumerate(ANSWER_COLUMN, start=1):
        known = {code: answer_category(dimension, code) for code in {row[n] for row in answers}}
        out[dimension] = {row[0]: known[row[n]] for row in answers}
    if plus_groups:
        own = select(person_tags.c.person_id, Tag.name).join(Tag, Tag.id == person_tags.c.tag_id).where(
            Tag.name.in_(plus_groups))
        through = select(Membership.person_id, Tag.name).join(
            organisation_tags, organisation_tags.c.organisation_id == Membership.organisation_id).join(
            Tag, Tag.id == organisation_tags.c.tag_id).where(Tag.name.in_(plus_groups))
        for person_id, name in conn.execute(own.union(through)):
            if person_id in people:
                out[PLUS].setdefault(person_id, []).append(name)
    return out


def count_dimension(dimension: Dimension, people: set[int], categories: dict[int, object],
                    anonymous: dict[tuple[str, str], int], attended: int) -> dict[str, int]:
    """How many in each category: the engaged people's (``categories`` holds only theirs) and the anonymous
    counts; the rest, and those counted anonymously without this answer, are "Not recorded"."""
    counts = dict.fromkeys(dimension.categories, 0)
    if dimension.key == PLUS:
        for names in categories.values():
            for name in names:
                counts[name] = counts.get(name, 0) + 1
    else:
        for category, n in Counter(categories.values()).items():
            counts[category] = counts.get(category, 0) + n
        counts[NOT_RECORDED] = counts.get(NOT_RECORDED, 0) + len(people) - len(categories)
    placed = 0
    for (key, category), n in anonymous.items():
        if key == dimension.key and category in counts:
            counts[category] += n
            placed += n
    if dimension.key != PLUS:
        counts[NOT_RECORDED] += max(0, attended - placed)
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
