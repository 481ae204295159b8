"""responses import FILE --activity ID [--dry-run] [--match-people] [--keep-identity] [--sheet NAME];
responses list --activity ID [--theme NAME] [--uncoded] [--search TEXT]."""

from __future__ import annotations

import sys

from sdm_desktop.commands import command_context, record_id
from sdm_desktop.errors import UserError
from sdm_desktop.progress import ConsoleProgress
from sdm_desktop.services.consultation.intake.formats import ROLES, Layout
from sdm_desktop.services.consultation.intake.importing import ResponsesImportOptions, import_responses, preview_file
from sdm_desktop.services.consultation.responses import ResponseFilter, list_questions, list_responses

ACTIVITY_ID = record_id("activity")
SHOWN_CHARS = 70


def add_commands(inner, common) -> None:
    """Add this module's actions to ``responses``."""
    imp = inner.add_parser(
        "import", parents=[common], help="import a survey export (Microsoft Forms, SmartSurvey, SurveyMonkey, "
        "Google Forms, or any CSV/XLSX with a header row) into an activity's responses",
        description="Import the responses in FILE into the activity. The tool that made the file is recognised; "
        "respondents stay anonymous (names, emails and IP addresses are dropped) unless --keep-identity or "
        "--match-people is given. Responses already imported are skipped, bad rows are reported with their "
        "line, and the import is one batch: undo it with 'sdm-desktop import --undo BATCH_ID'.")
    imp.add_argument("file", metavar="FILE", help="the export: .csv or .xlsx")
    imp.add_argument("--activity", type=ACTIVITY_ID, required=True, metavar="ID",
                     help="the activity (survey, consultation, event or meeting) the responses belong to")
    imp.add_argument("--dry-run", action="store_true", help="only say what would be imported; change nothing")
    imp.add_argument("--match-people", action="store_true",
                     help="link a response to the person in the register with its email address, and record it "
                     "as their interaction (the email itself is not kept)")
    imp.add_argument("--keep-identity", action="store_true",
                     help="keep respondents' names and emails on the responses, on purpose (IP addresses never)")
    imp.add_argument("--sheet", metavar="NAME", help="the sheet of an .xlsx file (default: the first)")
    imp.add_argument("--use", action="append", default=[], metavar="COLUMN=ROLE",
                     help="the column mapping for a file the app does not recognise (repeat it): what COLUMN "
                     "(its heading or number) holds, one of " + ", ".join(ROLES) + "; e.g. --use Ref=id")
    imp.set_defaults(handler=cmd_import)

    listing = inner.add_parser("list", parents=[common], help="list an activity's responses, filtered",
                               description="One line per response: id, when, respondent, themes, and the first "
                               "free-text answer (tab-separated); the count goes to stderr.")
    listing.add_argument("--activity", type=ACTIVITY_ID, required=True, metavar="ID",
                         help="the activity whose responses to list")
    listing.add_argument("--theme", metavar="NAME", help="only responses with an answer coded under this theme "
                         "(or one of its sub-themes)")
    listing.add_argument("--uncoded", action="store_true",
                         help="only responses with a free-text answer no one has coded yet")
    listing.add_argument("--search", metavar="TEXT", help="only responses with this text in an answer")
    listing.set_defaults(handler=cmd_list)


def cmd_import(args) -> int:
    options = ResponsesImportOptions(dry_run=args.dry_run, match_people=args.match_people,
                                     keep_identity=args.keep_identity, sheet=args.sheet)
    if args.use:
        options.layout = mapped_layout(preview_file(args.file, args.sheet).layout, args.use)
    with command_context(args, take_lock=not args.dry_run) as ctx:
        result = import_responses(ctx, args.file, args.activity, options, ConsoleProgress())
    print("\n".join(result.lines()))
    return 0


def cmd_list(args) -> int:
    wanted = ResponseFilter(theme=args.theme, uncoded=args.uncoded, text=args.search)
    with command_context(args, take_lock=False) as ctx:
        rows = list_responses(ctx, args.activity, wanted)
        first_free = next((q for q in list_questions(ctx, args.activity) if q.is_free_text), None)
    print("Id\tSubmitted\tRespondent\tThemes\tAnswer")
    for r in rows:
        when = f"{r.submitted_at:%Y-%m-%d %H:%M}" if r.submitted_at else ""
        answer = " ".join(r.answer(first_free.id).split()) if first_free else ""
        if len(answer) > SHOWN_CHARS:
            answer = answer[:SHOWN_CHARS - 1] + "…"
        print(f"{r.id}\t{when}\t{r.respondent}\t{'; '.join(r.themes)}\t{answer}")
    print(f"{len(rows)} response{'s' if len(rows) != 1 else ''}", file=sys.stderr)
    return 0


def mapped_layout(layout: Layout, uses: list[str]) -> Layout:
    """The recognised layout with each --use COLUMN=ROLE applied (the question kinds are then read again)."""
    headings = [h.strip().lower() for h in layout.headers]
    for use in uses:
        column, sep, role = use.rpartition("=")
        column, role = column.strip(), role.strip().lower()
        if not sep or role not in ROLES:
            raise UserError(f"--use {use!r} must look like COLUMN=ROLE, ROLE one of {', '.join(ROLES)}.")
        same = [i for i, h in enumerate(headings) if h == column.lower()]
        if len(same) == 1:
            layout.set_role(same[0], role)
        elif column.isdigit() and 1 <= int(column) <= len(headings):
            layout.set_role(int(column) - 1, role)
        else:
            found = f"{len(same)} columns called" if same else "no column"
            raise UserError(f"--use {use!r}: the file has {found} {column!r}; give the column's number instead.")
    layout.settled = False
    return layout
