"""Coverage of the three levels of patient and public engagement, and the gap list.

Coverage: for each organisation type and PPE level, how many active groups *can contribute*
(the level is ticked on the group) and how many were *actually engaged* in the period. A group
is engaged at a level when, in the period, it (or one of its members) was a target of an
activity at that level that had started and was not cancelled, or had an interaction logged
against an activity at that level. Interactions not tied to an activity count at the levels the
group can contribute to.

Gaps: stakeholders whose target involvement (IAP2) or commitment is above the current one,
largest gap first, then by influence: "who to work on next".
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import and_, func, or_, select

from sdm_desktop.db.models import (
    Activity,
    ActivityTarget,
    Interaction,
    Membership,
    Organisation,
    OrganisationType,
)
from sdm_desktop.errors import UserError
from sdm_desktop.services.analysis.grid import GridFilter, GridPoint, apply_filter, load_points, quadrant_label
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.core.vocab import COMMITMENT_LEVELS, IAP2_LEVELS, PPE_LEVELS, codes, label
from sdm_desktop.services.exporting.tables import Table

WEAK_SHARE = 0.5          # fewer than half of the groups that can contribute were engaged
LEVELS = codes(PPE_LEVELS)


@dataclass(frozen=True)
class CoverageCell:
    org_type: str
    level: str
    can_contribute: int
    engaged: int              # of the groups that can contribute at this level
    engaged_other: int = 0    # engaged at this level although not marked as able to contribute to it

    @property
    def empty(self) -> bool:
        """No group of this type is marked as able to contribute at this level."""
        return self.can_contribute == 0

    @property
    def weak(self) -> bool:
        """Nobody can contribute, or fewer than half of those who can were engaged."""
        return self.empty or (self.can_contribute > 0 and self.engaged < WEAK_SHARE * self.can_contribute)

    @property
    def text(self) -> str:
        other = f" +{self.engaged_other} other" if self.engaged_other else ""
        if self.can_contribute == 0 and self.org_type != "All types":
            return "none can contribute" + (f" ({self.engaged_other} engaged)" if self.engaged_other else "")
        return f"{self.engaged} of {self.can_contribute}{other}"


@dataclass
class CoverageMatrix:
    start: date
    end: date
    types: list[str] = field(default_factory=list)
    cells: dict[tuple[str, str], CoverageCell] = field(default_factory=dict)

    def cell(self, org_type: str, level: str) -> CoverageCell:
        return self.cells[(org_type, level)]

    def totals(self, level: str) -> CoverageCell:
        cells = [self.cells[(t, level)] for t in self.types]
        return CoverageCell("All types", level, sum(c.can_contribute for c in cells), sum(c.engaged for c in cells),
                            sum(c.engaged_other for c in cells))

    def weak_cells(self) -> list[CoverageCell]:
        return [self.cells[(t, lv)] for t in self.types for lv in LEVELS if self.cells[(t, lv)].weak]


def default_period(today: date | None = None) -> tuple[date, date]:
    today = today or date.today()
    return today - timedelta(days=365), today


def coverage_matrix(ctx: AppContext, start: date | None = None, end: date | None = None,
                    today: date | None = None) -> CoverageMatrix:
    today = today or date.today()
    default_start, default_end = default_period(today)
    start, end = start or default_start, end or default_end
    if start > end:
        raise UserError(f"The period starts ({start}) after it ends ({end}).")
    with ctx.session() as s:
        types = list(s.scalars(select(OrganisationType.name).order_by(OrganisationType.sort_order,
                                                                      OrganisationType.name)))
        orgs = s.execute(select(Organisation.id, OrganisationType.name, Organisation.ppe_individual,
                                Organisation.ppe_service, Organisation.ppe_community)
                         .join(OrganisationType)
                         .where(Organisation.active.is_(True), Organisation.archived_at.is_(None))).all()
        flagged = {row[0]: {lv for lv, on in zip(LEVELS, row[2:], strict=False) if on} for row in orgs}
        engaged = _engaged_by_level(s, start, min(end, today), flagged)
    org_type = {row[0]: row[1] for row in orgs}
    can: dict[tuple[str, str], int] = defaultdict(int)
    done: dict[tuple[str, str], int] = defaultdict(int)
    other: dict[tuple[str, str], int] = defaultdict(int)
    for org_id, levels in flagged.items():
        for lv in levels:
            can[(org_type[org_id], lv)] += 1
    for lv, org_ids in engaged.items():
        for org_id in org_ids:
            if org_id in org_type:
                (done if lv in flagged[org_id] else other)[(org_type[org_id], lv)] += 1
    matrix = CoverageMatrix(start, end, types)
    for t in types:
        for lv in LEVELS:
            matrix.cells[(t, lv)] = CoverageCell(t, lv, can[(t, lv)], done[(t, lv)], other[(t, lv)])
    return matrix


def _engaged_by_level(session, start: date, end: date, flagged: dict[int, set[str]]) -> dict[str, set[int]]:
    engaged: dict[str, set[int]] = {lv: set() for lv in LEVELS}
    if start > end:
        return engaged
    members = defaultdict(set)
    for person_id, org_id in session.execute(select(Membership.person_id, Membership.organisation_id)):
        members[person_id].add(org_id)

    def orgs_of(org_id, person_id) -> set[int]:
        return {org_id} if org_id is not None else set(members.get(person_id, ()))

    happened = and_(Activity.planned_date.is_not(None), Activity.planned_date <= end,
                    func.coalesce(Activity.end_date, Activity.planned_date) >= start,
                    func.lower(Activity.status) != "cancelled")
    for level, org_id, person_id in session.execute(
            select(Activity.ppe_level, ActivityTarget.organisation_id, ActivityTarget.person_id)
            .join(ActivityTarget, ActivityTarget.activity_id == Activity.id).where(happened)):
        if level in engaged:
            engaged[level] |= orgs_of(org_id, person_id)
    for level, org_id, person_id in session.execute(
            select(Activity.ppe_level, Interaction.organisation_id, Interaction.person_id)
            .outerjoin(Activity, Activity.id == Interaction.activity_id)
            .where(Interaction.occurred_on.between(start, end),
                   or_(Interaction.organisation_id.is_not(None), Interaction.person_id.is_not(None)))):
        for target in orgs_of(org_id, person_id):
            levels = [level] if level in engaged else (flagged.get(target, ()) if level is None else [])
            for lv in levels:
                engaged[lv].add(target)
    return engaged


def coverage_table(matrix: CoverageMatrix) -> Table:
    headers = (["type"] + [f"{lv}_engaged" for lv in LEVELS] + [f"{lv}_can_contribute" for lv in LEVELS]
               + ["weak_levels"] + [f"{lv}_engaged_not_marked_able" for lv in LEVELS])
    rows = []
    for t in matrix.types + ["All types"]:
        cells = [matrix.totals(lv) if t == "All types" else matrix.cell(t, lv) for lv in LEVELS]
        weak = ", ".join(c.level for c in cells if c.weak) if t != "All types" else ""
        rows.append([t] + [c.engaged for c in cells] + [c.can_contribute for c in cells] + [weak]
                    + [c.engaged_other for c in cells])
    return Table(headers, rows, len(rows), "Coverage")


# --- gaps -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Gap:
    point: GridPoint
    involvement_gap: int
    commitment_gap: int

    @property
    def size(self) -> int:
        return self.involvement_gap + self.commitment_gap


_IAP2_STEP = {code: i for i, code in enumerate(codes(IAP2_LEVELS))}
_COMMITMENT_STEP = {code: i for i, code in enumerate(codes(COMMITMENT_LEVELS))}


def _step_gap(steps: dict[str, int], current: str | None, target: str | None) -> int:
    if current not in steps or target not in steps:
        return 0
    return max(0, steps[target] - steps[current])


def gap_for(point: GridPoint) -> Gap:
    return Gap(point, _step_gap(_IAP2_STEP, *point.involvement), _step_gap(_COMMITMENT_STEP, *point.commitment))


def gaps_from_points(points: list[GridPoint]) -> list[Gap]:
    gaps = [g for g in (gap_for(p) for p in points) if g.size > 0]
    gaps.sort(key=lambda g: (-g.size, -g.point.influence, -g.point.interest, g.point.sort_name, g.point.key))
    return gaps


def gap_list(ctx: AppContext, round_name: str | None = None, flt: GridFilter | None = None) -> list[Gap]:
    return gaps_from_points(apply_filter(load_points(ctx, round_name), flt or GridFilter()))


GAP_HEADERS = ["rank", "stakeholder", "type", "influence", "interest", "quadrant", "involvement_current",
               "involvement_target", "commitment_current", "commitment_target", "gap", "assessed_on"]


def gaps_table(gaps: list[Gap]) -> Table:
    rows = [[i, g.point.name, g.point.type_name, g.point.influence, g.point.interest,
             quadrant_label(g.point.quadrant), label(IAP2_LEVELS, g.point.involvement[0]),
             label(IAP2_LEVELS, g.point.involvement[1]), label(COMMITMENT_LEVELS, g.point.commitment[0]),
             label(COMMITMENT_LEVELS, g.point.commitment[1]), g.size, g.point.assessed_on]
            for i, g in enumerate(gaps, start=1)]
    return Table(GAP_HEADERS, rows, len(rows), "Gaps")
