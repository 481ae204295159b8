"""Closing the loop: a theme links to "you said, we did" entries (feedback interactions and the change each led
to), so the activity shows, per theme, how many people raised it and what changed because of it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import delete, insert, or_, select

from sdm_desktop.db.models import Activity, Interaction
from sdm_desktop.db.models.consultation import ConsultationTheme, theme_feedback
from sdm_desktop.errors import UserError
from sdm_desktop.services.consultation.activity import activity_or_error
from sdm_desktop.services.consultation.analysis import AnalysisFilter, analyse, codebook, theme_names
from sdm_desktop.services.core import audit
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.core.undo import UndoStep

LONGEST = 20_000


@dataclass(frozen=True)
class FeedbackEntry:
    interaction_id: int
    occurred_on: date
    you_said: str
    we_did: str                   # "" while no change is recorded
    told: bool                    # the people were told (a response interaction is recorded)


@dataclass
class ThemeLoop:
    theme_id: int
    theme: str
    people: int                   # distinct responses that raised it
    entries: list[FeedbackEntry] = field(default_factory=list)

    @property
    def changed(self) -> str:
        return "; ".join(e.we_did for e in self.entries if e.we_did)

    @property
    def state(self) -> str:
        if not self.entries:
            return "No “you said, we did” yet"
        if not self.changed:
            return "Awaiting a change"
        return "Loop closed" if all(e.told for e in self.entries if e.we_did) else "Change recorded, not yet told"


def _entry(row) -> FeedbackEntry:
    interaction_id, occurred_on, summary, change, told = row
    return FeedbackEntry(interaction_id, occurred_on, summary or "", change or "", told is not None)


ENTRY_COLUMNS = (Interaction.id, Interaction.occurred_on, Interaction.summary, Interaction.change_made,
                 Interaction.response_interaction_id)


def closing_the_loop(ctx: AppContext, activity_id: int, people: dict[int, int] | None = None) -> list[ThemeLoop]:
    """Every theme of the activity's codebook, most raised first: people who raised it (``people`` by theme when
    the caller has counted them already) and its linked entries."""
    counts = people if people is not None else {
        t.theme_id: t.people for t in analyse(ctx, activity_id, AnalysisFilter()).overall}
    with ctx.session() as s:
        activity = s.get(Activity, activity_id)
        themes = codebook(s, activity)
        names = theme_names(themes)
        links: dict[int, list[FeedbackEntry]] = {t.id: [] for t in themes}
        rows = s.execute(select(theme_feedback.c.theme_id, *ENTRY_COLUMNS)
                         .join(Interaction, Interaction.id == theme_feedback.c.interaction_id)
                         .where(theme_feedback.c.theme_id.in_(list(links)))
                         .order_by(Interaction.occurred_on, Interaction.id)).all()
    for theme_id, *entry in rows:
        links[theme_id].append(_entry(entry))
    loops = [ThemeLoop(t.id, names[t.id], counts.get(t.id, 0), links[t.id]) for t in themes]
    return sorted(loops, key=lambda loop: (-loop.people, loop.theme.casefold()))


def feedback_choices(ctx: AppContext, activity_id: int, limit: int = 300) -> list[FeedbackEntry]:
    """"You said, we did" entries a theme could link to: the activity's own first, then the newest others."""
    with ctx.session() as s:
        own = s.execute(select(*ENTRY_COLUMNS).where(Interaction.is_feedback.is_(True),
                                                     Interaction.activity_id == activity_id)
                        .order_by(Interaction.occurred_on.desc(), Interaction.id.desc())).all()
        others = s.execute(select(*ENTRY_COLUMNS).where(
            Interaction.is_feedback.is_(True),
            or_(Interaction.activity_id.is_(None), Interaction.activity_id != activity_id))
            .order_by(Interaction.occurred_on.desc(), Interaction.id.desc()).limit(limit)).all()
    return [_entry(r) for r in [*own, *others][:limit]]


def _theme(s, theme_id: int) -> ConsultationTheme:
    theme = s.get(ConsultationTheme, theme_id)
    if theme is None:
        raise LookupError(f"No theme with id {theme_id}")
    return theme


def _linked(s, theme_id: int) -> set[int]:
    return set(s.scalars(select(theme_feedback.c.interaction_id).where(theme_feedback.c.theme_id == theme_id)))


def link_feedback(ctx: AppContext, theme_id: int, interaction_id: int, on: bool = True) -> None:
    """Link (or unlink) a theme and a "you said, we did" entry; one undo puts it back."""
    with ctx.session() as s:
        _theme(s, theme_id)
        entry = s.get(Interaction, interaction_id)
        if entry is None:
            raise LookupError(f"No interaction with id {interaction_id}")
        if on and not entry.is_feedback:
            raise UserError("Only a “you said, we did” entry (an interaction marked as feedback) can be linked "
                            "to a theme.")
        if (interaction_id in _linked(s, theme_id)) == on:
            return
        _write_link(s, theme_id, interaction_id, on)
    ctx.undo.push(UndoStep(("link" if on else "unlink") + " theme and “you said, we did”",
                           lambda: _put_link(ctx, theme_id, interaction_id, not on)))


def _write_link(s, theme_id: int, interaction_id: int, on: bool) -> None:
    if on:
        s.execute(insert(theme_feedback).values(theme_id=theme_id, interaction_id=interaction_id))
    else:
        s.execute(delete(theme_feedback).where(theme_feedback.c.theme_id == theme_id,
                                               theme_feedback.c.interaction_id == interaction_id))
    audit.record(s, "link feedback" if on else "unlink feedback", "consultation_theme", theme_id,
                 interaction=interaction_id)


def _put_link(ctx: AppContext, theme_id: int, interaction_id: int, on: bool) -> None:
    with ctx.session() as s:
        if s.get(ConsultationTheme, theme_id) is None or s.get(Interaction, interaction_id) is None:
            return
        if (interaction_id in _linked(s, theme_id)) != on:
            _write_link(s, theme_id, interaction_id, on)


def record_feedback(ctx: AppContext, activity_id: int, theme_id: int, you_said: str, we_did: str = "",
                    occurred_on: date | None = None) -> int:
    """A new "you said, we did" entry on the activity, linked to the theme, in one transaction; one undo removes
    it. Returns the new interaction's id."""
    you_said, we_did = " ".join((you_said or "").split()), (we_did or "").strip()
    if not you_said:
        raise UserError("Say what people said (“you said”) for the new entry.")
    if len(you_said) > LONGEST or len(we_did) > LONGEST:
        raise UserError(f"“You said” and “we did” are limited to {LONGEST:,} characters each.")
    with ctx.session() as s:
        activity_or_error(s, activity_id)
        _theme(s, theme_id)
        entry = Interaction(occurred_on=occurred_on or date.today(), channel="survey", direction="in",
                            summary=you_said, is_feedback=True, change_made=we_did or None, activity_id=activity_id)
        s.add(entry)
        s.flush()
        audit.record(s, "add", "interaction", entry.id, feedback=True, theme=theme_id)
        _write_link(s, theme_id, entry.id, True)
        made = entry.id
    ctx.undo.push(UndoStep("add “you said, we did”", lambda: _remove_entry(ctx, made)))
    return made


def _remove_entry(ctx: AppContext, interaction_id: int) -> None:
    with ctx.session() as s:
        entry = s.get(Interaction, interaction_id)
        if entry is not None:
            s.delete(entry)
            audit.record(s, "delete", "interaction", interaction_id)
