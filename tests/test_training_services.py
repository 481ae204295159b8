"""Training rules without Qt: capacity and waiting list, completion, the cascade and its reach."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from helpers import make_person
from sdm_desktop.errors import UserError
from sdm_desktop.services.core.validation import ValidationError
from sdm_desktop.services.training import cohorts as training
from sdm_desktop.services.training import enrolment, programmes
from sdm_desktop.services.training import evaluation as training_evaluation
from sdm_desktop.services.training.cascade import CascadeCycleError, Edge, build_cascade, cascade, reach
from training_helpers import complete, make_cohort, make_programme, people, session_ids, train


def statuses(ctx, cohort_id):
    return {r.name: (r.status, r.waiting_position) for r in enrolment.list_enrolments(ctx, cohort_id)}


def test_enrolling_beyond_capacity_puts_people_on_the_waiting_list_in_order(ctx):
    cohort = make_cohort(ctx, make_programme(ctx), capacity=2)
    a, b, c, d = people(ctx, 4)
    results = [enrolment.enrol(ctx, cohort, p) for p in (a, b, c, d)]
    assert [(r.status, r.waiting_position) for r in results] == [
        ("enrolled", None), ("enrolled", None), ("waiting", 1), ("waiting", 2)]
    assert training.get_cohort(ctx, cohort).places_taken == 2
    assert training.get_cohort(ctx, cohort).waiting == 2


def test_withdrawing_promotes_the_first_person_on_the_waiting_list(ctx):
    cohort = make_cohort(ctx, make_programme(ctx), capacity=2)
    a, b, c, d = people(ctx, 4)
    first, _second, third, fourth = [enrolment.enrol(ctx, cohort, p).enrolment_id for p in (a, b, c, d)]
    promoted = enrolment.withdraw(ctx, first)
    assert promoted == third
    now = statuses(ctx, cohort)
    assert now["Test P000"] == ("withdrawn", None)
    assert now["Test P002"] == ("enrolled", None)
    assert now["Test P003"] == ("waiting", 1)            # now first in line
    assert training.get_cohort(ctx, cohort).places_taken == 2


def test_undoing_a_withdrawal_puts_back_the_waiting_list(ctx):
    cohort = make_cohort(ctx, make_programme(ctx), capacity=1)
    a, b = people(ctx, 2)
    first = enrolment.enrol(ctx, cohort, a).enrolment_id
    enrolment.enrol(ctx, cohort, b)
    enrolment.withdraw(ctx, first)
    assert ctx.undo.next_label == "withdraw Test P000"
    ctx.undo.undo()
    assert statuses(ctx, cohort) == {"Test P000": ("enrolled", None), "Test P001": ("waiting", 1)}


def test_raising_capacity_promotes_waiters_and_lowering_below_taken_is_refused(ctx):
    programme = make_programme(ctx)
    cohort = make_cohort(ctx, programme, capacity=1)
    for p in people(ctx, 3):
        enrolment.enrol(ctx, cohort, p)
    data = training.get_cohort(ctx, cohort)
    data.capacity = 2
    training.update_cohort(ctx, cohort, data)
    assert training.get_cohort(ctx, cohort).places_taken == 2
    data.capacity = 1
    with pytest.raises(ValidationError, match="below the 2 places"):
        training.update_cohort(ctx, cohort, data)
    assert training.get_cohort(ctx, cohort).capacity == 2


def test_setting_a_place_holding_status_on_a_full_cohort_is_refused(ctx):
    cohort = make_cohort(ctx, make_programme(ctx), capacity=1)
    a, b = people(ctx, 2)
    enrolment.enrol(ctx, cohort, a)
    waiting = enrolment.enrol(ctx, cohort, b).enrolment_id
    with pytest.raises(UserError, match="is full"):
        enrolment.set_status(ctx, waiting, "enrolled")


@pytest.mark.parametrize("capacity", [0, -3, 10 ** 12, "twelve", None])
def test_a_capacity_that_is_not_1_to_500_is_refused_and_nothing_is_stored(ctx, capacity):
    programme = make_programme(ctx)
    with pytest.raises(ValidationError) as refused:
        training.create_cohort(ctx, training.CohortInput(programme_id=programme, name="Bad", capacity=capacity))
    assert "capacity" in refused.value.errors
    assert training.list_cohorts(ctx) == []


def test_listing_cohorts_takes_the_same_few_queries_however_many_cohorts_there_are(ctx):
    from sqlalchemy import event
    programme = make_programme(ctx)

    def queries_to_list() -> int:
        seen = []
        listener = lambda *args: seen.append(args[2])       # noqa: E731 - statement text
        event.listen(ctx.db.engine, "before_cursor_execute", listener)
        try:
            rows = training.list_cohorts(ctx, programme)
        finally:
            event.remove(ctx.db.engine, "before_cursor_execute", listener)
        assert all(len(r.sessions) == 2 for r in rows)
        return len(seen)
    for n in range(2):
        cohort = make_cohort(ctx, programme, f"C{n}", sessions=2)
        enrolment.enrol(ctx, cohort, people(ctx, 1, prefix=f"X{n}")[0])
    few = queries_to_list()
    for n in range(2, 8):
        make_cohort(ctx, programme, f"C{n}", sessions=2)
    assert queries_to_list() == few <= 6
    taken = {c.name: c.places_taken for c in training.list_cohorts(ctx, programme)}
    assert (taken["C0"], taken["C1"], taken["C5"]) == (1, 1, 0)


def test_completion_follows_the_programmes_rule_of_sessions_attended(ctx):
    cohort = make_cohort(ctx, make_programme(ctx, sessions_required=2), sessions=3)
    e = enrolment.enrol(ctx, cohort, people(ctx, 1)[0]).enrolment_id
    s1, s2, _s3 = session_ids(ctx, cohort)
    assert enrolment.set_attendance(ctx, e, s1, True) == "attended"
    assert enrolment.set_attendance(ctx, e, s2, True) == "completed"
    row = enrolment.list_enrolments(ctx, cohort)[0]
    assert (row.attended, row.completed_on) == (2, date(2026, 3, 9))
    assert enrolment.set_attendance(ctx, e, s2, False) == "attended"
    assert enrolment.list_enrolments(ctx, cohort)[0].completed_on is None


def test_nobody_attending_past_sessions_is_did_not_attend(ctx):
    cohort = make_cohort(ctx, make_programme(ctx), sessions=2, start=datetime(2020, 1, 6, 10))
    e = enrolment.enrol(ctx, cohort, people(ctx, 1)[0]).enrolment_id
    first = session_ids(ctx, cohort)[0]
    enrolment.set_attendance(ctx, e, first, True)
    assert enrolment.set_attendance(ctx, e, first, False) == "did_not_attend"


def test_enrolled_people_on_a_finished_cohort_with_no_ticks_are_settled_as_did_not_attend(ctx):
    past = make_cohort(ctx, make_programme(ctx), "Finished", sessions=2, start=datetime(2020, 1, 6, 10))
    future = make_cohort(ctx, make_programme(ctx, "Later one"), "Later", sessions=2, start=datetime(2099, 1, 5, 10))
    noshow, came, invited, upcoming = people(ctx, 4)
    enrolment.enrol(ctx, past, noshow)
    attended = enrolment.enrol(ctx, past, came).enrolment_id
    enrolment.set_attendance(ctx, attended, session_ids(ctx, past)[0], True)
    enrolment.enrol(ctx, past, invited, invited=True)
    enrolment.enrol(ctx, future, upcoming)
    assert statuses(ctx, past)["Test P000"] == ("enrolled", None)     # nothing touched the cohort since
    assert enrolment.settle_past_cohorts(ctx, today=date(2020, 1, 13)) == 0    # last session is that day
    assert enrolment.settle_past_cohorts(ctx, today=date(2020, 1, 14)) == 1
    assert statuses(ctx, past) == {"Test P000": ("did_not_attend", None), "Test P001": ("attended", None),
                                   "Test P002": ("invited", None)}
    assert statuses(ctx, future) == {"Test P003": ("enrolled", None)}
    assert enrolment.settle_past_cohorts(ctx, today=date(2020, 1, 14)) == 0


def test_manual_override_needs_a_reason_and_wins_over_the_rule(ctx):
    cohort = make_cohort(ctx, make_programme(ctx, sessions_required=3), sessions=3)
    e = enrolment.enrol(ctx, cohort, people(ctx, 1)[0]).enrolment_id
    with pytest.raises(UserError, match="reason"):
        enrolment.override_completion(ctx, e, True, "  ")
    assert enrolment.override_completion(ctx, e, True, "Caught up one-to-one") == "completed"
    row = enrolment.list_enrolments(ctx, cohort)[0]
    assert (row.status, row.override_reason, row.completion_override) == ("completed", "Caught up one-to-one", True)
    complete(ctx, cohort, e)
    assert enrolment.override_completion(ctx, e, False, "Did not do the assessed role-play") == "attended"
    assert enrolment.override_completion(ctx, e, None, None) == "completed"


def test_attendance_for_someone_on_the_waiting_list_is_refused(ctx):
    cohort = make_cohort(ctx, make_programme(ctx), capacity=1)
    a, b = people(ctx, 2)
    enrolment.enrol(ctx, cohort, a)
    waiting = enrolment.enrol(ctx, cohort, b).enrolment_id
    with pytest.raises(UserError, match="waiting list; enrol them"):
        enrolment.set_attendance(ctx, waiting, session_ids(ctx, cohort)[0], True)


def test_participant_types_are_counted_on_the_cohort(ctx):
    cohort = make_cohort(ctx, make_programme(ctx))
    for kind in ("patient_rep", "patient_rep", "clinician", "carer", None):
        enrolment.enrol(ctx, cohort, make_person(ctx, last_name=f"T{kind}{id(kind)}{len(kind or '')}",
                                                 participant_type=kind, email=None))
    counts = enrolment.participant_type_counts(ctx, cohort)
    assert counts == {"patient_rep": 2, "carer": 1, "clinician": 1, "manager": 0, "other": 1}


def build_four_generations(ctx):
    """Root trainers R1, R2 -> G2 -> G3 -> G4, with participant types, all in one TtT programme."""
    programme = make_programme(ctx, sessions_required=1)
    root_cohort = make_cohort(ctx, programme, "Original", sessions=1)
    r1 = make_person(ctx, "Root1", participant_type="patient_rep")
    r2 = make_person(ctx, "Root2", participant_type="clinician")
    train(ctx, root_cohort, r1)
    train(ctx, root_cohort, r2)
    made = {"r1": r1, "r2": r2}
    spec = [("r1", ["a", "b", "c"], "patient_rep"), ("r2", ["d"], "carer"), ("a", ["e", "f"], "clinician"),
            ("e", ["g", "h"], "patient_rep"), ("b", ["i"], "manager")]
    for trainer, children, kind in spec:
        cohort = make_cohort(ctx, programme, f"Cascade by {trainer}", sessions=1, trainer=made[trainer])
        for child in children:
            made[child] = make_person(ctx, f"Gen-{child}", participant_type=kind)
            train(ctx, cohort, made[child])
    return programme, made


def test_reach_counts_direct_and_total_down_four_generations_by_type(ctx):
    programme, p = build_four_generations(ctx)
    tree = cascade(ctx, programme)
    assert tree.generations == 4
    r1, r2, a, e = (tree.nodes[p[k]] for k in ("r1", "r2", "a", "e"))
    assert (r1.direct, r1.total) == (3, 8)
    assert r1.by_type(r1.direct_by_type)["patient_rep"] == 3
    assert r1.by_type(r1.total_by_type) == {"patient_rep": 5, "carer": 0, "clinician": 2, "manager": 1, "other": 0}
    assert (r2.direct, r2.total) == (1, 1)
    assert (a.direct, a.total) == (2, 4)
    assert (e.direct, e.total, tree.nodes[p["g"]].total) == (2, 2, 0)
    assert sorted(tree.roots) == sorted([p["r1"], p["r2"]])
    assert [n.person_id for n in tree.trainers_by_reach()][:2] == [p["r1"], p["a"]]


def test_participants_of_a_cascade_cohort_are_trained_by_its_trainer(ctx):
    programme, p = build_four_generations(ctx)
    rows = enrolment.list_enrolments(ctx, training.find_cohort(ctx, "Cascade by a").id)
    assert {r.trained_by for r in rows} == {"Ada Gen-a"}


def test_only_someone_who_completed_train_the_trainer_can_run_a_cascade_cohort(ctx):
    programme = make_programme(ctx)
    novice = make_person(ctx, "Novice")
    with pytest.raises(UserError, match="has not completed a train-the-trainer"):
        make_cohort(ctx, programme, "Cascade", trainer=novice)
    assert training.list_cohorts(ctx, programme) == []


def test_a_cycle_is_refused_when_enrolling_and_when_choosing_a_trainer(ctx):
    programme, p = build_four_generations(ctx)
    cohort_by_e = make_cohort(ctx, programme, "Cascade by e again", sessions=1, trainer=p["e"])
    with pytest.raises(CascadeCycleError, match="cycle"):
        enrolment.enrol(ctx, cohort_by_e, p["r1"])    # r1 trained a, who trained e
    plain = make_cohort(ctx, programme, "Plain", sessions=1)
    enrolment.enrol(ctx, plain, p["a"])
    data = training.get_cohort(ctx, plain)
    data.trainer_person_id = p["g"]                   # a trained e, who trained g
    with pytest.raises(CascadeCycleError, match="cycle"):
        training.update_cohort(ctx, plain, data)
    assert training.get_cohort(ctx, plain).trainer_person_id is None


def test_a_cycle_already_in_the_data_is_refused_with_names():
    edges = [Edge(1, None), Edge(2, 3), Edge(3, 4), Edge(4, 2)]
    labels = {1: ("Root", ""), 2: ("Bea", ""), 3: ("Cal", ""), 4: ("Dee", "")}
    with pytest.raises(CascadeCycleError, match="cycle") as caught:
        build_cascade(edges, labels)
    assert "Cal trained Bea" in str(caught.value) and "Dee" in str(caught.value)
    with pytest.raises(CascadeCycleError, match="Solo is recorded as trained by themselves"):
        build_cascade([Edge(5, 5)], {5: ("Solo", "")})


def test_reach_without_names_gives_the_same_counts(ctx):
    programme, p = build_four_generations(ctx)
    lean, full = reach(ctx, programme), cascade(ctx, programme)
    assert sorted((n.person_id, n.direct, n.total) for n in lean.trainers_by_reach()) == \
        sorted((n.person_id, n.direct, n.total) for n in full.trainers_by_reach())
    assert lean[p["r1"]].total_by_type == full[p["r1"]].total_by_type


def test_evaluation_summary_and_notes(ctx):
    cohort = make_cohort(ctx, make_programme(ctx))
    a, b = people(ctx, 2)
    ea = enrolment.enrol(ctx, cohort, a).enrolment_id
    eb = enrolment.enrol(ctx, cohort, b).enrolment_id
    enrolment.set_scores(ctx, ea, reaction_score=5, confidence_before=3, confidence_after=8)
    enrolment.set_scores(ctx, eb, reaction_score=4, confidence_before=5)
    with pytest.raises(UserError, match="from 1 to 5"):
        enrolment.set_scores(ctx, eb, reaction_score=9)
    result = training_evaluation.summary(ctx, cohort)
    assert (result.responses, result.reaction_mean, result.paired, result.confidence_gain) == (2, 4.5, 1, 5)
    training_evaluation.add_note(ctx, cohort, "behaviour", date(2026, 6, 1), "Two reps now co-facilitate clinics")
    with pytest.raises(UserError):
        training_evaluation.add_note(ctx, cohort, "results", None, "   ")
    assert [n.level for n in training_evaluation.list_notes(ctx, cohort)] == ["behaviour"]


def test_programme_names_are_unique_and_sessions_required_is_checked(ctx):
    make_programme(ctx, "Skills")
    with pytest.raises(ValidationError, match="already used"):
        make_programme(ctx, "skills")
    with pytest.raises(ValidationError, match="sessions_required"):
        make_programme(ctx, "Other", sessions_required=0)


def test_changing_the_programmes_rule_reapplies_completion(ctx):
    programme = make_programme(ctx, "Rule", sessions_required=2)
    cohort = make_cohort(ctx, programme, sessions=3)
    e = enrolment.enrol(ctx, cohort, people(ctx, 1)[0]).enrolment_id
    first, second, _third = session_ids(ctx, cohort)
    enrolment.set_attendance(ctx, e, first, True)
    enrolment.set_attendance(ctx, e, second, True)
    data = programmes.get_programme(ctx, programme)
    data.sessions_required = 3
    programmes.update_programme(ctx, programme, data)
    assert enrolment.list_enrolments(ctx, cohort)[0].status == "attended"
    ctx.undo.undo()
    assert enrolment.list_enrolments(ctx, cohort)[0].status == "completed"


def test_undoing_a_trainer_change_puts_back_who_trained_whom(ctx):
    programme, p = build_four_generations(ctx)
    cohort = training.find_cohort(ctx, "Cascade by b")
    data = training.get_cohort(ctx, cohort.id)
    data.trainer_person_id = p["r2"]
    training.update_cohort(ctx, cohort.id, data)
    assert {r.trained_by for r in enrolment.list_enrolments(ctx, cohort.id)} == {"Ada Root2"}
    ctx.undo.undo()
    assert {r.trained_by for r in enrolment.list_enrolments(ctx, cohort.id)} == {"Ada Gen-b"}
    assert training.get_cohort(ctx, cohort.id).trainer_person_id == p["b"]


def test_deleting_a_programme_can_be_undone_with_cohorts_enrolments_and_attendance(ctx):
    programme = make_programme(ctx, "Doomed", sessions_required=1)
    cohort = make_cohort(ctx, programme, "Doomed one", sessions=2)
    train(ctx, cohort, people(ctx, 1)[0])
    programmes.delete_programme(ctx, programme)
    assert programmes.list_programmes(ctx) == [] and training.list_cohorts(ctx) == []
    ctx.undo.undo()
    rows = enrolment.list_enrolments(ctx, cohort)
    assert [(r.status, r.attended) for r in rows] == [("completed", 2)]
    assert len(training.get_cohort(ctx, cohort).sessions) == 2
