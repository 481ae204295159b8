"""import FILE [--kind KIND] [--dry-run] …; import --list; import --undo BATCH_ID."""

from __future__ import annotations

import argparse
import sys

from sdm_desktop.commands import command_context, record_id
from sdm_desktop.errors import UserError
from sdm_desktop.progress import ConsoleProgress
from sdm_desktop.services.importing import (
    FIELDS,
    ImportOptions,
    UndoWouldLoseWork,
    list_batches,
    plan_import,
    run_import,
    undo_batch,
    undo_impact,
)
from sdm_desktop.services.importing.prescribing import (
    DEFAULT_SETTINGS,
    PRESCRIBING_SETTINGS,
    SETTING_TYPES,
    parse_settings,
)


def register(sub, common) -> None:
    parser = sub.add_parser(
        "import", parents=[common], help="import organisations or people from .csv or .xlsx (ODS lists recognised)",
        description="Import a CSV or XLSX file. ODS lists of GP practices (epraccur) and NHS trusts (etr) are "
                    "recognised with or without a header row. An import is one batch that can be undone.")
    parser.add_argument("file", nargs="?", metavar="FILE", help="the .csv or .xlsx file")
    parser.add_argument("--kind", choices=["auto", "organisations", "people"], default="auto",
                        help="what the rows are (default: worked out from the columns)")
    parser.add_argument("--dry-run", action="store_true", help="check every row and report; write nothing")
    parser.add_argument("--sheet", help="XLSX: the sheet to read (default: the first)")
    parser.add_argument("--on-duplicate", choices=["skip", "update", "create"], default="skip",
                        help="rows that match a record already stored (default: skip)")
    parser.add_argument("--closed", choices=["skip", "inactive"], default="skip",
                        help="ODS lists: closed, dormant or proposed organisations (default: skip)")
    settings = parser.add_mutually_exclusive_group()
    settings.add_argument("--settings", type=_settings, metavar="CODES",
                          help="epraccur: the ODS prescribing settings to bring in, e.g. 4,1,2 (default: 4, GP "
                               "practices; 1 walk-in centre, 2 out of hours, 25 prison …, see --fields)")
    settings.add_argument("--all-settings", action="store_true", help="epraccur: bring in every prescribing setting")
    parser.add_argument("--published-case", action="store_true",
                        help="ODS lists: keep names and addresses in capitals as published (default: tidied)")
    parser.add_argument("--org-type", default="Other", help="type for organisations without a type column")
    parser.add_argument("--map", action="append", default=[], metavar="FIELD=COLUMN",
                        help="map a field to a column header (or number from 1); repeat as needed; "
                             "other columns keep the mapping guessed for them")
    parser.add_argument("--no-header", action="store_true",
                        help="the first row is data, not column names (map columns by number with --map)")
    parser.add_argument("--strict", action="store_true", help="import nothing if any row is rejected")
    parser.add_argument("--list", action="store_true", help="list earlier imports (batches)")
    parser.add_argument("--undo", type=record_id("import batch"), metavar="BATCH_ID",
                        help="undo a whole earlier import (with --dry-run: only say what it would do)")
    parser.add_argument("--force", action="store_true",
                        help="with --undo: undo even if records were edited or used since the import "
                             "(that work is lost)")
    parser.add_argument("--fields", action="store_true", help="list the fields columns can be mapped to")
    parser.set_defaults(handler=cmd_import)


def cmd_import(args) -> int:
    if args.fields:
        return _print_fields()
    if args.list:
        return _list(args)
    if args.undo is not None:
        return _undo(args)
    if args.force:
        print("sdm-desktop import: error: --force only goes with --undo BATCH_ID", file=sys.stderr)
        return 2
    if not args.file:
        print("sdm-desktop import: error: give a FILE, or --list, or --undo BATCH_ID", file=sys.stderr)
        return 2
    options = ImportOptions(kind=args.kind, sheet=args.sheet, on_duplicate=args.on_duplicate, closed=args.closed,
                            default_org_type=args.org_type, dry_run=args.dry_run, strict=args.strict,
                            has_header=not args.no_header, published_case=args.published_case,
                            prescribing_settings=None if args.all_settings else args.settings or DEFAULT_SETTINGS)
    with command_context(args) as ctx:
        if args.map:
            first = plan_import(ctx, args.file, options)
            first.source.close()
            options.mapping = _with_guess(first.mapping, _parse_map(args.map, first.headers))
        plan = plan_import(ctx, args.file, options)
        try:
            report = run_import(ctx, args.file, options, ConsoleProgress(), plan)
        finally:
            plan.source.close()
    print("\n".join(report.lines()))
    return 0


def _settings(text: str) -> frozenset[int]:
    try:
        return parse_settings(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def _with_guess(guessed: dict[str, int], given: dict[str, int]) -> dict[str, int]:
    """--map changes the columns it names; the others keep the mapping guessed (or remembered) for them."""
    taken = set(given.values())
    merged = {name: index for name, index in guessed.items() if index not in taken and name not in given}
    merged.update(given)
    return merged


def _parse_map(items: list[str], headers: list[str]) -> dict[str, int]:
    mapping: dict[str, int] = {}
    lowered = [h.strip().lower() for h in headers]
    for item in items:
        name, sep, column = item.partition("=")
        if not sep:
            raise UserError(f"--map {item!r} must look like FIELD=COLUMN, e.g. last_name=Surname.")
        column = column.strip()
        same = [i for i, header in enumerate(lowered) if header == column.lower()]
        if len(same) > 1:
            raise UserError(f"--map {item!r}: the file has {len(same)} columns called {column!r} (columns "
                            f"{', '.join(str(i + 1) for i in same)}); give the column's number instead.")
        if same:
            mapping[name.strip()] = same[0]
        elif column.isdigit() and 1 <= int(column) <= len(headers):
            mapping[name.strip()] = int(column) - 1
        else:
            raise UserError(f"--map {item!r}: the file has no column {column!r}.")
    return mapping


def _print_fields() -> int:
    for kind, fields in FIELDS.items():
        print(f"{kind}:")
        for f in fields:
            print(f"  {f.name:<22} {f.label}{' (required)' if f.required else ''}")
    print("ODS prescribing settings (epraccur; --settings CODES):")
    for code in PRESCRIBING_SETTINGS:
        print(f"  {code:>2} {PRESCRIBING_SETTINGS[code]} -> type {SETTING_TYPES[code]!r}")
    return 0


def _list(args) -> int:
    with command_context(args, take_lock=False) as ctx:
        batches = list_batches(ctx)
    if not batches:
        print("No imports yet.")
    for b in batches:
        state = (f"undone {b.undone_at:%Y-%m-%d %H:%M}" if b.undone
                 else f"{b.still_present} of {b.created} created rows still present")
        print(f"{b.id:>4}  {b.created_at:%Y-%m-%d %H:%M}  {b.kind:<13} created {b.created}, updated {b.updated}, "
              f"rejected {b.rejected}; {state}  {b.file_name}")
    return 0


def _undo(args) -> int:
    with command_context(args, take_lock=not args.dry_run) as ctx:
        if args.dry_run:
            impact = undo_impact(ctx, args.undo)
            print(f"Undoing import batch {args.undo} would remove {impact.to_remove} created records and restore "
                  f"{impact.to_restore} updated records"
                  + (f" ({impact.gone} were deleted since)" if impact.gone else "") + ".")
            if impact.loses_work:
                print(f"It would lose work done since the import: {impact.losses()}. Undoing needs --force.")
            print("Dry run: nothing was changed.")
            return 0
        try:
            result = undo_batch(ctx, args.undo, ConsoleProgress(), force=args.force)
        except UndoWouldLoseWork as exc:
            raise UserError(f"{exc} Nothing was changed; to undo anyway add --force "
                            f"(see first: sdm-desktop import --undo {args.undo} --dry-run).") from exc
    print(result.message())
    if result.lost:
        print(f"Work given up with --force: {result.lost}.", file=sys.stderr)
    return 0

