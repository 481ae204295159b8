"""What the reach report counts people by: its dimensions, their categories in order, and which category a
person's answers (or the IMD decile of their postcode) fall in. Anonymous counts use the same categories."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sdm_desktop.services.equality.categories import AGE_BANDS, ETHNIC_HIGH_LABELS, ETHNIC_HIGH_LEVEL, ETHNIC_HIGH_OF

IMD, AGE, ETHNIC, DISABILITY, CARER, PLUS = "imd quintile", "age band", "ethnic group", "disability", "carer", \
    "plus group"
NOT_RECORDED, PREFER_NOT_SAY = "Not recorded", "Prefer not to say"
QUINTILES = ["Quintile 1 (most deprived)", "Quintile 2", "Quintile 3", "Quintile 4", "Quintile 5 (least deprived)"]
DISABLED, NOT_DISABLED, IS_CARER, NOT_CARER = "Disabled", "Not disabled", "Carer", "Not a carer"
# other names a population file may give a dimension
DIMENSION_ALIASES = {"imd": IMD, "deprivation": IMD, "imd quintile": IMD, "deprivation quintile": IMD,
                     "age": AGE, "age band": AGE, "age group": AGE, "ethnicity": ETHNIC, "ethnic group": ETHNIC,
                     "disability": DISABILITY, "disabled": DISABILITY, "carer": CARER, "unpaid carer": CARER,
                     "plus group": PLUS, "plus groups": PLUS, "plus": PLUS}


@dataclass(frozen=True)
class Dimension:
    key: str
    label: str
    categories: tuple[str, ...]


def fixed_dimensions() -> list[Dimension]:
    return [
        Dimension(IMD, "IMD quintile (deprivation of the postcode)", tuple(QUINTILES)),
        Dimension(AGE, "Age band", tuple(label for _code, label in AGE_BANDS)),
        Dimension(ETHNIC, "Ethnic group", tuple(label for _code, label, _groups in ETHNIC_HIGH_LEVEL)),
        Dimension(DISABILITY, "Disability", (DISABLED, NOT_DISABLED)),
        Dimension(CARER, "Unpaid carer", (IS_CARER, NOT_CARER)),
    ]


def all_dimensions(plus_groups: list[str]) -> list[Dimension]:
    return [*fixed_dimensions(), Dimension(PLUS, "PLUS group", tuple(plus_groups))]


def quintile_category(decile: int | None) -> str:
    return QUINTILES[(decile + 1) // 2 - 1] if decile else NOT_RECORDED


def answer_category(dimension: str, code: str | None) -> str:
    """The report's category for a monitoring answer code (age band, ethnic group, disability, carer)."""
    if not code:
        return NOT_RECORDED
    if code == "prefer_not":
        return PREFER_NOT_SAY
    if dimension == AGE:
        return dict(AGE_BANDS).get(code, NOT_RECORDED)
    if dimension == ETHNIC:
        return ETHNIC_HIGH_LABELS.get(ETHNIC_HIGH_OF.get(code, ""), NOT_RECORDED)
    if dimension == DISABILITY:
        return NOT_DISABLED if code == "not_disabled" else DISABLED
    if dimension == CARER:
        return NOT_CARER if code == "none" else IS_CARER
    return NOT_RECORDED


def dimension_key(text: str) -> str | None:
    return DIMENSION_ALIASES.get(" ".join(text.split()).casefold())


def category_key(dimension: str, text: str) -> str:
    """What makes a population category the same as the report's: "Asian or Asian British" is "Asian, Asian
    British or Asian Welsh"; "Quintile 1", "1" and "IMD quintile 1 (most deprived)" are one; "65-74" is
    "65 to 74"."""
    folded = " ".join(text.casefold().split())
    if dimension == ETHNIC:
        return (re.findall(r"[a-z]+", folded) or [""])[0]
    if dimension == IMD:
        digits = re.findall(r"\d", folded)
        return digits[0] if digits else folded
    if dimension == AGE:
        folded = folded.replace(" to ", "-").replace("+", " and over").replace("and over", "-over")
        return re.sub(r"[^a-z0-9-]", "", folded.replace("under", "under-"))
    return re.sub(r"[^a-z0-9]", "", folded)
