"""letters check | render | fields | templates | add | runs | print."""

from __future__ import annotations

import sys
from pathlib import Path

from sdm_desktop.commands import command_context, record_id
from sdm_desktop.errors import UserError
from sdm_desktop.letters.check import check_template
from sdm_desktop.letters.fields import field_list_text
from sdm_desktop.progress import ConsoleProgress
from sdm_desktop.services.core.text import counted
from sdm_desktop.services.letters.templates import SENDER_FIELDS


def register(sub, common) -> None:
    parser = sub.add_parser("letters", parents=[common], help="check letter templates and write letters")
    letters = parser.add_subparsers(dest="letters_command", metavar="ACTION")
    letters.required = True

    check = letters.add_parser("check", parents=[common], help="list a template's fields and report problems")
    check.add_argument("template", metavar="TEMPLATE.docx", help="the Word template to check")
    check.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE",
                       help="a field you will fill in when writing (counts as known)")
    check.set_defaults(handler=cmd_check)

    render = letters.add_parser("render", parents=[common], help="write one letter per recipient")
    render.add_argument("template", metavar="TEMPLATE.docx", help="a .docx file, or a bundled template's file name")
    render.add_argument("-o", "--output", required=True, metavar="DIR", help="folder for the letters (new or empty)")
    render.add_argument("--to", choices=["organisations", "people"], default="organisations",
                        help="write to groups (the default) or to people")
    render.add_argument("--type", help="only this organisation type")
    render.add_argument("--tag", help="only with this tag")
    render.add_argument("--ppe-level", choices=["individual", "service", "community"],
                        help="only groups at this level of engagement")
    render.add_argument("--selection", metavar="NAME", help="a saved selection (overrides --to and the filters)")
    render.add_argument("--patient-reps", action="store_true", help="people: patient representatives only")
    render.add_argument("--group", metavar="NAME", help="only this group (its exact name); with --to people, "
                                                       "only its members")
    render.add_argument("--combined", action="store_true", help="also one combined document, one letter a page")
    render.add_argument("--combined-only", action="store_true", help="only the combined document")
    render.add_argument("--pdf", action="store_true", help="also a PDF of the combined document")
    render.add_argument("--no-large-print", action="store_true", help="no large-print copies")
    render.add_argument("--email-drafts", action="store_true",
                        help="also an .eml draft (unsent, the letter as its body) per recipient with an email "
                             "address, in DIR/Email drafts, to open in Outlook and send yourself")
    render.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE",
                        help="fill in a field for every letter, e.g. --set event_date='20 January 2027'")
    render.set_defaults(handler=cmd_render)

    fields = letters.add_parser("fields", parents=[common], help="print the merge fields a template can use")
    fields.set_defaults(handler=lambda _a: print(field_list_text(), end="") or 0)

    templates = letters.add_parser("templates", parents=[common], help="list bundled and your own templates")
    templates.set_defaults(handler=cmd_templates)

    add = letters.add_parser("add", parents=[common], help="copy your own .docx template into the data folder")
    add.add_argument("template", metavar="TEMPLATE.docx", help="your Word template to copy")
    add.add_argument("--title", help="the name to list it under (default: the file's name)")
    add.set_defaults(handler=cmd_add)

    sender = letters.add_parser("sender", parents=[common],
                                help="show the sender details that sign the letters, or set them")
    sender.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE",
                        help="e.g. --set sender_name='Dr Sam Okafor'; in sender_address, \\n starts a new line "
                             "(fields: " + ", ".join(key for key, _l, _e in SENDER_FIELDS) + ")")
    sender.set_defaults(handler=cmd_sender)

    runs = letters.add_parser("runs", parents=[common], help="list past mailings")
    runs.set_defaults(handler=cmd_runs)

    printing = letters.add_parser("print", parents=[common], help="print a past mailing's combined document")
    printing.add_argument("run", type=record_id("mailing"), metavar="RUN",
                          help="the mailing's number (see 'letters runs')")
    printing.set_defaults(handler=cmd_print)


def parse_sets(items: list[str]) -> dict[str, str]:
    values = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip().isidentifier():
            raise UserError(f"--set needs FIELD=VALUE (a field name, '=', then the text), not {item!r}.")
        values[name.strip()] = value
    return values


def cmd_check(args) -> int:
    report = check_template(Path(args.template), set(parse_sets(args.set)))
    print("\n".join(report.lines()))
    if not report.usable:
        first = next(p for p in report.problems if p.severity == "error")
        raise UserError(f"The template {Path(args.template).name} cannot be used (problems listed above): "
                        f"{first.where + ': ' if first.where else ''}{first.message}")
    return 0


def cmd_render(args) -> int:
    from sdm_desktop.services.analysis.export import check_names
    from sdm_desktop.services.letters.recipients import RecipientRequest, load_selection
    from sdm_desktop.services.letters.runs import LetterRequest, write_letters
    from sdm_desktop.services.letters.templates import find_template
    from sdm_desktop.services.register.search import RegisterFilter, organisation_named

    fields = parse_sets(args.set)
    with command_context(args) as ctx:
        template = find_template(ctx, args.template)
        if args.selection:
            to, flt = load_selection(ctx, args.selection)
        else:
            to = args.to
            flt = RegisterFilter(org_type=args.type, tag=args.tag, ppe_level=args.ppe_level,
                                 patient_reps_only=args.patient_reps,
                                 organisation_id=organisation_named(ctx, args.group) if args.group else None)
        check_names(ctx, flt.org_type, flt.tag, person_type=False)     # a typo is not "nobody matches"
        request = LetterRequest(template, Path(args.output), RecipientRequest(to, flt),
                                individual=not args.combined_only, combined=args.combined or args.combined_only,
                                pdf=args.pdf, large_print=not args.no_large_print, run_fields=fields,
                                email_drafts=args.email_drafts)
        unsigned = is_unsigned(ctx, fields)
        result = write_letters(ctx, request, ConsoleProgress())
    # listed once the letters are written: a failure is one line, whose message counts the left out
    for item in result.excluded:
        print(f"left out: {item.name}: {item.reason}", file=sys.stderr)
    for name in result.no_email:
        print(f"no email draft: {name}: no email address", file=sys.stderr)
    print(f"Wrote {counted(result.written, 'letter')} to {result.output_dir}"
          + (f"; {len(result.excluded)} left out (listed above)" if result.excluded else ""))
    if args.email_drafts:
        print(f"Wrote {len(result.drafts)} email drafts to {result.output_dir / 'Email drafts'}"
              + (f"; {len(result.no_email)} recipients have no email address (listed above)"
                 if result.no_email else ""))
    for path in result.combined + result.pdfs:
        print(f"  {path.name}")
    if unsigned:
        print("Warning: the sender details are empty, so the letters are not signed; set them with "
              "'sdm-desktop letters sender --set sender_name=…' (or Letters → Sender details…).", file=sys.stderr)
    return 0


def cmd_sender(args) -> int:
    from sdm_desktop.services.letters.templates import save_sender_details, sender_details

    values = {key: text.replace("\\n", "\n") for key, text in parse_sets(args.set).items()}
    with command_context(args, take_lock=bool(values)) as ctx:
        if values:
            save_sender_details(ctx, values)
        details = sender_details(ctx)
    for key, label, _example in SENDER_FIELDS:
        print(f"{label + ':':<28} {' / '.join(details[key].splitlines()) or '(not set)'}")
    return 0


def is_unsigned(ctx, fields: dict[str, str]) -> bool:
    """No sender details stored or given: the window asks first; the command line warns once written."""
    from sdm_desktop.services.letters.templates import sender_details

    return not any(sender_details(ctx).values()) and not any(key in fields for key, _l, _e in SENDER_FIELDS)


def cmd_templates(args) -> int:
    from sdm_desktop.services.letters.templates import list_templates

    with command_context(args, take_lock=False) as ctx:
        for info in list_templates(ctx):
            print(f"{'bundled' if info.bundled else 'yours  '}  {info.path.name:<40} {info.title}")
    return 0


def cmd_add(args) -> int:
    from sdm_desktop.services.letters.templates import add_user_template

    with command_context(args) as ctx:
        info, report = add_user_template(ctx, Path(args.template), args.title)
    print(f"Added {info.path.name} to {info.path.parent}; open it there in Word to change it.")
    if not report.usable:
        print("\n".join(report.lines()))
        print("It needs fixing in Word before letters can be written with it.")
    return 0


def cmd_runs(args) -> int:
    from sdm_desktop.services.letters.history import list_runs

    with command_context(args, take_lock=False) as ctx:
        runs = list_runs(ctx)
    if not runs:
        print("No letters have been written yet.")
    for run in runs:
        print(f"{run.id:>4}  {run.created_at:%d/%m/%Y %H:%M}  {run.recipient_count:>5} letters  "
              f"{run.excluded_count:>4} left out  {run.template_name}  {run.output_dir}")
    return 0


def cmd_print(args) -> int:
    from sdm_desktop.services.letters.history import print_run

    with command_context(args, take_lock=False) as ctx:
        printed = print_run(ctx, args.run, ConsoleProgress())
    print(f"Sent {printed.name} to the printer.")
    return 0
