"""The frameworks and their principles: NHS England's ten by default, worded as the team wants, plus any
framework of their own (e.g. the Engagement Cycle's stages)."""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

from sqlalchemy import func, select

from sdm_desktop.db.models import AssuranceFramework, AssurancePrinciple
from sdm_desktop.errors import UserError
from sdm_desktop.services.core import audit
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.core.undo import UndoStep
from sdm_desktop.services.core.validation import FieldErrors, ValidationError, check_text
from sdm_desktop.services.core.versions import Written, current_version, expect_version

TITLE_LIMIT = 300
NAME_LIMIT = 200
DESCRIPTION_LIMIT = 5_000


@dataclass(frozen=True)
class Principle:
    id: int
    framework_id: int
    number: int
    title: str
    description: str
    row_version: int

    @property
    def label(self) -> str:
        return f"{self.number}. {self.title}"


def frameworks(ctx: AppContext) -> list[tuple[int, str]]:
    with ctx.session() as s:
        return [(row.id, row.name) for row in s.execute(select(AssuranceFramework.id, AssuranceFramework.name)
                                                        .order_by(AssuranceFramework.id))]


def framework_id(ctx: AppContext, name: str | None) -> int:
    """The framework called ``name`` (any case), or the first one when no name is given."""
    known = frameworks(ctx)
    if not known:
        raise UserError("There is no framework of principles: add one with 'sdm-desktop assurance add-framework'.")
    if not name:
        return known[0][0]
    for fid, fname in known:
        if fname.casefold() == name.strip().casefold():
            return fid
    raise UserError(f"No framework called {name!r}. There are: {', '.join(n for _i, n in known)}.")


def principles(ctx: AppContext, framework: int) -> list[Principle]:
    with ctx.session() as s:
        rows = s.scalars(select(AssurancePrinciple).where(AssurancePrinciple.framework_id == framework)
                         .order_by(AssurancePrinciple.number, AssurancePrinciple.id))
        return [_principle(p) for p in rows]


def _principle(p: AssurancePrinciple) -> Principle:
    return Principle(p.id, p.framework_id, p.number, p.title, p.description or "", p.row_version)


def principle_by_number(ctx: AppContext, framework: int, number: int) -> Principle:
    for p in principles(ctx, framework):
        if p.number == number:
            return p
    raise UserError(f"There is no principle {number} in this framework.")


def plain_text(**values: str | None) -> dict[str, str | None]:
    """The values with control characters refused (ValidationError naming the field); names ending in
    ``_lines`` may hold line breaks, the others are one line."""
    errors = FieldErrors()
    data = SimpleNamespace(**values)
    tidied = check_text(errors, data, tuple(values), multiline=tuple(n for n in values if n.endswith("_lines")))
    if errors:
        raise ValidationError(FieldErrors({name.removesuffix("_lines"): message
                                           for name, message in errors.errors.items()}))
    return {**values, **tidied}


def _checked(title: str, description: str | None) -> tuple[str, str | None]:
    values = plain_text(title=title or "", description_lines=description or "")
    title = " ".join(values["title"].split())
    if not title:
        raise ValidationError(FieldErrors({"title": "is needed"}))
    if len(title) > TITLE_LIMIT:
        raise ValidationError(FieldErrors({"title": f"is longer than {TITLE_LIMIT} characters"}))
    description = values["description_lines"].strip() or None
    if description and len(description) > DESCRIPTION_LIMIT:
        raise ValidationError(FieldErrors({"description": f"is longer than {DESCRIPTION_LIMIT:,} characters"}))
    return title, description


def add_framework(ctx: AppContext, name: str, source: str | None = None) -> int:
    name = " ".join(plain_text(name=name or "")["name"].split())
    if not name:
        raise ValidationError(FieldErrors({"name": "is needed"}))
    if len(name) > NAME_LIMIT:
        raise ValidationError(FieldErrors({"name": f"is longer than {NAME_LIMIT} characters"}))
    with ctx.session() as s:
        if s.scalar(select(AssuranceFramework.id).where(func.lower(AssuranceFramework.name) == name.lower())):
            raise UserError(f"There is already a framework called {name!r}.")
        row = AssuranceFramework(name=name, source=source)
        s.add(row)
        s.flush()
        audit.record(s, "create", "assurance_framework", row.id, name=name)
        return row.id


def add_principle(ctx: AppContext, framework: int, title: str, description: str | None = None) -> int:
    title, description = _checked(title, description)
    with ctx.session() as s:
        number = (s.scalar(select(func.max(AssurancePrinciple.number))
                           .where(AssurancePrinciple.framework_id == framework)) or 0) + 1
        row = AssurancePrinciple(framework_id=framework, number=number, title=title, description=description)
        s.add(row)
        s.flush()
        audit.record(s, "create", "assurance_principle", row.id, number=number)
        new_id = row.id
    ctx.undo.push(UndoStep(f"add principle {number}", lambda: _delete(ctx, new_id)))
    return new_id


def principle_version(ctx: AppContext, principle_id: int) -> int | None:
    return current_version(ctx, "assurance_principle", principle_id)


def update_principle(ctx: AppContext, principle_id: int, title: str, description: str | None, *,
                     expected_version: int | None = None) -> None:
    """Reword a principle. With ``expected_version`` a principle a colleague changed since is refused."""
    title, description = _checked(title, description)
    with ctx.session() as s:
        row = s.get(AssurancePrinciple, principle_id)
        label = f"Principle {row.number}" if row is not None else "The principle"
        expect_version(s, row, expected_version, "assurance_principle", principle_id, label)
        before = (row.title, row.description)
        row.title, row.description = title, description
        audit.record(s, "update", "assurance_principle", principle_id)
        s.flush()
        written = [Written("assurance_principle", principle_id, row.row_version, label)]
    ctx.undo.push(UndoStep(f"edit {label.lower()}", lambda: _put_back(ctx, principle_id, before), written))


def _put_back(ctx: AppContext, principle_id: int, before: tuple[str, str | None]) -> None:
    with ctx.session() as s:
        row = s.get(AssurancePrinciple, principle_id)
        if row is not None:
            row.title, row.description = before
            audit.record(s, "undo update", "assurance_principle", principle_id)


def _delete(ctx: AppContext, principle_id: int) -> None:
    with ctx.session() as s:
        row = s.get(AssurancePrinciple, principle_id)
        if row is not None:
            s.delete(row)
            audit.record(s, "delete", "assurance_principle", principle_id)
