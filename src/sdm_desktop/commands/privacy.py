"""privacy export-person|erase|review|keep|audit: subject access, erasure, retention and the audit trail."""

from __future__ import annotations

import sys
from pathlib import Path

from sdm_desktop.commands import command_context, read_period, record_id, whole_number
from sdm_desktop.errors import UserError
from sdm_desktop.progress import ConsoleProgress
from sdm_desktop.services.consultation.privacy import responses_due
from sdm_desktop.services.exporting.tables import write_table
from sdm_desktop.services.privacy.audit_trail import AuditFilter, audit_rows, audit_table, row_values
from sdm_desktop.services.privacy.erase import erase_people, erase_plan
from sdm_desktop.services.privacy.retention import (
    DEFAULT_MONTHS,
    keep_for_another_year,
    retention_review,
    review_table,
)
from sdm_desktop.services.privacy.subject_access import write_subject_access

PERSON_ID = record_id("person")
MAX_MONTHS = 1200            # a hundred years


def register(sub, common) -> None:
    parser = sub.add_parser("privacy", parents=[common],
                            help="subject access export, erasure, retention review and the audit trail")
    inner = parser.add_subparsers(dest="privacy_command", metavar="ACTION", required=True)

    sar = inner.add_parser("export-person", parents=[common],
                           help="everything held about one person, as a ZIP, for a subject access request")
    sar.add_argument("person_id", type=PERSON_ID, metavar="ID", help="the person's id")
    sar.add_argument("-o", "--output", required=True, metavar="FILE.zip", help="the ZIP file to write")
    sar.set_defaults(handler=cmd_export_person)

    erase = inner.add_parser("erase", parents=[common],
                             help="erase (anonymise) people; "
                                  "without --yes only show what would be erased (exit status 1)")
    erase.add_argument("person_ids", type=PERSON_ID, nargs="+", metavar="ID", help="the ids of the people to erase")
    erase.add_argument("--yes", action="store_true", help="erase for good (cannot be undone)")
    erase.set_defaults(handler=cmd_erase)

    review = inner.add_parser("review", parents=[common],
                              help="people whose data is due for a retention decision")
    review.add_argument("--months", type=whole_number(1, MAX_MONTHS), default=DEFAULT_MONTHS, metavar="N",
                        help=f"list people with nothing recorded for N months, 1 to {MAX_MONTHS} "
                             f"(default {DEFAULT_MONTHS})")
    review.add_argument("-o", "--output", metavar="FILE", help="save the list as FILE.csv or FILE.xlsx")
    review.set_defaults(handler=cmd_review)

    keep = inner.add_parser("keep", parents=[common], help="keep people for another year (review date a year ahead)")
    keep.add_argument("person_ids", type=PERSON_ID, nargs="+", metavar="ID", help="the ids of the people to keep")
    keep.set_defaults(handler=cmd_keep)

    trail = inner.add_parser("audit", parents=[common], help="the audit trail: who changed what, when")
    who = trail.add_mutually_exclusive_group()
    who.add_argument("--person", type=PERSON_ID, metavar="ID", help="only events about this person")
    who.add_argument("--organisation", type=record_id("organisation"), metavar="ID",
                     help="only events about this group")
    trail.add_argument("--from", dest="date_from", metavar="DATE", help="from this day, YYYY-MM-DD")
    trail.add_argument("--to", dest="date_to", metavar="DATE", help="up to and including this day")
    trail.add_argument("--search", metavar="TEXT",
                       help="only events whose action, record, user or detail has this text")
    trail.add_argument("-o", "--output", metavar="FILE", help="save as FILE.csv or FILE.xlsx instead of printing")
    trail.set_defaults(handler=cmd_audit)


def cmd_export_person(args) -> int:
    with command_context(args, take_lock=False) as ctx:
        report = write_subject_access(ctx, args.person_id, Path(args.output), ConsoleProgress())
    print(report.summary())
    return 0


def cmd_erase(args) -> int:
    with command_context(args) as ctx:
        plan = erase_plan(ctx, args.person_ids)
        if not plan.people:
            print("\n".join(plan.lines()[:-2]))
            raise UserError("Nothing to erase: " + ("they were" if len(args.person_ids) > 1 else "that person was")
                            + " already erased.")
        if not args.yes:
            print("\n".join(plan.lines()))
            raise UserError("Nothing was erased. Run the same command with --yes to erase for good.")
        report = erase_people(ctx, args.person_ids, ConsoleProgress())
    print(report.summary())
    print(plan.backups.sentence())
    return 0


def cmd_review(args) -> int:
    with command_context(args, take_lock=False) as ctx:
        rows = retention_review(ctx, args.months)
        for due in responses_due(ctx):
            print(f"{due.line()}; delete them in the Consultation view, Responses tab.", file=sys.stderr)
        if args.output:
            count = write_table(review_table(rows), Path(args.output), ConsoleProgress())
            print(f"{count} {'person' if count == 1 else 'people'} to review written to {args.output}")
            return 0
    print("Id\tName\tWhy")
    for row in rows:
        print(f"{row.id}\t{row.name}\t{row.why}")
    print(f"{len(rows)} {'person' if len(rows) == 1 else 'people'} to review "
          f"(review date reached, nothing recorded for {args.months} months, or consent missing)", file=sys.stderr)
    return 0


def cmd_keep(args) -> int:
    from sdm_desktop.services.privacy.common import person_or_error

    with command_context(args) as ctx:
        with ctx.session() as s:
            for person_id in args.person_ids:
                person_or_error(s, person_id)
        new = keep_for_another_year(ctx, args.person_ids)
    noun = "1 person" if len(set(args.person_ids)) == 1 else f"{len(set(args.person_ids))} people"
    print(f"Kept {noun}; next retention review on {new:%d %b %Y}.")
    return 0


def cmd_audit(args) -> int:
    read_period(args)
    flt = AuditFilter(person_id=args.person, organisation_id=args.organisation, date_from=args.date_from,
                      date_to=args.date_to, text=args.search or "")
    with command_context(args, take_lock=False) as ctx:
        if args.output:
            count = write_table(audit_table(ctx, flt), Path(args.output), ConsoleProgress())
            print(f"{count} audit events written to {args.output}")
            return 0
        rows = audit_rows(ctx, flt)
    print("When\tWho\tAction\tRecord\tId\tAbout\tDetail")
    for row in rows:
        values = row_values(row)
        values[0] = f"{values[0]:%Y-%m-%d %H:%M:%S}"
        print("\t".join("" if v is None else str(v) for v in values))
    print(f"{len(rows)} audit event{'s' if len(rows) != 1 else ''}", file=sys.stderr)
    return 0
