"""export KIND -o FILE (.csv or .xlsx)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable

from sdm_desktop.commands import command_context
from sdm_desktop.services.analysis.export import SubjectFilter, assessments_table, check_names
from sdm_desktop.commands.engagement import read_period
from sdm_desktop.errors import UserError
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.engagement.export import export_activities, export_interactions
from sdm_desktop.services.exporting.withheld import withheld_note
from sdm_desktop.services.exporting.tables import Table, write_table
from sdm_desktop.progress import ConsoleProgress
from sdm_desktop.services.register.search import RegisterFilter
from sdm_desktop.services.register.export import ExportOptions, organisations_table, people_table
from sdm_desktop.services.resources.shares import shares_table
from sdm_desktop.services.resources.library import resources_table
from sdm_desktop.services.training.export import export_training


def _organisations(ctx: AppContext, args) -> tuple[Table, str]:
    return organisations_table(ctx, _options(ctx, args)), ""


def _people(ctx: AppContext, args) -> tuple[Table, str]:
    table, left_out = people_table(ctx, _options(ctx, args))
    note = ""
    if left_out:
        note = (f"{left_out} people who are marked do not contact or have not consented were left out; "
                "use --include-no-contact to include them.")
    elif args.include_no_contact:
        note = "Warning: this file includes people who are marked do not contact or have not consented."
    return table, note


def _assessments(ctx: AppContext, args) -> tuple[Table, str]:
    table, withheld = assessments_table(ctx, flt=_subject_filter(args), include_no_contact=args.include_no_contact)
    return table, withheld_note(withheld, args)


def _letters(ctx: AppContext, args) -> tuple[Table, str]:
    from sdm_desktop.services.letters.history import letters_table
    table, withheld = letters_table(ctx, include_no_contact=args.include_no_contact)
    return table, withheld_note(withheld, args)


# KIND -> function(ctx, args) returning the table and a note for stderr. Other areas add theirs.
EXPORTERS: dict[str, Callable[[AppContext, object], tuple[Table, str]]] = {
    "organisations": _organisations,
    "people": _people,
    "assessments": _assessments,
    "activities": export_activities,
    "interactions": export_interactions,
    "training": export_training,
    "letters": _letters,
    "resources": resources_table,
    "shares": shares_table,
}


def _subject_filter(args) -> SubjectFilter:
    """Assessments: --type is an organisation type, or "Person" for people only."""
    active = {"yes": True, "no": False, "all": None}[args.active]
    return SubjectFilter(org_type=args.type, tag=args.tag, ppe_level=args.ppe_level, active=active)


# Which filters each kind understands; any other filter given is refused rather than silently ignored.
REGISTER_FILTERS = ("search", "type", "tag", "ppe_level", "active", "include_no_contact")
FILTERS: dict[str, tuple[str, ...]] = {
    "organisations": REGISTER_FILTERS[:-1],
    "people": REGISTER_FILTERS,
    "activities": ("date_from", "date_to", "include_no_contact", "ppe_level"),
    "interactions": ("date_from", "date_to", "include_no_contact"),
    "training": ("include_no_contact",),
    "shares": ("include_no_contact",),
    "assessments": ("type", "tag", "ppe_level", "active", "include_no_contact"),
    "letters": ("include_no_contact",),
}
OPTION_NAMES = {"search": "--search", "type": "--type", "tag": "--tag", "ppe_level": "--ppe-level", "active": "--active",
                "date_from": "--from", "date_to": "--to", "include_no_contact": "--include-no-contact"}
UNSET = {"active": "all"}


def check_filters(args) -> None:
    """One clear line when a filter does not apply to this kind (the export would not honour it)."""
    allowed = FILTERS.get(args.kind, ())
    given = [name for name in OPTION_NAMES
             if getattr(args, name, None) not in (None, False, UNSET.get(name)) and name not in allowed]
    if given:
        takes = ", ".join(OPTION_NAMES[n] for n in allowed) or "no filters"
        raise UserError(f"{', '.join(OPTION_NAMES[n] for n in given)} does not apply to an export of {args.kind} "
                        f"(it takes {takes}); nothing was written.")


def _options(ctx: AppContext, args) -> ExportOptions:
    if args.type == "Person":                 # only assessments take it; here it would match nothing
        raise UserError("There is no organisation type called 'Person' (--type Person only applies to an "
                        "export of assessments); nothing was written.")
    check_names(ctx, args.type, args.tag)     # a typo is refused, not an empty file
    active = {"yes": True, "no": False, "all": None}[args.active]
    flt = RegisterFilter(text=args.search or "", org_type=args.type, tag=args.tag, active=active,
                         ppe_level=args.ppe_level)
    return ExportOptions(flt, include_no_contact=args.include_no_contact)


def register(sub, common) -> None:
    parser = sub.add_parser("export", parents=[common], help="export a table to .csv or .xlsx")
    parser.add_argument("kind", metavar="KIND", choices=sorted(EXPORTERS), help=", ".join(sorted(EXPORTERS)))
    parser.add_argument("-o", "--output", required=True, metavar="FILE", help="FILE.csv or FILE.xlsx")
    parser.add_argument("--search", metavar="TEXT", help="only rows matching this text, as the search box "
                        "(names, places, codes such as an ICB or commissioner code)")
    parser.add_argument("--type", help='only this organisation type (assessments: "Person" for people only)')
    parser.add_argument("--tag", help="only rows with this tag")
    parser.add_argument("--ppe-level", choices=["individual", "service", "community"],
                        help="only this level of engagement (organisations, people, activities)")
    parser.add_argument("--active", choices=["yes", "no", "all"], default="all",
                        help="active records only (yes), inactive only (no) or both (all, the default)")
    parser.add_argument("--from", dest="date_from", metavar="DATE", help="activities/interactions from this date")
    parser.add_argument("--to", dest="date_to", metavar="DATE", help="activities/interactions up to this date")
    parser.add_argument("--include-no-contact", action="store_true",
                        help="include people marked do not contact or without consent (contact exports)")
    parser.set_defaults(handler=cmd_export)


def cmd_export(args) -> int:
    check_filters(args)
    read_period(args)
    with command_context(args, take_lock=False) as ctx:
        table, note = EXPORTERS[args.kind](ctx, args)
        count = write_table(table, Path(args.output), ConsoleProgress())
    if note:
        print(note, file=sys.stderr)
    print(f"Exported {count} {args.kind} rows to {args.output}")
    return 0
