"""Builders for training tests, through the services."""

from __future__ import annotations

from datetime import datetime, timedelta

from helpers import make_person
from sdm_desktop.services.training import cohorts as training
from sdm_desktop.services.training import enrolment as training_enrolment
from sdm_desktop.services.training import programmes
from sdm_desktop.services.training import sessions as training_sessions


def make_programme(ctx, name="SDM train-the-trainer", sessions_required=2, ttt=True, **fields) -> int:
    return programmes.create_programme(ctx, programmes.ProgrammeInput(
        name=name, sessions_required=sessions_required, is_train_the_trainer=ttt, **fields))


def make_cohort(ctx, programme_id, name="Cohort A", capacity=12, sessions=3, trainer=None,
                start=datetime(2026, 3, 2, 10, 0)) -> int:
    cohort_id = training.create_cohort(ctx, training.CohortInput(
        programme_id=programme_id, name=name, start_date=start.date(), capacity=capacity, venue="Fernbridge Hall",
        facilitators="Dr Ada Lovelace", trainer_person_id=trainer))
    for n in range(sessions):
        training_sessions.add_session(ctx, cohort_id,
                                      training.SessionInput(start + timedelta(days=7 * n), 120, f"Part {n + 1}"))
    return cohort_id


def session_ids(ctx, cohort_id) -> list[int]:
    return [t.id for t in training.get_cohort(ctx, cohort_id).sessions]


def complete(ctx, cohort_id, enrolment_id) -> None:
    for session_id in session_ids(ctx, cohort_id):
        training_enrolment.set_attendance(ctx, enrolment_id, session_id, True)


def train(ctx, cohort_id, person_id) -> int:
    """Enrol and attend every session: completed."""
    result = training_enrolment.enrol(ctx, cohort_id, person_id)
    complete(ctx, cohort_id, result.enrolment_id)
    return result.enrolment_id


def people(ctx, n, prefix="P", **fields) -> list[int]:
    return [make_person(ctx, last_name=f"{prefix}{i:03d}", first_name="Test", **fields) for i in range(n)]
