"""export KIND -o FILE (.csv or .xlsx): the kinds are those the features register (services.exporting.registry)."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from functools import partial
from pathlib import Path

from sdm_desktop.commands import add_option, command_context, read_period
from sdm_desktop.errors import UserError
from sdm_desktop.progress import ConsoleProgress
from sdm_desktop.services.core.registry import Option, option_values
from sdm_desktop.services.exporting.kinds import ExportKind
from sdm_desktop.services.exporting.registry import export_kinds, export_options
from sdm_desktop.services.exporting.tables import write_table


def register(sub, common) -> None:
    kinds = export_kinds()
    options = export_options(kinds.values())
    parser = sub.add_parser("export", parents=[common], help="export a table to .csv or .xlsx")
    parser.add_argument("kind", metavar="KIND", choices=list(kinds), help=", ".join(kinds))
    parser.add_argument("-o", "--output", required=True, metavar="FILE", help="FILE.csv or FILE.xlsx")
    for option in options:
        add_option(parser, option)
    parser.set_defaults(handler=partial(cmd_export, kinds, options))


def check_filters(kind: ExportKind, options: Iterable[Option], args) -> None:
    """One clear line when a filter does not apply to this kind (the export would not honour it)."""
    allowed = {o.dest for o in kind.options}
    given = [o.name for o in options if o.dest not in allowed and o.is_given(getattr(args, o.dest, None))]
    if given:
        takes = ", ".join(o.name for o in kind.options) or "no filters"
        raise UserError(f"{', '.join(given)} does not apply to an export of {kind.name} "
                        f"(it takes {takes}); nothing was written.")


def cmd_export(kinds: dict[str, ExportKind], options: list[Option], args) -> int:
    kind = kinds[args.kind]
    check_filters(kind, options, args)
    read_period(args)
    with command_context(args, take_lock=False) as ctx:
        table, note = kind.build(ctx, option_values(kind.options, args))
        count = write_table(table, Path(args.output), ConsoleProgress())
    if note:
        print(note, file=sys.stderr)
    print(f"Exported {count} {args.kind} rows to {args.output}")
    return 0
