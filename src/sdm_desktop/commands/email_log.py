"""log-email FILE|FOLDER ... and team-addresses: emails logged as interactions."""

from __future__ import annotations

import sys
from pathlib import Path

from sdm_desktop.commands import command_context, record_id
from sdm_desktop.progress import ConsoleProgress


def register(sub, common) -> None:
    log = sub.add_parser("log-email", parents=[common], help="log .eml/.msg emails as interactions",
                         description="Log .eml and .msg files (or every one in a folder) as interactions with "
                                     "the people their addresses belong to. A message already logged (same "
                                     "Message-ID) is not logged again. Addresses that match nobody, or several "
                                     "people, are logged against --organisation or --activity when given; "
                                     "otherwise they are listed and not logged (choose in the app).")
    log.add_argument("paths", nargs="+", metavar="FILE|FOLDER", help=".eml or .msg files, or folders of them")
    log.add_argument("--activity", type=record_id("activity"), metavar="ID", help="log them on this activity")
    log.add_argument("--organisation", type=record_id("organisation"), metavar="ID",
                     help="the group to log them against when an address matches no one person")
    log.add_argument("--dry-run", action="store_true", help="say what would be logged; change nothing")
    log.set_defaults(handler=cmd_log_email)

    team = sub.add_parser("team-addresses", parents=[common],
                          help="show or set the team's own email addresses (they make a message 'out')")
    team.add_argument("--set", nargs="*", metavar="ADDRESS",
                      help="the addresses (or @domain for a whole domain); none clears the list")
    team.set_defaults(handler=cmd_team)


def cmd_log_email(args) -> int:
    from sdm_desktop.services.email_log.addresses import team_addresses
    from sdm_desktop.services.email_log.logbook import log_emails, preview_emails
    from sdm_desktop.services.email_log.people import LogTarget

    with command_context(args) as ctx:
        progress = ConsoleProgress()
        preview = preview_emails(ctx, [Path(p) for p in args.paths], progress)
        target = LogTarget(activity_id=args.activity, organisation_id=args.organisation)
        report = log_emails(ctx, preview, target, None, progress, dry_run=args.dry_run)
        if not team_addresses(ctx):
            print("note: no team addresses are set, so every message counts as incoming "
                  "(set them with 'sdm-desktop team-addresses --set ...')", file=sys.stderr)
    for line in report.lines():
        print(line, file=sys.stderr)
    print(report.summary(args.dry_run))
    return 0


def cmd_team(args) -> int:
    from sdm_desktop.services.email_log.addresses import save_team_addresses, team_addresses

    with command_context(args) as ctx:
        values = save_team_addresses(ctx, args.set) if args.set is not None else team_addresses(ctx)
    print("\n".join(values) if values else "No team addresses are set.")
    return 0
