"""`sdm-desktop report consultation --activity ID -o FILE.docx`: what one activity's consultation heard and what
was done, as a Word document from the bundled, editable template — the method and dates, the number of
responses, each choice question as a chart (drawn by the one chart renderer) with its table, the themes ranked
with their counts and two or three quotes each (consent given, names taken out), and the "you said, we did"
table."""

from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from sdm_desktop import paths
from sdm_desktop.db.models import Activity, EngagementPlan
from sdm_desktop.db.models.consultation import AnswerCoding, ConsultationAnswer, ConsultationResponse
from sdm_desktop.errors import UserError
from sdm_desktop.letters.render import render_docx
from sdm_desktop.progress import Progress
from sdm_desktop.services.consultation.analysis import ConsultationAnalysis, analyse
from sdm_desktop.services.consultation.feedback import closing_the_loop
from sdm_desktop.services.consultation.quotes import quotes_by_theme
from sdm_desktop.services.core.charts import ChartPng, put_charts_in_docx
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.core.registry import Option
from sdm_desktop.services.core.text import counted
from sdm_desktop.services.engagement.plans import METHODS
from sdm_desktop.services.reporting.kinds import TEMPLATE, WORD_OUTPUT, ReportKind

TEMPLATE_NAME = "consultation_report.docx"
CHART_MARK = "[[chart {n}]]"
CHART_WIDTH_CM = 16
QUOTES_PER_THEME = 3
SOURCES = {"forms": "Microsoft Forms", "smartsurvey": "SmartSurvey", "surveymonkey": "SurveyMonkey",
           "google": "Google Forms", "googleforms": "Google Forms", "mapped": "a spreadsheet", "typed":
           "typed in from paper or notes"}
MAX_ID = 2 ** 63 - 1


def default_template() -> Path:
    return paths.templates_dir() / TEMPLATE_NAME


def _d(value: date | None) -> str:
    return value.strftime("%d %b %Y") if value else ""


def activity_id_of(text) -> int:
    """The --activity value as an id, or one clear line saying what is wrong with it."""
    try:
        value = int(str(text).strip())
    except ValueError:
        raise UserError(f"--activity {text!r} is not an activity id (a whole number).") from None
    if not 1 <= value <= MAX_ID:
        raise UserError(f"--activity {text} is not an activity id (too large or below 1).")
    return value


def _method(s, activity: Activity) -> dict:
    """How and when the responses were collected."""
    first, last, total = s.execute(select(func.min(ConsultationResponse.submitted_at),
                                          func.max(ConsultationResponse.submitted_at), func.count())
                                   .where(ConsultationResponse.activity_id == activity.id)).one()
    by_source = s.execute(select(ConsultationResponse.source, func.count())
                          .where(ConsultationResponse.activity_id == activity.id)
                          .group_by(ConsultationResponse.source).order_by(func.count().desc())).all()
    coders = s.scalar(select(func.count(func.distinct(AnswerCoding.coder)))
                      .join(ConsultationAnswer, ConsultationAnswer.id == AnswerCoding.answer_id)
                      .join(ConsultationResponse, ConsultationResponse.id == ConsultationAnswer.response_id)
                      .where(ConsultationResponse.activity_id == activity.id)) or 0
    consented = s.scalar(select(func.count()).where(ConsultationResponse.activity_id == activity.id,
                                                    ConsultationResponse.quote_consent.is_(True))) or 0
    plan = s.get(EngagementPlan, activity.plan_id)
    method = dict(METHODS).get(activity.method, activity.method or "")
    sources = "; ".join(f"{n:,} {SOURCES.get(src, (src or 'other').replace('_', ' '))}" for src, n in by_source)
    dates = " to ".join(p for p in (_d(activity.planned_date), _d(activity.end_date)) if p)
    return {"activity": activity.title, "plan": plan.title if plan else "", "method": method,
            "activity_dates": dates or "not recorded",
            "first_response": _d(first.date() if first else None), "last_response": _d(last.date() if last else None),
            "sources": sources or "none yet", "total": total, "coders": coders, "consented": consented}


def build_context(ctx: AppContext, activity_id: int, charts: bool,
                  today: date | None = None) -> tuple[dict, ConsultationAnalysis]:
    """The template's fields, and the analysis they came from (for the charts)."""
    with ctx.session() as s:
        activity = s.get(Activity, activity_id)
        if activity is None:
            raise UserError(f"No activity with id {activity_id}: see the Engagement view or `sdm-desktop "
                            "responses list`.")
        method = _method(s, activity)
    result = analyse(ctx, activity_id)
    loops = closing_the_loop(ctx, activity_id, {t.theme_id: t.people for t in result.overall})
    quotes = quotes_by_theme(ctx, activity_id, [t.theme_id for t in result.overall], QUOTES_PER_THEME)
    return {
        "title": f"What we heard: {activity.title}",
        "generated_on": _d(today or date.today()),
        **method,
        "responses_text": counted(result.total, "response"),
        "summary": _summary(result, loops),
        "choices": [_choice_context(n, q, charts) for n, q in enumerate(result.choices)],
        "questions": [{"question": q.text, "answered": f"{q.answered:,}", "coded": f"{q.coded:,}",
                       "rows": [{"theme": t.name, "answers": f"{t.answers:,}", "percent": f"{t.percent:.0f}%"}
                                for t in q.themes]} for q in result.questions],
        "themes": [{"rank": n, "name": t.name, "people": f"{t.people:,}", "percent": f"{t.percent:.0f}%",
                    "quotes": quotes.get(t.theme_id, [])} for n, t in enumerate(result.overall, start=1)],
        "feedback": [{"theme": loop.theme, "people": f"{loop.people:,}", "you_said": e.you_said,
                      "we_did": e.we_did or "Not yet decided", "told": "Yes" if e.told else "Not yet"}
                     for loop in loops for e in loop.entries],
    }, result


def _choice_context(n: int, q, charts: bool) -> dict:
    drawn = charts and any(r.count and not r.suppressed for r in q.rows)    # not a chart of "<5"s only
    return {"question": q.text, "answered": f"{q.answered:,}", "chart": CHART_MARK.format(n=n) if drawn else "",
            "rows": [{"choice": r.choice, "count": r.count_text, "percent": r.percent_text} for r in q.rows],
            "equality": q.purpose == "equality"}


def _summary(result: ConsultationAnalysis, loops) -> list[str]:
    lines = [f"{counted(result.total, 'response')} to the activity."]
    for q in result.questions:
        lines.append(f"“{q.text}”: {counted(q.answered, 'answer')}, {q.coded:,} coded by theme.")
    if result.overall:
        top = result.overall[0]
        lines.append(f"The theme raised most: {top.name} ({counted(top.people, 'person', 'people')}, "
                     f"{top.percent:.0f}% of responses).")
    changed = sum(1 for loop in loops if loop.changed)
    lines.append(f"{counted(changed, 'theme')} with a change recorded in “you said, we did”.")
    return lines


def write_consultation_report(ctx: AppContext, activity_id: int, output: Path, chart_png: ChartPng | None = None,
                              template: Path | None = None, progress: Progress | None = None) -> dict:
    """Write the report all-or-nothing (a temporary file renamed at the end); returns its context."""
    output = Path(output)
    if output.suffix.lower() != ".docx":
        raise UserError(f"Cannot write the report to {output.name}: the file name must end in .docx.")
    if output.is_dir():
        raise UserError(f"Cannot write {output}: that is a folder; give a file name ending in .docx.")
    if not output.parent.is_dir():
        raise UserError(f"Cannot write the report to {output}: the folder {output.parent} does not exist.")
    template = Path(template) if template else default_template()
    if not template.is_file():
        raise UserError(f"The report template {template} is missing.")
    if progress is not None:
        progress.start(3, "Counting answers and themes")
    context, result = build_context(ctx, activity_id, chart_png is not None)
    _step(progress, "Filling in the template")
    handle, temp = tempfile.mkstemp(prefix=".consultation-", suffix=".docx", dir=output.parent)
    os.close(handle)
    try:
        render_docx(template, context, Path(temp))
        _step(progress, "Drawing the charts")
        if chart_png is not None:
            put_charts_in_docx(Path(temp), {CHART_MARK.format(n=n): q.chart() for n, q in enumerate(result.choices)},
                               chart_png, CHART_WIDTH_CM)
        os.replace(temp, output)
        _step(progress, "Written")
    finally:
        Path(temp).unlink(missing_ok=True)
    return context


def _step(progress: Progress | None, label: str) -> None:
    if progress is not None:
        progress.label = label
        progress.step()


def report_consultation(ctx: AppContext, options, progress: Progress) -> str:
    context = write_consultation_report(ctx, activity_id_of(options.activity), Path(options.output),
                                        getattr(options, "chart_png", None),
                                        Path(options.template) if options.template else None, progress)
    return (f"Consultation report written to {options.output}: {context['responses_text']}, "
            f"{counted(len(context['choices']), 'chart')}, {counted(len(context['themes']), 'theme')}, "
            f"{counted(len(context['feedback']), '“you said, we did” entry', '“you said, we did” entries')}.")


ACTIVITY = Option(("--activity",), "activity", "the activity whose responses to report (its id)", metavar="ID",
                  required=True)

REPORT_KINDS = (
    ReportKind("consultation", "one activity's consultation: responses, choice charts, themes ranked with "
               "quotes, and “you said, we did”", report_consultation, (ACTIVITY, WORD_OUTPUT, TEMPLATE),
               draws_charts=True),
)
