"""A person with something of everything, for the privacy tests, built through the services."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from helpers import make_org, make_person
from sdm_desktop.services.analysis.assessments import PERSON, AssessmentInput, Subject, create_assessment
from sdm_desktop.services.engagement import activities, interactions
from sdm_desktop.services.engagement import plans as engagement
from sdm_desktop.services.resources import library as resources
from sdm_desktop.services.resources import shares as resource_shares
from sdm_desktop.services.training.documents import write_documents
from training_helpers import make_cohort, make_programme, train

SECRETS = {"name": "Perpetua Quillfeather", "email": "perpetua.q@example.org", "phone": "01632 960777",
           "address": "7 Larkspur Mews", "notes": "prefers mornings; daughter Imogen helps",
           "how": "signed form at the Larkspur coffee morning"}


@dataclass
class Subjects:
    person: int
    other: int
    group: int
    activity: int
    inside_file: Path
    outside_file: Path


def rich_person(ctx, tmp_path: Path) -> Subjects:
    group = make_org(ctx, "Larkspur PPG", ppe_service=True)
    person = make_person(ctx, "Quillfeather", "Perpetua", title="Mrs", email=SECRETS["email"],
                         phone=SECRETS["phone"], address_line1=SECRETS["address"], town="Fernbridge",
                         postcode="EX1 1AB", notes=SECRETS["notes"], consent_contact_how=SECRETS["how"],
                         consent_data=True, consent_data_how=SECRETS["how"], lawful_basis="consent",
                         special_category_consent=True, needs_interpreter=True, interpreter_language="Welsh",
                         role="=PPG chair", profession="Retired nurse", tags=["panel"], orgs=[(group, "chair")],
                         participant_type="patient_rep", is_patient_rep=True)
    other = make_person(ctx, "Other", "Olive", notes=f"Met {SECRETS['name']} at the fair; mail {SECRETS['email']}")
    plan = engagement.create_plan(ctx, engagement.PlanInput(title="Service review", ppe_service=True))
    activity = activities.create_activity(ctx, plan, activities.ActivityInput(
        title="Workshop", ppe_level="service", planned_date=date(2026, 3, 1), status="done",
        targets=[activities.TargetRef("person", person)]))
    interactions.create_interaction(ctx, interactions.InteractionInput(
        occurred_on=date(2026, 3, 1), channel="meeting", summary="Talked about her hip operation",
        outcome="Will join the panel", action="Send Perpetua the leaflet", due_on=date(2026, 3, 8),
        person_id=person, activity_id=activity))
    interactions.create_interaction(ctx, interactions.InteractionInput(
        occurred_on=date(2026, 4, 2), channel="email", direction="in", summary="Asked about parking",
        person_id=person))
    create_assessment(ctx, AssessmentInput(Subject(PERSON, person), influence=4, interest=5,
                                           assessed_on=date(2026, 2, 1), rationale="Very vocal at the PPG"))
    resource = resources.create_resource(ctx, resources.ResourceInput(title="BRAN leaflet", kind="leaflet",
                                                                      url="https://example.org/bran"))
    resource_shares.share_resource(ctx, resource_shares.ShareRequest(resource, person_ids=[person],
                                                                     notes="Gave it to Perpetua by hand"))
    programme = make_programme(ctx, "SDM basics", sessions_required=1)
    cohort = make_cohort(ctx, programme, "Spring", sessions=2)
    train(ctx, cohort, person)
    inside = write_documents(ctx, cohort, "certificate", ctx.data_dir / "letters" / "certificates",
                             person_ids=[person], today=date(2026, 4, 1)).written[0]
    outside = write_documents(ctx, cohort, "certificate", tmp_path / "elsewhere", person_ids=[person],
                              today=date(2026, 4, 1)).written[0]
    return Subjects(person, other, group, activity, inside, outside)


def text_cells_containing(db_path: Path, needle: str) -> list[str]:
    """Every text cell of every table that contains ``needle`` (any case), as 'table.column'."""
    conn = sqlite3.connect(db_path)
    try:
        found = []
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            for _cid, column, _kind, *_ in conn.execute(f'PRAGMA table_info("{table}")'):
                rows = conn.execute(f'SELECT "{column}" FROM "{table}" WHERE typeof("{column}") = \'text\' '
                                    f'AND instr(lower("{column}"), lower(?)) > 0', (needle,)).fetchall()
                found += [f"{table}.{column}" for _ in rows]
        return found
    finally:
        conn.close()
