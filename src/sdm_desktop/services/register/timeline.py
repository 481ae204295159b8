"""One stakeholder's timeline: interactions, activities aimed at them, letters, training and
resources shared with them, newest first."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select

from sdm_desktop.db.models import (
    Activity,
    ActivityTarget,
    Cohort,
    EngagementPlan,
    Enrolment,
    Interaction,
    Letter,
    LetterRun,
    Organisation,
    Person,
    Programme,
    Resource,
    ShareLog,
)
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.core.vocab import label
from sdm_desktop.services.engagement.interactions import CHANNELS
from sdm_desktop.services.engagement.plans import METHODS

KINDS = [("interaction", "Interaction"), ("activity", "Activity"), ("letter", "Letter"),
         ("training", "Training"), ("resource", "Resource shared")]


@dataclass
class TimelineEntry:
    on: date | None
    kind: str
    title: str
    detail: str
    ref_id: int
    row_version: int = 0        # the interaction as listed: deleting it is refused if it changed since

    @property
    def kind_text(self) -> str:
        return label(KINDS, self.kind)

    @property
    def when(self) -> str:
        return self.on.strftime("%d %b %Y") if self.on else "no date"


def _day(value: date | datetime | None) -> date | None:
    return value.date() if isinstance(value, datetime) else value


def stakeholder_timeline(ctx: AppContext, *, organisation_id: int | None = None,
                         person_id: int | None = None) -> list[TimelineEntry]:
    if (organisation_id is None) == (person_id is None):
        raise ValueError("give exactly one of organisation_id and person_id")
    with ctx.session() as s:
        entries = (_interactions(s, organisation_id, person_id) + _activities(s, organisation_id, person_id)
                   + _letters(s, organisation_id, person_id) + _shares(s, organisation_id, person_id))
        if person_id is not None:
            entries += _training(s, person_id)
    entries.sort(key=lambda e: (e.on or date.min, e.kind, e.ref_id), reverse=True)
    return entries


def _who(column_org, column_person, organisation_id, person_id):
    return column_org == organisation_id if organisation_id is not None else column_person == person_id


def _interactions(s, organisation_id, person_id) -> list[TimelineEntry]:
    out = []
    rows = s.execute(select(Interaction).where(_who(Interaction.organisation_id, Interaction.person_id,
                                                    organisation_id, person_id)))
    for (i,) in rows:
        channel = label(CHANNELS, i.channel) or "Contact"
        arrow = "from them" if i.direction == "in" else "from us"
        title = f"{channel} ({arrow})" + (" — feedback" if i.is_feedback else "")
        detail = i.summary or ""
        if i.action:
            detail += f"\nFollow-up: {i.action}" + (f" (due {i.due_on:%d %b %Y})" if i.due_on else "")
            detail += " ✓ done" if i.done else ""
        if i.change_made:
            detail += f"\nWe did: {i.change_made}"
        out.append(TimelineEntry(i.occurred_on, "interaction", title, detail.strip(), i.id, i.row_version))
    return out


def _activities(s, organisation_id, person_id) -> list[TimelineEntry]:
    rows = s.execute(select(Activity, EngagementPlan.title).join(EngagementPlan)
                     .join(ActivityTarget, ActivityTarget.activity_id == Activity.id)
                     .where(_who(ActivityTarget.organisation_id, ActivityTarget.person_id,
                                 organisation_id, person_id)))
    return [TimelineEntry(a.planned_date or _day(a.created_at), "activity", a.title,
                          f"{label(METHODS, a.method)} · {a.status.replace('_', ' ')} · plan: {plan}", a.id)
            for a, plan in rows]


def _letters(s, organisation_id, person_id) -> list[TimelineEntry]:
    rows = s.execute(select(Letter, LetterRun.filters, Person, Organisation)
                     .outerjoin(LetterRun, LetterRun.id == Letter.run_id)
                     .outerjoin(Person, Person.id == Letter.person_id)
                     .outerjoin(Organisation, Organisation.id == Letter.organisation_id)
                     .where(_who(Letter.organisation_id, Letter.person_id, organisation_id, person_id)))
    return [TimelineEntry(_day(letter.created_at), "letter", f"Letter: {letter.template_name}",
                          _letter_detail(letter, _sent_to(filters, letter, person, org, person_id)), letter.id)
            for letter, filters, person, org in rows]


def _sent_to(filters: str | None, letter: Letter, person, org, person_id) -> str:
    """Who the letter was addressed to, when that is not the stakeholder whose timeline this is."""
    try:
        to = json.loads(filters or "{}").get("to")
    except (ValueError, AttributeError):
        to = None
    to = to or ("people" if org is None else "organisations")
    if person_id is None and to == "people" and person is not None:
        return f"to {person.display_name}"
    if person_id is not None and to == "organisations" and org is not None:
        return f"to {org.name}, addressed to them"
    return ""


def _letter_detail(letter: Letter, sent_to: str) -> str:
    parts = [sent_to, f"version {letter.template_version}" if letter.template_version else "",
             "" if letter.purpose in (None, "letter") else letter.purpose,
             f"mailing {letter.run_id}" if letter.run_id else "",
             Path(letter.file_path).name if letter.file_path else ""]
    return " · ".join(p for p in parts if p)


def _shares(s, organisation_id, person_id) -> list[TimelineEntry]:
    rows = s.execute(select(ShareLog, Resource.title).join(Resource)
                     .where(_who(ShareLog.organisation_id, ShareLog.person_id, organisation_id, person_id)))
    return [TimelineEntry(share.shared_on, "resource", f"Shared: {title}",
                          " · ".join(p for p in (share.channel, share.notes) if p), share.id)
            for share, title in rows]


def _training(s, person_id) -> list[TimelineEntry]:
    rows = s.execute(select(Enrolment, Cohort.name, Cohort.start_date, Programme.name)
                     .join(Cohort, Cohort.id == Enrolment.cohort_id).join(Programme)
                     .where(Enrolment.person_id == person_id))
    out = []
    for enrolment, cohort, start, programme in rows:
        when = enrolment.completed_on or start or _day(enrolment.created_at)
        detail = f"{cohort} · {enrolment.status.replace('_', ' ')}"
        if enrolment.completed_on:
            detail += f" · completed {enrolment.completed_on:%d %b %Y}"
        out.append(TimelineEntry(when, "training", f"Training: {programme}", detail, enrolment.id))
    return out
