"""report engagement --from DATE --to DATE -o FILE.docx"""

from __future__ import annotations

from pathlib import Path

from sdm_desktop.commands import command_context, read_period
from sdm_desktop.services.engagement.plans import count_of
from sdm_desktop.services.engagement.report import write_engagement_report
from sdm_desktop.progress import ConsoleProgress


def register(sub, common) -> None:
    report = sub.add_parser("report", parents=[common], help="write a report as a Word document")
    kinds = report.add_subparsers(dest="report_kind", metavar="KIND", required=True)
    engagement = kinds.add_parser("engagement", parents=[common],
                                  help="activities by level, stakeholders reached, feedback and what was done, open actions")
    engagement.add_argument("--from", dest="date_from", required=True, metavar="DATE",
                            help="first day of the period, YYYY-MM-DD")
    engagement.add_argument("--to", dest="date_to", required=True, metavar="DATE",
                            help="last day of the period, YYYY-MM-DD")
    engagement.add_argument("-o", "--output", required=True, metavar="FILE.docx", help="the Word document to write")
    engagement.add_argument("--template", metavar="TEMPLATE.docx", help="use this template instead of the bundled one")
    engagement.set_defaults(handler=cmd_report_engagement)


def cmd_report_engagement(args) -> int:
    read_period(args)
    with command_context(args, take_lock=False) as ctx:
        summary = write_engagement_report(ctx, args.date_from, args.date_to, Path(args.output),
                                          Path(args.template) if args.template else None,
                                          progress=ConsoleProgress())
    print(f"Engagement report written to {summary.path}: {count_of(summary.activities, 'activity', 'activities')}, "
          f"{count_of(summary.interactions, 'interaction')}, {count_of(summary.stakeholders_reached, 'stakeholder')} "
          f"reached, {count_of(summary.feedback, 'feedback item')}, {count_of(summary.open_actions, 'open action')}.")
    return 0
