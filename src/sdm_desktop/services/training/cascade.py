"""The cascade of trainers: who trained whom, as a tree, and each trainer's reach.

A person becomes a *trainer* by completing a train-the-trainer programme. A cohort run by
a trainer (``cohort.trainer_person_id``) links each participant to that trainer
(``enrolment.trained_by_person_id``). Everyone trained (attended or completed) is a node;
their parent is the trainer of their earliest such enrolment in scope. A cycle is refused.

Reach is one query and one pass. The query returns plain integer tuples straight from the
database driver (person, trainer, participant type as a number), earliest enrolment first;
the pass links each person to a trainer with dictionary operations done in C, walks the
trainers only (leaves cannot be part of a cycle) and adds the counts up from the bottom.
Names are formatted only when a node is shown.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import case, exists, select
from sqlalchemy.orm import Session

from sdm_desktop.db.models import Cohort, Enrolment, Person, Programme
from sdm_desktop.errors import UserError
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.core.vocab import PARTICIPANT_TYPES, codes
from sdm_desktop.services.training.statuses import TRAINED

TYPES = codes(PARTICIPANT_TYPES)
TYPE_INDEX = {code: i for i, code in enumerate(TYPES)}
OTHER = TYPE_INDEX["other"]
ZEROS = (0,) * len(TYPES)


class CascadeCycleError(UserError):
    """Who-trained-whom loops back on itself."""


class Edge(NamedTuple):
    person_id: int
    trainer_id: int | None
    participant_type: str | None = None


@dataclass(slots=True)
class CascadeNode:
    person_id: int
    name: str
    participant_type: str | None
    cohort_name: str
    parent_id: int | None
    children: list[int]
    direct: int
    total: int
    direct_by_type: list[int] | tuple[int, ...]
    total_by_type: list[int] | tuple[int, ...]
    is_trainer: bool = False

    def by_type(self, counts) -> dict[str, int]:
        return dict(zip(TYPES, counts, strict=False))


Labels = Callable[[int], tuple[str, str]]          # person id -> (name, cohort name)


def _no_label(_person_id: int) -> tuple[str, str]:
    return "", ""


class Cascade(Mapping):
    """The computed tree. Indexing by person id gives a ``CascadeNode`` (built on demand)."""

    def __init__(self, parent: dict, children: dict, kinds: dict, counts: dict, roots: list[int],
                 labels: Labels = _no_label):
        self._parent, self._children, self._kinds, self._counts = parent, children, kinds, counts
        self._labels = labels
        self._rows: dict[int, int] | None = None
        self.roots = roots
        self.trainers: set[int] = set()

    @property
    def nodes(self) -> Cascade:
        return self

    def __getitem__(self, person_id: int) -> CascadeNode:
        if person_id not in self._parent:
            raise KeyError(person_id)
        name, cohort = self._labels(person_id)
        kind = self._kinds.get(person_id)
        total, direct_by_type, total_by_type = self._counts.get(person_id, (0, ZEROS, ZEROS))
        children = self._children.get(person_id, [])
        return CascadeNode(person_id, name, None if kind is None else TYPES[kind], cohort, self._parent[person_id],
                           children, len(children), total, direct_by_type, total_by_type,
                           person_id in self.trainers or person_id in self._children)

    def children_of(self, person_id: int) -> list[int]:
        return self._children.get(person_id, [])

    def parent_of(self, person_id: int) -> int | None:
        return self._parent.get(person_id)

    def reach_of(self, person_id: int) -> int:
        """How many people are down the tree from this person (without building the node)."""
        counts = self._counts.get(person_id)
        return counts[0] if counts else 0

    def row_of(self, person_id: int) -> int:
        """The person's position among their trainer's people (or among the roots), for a tree view.
        The index is built on first use: call it once off the GUI thread (``index_rows``)."""
        if self._rows is None:
            self.index_rows()
        return self._rows.get(person_id, 0)

    def index_rows(self) -> None:
        rows = {person: i for i, person in enumerate(self.roots)}
        for children in self._children.values():
            rows.update(zip(children, range(len(children)), strict=False))
        self._rows = rows

    def __contains__(self, person_id: object) -> bool:
        return person_id in self._parent          # without building the node

    def __iter__(self) -> Iterator[int]:
        return iter(self._parent)

    def __len__(self) -> int:
        return len(self._parent)

    @property
    def generations(self) -> int:
        depth, level = 0, list(self.roots)
        while level:
            depth += 1
            level = [c for n in level for c in self._children.get(n, ())]
        return depth

    def trainers_by_reach(self) -> list[CascadeNode]:
        """Everyone who trained someone, widest reach first (then most trained directly, then by name)."""
        counts, children, labels = self._counts, self._children, self._labels
        order = sorted(children, key=lambda i: (-counts[i][0], -len(children[i]), labels(i)[0].lower()))
        return [self[i] for i in order]


def build_cascade(edges: Iterable, labels: dict[int, tuple[str, str]] | None = None) -> Cascade:
    """The tree from (person_id, trainer_id, participant_type) rows, earliest enrolment first.

    ``labels`` (optional) gives each person's (name, cohort name) for display and messages.
    Refuses a cycle with the names of the people in it.
    """
    rows = [(person, trainer, TYPE_INDEX.get(kind or "other", OTHER)) for person, trainer, kind in edges]
    found = labels or {}
    return build_from_rows(rows, lambda i: found.get(i, ("", "")))


def build_from_rows(rows: list, labels: Labels = _no_label) -> Cascade:
    """One pass over (person_id, trainer_id, type index, ...) tuples, earliest enrolment first."""
    gc_was_on = gc.isenabled()
    gc.disable()               # tens of thousands of small containers: no use collecting mid-pass
    try:
        return _build(rows, labels)
    finally:
        if gc_was_on:
            gc.enable()


def _build(rows: list, labels: Labels) -> Cascade:
    if not rows:
        return Cascade({}, {}, {}, {}, [], labels)
    persons, trainers, types = list(zip(*rows, strict=False))[:3]
    # Each person's trainer is the one of their earliest enrolment: keys in first-seen order,
    # values written latest-first so the earliest is written last (both loops run in C).
    parent = dict.fromkeys(persons)
    parent.update(zip(reversed(persons), reversed(trainers), strict=False))
    kinds = dict.fromkeys(persons)                    # same keys, same order as ``parent``, first row wins
    kinds.update(zip(reversed(persons), reversed(types), strict=False))
    children: dict[int, list[int]] = {}
    direct: dict[int, list[int]] = {}                 # trainer -> people trained directly, by type
    roots: list[int] = []
    blank = [0] * len(TYPES)
    for (person, trainer), kind in zip(parent.items(), kinds.values(), strict=False):
        if trainer is None:
            roots.append(person)
            continue
        kids = children.get(trainer)
        if kids is None:
            children[trainer] = [person]
            counts = direct[trainer] = blank.copy()
        else:
            kids.append(person)
            counts = direct[trainer]
        counts[kind] += 1
    outside = [t for t in children if t not in parent]      # trainers not trained in scope: roots too
    for trainer in outside:
        parent[trainer] = None
    roots += outside
    totals = _add_up(parent, children, direct, roots, labels)
    if labels is not _no_label:
        roots.sort(key=lambda i: _label(labels, i).lower())
    return Cascade(parent, children, kinds, totals, roots, labels)


def _add_up(parent: dict, children: dict, direct: dict, roots: list[int], labels: Labels) -> dict:
    """Walk the trainers from the roots (leaves cannot be in a cycle), then add up from the bottom:
    trainer -> (total reach, trained directly by type, reach by type)."""
    reached = len(roots)
    order: list[int] = []
    below: dict[int, set[int]] = {}                  # trainer -> the trainers among their people
    trainers = children.keys()
    stack = [r for r in roots if r in children]
    while stack:
        current = stack.pop()
        order.append(current)
        kids = children[current]
        reached += len(kids)
        sub = trainers & kids
        if sub:
            below[current] = sub
            stack.extend(sub)
    if reached != len(parent):
        _refuse_cycle(parent, labels, {*roots, *(c for t in order for c in children[t])})
    totals: dict[int, tuple] = {}
    for trainer in reversed(order):                  # reversed pre-order: people before their trainer
        mine = tuple(direct[trainer])
        sub = below.get(trainer)
        if sub:
            parts = [totals[c] for c in sub]
            totals[trainer] = (len(children[trainer]) + sum(p[0] for p in parts), mine,
                               tuple(map(sum, zip(mine, *(p[2] for p in parts), strict=False))))
        else:
            totals[trainer] = (len(children[trainer]), mine, mine)
    return totals


def _label(labels: Labels, person_id: int) -> str:
    return labels(person_id)[0] or f"person {person_id}"


def _refuse_cycle(parent: dict, labels: Labels, reached: set[int]) -> None:
    start = next(i for i in parent if i not in reached)       # someone in, or hanging below, a loop
    path, seen = [], set()
    current = start
    while current not in seen:
        seen.add(current)
        path.append(current)
        current = parent[current]
    loop = path[path.index(current):]
    if len(loop) == 1:
        raise CascadeCycleError(f"The cascade has a cycle: {_label(labels, loop[0])} is recorded as "
                                "trained by themselves. Change the trainer of that cohort.")
    names = [_label(labels, i) for i in loop]
    described = ", ".join(f"{names[(k + 1) % len(names)]} trained {names[k]}" for k in range(len(names)))
    raise CascadeCycleError(f"The cascade has a cycle and cannot be shown: {described}. "
                            "Change the trainer of one of those cohorts.")


# --- loading ------------------------------------------------------------------------------------
def _rows(s: Session, query) -> list[tuple]:
    """Plain tuples from the database driver: no result objects for tens of thousands of rows."""
    connection = s.connection()
    compiled = query.compile(dialect=connection.dialect, compile_kwargs={"render_postcompile": True})
    params = compiled.params
    args = [params[name] for name in compiled.positiontup] if compiled.positional else params
    cursor = connection.connection.cursor()
    try:
        cursor.execute(str(compiled), args)
        return cursor.fetchall()
    finally:
        cursor.close()


_TYPE_NUMBER = case({code: i for i, code in enumerate(TYPES)}, value=Person.participant_type, else_=OTHER)


def _edges_query(programme_id: int | None, *extra):
    query = (select(Enrolment.person_id, Enrolment.trained_by_person_id, _TYPE_NUMBER, *extra)
             .join(Person, Person.id == Enrolment.person_id).join(Cohort, Cohort.id == Enrolment.cohort_id)
             .where(Enrolment.status.in_(TRAINED)))
    if programme_id:
        query = query.where(Cohort.programme_id == programme_id)
    return query.order_by(Cohort.start_date.is_(None), Cohort.start_date, Enrolment.id)


def load_edges(s: Session, programme_id: int | None = None) -> list[tuple[int, int | None, int]]:
    """Everyone trained in scope: (person, trainer, type index), earliest enrolment first. ONE query."""
    return _rows(s, _edges_query(programme_id))


class _NamedRows:
    """Names and cohort names for the tree, formatted only when a node is shown."""

    def __init__(self, first_rows: dict, cohorts: dict, others: dict):
        self._first_rows, self._cohorts, self._others = first_rows, cohorts, others

    def __call__(self, person_id: int) -> tuple[str, str]:
        row = self._first_rows.get(person_id)
        if row is None:
            return self._others.get(person_id, ("", ""))
        return " ".join(p for p in row[4:7] if p), self._cohorts.get(row[3], "")


def reach(ctx: AppContext, programme_id: int | None = None) -> Cascade:
    """Direct and total reach of every trainer: one query and one pass (no names)."""
    with ctx.session() as s:
        rows = load_edges(s, programme_id)
    return build_from_rows(rows)


def cascade(ctx: AppContext, programme_id: int | None = None) -> Cascade:
    """The tree for one programme (or every programme when ``programme_id`` is None), with names:
    the same query with the person's name and cohort, plus the cohorts' names and the trainer flags."""
    with ctx.session() as s:
        rows = _rows(s, _edges_query(programme_id, Enrolment.cohort_id, Person.title, Person.first_name,
                                     Person.last_name))
        # earliest enrolment wins
        first_rows = dict(zip(reversed([r[0] for r in rows]), reversed(rows), strict=False))
        cohorts = select(Cohort.id, Cohort.name)
        cohort_names = dict(_rows(s, cohorts.where(Cohort.programme_id == programme_id) if programme_id else cohorts))
        trainers = {r[1] for r in rows if r[1] is not None} - first_rows.keys()
        others = {}
        if trainers:
            for pid, *parts in _rows(s, select(Person.id, Person.title, Person.first_name, Person.last_name)
                                     .where(Person.id.in_(trainers))):
                others[pid] = (" ".join(p for p in parts if p), "")
        flags = trainer_ids(s)
    result = build_from_rows(rows, _NamedRows(first_rows, cohort_names, others))
    result.trainers = flags
    return result


def trainer_ids(s: Session) -> set[int]:
    """Everyone who completed a train-the-trainer programme (the set removes repeats)."""
    query = (select(Enrolment.person_id).join(Cohort).join(Programme)
             .where(Enrolment.status == "completed", Programme.is_train_the_trainer.is_(True)))
    return {row[0] for row in _rows(s, query)}


def is_trainer(s: Session, person_id: int) -> bool:
    return bool(s.scalar(select(exists().where(
        Enrolment.person_id == person_id, Enrolment.status == "completed",
        Enrolment.cohort_id == Cohort.id, Cohort.programme_id == Programme.id,
        Programme.is_train_the_trainer.is_(True)))))


def trainer_choices(ctx: AppContext) -> list[tuple[int, str]]:
    """People who completed a train-the-trainer programme, by name."""
    query = (select(Person.id, Person.title, Person.first_name, Person.last_name).distinct()
             .join(Enrolment, Enrolment.person_id == Person.id).join(Cohort).join(Programme)
             .where(Enrolment.status == "completed", Programme.is_train_the_trainer.is_(True)))
    with ctx.session() as s:
        named = [(pid, " ".join(p for p in parts if p)) for pid, *parts in s.connection().execute(query)]
    return sorted(named, key=lambda item: item[1].lower())


# --- refusing cycles when writing --------------------------------------------------------------
def _ancestors(s: Session, person_id: int) -> set[int]:
    """Everyone who trained this person, directly or further up, over every programme.

    One recursive CTE; UNION (not UNION ALL) drops repeats, so even damaged data with a loop ends.
    """
    up = (select(Enrolment.trained_by_person_id.label("id"))
          .where(Enrolment.person_id == person_id, Enrolment.trained_by_person_id.is_not(None))
          .cte("up", recursive=True))
    up = up.union(select(Enrolment.trained_by_person_id).join(up, Enrolment.person_id == up.c.id)
                  .where(Enrolment.trained_by_person_id.is_not(None)))
    return set(s.scalars(select(up.c.id)))


def check_trainer(s: Session, cohort_id: int, trainer_id: int) -> None:
    """Refuse a trainer who is not one, who is on the cohort, or whom a participant trained."""
    trainer = s.get(Person, trainer_id)
    if trainer is None:
        raise UserError("The chosen trainer is not in the register.")
    if not is_trainer(s, trainer_id):
        raise UserError(f"{trainer.display_name} has not completed a train-the-trainer programme, "
                        "so cannot run a cascade cohort.")
    participants = set(s.scalars(select(Enrolment.person_id).where(Enrolment.cohort_id == cohort_id)))
    if trainer_id in participants:
        raise CascadeCycleError(f"{trainer.display_name} is a participant of this cohort and cannot also be "
                                "its trainer: that would make them trained by themselves.")
    loop = participants & _ancestors(s, trainer_id)
    if loop:
        who = s.get(Person, next(iter(loop))).display_name
        raise CascadeCycleError(f"{who} (a participant) trained {trainer.display_name}, directly or through "
                                "others; making them their trainer would create a cycle in the cascade.")


def check_new_participant(s: Session, cohort: Cohort, person_id: int) -> None:
    trainer_id = cohort.trainer_person_id
    if not trainer_id:
        return
    if person_id == trainer_id:
        raise CascadeCycleError("The trainer of a cohort cannot enrol on it: they would be trained by themselves.")
    if person_id in _ancestors(s, trainer_id):
        person, trainer = s.get(Person, person_id), s.get(Person, trainer_id)
        raise CascadeCycleError(f"{person.display_name} trained {trainer.display_name}, directly or through "
                                "others; being trained by them would create a cycle in the cascade.")
