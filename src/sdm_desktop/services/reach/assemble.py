"""The reach report assembled: totals, each dimension's figures against the population, coverage gaps."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sdm_desktop.progress import Progress
from sdm_desktop.services.core.charts import Bar, BarChart
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.equality.dimensions import PLUS, all_dimensions
from sdm_desktop.services.equality.plus_groups import read_plus_groups
from sdm_desktop.services.lookups.population import Figure, population_profile
from sdm_desktop.services.reach.coverage import CoverageGaps, coverage_gaps
from sdm_desktop.services.reach.engaged import Engaged, ReachFilter, engaged_in
from sdm_desktop.services.reach.figures import ReachDimension, build_dimension, count_dimension, person_categories
from sdm_desktop.services.reach.suppression import HIDDEN, hidden_categories

DEFAULT_MARGIN = 5.0


@dataclass
class ReachReport:
    filter: ReachFilter
    margin: float
    engaged: Engaged
    dimensions: list[ReachDimension] = field(default_factory=list)
    coverage: CoverageGaps = field(default_factory=CoverageGaps)
    population: list[Figure] = field(default_factory=list)
    made_on: date = field(default_factory=date.today)

    @property
    def people(self) -> int:
        return len(self.engaged.people)

    @property
    def total(self) -> int:
        return self.people + self.engaged.attended_anonymously

    def hidden(self, dimension: ReachDimension) -> set[str]:
        """The categories whose counts a file hides (see suppression)."""
        return hidden_categories(((r.category, r.count) for r in dimension.rows), dimension.key != PLUS)

    def under_represented(self) -> list[tuple[str, str]]:
        return [(d.label, r.category) for d in self.dimensions for r in d.rows if r.under]

    def chart(self, dimension: ReachDimension, for_file: bool) -> BarChart:
        hidden = self.hidden(dimension) if for_file else set()
        bars = [Bar(r.category, None if r.category in hidden else r.percent, r.population,
                    HIDDEN if r.category in hidden else "", r.under) for r in dimension.known_rows]
        return BarChart(f"{dimension.label}: people engaged and population (%)", bars, maximum=100.0)


def build_reach(ctx: AppContext, reach_filter: ReachFilter, margin: float = DEFAULT_MARGIN,
                progress: Progress | None = None) -> ReachReport:
    progress = progress or Progress()
    progress.start(4, "Finding who was engaged")
    population = population_profile(ctx)
    with ctx.session() as s:
        engaged = engaged_in(s, reach_filter)
        progress.step()
        plus = read_plus_groups(s)
        categories = person_categories(s, engaged.people, plus)
        progress.step()
        coverage = coverage_gaps(s)
        progress.step()
    report = ReachReport(reach_filter, margin, engaged, coverage=coverage, population=population)
    total = report.total
    for dimension in all_dimensions(plus):
        if dimension.key == PLUS and not plus:
            continue
        counts = count_dimension(dimension, engaged.people, categories[dimension.key], engaged.anonymous,
                                 engaged.attended_anonymously)
        report.dimensions.append(build_dimension(dimension, counts, total, population, margin))
    progress.step()
    return report
