"""responses themes, responses code: the codebook of an activity, and coding an answer by theme."""

from __future__ import annotations

from sdm_desktop.commands import command_context, record_id
from sdm_desktop.db.models.consultation import SENTIMENTS
from sdm_desktop.errors import UserError
from sdm_desktop.services.consultation.codebook import coding, themes
from sdm_desktop.services.core.validation import ValidationError


def add_commands(inner, common) -> None:
    """Add this module's actions to ``responses``."""
    listing = inner.add_parser("themes", parents=[common],
                               help="list an activity's codebook (themes, sub-themes, answers coded), or add a theme")
    listing.add_argument("--activity", type=record_id("activity"), required=True, metavar="ID",
                         help="the activity whose codebook it is")
    listing.add_argument("--add", metavar="NAME", help="add a theme of this name (then list the codebook)")
    listing.add_argument("--parent", metavar="NAME", help="with --add: make it a sub-theme of this theme")
    listing.add_argument("--description", metavar="TEXT", help="with --add: what the theme covers")
    listing.add_argument("--example", metavar="TEXT", help="with --add: an example of an answer that has it")
    listing.add_argument("--shared", action="store_true",
                         help="with --add: in the plan's codebook, shared by all the plan's activities")
    listing.set_defaults(handler=cmd_themes)

    code = inner.add_parser("code", parents=[common], help="apply themes to a response's answer to a free-text "
                                                           "question, optionally keeping a quote")
    code.add_argument("response_id", type=record_id("response"), metavar="RESPONSE_ID",
                      help="the response's id, as 'responses list' shows it")
    code.add_argument("themes", nargs="+", metavar="THEME", help="theme names from the activity's codebook")
    code.add_argument("--question", type=int, metavar="N",
                      help="the free-text question's number in the form (may be left out when there is one)")
    code.add_argument("--quote", metavar="TEXT", help="a phrase of the answer to keep as a quote under the first theme")
    code.add_argument("--sentiment", choices=SENTIMENTS, help="the answer's sentiment, if you mark one")
    code.add_argument("--coder", metavar="NAME", help="who is coding (default: your login); two coders can "
                                                      "code the same answers and be compared in the app")
    code.set_defaults(handler=cmd_code)


def _check_add_options(args) -> None:
    if args.add is None and (args.parent or args.description or args.example or args.shared):
        raise UserError("--parent, --description, --example and --shared go with --add NAME.")


def cmd_themes(args) -> int:
    _check_add_options(args)
    with command_context(args, take_lock=args.add is not None) as ctx:
        try:
            if args.add is not None:
                parent = themes.find_theme(ctx, args.activity, args.parent).id if args.parent else None
                added = themes.add_theme(ctx, args.activity, args.add, parent_id=parent, description=args.description,
                                         example=args.example, shared=args.shared)
                print(f"Added the theme {added.name!r}.")
            book = themes.codebook(ctx, args.activity, with_counts=True)
        except ValidationError as exc:
            raise UserError(f"Nothing was changed: {exc}") from None
    if not book:
        print("No themes yet: add one with --add NAME.")
    for number, theme in enumerate(book, start=1):
        where = "  " if theme.is_sub_theme else ""
        shared = " (shared by the plan)" if theme.shared else ""
        print(f"{number}\t{where}{theme.name}{shared}\t{theme.answers}")
    return 0


def cmd_code(args) -> int:
    if args.question is not None and not 1 <= args.question <= 10_000:
        raise UserError(f"--question is the question's number in the form (from 1), not {args.question}.")
    try:
        coder = coding.checked_coder(args.coder)
        with command_context(args) as ctx:
            answer_id = coding.answer_of_response(ctx, args.response_id, args.question)
            activity_id = coding.activity_of_response(ctx, args.response_id)
            theme_ids = [themes.find_theme(ctx, activity_id, name).id for name in args.themes]
            new = coding.code_answer(ctx, answer_id, theme_ids, coder, args.quote, args.sentiment)
    except ValidationError as exc:
        raise UserError(f"Nothing was changed: {exc}") from None
    kept = " and kept the quote" if args.quote else ""
    print(f"Response {args.response_id}: {new} new theme{'s' if new != 1 else ''} for {coder}{kept}.")
    return 0

