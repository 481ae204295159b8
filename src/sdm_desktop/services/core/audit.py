"""The audit trail: who changed what, when. Written in the same transaction as the change.

Who: the person logged in to the computer (the OS login). On a team database the database role the app
connects as is added when it differs from the login ("asha (sdm_team)"): with one role per person that names
them even on a shared computer account, and with one role shared by the team the login still tells them apart.
"""

from __future__ import annotations

import getpass
import json
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from sdm_desktop.db.models import AuditEvent

# What changes a record itself (not an export, a letter written to someone or a share of a resource).
CHANGING_ACTIONS = ("create", "update", "undo update", "undo create", "undo delete", "erase")


def current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001
        return "unknown"


def actor(session: Session) -> str:
    """Who is making this change: the OS login, with the database role when a server's role differs."""
    login = current_user()
    bind = session.get_bind()
    if bind.dialect.name == "sqlite":
        return login
    role = bind.engine.url.username
    return f"{login} ({role})" if role and role != login else login


def record(session: Session, action: str, entity: str, entity_id: int | None = None, **detail) -> None:
    session.add(AuditEvent(
        actor=actor(session), action=action, entity=entity, entity_id=entity_id,
        detail=json.dumps(detail, default=str) if detail else None,
    ))


@dataclass(frozen=True)
class LastChange:
    actor: str
    at: datetime            # UTC, as stored

    def sentence(self) -> str:
        local = self.at.replace(tzinfo=UTC).astimezone()
        return f"Last changed by {self.actor or 'unknown'} on {local:%d %b %Y at %H:%M}"


def last_change(session: Session, entity: str, entity_id: int) -> LastChange | None:
    """Who last changed this record and when, from the audit trail (None if it has no entry)."""
    row = session.execute(
        select(AuditEvent.actor, AuditEvent.at)
        .where(AuditEvent.entity == entity, AuditEvent.entity_id == entity_id,
               AuditEvent.action.in_(CHANGING_ACTIONS))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(1)).first()
    return LastChange(row.actor, row.at) if row else None


def last_changed(ctx, entity: str, entity_id: int) -> LastChange | None:
    """``last_change`` in a session of its own, for an editor showing "Last changed by … on …"."""
    with ctx.session() as session:
        return last_change(session, entity, entity_id)
