"""The one-page board summary for a period, as plain values: the key figures with the change since the period
before (of the same length), activity by level, the analysis grid's quadrants, the latest "you said, we did",
training reach, who was reached by deprivation quintile, risks and data protection. Laid out on one A4 page by
``ui/reporting/board_pdf.py`` or filled into a Word template (``board_report.py``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select

from sdm_desktop.db.models import Activity, AuditEvent, Enrolment, Interaction, Letter
from sdm_desktop.progress import Progress
from sdm_desktop.services.analysis.coverage import LEVELS, coverage_matrix
from sdm_desktop.services.analysis.grid import QUADRANTS, GridFilter, apply_filter, load_points
from sdm_desktop.services.core.charts import Bar, BarChart
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.core.vocab import PPE_LEVELS, label
from sdm_desktop.services.engagement.followups import follow_up_counts
from sdm_desktop.services.equality.dimensions import IMD, NOT_RECORDED, fixed_dimensions
from sdm_desktop.services.letters.templates import sender_details
from sdm_desktop.services.privacy.retention import retention_review
from sdm_desktop.services.reach.engaged import REACHING_STATUSES, ReachFilter, engaged_in
from sdm_desktop.services.reach.figures import count_dimension, person_categories
from sdm_desktop.services.reach.suppression import count_text, hidden_categories
from sdm_desktop.services.reporting.periods import check_period
from sdm_desktop.services.training.statuses import TRAINED

MOST_LISTED = 3                     # "you said, we did" items on the page
DEFAULT_PROGRAMME = "Shared Decision Making Programme"
NO_LEVEL = "Level not set"
KEPT, UNDO_KEPT = "keep after retention review", "undo keep after retention review"


@dataclass(frozen=True)
class Figure:
    name: str
    now: int
    before: int

    @property
    def change(self) -> str:
        difference = self.now - self.before
        if difference == 0:
            return "no change"
        return f"{'+' if difference > 0 else '−'}{abs(difference):,} on the period before"


@dataclass(frozen=True)
class YouSaid:
    said: str
    did: str
    on: date


@dataclass(frozen=True)
class Gap:
    org_type: str
    level: str
    text: str                        # "2 of 9", "none can contribute"

    def describe(self) -> str:
        return f"{self.org_type}, {self.level.lower()} ({self.text})"


@dataclass
class BoardSummary:
    programme: str
    period_from: date
    period_to: date
    before_from: date
    before_to: date
    made_on: date
    figures: list[Figure]
    activity_by_level: BarChart
    quadrants: list[tuple[str, int]]             # every quadrant, in the grid's order
    you_said: list[YouSaid]                      # the most recent first, at most MOST_LISTED
    you_said_more: int
    trained: int                                 # completed or attended training in the period
    trained_by_cascade: int                      # of them, trained by a trainer the programme trained
    trained_ever: int
    reached_by_quintile: list[tuple[str, str]]   # (quintile, count as a file shows it: "<5" when small)
    overdue: int
    gaps: list[Gap]
    retention_kept: int
    erased: int
    retention_due: int

    @property
    def period_text(self) -> str:
        return f"{self.period_from:%d %b %Y} to {self.period_to:%d %b %Y}"

    @property
    def before_text(self) -> str:
        return f"{self.before_from:%d %b %Y} to {self.before_to:%d %b %Y}"

    @property
    def quadrant_total(self) -> int:
        return sum(n for _name, n in self.quadrants)

    @property
    def training_text(self) -> str:
        return (f"{self.trained:,} {_people(self.trained)} trained in the period, {self.trained_by_cascade:,} of "
                f"them by trainers the programme trained (the cascade); {self.trained_ever:,} "
                f"{_people(self.trained_ever)} trained since the programme began.")

    @property
    def overdue_text(self) -> str:
        if not self.overdue:
            return "No follow-up action is overdue."
        return f"{self.overdue:,} follow-up action{'s are' if self.overdue != 1 else ' is'} overdue."

    @property
    def gaps_text(self) -> str:
        if not self.gaps:
            return "No gap in the coverage matrix: every type of group was engaged at the levels it can contribute."
        return (f"{len(self.gaps):,} gap{'s' if len(self.gaps) != 1 else ''} in the coverage matrix (types of group "
                "engaged at a level by fewer than half of those who can contribute, or none can):")

    @property
    def data_protection_text(self) -> str:
        return (f"{self.retention_kept + self.erased:,} retention review decision"
                f"{'s' if self.retention_kept + self.erased != 1 else ''} in the period ({self.retention_kept:,} "
                f"kept for another year, {self.erased:,} erased); {self.retention_due:,} "
                f"{_people(self.retention_due)} due a retention review now. Consent and do-not-contact are honoured "
                "in every letter and export.")


def _people(n: int) -> str:
    return "person" if n == 1 else "people"


def previous_period(date_from: date, date_to: date) -> tuple[date, date]:
    """The period of the same length that ends the day before this one starts: as many whole months when the
    period is whole months (a quarter is compared with the quarter before), else as many days."""
    end = date_from - timedelta(days=1)
    if date_from.day == 1 and (date_to + timedelta(days=1)).day == 1:
        months = (date_to.year - date_from.year) * 12 + date_to.month - date_from.month + 1
        first = date_from.year * 12 + date_from.month - 1 - months
        return date(first // 12, first % 12 + 1, 1), end
    return end - (date_to - date_from), end


def _moments(date_from: date, date_to: date) -> tuple[datetime, datetime]:
    return datetime.combine(date_from, time.min), datetime.combine(date_to, time.max)


def _figures(s, date_from: date, date_to: date) -> dict[str, int]:
    held = (Activity.planned_date.between(date_from, date_to), Activity.status.in_(REACHING_STATUSES))
    logged = Interaction.occurred_on.between(date_from, date_to)
    feedback = (logged, Interaction.is_feedback.is_(True))
    changed = (*feedback, Interaction.change_made.is_not(None), Interaction.change_made != "")
    engaged = engaged_in(s, ReachFilter(date_from, date_to))
    start, end = _moments(date_from, date_to)

    def count(*conditions, what=None) -> int:
        return s.scalar(select(func.count(what) if what is not None else func.count()).where(*conditions)) or 0

    return {
        "Engagement activities held": count(*held, what=Activity.id),
        "People reached": len(engaged.people) + engaged.attended_anonymously,
        "Interactions logged": count(logged, what=Interaction.id),
        "Feedback received": count(*feedback, what=Interaction.id),
        "Changes made in response": count(*changed, what=Interaction.id),
        "People trained": count(Enrolment.status.in_(TRAINED), Enrolment.completed_on.between(date_from, date_to),
                                what=func.distinct(Enrolment.person_id)),
        "Letters written": count(Letter.created_at.between(start, end), what=Letter.id),
    }


def _by_level(s, date_from: date, date_to: date) -> BarChart:
    counts = dict(s.execute(select(Activity.ppe_level, func.count(Activity.id))
                            .where(Activity.planned_date.between(date_from, date_to),
                                   Activity.status.in_(REACHING_STATUSES))
                            .group_by(Activity.ppe_level)).all())
    bars = [Bar(name, float(counts.pop(code, 0))) for code, name in PPE_LEVELS]
    unset = sum(counts.values())             # no level, or a level no longer in the list
    if unset:
        bars.append(Bar(NO_LEVEL, float(unset)))
    return BarChart("Engagement activities held, by level", bars, unit="", value_name="Activities")


def _quadrants(ctx: AppContext) -> list[tuple[str, int]]:
    counts = dict.fromkeys((code for code, _name in QUADRANTS), 0)
    for point in apply_filter(load_points(ctx), GridFilter()):
        counts[point.quadrant] += 1
    return [(name, counts[code]) for code, name in QUADRANTS]


def _you_said(s, date_from: date, date_to: date) -> tuple[list[YouSaid], int]:
    conditions = (Interaction.occurred_on.between(date_from, date_to), Interaction.is_feedback.is_(True),
                  Interaction.change_made.is_not(None), Interaction.change_made != "")
    total = s.scalar(select(func.count(Interaction.id)).where(*conditions)) or 0
    rows = s.execute(select(Interaction.summary, Interaction.change_made, Interaction.occurred_on)
                     .where(*conditions).order_by(Interaction.occurred_on.desc(), Interaction.id.desc())
                     .limit(MOST_LISTED)).all()
    return [YouSaid(" ".join((said or "").split()), " ".join(did.split()), on) for said, did, on in rows], \
        max(0, total - MOST_LISTED)


def _training(s, date_from: date, date_to: date) -> tuple[int, int, int]:
    trained = (Enrolment.status.in_(TRAINED),)
    in_period = (*trained, Enrolment.completed_on.between(date_from, date_to))
    people = func.count(func.distinct(Enrolment.person_id))
    return (s.scalar(select(people).where(*in_period)) or 0,
            s.scalar(select(people).where(*in_period, Enrolment.trained_by_person_id.is_not(None))) or 0,
            s.scalar(select(people).where(*trained)) or 0)


def _by_quintile(s, date_from: date, date_to: date) -> list[tuple[str, str]]:
    """People engaged in the period by the IMD quintile of their postcode, as the reach report counts them;
    counts under 5 hidden as in every file the app writes."""
    engaged = engaged_in(s, ReachFilter(date_from, date_to))
    categories = person_categories(s, engaged.people, [])
    dimension = next(d for d in fixed_dimensions() if d.key == IMD)
    counts = count_dimension(dimension, engaged.people, categories[IMD], engaged.anonymous,
                             engaged.attended_anonymously)
    rows = [(c, counts.get(c, 0)) for c in (*dimension.categories, NOT_RECORDED)]
    hidden = hidden_categories(rows)
    return [(c, count_text(n, c in hidden)) for c, n in rows]


def _data_protection(s, date_from: date, date_to: date) -> tuple[int, int]:
    start, end = _moments(date_from, date_to)
    in_period = AuditEvent.at.between(start, end)

    def count(*conditions) -> int:
        return s.scalar(select(func.count(AuditEvent.id)).where(in_period, *conditions)) or 0

    kept = count(AuditEvent.action == KEPT) - count(AuditEvent.action == UNDO_KEPT)
    erased = count(AuditEvent.action == "erase", AuditEvent.entity == "person")
    return max(0, kept), erased


def _gaps(ctx: AppContext, date_from: date, date_to: date, today: date) -> list[Gap]:
    if date_from > today:                    # nothing can have been engaged yet
        return []
    matrix = coverage_matrix(ctx, date_from, min(date_to, today), today)
    in_use = {t for t in matrix.types if any(matrix.cell(t, level).can_contribute for level in LEVELS)}
    # not gaps in engagement: a type no group is marked for at any level (none in the register), and a level no
    # group of the type is marked for yet some were engaged at
    weak = [c for c in matrix.weak_cells() if c.org_type in in_use and not (c.empty and c.engaged_other)]
    weak.sort(key=lambda c: c.empty)             # groups that can contribute but were not engaged first
    return [Gap(c.org_type, label(PPE_LEVELS, c.level), c.text) for c in weak]


def programme_name(ctx: AppContext) -> str:
    """The programme's name as the letters' sender details give it."""
    return (sender_details(ctx).get("programme_name") or "").strip() or DEFAULT_PROGRAMME


def board_summary(ctx: AppContext, date_from: date, date_to: date, today: date | None = None,
                  progress: Progress | None = None) -> BoardSummary:
    check_period(date_from, date_to)
    progress = progress or Progress()
    progress.start(5, "Counting the board summary")
    today = today or date.today()
    before = previous_period(date_from, date_to)
    with ctx.session() as s:
        now, then = _figures(s, date_from, date_to), _figures(s, *before)
        progress.step()
        chart = _by_level(s, date_from, date_to)
        said, more = _you_said(s, date_from, date_to)
        training = _training(s, date_from, date_to)
        quintiles = _by_quintile(s, date_from, date_to)
        kept, erased = _data_protection(s, date_from, date_to)
        progress.step()
    quadrants = _quadrants(ctx)
    progress.step()
    overdue = follow_up_counts(ctx, today).overdue
    gaps = _gaps(ctx, date_from, date_to, today)
    progress.step()
    due = len(retention_review(ctx, today=today))
    progress.step()
    return BoardSummary(programme_name(ctx), date_from, date_to, *before, today,
                        [Figure(name, now[name], then[name]) for name in now], chart, quadrants, said, more,
                        *training, quintiles, overdue, gaps, kept, erased, due)
