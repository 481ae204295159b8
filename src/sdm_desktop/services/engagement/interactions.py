"""The interaction log: every contact with a stakeholder or on an activity, its follow-up action,
and "you said, we did" (feedback linked to the change it led to and the message that said so)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import aliased

from sdm_desktop.db.models import Activity, Interaction, Organisation, Person
from sdm_desktop.services.core import audit
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.core.undo import UndoStep
from sdm_desktop.services.core.validation import FieldErrors, ValidationError, check_length, clean
from sdm_desktop.services.core.versions import Written, get_expected, written_row
from sdm_desktop.services.core.vocab import codes
from sdm_desktop.services.engagement.plans import check_choice, delete_rows_silently, delete_rows_undoably
from sdm_desktop.services.register.record_ops import get_row

CHANNELS = [("meeting", "Meeting"), ("email", "Email"), ("phone", "Phone"), ("letter", "Letter"),
            ("video", "Video call"), ("event", "Event"), ("survey", "Survey"), ("social", "Social media"),
            ("text", "Text message"), ("other", "Other")]
DIRECTIONS = [("in", "In (from them)"), ("out", "Out (from us)")]


@dataclass
class InteractionInput:
    occurred_on: date | None = None
    channel: str | None = None
    direction: str = "out"
    summary: str = ""
    outcome: str | None = None
    action: str | None = None
    action_owner: str | None = None
    due_on: date | None = None
    done: bool = False
    done_on: date | None = None
    is_feedback: bool = False
    change_made: str | None = None
    response_interaction_id: int | None = None
    organisation_id: int | None = None
    person_id: int | None = None
    activity_id: int | None = None

    @classmethod
    def from_row(cls, row: Interaction) -> InteractionInput:
        return cls(**{f.name: getattr(row, f.name) for f in fields(cls)})


def validate_interaction(data: InteractionInput, today: date | None = None) -> InteractionInput:
    errors = FieldErrors()
    out = InteractionInput(**asdict(data))
    for name, limit in (("summary", 20000), ("outcome", 20000), ("action", 2000), ("action_owner", 120),
                        ("change_made", 20000)):
        value = clean(getattr(data, name))
        setattr(out, name, value)
        check_length(errors, name, value, limit)
    out.summary = out.summary or ""
    if not out.summary:
        errors.add("summary", "is required")
    if data.occurred_on is None:
        errors.add("occurred_on", "is required")
    check_choice(errors, "channel", data.channel, codes(CHANNELS))
    check_choice(errors, "direction", data.direction, codes(DIRECTIONS), required=True)
    if out.action and data.due_on is None:
        errors.add("due_on", "is needed for a follow-up action")
    if data.due_on and not out.action:
        errors.add("action", "describe the follow-up action that is due")
    if data.due_on and data.occurred_on and data.due_on < data.occurred_on:
        errors.add("due_on", f"is before the interaction itself ({data.occurred_on:%d %b %Y})")
    if not (data.organisation_id or data.person_id or data.activity_id):
        errors.add("organisation_id", "choose the group, person or activity this interaction is about")
    if out.done and not out.action:
        out.done = False
    if out.done and out.done_on is None:
        out.done_on = today or date.today()
    if not out.done:
        out.done_on = None
    if errors:
        raise ValidationError(errors)
    return out


def _check_links(session, data: InteractionInput, own_id: int | None) -> None:
    for model, value, name in ((Organisation, data.organisation_id, "organisation_id"),
                               (Person, data.person_id, "person_id"), (Activity, data.activity_id, "activity_id")):
        if value is not None and session.get(model, value) is None:
            raise ValidationError(FieldErrors({name: f"{value} does not exist"}))
    if data.response_interaction_id is not None:
        response = session.get(Interaction, data.response_interaction_id)
        if data.response_interaction_id == own_id or response is None:
            raise ValidationError(FieldErrors({"response_interaction_id": "must be another logged interaction"}))
        if response.direction != "out" or response.occurred_on < data.occurred_on:
            raise ValidationError(FieldErrors({"response_interaction_id": (
                "must be a message from us on or after the day of the feedback "
                f"({data.occurred_on:%d %b %Y})")}))
    if own_id is not None:
        _check_still_a_response(session, data, own_id)


def _check_still_a_response(session, data: InteractionInput, own_id: int) -> None:
    """An interaction recorded as the message that told a group about a change ("we told you") stays
    a message from us, on or after the feedback it answers; otherwise the closed loop would be false."""
    feedback = session.execute(select(Interaction.occurred_on).where(Interaction.response_interaction_id == own_id)
                               .order_by(Interaction.occurred_on.desc()).limit(1)).scalar()
    if feedback is None:
        return
    why = (f"this message told them about the change made after their feedback of {feedback:%d %b %Y}, so it "
           "must stay a message from us on or after that day (unlink it from the feedback first)")
    if data.direction != "out":
        raise ValidationError(FieldErrors({"direction": why}))
    if data.occurred_on < feedback:
        raise ValidationError(FieldErrors({"occurred_on": why}))


def create_interaction(ctx: AppContext, data: InteractionInput) -> int:
    data = validate_interaction(data)
    with ctx.session() as s:
        _check_links(s, data, None)
        row = Interaction(**asdict(data))
        s.add(row)
        s.flush()
        audit.record(s, "create", "interaction", row.id)
        new_id, written = row.id, written_row(s, row, "This interaction")
    ctx.undo.push(UndoStep("log interaction", lambda: delete_rows_silently(ctx, Interaction, [new_id]), written))
    return new_id


def get_interaction(ctx: AppContext, interaction_id: int) -> InteractionInput:
    with ctx.session() as s:
        row = get_row(s, Interaction, interaction_id, "interaction")
        return InteractionInput.from_row(row)


def interaction_label(row: Interaction) -> str:
    return f"The interaction of {row.occurred_on:%d %b %Y}" if row.occurred_on else "This interaction"


def update_interaction(ctx: AppContext, interaction_id: int, data: InteractionInput, *,
                       expected_version: int | None = None) -> None:
    """``expected_version`` (the version the editor opened) refuses a save over a colleague's change."""
    data = validate_interaction(data)
    with ctx.session() as s:
        row = get_expected(s, Interaction, interaction_id, expected_version, interaction_label,
                           "This interaction")
        before = InteractionInput.from_row(row)
        _check_links(s, data, interaction_id)
        _write(row, data)
        audit.record(s, "update", "interaction", interaction_id)
        written = written_row(s, row, interaction_label(row))
    ctx.undo.push(UndoStep("edit interaction", lambda: _restore(ctx, interaction_id, before), written))


def _write(row: Interaction, data: InteractionInput) -> None:
    for name, value in asdict(data).items():
        setattr(row, name, value)


def _restore(ctx: AppContext, interaction_id: int, before: InteractionInput) -> None:
    with ctx.session() as s:
        row = s.get(Interaction, interaction_id)
        if row is not None:
            _write(row, before)
            audit.record(s, "undo update", "interaction", interaction_id)


def delete_interactions(ctx: AppContext, ids: list[int], *, expected: dict[int, int] | None = None) -> None:
    """``expected`` (id → version seen) refuses the delete of one changed since."""
    delete_rows_undoably(ctx, Interaction, ids, "interaction", expected=expected)


def set_done(ctx: AppContext, ids: list[int], done: bool = True, today: date | None = None) -> int:
    """Mark follow-up actions done (or not done again). Returns how many changed; undoable (unless a
    colleague changed one of them since)."""
    today = today or date.today()
    with ctx.session() as s:
        rows = list(s.scalars(select(Interaction).where(Interaction.id.in_(ids), Interaction.action.is_not(None),
                                                        Interaction.done.is_not(done))))
        if not rows:
            return 0
        before = [(r.id, r.done, r.done_on) for r in rows]
        for row in rows:
            row.done, row.done_on = done, today if done else None
            audit.record(s, "done" if done else "reopen", "interaction", row.id)
        s.flush()
        written = [Written("interaction", r.id, r.row_version, interaction_label(r)) for r in rows]
    word = "mark done" if done else "reopen"
    ctx.undo.push(UndoStep(f"{word} {len(rows)} action{'s' if len(rows) != 1 else ''}",
                           lambda: _put_back_done(ctx, before), written))
    return len(rows)


def _put_back_done(ctx: AppContext, before: list[tuple[int, bool, date | None]]) -> None:
    with ctx.session() as s:
        for row_id, done, done_on in before:
            row = s.get(Interaction, row_id)
            if row is not None:
                row.done, row.done_on = done, done_on


def record_we_did(ctx: AppContext, feedback_id: int, change_made: str, response_id: int | None, *,
                  expected_version: int | None = None) -> None:
    """Close the loop on a feedback item: what changed, and the interaction that told them."""
    data = get_interaction(ctx, feedback_id)
    data.is_feedback = True
    data.change_made = change_made
    data.response_interaction_id = response_id
    update_interaction(ctx, feedback_id, data, expected_version=expected_version)


# --- reading ----------------------------------------------------------------------------------
@dataclass
class InteractionRow:
    id: int
    occurred_on: date
    channel: str
    direction: str
    stakeholder: str
    activity: str
    summary: str
    outcome: str
    action: str
    action_owner: str
    due_on: date | None
    done: bool
    is_feedback: bool
    change_made: str
    response_id: int | None
    organisation_id: int | None
    person_id: int | None
    activity_id: int | None
    row_version: int = 0           # as listed: a delete from the list is refused if it changed since

    @property
    def follow_up(self) -> str:
        if not self.action:
            return ""
        due = f" (due {self.due_on:%d %b %Y})" if self.due_on else ""
        return ("✓ " if self.done else "") + self.action + due

    @property
    def direction_text(self) -> str:
        return "In" if self.direction == "in" else "Out"


def person_name(title, first, last) -> str:
    return " ".join(p for p in (title, first, last) if p)


ROW_COLUMNS = (Interaction.id, Interaction.occurred_on, Interaction.channel, Interaction.direction,
               Interaction.summary, Interaction.outcome, Interaction.action, Interaction.action_owner,
               Interaction.due_on, Interaction.done, Interaction.is_feedback, Interaction.change_made,
               Interaction.response_interaction_id, Interaction.organisation_id, Interaction.person_id,
               Interaction.activity_id)
CHANNEL_NAMES = dict(CHANNELS)


def interaction_query():
    """Plain columns (no ORM objects: thousands of rows load in milliseconds), for ``to_row``."""
    return (select(*ROW_COLUMNS, Organisation.name, Person.title, Person.first_name, Person.last_name, Activity.title,
                   Interaction.row_version)
            .outerjoin(Organisation, Organisation.id == Interaction.organisation_id)
            .outerjoin(Person, Person.id == Interaction.person_id)
            .outerjoin(Activity, Activity.id == Interaction.activity_id))


def to_row(row_id, occurred_on, channel, direction, summary, outcome, action, action_owner, due_on, done,
           is_feedback, change_made, response_id, organisation_id, person_id, activity_id,
           org_name, title, first, last, activity_title, row_version=0) -> InteractionRow:
    who = " — ".join(p for p in (person_name(title, first, last), org_name) if p)
    return InteractionRow(
        row_id, occurred_on, CHANNEL_NAMES.get(channel or "", channel or ""), direction, who,
        activity_title or "", summary or "", outcome or "", action or "", action_owner or "",
        due_on, bool(done), bool(is_feedback), change_made or "", response_id, organisation_id, person_id,
        activity_id, row_version)


def list_interactions(ctx: AppContext, *, organisation_id: int | None = None, person_id: int | None = None,
                      activity_id: int | None = None, date_from: date | None = None,
                      date_to: date | None = None, feedback_only: bool = False) -> list[InteractionRow]:
    """The log for one stakeholder or activity (or everything), newest first."""
    query = interaction_query()
    if organisation_id is not None:
        query = query.where(Interaction.organisation_id == organisation_id)
    if person_id is not None:
        query = query.where(Interaction.person_id == person_id)
    if activity_id is not None:
        query = query.where(Interaction.activity_id == activity_id)
    if date_from:
        query = query.where(Interaction.occurred_on >= date_from)
    if date_to:
        query = query.where(Interaction.occurred_on <= date_to)
    if feedback_only:
        query = query.where(Interaction.is_feedback.is_(True))
    query = query.order_by(Interaction.occurred_on.desc(), Interaction.id.desc())
    with ctx.session() as s:
        return [to_row(*r) for r in s.execute(query)]


@dataclass
class FeedbackRow:
    id: int
    occurred_on: date
    stakeholder: str
    you_said: str
    we_did: str
    told_on: date | None
    told_how: str
    person_id: int | None = None

    @property
    def loop_closed(self) -> bool:
        return bool(self.we_did) and self.told_on is not None

    @property
    def state(self) -> str:
        if self.loop_closed:
            return "Loop closed"
        return "Change recorded, not yet told" if self.we_did else "Awaiting a change"


def feedback_items(ctx: AppContext, date_from: date | None = None, date_to: date | None = None) -> list[FeedbackRow]:
    response = aliased(Interaction)
    query = (interaction_query().add_columns(response.occurred_on, response.summary, response.channel)
             .outerjoin(response, response.id == Interaction.response_interaction_id)
             .where(Interaction.is_feedback.is_(True)))
    if date_from:
        query = query.where(Interaction.occurred_on >= date_from)
    if date_to:
        query = query.where(Interaction.occurred_on <= date_to)
    query = query.order_by(Interaction.occurred_on.desc(), Interaction.id.desc())
    out = []
    with ctx.session() as s:
        for *base, told_on, told_summary, told_channel in s.execute(query):
            row = to_row(*base)
            how = " — ".join(p for p in (dict(CHANNELS).get(told_channel or "", told_channel or ""),
                                         told_summary) if p)
            out.append(FeedbackRow(row.id, row.occurred_on, row.stakeholder or row.activity, row.summary,
                                   row.change_made, told_on, how, row.person_id))
    return out


def response_choices(ctx: AppContext, feedback_id: int, limit: int = 200) -> list[tuple[int, str]]:
    """Outgoing interactions on or after the feedback, with the same stakeholder or activity first."""
    fb = get_interaction(ctx, feedback_id)
    same = [column == value for column, value in ((Interaction.organisation_id, fb.organisation_id),
                                                  (Interaction.person_id, fb.person_id),
                                                  (Interaction.activity_id, fb.activity_id)) if value is not None]
    query = (interaction_query().where(Interaction.id != feedback_id, Interaction.direction == "out",
                                       Interaction.occurred_on >= fb.occurred_on, or_(*same))
             .order_by(Interaction.occurred_on, Interaction.id).limit(limit))
    with ctx.session() as s:
        rows = [to_row(*r) for r in s.execute(query)]
    return [(r.id, f"{r.occurred_on:%d %b %Y} · {r.channel or 'contact'} · {r.stakeholder or r.activity}: "
                   f"{r.summary[:60]}") for r in rows]


def link_labels(ctx: AppContext, organisation_id: int | None, person_id: int | None,
                activity_id: int | None) -> tuple[str, str, str]:
    """Names of the group, person and activity an interaction is linked to (for editors)."""
    with ctx.session() as s:
        org = s.get(Organisation, organisation_id) if organisation_id else None
        person = s.get(Person, person_id) if person_id else None
        activity = s.get(Activity, activity_id) if activity_id else None
        return (org.name if org else "", person.display_name if person else "",
                f"{activity.title} ({activity.plan.title})" if activity else "")
