"""Which marker shape each organisation type gets on the power/interest grid, and the legend's words.

Shapes follow the type itself, not its spelling: a type keeps its shape when it is renamed in the
configurable list (the installed types are known by their id), and a type added later gets a shape
of its own from the same set, so no stakeholder falls back to an anonymous marker.
"""

from __future__ import annotations

from sqlalchemy import select

from sdm_desktop.db.models import OrganisationType
from sdm_desktop.services.core.context import AppContext

PERSON_TYPE, PERSON_SHAPE = "Person", "person"
# the organisation types as first installed, in their installed order (ids 1..12), and their shapes
INSTALLED_SHAPES = {
    "Patient Participation Group (PPG)": "circle",
    "Carers' group": "triangle",
    "Patient & public group": "circle",
    "Condition-specific support group": "triangle",
    "Healthwatch": "star",
    "VCSE organisation": "diamond",
    "GP practice": "square",
    "NHS trust": "square",
    "ICB / commissioner": "hexagon",
    "Local authority / Health and Wellbeing Board": "hexagon",
    "Clinician group / network": "plus",
    "Other": "diamond",
}
INSTALLED_ORDER = list(INSTALLED_SHAPES)
SHAPES = ["circle", "triangle", "star", "square", "hexagon", "plus", "diamond"]
GROUP_LABELS = {
    "circle": "Patient & public groups, PPGs", "triangle": "Carers' and condition groups",
    "star": "Healthwatch", "square": "GP practices, NHS trusts", "hexagon": "Commissioners, councils",
    "plus": "Clinician networks", "diamond": "VCSE and other groups", PERSON_SHAPE: "People",
}


def shape_of_type(type_id: int, name: str, current_names: set[str] | frozenset[str] = frozenset()) -> str:
    """An installed type by name; a renamed installed type by its id; any other type by its id."""
    if name in INSTALLED_SHAPES:
        return INSTALLED_SHAPES[name]
    if 1 <= type_id <= len(INSTALLED_ORDER) and INSTALLED_ORDER[type_id - 1] not in current_names:
        return INSTALLED_SHAPES[INSTALLED_ORDER[type_id - 1]]          # renamed since installation
    return SHAPES[type_id % len(SHAPES)]


def shapes_for(types: list[tuple[int, str]]) -> dict[str, str]:
    """Type name -> shape for (id, name) pairs, plus people."""
    names = {name for _id, name in types}
    out = {name: shape_of_type(type_id, name, names) for type_id, name in types}
    out[PERSON_TYPE] = PERSON_SHAPE
    return out


def type_shapes(ctx: AppContext) -> dict[str, str]:
    with ctx.session() as s:
        types = s.execute(select(OrganisationType.id, OrganisationType.name)
                          .order_by(OrganisationType.sort_order, OrganisationType.id)).all()
    return shapes_for([(i, n) for i, n in types])


def default_shapes() -> dict[str, str]:
    return shapes_for([(i, n) for i, n in enumerate(INSTALLED_ORDER, start=1)])


def legend_entries(shapes: dict[str, str]) -> list[tuple[str, str]]:
    """(shape, words) for each shape in use: the usual group words while the types keep their installed
    names, otherwise the types' own names."""
    entries = []
    for shape in SHAPES + [PERSON_SHAPE]:
        names = [name for name, s in shapes.items() if s == shape]
        if not names:
            continue
        installed = all(n in INSTALLED_SHAPES or n == PERSON_TYPE for n in names)
        entries.append((shape, GROUP_LABELS[shape] if installed else ", ".join(names)))
    return entries
