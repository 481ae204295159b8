"""The audit trail: who changed what, when. Written in the same transaction as the change."""

from __future__ import annotations

import getpass
import json

from sqlalchemy.orm import Session

from sdm_desktop.db.models import AuditEvent


def current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001
        return "unknown"


def record(session: Session, action: str, entity: str, entity_id: int | None = None, **detail) -> None:
    session.add(AuditEvent(
        actor=current_user(), action=action, entity=entity, entity_id=entity_id,
        detail=json.dumps(detail, default=str) if detail else None,
    ))
