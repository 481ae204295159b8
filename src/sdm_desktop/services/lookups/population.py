"""The population profile the reach report compares with: rows of ``dimension,category,percent``, imported from a
file (``lookups import``) or typed in the Reach view."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import delete, select

from sdm_desktop.db.models import LookupSource, PopulationFigure, utcnow
from sdm_desktop.services.core import audit
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.core.validation import FieldErrors, ValidationError

MAX_FIGURES = 500


@dataclass(frozen=True)
class Figure:
    dimension: str
    category: str
    percent: float


def _clean(text: str) -> str:
    return " ".join(str(text).split())


def parse_percent(text: str) -> float | None:
    """'9.6', '9.6%' -> 9.6; None if not a percentage from 0 to 100."""
    try:
        value = float(str(text).strip().rstrip("%").strip())
    except ValueError:
        return None
    return value if 0 <= value <= 100 else None


def population_rows(rows: list[dict]) -> Iterator[tuple | None]:
    """A population file's rows (its dimension, category and percent) as table values; None for an unusable
    row (``lookups import``)."""
    for n, row in enumerate(rows):
        if n >= MAX_FIGURES:
            break
        dimension, category = _clean(row["dimension"]).casefold()[:40], _clean(row["category"])[:120]
        percent = parse_percent(row["percent"])
        yield (dimension, category, percent) if dimension and category and percent is not None else None


def population_profile(ctx: AppContext) -> list[Figure]:
    with ctx.session() as s:
        return [Figure(*r) for r in s.execute(select(PopulationFigure.dimension, PopulationFigure.category,
                                                     PopulationFigure.percent)
                                              .order_by(PopulationFigure.dimension, PopulationFigure.category))]


def save_population(ctx: AppContext, figures: list[Figure], source: str = "typed in") -> int:
    """Replace the profile with these figures (typed in the Reach view); checked first, all or nothing."""
    errors, seen, clean = FieldErrors(), set(), []
    for n, f in enumerate(figures, start=1):
        dimension, category = _clean(f.dimension).casefold()[:40], _clean(f.category)[:120]
        if not dimension or not category:
            errors.add(f"row {n}", "needs a dimension and a category")
        elif not 0 <= f.percent <= 100:
            errors.add(f"row {n}", f"has {f.percent} per cent; give 0 to 100")
        elif (dimension, category.casefold()) in seen:
            errors.add(f"row {n}", f"repeats {dimension}: {category}")
        else:
            seen.add((dimension, category.casefold()))
            clean.append(PopulationFigure(dimension=dimension, category=category, percent=float(f.percent)))
    if len(figures) > MAX_FIGURES:
        errors.add("figures", f"are {len(figures)}; at most {MAX_FIGURES}")
    if errors:
        raise ValidationError(errors)
    with ctx.session() as s:
        s.execute(delete(PopulationFigure))
        s.add_all(clean)
        record = s.get(LookupSource, "population") or LookupSource(kind="population")
        record.file_name, record.version, record.file_modified_at = source, "population profile", None
        record.imported_at, record.row_count, record.skipped_count = utcnow().replace(microsecond=0), len(clean), 0
        s.add(record)
        audit.record(s, "update", "population profile", None, figures=len(clean))
    return len(clean)
