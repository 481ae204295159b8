"""training certificates|invitations|reminders --cohort NAME -o DIR; training reach [--programme NAME].

Registered by ``commands.training``, as are the cohort and enrolment actions (``people``) and
add-programme, add-cohort and add-session (``setup``).
"""

from __future__ import annotations

import sys
from pathlib import Path

from sdm_desktop.commands import command_context
from sdm_desktop.commands.training.people import find_programme, person_id
from sdm_desktop.errors import UserError
from sdm_desktop.progress import ConsoleProgress
from sdm_desktop.services.core.vocab import PARTICIPANT_TYPES, label
from sdm_desktop.services.training import cohorts
from sdm_desktop.services.training.cascade import TYPES, cascade
from sdm_desktop.services.training.documents import write_documents
from sdm_desktop.services.training.enrolment import settle_past_cohorts

DOCUMENTS = {"certificates": "certificate", "invitations": "invitation", "reminders": "reminder"}
DOCUMENT_HELP = {"certificate": "write a certificate for every completer of a cohort",
                 "invitation": "write an invitation to each enrolled participant of a cohort who may be contacted",
                 "reminder": "write a reminder to each enrolled participant of a cohort who may be contacted"}


def add_commands(inner, common) -> None:
    """Add certificates, invitations, reminders and reach to ``training``."""
    for name, kind in DOCUMENTS.items():
        cmd = inner.add_parser(name, parents=[common], help=DOCUMENT_HELP[kind])
        cmd.add_argument("--cohort", required=True, metavar="NAME", help="the cohort's name")
        cmd.add_argument("-o", "--output", required=True, metavar="DIR", help="folder for the .docx files")
        cmd.add_argument("--person", type=person_id, action="append", metavar="ID",
                         help="only this person (repeat for more)")
        cmd.add_argument("--template", metavar="FILE.docx", help="use this template instead of the bundled one")
        cmd.set_defaults(handler=cmd_documents, kind=kind)
    reach = inner.add_parser("reach", parents=[common], help="print each trainer's reach down the cascade")
    reach.add_argument("--programme", metavar="NAME", help="one programme (default: every programme)")
    reach.set_defaults(handler=cmd_reach)


def cmd_documents(args) -> int:
    with command_context(args) as ctx:
        settle_past_cohorts(ctx)
        cohort = cohorts.find_cohort(ctx, args.cohort)
        report = write_documents(ctx, cohort.id, args.kind, Path(args.output), person_ids=args.person,
                                 template=Path(args.template) if args.template else None,
                                 progress=ConsoleProgress())
    if not report.written:       # one line: who was left out, and why, is part of it
        left_out = "; ".join(f"{name}: {reason}" for name, reason in report.excluded[:5])
        more = len(report.excluded) - 5
        raise UserError(f"No {args.kind}s were written for {cohort.name}: nobody on it qualifies"
                        + (" (certificates go to participants who completed)" if args.kind == "certificate" else "")
                        + (f"; left out {left_out}" + (f" and {more} more" if more > 0 else "") if left_out else "")
                        + ".")
    for name, reason in report.excluded:
        print(f"Left out {name}: {reason}", file=sys.stderr)
    print(f"{report.summary().split(';')[0]} to {args.output}")
    return 0


def cmd_reach(args) -> int:
    with command_context(args, take_lock=False) as ctx:
        programme_id = find_programme(ctx, args.programme) if args.programme else None
        tree = cascade(ctx, programme_id)
    trainers = tree.trainers_by_reach()
    print(f"{len(tree.nodes)} people in the cascade, {tree.generations} generations, "
          f"{len(trainers)} trainers who trained others")
    header = ["Trainer", "Direct", "Total"] + [label(PARTICIPANT_TYPES, t) for t in TYPES]
    print("\t".join(header))
    for node in trainers:
        print("\t".join([node.name, str(node.direct), str(node.total), *map(str, node.total_by_type)]))
    return 0
