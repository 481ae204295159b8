"""database copy: move the register to a team database (PostgreSQL) and back into an SQLite file."""

from __future__ import annotations

import sys

from sdm_desktop.commands import command_context
from sdm_desktop.progress import ConsoleProgress
from sdm_desktop.services.team_database.copy import copy_database


def register(sub, common) -> None:
    database = sub.add_parser("database", parents=[common], help="copy the database to or from a team database")
    actions = database.add_subparsers(dest="database_command", metavar="ACTION", required=True)
    copy = actions.add_parser("copy", parents=[common],
                              help="copy the current database into a new, empty one (PostgreSQL or an SQLite file)")
    copy.add_argument("--to", required=True, metavar="URL", dest="target",
                      help="the empty database to fill, e.g. postgresql+psycopg://user@server/sdm, or "
                           "sqlite:///C:/SDM/copy.sqlite3 for a local file")
    copy.set_defaults(handler=cmd_copy)


def cmd_copy(args) -> int:
    with command_context(args, take_lock=False) as ctx:     # only reads the current database
        report = copy_database(ctx, args.target, ConsoleProgress(sys.stderr))
    print(report.sentence())
    return 0
