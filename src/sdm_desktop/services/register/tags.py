"""Tags shared by organisations and people."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from sdm_desktop.db.models import Tag
from sdm_desktop.services.core.versions import mark_changed


def get_or_create_tags(session: Session, names: list[str]) -> list[Tag]:
    wanted = sorted({n.strip() for n in names if n and n.strip()})
    if not wanted:
        return []
    existing = {t.name: t for t in session.scalars(select(Tag).where(Tag.name.in_(wanted)))}
    for name in wanted:
        if name not in existing:
            tag = Tag(name=name[:80])
            session.add(tag)
            existing[name] = tag
    return [existing[n] for n in wanted]


def set_tags(session: Session, row, names: list[str]) -> None:
    tags = get_or_create_tags(session, names)
    if {t.id for t in tags} != {t.id for t in row.tags}:
        row.tags = tags
        mark_changed(row)


def all_tag_names(session: Session) -> list[str]:
    return list(session.scalars(select(Tag.name).order_by(Tag.name)))
