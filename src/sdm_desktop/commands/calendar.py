"""calendar --cohort NAME -o DIR | --activity ID -o FILE.ics | --follow-ups -o FILE.ics: .ics files."""

from __future__ import annotations

import sys
from pathlib import Path

from sdm_desktop.commands import command_context, record_id
from sdm_desktop.errors import UserError
from sdm_desktop.progress import ConsoleProgress


def register(sub, common) -> None:
    parser = sub.add_parser(
        "calendar", parents=[common], help="write calendar invitations (.ics) for sessions and activities",
        description="Write .ics calendar files that Outlook and any calendar open (times in Europe/London). "
                    "--cohort: one file per session, one with them all, and one invitation per participant "
                    "in DIR/invitations (people who may not be contacted, or have no email address, are left "
                    "out and listed). --activity: the activity (all-day) in FILE.ics, and invitations for the "
                    "people it is aimed at beside it. --follow-ups: the team's open follow-up actions. "
                    "Writing again after a change keeps each event's UID with a higher SEQUENCE, so it moves "
                    "in people's diaries; a cancelled activity or a deleted session gets a cancellation.")
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--cohort", metavar="NAME", help="a training cohort, by name")
    which.add_argument("--activity", type=record_id("activity"), metavar="ID", help="an engagement activity")
    which.add_argument("--follow-ups", action="store_true", help="the open follow-up actions with a due date")
    parser.add_argument("-o", "--output", required=True, metavar="DIR|FILE.ics",
                        help="a folder for --cohort, a .ics file otherwise")
    parser.add_argument("--no-invitations", action="store_true", help="no personal invitation files")
    parser.add_argument("--as-tasks", action="store_true", help="--follow-ups as tasks (VTODO), not events")
    parser.set_defaults(handler=cmd_calendar)


def cmd_calendar(args) -> int:
    from sdm_desktop.services.calendar.export import activity_calendar, cohort_calendar, followups_calendar

    output = Path(args.output)
    if args.as_tasks and not args.follow_ups:
        raise UserError("--as-tasks is for --follow-ups.")
    with command_context(args) as ctx:
        if args.cohort:
            report = cohort_calendar(ctx, args.cohort, output, ConsoleProgress(), invite=not args.no_invitations)
        elif args.activity:
            report = activity_calendar(ctx, args.activity, output, invite=not args.no_invitations)
        else:
            report = followups_calendar(ctx, output, as_tasks=args.as_tasks)
    for line in report.lines():
        print(line, file=sys.stderr)
    print(report.summary())
    return 0
