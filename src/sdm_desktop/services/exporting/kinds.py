"""What an export kind is (a name, one line saying what it holds, the options it takes, how its table is built),
and the filter options several kinds share."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.core.registry import Option
from sdm_desktop.services.exporting.tables import Table

# (ctx, the values of the kind's options by dest) -> the table, and a note for stderr ("" for none)
BuildTable = Callable[[AppContext, Any], "tuple[Table, str]"]


@dataclass(frozen=True)
class ExportKind:
    """``sdm-desktop export NAME``: the table ``build`` makes, filtered by ``options`` (any other is refused)."""

    name: str
    description: str
    build: BuildTable
    options: tuple[Option, ...] = ()


SEARCH = Option(("--search",), "search", "only rows matching this text, as the search box "
                "(names, places, codes such as an ICB or commissioner code)", metavar="TEXT")
ORGANISATION_TYPE = Option(("--type",), "type", 'only this organisation type (assessments: "Person" for people only)')
TAG = Option(("--tag",), "tag", "only rows with this tag")
PPE_LEVEL = Option(("--ppe-level",), "ppe_level", "only this level of engagement (organisations, people, activities)",
                   choices=("individual", "service", "community"))
ACTIVE = Option(("--active",), "active", "active records only (yes), inactive only (no) or both (all, the default)",
                choices=("yes", "no", "all"), default="all")
DATE_FROM = Option(("--from",), "date_from", "activities/interactions from this date", metavar="DATE")
DATE_TO = Option(("--to",), "date_to", "activities/interactions up to this date", metavar="DATE")
INCLUDE_NO_CONTACT = Option(("--include-no-contact",), "include_no_contact",
                            "include people marked do not contact or without consent (contact exports)", is_flag=True)

# The filters kinds share, in the order `export --help` lists them (a kind's own options come after).
SHARED_FILTERS = (SEARCH, ORGANISATION_TYPE, TAG, PPE_LEVEL, ACTIVE, DATE_FROM, DATE_TO, INCLUDE_NO_CONTACT)


def active_only(value: str) -> bool | None:
    """--active yes|no|all as a filter: True, False, or None for both."""
    return {"yes": True, "no": False, "all": None}[value]
