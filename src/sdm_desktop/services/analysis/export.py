"""The assessments export: every dated assessment (the full history), optionally only some stakeholders'."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import false, or_, select

from sdm_desktop.db.models import Assessment, Organisation, Person
from sdm_desktop.services.analysis.assessments import _record, _records_query, latest_assessment_ids, round_id_by_name
from sdm_desktop.services.analysis.grid import mendelow_quadrant, quadrant_label
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.exporting.kinds import (
    ACTIVE,
    INCLUDE_NO_CONTACT,
    ORGANISATION_TYPE,
    PPE_LEVEL,
    TAG,
    ExportKind,
    active_only,
)
from sdm_desktop.services.exporting.tables import Table
from sdm_desktop.services.exporting.withheld import WITHHELD, blocked_person_ids, withheld_note
from sdm_desktop.services.register.filter_names import check_filter_names
from sdm_desktop.services.register.search import RegisterFilter, organisation_conditions, person_conditions

EXPORT_HEADERS = ["id", "assessed_on", "round", "stakeholder", "kind", "type", "influence", "interest",
                  "quadrant", "attitude", "involvement_current", "involvement_target", "commitment_current",
                  "commitment_target", "rationale", "assessed_by"]


@dataclass
class SubjectFilter:
    """Whose assessments: organisations of one type (or "Person" for people only), a tag, a PPE level,
    active or not. Archived stakeholders are included, so the history stays complete."""

    org_type: str | None = None
    tag: str | None = None
    ppe_level: str | None = None
    active: bool | None = None

    def __bool__(self) -> bool:
        return any(v is not None for v in (self.org_type, self.tag, self.ppe_level, self.active))


def check_names(ctx: AppContext, org_type: str | None, tag: str | None, person_type: bool = True) -> None:
    with ctx.session() as s:
        check_filter_names(s, org_type, tag, person_type)


def _subject_condition(flt: SubjectFilter):
    common = dict(tag=flt.tag, ppe_level=flt.ppe_level, active=flt.active, include_archived=True)
    parts = []
    if flt.org_type != "Person":
        orgs = organisation_conditions(RegisterFilter(org_type=flt.org_type, **common))
        parts.append(Assessment.organisation_id.in_(select(Organisation.id).where(*orgs)))
    if not flt.org_type or flt.org_type == "Person":
        people = person_conditions(RegisterFilter(**common))
        parts.append(Assessment.person_id.in_(select(Person.id).where(*people)))
    return or_(*parts) if parts else false()


def assessments_table(ctx: AppContext, round_name: str | None = None, latest_only: bool = False,
                      flt: SubjectFilter | None = None, include_no_contact: bool = False) -> tuple[Table, int]:
    """The assessments, and how many names were withheld: those of people who may not be contacted,
    unless ``include_no_contact``."""
    with ctx.session() as s:
        blocked = set() if include_no_contact else blocked_person_ids(s)
        round_id = round_id_by_name(s, round_name)
        query = _records_query()
        if flt:
            check_filter_names(s, flt.org_type, flt.tag)
            query = query.where(_subject_condition(flt))
        if round_id is not None:
            query = query.where(Assessment.round_id == round_id)
        records = [_record(r) for r in s.execute(query)]
        if latest_only:
            latest = set(latest_assessment_ids(s, round_id))
            records = [r for r in records if r.id in latest]
    records.sort(key=lambda r: (r.assessed_on, r.id))
    hidden = {r.id for r in records if r.subject.kind == "person" and r.subject.id in blocked}
    rows = [[r.id, r.assessed_on, r.round_name, WITHHELD if r.id in hidden else r.subject_name, r.subject.kind,
             r.subject_type, r.influence, r.interest, quadrant_label(mendelow_quadrant(r.influence, r.interest)),
             r.attitude, r.involvement_current, r.involvement_target, r.commitment_current, r.commitment_target,
             r.rationale, r.assessed_by] for r in records]
    return Table(EXPORT_HEADERS, rows, len(rows), "Assessments"), len(hidden)


def export_assessments(ctx: AppContext, options) -> tuple[Table, str]:
    """`sdm-desktop export assessments`: every assessment of the stakeholders the filters pick."""
    flt = SubjectFilter(org_type=options.type, tag=options.tag, ppe_level=options.ppe_level,
                        active=active_only(options.active))
    table, withheld = assessments_table(ctx, flt=flt, include_no_contact=options.include_no_contact)
    return table, withheld_note(withheld, options)


EXPORT_KINDS = (
    ExportKind("assessments", "every assessment, with its round and quadrant", export_assessments,
               (ORGANISATION_TYPE, TAG, PPE_LEVEL, ACTIVE, INCLUDE_NO_CONTACT)),
)
