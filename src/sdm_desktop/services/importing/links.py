"""The "reached through" column of an organisations import: the organisation each group is reached
through (a PPG's GP practice), named by its ODS code or its name.

The organisation named may be in the register or in the same file, before or after the row (so an
export re-imports with its links): links are worked out once every row is read, and written once every
row is in. A link that names nothing, names several organisations, names the row itself or would make a
circle is left out with a note on the row's line; the row is imported without it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from sdm_desktop.db.models import Organisation

# An organisation already in the register (its id), or a row this import creates ("line", line number).
Node = int | tuple[str, int]
SEVERAL = ("several", 0)


def _name_key(name: str | None) -> str:
    return " ".join((name or "").split()).casefold()


@dataclass
class _Wanted:
    line: int
    node: Node
    ref: str


@dataclass
class LinkPlan:
    graph: dict[Node, Node]                         # every link, as it will be
    ods: dict[str, Node]                            # the register's ODS codes
    names: dict[str, list[Node]]                    # the register's names (folded)
    file_ods: dict[str, Node] = field(default_factory=dict)
    file_names: dict[str, list[Node]] = field(default_factory=dict)
    items: dict[Node, object] = field(default_factory=dict)         # node -> its Pending row
    wanted: list[_Wanted] = field(default_factory=list)
    resolved: list[tuple[Node, Node]] = field(default_factory=list)

    @classmethod
    def load(cls, session: Session) -> LinkPlan:
        plan = cls({}, {}, {})
        for org_id, name, ods, through in session.execute(select(
                Organisation.id, Organisation.name, Organisation.ods_code, Organisation.reached_through_id)):
            if ods:
                plan.ods.setdefault(ods.upper(), org_id)
            plan.names.setdefault(_name_key(name), []).append(org_id)
            if through is not None:
                plan.graph[org_id] = through
        return plan

    def add_row(self, line: int, item, name: str, ods_code: str | None, ref: str | None) -> None:
        """A row accepted for import (``item``: its Pending create or update) and the link its file gives."""
        node: Node = item.target if item.target is not None else ("line", line)
        self.items[node] = item
        if item.target is None:              # rows this import creates can be named by later rows too
            if ods_code:
                self.file_ods.setdefault(ods_code.upper(), node)
            self.file_names.setdefault(_name_key(name), []).append(node)
        if (ref or "").strip():
            self.wanted.append(_Wanted(line, node, ref.strip()))

    def _find(self, ref: str) -> Node | None:
        code = ref.upper().replace(" ", "")
        for index in (self.ods, self.file_ods):
            if code in index:
                return index[code]
        for index in (self.names, self.file_names):
            found = index.get(_name_key(ref), [])
            if found:
                return found[0] if len(found) == 1 else SEVERAL
        return None

    def _circle(self, node: Node, target: Node) -> bool:
        seen: set = set()
        while target is not None and target not in seen:
            if target == node:
                return True
            seen.add(target)
            target = self.graph.get(target)
        return False

    def check(self) -> list[tuple[int, str]]:
        """Work out every link; (line, note) for each left out."""
        notes = []
        for wanted in self.wanted:
            target = self._find(wanted.ref)
            if target is None:
                problem = f"no organisation has the ODS code or name {wanted.ref!r}"
            elif target == SEVERAL:
                problem = f"several organisations are called {wanted.ref!r}; give its ODS code instead"
            elif target == wanted.node:
                problem = "cannot be the group itself"
            elif self._circle(wanted.node, target):
                problem = f"{wanted.ref!r} is itself reached through this group, which would make a circle"
            else:
                self.graph[wanted.node] = target
                self.resolved.append((wanted.node, target))
                continue
            notes.append((wanted.line, f"reached_through: {problem}; imported without the link"))
        return notes

    def _id(self, node: Node) -> int:
        return node if isinstance(node, int) else self.items[node].row["id"]

    def linked_ids(self) -> list[int]:
        """The groups given a link by ``write``."""
        return [self._id(node) for node, _target in self.resolved]

    def write(self, session: Session) -> None:
        """Set the links worked out by ``check``, once every row has its id. The rows keep the batch's time
        (an undo tells later edits apart by it)."""
        table = Organisation.__table__
        params = [{"row_id": self._id(node), "target": self._id(target)} for node, target in self.resolved]
        if params:
            session.connection().execute(
                update(table).where(table.c.id == bindparam("row_id"))
                .values(reached_through_id=bindparam("target"), updated_at=table.c.updated_at), params)
