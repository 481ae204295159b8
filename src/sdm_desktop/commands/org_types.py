"""org-types: the configurable list of organisation types."""

from __future__ import annotations

from sdm_desktop.commands import command_context
from sdm_desktop.services.register import organisation_types as types


def register(sub, common) -> None:
    parser = sub.add_parser("org-types", parents=[common], help="list or change the organisation types")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser("list", parents=[common], help="list the types and how many organisations use each")
    add = actions.add_parser("add", parents=[common], help="add a type")
    add.add_argument("name", help="the new type's name")
    rename = actions.add_parser("rename", parents=[common], help="rename a type")
    rename.add_argument("old", help="the type's name now")
    rename.add_argument("new", help="its new name")
    remove = actions.add_parser("remove", parents=[common], help="remove an unused type")
    remove.add_argument("name", help="the type's name")
    parser.set_defaults(handler=cmd_types)


def cmd_types(args) -> int:
    with command_context(args, take_lock=args.action != "list") as ctx:
        if args.action == "add":
            types.add_type(ctx, args.name)
        elif args.action == "rename":
            types.rename_type(ctx, args.old, args.new)
        elif args.action == "remove":
            types.remove_type(ctx, args.name)
        for usage in types.list_types(ctx):
            print(f"{usage.name}\t{usage.organisations}")
    return 0
