"""lookups import|status: the postcode, deprivation and population files the reach report works from."""

from __future__ import annotations

from sdm_desktop.commands import command_context
from sdm_desktop.progress import ConsoleProgress
from sdm_desktop.services.lookups.loading import import_lookup
from sdm_desktop.services.lookups.status import lookup_status


def register(sub, common) -> None:
    parser = sub.add_parser("lookups", parents=[common],
                            help="postcode directory, deprivation (IMD) and population files, for the reach report")
    inner = parser.add_subparsers(dest="lookups_command", metavar="ACTION", required=True)
    load = inner.add_parser("import", parents=[common],
                            help="postcode directory, IMD file, LSOA 2011→2021 lookup, postcode,decile or "
                                 "dimension,category,percent; recognised by its columns; replaces what was loaded")
    load.add_argument("file", metavar="FILE", help="the .csv (or IMD .xlsx) file")
    load.set_defaults(handler=cmd_import)
    status = inner.add_parser("status", parents=[common],
                              help="what is loaded, from which file, how many rows, coverage of the register's "
                                   "postcodes")
    status.set_defaults(handler=cmd_status)


def cmd_import(args) -> int:
    with command_context(args) as ctx:
        result = import_lookup(ctx, args.file, ConsoleProgress())
    print("\n".join(result.lines()))
    return 0


def cmd_status(args) -> int:
    with command_context(args, take_lock=False) as ctx:
        status = lookup_status(ctx)
    print("\n".join(status.lines()))
    return 0
