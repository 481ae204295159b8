"""The cascade of trainers: who trained whom, as a tree, and each trainer's reach.

A person becomes a *trainer* by completing a train-the-trainer programme. A cohort run by
a trainer (``cohort.trainer_person_id``) links each participant to that trainer
(``enrolment.trained_by_person_id``). Everyone trained (attended or completed) is a node;
their parent is the trainer of their earliest such enrolment in scope. Reach is computed
in one pass over the adjacency list loaded by one query; a cycle is refused.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import exists, select
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


@dataclass
class Edge:
    person_id: int
    trainer_id: int | None
    participant_type: str | None = None
    name: str = ""
    cohort_name: str = ""


@dataclass
class CascadeNode:
    person_id: int
    name: str = ""
    participant_type: str | None = None
    cohort_name: str = ""
    parent_id: int | None = None
    children: list[int] = field(default_factory=list)
    direct: int = 0
    total: int = 0
    direct_by_type: list[int] = field(default_factory=lambda: [0] * len(TYPES))
    total_by_type: list[int] = field(default_factory=lambda: [0] * len(TYPES))
    is_trainer: bool = False

    def by_type(self, counts: list[int]) -> dict[str, int]:
        return dict(zip(TYPES, counts))


@dataclass
class Cascade:
    nodes: dict[int, CascadeNode]
    roots: list[int]

    @property
    def generations(self) -> int:
        depth, level = 0, list(self.roots)
        while level:
            depth += 1
            level = [c for n in level for c in self.nodes[n].children]
        return depth

    def trainers_by_reach(self) -> list[CascadeNode]:
        found = [n for n in self.nodes.values() if n.direct]
        return sorted(found, key=lambda n: (-n.total, -n.direct, n.name.lower()))


def build_cascade(edges: list[Edge], names: dict[int, str] | None = None) -> Cascade:
    """One pass: link each node to its first trainer, then add up counts bottom-up. Refuses cycles."""
    nodes: dict[int, CascadeNode] = {}
    for edge in edges:
        if edge.person_id in nodes:
            continue          # earlier enrolment already placed this person
        nodes[edge.person_id] = CascadeNode(edge.person_id, edge.name, edge.participant_type, edge.cohort_name,
                                            parent_id=edge.trainer_id)
    for node in list(nodes.values()):
        parent = node.parent_id
        if parent is None:
            continue
        if parent == node.person_id:
            raise CascadeCycleError(f"The cascade has a cycle: {node.name or node.person_id} is recorded as "
                                    "trained by themselves. Change the trainer of that cohort.")
        if parent not in nodes:
            nodes[parent] = CascadeNode(parent, (names or {}).get(parent, ""))
        nodes[parent].children.append(node.person_id)
    roots = [n.person_id for n in nodes.values() if n.parent_id is None]
    _add_up(nodes, roots)
    return Cascade(nodes, sorted(roots, key=lambda i: nodes[i].name.lower()))


def _add_up(nodes: dict[int, CascadeNode], roots: list[int]) -> None:
    order: list[int] = []
    stack = list(roots)
    while stack:                       # pre-order walk; reversed it is a valid post-order
        current = stack.pop()
        order.append(current)
        stack.extend(nodes[current].children)
    if len(order) != len(nodes):
        _refuse_cycle(nodes, set(order))
    for person_id in reversed(order):
        node = nodes[person_id]
        node.is_trainer = node.is_trainer or bool(node.children)
        for child_id in node.children:
            child = nodes[child_id]
            kind = TYPE_INDEX.get(child.participant_type or "other", OTHER)
            node.direct += 1
            node.direct_by_type[kind] += 1
            node.total += 1 + child.total
            node.total_by_type[kind] += 1
            for i, count in enumerate(child.total_by_type):
                node.total_by_type[i] += count


def _refuse_cycle(nodes: dict[int, CascadeNode], reached: set[int]) -> None:
    start = next(i for i in nodes if i not in reached)
    path, seen = [], set()
    current = start
    while current not in seen:
        seen.add(current)
        path.append(current)
        current = nodes[current].parent_id
    loop = path[path.index(current):]
    names = [nodes[i].name or f"person {i}" for i in loop]
    described = ", ".join(f"{names[(k + 1) % len(names)]} trained {names[k]}" for k in range(len(names)))
    raise CascadeCycleError(f"The cascade has a cycle and cannot be shown: {described}. "
                            "Change the trainer of one of those cohorts.")


# --- loading ------------------------------------------------------------------------------------
def load_edges(s: Session, programme_id: int | None = None) -> list[Edge]:
    """Everyone trained in scope, earliest enrolment first, with their trainer: one query."""
    query = (select(Enrolment.person_id, Enrolment.trained_by_person_id, Person.participant_type,
                    Person.title, Person.first_name, Person.last_name, Cohort.name)
             .join(Person, Person.id == Enrolment.person_id).join(Cohort, Cohort.id == Enrolment.cohort_id)
             .where(Enrolment.status.in_(TRAINED))
             .order_by(Cohort.start_date.is_(None), Cohort.start_date, Enrolment.id))
    if programme_id:
        query = query.where(Cohort.programme_id == programme_id)
    return [Edge(pid, tid, ptype, " ".join(p for p in (title, first, last) if p), cohort)
            for pid, tid, ptype, title, first, last, cohort in s.execute(query)]


def cascade(ctx: AppContext, programme_id: int | None = None) -> Cascade:
    """The tree for one programme (or every programme when ``programme_id`` is None)."""
    with ctx.session() as s:
        edges = load_edges(s, programme_id)
        placed = {e.person_id for e in edges}
        outside = {e.trainer_id for e in edges if e.trainer_id and e.trainer_id not in placed}
        names = {p.id: p.display_name for p in s.scalars(select(Person).where(Person.id.in_(outside)))} if outside else {}
        result = build_cascade(edges, names)
        trainers = trainer_ids(s)
    for node in result.nodes.values():
        node.is_trainer = node.is_trainer or node.person_id in trainers
    return result


def trainer_ids(s: Session) -> set[int]:
    return set(s.scalars(select(Enrolment.person_id).join(Cohort).join(Programme)
                         .where(Enrolment.status == "completed", Programme.is_train_the_trainer.is_(True))))


def is_trainer(s: Session, person_id: int) -> bool:
    return bool(s.scalar(select(exists().where(
        Enrolment.person_id == person_id, Enrolment.status == "completed",
        Enrolment.cohort_id == Cohort.id, Cohort.programme_id == Programme.id,
        Programme.is_train_the_trainer.is_(True)))))


def trainer_choices(ctx: AppContext) -> list[tuple[int, str]]:
    """People who completed a train-the-trainer programme, by name."""
    with ctx.session() as s:
        ids = trainer_ids(s)
        people = s.scalars(select(Person).where(Person.id.in_(ids))) if ids else []
        return sorted(((p.id, p.display_name) for p in people), key=lambda item: item[1].lower())


# --- refusing cycles when writing --------------------------------------------------------------
def _ancestors(s: Session, person_id: int) -> set[int]:
    """Everyone who trained this person, directly or further up, over every programme."""
    parents: dict[int, set[int]] = defaultdict(set)
    for child, parent in s.execute(select(Enrolment.person_id, Enrolment.trained_by_person_id)
                                   .where(Enrolment.trained_by_person_id.is_not(None))):
        parents[child].add(parent)
    found: set[int] = set()
    stack = [person_id]
    while stack:
        for parent in parents.get(stack.pop(), ()):
            if parent not in found:
                found.add(parent)
                stack.append(parent)
    return found


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
