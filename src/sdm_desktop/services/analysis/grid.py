"""The power/interest (Mendelow) grid: points, filters, quadrants, movement between rounds, clustering.

Influence and interest are scored 1–5; a score of 3 or more counts as "high" (medium is treated
as high, so nobody of middling power or interest drops to "monitor").
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from sdm_desktop.db.models import (
    Membership,
    Organisation,
    Person,
    Tag,
    organisation_tags,
    person_tags,
)
from sdm_desktop.services.analysis.assessments import (
    ORGANISATION,
    PERSON,
    AssessmentRecord,
    _load_records,
    latest_assessment_ids,
    round_id_by_name,
)
from sdm_desktop.services.analysis.grid_shapes import default_shapes, type_shapes
from sdm_desktop.services.analysis.quadrants import (  # noqa: F401 - also read from here
    HIGH_FROM,
    QUADRANTS,
    mendelow_quadrant,
    quadrant_label,
    stakeholders,
)
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.core.text import fold

PERSON_TYPE = "Person"


@dataclass(frozen=True)
class GridPoint:
    key: str                      # "o:12" or "p:7"
    kind: str                     # organisation / person
    subject_id: int
    name: str
    type_name: str                # organisation type, or "Person"
    influence: int
    interest: int
    attitude: str | None
    assessment_id: int
    assessed_on: date
    round_name: str | None
    rationale: str | None = None
    involvement: tuple[str | None, str | None] = (None, None)    # current, target
    commitment: tuple[str | None, str | None] = (None, None)
    tags: tuple[str, ...] = ()
    ppe_levels: frozenset[str] = frozenset()
    archived: bool = False
    sort_name: str = field(default="", compare=False)      # the folded name, computed once for sorting

    def __post_init__(self) -> None:
        if not self.sort_name:
            object.__setattr__(self, "sort_name", fold(self.name))

    @property
    def cell(self) -> tuple[int, int]:
        return self.interest, self.influence

    @property
    def quadrant(self) -> str:
        return mendelow_quadrant(self.influence, self.interest)


@dataclass
class GridFilter:
    org_type: str | None = None          # an organisation type, or PERSON_TYPE for people
    tag: str | None = None
    ppe_level: str | None = None
    attitude: str | None = None
    text: str = ""
    include_archived: bool = False
    quadrant: str | None = None          # one of QUADRANTS' codes

    def matches(self, p: GridPoint) -> bool:
        if self.org_type and p.type_name != self.org_type:
            return False
        if self.tag and self.tag not in p.tags:
            return False
        if self.ppe_level and self.ppe_level not in p.ppe_levels:
            return False
        if self.attitude and p.attitude != self.attitude:
            return False
        if self.quadrant and p.quadrant != self.quadrant:
            return False
        if p.archived and not self.include_archived:
            return False
        return not self.text or all(term in p.sort_name for term in fold(self.text).split())


def apply_filter(points: list[GridPoint], flt: GridFilter | None) -> list[GridPoint]:
    return list(points) if flt is None else [p for p in points if flt.matches(p)]


# --- loading --------------------------------------------------------------------------------------
def load_points(ctx: AppContext, round_name: str | None = None) -> list[GridPoint]:
    """Each stakeholder's latest assessment (in the round, if one is named) as a grid point."""
    with ctx.session() as s:
        records = _load_records(s, latest_assessment_ids(s, round_id_by_name(s, round_name)))
        org_ids = [r.subject.id for r in records if r.subject.kind == ORGANISATION]
        person_ids = [r.subject.id for r in records if r.subject.kind == PERSON]
        org_info = _organisation_info(s, org_ids)
        person_info = _person_info(s, person_ids)
    points = []
    for r in records:
        info = (org_info if r.subject.kind == ORGANISATION else person_info).get(r.subject.id, ((), frozenset(), False))
        points.append(point_from_record(r, *info))
    points.sort(key=lambda p: (p.sort_name, p.key))
    return points


def point_from_record(r: AssessmentRecord, tags=(), ppe=frozenset(), archived=False) -> GridPoint:
    return GridPoint(r.subject.key, r.subject.kind, r.subject.id, r.subject_name or r.subject.key,
                     r.subject_type or PERSON_TYPE, r.influence, r.interest, r.attitude, r.id, r.assessed_on,
                     r.round_name, r.rationale, (r.involvement_current, r.involvement_target),
                     (r.commitment_current, r.commitment_target), tuple(tags), frozenset(ppe), archived)


def _chunks(ids: list[int], size: int = 900):
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def _organisation_info(session, ids: list[int]) -> dict[int, tuple]:
    tags: dict[int, list[str]] = defaultdict(list)
    out: dict[int, tuple] = {}
    for chunk in _chunks(ids):
        for owner, name in session.execute(select(organisation_tags.c.organisation_id, Tag.name)
                                           .join(Tag, Tag.id == organisation_tags.c.tag_id)
                                           .where(organisation_tags.c.organisation_id.in_(chunk))):
            tags[owner].append(name)
        for row in session.execute(select(Organisation.id, Organisation.ppe_individual, Organisation.ppe_service,
                                          Organisation.ppe_community, Organisation.archived_at)
                                   .where(Organisation.id.in_(chunk))):
            out[row[0]] = (sorted(tags[row[0]]), _levels(row[1], row[2], row[3]), row[4] is not None)
    return out


def _person_info(session, ids: list[int]) -> dict[int, tuple]:
    tags: dict[int, list[str]] = defaultdict(list)
    levels: dict[int, set[str]] = defaultdict(set)
    out: dict[int, tuple] = {}
    for chunk in _chunks(ids):
        for owner, name in session.execute(select(person_tags.c.person_id, Tag.name)
                                           .join(Tag, Tag.id == person_tags.c.tag_id)
                                           .where(person_tags.c.person_id.in_(chunk))):
            tags[owner].append(name)
        for pid, ind, svc, com in session.execute(
                select(Membership.person_id, Organisation.ppe_individual, Organisation.ppe_service,
                       Organisation.ppe_community).join(Organisation).where(Membership.person_id.in_(chunk))):
            levels[pid] |= _levels(ind, svc, com)
        for pid, archived_at in session.execute(select(Person.id, Person.archived_at).where(Person.id.in_(chunk))):
            out[pid] = (sorted(tags[pid]), frozenset(levels[pid]), archived_at is not None)
    return out


def _levels(ind: bool, svc: bool, com: bool) -> frozenset[str]:
    return frozenset(n for n, on in (("individual", ind), ("service", svc), ("community", com)) if on)


# --- movement between two rounds ------------------------------------------------------------------
@dataclass(frozen=True)
class Movement:
    before: GridPoint
    after: GridPoint

    @property
    def description(self) -> str:
        parts = []
        if self.before.influence != self.after.influence:
            parts.append(f"influence {self.before.influence}→{self.after.influence}")
        if self.before.interest != self.after.interest:
            parts.append(f"interest {self.before.interest}→{self.after.interest}")
        if self.before.quadrant != self.after.quadrant:
            parts.append(f"{quadrant_label(self.before.quadrant)} → {quadrant_label(self.after.quadrant)}")
        return ", ".join(parts)


@dataclass
class Comparison:
    moved: list[Movement] = field(default_factory=list)
    new: list[GridPoint] = field(default_factory=list)
    dropped: list[GridPoint] = field(default_factory=list)
    unchanged: int = 0


def compare_points(before: list[GridPoint], after: list[GridPoint]) -> Comparison:
    """Who moved on the grid, who is new in the later round and who dropped out of it."""
    old = {p.key: p for p in before}
    new = {p.key: p for p in after}
    result = Comparison()
    for key, point in new.items():
        if key not in old:
            result.new.append(point)
        elif old[key].cell != point.cell:
            result.moved.append(Movement(old[key], point))
        else:
            result.unchanged += 1
    result.dropped = [p for key, p in old.items() if key not in new]
    result.moved.sort(key=lambda m: (m.after.sort_name, m.after.key))
    result.new.sort(key=lambda p: p.sort_name)
    result.dropped.sort(key=lambda p: p.sort_name)
    return result


def compare_rounds(ctx: AppContext, earlier: str, later: str, flt: GridFilter | None = None) -> Comparison:
    return compare_points(apply_filter(load_points(ctx, earlier), flt), apply_filter(load_points(ctx, later), flt))


# --- readable overlaps ----------------------------------------------------------------------------
@dataclass
class CellLayout:
    """The markers drawn one by one in a grid cell, and the rest drawn as one cluster with a count."""

    shown: list[GridPoint] = field(default_factory=list)
    clustered: list[GridPoint] = field(default_factory=list)


def layout_cells(points: list[GridPoint], capacity: int, priority: set[str] | frozenset = frozenset()
                 ) -> dict[tuple[int, int], CellLayout]:
    """Group points by cell; a full cell shows capacity-1 markers (priority keys first) and a cluster."""
    cells: dict[tuple[int, int], list[GridPoint]] = defaultdict(list)
    for p in points:
        cells[p.cell].append(p)
    out: dict[tuple[int, int], CellLayout] = {}
    for cell, members in cells.items():
        members.sort(key=lambda p: (p.key not in priority, -p.influence, p.sort_name, p.key))
        if len(members) <= capacity:
            out[cell] = CellLayout(members, [])
        else:
            keep = max(0, capacity - 1)
            out[cell] = CellLayout(members[:keep], members[keep:])
    return out


def quadrant_counts(points: list[GridPoint]) -> dict[str, int]:
    counts = {code: 0 for code, _ in QUADRANTS}
    for p in points:
        counts[p.quadrant] += 1
    return counts


# --- what one grid picture shows ------------------------------------------------------------------
@dataclass
class GridData:
    points: list[GridPoint]
    comparison: Comparison | None
    round_name: str | None
    compare_name: str | None
    filter: GridFilter
    shapes: dict[str, str] = field(default_factory=default_shapes)     # type name -> marker shape

    @property
    def title(self) -> str:
        shown = self.round_name or "latest assessment of each stakeholder"
        return f"Power / interest grid — {shown}"

    @property
    def subtitle(self) -> str:
        parts = [stakeholders(len(self.points))]
        if self.comparison is not None:
            c = self.comparison
            parts.append(f"compared with {self.compare_name}: {len(c.moved)} moved, {len(c.new)} new, "
                         f"{len(c.dropped)} dropped out")
        shown_filters = [f"{name} {value}" for name, value in (
            ("type", self.filter.org_type), ("tag", self.filter.tag), ("level", self.filter.ppe_level),
            ("attitude", self.filter.attitude), ("name contains", self.filter.text)) if value]
        if shown_filters:
            parts.append("filtered by " + ", ".join(shown_filters))
        parts.append(f"produced {date.today():%d %B %Y}")
        return " · ".join(parts)


def grid_data(ctx: AppContext, round_name: str | None = None, compare_name: str | None = None,
              flt: GridFilter | None = None) -> GridData:
    flt = flt or GridFilter()
    points = apply_filter(load_points(ctx, round_name), flt)
    comparison = None
    if compare_name:
        comparison = compare_points(apply_filter(load_points(ctx, compare_name), flt), points)
    return GridData(points, comparison, round_name, compare_name, flt, type_shapes(ctx))
