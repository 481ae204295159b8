"""`export responses --activity ID`: an activity's responses, one row each, with every answer and the themes
applied to each free-text answer. Names are withheld unless asked for (--include-names, and for people who may
not be contacted --include-no-contact too); equality monitoring answers are never written (counts only)."""

from __future__ import annotations

from sqlalchemy import select

from sdm_desktop.db.models import Person
from sdm_desktop.db.models.consultation import ConsultationResponse
from sdm_desktop.errors import UserError
from sdm_desktop.services.consultation.responses import (
    SOURCE_NAMES,
    ResponseFilter,
    activity_title,
    list_questions,
    list_responses,
    themes_by_answer,
)
from sdm_desktop.services.core import audit
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.core.registry import Option
from sdm_desktop.services.exporting.kinds import INCLUDE_NO_CONTACT, ExportKind
from sdm_desktop.services.exporting.tables import Table
from sdm_desktop.services.exporting.withheld import blocked_person_ids

ACTIVITY = Option(("--activity",), "activity", "the activity whose consultation responses to export (responses)",
                  metavar="ID")
INCLUDE_NAMES = Option(("--include-names",), "include_names",
                       "write respondents' names where they were kept or matched (responses; otherwise withheld)",
                       is_flag=True)
NAME_WITHHELD = "(name withheld)"
NOTE = "Equality monitoring answers are not exported: they are kept as anonymous counts only."


def activity_id_of(value: object) -> int:
    text = str(value or "").strip()
    if not text:
        raise UserError("export responses needs --activity ID (the activity the responses belong to).")
    if not text.isdigit() or not 1 <= int(text) <= 2**62:
        raise UserError(f"--activity {text[:40]!r} is not an activity id (a whole number).")
    return int(text)


def responses_table(ctx: AppContext, activity_id: int, include_names: bool = False,
                    include_no_contact: bool = False, wanted: ResponseFilter | None = None) -> Table:
    title = activity_title(ctx, activity_id)
    questions = [q for q in list_questions(ctx, activity_id) if q.purpose != "equality"]
    free = [q for q in questions if q.is_free_text]
    rows = list_responses(ctx, activity_id, wanted)
    coded = themes_by_answer(ctx, activity_id)
    names = _names(ctx, activity_id, include_names, include_no_contact)
    headers = ["Response", "Submitted", "Source", "Respondent", "May quote", *[q.text for q in questions],
               *[f"Themes: {q.text}" for q in free]]
    out = [[r.id, r.submitted_at, SOURCE_NAMES.get(r.source, r.source), names.get(r.id, "anonymous"),
            {True: "yes", False: "no"}.get(r.quote_consent, ""), *[r.answer(q.id) for q in questions],
            *["; ".join(coded.get((r.id, q.id), [])) for q in free]] for r in rows]

    def record() -> None:
        with ctx.session() as s:
            audit.record(s, "export", "consultation responses", activity_id, rows=len(out),
                         names=include_names)
    return Table(headers, out, len(out), title[:31] or "Responses", on_written=record)


def _names(ctx: AppContext, activity_id: int, include_names: bool, include_no_contact: bool) -> dict[int, str]:
    """The Respondent column for responses with a name: the name, or NAME_WITHHELD."""
    with ctx.session() as s:
        blocked = set() if include_no_contact else blocked_person_ids(s)
        query = (select(ConsultationResponse.id, ConsultationResponse.respondent_name, ConsultationResponse.person_id,
                        Person.first_name, Person.last_name)
                 .outerjoin(Person, Person.id == ConsultationResponse.person_id)
                 .where(ConsultationResponse.activity_id == activity_id,
                        (ConsultationResponse.respondent_name.is_not(None))
                        | (ConsultationResponse.person_id.is_not(None))))
        out = {}
        for rid, kept, person_id, first, last in s.execute(query):
            name = " ".join(p for p in (first, last) if p) if person_id else kept
            out[rid] = name if include_names and person_id not in blocked else NAME_WITHHELD
        return out


def build_responses(ctx: AppContext, options) -> tuple[Table, str]:
    table = responses_table(ctx, activity_id_of(options.activity), bool(options.include_names),
                            bool(options.include_no_contact))
    return table, NOTE


EXPORT_KINDS = (
    ExportKind("responses", "an activity's consultation responses with their answers and themes (needs --activity)",
               build_responses, (ACTIVITY, INCLUDE_NAMES, INCLUDE_NO_CONTACT)),
)
