"""Sample training data: programmes, cohorts with attendance, and a three-generation cascade."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.training import cohorts, enrolment
from sdm_desktop.services.training import evaluation as training_evaluation
from sdm_desktop.services.training import programmes as training
from sdm_desktop.services.training import sessions as training_sessions

TTT_OUTCOMES = """Explain shared decision making and why NICE NG197 asks for it
Use BRAN (Benefits, Risks, Alternatives, doing Nothing) with patients and colleagues
Choose and use a decision aid in a consultation
Plan and deliver a two-hour SDM session for others, and evaluate it"""
CLINICIAN_OUTCOMES = """Hold a conversation that brings out what matters to the patient
Talk about risk with natural frequencies and icon arrays
Record a shared decision in the notes"""
CLINICIANS_KEPT = 12                # for "SDM skills for clinicians": groups of 3, 4 and 5
TOPICS = ["What shared decision making is (and is not)", "BRAN and talking about risk",
          "Decision aids in practice", "Teaching others: running your own session"]


def seed(ctx: AppContext, rng: random.Random, ids) -> None:
    ttt = training.create_programme(ctx, training.ProgrammeInput(
        "SDM train-the-trainer", "Four sessions for patient representatives and clinicians who will go on "
        "to train others in shared decision making.", TTT_OUTCOMES, 3, True), undoable=False)
    skills = training.create_programme(ctx, training.ProgrammeInput(
        "SDM skills for clinicians", "Two practical sessions for clinicians, run locally by trained SDM "
        "trainers.", CLINICIAN_OUTCOMES, 2, False), undoable=False)
    pool = _pool(rng, ids)
    original = _cohort(ctx, ttt, "Train-the-trainer — Spring 2026", datetime(2026, 3, 4, 10), 4, 12,
                       "Fernbridge Community Hall", "Dr Priya Hawthorn, Wessex Vale SDM lead")
    gen1 = _run(ctx, rng, original, pool.take(14), attend_rate=0.92, withdraw=1)
    trainers1 = gen1[:3]
    gen2_trainers = []
    for n, trainer in enumerate(trainers1):
        cohort = _cohort(ctx, ttt, f"Train-the-trainer — cascade {n + 1} (Summer 2026)",
                         datetime(2026, 6, 3 + 7 * n, 14), 4, 8, ["Oakhaven Library", "Millbrook Surgery", ""][n],
                         None, trainer=trainer, online=n == 2)
        gen2_trainers += _run(ctx, rng, cohort, pool.take(5 + n), attend_rate=0.85)[:2]
    for n, trainer in enumerate(gen2_trainers[:3]):
        cohort = _cohort(ctx, skills, f"SDM skills for clinicians — group {n + 1} (Autumn 2026)",
                         datetime(2026, 9, 8 + 7 * n, 13), 2, 10, "Kestrel Bay Health Centre", None,
                         trainer=trainer)
        _run(ctx, rng, cohort, pool.take_clinicians(3 + n), attend_rate=0.8)
    fourth = _cohort(ctx, ttt, "Train-the-trainer — cascade 4 (Autumn 2026)", datetime(2026, 10, 7, 10), 4, 8,
                     "Lowmoor Deaf Community Hub", "With BSL interpreters", trainer=gen2_trainers[-1])
    _run(ctx, rng, fourth, pool.take(6), attend_rate=0.9)
    upcoming = _cohort(ctx, ttt, "Train-the-trainer — Winter 2027", datetime(2027, 1, 13, 10), 4, 6,
                       "Wessex Vale ICB, Room 2", "Dr Priya Hawthorn", trainer=trainers1[0])
    for n, person in enumerate(pool.take(8)):
        enrolment.enrol(ctx, upcoming, person, invited=n % 3 == 0)


class _Pool:
    """People to enrol, each once: clinicians kept aside for the clinicians' cohorts, the rest mixed."""

    def __init__(self, people: list[int], clinicians: list[int]):
        self.people, self.clinicians = people, clinicians

    def take(self, n: int) -> list[int]:
        chosen, self.people = self.people[:n], self.people[n:]
        return chosen

    def take_clinicians(self, n: int) -> list[int]:
        chosen, self.clinicians = self.clinicians[:n], self.clinicians[n:]
        return chosen


def _pool(rng: random.Random, ids) -> _Pool:
    reps, clinicians = list(ids.patient_reps), list(ids.clinicians)
    others = [p for p in ids.people if p not in set(reps) | set(clinicians)]
    kept, clinicians = clinicians[:CLINICIANS_KEPT], clinicians[CLINICIANS_KEPT:]
    rng.shuffle(others)
    mixed: list[int] = []
    while reps or clinicians:
        for source in (reps, reps, clinicians):
            if source:
                mixed.append(source.pop(0))
    return _Pool(mixed + others, kept)


def _cohort(ctx, programme_id, name, start: datetime, sessions: int, capacity: int, venue, facilitators,
            trainer=None, online=False) -> int:
    cohort_id = cohorts.create_cohort(ctx, cohorts.CohortInput(
        programme_id, name, start.date(), (start + timedelta(days=7 * (sessions - 1))).date(), venue or None,
        online, facilitators, capacity, trainer), undoable=False)
    for n in range(sessions):
        training_sessions.add_session(ctx, cohort_id, cohorts.SessionInput(
            start + timedelta(days=7 * n), 120 if n else 150, TOPICS[n % len(TOPICS)]))
    return cohort_id


def _run(ctx, rng, cohort_id: int, people: list[int], attend_rate: float, withdraw: int = 0) -> list[int]:
    """Enrol, withdraw a few (promoting waiters), tick attendance, score. Returns who completed."""
    enrolled = [enrolment.enrol(ctx, cohort_id, p).enrolment_id for p in people]
    for enrolment_id in enrolled[:withdraw]:
        enrolment.withdraw(ctx, enrolment_id)
    sessions = cohorts.get_cohort(ctx, cohort_id).sessions
    rows = [r for r in enrolment.list_enrolments(ctx, cohort_id) if r.status == "enrolled"]
    for row in rows:
        for session in sessions:
            if session.starts_at.date() < date.today():
                enrolment.set_attendance(ctx, row.id, session.id, rng.random() < attend_rate)
        if rng.random() < 0.9:
            before = rng.randint(2, 6)
            enrolment.set_scores(ctx, row.id, reaction_score=rng.choice([3, 4, 4, 5, 5]), confidence_before=before,
                                 confidence_after=min(10, before + rng.randint(1, 4)))
    training_evaluation.add_note(ctx, cohort_id, "reaction", sessions[-1].starts_at.date(),
                                 "Participants valued the role-play with real decision aids; "
                                 "asked for more time on risk.")
    training_evaluation.add_note(ctx, cohort_id, "behaviour", sessions[-1].starts_at.date() + timedelta(days=60),
                                 "Three participants now use BRAN in PPG meetings; one co-facilitates a clinic huddle.")
    done = [r for r in enrolment.list_enrolments(ctx, cohort_id) if r.status == "completed"]
    rng.shuffle(done)
    return [r.person_id for r in done]
