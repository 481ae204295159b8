"""The codebook of a consultation: the activity's own themes, and those its plan shares with every activity of
the plan, with optional sub-themes, a description and an example each. Create, rename, edit, merge, delete."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, func, insert, or_, select, update

from sdm_desktop.db.models import Activity
from sdm_desktop.db.models.consultation import (
    AnswerTheme,
    ConsultationAnswer,
    ConsultationQuote,
    ConsultationResponse,
    ConsultationTheme,
    theme_feedback,
)
from sdm_desktop.errors import UserError
from sdm_desktop.services.consultation.activity import activity_or_error
from sdm_desktop.services.core import audit
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.core.undo import UndoStep
from sdm_desktop.services.core.validation import FieldErrors, ValidationError, check_length, plain_text
from sdm_desktop.services.core.versions import Written, expect_version

NAME_LIMIT = 200
TEXT_LIMIT = 5_000


@dataclass(frozen=True)
class Theme:
    id: int
    name: str
    parent_id: int | None
    description: str
    example: str
    shared: bool             # in the plan's codebook, shared by all its activities
    row_version: int
    answers: int = 0         # answers any coder gave this theme

    @property
    def is_sub_theme(self) -> bool:
        return self.parent_id is not None


def _in_codebook(activity: Activity):
    return or_(ConsultationTheme.activity_id == activity.id,
               (ConsultationTheme.activity_id.is_(None)) & (ConsultationTheme.plan_id == activity.plan_id))


def codebook_rows(s, activity: Activity) -> list[ConsultationTheme]:
    """The activity's own themes, then those shared by its plan, each in codebook position order."""
    return list(s.scalars(select(ConsultationTheme).where(_in_codebook(activity))
                          .order_by(ConsultationTheme.activity_id.is_(None), ConsultationTheme.position,
                                    ConsultationTheme.id)))


def codebook(ctx: AppContext, activity_id: int, *, with_counts: bool = False) -> list[Theme]:
    """The activity's themes in the order they are shown and numbered: each theme, then its sub-themes; the
    activity's own first, then those shared by its plan."""
    with ctx.session() as s:
        activity = activity_or_error(s, activity_id)
        rows = codebook_rows(s, activity)
        counts = _answer_counts(s, activity_id, rows) if with_counts else {}
        themes = [Theme(r.id, r.name, r.parent_id, r.description or "", r.example or "", r.activity_id is None,
                        r.row_version, counts.get(r.id, 0)) for r in rows]
    return _in_reading_order(themes)


def _answer_counts(s, activity_id: int, rows: list[ConsultationTheme]) -> dict[int, int]:
    """Answers with each theme: an activity's own theme counts by its index; a theme shared by the plan counts
    only this activity's answers."""
    own = [r.id for r in rows if r.activity_id is not None]
    shared = [r.id for r in rows if r.activity_id is None]
    counted = func.count(func.distinct(AnswerTheme.answer_id))
    counts = dict(s.execute(select(AnswerTheme.theme_id, counted).where(AnswerTheme.theme_id.in_(own))
                            .group_by(AnswerTheme.theme_id)).all()) if own else {}
    if shared:
        counts.update(s.execute(select(AnswerTheme.theme_id, counted)
                                .join(ConsultationAnswer, ConsultationAnswer.id == AnswerTheme.answer_id)
                                .join(ConsultationResponse, ConsultationResponse.id == ConsultationAnswer.response_id)
                                .where(AnswerTheme.theme_id.in_(shared),
                                       ConsultationResponse.activity_id == activity_id)
                                .group_by(AnswerTheme.theme_id)).all())
    return counts


def _in_reading_order(themes: list[Theme]) -> list[Theme]:
    known = {t.id for t in themes}
    children: dict[int, list[Theme]] = {}
    for t in themes:
        if t.parent_id in known:
            children.setdefault(t.parent_id, []).append(t)
    ordered = []
    for t in themes:
        if t.parent_id not in known:
            ordered.append(t)
            ordered.extend(children.get(t.id, []))
    return ordered


def find_theme(ctx: AppContext, activity_id: int, name: str) -> Theme:
    """The theme of that name (any case) in the activity's codebook; a UserError naming the choices if none."""
    themes = codebook(ctx, activity_id)
    wanted = " ".join(name.split()).casefold()
    for theme in themes:
        if theme.name.casefold() == wanted:
            return theme
    listed = ", ".join(t.name for t in themes[:12]) or "none yet: add one with 'responses themes --add NAME'"
    raise UserError(f"There is no theme {name[:80]!r} for activity {activity_id}; themes: {listed}.")


def _checked(name: str, description: str | None, example: str | None) -> tuple[str, str | None, str | None]:
    errors = FieldErrors()
    name = " ".join((plain_text(errors, "name", name or "") or "").split())
    description = plain_text(errors, "description", (description or "").strip(), multiline=True) or None
    example = plain_text(errors, "example", (example or "").strip(), multiline=True) or None
    if not name:
        errors.add("name", "is required")
    check_length(errors, "name", name, NAME_LIMIT)
    check_length(errors, "description", description, TEXT_LIMIT)
    check_length(errors, "example", example, TEXT_LIMIT)
    if errors:
        raise ValidationError(errors)
    return name, description, example


def _refuse_duplicate(s, activity: Activity, name: str, except_id: int | None = None) -> None:
    same = s.scalar(select(ConsultationTheme.id).where(
        _in_codebook(activity), func.lower(ConsultationTheme.name) == name.lower(),
        ConsultationTheme.id != (except_id or 0)))
    if same is not None:
        raise UserError(f"There is already a theme called {name!r} in this codebook.")


def add_theme(ctx: AppContext, activity_id: int, name: str, *, parent_id: int | None = None,
              description: str | None = None, example: str | None = None, shared: bool = False) -> Theme:
    """A new theme at the end of the codebook (under ``parent_id`` as a sub-theme); ``shared``: in the plan's
    codebook, offered to every activity of the plan."""
    name, description, example = _checked(name, description, example)
    with ctx.session() as s:
        activity = activity_or_error(s, activity_id)
        _refuse_duplicate(s, activity, name)
        if parent_id is not None:
            parent = s.get(ConsultationTheme, parent_id)
            if parent is None or parent.parent_id is not None:
                raise UserError("A sub-theme goes under a main theme of the same codebook (not a sub-theme).")
            shared = parent.activity_id is None
        last = s.scalar(select(func.max(ConsultationTheme.position)).where(_in_codebook(activity))) or 0
        row = ConsultationTheme(activity_id=None if shared else activity_id, plan_id=activity.plan_id,
                                parent_id=parent_id, name=name, description=description, example=example,
                                position=last + 1)
        s.add(row)
        s.flush()
        audit.record(s, "create", "consultation_theme", row.id, name=name)
        theme = Theme(row.id, name, parent_id, description or "", example or "", shared, row.row_version)
    ctx.undo.push(UndoStep(f"add theme {name}", lambda: _remove_added(ctx, [theme.id]),
                           [Written("consultation_theme", theme.id, theme.row_version, f"The theme {name}")]))
    return theme


def add_new_themes(ctx: AppContext, activity_id: int, wanted: list[tuple[str, str | None, str | None]],
                   undo_text: str) -> list[int]:
    """Several (name, description, example) themes at the end of the activity's own codebook in one step, one
    undo; names the codebook already has (the plan's shared themes too) are left out. The new themes' ids."""
    checked = [_checked(*theme) for theme in wanted]
    with ctx.session() as s:
        activity = activity_or_error(s, activity_id)
        taken = {row.name.casefold() for row in codebook_rows(s, activity)}
        last = s.scalar(select(func.max(ConsultationTheme.position)).where(_in_codebook(activity))) or 0
        rows = []
        for name, description, example in checked:
            if name.casefold() not in taken:
                taken.add(name.casefold())
                rows.append(ConsultationTheme(activity_id=activity_id, plan_id=activity.plan_id, name=name,
                                              description=description, example=example,
                                              position=last + len(rows) + 1))
        if not rows:
            raise UserError("The codebook already has a theme of each name chosen.")
        s.add_all(rows)
        s.flush()
        for row in rows:
            audit.record(s, "create", "consultation_theme", row.id, name=row.name)
        written = [Written("consultation_theme", row.id, row.row_version, f"The theme {row.name}") for row in rows]
    made = [w.record_id for w in written]
    ctx.undo.push(UndoStep(undo_text, lambda: _remove_added(ctx, made), written))
    return made


def _remove_added(ctx: AppContext, theme_ids: list[int]) -> None:
    with ctx.session() as s:
        s.execute(delete(ConsultationTheme).where(ConsultationTheme.id.in_(theme_ids)))
        for theme_id in theme_ids:
            audit.record(s, "undo create", "consultation_theme", theme_id)


def edit_theme(ctx: AppContext, theme_id: int, name: str, description: str | None, example: str | None,
               *, expected_version: int | None = None) -> Theme:
    """Rename a theme or change its description and example (``expected_version``: as the editor read it)."""
    name, description, example = _checked(name, description, example)
    with ctx.session() as s:
        row = s.get(ConsultationTheme, theme_id)
        expect_version(s, row, expected_version, "consultation_theme", theme_id, "The theme")
        activity_id = row.activity_id or _any_activity_of_plan(s, row.plan_id)
        if activity_id is not None:
            _refuse_duplicate(s, activity_or_error(s, activity_id), name, except_id=theme_id)
        before = (row.name, row.description, row.example)
        row.name, row.description, row.example = name, description, example
        s.flush()
        audit.record(s, "update", "consultation_theme", theme_id, name=name, was=before[0])
        theme = Theme(row.id, name, row.parent_id, description or "", example or "", row.activity_id is None,
                      row.row_version)
    ctx.undo.push(UndoStep(f"edit theme {name}", lambda: _put_back(ctx, theme_id, before),
                           [Written("consultation_theme", theme_id, theme.row_version, f"The theme {name}")]))
    return theme


def rename_theme(ctx: AppContext, theme_id: int, name: str, *, expected_version: int | None = None) -> Theme:
    with ctx.session() as s:
        row = s.get(ConsultationTheme, theme_id)
        expect_version(s, row, expected_version, "consultation_theme", theme_id, "The theme")
        description, example = row.description, row.example
    return edit_theme(ctx, theme_id, name, description, example, expected_version=expected_version)


def set_shared(ctx: AppContext, theme_id: int, activity_id: int, shared: bool) -> None:
    """Move a main theme (with its sub-themes) into the plan's shared codebook, or back to ``activity_id``'s."""
    if _share(ctx, theme_id, activity_id, shared):
        ctx.undo.push(UndoStep("share theme" if shared else "stop sharing theme",
                               lambda: _share(ctx, theme_id, activity_id, not shared)))


def _share(ctx: AppContext, theme_id: int, activity_id: int, shared: bool) -> bool:
    with ctx.session() as s:
        row = s.get(ConsultationTheme, theme_id)
        expect_version(s, row, None, "consultation_theme", theme_id, "The theme")
        if row.parent_id is not None:
            raise UserError("A sub-theme is shared with its main theme: share that one.")
        if (row.activity_id is None) == shared:
            return False
        owner = None if shared else activity_or_error(s, activity_id).id
        s.execute(update(ConsultationTheme).where(or_(ConsultationTheme.id == theme_id,
                                                      ConsultationTheme.parent_id == theme_id))
                  .values(activity_id=owner, row_version=ConsultationTheme.row_version + 1))
        audit.record(s, "update", "consultation_theme", theme_id, shared=shared)
    return True


def _any_activity_of_plan(s, plan_id: int | None) -> int | None:
    return s.scalar(select(Activity.id).where(Activity.plan_id == plan_id).limit(1))


def _put_back(ctx: AppContext, theme_id: int, before: tuple) -> None:
    with ctx.session() as s:
        row = s.get(ConsultationTheme, theme_id)
        if row is not None:
            row.name, row.description, row.example = before
            audit.record(s, "undo update", "consultation_theme", theme_id)


# --- merge and delete: what goes is kept so that undo can put it back ---------------------------
@dataclass
class _Removed:
    theme: dict
    answer_themes: list[dict]
    quotes: list[tuple[int, int | None]]     # (quote id, its theme before)
    feedback: list[int]
    children: list[int]


def _snapshot(s, theme_id: int) -> _Removed:
    row = s.get(ConsultationTheme, theme_id)
    columns = ConsultationTheme.__table__.columns
    return _Removed(
        theme={c.name: getattr(row, c.key) for c in columns},
        answer_themes=[dict(m) for m in s.execute(select(AnswerTheme.__table__)
                                                  .where(AnswerTheme.theme_id == theme_id)).mappings()],
        quotes=[(q, theme_id) for q in s.scalars(select(ConsultationQuote.id)
                                                 .where(ConsultationQuote.theme_id == theme_id))],
        feedback=list(s.scalars(select(theme_feedback.c.interaction_id).where(theme_feedback.c.theme_id == theme_id))),
        children=list(s.scalars(select(ConsultationTheme.id).where(ConsultationTheme.parent_id == theme_id))))


def merge_themes(ctx: AppContext, source_id: int, target_id: int, *, expected_version: int | None = None) -> int:
    """Fold ``source`` into ``target``: its answers, quotes, "you said, we did" links and sub-themes move to the
    target, and the source theme goes. Returns how many answers moved (those the target did not already have)."""
    if source_id == target_id:
        raise UserError("Choose another theme to merge into.")
    with ctx.session() as s:
        source, target = s.get(ConsultationTheme, source_id), s.get(ConsultationTheme, target_id)
        expect_version(s, source, expected_version, "consultation_theme", source_id, "The theme", doing="merged")
        expect_version(s, target, None, "consultation_theme", target_id, "The theme to merge into", doing="merged")
        if target.parent_id == source_id:
            raise UserError("A theme cannot be merged into one of its own sub-themes.")
        removed, names = _snapshot(s, source_id), (source.name, target.name)
        added = _move_answers(s, removed.answer_themes, target_id)
        s.execute(update(ConsultationQuote).where(ConsultationQuote.theme_id == source_id).values(theme_id=target_id))
        have = set(s.scalars(select(theme_feedback.c.interaction_id).where(theme_feedback.c.theme_id == target_id)))
        linked = [i for i in removed.feedback if i not in have]
        for interaction_id in linked:
            s.execute(insert(theme_feedback).values(theme_id=target_id, interaction_id=interaction_id))
        new_parent = None if target.parent_id is not None else target_id
        s.execute(update(ConsultationTheme).where(ConsultationTheme.parent_id == source_id)
                  .values(parent_id=new_parent))
        s.delete(source)
        moved = len({answer for answer, _coder in added})
        audit.record(s, "merge", "consultation_theme", source_id, into=target_id, name=names[0], answers=moved)
    ctx.undo.push(UndoStep(f"merge theme {names[0]} into {names[1]}",
                           lambda: _restore(ctx, removed, (target_id, added, linked))))
    return moved


def _move_answers(s, answer_themes: list[dict], target_id: int) -> list[tuple[int, str]]:
    """The (answer, coder) pairs given the target theme, leaving out those that had it already."""
    have = set(s.execute(select(AnswerTheme.answer_id, AnswerTheme.coder)
                         .where(AnswerTheme.theme_id == target_id)).all())
    added = [(a["answer_id"], a["coder"]) for a in answer_themes if (a["answer_id"], a["coder"]) not in have]
    if added:
        s.execute(insert(AnswerTheme), [{"answer_id": answer, "theme_id": target_id, "coder": coder}
                                        for answer, coder in added])
    return added


def delete_theme(ctx: AppContext, theme_id: int, *, expected_version: int | None = None) -> None:
    """Delete a theme with the coding that used it; its sub-themes become main themes. Undo puts it all back."""
    with ctx.session() as s:
        row = s.get(ConsultationTheme, theme_id)
        expect_version(s, row, expected_version, "consultation_theme", theme_id, "The theme", doing="deleted")
        removed, name = _snapshot(s, theme_id), row.name
        s.execute(update(ConsultationTheme).where(ConsultationTheme.parent_id == theme_id).values(parent_id=None))
        s.execute(update(ConsultationQuote).where(ConsultationQuote.theme_id == theme_id).values(theme_id=None))
        s.execute(delete(AnswerTheme).where(AnswerTheme.theme_id == theme_id))
        s.delete(row)
        audit.record(s, "delete", "consultation_theme", theme_id, name=name)
    ctx.undo.push(UndoStep(f"delete theme {name}", lambda: _restore(ctx, removed)))


def _restore(ctx: AppContext, removed: _Removed, merged: tuple[int, list, list] | None = None) -> None:
    """Put a deleted or merged theme back; after a merge, the target loses what the merge gave it."""
    theme_id = removed.theme["id"]
    with ctx.session() as s:
        if s.get(ConsultationTheme, theme_id) is not None:
            return
        s.execute(insert(ConsultationTheme.__table__).values(**removed.theme))
        if removed.answer_themes:
            s.execute(insert(AnswerTheme.__table__), [{k: v for k, v in a.items() if k != "id"}
                                                      for a in removed.answer_themes])
        quote_ids = [quote_id for quote_id, _theme in removed.quotes]
        if quote_ids:
            s.execute(update(ConsultationQuote).where(ConsultationQuote.id.in_(quote_ids)).values(theme_id=theme_id))
        for interaction_id in removed.feedback:
            s.execute(insert(theme_feedback).values(theme_id=theme_id, interaction_id=interaction_id))
        if removed.children:
            s.execute(update(ConsultationTheme).where(ConsultationTheme.id.in_(removed.children))
                      .values(parent_id=theme_id))
        if merged is not None:
            target_id, added, linked = merged
            for answer_id, coder in added:
                s.execute(delete(AnswerTheme).where(AnswerTheme.theme_id == target_id,
                                                    AnswerTheme.answer_id == answer_id, AnswerTheme.coder == coder))
            if linked:
                s.execute(delete(theme_feedback).where(theme_feedback.c.theme_id == target_id,
                                                       theme_feedback.c.interaction_id.in_(linked)))
        audit.record(s, "undo delete", "consultation_theme", theme_id)


def codebook_table(ctx: AppContext, activity_id: int):
    """The codebook as a table to export: number, theme, parent, shared, answers, description, example."""
    from sdm_desktop.services.exporting.tables import Table

    themes = codebook(ctx, activity_id, with_counts=True)
    names = {t.id: t.name for t in themes}
    rows = [[n, t.name, names.get(t.parent_id, ""), "yes" if t.shared else "", t.answers, t.description, t.example]
            for n, t in enumerate(themes, start=1)]
    return Table(["Number", "Theme", "Sub-theme of", "Shared by the plan", "Answers", "Description", "Example"],
                 rows, len(rows), "Codebook")
