"""assurance: the framework of principles, tagging plans and activities with them, and the self-assessment.
The report itself is `sdm-desktop report assurance`."""

from __future__ import annotations

from sdm_desktop.commands import command_context, day, record_id
from sdm_desktop.errors import UserError
from sdm_desktop.services.assurance import principles as principle_service
from sdm_desktop.services.assurance import tagging
from sdm_desktop.services.assurance.ratings import RATING_WORDS, Rating, get_rating, save_rating
from sdm_desktop.services.core.validation import ValidationError


def register(sub, common) -> None:
    parser = sub.add_parser("assurance", parents=[common],
                            help="principles of the duty to involve: list, edit, tag plans and activities, rate")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("principles", parents=[common], help="list the principles of a framework")
    _framework(listing)
    add = actions.add_parser("add-principle", parents=[common], help="add a principle to a framework")
    add.add_argument("title", help="the principle, in a sentence")
    add.add_argument("--description", help="what it means in practice")
    _framework(add)
    edit = actions.add_parser("edit-principle", parents=[common], help="reword a principle")
    edit.add_argument("number", type=int, help="the principle's number, as listed by 'principles'")
    edit.add_argument("title", help="its new wording")
    edit.add_argument("--description", help="what it means in practice")
    _framework(edit)
    frame = actions.add_parser("add-framework", parents=[common],
                               help="add a framework of your own (e.g. the Engagement Cycle)")
    frame.add_argument("name", help="the framework's name, e.g. 'Engagement Cycle'")
    tag = actions.add_parser("tag", parents=[common], help="say which principles a plan or an activity evidences")
    which = tag.add_mutually_exclusive_group(required=True)
    which.add_argument("--activity", type=record_id("activity"), metavar="ID", help="the activity's id")
    which.add_argument("--plan", type=record_id("plan"), metavar="ID", help="the engagement plan's id")
    tag.add_argument("numbers", type=int, nargs="*", metavar="NUMBER", help="principle numbers")
    tag.add_argument("--clear", action="store_true", help="evidences no principle (instead of numbers)")
    _framework(tag)
    tag.set_defaults(check=lambda args: args.numbers or args.clear or tag.error("give principle numbers or --clear"))
    rate = actions.add_parser("rate", parents=[common], help="record the self-assessment of a principle")
    rate.add_argument("number", type=int, help="the principle's number, as listed by 'principles'")
    rate.add_argument("--from", dest="date_from", type=day, required=True, metavar="DATE",
                      help="first day of the period, YYYY-MM-DD")
    rate.add_argument("--to", dest="date_to", type=day, required=True, metavar="DATE",
                      help="last day of the period, YYYY-MM-DD")
    rate.add_argument("--rating", choices=list(RATING_WORDS), help="red, amber, green, or 0 to 3")
    rate.add_argument("--narrative", default="", help="what was done and what difference it made")
    rate.add_argument("--evidence", default="", help="links or references, one per line")
    _framework(rate)
    parser.set_defaults(handler=cmd_assurance)


def _framework(parser) -> None:
    parser.add_argument("--framework", metavar="NAME", help="default: the first (NHS England's ten principles)")


def cmd_assurance(args) -> int:
    if getattr(args, "check", None):
        args.check(args)
    try:
        return _run(args)
    except (ValidationError, LookupError) as exc:
        raise UserError(f"Nothing was changed: {exc}") from None


def _run(args) -> int:
    with command_context(args, take_lock=args.action != "principles") as ctx:
        framework = principle_service.framework_id(ctx, None if args.action == "add-framework" else args.framework)
        if args.action == "add-framework":
            principle_service.add_framework(ctx, args.name)
            print(f"Added the framework {args.name!r}.")
            return 0
        if args.action == "add-principle":
            principle_service.add_principle(ctx, framework, args.title, args.description)
        elif args.action == "edit-principle":
            p = principle_service.principle_by_number(ctx, framework, args.number)
            principle_service.update_principle(ctx, p.id, args.title, args.description)
        elif args.action == "tag":
            ids = {principle_service.principle_by_number(ctx, framework, n).id for n in args.numbers}
            kind, owner = ("activity", args.activity) if args.activity else ("plan", args.plan)
            tagging.set_principles(ctx, kind, owner, ids)
            print(f"The {kind} {owner} evidences principles {', '.join(map(str, sorted(args.numbers))) or 'none'}.")
            return 0
        elif args.action == "rate":
            p = principle_service.principle_by_number(ctx, framework, args.number)
            rating = get_rating(ctx, p.id, args.date_from, args.date_to)
            rating.rating, rating.narrative, rating.evidence = args.rating, args.narrative, args.evidence
            save_rating(ctx, Rating(**vars(rating)))
            print(f"Principle {p.number} rated {RATING_WORDS.get(args.rating or '', 'not rated')} "
                  f"for {args.date_from} to {args.date_to}.")
            return 0
        for p in principle_service.principles(ctx, framework):
            print(f"{p.number}\t{p.title}")
    return 0
