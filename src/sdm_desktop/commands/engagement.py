"""report engagement --from DATE --to DATE -o FILE.docx"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from sdm_desktop.commands import command_context
from sdm_desktop.services.engagement import count_of
from sdm_desktop.services.engagement_report import write_engagement_report
from sdm_desktop.services.progress import ConsoleProgress


def iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-04-01") from None


def register(sub, common) -> None:
    report = sub.add_parser("report", parents=[common], help="write a report as a Word document")
    kinds = report.add_subparsers(dest="report_kind", metavar="KIND", required=True)
    engagement = kinds.add_parser("engagement", parents=[common],
                                  help="activities by level, stakeholders reached, feedback and what was done, open actions")
    engagement.add_argument("--from", dest="date_from", type=iso_date, required=True, metavar="DATE",
                            help="first day of the period, YYYY-MM-DD")
    engagement.add_argument("--to", dest="date_to", type=iso_date, required=True, metavar="DATE",
                            help="last day of the period, YYYY-MM-DD")
    engagement.add_argument("-o", "--output", required=True, metavar="FILE.docx")
    engagement.add_argument("--template", metavar="TEMPLATE.docx", help="use this template instead of the bundled one")
    engagement.set_defaults(handler=cmd_report_engagement)


def cmd_report_engagement(args) -> int:
    with command_context(args, take_lock=False) as ctx:
        summary = write_engagement_report(ctx, args.date_from, args.date_to, Path(args.output),
                                          Path(args.template) if args.template else None,
                                          progress=ConsoleProgress())
    print(f"Engagement report written to {summary.path}: {count_of(summary.activities, 'activity', 'activities')}, "
          f"{count_of(summary.interactions, 'interaction')}, {count_of(summary.stakeholders_reached, 'stakeholder')} "
          f"reached, {count_of(summary.feedback, 'feedback item')}, {count_of(summary.open_actions, 'open action')}.")
    return 0
