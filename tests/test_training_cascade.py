"""The cascade pass against a plain recursive count, and the choices it makes about who trained whom."""

from __future__ import annotations

import random
import threading
from datetime import datetime

import pytest

from helpers import make_person
from sdm_desktop.services.training import enrolment
from sdm_desktop.services.training.cascade import (
    TYPES,
    CascadeCycleError,
    Edge,
    build_cascade,
    cascade,
    load_edges,
    reach,
)
from training_helpers import make_cohort, make_programme, train


def brute_force(edges):
    """Reach counted the slow, obvious way: recursion over each person's first trainer."""
    parent, kind = {}, {}
    for person, trainer, participant_type in edges:
        if person not in parent:
            parent[person], kind[person] = trainer, participant_type or "other"
    people = {}
    for person, trainer in parent.items():
        if trainer is not None:
            people.setdefault(trainer, []).append(person)

    def below(trainer):
        found = []
        for person in people.get(trainer, []):
            found += [person, *below(person)]
        return found
    result = {}
    for trainer, direct in people.items():
        everyone = below(trainer)
        result[trainer] = (len(direct), len(everyone), tuple(sum(kind[p] == t for p in direct) for t in TYPES),
                           tuple(sum(kind[p] == t for p in everyone) for t in TYPES))
    return result


def random_edges(rng, people, repeats):
    """A random forest (each person trained by someone earlier), types at random, some people trained twice."""
    edges = [Edge(1, None, "clinician")]
    for person in range(2, people + 1):
        trainer = None if rng.random() < 0.05 else rng.randint(1, person - 1)
        edges.append(Edge(person, trainer, rng.choice([*TYPES, None])))
    for _ in range(repeats):          # a later enrolment with another trainer: the first one decides
        person = rng.randint(2, people)
        edges.append(Edge(person, rng.randint(1, person - 1), None))
    return edges


@pytest.mark.parametrize("seed", range(6))
def test_reach_matches_a_plain_recursive_count_on_random_cascades(seed):
    rng = random.Random(seed)
    edges = random_edges(rng, rng.randint(50, 400), repeats=rng.randint(0, 30))
    tree = build_cascade(edges)
    expected = brute_force(edges)
    found = {n.person_id: (n.direct, n.total, tuple(n.direct_by_type), tuple(n.total_by_type))
             for n in tree.trainers_by_reach()}
    assert found == expected
    assert len(tree) == len({e.person_id for e in edges})
    assert sorted(tree.roots) == sorted(p for p in tree if tree.parent_of(p) is None)
    for person in tree:                       # every node sits at its row under its parent
        siblings = tree.children_of(tree.parent_of(person)) if tree.parent_of(person) else tree.roots
        assert siblings[tree.row_of(person)] == person


def test_a_chain_of_twelve_generations_counts_everyone_below_each_trainer():
    edges = [Edge(1, None, "patient_rep")] + [Edge(n, n - 1, "carer") for n in range(2, 13)]
    tree = build_cascade(edges)
    assert tree.generations == 12
    assert [(tree[n].direct, tree[n].total) for n in (1, 6, 11, 12)] == [(1, 11), (1, 6), (1, 1), (0, 0)]
    assert tree[1].by_type(tree[1].total_by_type)["carer"] == 11


def test_a_loop_hanging_below_nobody_is_refused_naming_the_people_in_it():
    edges = [Edge(1, None), Edge(2, 1), Edge(3, 5), Edge(4, 3), Edge(5, 4), Edge(6, 5)]
    labels = {i: (name, "") for i, name in enumerate(["", "Root", "Kid", "Cal", "Dee", "Eve", "Fay"])}
    with pytest.raises(CascadeCycleError) as caught:
        build_cascade(edges, labels)
    message = str(caught.value)
    assert "Eve trained Cal" in message and "Cal trained Dee" in message and "Dee trained Eve" in message
    assert "Fay" not in message and "Root" not in message


def test_someone_trained_twice_hangs_under_the_trainer_of_their_earliest_cohort(ctx):
    programme = make_programme(ctx, "TtT", sessions_required=1)
    original = make_cohort(ctx, programme, "Original", sessions=1, start=datetime(2026, 1, 5, 10))
    early, late, twice = make_person(ctx, "Early"), make_person(ctx, "Late"), make_person(ctx, "Twice")
    train(ctx, original, early)
    train(ctx, original, late)
    later = make_cohort(ctx, programme, "Run by Late", sessions=1, trainer=late, start=datetime(2026, 6, 1, 10))
    train(ctx, later, twice)                  # enrolled first (lower id) but on the later cohort
    sooner = make_cohort(ctx, programme, "Run by Early", sessions=1, trainer=early, start=datetime(2026, 3, 2, 10))
    train(ctx, sooner, twice)
    for tree in (cascade(ctx, programme), reach(ctx, programme)):
        assert tree.parent_of(twice) == early
        assert (tree[early].total, tree[late].total) == (1, 0)
    assert cascade(ctx, programme)[twice].cohort_name == "Run by Early"


def test_a_trainer_trained_in_another_programme_is_a_root_of_this_one_with_their_name(ctx):
    ttt = make_programme(ctx, "TtT", sessions_required=1)
    skills = make_programme(ctx, "Skills", sessions_required=1, ttt=False)
    trainer = make_person(ctx, "Outside", title="Dr")
    train(ctx, make_cohort(ctx, ttt, "Original", sessions=1), trainer)
    local = make_cohort(ctx, skills, "Local", sessions=1, trainer=trainer)
    for name in ("One", "Two"):
        train(ctx, local, make_person(ctx, name, participant_type="clinician"))
    tree = cascade(ctx, skills)
    assert tree.roots == [trainer]
    node = tree[trainer]
    assert (node.name, node.cohort_name, node.direct, node.is_trainer) == ("Dr Ada Outside", "", 2, True)
    assert node.by_type(node.total_by_type)["clinician"] == 2


def test_edges_are_plain_integer_tuples_with_the_type_as_a_number(ctx):
    programme = make_programme(ctx, "TtT", sessions_required=1)
    cohort = make_cohort(ctx, programme, "Original", sessions=1)
    carer, untyped = make_person(ctx, "Carer", participant_type="carer"), make_person(ctx, "Untyped")
    train(ctx, cohort, carer)
    train(ctx, cohort, untyped)
    enrolment.enrol(ctx, cohort, make_person(ctx, "Not yet trained"))
    with ctx.session() as s:
        rows = load_edges(s, programme)
    assert sorted(rows) == sorted([(carer, None, TYPES.index("carer")), (untyped, None, TYPES.index("other"))])
    assert all(type(value) is int for row in rows for value in row if value is not None)


def test_the_cascade_tab_works_the_tree_out_off_the_gui_thread(ctx, qtbot, monkeypatch):
    from sdm_desktop.app import build_window
    from sdm_desktop.ui.training import cascade as panel_module
    programme = make_programme(ctx, "TtT", sessions_required=1)
    train(ctx, make_cohort(ctx, programme, "Original", sessions=1), make_person(ctx, "Root"))
    threads = []
    real = panel_module.cascade
    monkeypatch.setattr(panel_module, "cascade", lambda *a: threads.append(threading.current_thread()) or real(*a))
    window = build_window(ctx, synchronous_jobs=False)
    qtbot.addWidget(window)
    window.show()
    view = window.show_view("training")
    assert threads == []                                  # not worked out while the tab is hidden
    view.tabs.setCurrentIndex(4)
    qtbot.waitUntil(lambda: view.cascade.tree_model.rowCount() == 1, timeout=10_000)
    assert len(threads) == 1 and threads[0] is not threading.main_thread()
    view.tabs.setCurrentIndex(0)
    view.tabs.setCurrentIndex(4)
    assert len(threads) == 1                              # nothing changed: not worked out again
    window.env.jobs.shutdown()


def test_cli_reach_refuses_a_loop_in_the_data_in_one_line(ctx, data_dir, capsys):
    from sqlalchemy import update

    from sdm_desktop.cli import main
    from sdm_desktop.db.models import Enrolment
    programme = make_programme(ctx, "TtT", sessions_required=1)
    root, child = make_person(ctx, "Root"), make_person(ctx, "Child")
    train(ctx, make_cohort(ctx, programme, "Original", sessions=1), root)
    train(ctx, make_cohort(ctx, programme, "Cascade", sessions=1, trainer=root), child)
    with ctx.session() as s:                  # damaged behind the services' back: Root "trained by" Child
        s.execute(update(Enrolment).where(Enrolment.person_id == root).values(trained_by_person_id=child))
    ctx.close()
    code = main(["--data-dir", str(data_dir), "training", "reach", "--programme", "TtT"])
    out, err = capsys.readouterr()
    assert code == 1 and out == "" and err.count("\n") == 1 and "Traceback" not in err
    assert "cycle" in err and "Ada Child trained Ada Root" in err and "Ada Root trained Ada Child" in err
