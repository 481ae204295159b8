"""Which plans and activities evidence which principles. An activity evidences what it is tagged with and
what its plan is tagged with."""

from __future__ import annotations

from sqlalchemy import delete, insert, select

from sdm_desktop.db.models import Activity, EngagementPlan, activity_principles, plan_principles
from sdm_desktop.services.core import audit
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.core.undo import UndoStep

_LINKS = {"activity": (activity_principles, activity_principles.c.activity_id, Activity),
          "plan": (plan_principles, plan_principles.c.plan_id, EngagementPlan)}


def principles_of(ctx: AppContext, kind: str, owner_id: int) -> set[int]:
    table, owner, _model = _LINKS[kind]
    with ctx.session() as s:
        return set(s.scalars(select(table.c.principle_id).where(owner == owner_id)))


def set_principles(ctx: AppContext, kind: str, owner_id: int, principle_ids: set[int]) -> None:
    """Tag a plan or an activity with exactly these principles (one undo puts back the tags it had)."""
    before = principles_of(ctx, kind, owner_id)
    _write(ctx, kind, owner_id, set(principle_ids))
    ctx.undo.push(UndoStep(f"tag {kind} with principles", lambda: _write(ctx, kind, owner_id, before)))


def tag(ctx: AppContext, kind: str, owner_id: int, principle_id: int, on: bool) -> None:
    wanted = principles_of(ctx, kind, owner_id)
    set_principles(ctx, kind, owner_id, (wanted | {principle_id}) if on else (wanted - {principle_id}))


def _write(ctx: AppContext, kind: str, owner_id: int, principle_ids: set[int]) -> None:
    table, owner, model = _LINKS[kind]
    with ctx.session() as s:
        if s.get(model, owner_id) is None:
            raise LookupError(f"No {kind} with id {owner_id}")
        s.execute(delete(table).where(owner == owner_id))
        if principle_ids:
            s.execute(insert(table), [{owner.key: owner_id, "principle_id": p} for p in sorted(principle_ids)])
        audit.record(s, "tag principles", "activity" if kind == "activity" else "engagement_plan", owner_id,
                     principles=sorted(principle_ids))
