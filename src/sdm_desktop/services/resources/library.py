"""The library of SDM resources: validate, create, edit, delete with undo, search and filter.

Offline copies live in ``services.resource_files``; the share log in ``services.resource_shares``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from datetime import date
from urllib.parse import urlsplit

from sqlalchemy import Select, String, delete, func, literal, or_, select
from sqlalchemy.orm import Session

from sdm_desktop.db.models import Resource, ShareLog
from sdm_desktop.services.core import audit, snapshots
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.core.text import MAX_TERM_LENGTH, like_escape, search_terms
from sdm_desktop.services.core.undo import UndoStep
from sdm_desktop.services.core.validation import (
    FieldErrors,
    ValidationError,
    check_length,
    clean,
    has_control_characters,
    plain_text,
)
from sdm_desktop.services.core.versions import current_version, expect_versions, get_expected, written_row
from sdm_desktop.services.core.vocab import label

KINDS = [("film", "Film"), ("leaflet", "Leaflet"), ("decision_aid", "Decision aid"),
         ("guideline", "Guideline"), ("tool", "Tool or checklist"), ("web_page", "Web page"),
         ("training", "Training"), ("other", "Other")]
AUDIENCES = [("", "Anyone"), ("patients", "Patients and carers"), ("public", "The public"),
             ("clinicians", "Clinicians"), ("trainers", "Trainers"), ("managers", "Managers and boards")]
TEXT_LIMITS = {"title": 300, "description": 20000, "url": 2000}
SORT_COLUMNS = {"title": "title", "kind": "kind", "kind_text": "kind", "audience": "audience",
                "audience_text": "audience", "source": "url",
                "tags": "tags", "shares": "shares", "last_shared": "last_shared", "updated": "updated_at"}


@dataclass
class ResourceInput:
    title: str = ""
    kind: str = "leaflet"
    description: str | None = None
    url: str | None = None
    audience: str | None = None
    tags: list[str] = field(default_factory=list)

    @classmethod
    def from_row(cls, row: Resource) -> ResourceInput:
        return cls(title=row.title, kind=row.kind, description=row.description, url=row.url,
                   audience=row.audience, tags=split_tags(row.tags))


@dataclass
class ResourceRow:
    """One line of the library as the table and the command line show it."""
    id: int
    title: str
    kind: str
    kind_text: str
    audience_text: str
    url: str | None
    file_name: str | None
    content_hash: str | None
    tags: str
    shares: int
    last_shared: str
    last_shared_on: date | None = None          # the same, as a date (exports)
    row_version: int = 0                        # as listed: a delete is refused if it changed since

    @property
    def source(self) -> str:
        parts = []
        if self.file_name:
            parts.append(f"Offline copy: {self.file_name}")
        if self.url:
            parts.append(self.url)
        return " · ".join(parts) or "—"


@dataclass
class ResourceFilter:
    text: str = ""
    kind: str | None = None
    audience: str | None = None
    tag: str | None = None


# --- validation ---------------------------------------------------------------------------------
def split_tags(text: str | None) -> list[str]:
    return sorted({t.strip() for t in (text or "").split(",") if t.strip()}, key=str.casefold)


def normalise_url(value: str | None) -> str | None:
    """Only web links (http or https) are stored; 'www.x.org' gets https:// in front."""
    text = clean(value)
    if text is None:
        return None
    if "://" not in text and not text.lower().startswith(("javascript:", "file:", "data:", "mailto:")):
        text = "https://" + text
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https"):
        raise ValueError(f"must be a web address starting http:// or https:// (not {parts.scheme}:)")
    if not parts.hostname or "." not in parts.hostname or any(c.isspace() for c in text):
        raise ValueError("is not a web address (for example https://www.nice.org.uk/guidance/ng197)")
    return text


def validate_resource(data: ResourceInput) -> ResourceInput:
    errors = FieldErrors()
    out = ResourceInput(**{**asdict(data), "tags": list(data.tags)})
    for name, limit in TEXT_LIMITS.items():
        value = plain_text(errors, name, clean(getattr(data, name)), multiline=name == "description")
        setattr(out, name, value)
        check_length(errors, name, value, limit)
    out.title = out.title or ""
    if not out.title:
        errors.add("title", "is required")
    if data.kind not in dict(KINDS):
        errors.add("kind", f"must be one of {', '.join(code for code, _ in KINDS)} (not {data.kind!r})")
    out.audience = clean(data.audience)
    if out.audience and out.audience not in dict(AUDIENCES):
        errors.add("audience", f"must be one of {', '.join(c for c, _ in AUDIENCES if c)}")
    try:
        out.url = normalise_url(data.url)
    except ValueError as exc:
        errors.add("url", str(exc))
    out.tags = split_tags(",".join(data.tags))
    if any(has_control_characters(tag) for tag in out.tags):
        errors.add("tags", "have a tag with an invisible control character (pasted from another program?); retype it")
    if len(", ".join(out.tags)) > 300:
        errors.add("tags", "are too long (300 characters at most in all)")
    if errors:
        raise ValidationError(errors)
    return out


# --- create, edit, delete -----------------------------------------------------------------------
def _apply(row: Resource, data: ResourceInput) -> None:
    for f in fields(ResourceInput):
        if f.name != "tags":
            setattr(row, f.name, getattr(data, f.name))
    row.tags = ", ".join(data.tags) or None


def create_resource(ctx: AppContext, data: ResourceInput, *, undoable: bool = True) -> int:
    data = validate_resource(data)
    with ctx.session() as s:
        row = Resource()
        _apply(row, data)
        s.add(row)
        s.flush()
        audit.record(s, "create", "resource", row.id, title=row.title)
        new_id, written = row.id, written_row(s, row, data.title)
    if undoable:
        ctx.undo.push(UndoStep(f"add {data.title}", lambda: _delete_silently(ctx, [new_id], "undo create"),
                               written))
    return new_id


def get_resource(ctx: AppContext, resource_id: int) -> ResourceInput:
    with ctx.session() as s:
        return ResourceInput.from_row(_get(s, resource_id))


def _get(session: Session, resource_id: int) -> Resource:
    row = session.get(Resource, resource_id)
    if row is None:
        from sdm_desktop.errors import UserError
        raise UserError(f"There is no resource with id {resource_id}.")
    return row


def get_resource_version(ctx: AppContext, resource_id: int) -> int | None:
    """Read before the resource's values when opening the editor (see versions.read_version)."""
    return current_version(ctx, "resource", resource_id)


def update_resource(ctx: AppContext, resource_id: int, data: ResourceInput, *,
                    expected_version: int | None = None) -> None:
    """``expected_version`` (the version the editor opened) refuses a save over a colleague's change."""
    data = validate_resource(data)
    with ctx.session() as s:
        row = get_expected(s, Resource, resource_id, expected_version, lambda r: r.title, data.title)
        before = ResourceInput.from_row(row)
        _apply(row, data)
        audit.record(s, "update", "resource", resource_id, title=row.title)
        written = written_row(s, row, before.title)
    ctx.undo.push(UndoStep(f"edit {before.title}", lambda: _restore_fields(ctx, resource_id, before), written))


def _restore_fields(ctx: AppContext, resource_id: int, before: ResourceInput) -> None:
    with ctx.session() as s:
        row = s.get(Resource, resource_id)
        if row is not None:
            _apply(row, before)
            audit.record(s, "undo update", "resource", resource_id)


def delete_resources(ctx: AppContext, resource_ids: list[int], *, expected: dict[int, int] | None = None) -> None:
    """Delete resources with their share log; one undo puts it all back. Offline files stay on disk.
    ``expected`` (id → version as listed) refuses the delete of one a colleague changed since."""
    with ctx.session() as s:
        expect_versions(s, Resource, expected, lambda r: r.title)
        snap = snapshots.capture(s, Resource.__table__, resource_ids)
        s.execute(delete(Resource).where(Resource.id.in_(resource_ids)))
        for row_id in resource_ids:
            audit.record(s, "delete", "resource", row_id)
    what = "1 resource" if len(resource_ids) == 1 else f"{len(resource_ids)} resources"
    ctx.undo.push(UndoStep(f"delete {what}", lambda: _restore_snapshot(ctx, snap)))


def _restore_snapshot(ctx: AppContext, snap: snapshots.Snapshot) -> None:
    with ctx.session() as s:
        snapshots.restore(s, snap)
        audit.record(s, "undo delete", "resource")


def _delete_silently(ctx: AppContext, ids: list[int], action: str) -> None:
    with ctx.session() as s:
        s.execute(delete(ShareLog).where(ShareLog.resource_id.in_(ids)))
        s.execute(delete(Resource).where(Resource.id.in_(ids)))
        audit.record(s, action, "resource", ids[0] if len(ids) == 1 else None)


# --- search -------------------------------------------------------------------------------------
def _share_counts():
    return (select(ShareLog.resource_id, func.count().label("shares"),
                   func.max(ShareLog.shared_on).label("last_shared"))
            .group_by(ShareLog.resource_id).subquery())


def _filtered(query: Select, flt: ResourceFilter) -> Select:
    columns = (Resource.title, Resource.description, Resource.url, Resource.file_name, Resource.tags,
               Resource.kind, Resource.audience)
    for term in search_terms(flt.text):
        pattern = f"%{like_escape(term)}%"
        query = query.where(or_(*(func.lower(func.coalesce(c, "")).like(pattern, escape="\\") for c in columns)))
    if flt.kind:
        query = query.where(Resource.kind == flt.kind)
    if flt.audience is not None:
        query = query.where(func.coalesce(Resource.audience, "") == flt.audience)
    if flt.tag:
        wrapped = literal(", ", String) + func.lower(func.coalesce(Resource.tags, "")) + literal(",", String)
        tag = flt.tag.strip().lower()[:MAX_TERM_LENGTH]     # longer than any tag: matches none, as it should
        query = query.where(wrapped.like(f"%, {like_escape(tag)},%", escape="\\"))
    return query


def search_resource_ids(ctx: AppContext, flt: ResourceFilter | None = None, sort: str = "title",
                        descending: bool = False) -> list[int]:
    flt = flt or ResourceFilter()
    counts = _share_counts()
    query = _filtered(select(Resource.id).outerjoin(counts, counts.c.resource_id == Resource.id), flt)
    key = SORT_COLUMNS.get(sort, "title")
    if key in ("shares", "last_shared"):
        order = func.coalesce(counts.c[key], 0 if key == "shares" else "")
    elif key == "updated_at":
        order = Resource.updated_at
    else:
        order = func.lower(func.coalesce(getattr(Resource, key), ""))
    query = query.order_by(order.desc() if descending else order, func.lower(Resource.title), Resource.id)
    with ctx.session() as s:
        return list(s.scalars(query))


def load_resource_rows(ctx: AppContext, ids: list[int]) -> dict[int, ResourceRow]:
    if not ids:
        return {}
    counts = _share_counts()
    query = (select(Resource, counts.c.shares, counts.c.last_shared)
             .outerjoin(counts, counts.c.resource_id == Resource.id).where(Resource.id.in_(ids)))
    with ctx.session() as s:
        return {r.id: _row(r, shares or 0, last) for r, shares, last in s.execute(query)}


def _row(r: Resource, shares: int, last) -> ResourceRow:
    return ResourceRow(
        id=r.id, title=r.title, kind=r.kind, kind_text=label(KINDS, r.kind),
        audience_text=label(AUDIENCES, r.audience or ""), url=r.url, file_name=r.file_name,
        content_hash=r.content_hash, tags=r.tags or "", shares=shares,
        last_shared=last.strftime("%d/%m/%Y") if last else "", last_shared_on=last or None,
        row_version=r.row_version)


def list_resources(ctx: AppContext, flt: ResourceFilter | None = None) -> list[ResourceRow]:
    ids = search_resource_ids(ctx, flt)
    rows = load_resource_rows(ctx, ids)
    return [rows[i] for i in ids]


def resource_tags(ctx: AppContext) -> list[str]:
    with ctx.session() as s:
        texts = s.scalars(select(Resource.tags).where(Resource.tags.is_not(None)).distinct())
        return sorted({t for text in texts for t in split_tags(text)}, key=str.casefold)


def resource_count(ctx: AppContext) -> int:
    with ctx.session() as s:
        return s.scalar(select(func.count()).select_from(Resource)) or 0


def resources_table(ctx: AppContext, _args=None, flt: ResourceFilter | None = None,
                    ids: list[int] | None = None):
    """The library as a table (``export resources`` and "Export shown…"): the ids given, in order."""
    from sdm_desktop.services.exporting.tables import Table

    ids = search_resource_ids(ctx, flt) if ids is None else ids
    loaded = load_resource_rows(ctx, ids)
    rows = [loaded[i] for i in ids if i in loaded]
    headers = ["Id", "Title", "Kind", "Audience", "Link", "Offline copy", "SHA-256", "Tags", "Times shared",
               "Last shared"]
    table = Table(headers, [[r.id, r.title, r.kind_text, r.audience_text, r.url, r.file_name, r.content_hash,
                             r.tags, r.shares, r.last_shared_on] for r in rows],
                  total=len(rows), sheet_name="Resources")
    return table, ""
