"""The built-in resource pack: public SDM resources listed by title, kind and link only.

Loading it adds the entries whose link is not in the library yet, so it is safe to repeat.
Nothing is downloaded and nothing is sent over a network.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, select

from sdm_desktop import paths
from sdm_desktop.db.models import Resource
from sdm_desktop.errors import UserError
from sdm_desktop.services.core import audit
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.core.undo import UndoStep
from sdm_desktop.services.core.validation import ValidationError
from sdm_desktop.services.resources.library import ResourceInput, validate_resource

PACK_TAG = "starter pack"


@dataclass
class PackEntry:
    title: str
    kind: str
    url: str


def pack_path() -> Path:
    return paths.resources_dir() / "pack" / "sdm_resources.json"


def read_pack(path: Path | None = None) -> list[PackEntry]:
    """The pack's entries, checked; a broken pack is one clear message naming the entry."""
    path = path or pack_path()
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError(f"The resource pack {path} is missing.") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UserError(f"The resource pack {path.name} is not valid JSON: {exc}.") from None
    items = data.get("resources") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise UserError(f"The resource pack {path.name} has no list called \"resources\".")
    entries = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise UserError(f"The resource pack {path.name}: entry {number} is not an object.")
        try:
            checked = validate_resource(ResourceInput(title=str(item.get("title") or ""),
                                                      kind=str(item.get("kind") or ""), url=item.get("url")))
        except ValidationError as exc:
            raise UserError(f"The resource pack {path.name}: entry {number} is not usable ({exc}).") from None
        if not checked.url:
            raise UserError(f"The resource pack {path.name}: entry {number} has no link.")
        entries.append(PackEntry(checked.title, checked.kind, checked.url))
    return entries


def missing_pack_entries(ctx: AppContext, path: Path | None = None) -> list[PackEntry]:
    entries = read_pack(path)
    with ctx.session() as s:
        have = {u.rstrip("/").lower() for u in s.scalars(select(Resource.url).where(Resource.url.is_not(None)))}
    return [e for e in entries if e.url.rstrip("/").lower() not in have]


def load_pack(ctx: AppContext, path: Path | None = None, *, undoable: bool = True) -> int:
    """Add the pack's resources that are not in the library yet; returns how many were added."""
    entries = missing_pack_entries(ctx, path)
    if not entries:
        return 0
    with ctx.session() as s:
        rows = [Resource(title=e.title, kind=e.kind, url=e.url, tags=PACK_TAG) for e in entries]
        s.add_all(rows)
        s.flush()
        ids = [r.id for r in rows]
        audit.record(s, "load pack", "resource", None, added=len(ids))
    if undoable:
        ctx.undo.push(UndoStep("add the resource pack", lambda: _remove(ctx, ids)))
    return len(ids)


def _remove(ctx: AppContext, ids: list[int]) -> None:
    with ctx.session() as s:
        s.execute(delete(Resource).where(Resource.id.in_(ids)))
        audit.record(s, "undo load pack", "resource", None)
