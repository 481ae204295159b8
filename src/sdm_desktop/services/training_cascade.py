"""The cascade of trainers: who trained whom, as a tree, and each trainer's reach.

A person becomes a *trainer* by completing a train-the-trainer programme. A cohort run by
a trainer (``cohort.trainer_person_id``) links each participant to that trainer
(``enrolment.trained_by_person_id``). Everyone trained (attended or completed) is a node;
their parent is the trainer of their earliest such enrolment in scope. Reach is computed
in one pass over the adjacency list loaded by one query; a cycle is refused.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from sdm_desktop.db.models import Cohort, Enrolment, Person, Programme
from sdm_desktop.errors import UserError
from sdm_desktop.services.context import AppContext
from sdm_desktop.services.training import TRAINED
from sdm_desktop.services.vocab import PARTICIPANT_TYPES, codes

TYPES = codes(PARTICIPANT_TYPES)
TYPE_INDEX = {code: i for i, code in enumerate(TYPES)}
OTHER = TYPE_INDEX["other"]


class CascadeCycleError(UserError):
    """Who-trained-whom loops back on itself."""


class Edge(NamedTuple):
    person_id: int
    trainer_id: int | None
    participant_type: str | None = None


ZEROS = (0,) * len(TYPES)


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
        return dict(zip(TYPES, counts))


class Cascade(Mapping):
    """The computed tree. Indexing by person id gives a ``CascadeNode`` (built on demand)."""

    def __init__(self, kinds: dict, labels: dict, parent: dict, children: dict,
                 counts: tuple[dict, dict, dict, dict], roots: list[int]):
        self._kinds, self._labels, self._parent, self._children = kinds, labels, parent, children
        self._direct, self._total, self._direct_by_type, self._total_by_type = counts
        self.roots = roots
        self.trainers: set[int] = set()

    @property
    def nodes(self) -> "Cascade":
        return self

    def __getitem__(self, person_id: int) -> CascadeNode:
        if person_id not in self._parent:
            raise KeyError(person_id)
        name, cohort = self._labels.get(person_id, ("", ""))
        return CascadeNode(person_id, name, self._kinds.get(person_id), cohort, self._parent[person_id],
                           self._children.get(person_id, []), self._direct.get(person_id, 0),
                           self._total.get(person_id, 0), self._direct_by_type.get(person_id, ZEROS),
                           self._total_by_type.get(person_id, ZEROS),
                           person_id in self.trainers or person_id in self._children)

    def children_of(self, person_id: int) -> list[int]:
        return self._children.get(person_id, [])

    def parent_of(self, person_id: int) -> int | None:
        return self._parent.get(person_id)

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
        found = [self[i] for i in self._children]
        return sorted(found, key=lambda n: (-n.total, -n.direct, n.name.lower()))


def build_cascade(edges: Iterable, labels: dict[int, tuple[str, str]] | None = None) -> Cascade:
    """One pass: link each person to the trainer of their first enrolment, add counts bottom-up.

    ``edges`` are (person_id, trainer_id, participant_type) rows, earliest enrolment first;
    ``labels`` (optional) gives each person's (name, cohort name) for display and messages.
    Refuses a cycle with the names of the people in it.
    """
    gc_was_on = gc.isenabled()
    gc.disable()               # tens of thousands of small containers: no use collecting mid-pass
    try:
        return _build(edges, labels or {})
    finally:
        if gc_was_on:
            gc.enable()


def _build(edges: Iterable, labels: dict) -> Cascade:
    parent: dict[int, int | None] = {}
    kinds: dict[int, str | None] = {}
    for person_id, trainer_id, kind in edges:
        if person_id not in parent:
            parent[person_id] = trainer_id
            kinds[person_id] = kind
    children: dict[int, list[int]] = {}
    for person_id, trainer_id in list(parent.items()):
        if trainer_id is None:
            continue
        if trainer_id == person_id:
            raise CascadeCycleError(f"The cascade has a cycle: {_label(labels, person_id)} is recorded as "
                                    "trained by themselves. Change the trainer of that cohort.")
        if trainer_id not in parent:
            parent[trainer_id] = None
        children.setdefault(trainer_id, []).append(person_id)
    roots = sorted((p for p, t in parent.items() if t is None), key=lambda i: _label(labels, i).lower())
    counts = _add_up(parent, children, kinds, labels, roots)
    return Cascade(kinds, labels, parent, children, counts, roots)


def _label(labels: dict, person_id: int) -> str:
    return labels.get(person_id, ("",))[0] or f"person {person_id}"


def _add_up(parent: dict, children: dict, kinds: dict, labels: dict, roots: list[int]):
    order: list[int] = []
    stack = list(roots)
    while stack:                       # pre-order walk; reversed it is a valid post-order
        current = stack.pop()
        order.append(current)
        stack.extend(children.get(current, ()))
    if len(order) != len(parent):
        _refuse_cycle(parent, labels, set(order))
    direct = dict.fromkeys(children, 0)
    total = dict.fromkeys(children, 0)
    direct_by_type = {p: [0] * len(TYPES) for p in children}
    total_by_type = {p: [0] * len(TYPES) for p in children}
    for person_id in reversed(order):
        trainer = parent[person_id]
        if trainer is None:
            continue
        kind = TYPE_INDEX.get(kinds.get(person_id) or "other", OTHER)
        direct[trainer] += 1
        direct_by_type[trainer][kind] += 1
        below = total_by_type[trainer]
        below[kind] += 1
        if person_id in children:
            total[trainer] += 1 + total[person_id]
            for i, count in enumerate(total_by_type[person_id]):
                below[i] += count
        else:
            total[trainer] += 1
    return direct, total, direct_by_type, total_by_type


def _refuse_cycle(parent: dict, labels: dict, reached: set[int]) -> None:
    start = next(i for i in parent if i not in reached)
    path, seen = [], set()
    current = start
    while current not in seen:
        seen.add(current)
        path.append(current)
        current = parent[current]
    loop = path[path.index(current):]
    names = [_label(labels, i) for i in loop]
    described = ", ".join(f"{names[(k + 1) % len(names)]} trained {names[k]}" for k in range(len(names)))
    raise CascadeCycleError(f"The cascade has a cycle and cannot be shown: {described}. "
                            "Change the trainer of one of those cohorts.")


# --- loading ------------------------------------------------------------------------------------
def _scope(query, programme_id: int | None):
    query = query.join(Cohort, Cohort.id == Enrolment.cohort_id).where(Enrolment.status.in_(TRAINED))
    return query.where(Cohort.programme_id == programme_id) if programme_id else query


def load_edges(s: Session, programme_id: int | None = None) -> list:
    """Everyone trained in scope with their trainer and type, earliest enrolment first: ONE query."""
    query = _scope(select(Enrolment.person_id, Enrolment.trained_by_person_id, Person.participant_type)
                   .join(Person, Person.id == Enrolment.person_id), programme_id)
    query = query.order_by(Cohort.start_date.is_(None), Cohort.start_date, Enrolment.id)
    return s.connection().execute(query).all()


def load_labels(s: Session, programme_id: int | None = None, extra: set[int] = frozenset()) -> dict:
    """Names and cohort names for showing the tree (not needed to count reach)."""
    labels: dict[int, tuple[str, str]] = {}
    query = _scope(select(Enrolment.person_id, Person.title, Person.first_name, Person.last_name, Cohort.name)
                   .join(Person, Person.id == Enrolment.person_id), programme_id)
    query = query.order_by(Cohort.start_date.is_(None).desc(), Cohort.start_date.desc(), Enrolment.id.desc())
    for person_id, title, first, last, cohort in s.connection().execute(query):
        labels[person_id] = (" ".join(p for p in (title, first, last) if p), cohort)   # earliest wins
    missing = set(extra) - labels.keys()
    if missing:
        for p in s.scalars(select(Person).where(Person.id.in_(missing))):
            labels[p.id] = (p.display_name, "")
    return labels


def reach(ctx: AppContext, programme_id: int | None = None) -> Cascade:
    """Direct and total reach of every trainer: one query and one pass (no names)."""
    with ctx.session() as s:
        edges = load_edges(s, programme_id)
    return build_cascade(edges)


def cascade(ctx: AppContext, programme_id: int | None = None) -> Cascade:
    """The tree for one programme (or every programme when ``programme_id`` is None), with names."""
    with ctx.session() as s:
        edges = load_edges(s, programme_id)
        trainers = {row[1] for row in edges if row[1]}
        labels = load_labels(s, programme_id, trainers)
        result = build_cascade(edges, labels)
        result.trainers = trainer_ids(s)
    return result


def trainer_ids(s: Session) -> set[int]:
    query = (select(Enrolment.person_id).distinct().join(Cohort).join(Programme)
             .where(Enrolment.status == "completed", Programme.is_train_the_trainer.is_(True)))
    return {row[0] for row in s.connection().execute(query)}


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
