"""The grid's figures counted by the database, for Home: stakeholders in each quadrant by their latest
assessment, and how many moved on the grid between two rounds. The same stakeholders ``load_points`` and
``compare_points`` find (each one's latest assessment, archived groups and people left out), without loading
them: one aggregate query each."""

from __future__ import annotations

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from sdm_desktop.db.models import Assessment, Organisation, Person
from sdm_desktop.services.analysis.grid import HIGH_FROM, QUADRANTS


def _latest(*round_ids: int):
    """Each stakeholder's latest assessment (in each of the rounds, if given) with its position."""
    ranked = select(Assessment.organisation_id, Assessment.person_id, Assessment.influence, Assessment.interest,
                    func.row_number().over(partition_by=(Assessment.round_id, Assessment.organisation_id,
                                                         Assessment.person_id) if round_ids else
                                           (Assessment.organisation_id, Assessment.person_id),
                                           order_by=(Assessment.assessed_on.desc(), Assessment.id.desc()))
                    .label("rank"))
    if round_ids:
        ranked = ranked.where(Assessment.round_id.in_(round_ids))
    return ranked.subquery()


def _live(query, latest):
    """Only stakeholders not archived."""
    return (query.outerjoin(Organisation, Organisation.id == latest.c.organisation_id)
            .outerjoin(Person, Person.id == latest.c.person_id)
            .where(latest.c.rank == 1, Organisation.archived_at.is_(None), Person.archived_at.is_(None)))


def quadrant_counts(session: Session) -> list[tuple[str, int]]:
    """(quadrant code, stakeholders) in the grid's order."""
    latest = _latest()
    high_power, high_interest = latest.c.influence >= HIGH_FROM, latest.c.interest >= HIGH_FROM
    quadrant = case((and_(high_power, high_interest), "manage_closely"), (high_power, "keep_satisfied"),
                    (high_interest, "keep_informed"), else_="monitor")
    counts = dict(session.execute(_live(select(quadrant, func.count()).select_from(latest), latest)
                                  .group_by(quadrant)).all())
    return [(code, counts.get(code, 0)) for code, _name in QUADRANTS]


def moved_between(session: Session, before_round_id: int, after_round_id: int) -> int:
    """Stakeholders in both rounds whose place on the grid differs between them (their latest assessment in
    each round, grouped by stakeholder: two positions that are not the same)."""
    latest = _latest(before_round_id, after_round_id)
    moved = (select(latest.c.organisation_id, latest.c.person_id).where(latest.c.rank == 1)
             .group_by(latest.c.organisation_id, latest.c.person_id)
             .having(func.count() == 2, or_(func.min(latest.c.influence) != func.max(latest.c.influence),
                                            func.min(latest.c.interest) != func.max(latest.c.interest)))
             .subquery())
    query = (select(func.count()).select_from(moved)
             .outerjoin(Organisation, Organisation.id == moved.c.organisation_id)
             .outerjoin(Person, Person.id == moved.c.person_id)
             .where(Organisation.archived_at.is_(None), Person.archived_at.is_(None)))
    return session.scalar(query) or 0
